"""The pace data (cumulative fatalities by day of year) and the pace chart in `trend`."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.core.pace import PACE_COLUMNS, cumulative_at, cumulative_by_day, pace_points
from fatalities.io.load import load

runner = CliRunner()

events_strategy = st.lists(
    st.tuples(
        st.sampled_from(["Mali", "Niger"]),
        st.dates(min_value=date(2011, 1, 1), max_value=date(2017, 12, 31)),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=60,
)


def frame(rows: list[tuple[str, date, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"country": pl.String, "event_date": pl.Date, "fatalities": pl.Int64},
        orient="row",
    )


@settings(max_examples=60, deadline=None)
@given(events_strategy)
def test_last_point_of_each_year_is_its_total_and_points_only_rise(
    rows: list[tuple[str, date, int]],
) -> None:
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for country, day, fatalities in rows:
        totals[(country, day.year)] += fatalities
    pace = cumulative_by_day(frame(rows))
    assert tuple(pace.columns) == PACE_COLUMNS
    for country in ("Mali", "Niger"):
        for year, points in pace_points(pace, country).items():
            assert points[-1][1] == totals[(country, year)]
            days = [day for day, _ in points]
            assert days == sorted(set(days))
            assert all(a[1] <= b[1] for a, b in itertools.pairwise(points))


@settings(max_examples=40, deadline=None)
@given(events_strategy, st.randoms(use_true_random=False))
def test_row_order_never_changes_the_pace(rows: list[tuple[str, date, int]], rng: object) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert cumulative_by_day(frame(rows)).equals(cumulative_by_day(frame(shuffled)))


@settings(max_examples=40, deadline=None)
@given(events_strategy, st.dates(min_value=date(2012, 1, 1), max_value=date(2017, 12, 31)))
def test_as_of_drops_later_events_and_later_years(
    rows: list[tuple[str, date, int]], as_of: date
) -> None:
    pace = cumulative_by_day(frame(rows), as_of=as_of)
    assert pace.filter(pl.col("year") > as_of.year).height == 0
    this_year = pace.filter(pl.col("year") == as_of.year)
    assert this_year.filter(pl.col("day_of_year") > as_of.timetuple().tm_yday).height == 0
    expected = sum(f for _, d, f in rows if d.year == as_of.year and d <= as_of)
    got = (
        cumulative_at(pace, 366).filter(pl.col("year") == as_of.year)["cumulative_fatalities"].sum()
    )
    assert got == expected


def test_cumulative_at_matches_a_plain_year_to_date_sum() -> None:
    rows = [("Mali", date(2013, 1, 1) + timedelta(days=9 * i), i) for i in range(40)]
    pace = cumulative_by_day(frame(rows))
    at = cumulative_at(pace, 100)
    assert at["cumulative_fatalities"].to_list() == [
        sum(f for _, d, f in rows if d.timetuple().tm_yday <= 100)
    ]


def independent_ytd(path: Path, year: int, last: date) -> int:
    """Fatalities 1 Jan..``last`` of ``year`` with the csv module (HXL row skipped)."""
    seen: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["event_date"].startswith("#") or row["country"] != "Mali":
                continue
            day = date.fromisoformat(row["event_date"])
            if day.year == year and day <= last:
                seen[row["event_id_cnty"]] = int(row["fatalities"])
    return sum(seen.values())


def test_2017_runs_ahead_of_2013_by_20_november_on_the_real_mali_file(hdx_mali: Path) -> None:
    pace = cumulative_by_day(load([hdx_mali], countries=["Mali"]).frame)
    day = date(2017, 11, 20).timetuple().tm_yday
    assert day == 324
    at = {year: total for _, year, total in cumulative_at(pace, day).rows()}
    assert at[2017] == independent_ytd(hdx_mali, 2017, date(2017, 11, 20)) == 899
    assert at[2013] == independent_ytd(hdx_mali, 2013, date(2013, 11, 20)) == 856
    assert at[2017] > at[2013]
    # ... and above every earlier year at that day, as the article suggested
    assert at[2017] > max(total for year, total in at.items() if year < 2017)


def test_trend_pace_chart_on_the_real_file_names_the_current_and_worst_year(
    hdx_mali: Path,
) -> None:
    result = runner.invoke(
        app,
        [
            "trend",
            str(hdx_mali),
            "--country",
            "Mali",
            "--as-of",
            "2017-11-20",
            "--format",
            "table",
            "--chart",
            "pace",
            "--width",
            "100",
        ],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.stderr
    chart = result.stdout.split("* partial year", 1)[1].split("\n", 1)[1]
    chart = chart.split("\nSource: ", 1)[0]  # the output ends with its citation
    assert "2017 (to 20 Nov)" in chart
    assert "2013 (worst: 883)" in chart
    assert "as of 20 Nov" in chart
    assert "2018" not in chart and "2020" not in chart  # no year after the as-of date
    assert all(len(line) <= 100 for line in chart.splitlines())

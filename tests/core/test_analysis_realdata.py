"""The analysis commands on the real files in ../shared/realdata (skipped when absent).

Every expected figure comes from SOURCES.md or from a duckdb query written here,
reading the raw CSV as text; none comes from the project's own code.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import real_file

duckdb = pytest.importorskip("duckdb")
runner = CliRunner()

#: ACLED's political violence, 2019+ vocabulary, as SQL.
PV_SQL = (
    "(event_type in ('Battles', 'Explosions/Remote violence', 'Violence against civilians') "
    "or (event_type = 'Riots' and sub_event_type = 'Mob violence'))"
)
#: SOURCES.md, "Political-violence-only view", hdx2020 fatalities.
PV_SOURCES = {
    2010: 46, 2011: 55, 2012: 528, 2013: 880, 2014: 381,
    2015: 428, 2016: 313, 2017: 947, 2018: 1734,
}  # fmt: skip
#: SOURCES.md, "Full Mali series from hdx2020", fatalities per year.
ANNUAL_SOURCES = dict(
    zip(
        range(1997, 2021),
        [3, 11, 120, 8, 15, 5, 26, 0, 15, 4, 18, 157, 74, 47, 57, 538, 883, 382, 428, 320,
         948, 1747, 1887, 1967],
        strict=True,
    )
)  # fmt: skip


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def hdx(path: Path) -> object:
    """A duckdb relation of an HDX file: text columns, HXL row dropped, dates parsed."""
    con = duckdb.connect()
    con.execute(
        f"""
        create view events as
        select *, cast(event_date as date) as day, cast(fatalities as integer) as fat
        from read_csv('{path}', all_varchar=true, header=true)
        where event_date not like '#%'
        """
    )
    return con


@pytest.fixture(scope="module")
def mali() -> Path:
    return real_file("acled-events", "hdx_conflict_data_mli.csv")


@pytest.fixture(scope="module")
def con(mali: Path) -> object:
    return hdx(mali)


def yearly(con: object, where: str = "true") -> dict[int, int]:
    result = con.execute(  # type: ignore[attr-defined]
        f"select year(day), sum(fat) from events where {where} group by 1"
    ).fetchall()
    return {int(year): int(total) for year, total in result}


def test_duckdb_reproduces_sources_md(con: object) -> None:
    """The independent query agrees with SOURCES.md before it judges the CLI."""
    assert yearly(con) == ANNUAL_SOURCES
    pv = yearly(con, PV_SQL)
    assert {year: pv[year] for year in PV_SOURCES} == PV_SOURCES


@pytest.mark.parametrize("period", ["quarter", "month", "week"])
def test_period_series_sum_to_the_annual_figures_for_every_year(
    mali: Path, con: object, period: str
) -> None:
    out = rows(cli("trend", str(mali), "-c", "Mali", "--period", period, "-f", "csv"))
    if period == "week":  # ACLED weeks run across 1 January: they sum to the whole span
        assert sum(int(row["fatalities"]) for row in out) == sum(ANNUAL_SOURCES.values())
        return
    sums: dict[int, int] = {}
    for row in out:
        sums[int(row["year"])] = sums.get(int(row["year"]), 0) + int(row["fatalities"])
    assert sums == yearly(con) == ANNUAL_SOURCES


def test_weekly_series_matches_acled_saturday_weeks(mali: Path, con: object) -> None:
    expected = con.execute(  # type: ignore[attr-defined]
        """
        select day - cast((dayofweek(day) + 1) % 7 as integer) as start, sum(fat)
        from events group by 1
        """
    ).fetchall()
    by_start = {start.isoformat(): int(total) for start, total in expected}
    out = rows(cli("trend", str(mali), "-c", "Mali", "--period", "week", "-f", "csv"))
    shown = {row["period"]: int(row["fatalities"]) for row in out}
    # every week with events is there with the same total; every other week is zero
    assert {start: shown[start] for start in by_start} == by_start
    assert all(total == 0 for start, total in shown.items() if start not in by_start)
    weekdays = {date.fromisoformat(start).weekday() for start in shown}
    assert weekdays == {5}  # every label is a Saturday, never cut at 1 January
    assert sum(shown.values()) == sum(ANNUAL_SOURCES.values())  # the whole span, 9,660


def test_monthly_cumulative_reaches_the_annual_total(mali: Path) -> None:
    out = rows(
        cli("trend", str(mali), "-c", "Mali", "--period", "month", "--cumulative", "-f", "csv")
    )
    december = {
        int(r["year"]): int(r["cumulative_fatalities"]) for r in out if r["period"][5:] == "12"
    }
    assert december == {year: ANNUAL_SOURCES[year] for year in range(1997, 2020)}


def test_political_violence_by_event_type_gives_947_for_2017(mali: Path, con: object) -> None:
    out = rows(
        cli(
            "trend", str(mali), "-c", "Mali", "--by", "event_type", "--political-violence",
            "-f", "csv",
        )
    )  # fmt: skip
    totals: dict[int, int] = {}
    for row in out:
        totals[int(row["year"])] = totals.get(int(row["year"]), 0) + int(row["fatalities"])
    assert totals[2017] == 947
    assert totals == {year: total for year, total in yearly(con, PV_SQL).items()} | {
        year: 0 for year in totals if year not in yearly(con, PV_SQL)
    }
    by_type = {row["event_type"]: int(row["fatalities"]) for row in out if row["year"] == "2017"}
    expected = con.execute(  # type: ignore[attr-defined]
        f"select event_type, sum(fat) from events where year(day) = 2017 and {PV_SQL} group by 1"
    ).fetchall()
    assert by_type == {name: int(total) for name, total in expected}


def test_by_admin1_top3_folds_the_rest_and_keeps_the_total(mali: Path, con: object) -> None:
    out = rows(
        cli("trend", str(mali), "-c", "Mali", "--by", "admin1", "--top", "3", "--from", "2017",
            "--to", "2017", "-f", "csv")
    )  # fmt: skip
    shown = {row["admin1"]: int(row["fatalities"]) for row in out}
    ranked = con.execute(  # type: ignore[attr-defined]
        "select admin1, sum(fat) f, count(*) n from events group by 1 order by f desc, n desc"
    ).fetchall()
    top = [name for name, _, _ in ranked[:3]]
    assert set(shown) == {*top, "other"}
    in_2017 = dict(
        con.execute(  # type: ignore[attr-defined]
            "select admin1, sum(fat) from events where year(day) = 2017 group by 1"
        ).fetchall()
    )
    assert {name: shown[name] for name in top} == {name: int(in_2017.get(name, 0)) for name in top}
    assert sum(shown.values()) == 948


def test_summary_as_of_20_november_2017(mali: Path, con: object) -> None:
    record = json.loads(
        cli("summary", str(mali), "-c", "Mali", "--as-of", "2017-11-20", "-f", "json")
    )
    assert record["ytd_fatalities"] == 899
    assert record["exceeds_every_full_year"] is True
    assert (record["highest_full_year"], record["highest_full_year_fatalities"]) == (2013, 883)
    assert record["highest_since"] is None
    assert record["same_cut_rank"] == 1
    assert record["same_cut_highest_earlier_fatalities"] == 856
    assert record["projection_method"] == "seasonal"
    assert record["projection_years"] == [2012, 2013, 2014, 2015, 2016]
    shares = con.execute(  # type: ignore[attr-defined]
        """
        select year(day) y,
               sum(fat) filter (where month(day) < 11 or (month(day) = 11 and day(day) <= 20))
                 / sum(fat) as share
        from events where year(day) between 2012 and 2016 group by 1 order by 1
        """
    ).fetchall()
    values = [float(share) for _, share in shares]
    assert record["projected_fatalities"] == round(899 / (sum(values) / len(values)))
    assert record["projected_low"] == round(899 / max(values))
    assert record["projected_high"] == round(899 / min(values))
    assert record["projected_low"] <= record["projected_fatalities"] <= record["projected_high"]
    text = cli("summary", str(mali), "-c", "Mali", "--as-of", "2017-11-20", "-f", "table")
    # 1997 is covered from 6 January only (the file's first event): not a full year
    assert "899 fatalities" in text and "exceeds every one of the 19 full years" in text
    assert "seasonal" in text and f"range {record['projected_low']:,}" in text


def test_change_compares_the_last_complete_week_with_4_and_52_before(
    mali: Path, con: object
) -> None:
    weeks = con.execute(  # type: ignore[attr-defined]
        """
        with w as (
            select day - cast((dayofweek(day) + 1) % 7 as integer) as start, fat from events
        ), grid as (
            select unnest(generate_series(date '2019-07-27', date '2020-07-25', interval 7 day))
                   :: date as start
        )
        select grid.start, coalesce(sum(w.fat), 0) from grid left join w using (start)
        group by 1 order by 1
        """
    ).fetchall()
    values = [int(total) for _, total in weeks]
    latest, before = values[-1], values[:-1]
    out = rows(cli("change", str(mali), "-c", "Mali", "-f", "csv"))
    assert [row["period_start"] for row in out] == ["2020-07-25", "2020-07-25"]
    assert [int(row["fatalities"]) for row in out] == [latest, latest]
    assert float(out[0]["mean"]) == pytest.approx(sum(before[-4:]) / 4, abs=0.01)
    assert float(out[1]["mean"]) == pytest.approx(sum(before) / 52, abs=0.01)


def test_several_countries_one_row_each_and_combined(con: object) -> None:
    files = [
        real_file("acled-events", name)
        for name in (
            "hdx_conflict_data_mli.csv",
            "hdx_conflict_data_bfa.csv",
            "hdx_conflict_data_ner.csv",
        )
    ]
    paths = [str(path) for path in files]
    apart = rows(
        cli("trend", *paths, "-c", "Mali,Niger", "-c", "Burkina Faso", "--from", "2018",
            "--to", "2018", "-f", "csv")
    )  # fmt: skip
    together = rows(
        cli("trend", *paths, "--region", "Western Africa", "--combine", "--from", "2018",
            "--to", "2018", "-f", "csv")
    )  # fmt: skip
    expected: dict[str, int] = {}
    for path in files:
        one = hdx(path)
        for country, total in one.execute(  # type: ignore[attr-defined]
            "select country, sum(fat) from events where year(day) = 2018 group by 1"
        ).fetchall():
            expected[country] = int(total)
    assert {row["country"]: int(row["fatalities"]) for row in apart} == expected
    assert [(row["country"], int(row["fatalities"])) for row in together] == [
        ("Burkina Faso + Mali + Niger", sum(expected.values()))
    ]
    by_iso = rows(
        cli("trend", *paths, "--iso", "562", "--from", "2018", "--to", "2018", "-f", "csv")
    )
    assert [(row["country"], int(row["fatalities"])) for row in by_iso] == [
        ("Niger", expected["Niger"])
    ]


def test_political_violence_in_a_pre_2019_export_maps_old_types() -> None:
    path = real_file("acled-events", "2017-01-01-2019-02-27-Mali.csv")
    con = duckdb.connect()
    old_pv = (
        "'Battle-No change of territory', 'Battle-Non-state actor overtakes territory', "
        "'Battle-Government regains territory', 'Remote violence', 'Violence against civilians'"
    )
    expected = dict(
        con.execute(
            f"""
            select year(strptime(event_date, '%d %B %Y')), sum(cast(fatalities as integer))
            from read_csv('{path}', all_varchar=true, header=true)
            where event_type in ({old_pv}) group by 1
            """
        ).fetchall()
    )
    out = rows(cli("trend", str(path), "-c", "Mali", "--political-violence", "-f", "csv"))
    assert {int(row["year"]): int(row["fatalities"]) for row in out} == {
        int(year): int(total) for year, total in expected.items()
    }

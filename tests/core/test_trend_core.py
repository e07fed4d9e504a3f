"""The one trend pipeline: request -> columns to load -> compute_trend -> frames.

- A plain request gives exactly ``series.annual`` (the 7-column table every plain
  ``trend`` prints), on the sample and on real files.
- Loading only ``request.columns()`` never changes a result: for every analysis
  option, the series equals the one computed from every column.
- The command asks the loader for those columns and no others.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.core.coverage import coverage_of, with_coverage
from fatalities.core.series import annual, latest_date
from fatalities.core.trend import compute_trend
from fatalities.io import load as load_module
from fatalities.io.load import load
from fatalities.io.results import Loaded
from fatalities.resources import sample_data_path
from fatalities.vocabulary import Breakdown, Period, ProjectionMethod, Selection, TrendRequest
from tests.conftest import real_file

HERE = Path(__file__).resolve().parents[1]
EVENTS = HERE / "data" / "analysis" / "events.csv"
OLD = HERE / "data" / "analysis" / "old_types.csv"
MALI = Selection(countries=("Mali",))
BOTH = Selection(countries=("Mali", "Niger"))

#: Requests covering every option that reads a column beyond the series' own.
REQUESTS: dict[str, TrendRequest] = {
    "plain": TrendRequest(selection=MALI),
    "two countries": TrendRequest(selection=BOTH),
    "region": TrendRequest(selection=Selection(regions=("Western Africa",))),
    "iso": TrendRequest(selection=Selection(iso_codes=(562,))),
    "all countries combined": TrendRequest(selection=Selection(all_countries=True, combine=True)),
    "event type": TrendRequest(selection=Selection(countries=("Mali",), event_types=("Battles",))),
    "sub-event type": TrendRequest(
        selection=Selection(countries=("Mali",), sub_event_types=("Mob violence",))
    ),
    "political violence": TrendRequest(
        selection=Selection(countries=("Mali",), political_violence=True)
    ),
    "civilian targeting": TrendRequest(
        selection=Selection(countries=("Niger",), civilian_targeting=True)
    ),
    **{
        f"by {column.value}": TrendRequest(selection=BOTH, by=(column,), top=2)
        for column in Breakdown
        if column is not Breakdown.country
    },
    "by country": TrendRequest(selection=Selection(all_countries=True), by=(Breakdown.country,)),
    "month derived": TrendRequest(selection=MALI, period=Period.month, derived=True),
    "quarter": TrendRequest(selection=BOTH, period=Period.quarter, first_year=2016),
    "week cumulative": TrendRequest(selection=MALI, period=Period.week, cumulative=True),
    "projection": TrendRequest(selection=BOTH, project=ProjectionMethod.seasonal),
    "zero fill": TrendRequest(selection=Selection(countries=("Niger",)), zero_fill=True),
}


def loaded_with(path: Path, request: TrendRequest, columns: Collection[str] | None) -> Loaded:
    return load([path], countries=request.selection.countries, columns=columns)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_reading_only_the_requested_columns_changes_nothing(name: str) -> None:
    request = REQUESTS[name]
    everything = compute_trend(loaded_with(EVENTS, request, None), request)
    needed = compute_trend(loaded_with(EVENTS, request, request.columns()), request)
    assert needed.series.equals(everything.series)
    assert needed.projections == everything.projections
    assert needed.series.height > 0


def test_political_violence_in_old_files_reads_enough_columns() -> None:
    request = TrendRequest(
        selection=Selection(countries=("Mali",), political_violence=True),
        by=(Breakdown.event_type,),
    )
    everything = compute_trend(loaded_with(OLD, request, None), request)
    needed = compute_trend(loaded_with(OLD, request, request.columns()), request)
    assert needed.series.equals(everything.series)


@pytest.mark.parametrize(
    ("request_", "columns"),
    [
        (TrendRequest(selection=MALI), {"country", "event_date", "fatalities", "events"}),
        (TrendRequest(selection=MALI, by=(Breakdown.admin1,)), {"admin1"}),
        (TrendRequest(selection=MALI, by=(Breakdown.country,)), set()),
        (TrendRequest(selection=Selection(regions=("Western Africa",))), {"region"}),
        (TrendRequest(selection=Selection(iso_codes=(466,))), {"iso"}),
        (TrendRequest(selection=Selection(countries=("Mali",), civilian_targeting=True)),
         {"civilian_targeting"}),
        (TrendRequest(selection=Selection(countries=("Mali",), political_violence=True)),
         {"event_type", "sub_event_type"}),
    ],
)  # fmt: skip
def test_each_request_names_the_columns_it_needs(request_: TrendRequest, columns: set[str]) -> None:
    base = {"country", "event_date", "fatalities", "events"}
    assert set(request_.columns()) == base | columns


def plain_frames(path: Path, country: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    request = TrendRequest(selection=Selection(countries=(country,)))
    loaded = load([path], countries=[country], columns=request.columns())
    computed = compute_trend(loaded, request).series
    as_of = latest_date(loaded.frame)
    assert as_of is not None
    expected = annual(
        loaded.frame,
        as_of=as_of,
        coverage_end=loaded.coverage_end,
        months_covered=loaded.months_covered,
    )
    return computed, with_coverage(expected, coverage_of(loaded), as_of)


def test_a_plain_request_is_the_annual_series_on_the_sample() -> None:
    computed, expected = plain_frames(sample_data_path(), "Mali")
    assert computed.columns == [
        "country", "year", "fatalities", "events", "ytd_fatalities", "ytd_events", "complete",
        "covered_from", "covered_to",
    ]  # fmt: skip
    assert computed.equals(expected)


@pytest.mark.parametrize(
    "parts",
    [
        ("acled-events", "hdx_conflict_data_mli.csv"),
        ("acled-events", "2017-01-01-2019-02-27-Mali.csv"),
        ("acled-events", "monadic_2017-01-01-2020-12-31-Mali.csv"),
        ("acled-aggregated", "acled_mali_summary.xlsx"),
    ],
)
def test_a_plain_request_is_the_annual_series_on_real_files(parts: tuple[str, str]) -> None:
    computed, expected = plain_frames(real_file(*parts), "Mali")
    assert computed.equals(expected)


def test_an_empty_result_names_the_option_that_emptied_it() -> None:
    request = TrendRequest(selection=MALI, first_year=2030)
    result = compute_trend(load([EVENTS], countries=["Mali"]), request)
    assert result.series.height == 0
    assert result.why_empty == (
        "no rows: --from 2030 left no events (the selected data run from 2014-01-12 to "
        "2017-06-21); widen the selection"
    )


def test_the_as_of_date_defaults_to_the_selection_s_latest_event() -> None:
    result = compute_trend(load([EVENTS], countries=["Mali"]), TrendRequest(selection=MALI))
    assert result.as_of == date(2017, 6, 21)


# ---------------------------------------------------------------------------
# The command asks the loader for the request's columns


def columns_asked(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> set[str] | None:
    asked: list[Collection[str] | None] = []
    real_load = load_module.load

    def recording_load(*positional: Any, **named: Any) -> Loaded:
        asked.append(named.get("columns"))
        return real_load(*positional, **named)

    monkeypatch.setattr(load_module, "load", recording_load)
    result = CliRunner().invoke(app, [*args, "--format", "csv", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert len(asked) == 1
    return None if asked[0] is None else set(asked[0])


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["trend", str(EVENTS), "-c", "Mali"], set()),
        (["trend", str(EVENTS), "--all-countries"], set()),
        (["trend", str(EVENTS), "-c", "Mali", "--by", "admin1"], {"admin1"}),
        (["trend", str(EVENTS), "-c", "Mali", "--political-violence", "--period", "month"],
         {"event_type", "sub_event_type"}),
        (["trend", str(EVENTS), "--region", "Western Africa", "--derived"], {"region"}),
    ],
)  # fmt: skip
def test_trend_loads_only_the_columns_it_uses(
    monkeypatch: pytest.MonkeyPatch, args: list[str], extra: set[str]
) -> None:
    base = {"country", "event_date", "fatalities", "events"}
    assert columns_asked(monkeypatch, args) == base | extra

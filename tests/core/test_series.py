"""The annual / year-to-date core: examples and properties that must hold for any data."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fatalities.core.series import ANNUAL_COLUMNS, annual, in_year_to_date

START = date(1997, 1, 1)


def frame(rows: list[tuple[str, date, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"country": pl.String, "event_date": pl.Date, "fatalities": pl.Int64},
        orient="row",
    )


events_strategy = st.lists(
    st.tuples(
        st.sampled_from(["Mali", "Niger"]),
        st.integers(min_value=0, max_value=365 * 8).map(lambda n: START + timedelta(days=n)),
        st.integers(min_value=0, max_value=500),
    ),
    min_size=1,
    max_size=60,
)


def test_year_to_date_cuts_every_year_at_the_same_day() -> None:
    events = frame(
        [
            ("Mali", date(2013, 11, 20), 5),
            ("Mali", date(2013, 11, 21), 7),
            ("Mali", date(2017, 1, 3), 11),
            ("Mali", date(2017, 11, 20), 13),
        ]
    )
    series = annual(events, as_of=date(2017, 11, 20), coverage_end=date(2017, 12, 31))
    by_year = {row["year"]: row for row in series.iter_rows(named=True)}
    assert by_year[2013]["ytd_fatalities"] == 5
    assert by_year[2013]["fatalities"] == 12
    assert by_year[2017]["ytd_fatalities"] == 24
    assert by_year[2017]["ytd_events"] == 2


def test_years_without_events_inside_the_span_are_zero_rows() -> None:
    events = frame([("Mali", date(2010, 5, 1), 3), ("Mali", date(2013, 5, 1), 4)])
    series = annual(events)
    assert series["year"].to_list() == [2010, 2011, 2012, 2013]
    assert series["fatalities"].to_list() == [3, 0, 0, 4]
    assert series["events"].to_list() == [1, 0, 0, 1]


def test_complete_is_false_for_a_year_not_covered_to_31_december() -> None:
    events = frame([("Mali", date(2019, 5, 1), 3), ("Mali", date(2020, 7, 31), 4)])
    series = annual(events, coverage_end=date(2020, 7, 31))
    assert series["complete"].to_list() == [True, False]
    whole = annual(events, coverage_end=date(2020, 12, 31))
    assert whole["complete"].to_list() == [True, True]


def test_coverage_end_beyond_the_last_event_adds_zero_years() -> None:
    events = frame([("Mali", date(2018, 5, 1), 3)])
    series = annual(events, coverage_end=date(2020, 3, 1))
    assert series["year"].to_list() == [2018, 2019, 2020]
    assert series["complete"].to_list() == [True, True, False]


def test_leap_day_is_inside_a_cut_at_29_february_only() -> None:
    events = frame([("Mali", date(2016, 2, 29), 9), ("Mali", date(2017, 2, 28), 1)])
    assert annual(events, as_of=date(2017, 2, 28))["ytd_fatalities"].to_list() == [0, 1]
    assert annual(events, as_of=date(2016, 2, 29))["ytd_fatalities"].to_list() == [9, 1]


def test_first_and_last_year_trim_the_output() -> None:
    events = frame([("Mali", date(2010 + n, 1, 1), n) for n in range(6)])
    series = annual(events, first_year=2011, last_year=2013)
    assert series["year"].to_list() == [2011, 2012, 2013]


def test_empty_input_gives_an_empty_series_with_the_columns() -> None:
    series = annual(frame([]))
    assert series.columns == list(ANNUAL_COLUMNS)
    assert series.height == 0


@given(events_strategy)
@settings(max_examples=60, deadline=None)
def test_year_to_date_at_31_december_equals_the_annual_figure(rows: list) -> None:  # type: ignore[type-arg]
    series = annual(frame(rows), as_of=date(2001, 12, 31))
    assert series["ytd_fatalities"].to_list() == series["fatalities"].to_list()
    assert series["ytd_events"].to_list() == series["events"].to_list()


@given(events_strategy)
@settings(max_examples=60, deadline=None)
def test_annual_fatalities_sum_to_the_total(rows: list) -> None:  # type: ignore[type-arg]
    series = annual(frame(rows))
    assert series["fatalities"].sum() == sum(row[2] for row in rows)
    assert series["events"].sum() == len(rows)


@given(events_strategy, st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_shuffling_rows_changes_nothing(rows: list, random) -> None:  # type: ignore[no-untyped-def,type-arg]
    shuffled = list(rows)
    random.shuffle(shuffled)
    as_of = date(2003, 6, 15)
    assert annual(frame(rows), as_of=as_of).equals(annual(frame(shuffled), as_of=as_of))


@given(events_strategy, st.dates(min_value=date(1997, 1, 1), max_value=date(2005, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_year_to_date_never_exceeds_the_annual_figure(rows: list, as_of: date) -> None:  # type: ignore[type-arg]
    series = annual(frame(rows), as_of=as_of)
    assert (series["ytd_fatalities"] <= series["fatalities"]).all()
    assert (series["ytd_events"] <= series["events"]).all()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 11, 19), True),
        (date(2013, 11, 20), True),
        (date(2013, 11, 21), False),
        (date(2013, 12, 1), False),
        (date(2013, 1, 1), True),
    ],
)
def test_in_year_to_date_is_inclusive_of_the_as_of_day(day: date, expected: bool) -> None:
    result = pl.DataFrame({"event_date": [day]}).select(in_year_to_date(date(2017, 11, 20)))
    assert result.item() is expected

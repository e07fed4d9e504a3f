"""``core.coverage``: the as-of cut and covered spans, on generated series."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from fatalities.core.coverage import Coverage, known_on, with_coverage
from fatalities.core.series import annual
from fatalities.io.results import Loaded

days = st.dates(min_value=date(2014, 1, 1), max_value=date(2019, 12, 31))
events_strategy = st.lists(
    st.tuples(days, st.integers(min_value=0, max_value=50)), min_size=1, max_size=40
).map(
    lambda rows: pl.DataFrame(
        [("Mali", day, deaths) for day, deaths in rows],
        schema={"country": pl.String, "event_date": pl.Date, "fatalities": pl.Int64},
        orient="row",
    )
)


@settings(max_examples=60, deadline=None)
@given(events=events_strategy, start_shift=st.integers(0, 400), as_of=days)
def test_year_to_date_is_a_figure_only_where_its_span_is_covered(
    events: pl.DataFrame, start_shift: int, as_of: date
) -> None:
    first = events["event_date"].min()
    assert isinstance(first, date)
    start = first - timedelta(days=start_shift)
    end = max(events["event_date"].max(), as_of)  # type: ignore[type-var]
    series = annual(events, as_of=as_of, coverage_end=end)
    covered = with_coverage(series, Coverage(start, end), as_of)
    assert covered["fatalities"].to_list() == series["fatalities"].to_list()
    for row in covered.iter_rows(named=True):
        year = row["year"]
        last_day = calendar.monthrange(year, as_of.month)[1]
        cut = date(year, as_of.month, min(as_of.day, last_day))  # 29 Feb -> 28 Feb
        whole = start <= date(year, 1, 1) and end >= cut
        assert (row["ytd_fatalities"] is not None) == whole
        assert row["complete"] == (start <= date(year, 1, 1) and end >= date(year, 12, 31))
        assert row["covered_from"] == max(start, date(year, 1, 1))


@settings(max_examples=60, deadline=None)
@given(events=events_strategy, as_of=days)
def test_known_on_leaves_nothing_after_the_day_and_ends_coverage_there(
    events: pl.DataFrame, as_of: date
) -> None:
    loaded = Loaded(events, [], 0, date(2019, 12, 31), coverage_start=date(2014, 1, 1))
    cut = known_on(loaded, as_of)
    assert cut.coverage_end == as_of
    assert cut.frame.height == events.filter(pl.col("event_date") <= as_of).height
    series = annual(cut.frame, as_of=as_of, coverage_end=cut.coverage_end)
    if series.height:
        assert series["year"].max() == as_of.year or as_of.year > series["year"].max()
        last = series.filter(pl.col("year") == as_of.year)
        if last.height:  # the as-of year is partial and its total is its year to date
            assert last["fatalities"][0] == last["ytd_fatalities"][0]
            assert last["complete"][0] == ((as_of.month, as_of.day) == (12, 31))

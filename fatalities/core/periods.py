"""Series by year, quarter, month or ACLED week, zero-filled, optionally broken down.

- ACLED weeks run Saturday to Friday and are labelled by their Saturday, as in
  ACLED's weekly files; a week is never cut at 1 January, and its ``year`` is the
  year of its Saturday (so a year's weeks may hold a few days of the years around
  it; the weeks sum to the total over the span they cover).
- Every period from the one holding 1 January of a country's first year to the
  period holding the data's coverage end is present; periods without events are zeros.
- Year and quarter series carry year-to-date columns (each year cut at the as-of
  date's month and day, as in ``series.annual``); month and week series can carry
  the cumulative sum within the year instead.

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "country": ["Mali", "Mali"],
...     "event_date": [date(2017, 1, 6), date(2017, 1, 7)],
...     "fatalities": [2, 3],
... })
>>> weekly = period_series(events, "week", coverage_end=date(2017, 1, 13))
>>> weekly.select("period", "year", "fatalities", "complete").rows()
[('2016-12-31', 2016, 2, True), ('2017-01-07', 2017, 3, True)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fatalities.core.breakdown import fill_groups
from fatalities.core.series import in_year_to_date, latest_date
from fatalities.vocabulary import Period

if TYPE_CHECKING:
    import polars as pl


#: ACLED weeks start on Saturday (``date.weekday()`` 5).
WEEK_START_WEEKDAY = 5

_METRICS = ("fatalities", "events")


def week_start(day: date) -> date:
    """The Saturday that starts ``day``'s ACLED week (not clipped to the year).

    >>> week_start(date(2017, 11, 20))  # a Monday
    datetime.date(2017, 11, 18)
    """
    return day - timedelta(days=(day.weekday() - WEEK_START_WEEKDAY) % 7)


def period_bounds(period: Period | str, column: str = "event_date") -> tuple[pl.Expr, pl.Expr]:
    """Expressions for the first and last day of the period holding ``column``'s date.

    Weeks run Saturday to Friday, across 1 January (see the module docstring).
    """
    import polars as pl

    day = pl.col(column)
    year_start = pl.date(day.dt.year(), 1, 1)
    year_end = pl.date(day.dt.year(), 12, 31)
    kind = Period(period)
    if kind is Period.year:
        return year_start, year_end
    if kind is Period.quarter:
        start = day.dt.truncate("1q")
        return start, start.dt.offset_by("3mo").dt.offset_by("-1d")
    if kind is Period.month:
        return day.dt.truncate("1mo"), day.dt.month_end()
    saturday = saturday_of(day)
    return saturday, saturday + pl.duration(days=6)


def saturday_of(day: pl.Expr) -> pl.Expr:
    """The Saturday that starts the ACLED week of each date in ``day``."""
    import polars as pl

    # polars weekday: Monday 1 .. Sunday 7, so Saturday (6) -> 0 days back.
    return day - pl.duration(days=(day.dt.weekday().cast(pl.Int64) + 1) % 7)


def period_label(period: Period | str, start: str = "period_start") -> pl.Expr:
    """``2017``, ``2017-Q4``, ``2017-11`` or ``2017-11-18`` (a week's start date)."""
    import polars as pl

    day = pl.col(start)
    kind = Period(period)
    if kind is Period.year:
        return day.dt.year().cast(pl.String)
    if kind is Period.quarter:
        return pl.concat_str(day.dt.year().cast(pl.String), pl.lit("-Q"), day.dt.quarter())
    if kind is Period.month:
        return day.dt.strftime("%Y-%m")
    return day.dt.strftime("%Y-%m-%d")


def series_columns(
    period: Period | str, by: Sequence[str] = (), *, cumulative: bool = False
) -> list[str]:
    """The output columns of ``period_series``, in order.

    >>> series_columns("year")
    ['country', 'year', 'fatalities', 'events', 'ytd_fatalities', 'ytd_events', 'complete']
    """
    kind = Period(period)
    head = (
        ["country", "year"]
        if kind is Period.year
        else ["country", "year", "period", "period_start", "period_end"]
    )
    tail: list[str] = []
    if kind in (Period.year, Period.quarter):
        tail = ["ytd_fatalities", "ytd_events"]
    elif cumulative:
        tail = ["cumulative_fatalities", "cumulative_events"]
    return [*head, *by, *_METRICS, *tail, "complete"]


def period_series(
    events: pl.DataFrame,
    period: Period | str = Period.year,
    *,
    by: Sequence[str] = (),
    as_of: date | None = None,
    coverage_end: date | None = None,
    zero_fill_from: int | None = None,
    cumulative: bool = False,
    first_year: int | None = None,
    last_year: int | None = None,
    months_covered: Mapping[int, int] | None = None,
    max_rows: int | None = None,
) -> pl.DataFrame:
    """Fatalities and events per country (and ``by`` group) and period.

    ``as_of`` cuts year-to-date (year and quarter series; default the latest event
    date); ``coverage_end`` (default the latest event date) ends the grid and decides
    ``complete`` (coverage reaches the period's last day). ``zero_fill_from`` starts
    every country's grid at that year. ``first_year``/``last_year`` trim the output.
    ``months_covered`` (aggregated sources: year -> months held) keeps only covered
    years (unless zero-filled) and makes a year complete only with all 12 months,
    as ``series.annual`` does.
    For ``period="year"`` and no ``by`` the result equals ``series.annual``.
    ``max_rows``: the grid (each present country and group, from its country's first
    year, times the periods) is counted before it is made; a bigger one is a
    ``TooLargeError`` rather than gigabytes of zeros.
    """
    import polars as pl

    kind = Period(period)
    groups = list(by)
    columns = series_columns(kind, groups, cumulative=cumulative)
    latest = latest_date(events)
    as_of = as_of or latest
    coverage_end = coverage_end or latest
    if events.height == 0 or as_of is None or coverage_end is None or latest is None:
        return _empty(columns, groups)
    keys = ["country", *groups]
    start, _ = period_bounds(kind)
    if "events" not in events.columns:  # one row, one event (a literal would not broadcast)
        events = events.with_columns(pl.lit(1, dtype=pl.Int64).alias("events"))
    weight = pl.col("events")
    metrics = [
        pl.col("fatalities").sum().cast(pl.Int64).alias("fatalities"),
        weight.sum().cast(pl.Int64).alias("events"),
    ]
    if kind in (Period.year, Period.quarter):
        in_ytd = in_year_to_date(as_of)
        metrics += [
            pl.col("fatalities").filter(in_ytd).sum().cast(pl.Int64).alias("ytd_fatalities"),
            weight.filter(in_ytd).sum().cast(pl.Int64).alias("ytd_events"),
        ]
    totals = (
        fill_groups(events, groups)
        .lazy()
        .group_by(*keys, start.alias("period_start"))
        .agg(*metrics)
        .collect()
    )
    last_day = max(coverage_end, latest)
    first_of = events.group_by("country").agg(
        pl.col("event_date").min().dt.year().cast(pl.Int32).alias("__first")
    )
    if zero_fill_from is not None:
        first_of = first_of.with_columns(pl.lit(zero_fill_from, dtype=pl.Int32).alias("__first"))
    # The period holding 1 January of each country's first year starts its grid.
    grid_start, _ = period_bounds(kind, "__first_day")
    first_of = first_of.with_columns(
        pl.date(pl.col("__first"), 1, 1).alias("__first_day")
    ).with_columns(grid_start.alias("__first_start"))
    calendar_from = first_of["__first_start"].min()
    assert isinstance(calendar_from, date)
    calendar = _calendar(kind, calendar_from, last_day)
    present = (
        totals.select(keys).unique().join(first_of.select("country", "__first_start"), on="country")
    )
    if max_rows is not None:
        check_rows(_grid_rows(present, calendar), max_rows)
    grid = (
        present.join(calendar, how="cross")
        .filter(pl.col("period_start") >= pl.col("__first_start"))
        .drop("__first_start")
    )
    covered = pl.lit(True)
    if months_covered is not None:
        if zero_fill_from is None:
            grid = grid.filter(pl.col("year").is_in(list(months_covered)))
        if kind is Period.year:
            covered = pl.col("year").replace_strict(dict(months_covered), default=0) == 12
    measures = [name for name in totals.columns if name not in (*keys, "period_start")]
    result = (
        grid.join(totals, on=[*keys, "period_start"], how="left")
        .with_columns(pl.col(name).fill_null(0) for name in measures)
        .with_columns(
            ((pl.col("period_end") <= coverage_end) & covered).alias("complete"),
            period_label(kind).alias("period"),
        )
    )
    if cumulative and kind in (Period.month, Period.week):
        result = result.with_columns(
            pl.col(name)
            .cum_sum()
            .over([*keys, "year"], order_by="period_start")
            .alias(f"cumulative_{name}")
            for name in _METRICS
        )
    result = result.sort(["country", "period_start", *groups]).select(columns)
    if first_year is not None:
        result = result.filter(pl.col("year") >= first_year)
    if last_year is not None:
        result = result.filter(pl.col("year") <= last_year)
    return result


def _grid_rows(present: pl.DataFrame, calendar: pl.DataFrame) -> int:
    """Rows the grid of ``present`` keys (each from its ``__first_start``) times
    ``calendar`` would have, counted without making it."""
    import bisect

    starts = sorted(calendar["period_start"].to_list())
    return sum(
        keys * (len(starts) - bisect.bisect_left(starts, first))
        for first, keys in present.group_by("__first_start").len().rows()
    )


def check_rows(rows: int, max_rows: int | None) -> None:
    """A ``TooLargeError`` when a result of ``rows`` rows exceeds ``max_rows``.

    >>> check_rows(10, 5)
    Traceback (most recent call last):
    ...
    fatalities.errors.TooLargeError: the result would have 10 rows, more than --max-rows 5; narrow it with --top N (with --by), a coarser --period, fewer countries or years, or raise --max-rows
    """
    from fatalities.errors import TooLargeError

    if max_rows is not None and rows > max_rows:
        raise TooLargeError(
            f"the result would have {rows:,} rows, more than --max-rows {max_rows:,}; narrow it "
            "with --top N (with --by), a coarser --period, fewer countries or years, or raise --max-rows"
        )


def _calendar(kind: Period, first: date, last: date) -> pl.DataFrame:
    """Every period (year, start, end) from ``first`` to the one holding ``last``."""
    import polars as pl

    days = pl.DataFrame({"event_date": pl.date_range(first, last, "1d", eager=True)})
    start, end = period_bounds(kind)
    return (
        days.select(start.alias("period_start"), end.alias("period_end"))
        .unique()
        .select(
            pl.col("period_start").dt.year().cast(pl.Int32).alias("year"),
            "period_start",
            "period_end",
        )
        .sort("period_start")
    )


def _empty(columns: list[str], groups: list[str]) -> pl.DataFrame:
    import polars as pl

    dtypes: dict[str, pl.DataType] = {
        "country": pl.String(),
        "year": pl.Int32(),
        "period": pl.String(),
        "period_start": pl.Date(),
        "period_end": pl.Date(),
        "complete": pl.Boolean(),
        **{group: pl.String() for group in groups},
    }
    return pl.DataFrame(schema={name: dtypes.get(name, pl.Int64()) for name in columns})

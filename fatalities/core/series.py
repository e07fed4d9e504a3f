"""Annual and year-to-date fatality series: pure functions, polars in and polars out.

Year-to-date cuts every year at the same calendar day: an event counts when its
(month, day) is on or before the as-of date's (month, day).

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "country": ["Mali", "Mali", "Mali"],
...     "event_date": [date(2016, 3, 1), date(2016, 12, 1), date(2017, 2, 1)],
...     "fatalities": [2, 5, 7],
... })
>>> annual(events, as_of=date(2017, 2, 1)).select("year", "fatalities", "ytd_fatalities").rows()
[(2016, 7, 0), (2017, 7, 7)]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: The columns of an annual series, in output order.
ANNUAL_COLUMNS: tuple[str, ...] = (
    "country",
    "year",
    "fatalities",
    "events",
    "ytd_fatalities",
    "ytd_events",
    "complete",
)


def latest_date(events: pl.DataFrame) -> date | None:
    """The latest event date, the default as-of date.

    >>> import polars as pl
    >>> latest_date(pl.DataFrame({"event_date": [date(2017, 1, 2), date(2017, 5, 1)]}))
    datetime.date(2017, 5, 1)
    """
    if events.height == 0:
        return None
    value = events["event_date"].max()
    return value if isinstance(value, date) else None


def in_year_to_date(as_of: date) -> pl.Expr:
    """True for events on or before ``as_of``'s month and day, in any year.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"event_date": [date(2013, 11, 20), date(2013, 11, 21)]})
    >>> frame.select(in_year_to_date(date(2017, 11, 20))).to_series().to_list()
    [True, False]
    """
    import polars as pl

    day_key = pl.col("event_date").dt.month().cast(pl.Int32) * 100 + pl.col(
        "event_date"
    ).dt.day().cast(pl.Int32)
    return day_key <= as_of.month * 100 + as_of.day


def annual(
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    coverage_end: date | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    zero_fill_from: int | None = None,
    months_covered: Mapping[int, int] | None = None,
) -> pl.DataFrame:
    """Per country and year: fatalities, events, year-to-date figures and ``complete``.

    - ``as_of`` cuts year-to-date; default the latest event date in ``events``.
    - ``coverage_end`` is the last day the data covers (default the latest event
      date); a year is ``complete`` when coverage reaches its 31 December.
    - Every year from a country's first event to the coverage end is present; years
      without events are zeros. ``zero_fill_from`` starts every country at that year.
    - ``first_year``/``last_year`` trim the output (after the computation).
    - ``months_covered`` (year -> months the data hold, for aggregated sources whose
      grid may skip months) keeps only covered years (unless zero-filled) and makes a
      year ``complete`` only with all 12 months.

    ``events`` needs ``country``, ``event_date`` and ``fatalities``; an ``events``
    column (events per row, for aggregated sources) is used when present.
    """
    import polars as pl

    if as_of is None:
        as_of = latest_date(events)
    if coverage_end is None:
        coverage_end = latest_date(events)
    if events.height == 0 or as_of is None or coverage_end is None:
        return empty_annual()
    if "events" not in events.columns:
        events = events.with_columns(pl.lit(1, dtype=pl.Int64).alias("events"))
    weight = pl.col("events")
    in_ytd = in_year_to_date(as_of)
    totals = (
        events.lazy()
        .group_by("country", pl.col("event_date").dt.year().cast(pl.Int32).alias("year"))
        .agg(
            pl.col("fatalities").sum().cast(pl.Int64).alias("fatalities"),
            weight.sum().cast(pl.Int64).alias("events"),
            pl.col("fatalities").filter(in_ytd).sum().cast(pl.Int64).alias("ytd_fatalities"),
            weight.filter(in_ytd).sum().cast(pl.Int64).alias("ytd_events"),
        )
        .collect()
    )
    latest_year = totals["year"].max()
    last_covered = max(coverage_end.year, latest_year if isinstance(latest_year, int) else 0)
    grid = _year_grid(totals, last_covered, zero_fill_from)
    covered = pl.lit(True)
    if months_covered is not None:
        if zero_fill_from is None:
            grid = grid.filter(pl.col("year").is_in(list(months_covered)))
        covered = pl.col("year").replace_strict(dict(months_covered), default=0) == 12
    result = (
        grid.join(totals, on=["country", "year"], how="left")
        .with_columns(
            pl.col(name).fill_null(0)
            for name in ("fatalities", "events", "ytd_fatalities", "ytd_events")
        )
        .with_columns(
            (
                (pl.col("year") < coverage_end.year)
                | ((pl.col("year") == coverage_end.year) & pl.lit(_is_year_end(coverage_end)))
            )
            .and_(covered)
            .alias("complete")
        )
        .select(ANNUAL_COLUMNS)
        .sort("country", "year")
    )
    if first_year is not None:
        result = result.filter(pl.col("year") >= first_year)
    if last_year is not None:
        result = result.filter(pl.col("year") <= last_year)
    return result


def _is_year_end(day: date) -> bool:
    return (day.month, day.day) == (12, 31)


def _year_grid(totals: pl.DataFrame, last_year: int, zero_fill_from: int | None) -> pl.DataFrame:
    """Every (country, year) from the country's first year (or ``zero_fill_from``) on."""
    import polars as pl

    firsts = totals.group_by("country").agg(pl.col("year").min().alias("first"))
    if zero_fill_from is not None:
        firsts = firsts.with_columns(pl.lit(zero_fill_from, dtype=pl.Int32).alias("first"))
    return (
        firsts.with_columns(
            pl.int_ranges(pl.col("first"), last_year + 1, dtype=pl.Int32).alias("year")
        )
        .explode("year")
        .select("country", "year")
    )


def empty_annual() -> pl.DataFrame:
    """An annual series with no rows but the right columns and dtypes."""
    import polars as pl

    return pl.DataFrame(
        schema={
            "country": pl.String,
            "year": pl.Int32,
            "fatalities": pl.Int64,
            "events": pl.Int64,
            "ytd_fatalities": pl.Int64,
            "ytd_events": pl.Int64,
            "complete": pl.Boolean,
        }
    )


def year_to_date_cut(as_of: date, granularity: str) -> date:
    """The day year-to-date is cut at: ``as_of`` itself for event rows, the end of its
    month for monthly or weekly aggregates (which cannot be cut inside a month).

    >>> year_to_date_cut(date(2017, 11, 20), "month"), year_to_date_cut(date(2017, 11, 20), "event")
    (datetime.date(2017, 11, 30), datetime.date(2017, 11, 20))
    """
    import calendar

    if granularity == "event":
        return as_of
    return as_of.replace(day=calendar.monthrange(as_of.year, as_of.month)[1])

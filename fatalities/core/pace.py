"""Cumulative fatalities by day of year, one running total per year: the pace chart's data.

Pure polars in and out, no I/O. A day is its ordinal in its own year (1 January is
1, 31 December is 365 or 366). Years after the as-of date's year are left out, and
the as-of year stops at the as-of date, so every line shows what was known then.

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "country": ["Mali"] * 4,
...     "event_date": [date(2013, 1, 2), date(2013, 1, 2), date(2013, 3, 1), date(2014, 1, 5)],
...     "fatalities": [2, 3, 4, 6],
... })
>>> cumulative_by_day(events).select("year", "day_of_year", "cumulative_fatalities").rows()
[(2013, 2, 5), (2013, 60, 9), (2014, 5, 6)]
>>> pace_points(cumulative_by_day(events), "Mali")
{2013: [(2, 5), (60, 9)], 2014: [(5, 6)]}
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: The columns of ``cumulative_by_day``, in order.
PACE_COLUMNS: tuple[str, ...] = (
    "country",
    "year",
    "day_of_year",
    "fatalities",
    "cumulative_fatalities",
)


def cumulative_by_day(
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pl.DataFrame:
    """Per country, year and day with events: that day's fatalities and the year's running total.

    ``as_of`` drops later events (default: keep all); ``first_year``/``last_year``
    keep a range of years. ``events`` needs ``country``, ``event_date``, ``fatalities``.
    """
    import polars as pl

    day = pl.col("event_date")
    selected = events.lazy()
    if as_of is not None:
        selected = selected.filter(day <= as_of)
    if first_year is not None:
        selected = selected.filter(day.dt.year() >= first_year)
    if last_year is not None:
        selected = selected.filter(day.dt.year() <= last_year)
    return (
        selected.group_by(
            "country",
            day.dt.year().cast(pl.Int32).alias("year"),
            day.dt.ordinal_day().cast(pl.Int32).alias("day_of_year"),
        )
        .agg(pl.col("fatalities").sum().cast(pl.Int64).alias("fatalities"))
        .sort("country", "year", "day_of_year")
        .with_columns(
            pl.col("fatalities").cum_sum().over("country", "year").alias("cumulative_fatalities")
        )
        .select(PACE_COLUMNS)
        .collect()
    )


def cumulative_at(pace: pl.DataFrame, day_of_year: int) -> pl.DataFrame:
    """Each country's and year's running total at the end of ``day_of_year`` (0 before any event).

    >>> import polars as pl
    >>> pace = pl.DataFrame({"country": ["Mali"] * 3, "year": [2013, 2013, 2017],
    ...                      "day_of_year": [10, 400, 20], "cumulative_fatalities": [4, 9, 7]})
    >>> cumulative_at(pace, 15).rows()
    [('Mali', 2013, 4), ('Mali', 2017, 0)]
    """
    import polars as pl

    return (
        pace.group_by("country", "year")
        .agg(
            pl.col("cumulative_fatalities")
            .filter(pl.col("day_of_year") <= day_of_year)
            .max()
            .fill_null(0)
            .cast(pl.Int64)
            .alias("cumulative_fatalities")
        )
        .sort("country", "year")
    )


def pace_points(pace: pl.DataFrame, country: str) -> dict[int, list[tuple[int, int]]]:
    """One country's ``{year: [(day_of_year, cumulative_fatalities), ...]}``, as charts take it."""
    import polars as pl

    points: dict[int, list[tuple[int, int]]] = {}
    rows = pace.filter(pl.col("country") == country).select(
        "year", "day_of_year", "cumulative_fatalities"
    )
    for year, day, total in rows.iter_rows():
        points.setdefault(int(year), []).append((int(day), int(total)))
    return points

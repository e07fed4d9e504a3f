"""Derived columns for a period series: change, year-to-date change, rank, rolling mean.

All are computed on fatalities, within each country (and breakdown group):

- ``change``, ``change_pct``: against the previous period (percent empty when the
  previous period had none).
- ``ytd_change``, ``ytd_change_pct`` (year, quarter): year-to-date against the same
  cut of the same period one year earlier.
- ``rank`` (year): 1 for the year with most fatalities among all years in the
  series, ties sharing the best rank; ``ytd_rank`` ranks the year-to-date figures.
  A partial year is ranked on what it holds so far.
- ``highest_since`` (year): the most recent earlier year with more fatalities,
  empty when no earlier year had more (the highest on record).
- ``rolling_mean_3`` (month, week): the mean of this and the two previous periods.

>>> import polars as pl
>>> series = pl.DataFrame({"country": ["Mali"] * 3, "year": [2015, 2016, 2017],
...                        "fatalities": [428, 320, 948], "ytd_fatalities": [378, 290, 899]})
>>> with_derived(series, "year").select("change", "rank", "highest_since").rows()
[(None, 2, None), (-108, 3, 2015), (628, 1, None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fatalities.vocabulary import Period

if TYPE_CHECKING:
    import polars as pl


def derived_columns(period: Period | str) -> list[str]:
    """The columns ``with_derived`` appends for a period, in order.

    >>> derived_columns("month")
    ['change', 'change_pct', 'rolling_mean_3']
    """
    kind = Period(period)
    names = ["change", "change_pct"]
    if kind in (Period.year, Period.quarter):
        names += ["ytd_change", "ytd_change_pct"]
    if kind is Period.year:
        names += ["rank", "ytd_rank", "highest_since"]
    if kind in (Period.month, Period.week):
        names += ["rolling_mean_3"]
    return names


def with_derived(
    series: pl.DataFrame, period: Period | str, *, by: Sequence[str] = ()
) -> pl.DataFrame:
    """``series`` (from ``period_series``) with the derived columns appended after its own."""
    import polars as pl

    kind = Period(period)
    keys = ["country", *by]
    order = "year" if kind is Period.year else "period_start"
    original = series.columns
    frame = series.with_row_index("__row")
    previous = pl.col("fatalities").shift(1).over(keys, order_by=order)
    frame = frame.with_columns((pl.col("fatalities") - previous).alias("change"))
    frame = frame.with_columns(_percent(pl.col("change"), previous).alias("change_pct"))
    if kind in (Period.year, Period.quarter):
        frame = _with_ytd_change(frame, kind, keys)
    if kind is Period.year:
        frame = frame.with_columns(
            pl.col("fatalities")
            .rank("min", descending=True)
            .over(keys)
            .cast(pl.Int32)
            .alias("rank"),
            pl.col("ytd_fatalities")
            .rank("min", descending=True)
            .over(keys)
            .cast(pl.Int32)
            .alias("ytd_rank"),
        )
        frame = _with_highest_since(frame, keys)
    if kind in (Period.month, Period.week):
        frame = frame.with_columns(
            pl.col("fatalities")
            .cast(pl.Float64)
            .rolling_mean(3, min_samples=3)
            .over(keys, order_by=order)
            .round(2)
            .alias("rolling_mean_3")
        )
    return frame.sort("__row").select(*original, *derived_columns(kind))


def _percent(change: pl.Expr, base: pl.Expr) -> pl.Expr:
    import polars as pl

    return pl.when(base > 0).then((change * 100.0 / base).round(1)).otherwise(None)


def _with_ytd_change(frame: pl.DataFrame, kind: Period, keys: list[str]) -> pl.DataFrame:
    """Join each row to the same period of the previous year for the year-to-date change."""
    import polars as pl

    slot = [] if kind is Period.year else [pl.col("period_start").dt.quarter().alias("__slot")]
    current = frame.with_columns(*slot, (pl.col("year") - 1).alias("__prior_year"))
    prior = frame.select(
        *keys,
        pl.col("year").alias("__prior_year"),
        *slot,
        pl.col("ytd_fatalities").alias("__prior_ytd"),
    )
    on = [*keys, "__prior_year", *(["__slot"] if slot else [])]
    joined = current.join(prior, on=on, how="left", nulls_equal=True)
    return joined.with_columns(
        (pl.col("ytd_fatalities") - pl.col("__prior_ytd")).alias("ytd_change")
    ).with_columns(_percent(pl.col("ytd_change"), pl.col("__prior_ytd")).alias("ytd_change_pct"))


def _with_highest_since(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """The latest earlier year with strictly more fatalities, per key."""
    import polars as pl

    earlier = frame.select(
        *keys, pl.col("year").alias("__other_year"), pl.col("fatalities").alias("__other")
    )
    pairs = (
        frame.select("__row", *keys, "year", "fatalities")
        .join(earlier, on=keys, how="inner", nulls_equal=True)
        .filter(
            (pl.col("__other_year") < pl.col("year")) & (pl.col("__other") > pl.col("fatalities"))
        )
        .group_by("__row")
        .agg(pl.col("__other_year").max().cast(pl.Int32).alias("highest_since"))
    )
    return frame.join(pairs, on="__row", how="left")

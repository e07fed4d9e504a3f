"""Breakdowns: group columns, the ``--top N`` fold into ``other``, and the terminal pivot.

Groups are the canonical columns an analyst splits by. An empty value (older files
have no ``sub_event_type`` or ``disorder_type``) is its own group, ``(none)``, so
group totals always add up to the total.

>>> import polars as pl
>>> events = pl.DataFrame({
...     "country": ["Mali"] * 4,
...     "admin1": ["Mopti", "Gao", "Kidal", None],
...     "fatalities": [9, 5, 1, 2],
... })
>>> fold_top(fill_groups(events, ["admin1"]), ["admin1"], 1)["admin1"].to_list()
['Mopti', 'other', 'other', 'other']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


#: The group label for events with no value in a breakdown column.
NO_VALUE = "(none)"
#: The group that ``--top N`` folds the smaller groups into.
OTHER = "other"


def fill_groups(events: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Breakdown columns as text, stripped, with empty values labelled ``(none)``."""
    import polars as pl

    columns = [column for column in by if column in events.columns]
    missing = [column for column in by if column not in events.columns]
    return events.with_columns(
        *(
            pl.col(column)
            .cast(pl.String)
            .str.strip_chars()
            .replace("", None)
            .fill_null(NO_VALUE)
            .alias(column)
            for column in columns
        ),
        *(pl.lit(NO_VALUE, dtype=pl.String).alias(column) for column in missing),
    )


def fold_top(
    events: pl.DataFrame, by: Sequence[str], top: int, *, per: Sequence[str] = ("country",)
) -> pl.DataFrame:
    """Keep the ``top`` groups with most fatalities (per ``per`` key); the rest become ``other``.

    Ties are broken by events, then by name, so the choice is stable. With several
    ``by`` columns, a group is a combination of their values and a folded row has
    ``other`` in each. Totals are unchanged: rows are relabelled, never dropped.
    """
    import polars as pl

    if top < 0:
        raise ValueError("top must be >= 0")
    columns = list(by)
    if not columns:
        return events
    keys = [column for column in per if column not in columns]
    counted = pl.col("events").sum() if "events" in events.columns else pl.len()
    totals = events.group_by([*keys, *columns]).agg(
        pl.col("fatalities").sum().alias("__fatalities"), counted.alias("__events")
    )
    ordered = totals.sort(
        [*keys, "__fatalities", "__events", *columns],
        descending=[False] * len(keys) + [True, True] + [False] * len(columns),
    )
    kept = (
        ordered.with_columns(
            pl.int_range(pl.len()).over(keys).alias("__place")
            if keys
            else pl.int_range(pl.len()).alias("__place")
        )
        .filter(pl.col("__place") < top)
        .select(*keys, *columns)
        .with_columns(pl.lit(True).alias("__kept"))
    )
    joined = events.join(kept, on=[*keys, *columns], how="left", nulls_equal=True)
    return joined.with_columns(
        pl.when(pl.col("__kept")).then(pl.col(column)).otherwise(pl.lit(OTHER)).alias(column)
        for column in columns
    ).drop("__kept")


def pivot(
    series: pl.DataFrame, by: Sequence[str], *, value: str = "fatalities", index: Sequence[str]
) -> pl.DataFrame:
    """A wide table for people: one row per ``index`` (country, period), one column per group.

    Group columns are ordered by their total, largest first, with ``other`` last, and
    a ``total`` column closes the row. Several ``by`` columns are joined with `` / ``.

    >>> import polars as pl
    >>> long = pl.DataFrame({"year": [2017, 2017, 2018, 2018], "admin1": ["Gao", "Mopti"] * 2,
    ...                      "fatalities": [1, 5, 2, 0]})
    >>> pivot(long, ["admin1"], index=["year"]).rows()
    [(2017, 5, 1, 6), (2018, 0, 2, 2)]
    """
    import polars as pl

    columns = list(by)
    labelled = series.with_columns(
        pl.concat_str([pl.col(column) for column in columns], separator=" / ").alias("__group")
    )
    order = (
        labelled.group_by("__group")
        .agg(pl.col(value).sum())
        .with_columns((pl.col("__group") == " / ".join([OTHER] * len(columns))).alias("__other"))
        .sort(["__other", value, "__group"], descending=[False, True, False])["__group"]
        .to_list()
    )
    wide = labelled.pivot(
        on="__group",
        on_columns=order,
        index=list(index),
        values=value,
        aggregate_function="sum",
    ).fill_null(0)
    return wide.with_columns(pl.sum_horizontal(order).alias("total")).select(
        *index, *order, "total"
    )

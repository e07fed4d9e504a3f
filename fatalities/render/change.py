"""``change`` comparisons as a table for people, or in a machine format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fatalities.vocabulary import ChangePeriod, OutputFormat

if TYPE_CHECKING:
    import polars as pl


def change_output(
    frame: pl.DataFrame, period: ChangePeriod, measure: str, kind: OutputFormat
) -> str:
    """The comparisons frame: a readable table on a terminal, else the frame as ``kind``."""
    from fatalities.render.text import render

    if kind is OutputFormat.table:
        return change_table(frame, period, measure)
    return render(frame, kind)


def change_table(frame: pl.DataFrame, period: ChangePeriod, measure: str) -> str:
    import polars as pl

    from fatalities.render.text import render

    shown = frame.select(
        "country",
        pl.format("{} to {}", pl.col("period_start"), pl.col("period_end")).alias(period.value),
        measure,
        pl.format("mean of previous {} {}s", pl.col("window"), pl.lit(period.value)).alias(
            "compared with"
        ),
        pl.col("mean").round(1),
        pl.when(pl.col("change_pct").is_null())
        .then(pl.lit(""))
        .when(pl.col("change_pct") > 0)
        .then(pl.format("+{}%", pl.col("change_pct")))
        .otherwise(pl.format("{}%", pl.col("change_pct")))
        .alias("change"),
        "label",
    )
    return render(shown, OutputFormat.table)

"""``change`` comparisons as a table for people, or in a machine format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fatalities.vocabulary import ChangePeriod, OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.provenance import Source


def change_output(
    frame: pl.DataFrame,
    period: ChangePeriod,
    measure: str,
    kind: OutputFormat,
    source: Source | None = None,
) -> str:
    """The comparisons frame: a readable table on a terminal, else the frame as ``kind``;
    with its ``source`` as the format carries it (``render.provenance``)."""
    from fatalities.render.provenance import with_source, with_source_text

    if kind is OutputFormat.table:
        return with_source_text(change_table(frame, period, measure), kind, source)
    return with_source(frame, kind, source)


def change_table(frame: pl.DataFrame, period: ChangePeriod, measure: str) -> str:
    """The comparisons for people; "compared with" counts the periods actually averaged."""
    import polars as pl

    from fatalities.core.change import compared_with
    from fatalities.render.text import render

    shown = frame.select(
        "country",
        pl.format("{} to {}", pl.col("period_start"), pl.col("period_end")).alias(period.value),
        measure,
        pl.col("periods_used")
        .map_elements(lambda used: compared_with(used, period), return_dtype=pl.String)
        .alias("compared with"),
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

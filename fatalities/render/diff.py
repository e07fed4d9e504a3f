"""``fatalities diff``'s result as text: per period OLD -> NEW with what explains each
change, the changed events (``--events``), and the source.

- table: one row per period, ``added``/``deleted``/``revised`` cells as ``count (+deaths)``,
  then a line counting the changes and what the revisions changed, then the source;
- CSV/TSV/NDJSON: the period rows (with ``--events``: the event rows), plain numbers;
- JSON: ``{"periods", "events", "counts", "revised_fields", "totals", "source"}``;
- markdown: the period table, the counts line and the source.

>>> import polars as pl
>>> from datetime import date
>>> from fatalities.core.diff import diff
>>> def side(ids, deaths):
...     return pl.DataFrame({"event_id_cnty": ids, "country": ["Mali"] * len(ids),
...                          "event_date": [date(2017, 1, 1)] * len(ids), "fatalities": deaths})
>>> print(diff_text(diff(side(["A", "B"], [5, 2]), side(["A", "C"], [6, 1])), "table", None))
year  old  new  change  old events  new events  added   deleted  revised
2017    7    7       0           2           2  1 (+1)  1 (-2)   1 (+1)
Events: 1 added, 1 deleted, 1 revised (fatalities 1)
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fatalities.render.provenance import with_source_text
from fatalities.render.text import render
from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.diff import Diff
    from fatalities.core.provenance import Source

__all__ = ["counts_line", "diff_text"]


def diff_text(
    result: Diff, output_format: OutputFormat | str, source: Source | None, *, events: bool = False
) -> str:
    """The diff in one output format (module doc); ``events`` adds the changed events."""
    kind = OutputFormat(output_format)
    if kind is OutputFormat.json:
        record: dict[str, Any] = {
            "period": result.period.value,
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "differ": result.differ,
            "counts": result.counts,
            "revised_fields": result.revised_fields,
            "compared": list(result.compared),
            "totals": result.totals(),
            "periods": json.loads(render(result.periods, kind)),
        }
        if events:
            record["events"] = json.loads(render(result.events, kind))
        if source is not None:
            record["source"] = source.as_record()
        return json.dumps(record, indent=2) + "\n"
    if kind in (OutputFormat.csv, OutputFormat.tsv, OutputFormat.ndjson):
        return render(result.events if events else result.periods, kind)
    table = render(_readable(result), kind)
    parts = [table.rstrip("\n")]
    if kind is OutputFormat.markdown:
        parts.append("")
    parts.append(counts_line(result))
    if events:
        listed = render(result.events, kind).rstrip("\n")
        parts.extend(["", listed] if kind is OutputFormat.markdown else [listed])
    text = "\n".join(parts) + ("\n" if kind is OutputFormat.markdown else "")
    return with_source_text(text, kind, source)


def counts_line(result: Diff) -> str:
    """``Events: 1 added, 11 deleted, 289 revised (actors 258, ...)``, or that they agree."""
    if not result.differ:
        return "Events: the same events with the same values in both"
    counts = ", ".join(
        f"{result.counts[name]:,} {name}" for name in ("added", "deleted", "revised")
    )
    fields = ", ".join(f"{name} {count:,}" for name, count in result.revised_fields.items())
    return f"Events: {counts}" + (f" ({fields})" if fields else "")


def _readable(result: Diff) -> pl.DataFrame:
    """The period rows for people: ``count (+deaths)`` cells, blank when nothing changed."""
    import polars as pl

    def signed(value: int) -> str:
        return f"{value:+,}" if value else "0"

    def cell(count: str, deaths: str, sign: int = 1) -> pl.Expr:
        def text(row: dict[str, int]) -> str:
            return f"{row[count]:,} ({signed(row[deaths] * sign)})" if row[count] else ""

        return pl.struct(count, deaths).map_elements(text, return_dtype=pl.String)

    periods = result.periods
    several = periods["country"].n_unique() > 1
    shown = periods.select(
        *([pl.col("country")] if several else []),
        pl.col("period").alias(result.period.value),
        pl.col("old_fatalities").alias("old"),
        pl.col("new_fatalities").alias("new"),
        pl.col("fatality_change").map_elements(signed, return_dtype=pl.String).alias("change"),
        pl.col("old_events").alias("old events"),
        pl.col("new_events").alias("new events"),
        cell("added", "added_fatalities").alias("added"),
        cell("deleted", "deleted_fatalities", -1).alias("deleted"),
        cell("revised", "revised_fatalities").alias("revised"),
    )
    return shown

"""A result's ``source`` in each output format.

- table and markdown: the output ends with one ``Source:`` line; a table from the
  bundled sample also starts with a title saying it is synthetic;
- JSON: rows come as ``{"rows": [...], "source": {...}}``, objects gain a ``source`` key;
- CSV, TSV and NDJSON stay pure data (``--source-line`` puts the citation on stderr).

>>> import polars as pl
>>> from datetime import date
>>> from fatalities.core.provenance import Source
>>> from fatalities.io.provenance import InputFacts
>>> facts = InputFacts("mali.csv", None, "csv", "acled", date(2020, 8, 3), "timestamp",
...                    None, None, 1, 1, 0, False)
>>> frame = pl.DataFrame({"year": [2017], "fatalities": [948]})
>>> print(with_source(frame, "markdown", Source((facts,))), end="")
| year | fatalities |
| --- | --- |
| 2017 | 948 |
<BLANKLINE>
Source: Armed Conflict Location & Event Data (ACLED), release of 2020-08-03 (mali.csv), filters: none
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fatalities.core.provenance import SYNTHETIC, Source
from fatalities.render.text import render
from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    import polars as pl

__all__ = ["json_object", "json_rows", "table_title", "with_source", "with_source_text"]


def table_title(source: Source | None) -> str:
    """The title line a table from the bundled sample starts with ('' for real data).

    >>> from fatalities.io.provenance import InputFacts
    >>> sample = InputFacts("acled_sample.csv", None, "csv", "acled", None, "unknown",
    ...                     None, None, 0, 0, 0, True)
    >>> table_title(Source((sample,)))
    'Synthetic sample data, not ACLED figures\\n'
    """
    if source is None or not source.synthetic:
        return ""
    return SYNTHETIC[0].upper() + SYNTHETIC[1:] + "\n"


def with_source(
    frame: pl.DataFrame,
    output_format: OutputFormat | str,
    source: Source | None,
    *,
    headers: dict[str, str] | None = None,
) -> str:
    """``render(frame)`` with the source as this format carries it (module doc)."""
    kind = OutputFormat(output_format)
    if source is not None and kind is OutputFormat.json:
        return json_rows(json.loads(render(frame, kind)), source)
    return with_source_text(render(frame, kind, headers=headers), kind, source)


def with_source_text(text: str, output_format: OutputFormat | str, source: Source | None) -> str:
    """Text already rendered as a table or markdown, with the title and ``Source:`` line.

    Other formats come back unchanged (JSON objects: see ``json_object``).
    """
    kind = OutputFormat(output_format)
    if source is None:
        return text
    if kind is OutputFormat.table:
        return table_title(source) + text.rstrip("\n") + "\n" + source.line()
    if kind is OutputFormat.markdown:
        return text.rstrip("\n") + "\n\n" + source.line() + "\n"
    return text


def json_rows(rows: list[Any], source: Source) -> str:
    """Rows as ``{"rows": rows, "source": {...}}``."""
    return json.dumps({"rows": rows, "source": source.as_record()}, indent=2) + "\n"


def json_object(record: dict[str, Any], source: Source | None, *, indent: int | None = 2) -> str:
    """An object result with its ``source`` key."""
    body = dict(record)
    if source is not None:
        body["source"] = source.as_record()
    return json.dumps(body, indent=indent) + "\n"

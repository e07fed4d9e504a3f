"""The ``summary`` record as text: sentences for people, JSON, or one delimited row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    from fatalities.core.provenance import Source


def summary_text(
    record: dict[str, object], kind: OutputFormat, source: Source | None = None
) -> str:
    """The summary record as sentences (table, markdown), JSON, or one CSV/TSV row; the
    sentences end with the ``source``'s citation, JSON carries it as ``source``.

    >>> print(summary_text({"year": 2017, "sentences": ["One.", "Two."]}, OutputFormat.table))
    One.
    Two.
    >>> print(summary_text({"year": 2017, "projection_years": [2015, 2016], "sentences": []},
    ...                    OutputFormat.csv), end="")
    year,projection_years
    2017,2015 2016
    """
    import json

    lines = record.get("sentences")
    sentences = [str(line) for line in lines] if isinstance(lines, list) else []
    if source is not None and kind in (OutputFormat.table, OutputFormat.markdown):
        sentences = [*sentences, source.line()]
    if kind is OutputFormat.table:
        return "\n".join(sentences)
    if kind is OutputFormat.markdown:
        return "\n\n".join(sentences) + "\n"
    body = {**record, "source": source.as_record()} if source is not None else record
    if kind is OutputFormat.json:
        return json.dumps(body, indent=2) + "\n"
    if kind is OutputFormat.ndjson:  # one record: the same object as JSON, on one line
        return json.dumps(body) + "\n"
    import polars as pl

    from fatalities.render.text import render

    flat = {
        name: " ".join(str(item) for item in value) if isinstance(value, list) else value
        for name, value in record.items()
        if name not in ("sentences", "covered_from", "not_comparable")  # the header stays
    }
    return render(pl.DataFrame([flat]), kind)

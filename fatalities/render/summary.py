"""The ``summary`` record as text: sentences for people, JSON, or one delimited row."""

from __future__ import annotations

from fatalities.vocabulary import OutputFormat


def summary_text(record: dict[str, object], kind: OutputFormat) -> str:
    """The summary record as sentences (table, markdown), JSON, or one CSV/TSV row.

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
    if kind is OutputFormat.table:
        return "\n".join(sentences)
    if kind is OutputFormat.markdown:
        return "\n\n".join(sentences) + "\n"
    if kind is OutputFormat.json:
        return json.dumps(record, indent=2) + "\n"
    if kind is OutputFormat.ndjson:
        return json.dumps(record) + "\n"
    import polars as pl

    from fatalities.render.text import render

    flat = {
        name: " ".join(str(item) for item in value) if isinstance(value, list) else value
        for name, value in record.items()
        if name != "sentences"
    }
    return render(pl.DataFrame([flat]), kind)

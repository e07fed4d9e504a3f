"""``inspect``'s summaries for people (aligned lines and a table of countries) and as JSON.

>>> from fatalities.core.inspection import failed
>>> print(as_json([failed("x.csv", "x.csv: the file is empty")]).splitlines()[2])
    "path": "x.csv",
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fatalities.core.inspection import InputSummary


def as_json(summaries: list[InputSummary]) -> str:
    """A JSON list, one object per input; dates as ISO text."""
    return json.dumps([asdict(summary) for summary in summaries], indent=2, default=str) + "\n"


def as_text(summary: InputSummary) -> str:
    """A block of aligned lines for a person, with a table of countries."""
    from fatalities.render.text import render
    from fatalities.vocabulary import OutputFormat

    if summary.error is not None:
        return f"{summary.path}\n  error        {summary.error}\n"
    lines = [summary.path]

    def line(label: str, value: str) -> None:
        lines.append(f"  {label:<12} {value}")

    line("format", f"{summary.dialect}: {summary.description}")
    line("source", f"{summary.source} ({_granularity(summary.granularity)})")
    if len(summary.tables) > 1 or summary.tables[:1] != [summary.path]:
        line("tables", ", ".join(summary.tables))
    read = [summary.reader, summary.encoding]
    if summary.delimiter:
        read.append(f"delimiter {summary.delimiter!r}")
    read.append(f"dates {summary.date_format}")
    line("read as", ", ".join(read))
    line("rows", f"{summary.rows:,}")
    line("events", f"{summary.events:,}")
    line("duplicates", f"{summary.duplicates_dropped:,} row(s) dropped")
    if summary.first_date and summary.last_date:
        line("dates", f"{summary.first_date} to {summary.last_date}")
    if summary.coverage_end and summary.coverage_end != summary.last_date:
        line("covers to", f"{summary.coverage_end}")
    line("fatalities", f"{summary.fatalities:,}")
    for release in summary.release:
        line("release", release)
    for releases in summary.releases:
        line("releases", releases)
    line("countries", f"{len(summary.countries)}")
    for note in summary.notes:
        line("note", note)
    for warning in summary.warnings or ["none"]:
        line("warning", warning)
    if summary.countries:
        import polars as pl

        table = pl.DataFrame(
            [asdict(span) for span in summary.countries],
            schema={
                "country": pl.String,
                "first": pl.Date,
                "last": pl.Date,
                "events": pl.Int64,
                "fatalities": pl.Int64,
            },
            orient="row",
        )
        rendered = render(table, OutputFormat.table)
        lines.extend("    " + row for row in rendered.rstrip("\n").splitlines())
    return "\n".join(lines) + "\n"


def _granularity(granularity: str) -> str:
    return {
        "event": "one row per event",
        "month": "aggregated: one row per place and month",
        "week": "aggregated: one row per place and week",
    }.get(granularity, granularity)

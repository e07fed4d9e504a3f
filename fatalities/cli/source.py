"""A result's ``source`` for a command: built from what was loaded and asked for, and
written to stderr with ``--source-line``.

Only JSON shows each input's SHA-256, so only JSON output reads the files for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    from fatalities.cli.console import Console
    from fatalities.core.provenance import Source
    from fatalities.io.load import Loaded


def result_source(
    loaded: Loaded,
    filters: Mapping[str, Any],
    kind: OutputFormat,
    console: Console,
    *,
    source_line: bool = False,
) -> Source:
    """The result's ``Source`` (``core.provenance``); its citation on stderr when asked."""
    from fatalities.core.provenance import describe_source

    source = describe_source(loaded, filters, digests=kind is OutputFormat.json)
    if source_line:
        console.citation(source.line())
    return source


def source_columns(kind: OutputFormat, source_line: bool) -> tuple[str, ...]:
    """Columns to read for the source: ``timestamp`` dates a release, when the output (or
    ``--source-line``) shows it; pure-data pipes skip it (one column fewer to scan).

    >>> source_columns(OutputFormat.csv, False), source_columns(OutputFormat.table, False)
    ((), ('timestamp',))
    """
    shown = kind in (OutputFormat.table, OutputFormat.markdown, OutputFormat.json)
    return ("timestamp",) if shown or source_line else ()

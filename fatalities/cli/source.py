"""A result's ``source`` for a command: built from what was loaded and asked for, and
written to stderr with ``--source-line``.

Only JSON (and a single NDJSON record) shows each input's SHA-256, so only those
outputs read the files for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    from fatalities.cli.console import Console
    from fatalities.core.provenance import Source
    from fatalities.io.results import Loaded


def result_source(
    loaded: Loaded,
    filters: Mapping[str, Any],
    kind: OutputFormat,
    console: Console,
    *,
    source_line: bool = False,
) -> Source:
    """The result's ``Source`` (``core.provenance``); its citation on stderr when asked."""
    from fatalities import __version__
    from fatalities.core.provenance import describe_source

    digests = kind in (OutputFormat.json, OutputFormat.ndjson)
    source = describe_source(loaded, filters, digests=digests, version=__version__)
    if source_line:
        console.citation(source.line())
    return source


def source_columns(kind: OutputFormat, source_line: bool) -> tuple[str, ...]:
    """Columns to read for the source: ``timestamp`` dates a release, when the output (or
    ``--source-line``) may show it; CSV and TSV pipes skip it (one column fewer to scan).

    >>> source_columns(OutputFormat.csv, False), source_columns(OutputFormat.table, False)
    ((), ('timestamp',))
    """
    pure_data = kind in (OutputFormat.csv, OutputFormat.tsv)
    return ("timestamp",) if source_line or not pure_data else ()

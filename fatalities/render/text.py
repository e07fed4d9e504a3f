"""Frames to text: aligned tables for people, CSV/TSV/JSON/NDJSON/Markdown for programs.

Machine formats carry plain numbers (no thousands separators) and stable snake_case
column names; tables group digits for people.

>>> import polars as pl
>>> frame = pl.DataFrame({"year": [2013], "fatalities": [1883], "complete": [True]})
>>> print(render(frame, "csv"), end="")
year,fatalities,complete
2013,1883,true
>>> print(render(frame, "table"))
year  fatalities  complete
2013       1,883  yes
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fatalities.vocabulary import OutputFormat

if TYPE_CHECKING:
    import polars as pl


def render(
    frame: pl.DataFrame,
    output_format: OutputFormat | str,
    *,
    headers: dict[str, str] | None = None,
    fit: TableFit | None = None,
) -> str:
    """The frame in one output format. ``headers`` relabels columns in table/markdown only;
    ``fit`` makes a table fit a terminal's width (``fitted_table``)."""
    kind = OutputFormat(output_format)
    if kind in MACHINE_FORMATS:
        return "".join(render_chunks(frame, kind))
    columns = list(frame.columns)
    rows = frame.rows()
    labels = [(headers or {}).get(column, column) for column in columns]
    if kind is OutputFormat.markdown:
        return markdown_table(labels, [[_machine_cell(v) for v in row] for row in rows])
    plain = [is_identifier_column(column) for column in columns]
    cells = [
        [_machine_cell(v) if keep else human_cell(v) for v, keep in zip(row, plain, strict=True)]
        for row in rows
    ]
    if fit is not None:
        return fitted_table(columns, labels, cells, fit)
    return text_table(labels, cells)


@dataclass(frozen=True)
class TableFit:
    """How a table is made to fit a terminal: its ``width``; ``short`` headers (column ->
    label from a fixed list: ``ytd``, ``Δ``, ``Δ%``, ``rank`` ...) used first; then the
    columns of ``drop_order`` left out, least important first, until it fits."""

    width: int
    short: dict[str, str] = field(default_factory=dict)
    drop_order: tuple[str, ...] = ()


def fitted_table(
    columns: Sequence[str], labels: Sequence[str], rows: Sequence[Sequence[str]], fit: TableFit
) -> str:
    """``text_table`` within ``fit.width`` columns: short headers first, then the least
    important columns left out, with notes (wrapped between words) saying what the short
    headers mean and what was left out. A table that fits is unchanged.

    >>> fit = TableFit(18, {"change": "Δ"}, ("events",))
    >>> print(fitted_table(["year", "change", "events"], ["year", "change", "events"],
    ...                    [["2019", "+1,000", "813"]], fit))
    year       Δ
    2019  +1,000
    Δ = change
    not shown: events
    (--wide shows
    every column)
    """
    if table_width(labels, rows) <= fit.width:
        return text_table(labels, rows)
    shown = [fit.short.get(column, label) for column, label in zip(columns, labels, strict=True)]
    keep = list(range(len(columns)))

    def width_of(kept: list[int]) -> int:
        return table_width([shown[i] for i in kept], [[row[i] for i in kept] for row in rows])

    left_out: list[str] = []
    for name in fit.drop_order:
        if width_of(keep) <= fit.width:
            break
        if name in columns and columns.index(name) in keep:
            keep.remove(columns.index(name))
            left_out.append(labels[columns.index(name)])
    table = text_table([shown[i] for i in keep], [[row[i] for i in keep] for row in rows])
    # A header's meaning and each left-out name stay on one line (no-break spaces).
    meanings = [f"{shown[i]} = {labels[i]}" for i in keep if shown[i] != labels[i]]
    notes = [", ".join(_unbroken(text) for text in meanings)] if meanings else []
    if left_out:
        names = ", ".join(_unbroken(label) for label in left_out)
        notes.append(f"not shown: {names} (--wide shows every column)")
    wrapped = [
        line.replace(_NO_BREAK, " ")
        for note in notes
        for line in textwrap.wrap(note, fit.width, break_long_words=False, break_on_hyphens=False)
    ]
    return "\n".join([table, *wrapped])


_NO_BREAK = "\u00a0"


def _unbroken(text: str) -> str:
    return text.replace(" ", _NO_BREAK)


def wrap_words(text: str, width: int | None) -> str:
    """``text`` in lines of at most ``width`` columns, broken between words only
    (``None``: unchanged).

    >>> print(wrap_words("Source: ACLED, release of 2020-08-03", 20))
    Source: ACLED,
    release of
    2020-08-03
    """
    if width is None:
        return text
    return "\n".join(
        textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    )


def table_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Columns ``text_table`` takes: the widest cell of each column, two spaces between.

    >>> table_width(["a", "bbb"], [["xx", "1"]])
    7
    """
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    return sum(widths) + 2 * max(0, len(widths) - 1)


#: The formats ``render_chunks`` streams.
MACHINE_FORMATS = frozenset(
    {OutputFormat.csv, OutputFormat.tsv, OutputFormat.json, OutputFormat.ndjson}
)
#: Rows turned into text at a time by ``render_chunks``.
CHUNK_ROWS = 20_000


def render_chunks(
    frame: pl.DataFrame, output_format: OutputFormat | str, *, chunk_rows: int = CHUNK_ROWS
) -> Iterator[str]:
    r"""The frame in a machine format (csv, tsv, json, ndjson), ``chunk_rows`` rows at a
    time: a big result is never held as Python values all at once. CSV and TSV are
    written by polars itself when no column holds fractions (fractions keep this
    module's 12 significant digits).

    >>> import polars as pl
    >>> "".join(render_chunks(pl.DataFrame({"a": [1, 2, 3]}), "json", chunk_rows=2))
    '[\n  {\n    "a": 1\n  },\n  {\n    "a": 2\n  },\n  {\n    "a": 3\n  }\n]\n'
    >>> "".join(render_chunks(pl.DataFrame({"a": [1, 2, 3]}), "csv", chunk_rows=2))
    'a\n1\n2\n3\n'
    """
    import polars as pl

    kind = OutputFormat(output_format)
    columns = list(frame.columns)
    if kind in (OutputFormat.csv, OutputFormat.tsv):
        delimiter = "," if kind is OutputFormat.csv else "\t"
        native = all(
            dtype.is_integer() or dtype in (pl.String, pl.Boolean, pl.Date)
            for dtype in frame.schema.values()
        )
        if native and frame.height:
            for index, part in enumerate(frame.iter_slices(chunk_rows)):
                yield part.write_csv(
                    separator=delimiter, include_header=index == 0, line_terminator="\n"
                )
            return
        yield _delimited(columns, [], delimiter)
        for part in frame.iter_slices(chunk_rows):
            yield _delimited(columns, part.rows(), delimiter).split("\n", 1)[1]
        return
    if kind is OutputFormat.ndjson:
        for part in frame.iter_slices(chunk_rows):
            yield "".join(json.dumps(_json_row(columns, row)) + "\n" for row in part.rows())
        return
    if kind is not OutputFormat.json:
        raise ValueError(f"not a machine format: {kind}")
    if frame.height == 0:
        yield "[]\n"
        return
    yield "[\n"
    for index, part in enumerate(frame.iter_slices(chunk_rows)):
        items = ",\n".join(
            textwrap.indent(json.dumps(_json_row(columns, row), indent=2), "  ")
            for row in part.rows()
        )
        yield ("" if index == 0 else ",\n") + items
    yield "\n]\n"


def is_identifier_column(name: str) -> bool:
    """Columns whose numbers are labels (years, codes, ranks): never digit-grouped.

    >>> is_identifier_column("year"), is_identifier_column("highest_since"), is_identifier_column("events")
    (True, True, False)
    """
    return name in IDENTIFIER_COLUMNS or name.endswith(("year", "_since", "_id"))


#: Integer columns shown as written (``2013``, not ``2,013``) in tables.
IDENTIFIER_COLUMNS = frozenset({"year", "iso", "rank", "quarter", "month", "week", "interaction"})


def _delimited(columns: list[str], rows: Sequence[tuple[Any, ...]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_machine_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _json_row(columns: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        column: value.isoformat() if isinstance(value, date | datetime) else value
        for column, value in zip(columns, row, strict=True)
    }


def _machine_cell(value: Any) -> str:
    """A cell for CSV/TSV/Markdown: plain numbers, ``true``/``false``, ISO dates, empty null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        # 12 significant digits: no binary noise (0.1 + 0.2 -> 0.3), no 1.235e+04 for 12345.6
        return f"{value:.12g}" if abs(value) < 1e15 else str(value)
    return str(value)


def human_cell(value: Any) -> str:
    """A cell for people: grouped digits, ``yes``/``no``, one decimal for fractions.

    >>> human_cell(12345), human_cell(False), human_cell(0.256), human_cell(None)
    ('12,345', 'no', '0.3', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned with two spaces; numbers right-aligned, text left-aligned.

    >>> print(text_table(["a", "b"], [["x", "1"], ["yy", "22"]]))
    a    b
    x    1
    yy  22
    """
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    numeric = [
        bool(rows)
        and all(_looks_numeric(row[index]) for row in rows if row[index] not in ("", NOT_COVERED))
        for index in range(len(headers))
    ]
    lines = [_join(headers, widths, numeric)]
    lines.extend(_join(row, widths, numeric) for row in rows)
    return "\n".join(lines)


#: A figure the data do not cover (a year-to-date whose span is not covered), in a table.
NOT_COVERED = "–"


def _join(cells: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    parts = [
        cell.rjust(width) if is_number else cell.ljust(width)
        for cell, width, is_number in zip(cells, widths, numeric, strict=True)
    ]
    return "  ".join(parts).rstrip()


def _looks_numeric(cell: str) -> bool:
    stripped = cell.replace(",", "").replace("%", "").replace("+", "").replace("-", "", 1)
    stripped = stripped.rstrip("*")
    return stripped.replace(".", "", 1).isdigit()


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped).

    >>> print(markdown_table(["a", "b"], [["x", "1"]]), end="")
    | a | b |
    | --- | --- |
    | x | 1 |
    """

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    out = [line(headers), line(["---"] * len(headers))]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"

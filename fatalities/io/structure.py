"""Where a CSV file's structure breaks: rows with more fields than the header, and the
line of a quote that is never closed (or is followed by text).

The scan reads a table with polars and lets it refuse ragged rows; only then does this
module read the file record by record (Python's ``csv``, in a stream) to name the lines,
so a well-formed file costs nothing extra.

>>> damage = ragged_rows(b"a,b\\n1,2\\n1,2,3\\n4,5\\n", ",", header_rows=1, fields=2)
>>> damage.rows, damage.labels
([1], ['line 3: 3 fields'])
>>> quote_problem(b'a,b\\n1,"x"y\\n', ",")
2
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

#: Ragged rows whose line is quoted in a message.
SHOWN = 3


@dataclass
class Ragged:
    """Rows (0-based data-row indexes, as the scan numbers them) with too many fields."""

    rows: list[int] = field(default_factory=list)
    #: ``line N: K fields`` for the first ``SHOWN`` of them.
    labels: list[str] = field(default_factory=list)


@contextmanager
def _text(payload: Path | bytes) -> Iterator[TextIO]:
    stream = io.BytesIO(payload) if isinstance(payload, bytes) else payload.open("rb")
    with stream, io.TextIOWrapper(stream, "utf-8-sig", "replace", newline="") as text:
        yield text


def ragged_rows(payload: Path | bytes, delimiter: str, *, header_rows: int, fields: int) -> Ragged:
    """Data rows with more than ``fields`` fields (``header_rows``: the header, and the
    HXL tag row when there is one, before the first data row)."""
    found = Ragged()
    csv.field_size_limit(2**31 - 1)
    with _text(payload) as text:
        reader = csv.reader(text, delimiter=delimiter)
        previous, index = 0, 0
        for record in reader:
            if record:
                if index >= header_rows and len(record) > fields:
                    found.rows.append(index - header_rows)
                    if len(found.labels) < SHOWN:
                        found.labels.append(f"line {previous + 1:,}: {len(record)} fields")
                index += 1
            previous = reader.line_num
    return found


def quote_problem(payload: Path | bytes, delimiter: str) -> int | None:
    """The line where a quoted field goes wrong: text after its closing quote, or a quote
    never closed (the line it opens on); ``None`` when the quoting is sound."""
    csv.field_size_limit(2**31 - 1)
    with _text(payload) as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        previous = 0
        try:
            for _ in reader:
                previous = reader.line_num
        except csv.Error as error:
            if "eof" in str(error).lower() or "end of data" in str(error).lower():
                return previous + 1
            return reader.line_num
    return None

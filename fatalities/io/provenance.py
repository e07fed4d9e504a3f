"""What each input was, for the ``source`` of a result: file, checksum, format, release.

The loader's ``SourceReport`` knows the format, rows, span and release of every table;
``input_facts`` adds the file's SHA-256 (read only when asked: a big file takes a
moment) and whether it is the bundled synthetic sample.

>>> from fatalities.io.results import SourceReport
>>> facts = input_facts(SourceReport(path="<stdin>", dialect="acled", encoding="utf-8"),
...                     digest=True)
>>> facts.sha256 is None, facts.synthetic
(True, False)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.resources import sample_data_path

if TYPE_CHECKING:
    from fatalities.io.results import SourceReport

__all__ = ["InputFacts", "input_facts", "is_sample", "sha256_of"]

#: Bytes read at a time while hashing.
HASH_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class InputFacts:
    """One input as a result's ``source`` lists it."""

    path: str
    sha256: str | None
    format: str
    dialect: str
    release_date: date | None
    #: How ``release_date`` was found: ``timestamp``, ``file name``, ``modified``, ``unknown``.
    release_basis: str
    first_date: date | None
    last_date: date | None
    rows: int
    selected: int
    duplicates_dropped: int
    synthetic: bool

    def as_record(self) -> dict[str, Any]:
        """Plain JSON-ready values (ISO dates)."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "dialect": self.dialect,
            "release_date": _iso(self.release_date),
            "release_date_from": self.release_basis,
            "covered": {"start": _iso(self.first_date), "end": _iso(self.last_date)},
            "rows": self.rows,
            "rows_selected": self.selected,
            "duplicates_dropped": self.duplicates_dropped,
            "synthetic": self.synthetic,
        }


def input_facts(report: SourceReport, *, digest: bool = True) -> InputFacts:
    """The facts of one loaded table (``digest``: read the file for its SHA-256)."""
    file = report.file
    return InputFacts(
        path=report.path,
        sha256=sha256_of(file) if digest and file is not None and file.is_file() else None,
        format=report.reader,
        dialect=report.dialect,
        release_date=report.release_date,
        release_basis=report.release_basis,
        first_date=report.first_date,
        last_date=report.coverage_end,
        rows=report.rows,
        selected=report.selected,
        duplicates_dropped=report.duplicates_dropped,
        synthetic=is_sample(file),
    )


def is_sample(file: Path | None) -> bool:
    """Whether ``file`` is the bundled synthetic sample data."""
    if file is None:
        return False
    try:
        return file.resolve() == sample_data_path().resolve()
    except OSError:
        return False


def sha256_of(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

"""Inputs that must be unpacked (stdin, gzip, zip members, UTF-16 text) go to temporary
files in chunks, never into memory, and never past a size limit.

A ``Spool`` is a temporary folder that lives as long as one load: ``copy`` writes a
stream to a file in it ``CHUNK_BYTES`` at a time, ``transcode`` re-encodes a text file
as UTF-8 the same way. Everything written counts against ``limit`` (default
``DEFAULT_MAX_INPUT``, 20 GiB; the CLI reads ``FATALITIES_MAX_INPUT``): past it, an
``InputError`` ends the load, so a small archive that inflates to terabytes (a "zip
bomb") costs a bounded amount of disk and almost no memory. The folder is removed when
the load ends; folders left by killed runs are swept by the next one.

>>> import io
>>> with Spool(limit=10) as spool:
...     path = spool.copy("x.gz", io.BytesIO(b"a,b\\n1,2\\n"), what="decompressed")
...     path.read_bytes()
b'a,b\\n1,2\\n'
>>> with Spool(limit=4) as spool:
...     spool.copy("x.gz", io.BytesIO(b"a,b\\n1,2\\n"), what="decompressed")
Traceback (most recent call last):
...
fatalities.errors.InputError: x.gz: more than 4 B once decompressed (the limit FATALITIES_MAX_INPUT sets); pass a smaller input or raise the limit (FATALITIES_MAX_INPUT=40GiB)
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from fatalities.errors import InputError
from fatalities.io.processes import process_alive

#: Bytes written (decompressed, spooled or re-encoded) by one load, at most, by default.
DEFAULT_MAX_INPUT = 20 * 1024**3
#: Bytes read and written at a time.
CHUNK_BYTES = 1024 * 1024
#: Bytes of an unpacked stream read before the rest, to know what it holds.
HEAD_BYTES = 64 * 1024
#: Prefix of a spool folder's name (followed by the process id).
FOLDER_PREFIX = "fatalities-spool-"
#: Byte-order marks of the wide Unicode encodings, longest first (UTF-32 LE starts like UTF-16 LE).
WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from ``20GiB``, ``500M``, ``1.5 GB`` or ``1048576`` (units of 1024).

    >>> parse_size("20GiB") == 20 * 1024**3, parse_size("500m"), parse_size("123")
    (True, 524288000, 123)
    """
    match = _SIZE.match(text)
    if match is None:
        raise InputError(
            f"FATALITIES_MAX_INPUT={text!r} is not a size; use bytes or a unit, as in 20GiB or 500MiB"
        )
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * 1024 ** "_kmgt".index(unit)) if unit else int(number)


def show_size(count: int) -> str:
    """``21474836480`` -> ``20 GiB``.

    >>> show_size(20 * 1024**3), show_size(1536), show_size(4)
    ('20 GiB', '1.5 KiB', '4 B')
    """
    value = float(count)
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    while value >= 1024 and len(units) > 1:
        value /= 1024
        units.pop(0)
    unit = units[0]
    return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"


def wide_encoding(head: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``head`` starts with that encoding's byte-order mark.

    >>> wide_encoding("a,b".encode("utf-16")), wide_encoding(b"a,b")
    ('utf-16', None)
    """
    for bom, encoding in WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def binary_message(name: str) -> str:
    """The one-line error for data that is no text (and no container this tool reads)."""
    return (
        f"{name}: binary data, not a CSV file (nor xlsx, zip, gzip, parquet or JSON); "
        "pass an ACLED or UCDP export"
    )


def looks_binary(head: bytes) -> bool:
    """NUL bytes in the first 4 KiB of what should be text (UTF-16/32 aside).

    >>> looks_binary(bytes(100)), looks_binary("a,b".encode("utf-16")), looks_binary(b"a,b")
    (True, False, False)
    """
    return b"\x00" in head[:4096] and wide_encoding(head) is None


class Spool:
    """A temporary folder for one load's unpacked inputs, with a limit on bytes written."""

    def __init__(self, limit: int | None = None, directory: Path | None = None) -> None:
        self.limit = DEFAULT_MAX_INPUT if limit is None else limit
        self.written = 0
        self._parent = directory
        self._folder: Path | None = None
        self._count = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove every file written (the folder with them)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def new_path(self, suffix: str = "") -> Path:
        """A fresh file name in the spool folder (created on first use)."""
        if self._folder is None:
            parent = self._parent or Path(tempfile.gettempdir())
            sweep_spools(parent)
            self._folder = Path(
                tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=parent)
            )
        self._count += 1
        return self._folder / f"{self._count}{suffix}"

    def copy(self, name: str, stream: BinaryIO, *, what: str, first: bytes = b"") -> Path:
        """``first`` and then the rest of ``stream`` to a new file, in chunks."""
        path = self.new_path()
        with path.open("wb") as out:
            self._write(out, first, name, what)
            while chunk := stream.read(CHUNK_BYTES):
                self._write(out, chunk, name, what)
        return path

    def transcode(self, name: str, source: Path, encoding: str, *, newlines: bool = False) -> Path:
        """``source`` (text in ``encoding``) re-encoded as UTF-8 in a new file, in chunks;
        ``newlines``: a lone carriage return (old Mac line ends) becomes a line feed."""
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        path = self.new_path()
        with source.open("rb") as raw, path.open("wb") as out:
            while True:
                chunk = raw.read(CHUNK_BYTES)
                text = decoder.decode(chunk, final=not chunk)
                if newlines:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                self._write(out, text.encode("utf-8"), name, "re-encoded as UTF-8")
                if not chunk:
                    break
        return path

    def _write(self, out: BinaryIO, data: bytes, name: str, what: str) -> None:
        self.written += len(data)
        if self.written > self.limit:
            raise InputError(
                f"{name}: more than {show_size(self.limit)} once {what} (the limit "
                "FATALITIES_MAX_INPUT sets); pass a smaller input or raise the limit "
                "(FATALITIES_MAX_INPUT=40GiB)"
            )
        out.write(data)


def sweep_spools(parent: Path) -> int:
    """Remove spool folders in ``parent`` whose process is gone (a killed run); how many."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(parent):
            if not entry.name.startswith(FOLDER_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            pid = entry.name[len(FOLDER_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    return removed

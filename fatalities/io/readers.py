"""Containers to tables: whatever a user passes becomes CSV text or a frame of text columns.

The loader only knows two kinds of table: CSV (a file on disk, scanned lazily, or bytes
in memory) and an already-parsed frame whose columns are all text. This module turns
every container into those: directories and globs into their files, ``.gz`` and
``.zip`` into their members, workbooks into their data sheets, JSON/NDJSON (the ACLED
API's ``{"data": [...]}`` or a plain list) and Parquet into frames. The format is
sniffed from the content (magic bytes), so stdin and misnamed files work too.

Nothing is read whole into memory: stdin, gzip and zip members are unpacked to a
``spool.Spool`` in chunks after their first bytes are checked (64 KiB of zeros is
"binary data" at once, not after inflating gigabytes), UTF-16/32 text and old Mac
line ends are re-encoded to UTF-8 files the same way, all within the spool's limit.

>>> sniff_container(b"PAR1....")
'parquet'
>>> sniff_container(b'{"status": 200, "data": []}')
'json'
>>> sniff_container(b"event_id_cnty,event_date")
'csv'
"""

from __future__ import annotations

import glob
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from fatalities.errors import InputError
from fatalities.io.spool import HEAD_BYTES, Spool, binary_message, looks_binary, wide_encoding

if TYPE_CHECKING:
    import polars as pl

STDIN = "-"
#: File name endings read when a directory is given (compressed variants included).
DATA_SUFFIXES: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".tab",
    ".json",
    ".ndjson",
    ".jsonl",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".parquet",
    ".zip",
    ".gz",
)
#: Rows of a sheet searched for its header (a title or notes may sit above it).
HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    """One table of an input, ready for the loader.

    Exactly one of ``path`` (a CSV file on disk: the fast path), ``data`` (CSV bytes)
    or ``frame`` (text columns, header already applied) is set.
    """

    name: str
    reader: str
    path: Path | None = None
    data: bytes | None = None
    frame: pl.LazyFrame | None = None
    #: For frames: the line/row number, in the user's file, of the first data row.
    first_row_number: int = 2
    #: What a row number counts in messages: "line", "row" (a sheet) or "record" (JSON).
    row_unit: str = "line"
    #: Tab-separated by name (``.tsv``/``.tab``); otherwise the delimiter is sniffed.
    tab_separated: bool = False
    #: ``path`` is a temporary file (stdin, an unpacked member): never cached.
    temporary: bool = False
    #: Said once on stderr when the table is read (how it was re-encoded, say).
    note: str | None = None


def expand_sources(sources: Sequence[str | Path]) -> list[str]:
    """Files named directly, inside directories, or matched by globs; each once, in order.

    >>> expand_sources(["-"])
    ['-']
    """
    expanded: list[str] = []
    for source in sources:
        text = str(source)
        if text == STDIN:
            expanded.append(text)
            continue
        path = Path(text)
        if path.is_dir():
            expanded.extend(_files_in(path))
        elif not path.exists() and glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            files = [match for match in matches if Path(match).is_file()]
            if not files:
                raise InputError(f"{text}: no file matches this pattern; check the path")
            expanded.extend(files)
        else:
            expanded.append(text)
    seen: set[str] = set()
    unique: list[str] = []
    for item in expanded:
        key = item if item == STDIN else str(Path(item).resolve())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _files_in(folder: Path) -> list[str]:
    files = sorted(
        str(path)
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.name.lower().endswith(DATA_SUFFIXES)
    )
    if not files:
        raise InputError(
            f"{folder}: no data files in this directory (looked for {', '.join(DATA_SUFFIXES)})"
        )
    return files


#: Spools of ``open_tables`` calls given none (removed when the process ends normally).
_FALLBACK_SPOOLS: list[Spool] = []


def open_tables(source: str, spool: Spool | None = None) -> list[Table]:
    """Every table in one input (a file path or ``-`` for stdin).

    ``spool`` receives what must be unpacked (stdin, archives, UTF-16 text); the tables'
    temporary files live as long as it does.
    """
    if spool is None:
        spool = _fallback_spool()
    if source == STDIN:
        copied = spool.copy("<stdin>", _stdin(), what="read from stdin")
        return tables_from_path("<stdin>", copied, spool, temporary=True)
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file; check the path (or use - to read stdin)")
    if path.is_dir():
        raise InputError(f"{source}: is a directory; pass the files inside it")
    if is_seeds_file(path):
        raise InputError(not_data_message(source))
    return tables_from_path(source, path, spool)


def _fallback_spool() -> Spool:
    import atexit

    if not _FALLBACK_SPOOLS:
        _FALLBACK_SPOOLS.append(Spool())
        atexit.register(_FALLBACK_SPOOLS[0].close)
    return _FALLBACK_SPOOLS[0]


def tables_from_path(
    name: str, path: Path, spool: Spool, *, temporary: bool = False
) -> list[Table]:
    """The tables in one file on disk, sniffed from its first bytes."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    kind = sniff_container(head[:8])
    if kind == "csv":
        return [_text_table(name, path, head, spool, temporary=temporary)]
    if kind == "parquet":
        return [_parquet_table(name, path)]
    if kind == "gzip":
        return _renamed(_gzip_tables(name, path, spool), "gzip")
    if kind == "zip":
        return _zip_tables(name, path, spool)
    if kind == "xls":
        return workbook_tables(name, path)
    if kind == "json":
        return [json_table(name, path.read_bytes())]
    raise AssertionError(kind)  # pragma: no cover


def _text_table(name: str, path: Path, head: bytes, spool: Spool, *, temporary: bool) -> Table:
    """A CSV table; UTF-16/32 text and carriage-return-only line ends re-encoded first."""
    wide = wide_encoding(head)
    if wide is not None:
        utf8 = spool.transcode(name, path, wide, newlines=_cr_only(head.decode(wide, "ignore")))
        inner = tables_from_path(name, utf8, spool, temporary=True)
        for table in inner:
            table.note = f"{name}: decoded as {wide.upper()} (byte-order mark), not UTF-8"
        if len(inner) != 1:  # pragma: no cover - re-encoded text is text
            raise InputError(f"{name}: not a table once decoded as {wide}")
        return inner[0]
    if looks_binary(head):
        raise InputError(binary_message(name))
    if _cr_only(head.decode("latin-1")):
        path = spool.transcode(name, path, "latin-1" if _not_utf8(head) else "utf-8", newlines=True)
        table = _csv_table(name, path=path)
        table.temporary = True
        table.note = f"{name}: lines end in carriage returns only (old Mac style); read as lines"
        return table
    table = _csv_table(name, path=path)
    table.temporary = temporary
    return table


def _cr_only(head: str) -> bool:
    r"""Lines that end in a lone carriage return (no line feed in sight).

    >>> _cr_only("a,b\rc,d\r"), _cr_only("a,b\r\nc,d\r\n"), _cr_only("a,b")
    (True, False, False)
    """
    return "\r" in head and "\n" not in head


def _not_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start < len(head) - 4  # not just a character cut at the head's end
    return False


def _gzip_tables(name: str, path: Path, spool: Spool) -> list[Table]:
    """A gzip file's content, checked from its first bytes, then unpacked in chunks."""
    import gzip
    import zlib

    try:
        with gzip.open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
            _check_unpacked_head(name, head)
            inner = spool.copy(name, stream, what="decompressed", first=head)  # type: ignore[arg-type]
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(
            f"{name}: a damaged gzip file ({error}); download or compress it again"
        ) from None
    return tables_from_path(name, inner, spool, temporary=True)


def _check_unpacked_head(name: str, head: bytes) -> None:
    """Refuse what an archive holds from its first bytes: zeros or other binary data."""
    if sniff_container(head[:8]) == "csv" and looks_binary(head):
        raise InputError(binary_message(name))
    if not head.strip():
        raise InputError(f"{name}: the file is empty; export the data again")


def _stdin() -> BinaryIO:
    return sys.stdin.buffer


def sniff_container(head: bytes) -> str:
    """``zip`` (also xlsx), ``gzip``, ``parquet``, ``xls``, ``json`` or ``csv``, from the first bytes."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"[")):
        return "json"
    return "csv"


def _renamed(tables: list[Table], prefix: str) -> list[Table]:
    for table in tables:
        table.reader = f"{prefix}+{table.reader}"
    return tables


def _csv_table(name: str, *, path: Path | None = None, data: bytes | None = None) -> Table:
    lowered = name.lower().removesuffix(".gz")
    return Table(
        name=name,
        reader="csv",
        path=path,
        data=data,
        tab_separated=lowered.endswith((".tsv", ".tab")),
    )


def _zip_tables(name: str, path: Path, spool: Spool) -> list[Table]:
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"{name}: a damaged zip file ({error}); download it again") from None
    with archive:
        members = archive.namelist()
        if "xl/workbook.xml" in members or "[Content_Types].xml" in members:
            return workbook_tables(name, path)
        wanted = [
            member
            for member in members
            if not member.endswith("/")
            and not member.startswith("__MACOSX/")
            and not Path(member).name.startswith(".")
            and member.lower().endswith(DATA_SUFFIXES)
        ]
        if not wanted:
            listed = ", ".join(members[:5]) or "nothing"
            raise InputError(f"{name}: the zip holds no data file (it holds: {listed})")
        tables: list[Table] = []
        for member in wanted:
            label = f"{name}:{member}"
            try:
                with archive.open(member) as stream:
                    head = stream.read(HEAD_BYTES)
                    _check_unpacked_head(label, head)
                    inner = spool.copy(label, stream, what="decompressed", first=head)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                raise InputError(
                    f"{label}: a damaged zip member ({error}); download it again"
                ) from None
            tables.extend(tables_from_path(label, inner, spool, temporary=True))
    return _renamed(tables, "zip")


def workbook_tables(name: str, source: bytes | Path) -> list[Table]:
    """Every sheet whose header is a known format (terms-of-use and notes sheets are skipped).

    The header may sit in any of the first rows; cells are read as text (Excel dates
    come out as ``2016-01-01 00:00:00``).
    """
    import fastexcel
    import polars as pl

    try:
        workbook = fastexcel.read_excel(source if isinstance(source, bytes) else str(source))
    except Exception as error:  # fastexcel raises its own error types
        raise InputError(
            f"{name}: not a readable Excel workbook ({_first_line(error)}); save it again as .xlsx"
        ) from None
    tables: list[Table] = []
    for sheet_name in workbook.sheet_names:
        sheet = workbook.load_sheet(sheet_name, header_row=None, dtypes="string").to_polars()
        found = _find_header(sheet)
        if found is None:
            continue
        index, header = found
        columns = unique_columns(header)
        body = sheet.slice(index + 1).rename(dict(zip(sheet.columns, columns, strict=True)))
        body = body.filter(~pl.all_horizontal(pl.all().is_null()))
        tables.append(
            Table(
                name=f"{name}[{sheet_name}]",
                reader="xlsx",
                frame=body.lazy(),
                first_row_number=index + 2,
                row_unit="row",
            )
        )
    if not tables:
        sheets = ", ".join(workbook.sheet_names) or "none"
        raise InputError(
            f"{name}: no sheet holds ACLED- or UCDP-style data (sheets: {sheets}); "
            "check that the workbook has a sheet with event_date/country/fatalities "
            "or Country/Month/Year/Events/Fatalities columns"
        )
    return tables


def _find_header(sheet: pl.DataFrame) -> tuple[int, list[str]] | None:
    """The first of a sheet's first rows that a dialect recognises as a header."""
    from fatalities.io.dialects import find_dialect

    for index, row in enumerate(sheet.head(HEADER_SEARCH_ROWS).rows()):
        header = ["" if cell is None else str(cell) for cell in row]
        if find_dialect(unique_columns(header)) is not None:
            return index, header
    return None


def unique_columns(header: Iterable[str | None]) -> list[str]:
    """Normalised, unique column names (empty ones become ``_unnamed_<i>``).

    >>> unique_columns(["EVENT_DATE", "", "", "Fatalities"])
    ['event_date', '_unnamed_1', '_unnamed_2', 'fatalities']
    """
    from fatalities.io.dialects import normalise_header

    seen: set[str] = set()
    columns: list[str] = []
    for index, raw in enumerate(header):
        column = normalise_header(raw or "") or f"_unnamed_{index}"
        while column in seen:
            column = f"{column}_{index}"
        seen.add(column)
        columns.append(column)
    return columns


def _parquet_table(name: str, source: bytes | Path) -> Table:
    import polars as pl

    try:
        lazy = (
            pl.scan_parquet(source, glob=False)
            if isinstance(source, Path)
            else pl.read_parquet(io.BytesIO(source)).lazy()
        )
        names = lazy.collect_schema().names()
    except pl.exceptions.PolarsError as error:
        raise InputError(f"{name}: not a readable Parquet file ({_first_line(error)})") from None
    columns = unique_columns(names)
    text = lazy.select(
        pl.col(original).cast(pl.String).alias(column)
        for original, column in zip(names, columns, strict=True)
    )
    return Table(name=name, reader="parquet", frame=text, row_unit="row", first_row_number=1)


def json_table(name: str, data: bytes) -> Table:
    """ACLED API JSON (``{"data": [...]}``), a list of records, or NDJSON, as a text frame.

    A JSON object without records (an API error, say) is an ``InputError`` quoting it.
    """
    import polars as pl

    text = data.decode("utf-8-sig", errors="replace")
    records, reader = _json_records(name, text)
    if not records:
        raise InputError(f"{name}: the JSON holds no records (an empty query result?)")
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    header = list(keys)
    columns = unique_columns(header)
    values = {
        column: [_json_text(record.get(key)) for record in records]
        for key, column in zip(header, columns, strict=True)
    }
    frame = pl.DataFrame(values, schema=dict.fromkeys(columns, pl.String))
    return Table(
        name=name, reader=reader, frame=frame.lazy(), row_unit="record", first_row_number=1
    )


def _json_records(name: str, text: str) -> tuple[list[dict[str, Any]], str]:
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputError(
            f"{name}: the JSON is nested too deeply to read; pass a flat list of event records"
        ) from None
    except json.JSONDecodeError as error:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            try:
                return [
                    _record(name, json.loads(line), i) for i, line in enumerate(lines, 1)
                ], "ndjson"
            except json.JSONDecodeError:
                pass
        raise InputError(
            f"{name}: broken JSON at line {error.lineno} ({error.msg}); download it again"
        ) from None
    if isinstance(document, dict):
        rows = document.get("data")
        if isinstance(rows, list):
            return [_record(name, row, i) for i, row in enumerate(rows, 1)], "json"
        if _is_one_record(document):
            return [document], "ndjson"
        raise InputError(f"{name}: {_json_error(document)}")
    if isinstance(document, list):
        return [_record(name, row, i) for i, row in enumerate(document, 1)], "json"
    raise InputError(f"{name}: JSON holding {type(document).__name__}, not a list of events")


def _is_one_record(document: dict[str, Any]) -> bool:
    """A lone event object (one-line NDJSON), not an API envelope or an error.

    >>> _is_one_record({"event_date": "2020-01-01", "fatalities": 1})
    True
    >>> _is_one_record({"success": False, "message": "Not found"})
    False
    """
    envelope = {"error", "message", "messages", "success", "status", "data"}
    return not envelope & set(document) and all(
        not isinstance(value, dict | list) for value in document.values()
    )


def _record(name: str, row: object, number: int) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise InputError(f"{name}: JSON record {number} is not an object; expected event records")
    return row


def _json_error(document: dict[str, Any]) -> str:
    """One line for a JSON object that holds no ``data`` list (usually an API error).

    >>> _json_error({"success": False, "error": {"status": 403, "message": "Access denied"}})
    "a JSON error response, not data ('Access denied'); check the query or download again"
    """
    message = document.get("error") or document.get("message") or document.get("messages")
    if isinstance(message, dict):
        message = message.get("message") or message.get("msg") or json.dumps(message)
    if message:
        text = " ".join(str(message).split())[:160]
        return f"a JSON error response, not data ({text!r}); check the query or download again"
    keys = ", ".join(list(document)[:8])
    return f"JSON without a 'data' list of events (keys: {keys}); pass ACLED API output or a list"


def _json_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


#: The file name ending of seeds (and claims) files.
SEEDS_SUFFIX = ".toml"


def is_seeds_file(source: str | Path) -> bool:
    """Whether an input names a seeds file (TOML) rather than data.

    >>> is_seeds_file("seeds/mali_2017_article.toml"), is_seeds_file("export.csv")
    (True, False)
    """
    return str(source) != "-" and Path(str(source)).suffix.lower() == SEEDS_SUFFIX


def not_data_message(source: str) -> str:
    """The error for a seeds file given to a command that reads data.

    >>> not_data_message("x.toml")[:56]
    'x.toml: a seeds file (figures a publication quoted), not'
    """
    return (
        f"{source}: a seeds file (figures a publication quoted), not event data; "
        f"`fatalities trend {source}` prints its figures and `fatalities check DATA "
        f"--claims {source}` compares them with data"
    )

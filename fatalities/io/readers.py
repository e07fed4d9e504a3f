"""Containers to tables: whatever a user passes becomes CSV text or a frame of text columns.

The loader only knows two kinds of table: CSV (a file on disk, scanned lazily, or bytes
in memory) and an already-parsed frame whose columns are all text. This module turns
every container into those: directories and globs into their files, ``.gz`` and
``.zip`` into their members, workbooks into their data sheets, JSON/NDJSON (the ACLED
API's ``{"data": [...]}`` or a plain list) and Parquet into frames. The format is
sniffed from the content (magic bytes), so stdin and misnamed files work too.

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
from typing import TYPE_CHECKING, Any

from fatalities.errors import InputError

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


def open_tables(source: str) -> list[Table]:
    """Every table in one input (a file path or ``-`` for stdin)."""
    if source == STDIN:
        return tables_from_bytes("<stdin>", _read_stdin())
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file; check the path (or use - to read stdin)")
    if path.is_dir():
        raise InputError(f"{source}: is a directory; pass the files inside it")
    if is_seeds_file(path):
        raise InputError(not_data_message(source))
    with path.open("rb") as handle:
        magic = handle.read(8)
    kind = sniff_container(magic)
    if kind == "csv":
        return [_csv_table(source, path=path)]
    if kind == "parquet":
        return [_parquet_table(source, path)]
    if kind in {"zip", "gzip", "xls", "json"}:
        return tables_from_bytes(source, path.read_bytes())
    raise AssertionError(kind)  # pragma: no cover


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


def tables_from_bytes(name: str, data: bytes) -> list[Table]:
    """The tables in an input held in memory (stdin, a compressed member)."""
    kind = sniff_container(data[:8])
    if kind == "gzip":
        import gzip

        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError(
                f"{name}: a damaged gzip file ({error}); download or compress it again"
            ) from None
        return _renamed(tables_from_bytes(name, inner), "gzip")
    if kind == "zip":
        return _zip_tables(name, data)
    if kind == "xls":
        return workbook_tables(name, data)
    if kind == "parquet":
        return [_parquet_table(name, data)]
    if kind == "json":
        return [json_table(name, data)]
    return [_csv_table(name, data=data)]


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


def _zip_tables(name: str, data: bytes) -> list[Table]:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise InputError(f"{name}: a damaged zip file ({error}); download it again") from None
    with archive:
        members = archive.namelist()
        if "xl/workbook.xml" in members or "[Content_Types].xml" in members:
            return workbook_tables(name, data)
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
            tables.extend(tables_from_bytes(f"{name}:{member}", archive.read(member)))
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


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


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

"""What a table's first rows say about the rest of it: encoding, delimiter, header, format.

``decode_head`` and ``split_records`` read the head of CSV text (refusing empty,
binary and HTML input); ``describe`` turns a header and a few rows, from any
container, into a ``Layout``: the dialect, which source column feeds each canonical
column, whether an HXL tag row follows the header, and the one date format used for
every row.

>>> layout = describe(
...     ["event_id_cnty", "event_date", "country", "fatalities"],
...     [["MLI1", "20 November 2017", "Mali", "3"]],
...     "e.csv",
... )
>>> layout.dialect.name, layout.date_format
('acled', '%d %B %Y')
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fatalities.errors import InputError
from fatalities.io.dialects import EXCEL_SERIAL, Dialect, detect, find_dialect
from fatalities.io.readers import unique_columns
from fatalities.schema import REQUIRED_COLUMNS

if TYPE_CHECKING:
    import polars as pl

#: Dates sampled from the head to choose the one date format used for every row.
DATE_SAMPLE = 500
#: Delimiters tried, in order, when the header does not match with commas.
DELIMITERS: tuple[str, ...] = (",", "\t", ";", "|")
#: Parsed sample dates outside these years mean the format is wrong (``%Y`` read "17").
PLAUSIBLE_YEARS = (1900, 2100)


@dataclass
class Layout:
    """How to read one table: its dialect, columns, HXL row and date format."""

    header: list[str]
    columns: list[str]
    dialect: Dialect
    #: Canonical column -> the (normalised) source column that provides it.
    source_of: dict[str, str]
    skip_hxl_row: bool
    date_format: str
    #: Fields in the first data record (to spot a cut-off last record).
    data_fields: int
    encoding: str = "utf-8"
    delimiter: str = ","


def decode_head(head: bytes, name: str, *, complete: bool) -> tuple[str, str]:
    """``(encoding, text)`` of a CSV file's first bytes; UTF-8, else Windows-1252.

    Raises ``InputError`` for empty files, binary data and HTML pages.
    """
    if not head.strip():
        raise InputError(f"{name}: the file is empty; export the data again")
    if b"\x00" in head[:4096]:
        raise InputError(
            f"{name}: binary data, not a CSV file (nor xlsx, zip, gzip, parquet or JSON); "
            "pass an ACLED or UCDP export"
        )
    encoding = "utf-8"
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=complete)
    except UnicodeDecodeError:
        encoding = "cp1252"
        text = head.decode("cp1252", errors="replace")
    lowered = text.lstrip()[:300].lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")) or (
        "<html" in lowered and "," not in lowered.split("\n", 1)[0]
    ):
        raise InputError(
            f"{name}: an HTML page, not data (a failed download saved as CSV?); "
            "download the file again"
        )
    return encoding, text


def split_records(
    text: str, name: str, *, complete: bool, tab_separated: bool = False
) -> tuple[str, list[list[str]]]:
    """``(delimiter, records)`` of a CSV head: the delimiter whose header a dialect knows.

    A cut-off last record (the head ends mid-file) is dropped. When no delimiter gives
    a known header, the reading with the most columns is returned and ``describe``
    says which columns are missing.
    """
    if not complete:
        text = text[: max(text.rfind("\n"), 0)]
    order = ("\t", *DELIMITERS) if tab_separated else DELIMITERS
    readings: list[tuple[str, list[list[str]]]] = []
    for delimiter in order:
        records = _records(text, delimiter)
        if records and find_dialect(unique_columns(records[0])) is not None:
            return delimiter, records
        readings.append((delimiter, records))
    delimiter, records = max(readings, key=lambda reading: len(reading[1][0]) if reading[1] else 0)
    if not records:
        raise InputError(f"{name}: no header row found; export the data again")
    return delimiter, records


def _records(text: str, delimiter: str) -> list[list[str]]:
    try:
        return [
            row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row
        ]
    except csv.Error:
        first_line = text.split("\n", 1)[0]
        return [row for row in csv.reader(io.StringIO(first_line), delimiter=delimiter) if row]


def describe(
    header: list[str],
    rows: list[list[str]],
    name: str,
    *,
    estimate: str = "best",
) -> Layout:
    """The layout of a table from its header and first data rows (HXL row included)."""
    columns = unique_columns(header)
    dialect = detect(columns, path=name)
    source_of = dialect.resolve(columns)
    if dialect.estimates:
        if estimate not in dialect.estimates:
            choices = ", ".join(dialect.estimates)
            raise InputError(f"--estimate {estimate!r} is not known; use one of {choices}")
        column = dialect.estimates[estimate]
        if column not in columns:
            raise InputError(
                f"{name}: no {column!r} column for --estimate {estimate}; "
                f"found: {', '.join(c for c in columns if not c.startswith('_unnamed_'))}"
            )
        source_of["fatalities"] = column
    missing = [column for column in REQUIRED_COLUMNS if column not in source_of]
    if missing:
        raise InputError(
            f"{name}: missing required column(s) {', '.join(missing)}; found: "
            f"{', '.join(c for c in header if c and c.strip())}"
        )
    skip_hxl_row = bool(rows) and is_hxl_row(rows[0])
    data_rows = rows[1:] if skip_hxl_row else rows
    if not data_rows:
        raise InputError(f"{name}: header only, no data rows; export the data again")
    sample = [
        value
        for value in (date_text(row, columns, source_of, dialect) for row in data_rows)
        if value
    ][:DATE_SAMPLE]
    return Layout(
        header=header,
        columns=columns,
        dialect=dialect,
        source_of=source_of,
        skip_hxl_row=skip_hxl_row,
        date_format=choose_date_format(sample, dialect, name),
        data_fields=len(data_rows[0]),
    )


def date_text(
    row: list[str], columns: list[str], source_of: dict[str, str], dialect: Dialect
) -> str:
    """The text a row's date is parsed from (one column, or the dialect's date parts)."""
    parts = dialect.date_parts or (source_of["event_date"],)
    values: list[str] = []
    for part in parts:
        index = columns.index(part) if part in columns else -1
        value = row[index] if 0 <= index < len(row) and row[index] is not None else ""
        values.append(
            _strip_float_zero(str(value).strip()) if dialect.date_parts else str(value).strip()
        )
    return " ".join(values).strip()


def _strip_float_zero(value: str) -> str:
    """``"1997.0"`` -> ``"1997"`` (a year written by a float-minded tool)."""
    head, dot, tail = value.partition(".")
    return head if dot and tail.strip("0") == "" and head.isdigit() else value


def is_hxl_row(row: list[str]) -> bool:
    """An HXL hashtag row: every non-empty cell starts with ``#``.

    >>> is_hxl_row(["", "#date+year", "#affected+killed"])
    True
    """
    cells = [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]
    return bool(cells) and all(cell.startswith("#") for cell in cells)


def choose_date_format(sample: list[str], dialect: Dialect, name: str) -> str:
    """The dialect's date format that parses the most sampled dates (earlier wins ties).

    At least half the sample must parse to plausible dates; the rest become bad rows.
    """
    import polars as pl

    if not sample:
        raise InputError(f"{name}: no dates in the first rows; check the event_date column")
    values = pl.Series(sample, dtype=pl.String)
    best, best_count = "", 0
    for date_format in dialect.date_formats:
        parsed = _parse_sample(values, date_format)
        count = 0 if parsed is None else _plausible(parsed)
        if count > best_count:
            best, best_count = date_format, count
        if count == len(sample):
            break
    if best_count * 2 < len(sample):
        raise InputError(
            f"{name}: event_date values such as {sample[0]!r} are in no known date format; "
            "use ISO dates (2017-11-20)"
        )
    return best


def _plausible(parsed: pl.Series) -> int:
    import polars as pl

    low, high = PLAUSIBLE_YEARS
    return int(
        parsed.to_frame("d")
        .select(pl.col("d").is_between(date(low, 1, 1), date(high, 12, 31)).sum())
        .item()
    )


def _parse_sample(values: pl.Series, date_format: str) -> pl.Series | None:
    import polars as pl

    try:
        return values.to_frame("d").select(parse_date(pl.col("d"), date_format)).to_series()
    except pl.exceptions.PolarsError:
        return None


def parse_date(raw: pl.Expr, date_format: str) -> pl.Expr:
    """One fixed format for every row; unparsable values become null (checked later).

    >>> import polars as pl
    >>> frame = pl.DataFrame({"d": ["42370", "x"]})
    >>> frame.select(parse_date(pl.col("d"), "excel-serial")).to_series().to_list()
    [datetime.date(2016, 1, 1), None]
    """
    import polars as pl

    if date_format == EXCEL_SERIAL:
        days = raw.cast(pl.Float64, strict=False)
        days = pl.when(days.is_between(1, 2_958_465)).then(days)
        return (pl.lit(date(1899, 12, 30)) + pl.duration(days=days.floor().cast(pl.Int64))).cast(
            pl.Date
        )
    if "%H" in date_format:
        return raw.str.strptime(pl.Datetime, date_format, strict=False).dt.date()
    return raw.str.strptime(pl.Date, date_format, strict=False)


def last_record_cut(tail: str, fields: int, delimiter: str) -> int | None:
    """Fields in the file's last record when it is cut short, else ``None``.

    ``tail`` is the end of the file (a few kB). The last record is complete when some
    run of final lines parses as exactly one record with all its fields and closed quotes.

    >>> last_record_cut("MLI1,2017-11-20,Mali,3\\nMLI2,2017-11-2", 4, ",")
    2
    >>> last_record_cut('x\\nMLI1,2017-11-20,"two\\nlines",3\\n', 4, ",") is None
    True
    """
    body = tail.rstrip("\r\n")
    if not body:
        return None
    lines = body.split("\n")
    for count in range(1, min(len(lines), 60) + 1):
        chunk = "\n".join(lines[-count:])
        try:
            records = list(
                csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter, strict=True)
            )
        except csv.Error:
            continue
        if len(records) == 1 and len(records[0]) >= fields:
            return None
        if count == len(lines) and len(records) == 1:
            break
    last = list(csv.reader(io.StringIO(lines[-1], newline=""), delimiter=delimiter))
    return len(last[0]) if last else 0

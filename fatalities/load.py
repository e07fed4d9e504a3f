"""Read event files (or stdin) into the canonical frame of ``schema.py``.

The path is one direction: sniff the file's head (encoding, header, HXL row),
``dialects.detect`` the format, scan lazily with only the needed columns, filter
the selected countries *before* parsing dates, then validate, deduplicate and
return a ``Loaded`` (the frame plus one ``SourceReport`` per input).

>>> from pathlib import Path
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp, "e.csv")
...     _ = path.write_text(
...         "event_id_cnty,event_date,country,fatalities\\n"
...         "MLI1,2017-11-20,Mali,3\\nMLI1,2017-11-20,Mali,3\\n"
...     )
...     loaded = load([path])
>>> loaded.frame["fatalities"].to_list(), loaded.duplicates_dropped
([3], 1)
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from fatalities.dialects import Dialect, detect, normalise_header
from fatalities.errors import InputError, SelectionError
from fatalities.schema import CANONICAL_COLUMNS, REQUIRED_COLUMNS

if TYPE_CHECKING:
    import polars as pl

#: Bytes read from the start of a file to sniff its encoding, header and dates.
HEAD_BYTES = 256 * 1024
#: Dates sampled from the head to choose the one date format used for every row.
DATE_SAMPLE = 500
STDIN = "-"
_ROW = "__row"
_RAW_DATE = "__raw_date"
_RAW_FATALITIES = "__raw_fatalities"


@dataclass
class SourceReport:
    """What loading one input found: format, size, and anything a user should know."""

    path: str
    dialect: str
    encoding: str
    rows: int = 0
    events: int = 0
    duplicates_dropped: int = 0
    date_format: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    """The canonical frame of every input, deduplicated, plus per-input reports."""

    frame: pl.DataFrame
    reports: list[SourceReport]
    duplicates_dropped: int
    #: Latest event date in the inputs, before any country selection (data coverage).
    coverage_end: date | None
    source_label: str = "ACLED"

    @property
    def warnings(self) -> list[str]:
        """Every warning of every input, prefixed by its file name."""
        return [warning for report in self.reports for warning in report.warnings]


@dataclass
class _Sniff:
    """What the head of a file says about the rest of it."""

    header: list[str]
    columns: list[str]
    encoding: str
    skip_hxl_row: bool
    dialect: Dialect
    source_of: dict[str, str]
    date_format: str


def load(
    sources: Sequence[str | Path],
    *,
    countries: Sequence[str] | None = None,
) -> Loaded:
    """Load one or more event files (``"-"`` for stdin) into one canonical frame.

    ``countries`` (matched case-insensitively) is applied while scanning, before
    dates are parsed, so unselected rows cost only the scan. Events listed more than
    once (monadic exports, overlapping files) count once: the row with the latest
    ``timestamp`` is kept.
    """
    import polars as pl

    if not sources:
        raise InputError("no input files given: pass a path, a list of paths, or - for stdin")
    wanted = [name.strip().lower() for name in countries or () if name.strip()]
    frames: list[pl.DataFrame] = []
    reports: list[SourceReport] = []
    coverage: list[date] = []
    for source in sources:
        frame, report, source_end = _load_one(str(source), wanted)
        frames.append(frame)
        reports.append(report)
        if source_end is not None:
            coverage.append(source_end)
    combined = pl.concat(frames, how="vertical_relaxed") if len(frames) > 1 else frames[0]
    deduplicated = deduplicate(combined)
    dropped = combined.height - deduplicated.height
    if wanted:
        _check_countries_found(deduplicated, wanted, sources)
    return Loaded(
        frame=deduplicated,
        reports=reports,
        duplicates_dropped=dropped,
        coverage_end=max(coverage) if coverage else None,
    )


def deduplicate(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per ``event_id_cnty`` (the latest ``timestamp`` wins); rows without an id stay.

    >>> import polars as pl
    >>> rows = pl.DataFrame({"event_id_cnty": ["A", "A", None], "timestamp": [1, 2, 3],
    ...                      "fatalities": [1, 5, 2]})
    >>> deduplicate(rows).sort("timestamp")["fatalities"].to_list()
    [5, 2]
    """
    import polars as pl

    with_id = frame.filter(pl.col("event_id_cnty").is_not_null())
    without_id = frame.filter(pl.col("event_id_cnty").is_null())
    if with_id.height == with_id["event_id_cnty"].n_unique():
        return frame
    kept = with_id.sort("timestamp", nulls_last=False, maintain_order=True).unique(
        subset="event_id_cnty", keep="last", maintain_order=True
    )
    return pl.concat([kept, without_id])


def _load_one(source: str, wanted: list[str]) -> tuple[pl.DataFrame, SourceReport, date | None]:
    """Scan, select, validate and canonicalise one input."""
    import polars as pl

    data = _read_stdin() if source == STDIN else None
    name = "<stdin>" if source == STDIN else source
    if data is None:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{name}: no such file; check the path (or use - to read stdin)")
        if path.is_dir():
            raise InputError(f"{name}: is a directory; pass the CSV files inside it")
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    else:
        head = data[:HEAD_BYTES]
    sniff = _sniff(head, name, complete=data is not None or len(head) < HEAD_BYTES)
    report = SourceReport(
        path=name,
        dialect=sniff.dialect.name,
        encoding=sniff.encoding,
        date_format=sniff.date_format,
    )
    if sniff.encoding != "utf-8":
        report.warnings.append(f"{name}: decoded as {sniff.encoding} (not valid UTF-8)")
        if data is None:
            data = Path(source).read_bytes()
        data = data.decode(sniff.encoding, errors="replace").encode("utf-8")

    def scan(payload: bytes | None) -> pl.LazyFrame:
        return pl.scan_csv(
            io.BytesIO(payload) if payload is not None else source,
            infer_schema=False,
            new_columns=sniff.columns,
            skip_rows_after_header=1 if sniff.skip_hxl_row else 0,
            row_index_name=_ROW,
            truncate_ragged_lines=True,
            missing_columns="insert",
        )

    try:
        lazy = scan(data)
        selected, coverage_query = _canonical_query(lazy, sniff, wanted)
        frame, coverage_frame = pl.collect_all([selected, coverage_query])
    except pl.exceptions.ComputeError as error:
        if "utf-8" in str(error).lower() and sniff.encoding == "utf-8":
            sniff.encoding = "cp1252"
            report.encoding = "cp1252"
            report.warnings.append(f"{name}: decoded as cp1252 (not valid UTF-8)")
            raw = data if data is not None else Path(source).read_bytes()
            data = raw.decode("cp1252", errors="replace").encode("utf-8")
            selected, coverage_query = _canonical_query(scan(data), sniff, wanted)
            frame, coverage_frame = pl.collect_all([selected, coverage_query])
        else:
            raise InputError(f"{name}: cannot be read as CSV ({_first_line(error)})") from error
    frame = _validate(frame, sniff, name, report)
    report.rows = frame.height
    report.events = frame["event_id_cnty"].n_unique() if frame.height else 0
    report.duplicates_dropped = report.rows - report.events
    coverage_end = coverage_frame.item(0, 0) if coverage_frame.height else None
    frame = frame.with_columns(pl.lit(name).alias("source_file"))
    return frame, report, coverage_end


def _canonical_query(
    lazy: pl.LazyFrame, sniff: _Sniff, wanted: list[str]
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The selection query (filtered, dates parsed) and the coverage query (max date)."""
    import polars as pl

    source_of = sniff.source_of
    text = [
        pl.col(source_of[column]).str.strip_chars().alias(column)
        for column, dtype in CANONICAL_COLUMNS.items()
        if dtype == "String" and column in source_of and column not in {"event_id_cnty"}
    ]
    projected = lazy.select(
        pl.col(_ROW),
        pl.col(source_of["event_date"]).str.strip_chars().alias(_RAW_DATE),
        pl.col(source_of["fatalities"]).alias(_RAW_FATALITIES),
        *text,
        *(
            [pl.col(source_of["event_id_cnty"]).str.strip_chars().alias("event_id_cnty")]
            if "event_id_cnty" in source_of
            else [pl.lit(None, dtype=pl.String).alias("event_id_cnty")]
        ),
        *(
            [
                pl.col(source_of[name]).alias(name)
                for name in ("iso", "timestamp", "source_year")
                if name in source_of
            ]
        ),
    )
    if wanted:
        projected = projected.filter(pl.col("country").str.to_lowercase().is_in(wanted))
    parsed = projected.with_columns(
        _parse_date(pl.col(_RAW_DATE), sniff.date_format).alias("event_date")
    )
    coverage = lazy.select(
        _parse_date(pl.col(source_of["event_date"]).str.strip_chars(), sniff.date_format)
        .max()
        .alias("coverage_end")
    )
    return parsed, coverage


def _parse_date(raw: pl.Expr, date_format: str) -> pl.Expr:
    """One fixed format for every row; unparsable values become null (checked later)."""
    import polars as pl

    if "%H" in date_format:
        return raw.str.strptime(pl.Datetime, date_format, strict=False).dt.date()
    return raw.str.strptime(pl.Date, date_format, strict=False)


def _validate(frame: pl.DataFrame, sniff: _Sniff, name: str, report: SourceReport) -> pl.DataFrame:
    """Typed canonical columns, or an ``InputError`` naming the first bad row and value."""
    import polars as pl

    first_data_line = 2 + (1 if sniff.skip_hxl_row else 0)
    bad_date = frame.filter(pl.col("event_date").is_null())
    if bad_date.height:
        row = bad_date.row(0, named=True)
        value = row[_RAW_DATE]
        raise InputError(
            f"{name}: data row {row[_ROW] + 1} (line {row[_ROW] + first_data_line} if no "
            f"multi-line notes): event_date {value!r} does not match the file's date format "
            f"{sniff.date_format!r}; fix or remove that row"
            if value
            else f"{name}: data row {row[_ROW] + 1}: event_date is empty; fix or remove that row"
        )
    fatalities_text = pl.col(_RAW_FATALITIES).str.replace_all(r"[\s\u00a0]", "").replace("", None)
    frame = frame.with_columns(fatalities_text.alias(_RAW_FATALITIES))
    frame = frame.with_columns(
        pl.col(_RAW_FATALITIES).cast(pl.Int64, strict=False).alias("fatalities")
    )
    bad = frame.filter(
        (pl.col("fatalities").is_null() & pl.col(_RAW_FATALITIES).is_not_null())
        | (pl.col("fatalities") < 0)
    )
    if bad.height:
        row = bad.row(0, named=True)
        raise InputError(
            f"{name}: data row {row[_ROW] + 1}: fatalities {row[_RAW_FATALITIES]!r} is not a "
            f"whole number >= 0 ({bad.height} such row(s)); fix the value or remove the row"
        )
    empty = frame.filter(pl.col("fatalities").is_null()).height
    if empty:
        report.warnings.append(f"{name}: {empty} row(s) with empty fatalities counted as 0")
    frame = frame.with_columns(
        pl.col("fatalities").fill_null(0),
        pl.col("event_date").dt.year().cast(pl.Int32).alias("year"),
        pl.lit(1, dtype=pl.Int64).alias("events"),
    )
    if "source_year" in frame.columns:
        disagree = frame.filter(
            pl.col("source_year").str.strip_chars().cast(pl.Int32, strict=False) != pl.col("year")
        ).height
        if disagree:
            report.warnings.append(
                f"{name}: {disagree} row(s) have a year column that disagrees with event_date; "
                "the date is used"
            )
    for column in ("iso", "timestamp"):
        if column in frame.columns:
            dtype = pl.Int32 if column == "iso" else pl.Int64
            frame = frame.with_columns(
                pl.col(column)
                .str.strip_chars()
                .cast(pl.Float64, strict=False)
                .cast(dtype, strict=False)
            )
    return _conform(frame)


def _conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Exactly the canonical columns, in order, with their dtypes (absent ones as nulls)."""
    import polars as pl

    from fatalities.schema import polars_schema

    schema = polars_schema()
    return frame.select(
        [
            pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )


def _sniff(head: bytes, name: str, *, complete: bool) -> _Sniff:
    """Encoding, header, HXL row, dialect and date format, from a file's first bytes."""
    if not head.strip():
        raise InputError(f"{name}: the file is empty; export the data again")
    if b"\x00" in head[:4096]:
        raise InputError(f"{name}: binary data, not a CSV file; pass an ACLED CSV export")
    encoding = "utf-8"
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=complete)
    except UnicodeDecodeError:
        encoding = "cp1252"
        text = head.decode("cp1252", errors="replace")
    lowered = text.lstrip()[:200].lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml", "<head")):
        raise InputError(
            f"{name}: an HTML page, not data (a failed download saved as CSV?); "
            "download the file again"
        )
    if lowered.startswith(("{", "[")):
        raise InputError(f"{name}: JSON, not CSV; pass a CSV export")
    records = _head_records(text, complete=complete)
    if not records:
        raise InputError(f"{name}: no header row found; export the data again")
    header = records[0]
    columns = _unique_columns(header)
    dialect = detect(columns, path=name)
    source_of = dialect.resolve(columns)
    missing = [column for column in REQUIRED_COLUMNS if column not in source_of]
    if missing:
        raise InputError(
            f"{name}: missing required column(s) {', '.join(missing)}; found: "
            f"{', '.join(c for c in header if c.strip())}"
        )
    skip_hxl_row = len(records) > 1 and _is_hxl_row(records[1])
    data_rows = records[2:] if skip_hxl_row else records[1:]
    if not data_rows:
        raise InputError(f"{name}: header only, no data rows; export the data again")
    date_index = columns.index(source_of["event_date"])
    sample = [row[date_index].strip() for row in data_rows[:DATE_SAMPLE] if len(row) > date_index]
    date_format = _choose_date_format([value for value in sample if value], dialect, name)
    return _Sniff(
        header=header,
        columns=columns,
        encoding=encoding,
        skip_hxl_row=skip_hxl_row,
        dialect=dialect,
        source_of=source_of,
        date_format=date_format,
    )


def _head_records(text: str, *, complete: bool) -> list[list[str]]:
    """The complete CSV records in a file's head (a cut-off last record is dropped)."""
    if not complete:
        cut = max(text.rfind("\n"), 0)
        text = text[:cut]
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error:
        return [row for row in csv.reader(io.StringIO(text.split("\n", 1)[0])) if row]


def _unique_columns(header: list[str]) -> list[str]:
    """Normalised, unique column names (empty ones become ``_unnamed_<i>``)."""
    seen: set[str] = set()
    columns: list[str] = []
    for index, raw in enumerate(header):
        column = normalise_header(raw) or f"_unnamed_{index}"
        while column in seen:
            column = f"{column}_{index}"
        seen.add(column)
        columns.append(column)
    return columns


def _is_hxl_row(row: list[str]) -> bool:
    """An HXL hashtag row: every non-empty cell starts with ``#``.

    >>> _is_hxl_row(["", "#date+year", "#affected+killed"])
    True
    """
    cells = [cell.strip() for cell in row if cell.strip()]
    return bool(cells) and all(cell.startswith("#") for cell in cells)


def _choose_date_format(sample: list[str], dialect: Dialect, name: str) -> str:
    """The dialect's date format that parses the most sampled dates (the first that parses all)."""
    import polars as pl

    if not sample:
        raise InputError(f"{name}: no dates in the first rows; check the event_date column")
    values = pl.Series(sample, dtype=pl.String)
    best_format, best_count = "", 0
    for date_format in dialect.date_formats:
        parsed = _parse_date_series(values, date_format)
        count = 0 if parsed is None else len(parsed) - parsed.null_count()
        if count == len(sample):
            return date_format
        if count > best_count:
            best_format, best_count = date_format, count
    if best_count:
        return best_format  # the rows that do not parse are reported by ``_validate``
    raise InputError(
        f"{name}: event_date values such as {sample[0]!r} are in no known date format; "
        "use ISO dates (2017-11-20)"
    )


def _parse_date_series(values: pl.Series, date_format: str) -> pl.Series | None:
    import polars as pl

    try:
        return values.to_frame("d").select(_parse_date(pl.col("d"), date_format)).to_series()
    except pl.exceptions.PolarsError:
        return None


def _read_stdin() -> bytes:
    stream: BinaryIO = sys.stdin.buffer
    return stream.read()


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _check_countries_found(
    frame: pl.DataFrame, wanted: list[str], sources: Sequence[str | Path]
) -> None:
    """Raise ``SelectionError`` with the closest names when a requested country is absent."""
    found = {name.lower() for name in frame["country"].unique().drop_nulls().to_list()}
    missing = [name for name in wanted if name not in found]
    if not missing:
        return
    available = list_countries(sources)
    raise SelectionError(unknown_country_message(missing[0], available))


def unknown_country_message(name: str, available: Sequence[str]) -> str:
    """The one-line error for a country that is not in the data, with the closest names.

    >>> unknown_country_message("maly", ["Mali", "Niger"])
    "no country 'maly' in the data; did you mean Mali? (see `fatalities countries`)"
    """
    import difflib

    by_lower = {country.lower(): country for country in available}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.5)
    if close:
        suggestion = " or ".join(by_lower[match] for match in close)
        return f"no country {name!r} in the data; did you mean {suggestion}? (see `fatalities countries`)"
    listed = ", ".join(sorted(available)[:10]) + (" ..." if len(available) > 10 else "")
    return f"no country {name!r} in the data; countries present: {listed}"


def list_countries(sources: Sequence[str | Path]) -> list[str]:
    """Every distinct country name in the inputs (a cheap column scan)."""
    if any(str(source) == STDIN for source in sources):
        return []
    loaded = load([source for source in sources])
    return sorted(loaded.frame["country"].unique().drop_nulls().to_list())

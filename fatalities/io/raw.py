"""The raw scan of a CSV file: the contract between the loader and the cache.

How a table is opened (encoding, delimiter, header, line numbers), which raw text
columns a request reads (``raw_stage``, ``projected_rows``), which rows it keeps
(``row_filter``) and the loader version that keys cache entries. ``load``, ``scan`` and
``cache`` all read files through it; it imports none of them.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.errors import InputError
from fatalities.io.coverage import (
    COVERED_BY_FILE_NAME,
    DateSpan,
    IsoSpan,
    raw_date,
    request_window,
)
from fatalities.io.readers import Table
from fatalities.io.results import SourceReport
from fatalities.io.sniff import (
    DATE_SAMPLE,
    Layout,
    decode_head,
    describe,
    last_record_cut,
    parse_date,
    split_records,
)
from fatalities.io.validate import (
    RAW_DATE,
    RAW_EVENTS,
    RAW_FATALITIES,
    ROW,
    Locator,
)
from fatalities.schema import CANONICAL_COLUMNS

if TYPE_CHECKING:
    import polars as pl

    #: Re-reads a CSV table as Windows-1252 when UTF-8 fails past its head.
    _Recode = Callable[[], tuple[pl.LazyFrame, Locator]]


#: Bytes read from the start of a file to sniff its encoding, header and dates.
HEAD_BYTES = 256 * 1024


#: Bytes read from the end of a CSV file to check that its last record is whole.
TAIL_BYTES = 64 * 1024


#: Beyond this size, messages give record numbers instead of exact line numbers.
LINE_NUMBER_LIMIT = 512 * 1024 * 1024


#: Bump when the raw stage (``projected_rows``, what ``cache.py`` stores) or its reading changes;
#: cache entries of other versions are ignored. ``cache.loader_version`` adds a code fingerprint.
LOADER_VERSION = "2"


def apply_request_window(report: SourceReport, name: str) -> None:
    """An event export whose file name gives its request window covers that window."""
    window = request_window(name)
    if window is not None and report.granularity == "event":
        report.first_date, report.coverage_end = window
        report.covered_by = COVERED_BY_FILE_NAME


def new_report(table: Table, layout: Layout) -> SourceReport:
    """The report of ``table`` before its rows are read: how it is read and what it is."""
    dialect = layout.dialect
    return SourceReport(
        path=table.name,
        dialect=dialect.name,
        encoding=layout.encoding,
        date_format=layout.date_format,
        reader=table.reader,
        delimiter=layout.delimiter,
        description=dialect.description,
        granularity=dialect.granularity,
        source_label=dialect.source_label,
        file=None if table.temporary else table.path,  # an unpacked copy is no release file
    )


def layout_notes(name: str, layout: Layout) -> list[str]:
    """Notes on how table ``name`` was read: encoding, delimiter, the dialect's own."""
    notes: list[str] = []
    if layout.encoding == "cp1252":
        notes.append(f"{name}: decoded as Windows-1252 (cp1252), not UTF-8")
    if layout.delimiter not in {",", "\t", ""}:
        label = {";": "semicolons", "|": "pipes"}.get(layout.delimiter, repr(layout.delimiter))
        notes.append(f"{name}: fields are separated by {label}, not commas")
    notes.extend(layout.dialect.notes)
    return notes


def selected_and_span(
    lazy: pl.LazyFrame,
    scan: pl.LazyFrame,
    queries: Sequence[pl.LazyFrame],
    layout: Layout,
    today: date,
) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """The answers of ``queries`` (on ``scan``, shared: e.g. the selected rows, dates
    parsed) and the span of the table, from one scan; a second scan of ``lazy``'s dates
    when text order cannot give the span."""
    import polars as pl

    if IsoSpan.applies(layout):
        iso = IsoSpan(layout, today)
        *frames, summary = pl.collect_all(
            [*queries, IsoSpan.query(scan, layout)], engine="streaming"
        )
        span = iso.frame(summary)
        if span is not None:
            return frames, span
        date_span = DateSpan(layout, today)
        pl.collect_all([date_span.sink(lazy)], engine="streaming")
        return frames, date_span.frame()
    date_span = DateSpan(layout, today)
    *frames, _ = pl.collect_all([*queries, date_span.sink(scan)], engine="streaming")
    return frames, date_span.frame()


def coverage_end_of(last: date | None, rule: str) -> date | None:
    """The last day a source covers, given its latest date and the dialect's rule.

    >>> coverage_end_of(date(2026, 4, 1), "month"), coverage_end_of(date(2016, 12, 31), "week")
    (datetime.date(2026, 4, 30), datetime.date(2017, 1, 6))
    """
    if last is None or rule == "date":
        return last
    if rule == "month":
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return last + timedelta(days=6)


def open_csv(table: Table, estimate: str) -> tuple[pl.LazyFrame, Layout, Locator, _Recode]:
    """The lazy scan of a CSV table, its layout, a line locator, and a cp1252 re-reader."""
    payload: Path | bytes = table.path if table.path is not None else table.data or b""
    head, size = _head(payload)
    complete = len(head) >= size
    encoding, text = decode_head(head, table.name, complete=complete)
    delimiter, records = split_records(
        text, table.name, complete=complete, tab_separated=table.tab_separated
    )
    layout = describe(records[0], records[1:], table.name, estimate=estimate)
    layout.encoding, layout.delimiter = encoding, delimiter
    if encoding != "utf-8":
        payload = as_utf8(payload, encoding)
    _check_last_record(payload, layout, table.name)

    def recode() -> tuple[pl.LazyFrame, Locator]:
        utf8 = as_utf8(payload, "cp1252")
        return scan_csv(utf8, layout), _line_locator(utf8, layout)

    return scan_csv(payload, layout), layout, _line_locator(payload, layout), recode


def _head(payload: Path | bytes) -> tuple[bytes, int]:
    if isinstance(payload, bytes):
        return payload[:HEAD_BYTES], len(payload)
    with payload.open("rb") as handle:
        return handle.read(HEAD_BYTES), payload.stat().st_size


def as_utf8(payload: Path | bytes, encoding: str) -> bytes:
    raw = payload if isinstance(payload, bytes) else payload.read_bytes()
    return raw.decode(encoding, errors="replace").encode("utf-8")


def scan_csv(payload: Path | bytes, layout: Layout, *, truncate: bool = False) -> pl.LazyFrame:
    """A lazy scan of CSV text; a row with more fields than the header is an error
    (``_without_ragged_rows`` names its line) unless ``truncate``."""
    import polars as pl

    return pl.scan_csv(
        io.BytesIO(payload) if isinstance(payload, bytes) else payload,
        infer_schema=False,
        new_columns=layout.columns,
        separator=layout.delimiter,
        skip_rows_after_header=1 if layout.skip_hxl_row else 0,
        row_index_name=ROW,
        truncate_ragged_lines=truncate,
        missing_columns="insert",
        glob=False,
    )


def _check_last_record(payload: Path | bytes, layout: Layout, name: str) -> None:
    """An ``InputError`` when the file ends in the middle of a record (a cut-off download)."""
    if isinstance(payload, bytes):
        tail = payload[-TAIL_BYTES:]
    else:
        with payload.open("rb") as handle:
            handle.seek(max(payload.stat().st_size - TAIL_BYTES, 0))
            tail = handle.read()
    fields = last_record_cut(
        tail.decode("utf-8", errors="replace"), layout.data_fields, layout.delimiter
    )
    if fields is None:
        return
    raw = payload if isinstance(payload, bytes) else payload.read_bytes()
    line = raw.rstrip(b"\r\n").count(b"\n") + 1
    raise InputError(
        f"{name}: line {line:,}: the last record is cut short ({fields} of "
        f"{layout.data_fields} fields); the file looks truncated (an interrupted download?): "
        "download it again"
    )


def _line_locator(payload: Path | bytes, layout: Layout) -> Locator:
    """Row indexes -> ``line N`` in the file (quoted multi-line notes counted correctly)."""
    before = 1 + (1 if layout.skip_hxl_row else 0)

    def locate(rows: Sequence[int]) -> list[str]:
        if not rows:
            return []
        size = len(payload) if isinstance(payload, bytes) else payload.stat().st_size
        if size > LINE_NUMBER_LIMIT:
            return [f"record {row + before + 1:,}" for row in rows]
        targets = {row + before for row in rows}
        lines: dict[int, int] = {}
        stream = io.BytesIO(payload) if isinstance(payload, bytes) else payload.open("rb")
        with stream, io.TextIOWrapper(stream, "utf-8-sig", "replace", newline="") as text:
            reader = csv.reader(text, delimiter=layout.delimiter)
            previous, index = 0, 0
            for record in reader:
                if record:
                    if index in targets:
                        lines[index] = previous + 1
                    index += 1
                    if index > max(targets):
                        break
                previous = reader.line_num
        return [f"line {lines.get(row + before, row + before + 1):,}" for row in rows]

    return locate


def open_frame(table: Table, estimate: str) -> tuple[pl.LazyFrame, Layout, Locator]:
    """A frame table (sheet, JSON, Parquet): its layout, HXL row dropped, and a row locator."""
    import polars as pl

    assert table.frame is not None
    head = table.frame.head(DATE_SAMPLE + 2).collect()
    rows = [["" if cell is None else str(cell) for cell in row] for row in head.rows()]
    layout = describe(list(head.columns), rows, table.name, estimate=estimate)
    layout.encoding = "utf-8" if table.reader.endswith("json") else ""
    layout.delimiter = ""
    lazy = table.frame.slice(1) if layout.skip_hxl_row else table.frame
    first = table.first_row_number + (1 if layout.skip_hxl_row else 0)

    def locate(indexes: Sequence[int]) -> list[str]:
        return [f"{table.row_unit} {first + index:,}" for index in indexes]

    return lazy.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64)), layout, locate


def raw_stage(layout: Layout, columns: Collection[str] | None = None) -> dict[str, pl.Expr]:
    """Name -> expression of the raw stage: row number, date and fatality text, the
    canonical text columns (trimmed, renamed) and the raw numbers; ``columns`` limits
    the canonical columns read (``ALWAYS_READ`` and the dialect's exclusions stay)."""
    import polars as pl

    dialect = layout.dialect
    source_of = layout.source_of
    needed = None if columns is None else {*columns, *ALWAYS_READ, *dialect.exclude}
    stage: dict[str, pl.Expr] = {
        ROW: pl.col(ROW),
        RAW_DATE: raw_date(layout),
        RAW_FATALITIES: pl.col(source_of["fatalities"]),
    }
    for column, dtype in CANONICAL_COLUMNS.items():
        if dtype == "String" and column in source_of and (needed is None or column in needed):
            stage[column] = _text(column, source_of[column], layout)
    if "event_id_cnty" not in source_of:
        stage["event_id_cnty"] = pl.lit(None, dtype=pl.String)
    for name in ("iso", "timestamp", "source_year"):
        if name in source_of and (needed is None or name in needed):
            stage[name] = pl.col(source_of[name])
    if "events" in source_of:
        stage[RAW_EVENTS] = pl.col(source_of["events"])
    return stage


def projected_rows(
    lazy: pl.LazyFrame, layout: Layout, columns: Collection[str] | None = None
) -> pl.LazyFrame:
    """Every row of a table in its raw stage (what a cache entry holds)."""
    return lazy.select(expr.alias(name) for name, expr in raw_stage(layout, columns).items())


def row_filter(
    stage: Mapping[str, pl.Expr], layout: Layout, wanted: list[str], *, scanned: bool = False
) -> pl.Expr | None:
    """The rows kept: not excluded by the dialect, and of a wanted country (any case).

    ``stage`` gives each raw-stage column as an expression: on the source columns
    (``scanned``: a scan) or by name (rows already in the raw stage, from a cache entry).
    """
    import polars as pl

    conditions = [
        ~stage[column].is_in(list(values)).fill_null(False)
        for column, values in layout.dialect.exclude.items()
        if column in layout.source_of
    ]
    if wanted:
        source = _plain_source("country", layout) if scanned else None
        if source is None:
            conditions.append(stage["country"].str.to_lowercase().is_in(wanted))
        else:
            conditions.append(pl.col(source).str.contains(country_pattern(wanted)))
    return pl.all_horizontal(conditions) if conditions else None


def country_pattern(wanted: Sequence[str]) -> str:
    """A regular expression for text that is one of ``wanted`` (lower case) in any case,
    with spaces around it: on every row of a big file, several times cheaper than
    trimming and lower-casing each name before comparing it.

    >>> import polars as pl
    >>> names = pl.Series(["Mali", " MALI ", "Somalia", "mali x", "Côte d'Ivoire", None])
    >>> names.str.contains(country_pattern(["mali", "côte d'ivoire"])).to_list()
    [True, True, False, False, True, None]
    """
    import polars as pl

    return rf"(?i)^\s*(?:{'|'.join(pl.escape_regex(name) for name in wanted)})\s*$"


def _plain_source(column: str, layout: Layout) -> str | None:
    """The source column whose trimmed text is the canonical ``column`` as it is (no
    other alias, code or suffix involved: see ``_text``), else ``None``."""
    dialect = layout.dialect
    source = layout.source_of.get(column)
    spares = [
        name
        for name in dialect.aliases.get(column, ())
        if name in layout.columns and name != source
    ]
    renamed = column == "country" and (dialect.country_is_iso3 or bool(dialect.country_suffix))
    if source is None or spares or renamed or column in dialect.value_names:
        return None
    return source


def with_dates(selected: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
    """The selected rows with ``event_date`` parsed in the table's one date format."""
    import polars as pl

    return selected.with_columns(
        parse_date(pl.col(RAW_DATE), layout.date_format).alias("event_date")
    )


def _text(column: str, source: str, layout: Layout) -> pl.Expr:
    """A canonical text column: trimmed, then renamed as the dialect says."""
    import polars as pl

    from fatalities.countries import iso3_names

    dialect = layout.dialect
    expr = pl.col(source).str.strip_chars()
    spares = [
        name
        for name in dialect.aliases.get(column, ())
        if name in layout.columns and name != source
    ]
    if spares:  # a row whose first column is empty takes the next alias that has a value
        expr = pl.coalesce(
            [
                pl.when(e != "").then(e)
                for e in (expr, *(pl.col(n).str.strip_chars() for n in spares))
            ]
        )
    if column == "country" and dialect.country_is_iso3:
        expr = expr.replace(iso3_names())
    if column == "country" and dialect.country_suffix:
        expr = expr.str.replace(dialect.country_suffix, "")
    if column in dialect.value_names:
        expr = expr.replace(dict(dialect.value_names[column]))
    return expr


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def misses(frame: pl.DataFrame, wanted: Sequence[str]) -> list[str]:
    """The ``wanted`` countries (lower case) ``frame`` has no row of."""
    found = {name.lower() for name in frame["country"].unique().drop_nulls().to_list()}
    return [name for name in wanted if name not in found]


def names_query(scan: pl.LazyFrame, country: pl.Expr) -> pl.LazyFrame:
    """The distinct texts of the source columns ``country`` (a raw-stage expression)
    reads: a few dozen rows, whatever the size of the file."""
    return scan.select(country.meta.root_names()).unique()


def country_names(distinct: pl.DataFrame, country: pl.Expr) -> list[str]:
    """The country names (``country`` applied to ``names_query``'s rows), sorted."""
    names = distinct.select(country.alias("country"))["country"]
    return sorted(names.filter(names != "").unique().drop_nulls().to_list())


#: Canonical columns always read, whatever ``columns`` asks for: deduplication, selection
#: and the year check need them.
ALWAYS_READ: frozenset[str] = frozenset({"event_id_cnty", "country", "timestamp", "source_year"})

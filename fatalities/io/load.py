"""Read any input (files, directories, globs, archives, workbooks, stdin) into the canonical frame.

The path is one direction: ``readers`` turns each input into tables (CSV text or a
frame of text columns); ``sniff.describe`` reads a table's head (encoding, delimiter,
header, HXL row) and picks its dialect and date format; the table is scanned lazily
with only the needed columns, the selected countries are filtered *before* dates are
parsed, ``validate`` types the rows (skipping a handful of bad ones with a warning),
and the tables are combined and deduplicated into a ``Loaded``: the frame plus one
``SourceReport`` per table.

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

import calendar
import csv
import io
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.countries import country_keys
from fatalities.errors import InputError, SelectionError
from fatalities.io.coverage import (
    COVERED_BY_EVENTS,
    COVERED_BY_FILE_NAME,
    COVERED_BY_OPTION,
    DateSpan,
    IsoSpan,
    coverage_note,
    coverage_query,
    raw_date,
    request_window,
)
from fatalities.io.dialects import Granularity
from fatalities.io.names import fold_names
from fatalities.io.readers import STDIN, Table, expand_sources, open_tables
from fatalities.io.releases import CountryReleases, Release, Span, release_date, resolve
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
    FIRST_DATE,
    RAW_DATE,
    RAW_EVENTS,
    RAW_FATALITIES,
    ROW,
    Locator,
    canonical_rows,
)
from fatalities.schema import CANONICAL_COLUMNS
from fatalities.vocabulary import ReleaseMode

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.cache import Cached
    from fatalities.io.spool import Spool

    #: Re-reads a CSV table as Windows-1252 when UTF-8 fails past its head.
    _Recode = Callable[[], tuple[pl.LazyFrame, Locator]]

__all__ = [
    "DATE_SAMPLE",
    "HEAD_BYTES",
    "STDIN",
    "Loaded",
    "SourceReport",
    "deduplicate",
    "list_countries",
    "load",
    "unknown_country_message",
]

#: Bytes read from the start of a file to sniff its encoding, header and dates.
HEAD_BYTES = 256 * 1024
#: Bytes read from the end of a CSV file to check that its last record is whole.
TAIL_BYTES = 64 * 1024
#: Beyond this size, messages give record numbers instead of exact line numbers.
LINE_NUMBER_LIMIT = 512 * 1024 * 1024
#: Bump when the raw stage (``projected_rows``, what ``cache.py`` stores) or its reading changes;
#: cache entries of other versions are ignored. ``cache.loader_version`` adds a code fingerprint.
LOADER_VERSION = "2"
#: Selected rows up to which the scan's many small chunks are joined into one.
RECHUNK_ROWS = 500_000
#: Canonical columns always read, whatever ``columns`` asks for: deduplication, selection
#: and the year check need them.
ALWAYS_READ: frozenset[str] = frozenset({"event_id_cnty", "country", "timestamp", "source_year"})


@dataclass
class SourceReport:
    """What loading one table found: format, size, coverage, and anything a user should know."""

    path: str
    dialect: str
    encoding: str
    #: Data rows in the table (every country; HXL row not counted).
    rows: int = 0
    #: Rows loaded: after country selection, excluded rows and skipped bad rows.
    selected: int = 0
    #: Distinct events among the loaded rows (aggregates: the sum of their ``events``).
    events: int = 0
    #: Loaded rows repeating an event already listed in this table.
    duplicates_dropped: int = 0
    date_format: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Informational lines (encoding, delimiter, format notes); never errors, even with --strict.
    notes: list[str] = field(default_factory=list)
    reader: str = "csv"
    delimiter: str = ","
    description: str = ""
    granularity: Granularity = "event"
    source_label: str = "ACLED"
    #: First and last valid date in the whole table (before any country selection).
    first_date: date | None = None
    coverage_end: date | None = None
    #: How ``first_date`` to ``coverage_end`` is known: ``events`` (first and last event
    #: dates), ``file name`` (an export's request window) or ``--covers``.
    covered_by: str = COVERED_BY_EVENTS
    #: (year, month) pairs the table holds rows for (aggregated tables only).
    months: set[tuple[int, int]] = field(default_factory=set)
    #: The release the table comes from: its date and how it was found (``io.releases``).
    release_date: date | None = None
    release_basis: str = "unknown"
    #: The file on disk (``None``: stdin, a member of an archive).
    file: Path | None = None
    #: Every country name in the table, when a country asked for is missing from it
    #: (gathered by the same scan, or from the cache entry): the closest names to it.
    country_names: list[str] | None = None


@dataclass
class Loaded:
    """The canonical frame of every input, deduplicated, plus per-table reports."""

    frame: pl.DataFrame
    reports: list[SourceReport]
    duplicates_dropped: int
    #: Last day the inputs cover, before any country selection: the latest event date,
    #: or the end of the latest month or week for aggregated data.
    coverage_end: date | None
    source_label: str = "ACLED"
    #: First date in the inputs, before any country selection (``--zero-fill`` starts there).
    coverage_start: date | None = None
    #: ``event`` rows, or ``month``/``week`` aggregates (year-to-date is then cut by month).
    granularity: Granularity = "event"
    #: The fatality estimate used, for sources that give several (UCDP ``best``/``low``/``high``).
    estimate: str | None = None
    #: Aggregated sources: year -> months the data hold rows for (a year is complete with 12).
    months_covered: dict[int, int] | None = None
    #: The countries (``countries.country_keys``) the rows were selected by while loading;
    #: empty when every country was loaded.
    countries: tuple[str, ...] = ()
    #: ``--releases``: ``newest`` (the newest release of the same data wins) or ``union``.
    release_mode: ReleaseMode = ReleaseMode.newest
    #: Every release among the inputs, newest first (``io.releases``).
    releases: tuple[Release, ...] = ()
    #: Per country held by two or more releases of the same data: what was used and dropped.
    country_releases: tuple[CountryReleases, ...] = ()
    #: Several inputs: country -> (first, last) day covered by the inputs holding it.
    #: Empty when one span (``coverage_start`` to ``coverage_end``) holds for every country.
    country_spans: dict[str, tuple[date, date]] = field(default_factory=dict)

    def span_of(self, country: str) -> tuple[date | None, date | None]:
        """The first and last day the inputs cover for ``country``."""
        return self.country_spans.get(country, (self.coverage_start, self.coverage_end))

    @property
    def warnings(self) -> list[str]:
        """Every warning of every input, prefixed by its file name."""
        return [warning for report in self.reports for warning in report.warnings]

    @property
    def notes(self) -> list[str]:
        """Every informational note of every input, each said once."""
        return list(dict.fromkeys(note for report in self.reports for note in report.notes))


def load(
    sources: Sequence[str | Path],
    *,
    countries: Sequence[str] | None = None,
    estimate: str = "best",
    strict: bool = False,
    today: date | None = None,
    columns: Collection[str] | None = None,
    cache_dir: Path | None = None,
    releases: ReleaseMode | str = ReleaseMode.newest,
    covers: tuple[date, date] | None = None,
    require_countries: bool = True,
    summed: bool = False,
    max_input: int | None = None,
) -> Loaded:
    """Load one or more inputs (``"-"`` for stdin) into one canonical frame.

    ``countries`` (matched case-insensitively) is applied while scanning, before
    dates are parsed, so unselected rows cost only the scan. Events listed more than
    once (monadic exports, split files) count once: the row with the latest
    ``timestamp`` is kept. Inputs that are releases of the same data (``io.releases``)
    are resolved as ``releases`` says: ``newest`` (the newest release wins, events it
    deleted are dropped) or ``union`` (every event kept). ``estimate`` picks UCDP's ``best``/``low``/``high`` deaths.
    ``strict`` turns every warning (skipped rows, a disagreeing year column) into an
    ``InputError``. Dates after ``today`` (default: the real today) are bad rows.
    ``columns`` names the canonical columns the caller uses (default: all); the others
    are not read and come back empty, which keeps scans of big files small.
    ``cache_dir`` reads CSV files from their cache entries there when they are current
    (``fatalities.io.cache``; entries are built by ``cache.build``); results are the same.
    ``covers`` (``--covers START..END``) is the span every input covers; otherwise an
    export's file name gives its request window, else its first and last event dates.
    ``require_countries=False``: a country of ``countries`` absent from the data is no
    error (``check`` reports its claims as unverifiable).
    ``summed``: the caller only adds up ``fatalities`` and ``events`` over ``columns``, so
    the rows of one CSV file may come back summed by those columns, from one streaming
    scan that keeps no row (``fatalities.io.scan.summed_table``; the same totals).
    ``max_input``: bytes that stdin, archives and re-encoded text may unpack to, in all
    (default ``spool.DEFAULT_MAX_INPUT``); more is an ``InputError``.
    """
    from fatalities.io.spool import Spool

    with Spool(max_input) as spool:
        return _load(
            sources, countries=countries, estimate=estimate, strict=strict, today=today,
            columns=columns, cache_dir=cache_dir, releases=releases, covers=covers,
            require_countries=require_countries, summed=summed, spool=spool,
        )  # fmt: skip


def _load(
    sources: Sequence[str | Path],
    *,
    countries: Sequence[str] | None,
    estimate: str,
    strict: bool,
    today: date | None,
    columns: Collection[str] | None,
    cache_dir: Path | None,
    releases: ReleaseMode | str,
    covers: tuple[date, date] | None,
    require_countries: bool,
    summed: bool,
    spool: Spool,
) -> Loaded:
    import polars as pl

    if not sources:
        raise InputError("no input files given: pass a path, a list of paths, or - for stdin")
    today = today or date.today()
    wanted = country_keys(countries)  # lower case; "Myanmar (Burma)" -> "myanmar"
    frames: list[pl.DataFrame] = []
    reports: list[SourceReport] = []
    inputs = expand_sources(sources)
    if len(inputs) > 1:  # places too, to spot releases that re-number the same events
        from fatalities.io.overlap import columns_to_read

        columns = columns_to_read(columns, inputs)
    for source in inputs:
        tables = open_tables(source, spool)
        alone = len(inputs) == 1 and len(tables) == 1
        for table in tables:
            answer = None
            if summed and alone and columns is not None:
                from fatalities.io.scan import summed_table

                try:
                    answer = summed_table(
                        table, wanted, estimate, today, columns=columns, cache_dir=cache_dir
                    )
                except pl.exceptions.PolarsError:
                    answer = None  # the row-by-row load reads it, or says what is wrong

            frame, report = answer or _load_table(
                table, wanted, estimate, today, columns=columns, cache_dir=cache_dir,
                alone=alone,
            )  # fmt: skip
            if strict and report.warnings:
                raise InputError(
                    f"{report.warnings[0]} (--strict makes warnings errors; "
                    f"{len(report.warnings)} warning(s) for this input)"
                )
            frames.append(frame)
            reports.append(report)
    _check_compatible(reports)
    if len(frames) > 1:
        from fatalities.io.overlap import check_overlaps

        check_overlaps(frames, reports, strict=strict)  # re-numbered events
    mode = ReleaseMode(releases)
    spans = [Span(r.path, r.first_date, r.coverage_end, r.file) for r in reports]
    if len(frames) == 1:
        combined = frames[0]
        single_without_repeats = reports[0].duplicates_dropped == 0
        deduplicated = combined if single_without_repeats else deduplicate(combined)
        reports[0].release_date, reports[0].release_basis = release_date(frames[0], spans[0])
        found = None
        dropped = combined.height - deduplicated.height
    else:
        combined = pl.concat(frames, how="vertical_relaxed")
        found = resolve(frames, spans, mode)
        deduplicated = found.frame
        for report, (when, basis) in zip(reports, found.input_dates, strict=True):
            report.release_date, report.release_basis = when, basis
        dropped = found.duplicates_dropped + (found.replaced if not found.countries else 0)
    if wanted and require_countries:
        check_countries_found(deduplicated, wanted, sources, reports)
    for report in reports:
        if covers is not None:
            report.first_date, report.coverage_end = covers
            report.covered_by = COVERED_BY_OPTION
        if report.first_date is not None and report.coverage_end is not None:
            report.notes.append(
                coverage_note(report.path, report.first_date, report.coverage_end,
                              report.covered_by)
            )  # fmt: skip
    starts = [report.first_date for report in reports if report.first_date is not None]
    ends = [report.coverage_end for report in reports if report.coverage_end is not None]
    uses_estimates = any(report.dialect == "ucdp-ged" for report in reports)
    if estimate != "best" and not uses_estimates:
        reports[0].notes.append(
            f"--estimate {estimate} applies to UCDP data only; ACLED gives one fatality count"
        )
    return Loaded(
        frame=deduplicated,
        reports=reports,
        duplicates_dropped=dropped,
        coverage_end=max(ends) if ends else None,
        source_label=reports[0].source_label,
        coverage_start=min(starts) if starts else None,
        granularity=reports[0].granularity,
        estimate=estimate if uses_estimates else None,
        months_covered=_months_covered(reports),
        countries=tuple(wanted),
        release_mode=mode,
        releases=tuple(found.releases) if found else (),
        country_releases=tuple(found.countries) if found else (),
        country_spans=_country_spans(combined, reports),
    )


def _country_spans(
    frame: pl.DataFrame, reports: list[SourceReport]
) -> dict[str, tuple[date, date]]:
    """Several inputs with different spans: each country's first and last covered day,
    over the inputs that hold it (empty when every input covers the same span)."""
    spans = {
        report.path: (report.first_date, report.coverage_end)
        for report in reports
        if report.first_date is not None and report.coverage_end is not None
    }
    if len(set(spans.values())) < 2 or "source_file" not in frame.columns:
        return {}
    pairs = frame.select("country", "source_file").unique().drop_nulls()
    result: dict[str, tuple[date, date]] = {}
    for country, source in pairs.iter_rows():
        if source not in spans:
            continue
        start, end = spans[source]
        known = result.get(country)
        result[country] = (min(known[0], start), max(known[1], end)) if known else (start, end)
    return result


def _months_covered(reports: list[SourceReport]) -> dict[int, int] | None:
    """Year -> number of months held, over every aggregated table; ``None`` for event data."""
    if reports[0].granularity == "event":
        return None
    months = set().union(*(report.months for report in reports))
    covered: dict[int, int] = {}
    for year, _ in months:
        covered[year] = covered.get(year, 0) + 1
    return dict(sorted(covered.items()))


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


def _check_compatible(reports: list[SourceReport]) -> None:
    """Sources that count the same events differently must not be summed together."""
    first = reports[0]
    for report in reports[1:]:
        if (report.source_label, report.granularity) != (first.source_label, first.granularity):
            raise InputError(
                f"cannot combine {report.path} ({report.source_label}, {report.granularity} rows) "
                f"with {first.path} ({first.source_label}, {first.granularity} rows): they "
                "count the same violence differently; run them separately"
            )


def _load_table(
    table: Table,
    wanted: list[str],
    estimate: str,
    today: date,
    *,
    columns: Collection[str] | None = None,
    cache_dir: Path | None = None,
    alone: bool = False,
) -> tuple[pl.DataFrame, SourceReport]:
    """Scan (or read from the cache), select, validate and canonicalise one table
    (``alone``: the only table loaded, see ``_collect``)."""
    import polars as pl

    recode: _Recode | None = None
    if table.frame is None:
        lazy, layout, locate, recode = open_csv(table, estimate)
    else:
        lazy, layout, locate = _open_frame(table, estimate)
    cached, cache_note = None, None
    if cache_dir is not None:
        from fatalities.io import cache

        cached, cache_note = cache.read(
            cache_dir, table, layout, estimate=estimate, wanted=wanted,
            columns=list(raw_stage(layout, columns)), today=today,
        )  # fmt: skip
        if cached is not None:
            layout.encoding = cached.encoding
    dialect = layout.dialect
    report = new_report(table, layout)
    if cache_note:
        report.notes.append(cache_note)
    if table.note:
        report.notes.append(table.note)
    try:
        frame, span, months = _collect(
            lazy, layout, wanted, today, columns, cached, alone=alone, report=report
        )
    except pl.exceptions.ComputeError as error:
        if recode is not None and "more fields" in str(error).lower():
            lazy = _without_ragged_rows(table, layout, report.warnings)
            frame, span, months = _collect(
                lazy, layout, wanted, today, columns, alone=alone, report=report
            )
        elif recode is None or "utf-8" not in str(error).lower():
            raise InputError(_unreadable_csv(table, layout, error)) from None
        else:
            lazy, locate = recode()
            layout.encoding = report.encoding = "cp1252"
            frame, span, months = _collect(
                lazy, layout, wanted, today, columns, alone=alone, report=report
            )
    report.months = months
    report.notes.extend(layout_notes(table.name, layout))
    frame = canonical_rows(
        frame,
        dialect=dialect,
        date_format=layout.date_format,
        name=table.name,
        today=today,
        locate=locate,
        warnings=report.warnings,
    )
    frame, folded = fold_names(frame, dialect)
    if folded:
        report.notes.append(
            f"{table.name}: {folded:,} row(s) spell an event or sub-event type another way "
            "(case, spacing or an older spelling); counted under ACLED's names"
        )
    rows, first, last = span.row(0)
    report.rows = int(rows)
    report.selected = frame.height
    has_ids = frame["event_id_cnty"].null_count() < frame.height
    if dialect.granularity == "event":
        report.events = frame["event_id_cnty"].n_unique() if has_ids else frame.height
    else:
        report.events = int(frame["events"].sum())
    report.duplicates_dropped = report.selected - report.events if has_ids else 0
    report.first_date = first
    report.coverage_end = coverage_end_of(last, dialect.coverage_end)
    apply_request_window(report, table.name)
    return frame.with_columns(pl.lit(table.name).alias("source_file")), report


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


def _collect(
    lazy: pl.LazyFrame,
    layout: Layout,
    wanted: list[str],
    today: date,
    columns: Collection[str] | None = None,
    cached: Cached | None = None,
    *,
    alone: bool = False,
    report: SourceReport | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, set[tuple[int, int]]]:
    """The selected rows, the first/last valid date, and (aggregates) the months held.
    With ``wanted`` countries, ``report.country_names`` gets every country of the table
    from the same scan (or, when one is missing, from the cache entry).

    One streaming pass over the file feeds both the selection and the span; rows are
    selected before their other columns are trimmed and their dates parsed. From a
    cache entry, the selected rows are already read and the span is stored.

    The ``timestamp`` of each row only decides which row of an event listed more than
    once is kept. Unless ``columns`` asks for it, the only table loaded (``alone``) is
    scanned without it, and read again with it only when its selected rows repeat an
    event id (a monadic export): one column fewer in the scan of every row of a big file.
    """
    import polars as pl

    later = alone and columns is not None and "timestamp" not in columns
    if cached is not None:
        rows = cached.rows.lazy()
        keep = row_filter({name: pl.col(name) for name in cached.rows.columns}, layout, wanted)
        selected = rows if keep is None else rows.filter(keep)
        frame = _with_dates(selected, layout).collect()
        if later and "timestamp" in frame.columns and not _repeats_events(frame):
            frame = frame.drop("timestamp")  # as the scan below gives it
        if report is not None and cached.source is not None and misses(frame, wanted):
            names = pl.scan_parquet(cached.source).select(pl.col("country").unique())
            report.country_names = country_names(names.collect(), pl.col("country"))
        return frame, cached.span, set()
    stage = raw_stage(layout, columns)
    scan = lazy.cache()
    keep = row_filter(stage, layout, wanted, scanned=True)
    first = {name: expr for name, expr in stage.items() if not (later and name == "timestamp")}
    selected = (scan if keep is None else scan.filter(keep)).select(
        expr.alias(name) for name, expr in first.items()
    )
    raw_dates = scan.select(stage[RAW_DATE].alias(RAW_DATE))
    if layout.dialect.granularity == "event":
        queries = [_with_dates(selected, layout)]
        if wanted and report is not None:  # distinct names are cheap; a second load is not
            queries.append(names_query(scan, stage["country"]))
        frames, span = selected_and_span(lazy, scan, queries, layout, today)
        frame = _one_chunk(frames[0])
        if len(frames) > 1 and report is not None and misses(frame, wanted):
            report.country_names = country_names(frames[1], stage["country"])
        if len(first) < len(stage) and _repeats_events(frame):
            again = (lazy if keep is None else lazy.filter(keep)).select(
                expr.alias(name) for name, expr in stage.items()
            )
            frame = _one_chunk(_with_dates(again, layout).collect(engine="streaming"))
        return frame, span, set()
    dates = parse_date(pl.col(RAW_DATE), layout.date_format)
    held = (
        raw_dates.select(dates.alias("d"))
        .filter(pl.col("d").is_between(FIRST_DATE, today))
        .select(pl.col("d").dt.year().alias("y"), pl.col("d").dt.month().alias("m"))
        .unique()
    )
    coverage = coverage_query(raw_dates, layout, today)
    frame, span, months = pl.collect_all([_with_dates(selected, layout), coverage, held])
    return frame, span, {(int(y), int(m)) for y, m in months.rows()}


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


def _one_chunk(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` in one chunk, unless it is large.

    The streaming engine returns one chunk per morsel (hundreds): for a selection of a
    big file, one chunk makes the checks and validation that follow several times
    faster; copying a large frame would cost more than it saves.
    """
    return frame.rechunk() if frame.height <= RECHUNK_ROWS else frame


def _repeats_events(frame: pl.DataFrame) -> bool:
    """Whether some event id is listed more than once among ``frame``'s rows.

    >>> import polars as pl
    >>> _repeats_events(pl.DataFrame({"event_id_cnty": ["A", "B", None, None]}))
    False
    """
    ids = frame["event_id_cnty"].drop_nulls()
    return ids.n_unique() < ids.len()


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
        payload = _as_utf8(payload, encoding)
    _check_last_record(payload, layout, table.name)

    def recode() -> tuple[pl.LazyFrame, Locator]:
        utf8 = _as_utf8(payload, "cp1252")
        return _scan_csv(utf8, layout), _line_locator(utf8, layout)

    return _scan_csv(payload, layout), layout, _line_locator(payload, layout), recode


def _csv_payload(table: Table, layout: Layout) -> Path | bytes:
    """The CSV text of ``table`` in UTF-8 (re-encoded when the file is not)."""
    payload: Path | bytes = table.path if table.path is not None else table.data or b""
    return payload if layout.encoding == "utf-8" else _as_utf8(payload, layout.encoding)


def _without_ragged_rows(table: Table, layout: Layout, warnings: list[str]) -> pl.LazyFrame:
    """The scan of a table some of whose rows have more fields than its header, without
    those rows: they are named in a warning (an ``InputError`` when they are many)."""
    import polars as pl

    from fatalities.io.structure import ragged_rows
    from fatalities.io.validate import too_many

    payload = _csv_payload(table, layout)
    header_rows = 1 + (1 if layout.skip_hxl_row else 0)
    ragged = ragged_rows(
        payload, layout.delimiter, header_rows=header_rows, fields=len(layout.columns)
    )
    count = len(ragged.rows)
    more = ", ..." if count > len(ragged.labels) else ""
    text = (
        f"{count:,} row(s) with more fields than the header's {len(layout.columns)} "
        f"({', '.join(ragged.labels)}{more}): a value holds an unquoted "
        f"{_delimiter_name(layout.delimiter)}?"
    )
    rows = _scan_csv(payload, layout, truncate=True).select(pl.len()).collect().item()
    if too_many(count, int(rows)):
        raise InputError(f"{table.name}: {text}; fix those lines (quote such values)")
    warnings.append(f"{table.name}: skipped {text}")
    return _scan_csv(payload, layout, truncate=True).filter(~pl.col(ROW).is_in(ragged.rows))


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}.get(
        delimiter, repr(delimiter)
    )


def _unreadable_csv(table: Table, layout: Layout, error: BaseException) -> str:
    """The message for a CSV table polars cannot parse: the line of a broken quote when
    there is one, else polars' own first line."""
    from fatalities.io.structure import quote_problem

    line = quote_problem(_csv_payload(table, layout), layout.delimiter or ",")
    if line is not None:
        return (
            f"{table.name}: line {line:,}: a quoted value is not closed, or text follows "
            'its closing quote; fix the quotes on that line (a quote inside a value is written "")'
        )
    return f"{table.name}: cannot be read as CSV ({_first_line(error)})"


def _head(payload: Path | bytes) -> tuple[bytes, int]:
    if isinstance(payload, bytes):
        return payload[:HEAD_BYTES], len(payload)
    with payload.open("rb") as handle:
        return handle.read(HEAD_BYTES), payload.stat().st_size


def _as_utf8(payload: Path | bytes, encoding: str) -> bytes:
    raw = payload if isinstance(payload, bytes) else payload.read_bytes()
    return raw.decode(encoding, errors="replace").encode("utf-8")


def _scan_csv(payload: Path | bytes, layout: Layout, *, truncate: bool = False) -> pl.LazyFrame:
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


def _open_frame(table: Table, estimate: str) -> tuple[pl.LazyFrame, Layout, Locator]:
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


def _with_dates(selected: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
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


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def check_countries_found(
    frame: pl.DataFrame,
    wanted: Sequence[str],
    sources: Sequence[str | Path],
    reports: Sequence[SourceReport] = (),
) -> None:
    """Raise ``SelectionError`` with the closest names when a requested country is absent
    (names the loading gathered, else those of a second load: ``list_countries``)."""
    missing = misses(frame, wanted)
    if not missing:
        return
    gathered = [report.country_names for report in reports]
    if gathered and all(names is not None for names in gathered):
        available = sorted({name for names in gathered for name in names or ()})
    else:
        available = list_countries(sources)
    raise SelectionError(unknown_country_message(missing[0], available))


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

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

from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.countries import country_keys
from fatalities.errors import InputError, SelectionError
from fatalities.io.coverage import (
    COVERED_BY_OPTION,
    coverage_note,
    coverage_query,
)
from fatalities.io.names import fold_names
from fatalities.io.raw import (
    HEAD_BYTES,
    apply_request_window,
    as_utf8,
    country_names,
    coverage_end_of,
    first_line,
    layout_notes,
    misses,
    names_query,
    new_report,
    open_csv,
    open_frame,
    raw_stage,
    row_filter,
    scan_csv,
    selected_and_span,
    with_dates,
)
from fatalities.io.readers import STDIN, Table, expand_sources, open_tables
from fatalities.io.releases import Span, release_date, resolve
from fatalities.io.results import Loaded, SourceReport
from fatalities.io.sniff import (
    DATE_SAMPLE,
    Layout,
    parse_date,
)
from fatalities.io.validate import (
    FIRST_DATE,
    RAW_DATE,
    ROW,
    Locator,
    canonical_rows,
)
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

#: Selected rows up to which the scan's many small chunks are joined into one.
RECHUNK_ROWS = 500_000


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
        lazy, layout, locate = open_frame(table, estimate)
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
        frame = with_dates(selected, layout).collect()
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
        queries = [with_dates(selected, layout)]
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
            frame = _one_chunk(with_dates(again, layout).collect(engine="streaming"))
        return frame, span, set()
    dates = parse_date(pl.col(RAW_DATE), layout.date_format)
    held = (
        raw_dates.select(dates.alias("d"))
        .filter(pl.col("d").is_between(FIRST_DATE, today))
        .select(pl.col("d").dt.year().alias("y"), pl.col("d").dt.month().alias("m"))
        .unique()
    )
    coverage = coverage_query(raw_dates, layout, today)
    frame, span, months = pl.collect_all([with_dates(selected, layout), coverage, held])
    return frame, span, {(int(y), int(m)) for y, m in months.rows()}


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


def _csv_payload(table: Table, layout: Layout) -> Path | bytes:
    """The CSV text of ``table`` in UTF-8 (re-encoded when the file is not)."""
    payload: Path | bytes = table.path if table.path is not None else table.data or b""
    return payload if layout.encoding == "utf-8" else as_utf8(payload, layout.encoding)


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
    rows = scan_csv(payload, layout, truncate=True).select(pl.len()).collect().item()
    if too_many(count, int(rows)):
        raise InputError(f"{table.name}: {text}; fix those lines (quote such values)")
    warnings.append(f"{table.name}: skipped {text}")
    return scan_csv(payload, layout, truncate=True).filter(~pl.col(ROW).is_in(ragged.rows))


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
    return f"{table.name}: cannot be read as CSV ({first_line(error)})"


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

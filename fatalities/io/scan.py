"""Whole-file questions in one streaming scan: the rows are summed as they are read.

A command that only adds up fatalities and events (``trend``, ``countries``,
``inspect``, ``summary``, ``change``) needs no row by itself: it needs, for each
combination of the columns it uses (country, date, admin1, ...), how many events and
how many deaths. ``summed_table`` asks polars for exactly that: one streaming scan of
the CSV reads only those columns, keeps the selected rows, and groups them by their
raw text while it reads (a 2.5M-row export becomes about 270k country-days), so no
row is held in memory. Trimming, renaming and date parsing then run once per group
rather than once per row, and the groups are summed again by their canonical values.

The answer is the one ``load`` gives, summed: the core treats a row as
``events`` events (as for aggregated sources). It holds only when every row is
clean, so the same scan also checks what ``load`` would warn about or repair:
fatalities that are not plain whole numbers, empty fatalities, bad or out-of-range
dates, a ``year`` that disagrees with the date, and an event listed twice. If any of
them is found (or the input is not one CSV file of events), ``summed_table`` returns
``None`` and the caller loads the rows as usual, which says what it found and where.
``tests/io/test_scan.py`` holds the two equal on clean and unclean files.

Measured on the 2.5M-row synthetic export (whole processes, paired medians against
duckdb, docs/benchmarks.md): loading every row, ``trend --all-countries`` took 1.31x
duckdb's time and 1.38x its memory, ``countries`` 1.26x and 3.3x; summed while
scanning, 1.01x (paired) and 1.10x, 1.08x and 1.16x (3 runs on 2 cores shared with
other work, load about 7: the times are rough, the memory figures firm).

A country asked for and absent raises the usual "did you mean" error, with the names
taken from the same scan (its distinct country texts), not from a second load.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.io.sniff import parse_date
from fatalities.io.validate import FIRST_DATE, RAW_DATE, RAW_FATALITIES, ROW

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.readers import Table
    from fatalities.io.results import SourceReport

__all__ = ["summed_table"]

#: Columns of the summed scan besides the group keys.
ROWS = "__rows"
UNREAD = "__unread_fatalities"
EMPTY = "__empty_fatalities"
LEAST = "__least_fatalities"
MOST = "__most_fatalities"
UNREAD_STAMPS = "__unread_timestamps"
#: Rows at the start of a file checked for an event listed twice before the scan.
HEAD_ROWS = 2_000
#: Raw-stage columns a summed load never keeps (``event_id_cnty`` is checked, not kept).
NOT_SUMMED: frozenset[str] = frozenset({ROW, RAW_FATALITIES, "event_id_cnty", "timestamp"})


def summed_table(
    table: Table,
    wanted: list[str],
    estimate: str,
    today: date,
    *,
    columns: Collection[str],
    cache_dir: Path | None = None,
) -> tuple[pl.DataFrame, SourceReport] | None:
    """What ``load`` gets from one table (its canonical rows and report), with the rows
    summed by ``columns``; ``None`` when it cannot be answered that way (see the
    module's description). ``wanted``: the lower-cased countries (empty: all).

    Each row of the frame stands for ``events`` events with ``fatalities`` deaths in
    total, on one ``event_date`` with one value of each of ``columns``;
    ``event_id_cnty`` is empty and ``timestamp`` the largest of those rows (it only
    dates the release). A current cache entry (``cache_dir``) is left to ``load``,
    which reads the selected rows from it.
    """
    import polars as pl

    from fatalities.io.names import fold_names
    from fatalities.io.raw import (
        apply_request_window,
        country_names,
        coverage_end_of,
        layout_notes,
        misses,
        names_query,
        new_report,
        open_csv,
        raw_stage,
        row_filter,
        selected_and_span,
    )
    from fatalities.io.validate import MAX_EVENT_FATALITIES, conform, integers

    if table.path is None or table.frame is not None:
        return None
    lazy, layout, _, _ = open_csv(table, estimate)
    dialect = layout.dialect
    if dialect.granularity != "event" or "events" in layout.source_of:
        return None
    if cache_dir is not None and _has_entry(cache_dir, table.path, estimate):
        return None
    stage = raw_stage(layout, columns)
    if _repeats_early(lazy, stage["event_id_cnty"]):
        return None  # a monadic export: ``load`` keeps one row per event
    kept = {name: expr for name, expr in stage.items() if name not in NOT_SUMMED}
    keys = _roots(kept.values())
    scan = lazy.cache()
    keep = row_filter(stage, layout, wanted, scanned=True)
    selected = scan if keep is None else scan.filter(keep)
    raw = pl.col(layout.source_of["fatalities"])
    deaths = raw.cast(pl.Int64, strict=False)
    sums = [
        pl.len().alias(ROWS),
        deaths.sum().alias("fatalities"),
        deaths.null_count().alias(UNREAD),
        raw.null_count().alias(EMPTY),
        deaths.min().alias(LEAST),
        deaths.max().alias(MOST),
    ]
    stamped = "timestamp" in columns and "timestamp" in layout.source_of
    if stamped:  # only its largest value is used: it dates the release (``io.releases``)
        text = pl.col(layout.source_of["timestamp"])
        stamp = text.cast(pl.Int64, strict=False)
        sums += [
            stamp.max().alias("timestamp"),
            (stamp.null_count() - text.null_count()).alias(UNREAD_STAMPS),
        ]
    summed = selected.group_by(keys).agg(sums)
    event_id = stage["event_id_cnty"].drop_nulls()
    ids = selected.select(event_id.n_unique().alias("distinct"), event_id.len().alias("listed"))
    queries = [summed, ids]
    if wanted:  # the names a "did you mean" needs, should a country be missing
        queries.append(names_query(scan, stage["country"]))
    try:
        if keep is None:
            frames = pl.collect_all(queries, engine="streaming")
            span = None
        else:
            frames, span = selected_and_span(lazy, scan, queries, layout, today)
    except pl.exceptions.ComputeError:
        return None  # not UTF-8, or not CSV at all: ``load`` re-reads it or says why
    groups, counted = frames[0], frames[1]
    distinct, listed = counted.row(0)
    if distinct < listed or groups[UNREAD].sum() or groups[EMPTY].sum():
        return None
    if stamped and groups[UNREAD_STAMPS].sum():
        return None  # a timestamp that needs cleaning: ``load`` reads it as ``integers`` does
    least, most = groups[LEAST].min(), groups[MOST].max()
    if isinstance(least, int) and least < 0:
        return None
    if isinstance(most, int) and most > MAX_EVENT_FATALITIES:
        return None  # ``load`` reports and skips implausible counts, by line
    rows = groups.select(
        *(expr.alias(name) for name, expr in kept.items()),
        pl.col(ROWS).alias("events"),
        "fatalities",
        *(["timestamp"] if stamped else []),
    ).with_columns(parse_date(pl.col(RAW_DATE), layout.date_format).alias("event_date"))
    if "country" in rows.columns and rows["country"].null_count():
        return None  # rows with no country: ``load`` reports them, by line
    dates = rows["event_date"]
    if dates.null_count() or not dates.is_between(FIRST_DATE, today).all():
        return None
    years = dates.dt.year().cast(pl.Int32)
    if "source_year" in rows.columns:
        disagree = integers(rows["source_year"], pl.Int32) != years
        if disagree.any():
            return None
    typed = [years.alias("year")]
    if "iso" in rows.columns:
        typed.append(integers(rows["iso"], pl.Int32))
    rows = rows.with_columns(typed).drop(RAW_DATE, "source_year", strict=False)
    rows, folded = fold_names(rows, dialect)
    if folded:
        return None  # ``load`` counts the rows spelt another way, for its note
    sums_of = {"events", "fatalities", "timestamp"}
    by = [name for name in rows.columns if name not in sums_of]
    merged = [pl.col("events").sum(), pl.col("fatalities").sum()]
    if stamped:
        merged.append(pl.col("timestamp").max())
    frame = conform(rows.group_by(by).agg(merged).sort(by, nulls_last=True))
    report = new_report(table, layout)
    if wanted and misses(frame, wanted):
        report.country_names = country_names(frames[2], stage["country"])
    if span is None:
        first, last = dates.min(), dates.max()
        total = int(groups[ROWS].sum())
    else:
        total, first, last = span.row(0)
    report.notes.extend(layout_notes(table.name, layout))
    if table.note:  # how the file was re-encoded or unpacked
        report.notes.append(table.note)
    report.rows = int(total)
    report.selected = report.events = int(frame["events"].sum())
    report.first_date = first if isinstance(first, date) else None
    last_date = last if isinstance(last, date) else None
    report.coverage_end = coverage_end_of(last_date, dialect.coverage_end)
    apply_request_window(report, table.name)
    return frame.with_columns(pl.lit(table.name).alias("source_file")), report


def _repeats_early(lazy: pl.LazyFrame, event_id: pl.Expr) -> bool:
    """Whether the first ``HEAD_ROWS`` rows list an event twice, as a monadic export
    does throughout: then the summed scan would only find it out at the end."""
    ids = lazy.head(HEAD_ROWS).select(event_id.alias("id")).collect()["id"].drop_nulls()
    return ids.n_unique() < ids.len()


def _roots(exprs: Collection[pl.Expr]) -> list[str]:
    """The source columns ``exprs`` read, each once, in order."""
    return list(dict.fromkeys(root for expr in exprs for root in expr.meta.root_names()))


def _has_entry(cache_dir: Path, path: Path, estimate: str) -> bool:
    """Whether ``cache_dir`` holds a current entry for ``path`` (``load`` reads it)."""
    from fatalities.io import cache

    try:
        key = cache.SourceKey.of(path, loader_version=cache.loader_version(), estimate=estimate)
    except OSError:
        return False
    entry, _ = cache.Cache(cache_dir).find(key)
    return entry is not None

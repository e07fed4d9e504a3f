"""The inputs of a data command: the files given (or the bundled sample), loaded with
the cache, and what the loader found said on stderr.

``load_inputs`` is what every data command calls: it picks the sources, refuses ``-``
when stdin is a terminal (``check_stdin``), shows a spinner on a slow load, reads large CSV files from the cache when current (and
schedules a background build otherwise), and passes every note and warning of the
loader to the console.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from fatalities.errors import InputError
from fatalities.vocabulary import SERIES_COLUMNS, Estimate, ReleaseMode, Selection

if TYPE_CHECKING:
    import polars as pl

    from fatalities.cli.console import Console
    from fatalities.cli.state import RunState
    from fatalities.io.results import Loaded


def load_inputs(
    paths: Sequence[str] | None,
    countries: Sequence[str],
    console: Console,
    state: RunState,
    *,
    estimate: str = "best",
    strict: bool = False,
    columns: Collection[str] | None = None,
    releases: ReleaseMode = ReleaseMode.newest,
    covers: tuple[date, date] | None = None,
    require_countries: bool = True,
    summed: bool = False,
) -> Loaded:
    """Load the given files, or the bundled sample data (saying so on stderr).

    ``columns``: the canonical columns the command uses (default all; fewer is faster).
    ``summed``: the command only adds up fatalities and events over ``columns``, so rows
    may come back summed while scanning (``load``'s ``summed``).
    Large CSV files are read from the cache when current, else cached in the background
    once the command is done (``runtime.run``).
    """
    from fatalities.cli.cache import schedule_builds
    from fatalities.cli.store import apply_store, read_stores
    from fatalities.io.load import load
    from fatalities.resources import sample_data_path

    sources, stores = read_stores(list(paths or []), countries)  # store folders: their files
    check_stdin(sources, state)
    if not sources:
        sample = sample_data_path()
        console.note(f"no input files given: reading the bundled synthetic sample data ({sample})")
        sources = [str(sample)]
    console.protect(sources)
    shown = ["<stdin>" if source == "-" else source for source in sources]
    label = "loading " + (shown[0] if len(shown) == 1 else f"{len(shown)} files")
    with console.progress(label):
        loaded = load(
            sources, countries=list(countries), estimate=estimate, strict=strict,
            columns=columns, cache_dir=state.cache_reads, releases=releases,
            covers=covers, require_countries=require_countries, summed=summed,
            max_input=max_input(),
        )  # fmt: skip
    loaded = apply_store(loaded, stores, console)
    schedule_builds(state, sources, estimate=estimate)
    if state.cache_reads is not None and state.cache_reads.is_dir():
        from fatalities.io.cache import Cache

        Cache(state.cache_reads).sweep()  # temporary files of builders that died
    for note in loaded.notes:
        console.note(note)
    if loaded.source_label != "ACLED" or loaded.estimate:
        estimate_note = f", {loaded.estimate} estimate of deaths" if loaded.estimate else ""
        console.note(f"source: {loaded.source_label}{estimate_note}")
    for warning in loaded.warnings:
        console.note(f"warning: {warning}")
    for found in loaded.country_releases:
        console.note(found.message())
    if loaded.duplicates_dropped:
        console.note(
            f"dropped {loaded.duplicates_dropped:,} duplicate row(s) of events listed more than "
            "once (same event_id_cnty); each event counts once"
        )
    return loaded


def check_stdin(sources: Sequence[str], state: RunState) -> None:
    """Refuse ``-`` when stdin is a terminal: nobody types an export, and the wait for
    one would look like a hang (that Ctrl-C does not end)."""
    from fatalities.cli.console import stdin_is_terminal
    from fatalities.cli.failures import CLOSED

    if "-" in sources and "stdin" in CLOSED:
        command = state.command or "trend"
        raise InputError(
            "- reads stdin, but stdin is closed; pipe a file in "
            f"(cat export.csv | fatalities {command} - ...)"
        )
    if "-" in sources and stdin_is_terminal():
        command = state.command or "trend"
        raise InputError(
            "- reads stdin, but stdin is a terminal; pipe a file in "
            f"(cat export.csv | fatalities {command} - ...)"
        )


def load_selected(
    paths: Sequence[str] | None,
    selection: Selection,
    console: Console,
    state: RunState,
    *,
    estimate: Estimate = Estimate.best,
    strict: bool = False,
    uses: Sequence[str] = SERIES_COLUMNS,
    as_of: date | None = None,
    releases: ReleaseMode = ReleaseMode.newest,
    covers: tuple[date, date] | None = None,
) -> tuple[Loaded, pl.DataFrame]:
    """Load the inputs (countries filtered while scanning; only the columns the command
    ``uses`` and the selection filters on) and apply the rest of the selection, saying
    on stderr what political violence means for the source and when ``as_of`` lies
    outside the data."""
    from fatalities.core.selection import scope_notes, source_dialect
    from fatalities.core.trend import as_of_outside, select_events

    selection.require_place()
    loaded = load_inputs(
        paths, selection.countries, console, state, estimate=estimate.value, strict=strict,
        columns=selection.columns(uses), releases=releases, covers=covers, summed=True,
    )  # fmt: skip
    outside = as_of_outside(as_of, loaded.coverage_start, loaded.coverage_end)
    if outside:
        console.note(outside)
    source = source_dialect(loaded)
    for note in scope_notes(source, political_violence=selection.political_violence):
        console.note(note)
    return loaded, select_events(loaded, selection, source)


def max_input(environ: Mapping[str, str] | None = None) -> int | None:
    """``FATALITIES_MAX_INPUT`` in bytes (``20GiB``, ``500MiB``), or ``None`` for the
    loader's default; a value that is no size is an ``InputError``.

    >>> max_input({"FATALITIES_MAX_INPUT": "1KiB"}), max_input({})
    (1024, None)
    """
    import os

    from fatalities.io.spool import parse_size

    env = os.environ if environ is None else environ
    text = env.get("FATALITIES_MAX_INPUT", "").strip()
    return parse_size(text) if text else None

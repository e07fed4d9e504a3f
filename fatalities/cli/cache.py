"""``fatalities cache info|clear|build``, where the cache lives, and its background builds.

The cache directory is ``$FATALITIES_CACHE_DIR``, else ``$XDG_CACHE_HOME/fatalities``,
else ``~/.cache/fatalities``. This module is the only one that reads those variables;
the loader is given the directory. After a data command has written its answer, every
large CSV file it read (``cache.MIN_BYTES`` or more) without a current entry is cached
by ``fatalities cache build``, started as a detached low-priority process, so the answer
is not delayed and the next run reads the entry. ``--no-cache`` (on every data command,
or before any command) reads the files themselves and starts no build.

The directory and the cache mode are the run's (``cli.state.RunState``): with no
``$HOME`` and none of those variables there is no cache, and nothing is created.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fatalities.cli.console import Console, FormatOption, OutputOption, choose_format
from fatalities.cli.options import Command, EstimateOption
from fatalities.cli.state import PendingBuild, RunState, run_state
from fatalities.vocabulary import Estimate, OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.cache import CacheInfo


def schedule_builds(state: RunState, sources: Sequence[str], *, estimate: str = "best") -> None:
    """Remember to cache ``sources`` once the command is done (``start_pending_builds``),
    when this run builds entries (``FATALITIES_CACHE=auto`` and no ``--no-cache``)."""
    if state.cache_builds and state.cache_dir is not None:
        state.pending_builds.append(PendingBuild(tuple(sources), state.cache_dir, estimate))


def start_pending_builds(state: RunState) -> int:
    """Start the builds scheduled by this run (the console script calls this after the
    command's output is written, so a build never slows the answer), say so in one line
    on stderr (not with ``--quiet``), and keep the cache within its size cap; how many
    files will be built."""
    from fatalities.io.cache import Cache

    started = 0
    while state.pending_builds:
        pending = state.pending_builds.pop(0)
        count = start_builds(pending.sources, pending.cache_dir, estimate=pending.estimate)
        if count and not state.quiet:
            sys.stderr.write(
                f"fatalities: caching {count} large file(s) in the background in "
                f"{pending.cache_dir} (FATALITIES_CACHE=read or --no-cache to skip)\n"
            )
        started += count
        with contextlib.suppress(OSError):
            Cache(pending.cache_dir).evict(state.cache_max_bytes)
    return started


def start_builds(sources: Sequence[str], cache_dir: Path, *, estimate: str = "best") -> int:
    """Start one detached builder for the large CSV files among ``sources`` that have no
    current entry and no builder; return how many files it will build.

    The build locks are taken here, before this process exits, and handed to the
    builder, so ``cache info`` (and the benchmark runner) see the build at once.
    """
    from fatalities.io.cache import Cache, SourceKey, cached_files, loader_version
    from fatalities.io.readers import expand_sources, sniff_container

    cache = Cache(cache_dir)
    locked: list[tuple[SourceKey, Path]] = []
    try:
        files = cached_files([s for s in expand_sources(sources) if s != "-"])
        for path in files:
            with path.open("rb") as handle:
                if sniff_container(handle.read(8)) != "csv":
                    continue
            key = SourceKey.of(path, loader_version=loader_version(), estimate=estimate)
            entry, _ = cache.find(key)
            if entry is None and cache.try_lock(key):
                locked.append((key, path))
    except OSError:
        pass  # an unwritable cache directory: no cache, and nothing to say on every run
    if not locked:
        return 0
    command = [
        sys.executable, "-m", "fatalities", "cache", "build", "--background",
        "--inherit-lock", str(os.getpid()), "--cache-dir", str(cache_dir),
        "--estimate", estimate, *(str(path) for _, path in locked),
    ]  # fmt: skip
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        for key, _ in locked:
            cache.release(key)
        return 0
    for key, _ in locked:
        cache.hand_over(key, child.pid)
    return len(locked)


cache_app = typer.Typer(
    name="cache",
    help="The cache of large input files (Parquet copies of their columns) that makes "
    "repeated runs fast. It lives in $FATALITIES_CACHE_DIR, else "
    "$XDG_CACHE_HOME/fatalities, else ~/.cache/fatalities.\n\n"
    "Examples:\n\n"
    "  fatalities cache info\n\n"
    "  fatalities cache clear",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@cache_app.command()
def info(
    context: typer.Context,
    output_format: FormatOption = None,
    output: OutputOption = None,
    as_json: Annotated[bool, typer.Option("--json", hidden=True)] = False,
) -> None:
    """Where the cache is, how many entries it holds and their total size.

    --format json gives every fact; csv, tsv, ndjson and markdown one row per entry
    (the file it caches, its rows, dates and build cost).

    Examples:

      fatalities cache info

      fatalities cache info --format csv | cut -d, -f1,3
    """
    from fatalities.cli.errors import user_errors
    from fatalities.io.cache import Cache

    state = run_state(context)
    with user_errors(state), Console(output=output, quiet=state.quiet) as console:
        kind = OutputFormat.json if as_json else choose_format(output_format, output=output)
        facts = Cache(_directory(state)).info()
        if kind is OutputFormat.table:
            console.data(_info_text(facts))
        elif kind is OutputFormat.json:
            console.data(json.dumps(_info_record(facts), indent=2) + "\n")
        else:
            from fatalities.render.text import render

            console.data(render(_entries_frame(facts), kind))


def _info_record(facts: CacheInfo) -> dict[str, Any]:
    """Every fact, for JSON."""
    return {
        "directory": str(facts.directory),
        "entries": facts.entries,
        "total_bytes": facts.total_bytes,
        "building": facts.building,
        "files": [entry.describe() for entry in facts.files],
    }


def _info_text(facts: CacheInfo) -> str:
    """The facts for people: directory, entries, size, then one line per entry."""
    lines = [
        f"directory: {facts.directory}",
        f"entries:   {facts.entries}",
        f"size:      {_size(facts.total_bytes)}",
    ]
    if facts.building:
        lines.append(f"building:  {facts.building}")
    for entry in facts.files:
        lines.append(
            f"  {entry.key.path}  ({entry.rows:,} rows, built in {entry.build_seconds:.1f} s)"
        )
    return "\n".join(lines)


#: The columns of ``cache info`` in the row formats, one row per entry.
ENTRY_COLUMNS = (
    "source", "estimate", "rows", "first", "last", "build_seconds", "build_peak_mib",
    "built_on", "entry",
)  # fmt: skip


def _entries_frame(facts: CacheInfo) -> pl.DataFrame:
    """One row per entry: the file it caches, its rows and dates, its build cost."""
    import polars as pl

    rows = [
        {
            "source": entry.key.path,
            "estimate": entry.key.estimate,
            "rows": entry.rows,
            "first": entry.first,
            "last": entry.last,
            "build_seconds": round(entry.build_seconds, 3),
            "build_peak_mib": round(entry.build_peak_mib, 1),
            "built_on": entry.built_on,
            "entry": entry.path.name,
        }
        for entry in facts.files
    ]
    schema = {
        "source": pl.String, "estimate": pl.String, "rows": pl.Int64, "first": pl.Date,
        "last": pl.Date, "build_seconds": pl.Float64, "build_peak_mib": pl.Float64,
        "built_on": pl.Date, "entry": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row").select(ENTRY_COLUMNS)


@cache_app.command()
def clear(context: typer.Context) -> None:
    """Delete every cache entry (they are rebuilt when needed).

    Example: fatalities cache clear
    """
    from fatalities.cli.errors import user_errors
    from fatalities.io.cache import Cache

    state = run_state(context)
    with user_errors(state):
        cache = Cache(_directory(state))
        deleted = cache.clear()
    sys.stderr.write(f"fatalities: deleted {deleted} file(s) from {cache.directory}\n")


@cache_app.command(cls=Command)
def build(
    context: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(help="CSV files to cache now.", show_default=False, metavar="PATH"),
    ],
    estimate: EstimateOption = Estimate.best,
    cache_dir: Annotated[str | None, typer.Option("--cache-dir", hidden=True)] = None,
    inherit_lock: Annotated[int | None, typer.Option("--inherit-lock", hidden=True)] = None,
    background: Annotated[bool, typer.Option("--background", hidden=True)] = False,
) -> None:
    """Build the cache entries of CSV files now (normally done in the background after
    the first run on a large file).

    Example: fatalities cache build export.csv
    """
    from fatalities.errors import FatalitiesError
    from fatalities.io.cache import build as build_entry

    if background:
        with contextlib.suppress(OSError):
            os.nice(10)
    directory = Path(cache_dir) if cache_dir else _directory(run_state(context))
    failed = 0
    for path in paths:
        try:
            entry = build_entry(
                path, directory, estimate=estimate.value, inherit_lock_from=inherit_lock
            )
        except FatalitiesError as error:
            failed += 1
            sys.stderr.write(f"fatalities: error: {error}\n")
            continue
        if entry is None:
            sys.stderr.write(f"fatalities: {path}: not cached (not a CSV file of events)\n")
        elif not background:
            sys.stderr.write(
                f"fatalities: {path}: cached ({entry.rows:,} rows, {entry.build_seconds:.1f} s)\n"
            )
    if failed:
        raise typer.Exit(2)


def _directory(state: RunState) -> Path:
    """The run's cache directory, or an error when there is none (no ``$HOME``)."""
    from fatalities.errors import InputError

    if state.cache_dir is None:
        raise InputError("no cache directory: set FATALITIES_CACHE_DIR, XDG_CACHE_HOME or HOME")
    return state.cache_dir


def _size(count: int) -> str:
    """Bytes in a readable unit.

    >>> _size(0), _size(2048), _size(5 * 1024**3)
    ('0 B', '2.0 KiB', '5.0 GiB')
    """
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"  # pragma: no cover

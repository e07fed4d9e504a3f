"""``fatalities cache info|clear|build``, where the cache lives, and its background builds.

The cache directory is ``$FATALITIES_CACHE_DIR``, else ``$XDG_CACHE_HOME/fatalities``,
else ``~/.cache/fatalities``. This module is the only one that reads those variables;
the loader is given the directory. After a data command has written its answer, every
large CSV file it read (``cache.MIN_BYTES`` or more) without a current entry is cached
by ``fatalities cache build``, started as a detached low-priority process, so the answer
is not delayed and the next run reads the entry. ``--no-cache`` (on every data command,
or before any command) reads the files themselves and starts no build.

>>> cache_directory({"FATALITIES_CACHE_DIR": "/tmp/c"}).as_posix()
'/tmp/c'
>>> cache_directory({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"}).as_posix()
'/x/cache/fatalities'
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fatalities.cli.console import Console, FormatOption, OutputOption, choose_format
from fatalities.cli.options import Command, EstimateOption, NoCacheOption
from fatalities.io.dialects import Estimate
from fatalities.render.text import OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.cache import CacheInfo


@dataclass
class _Settings:
    """Whether this run uses the cache (``--no-cache`` turns it off), and the builds to
    start once the command's output is written (``start_pending_builds``)."""

    enabled: bool = True
    pending: list[tuple[list[str], Path, str]] = field(default_factory=list)


SETTINGS = _Settings()


def cache_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Where cache entries live (XDG rules; ``FATALITIES_CACHE_DIR`` overrides)."""
    env = os.environ if environ is None else environ
    override = env.get("FATALITIES_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():  # the XDG spec ignores relative paths
        return Path(xdg) / "fatalities"
    home = env.get("HOME", "").strip()
    return (Path(home) if home else Path.home()) / ".cache" / "fatalities"


def apply_no_cache(no_cache: bool) -> None:
    """A command's own ``--no-cache``: this run reads no entry and builds none."""
    if no_cache:
        SETTINGS.enabled = False


def with_no_cache(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with a ``--no-cache`` option added (for a command defined without one).

    The option goes last; the command itself is called without it.
    """
    import functools
    import inspect

    @functools.wraps(command)
    def run(*args: Any, no_cache: bool = False, **kwargs: Any) -> None:
        apply_no_cache(no_cache)
        command(*args, **kwargs)

    signature = inspect.signature(command, eval_str=True)
    option = inspect.Parameter(
        "no_cache", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoCacheOption
    )
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), option]
    )
    run.__annotations__ = {**command.__annotations__, "no_cache": NoCacheOption}
    return run


def cache_dir_for_run(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache directory, or ``None`` when this run was given ``--no-cache`` or the
    directory would be made inside a home that does not exist (``$HOME`` unset or
    missing, and no ``FATALITIES_CACHE_DIR`` or ``XDG_CACHE_HOME``): then no cache is
    used and nothing is created. Temporary files of builders that died are swept.

    >>> cache_dir_for_run({"HOME": "/nonexistent/home"}) is None
    True
    """
    if not SETTINGS.enabled:
        return None
    env = os.environ if environ is None else environ
    directory = cache_directory(env)
    explicit = env.get("FATALITIES_CACHE_DIR", "").strip() or (
        env.get("XDG_CACHE_HOME", "").strip() and Path(env["XDG_CACHE_HOME"].strip()).is_absolute()
    )
    home = env.get("HOME", "").strip()
    if not explicit and (not home or not Path(home).is_dir()):
        return None
    if directory.is_dir():
        from fatalities.io.cache import Cache

        Cache(directory).sweep()
    return directory


def schedule_builds(sources: Sequence[str], cache_dir: Path, *, estimate: str = "best") -> None:
    """Remember to cache ``sources`` once the command is done (see ``start_pending_builds``)."""
    SETTINGS.pending.append((list(sources), cache_dir, estimate))


def start_pending_builds() -> int:
    """Start the builds scheduled by this run (the console script calls this after the
    command's output is written, so a build never slows the answer); how many files."""
    started = 0
    while SETTINGS.pending:
        sources, cache_dir, estimate = SETTINGS.pending.pop(0)
        started += start_builds(sources, cache_dir, estimate=estimate)
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
    from fatalities.cli.app import user_errors
    from fatalities.io.cache import Cache

    with user_errors(False), Console(output=output) as console:
        kind = OutputFormat.json if as_json else choose_format(output_format, output=output)
        facts = Cache(cache_directory()).info()
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
def clear() -> None:
    """Delete every cache entry (they are rebuilt when needed).

    Example: fatalities cache clear
    """
    from fatalities.io.cache import Cache

    cache = Cache(cache_directory())
    deleted = cache.clear()
    sys.stderr.write(f"fatalities: deleted {deleted} file(s) from {cache.directory}\n")


@cache_app.command(cls=Command)
def build(
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
    directory = Path(cache_dir) if cache_dir else cache_directory()
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

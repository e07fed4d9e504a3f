"""A cache of each input file's scanned columns, as Parquet, for repeated runs.

One entry per CSV file on disk: the loader's *raw stage* of the whole file (every
row, every canonical column as text, before dates are parsed and rows validated),
grouped by country so that reading one country touches only its row groups. The
loader runs exactly the same selection, date parsing and validation on an entry
as on the CSV, so the cache never changes a result; it only skips the CSV scan.

An entry is keyed by the file's absolute path, size, modification time (ns), inode
and change time (ns; ``touch``, ``cp -p``, ``rsync -t`` and ``tar x`` can restore a
modification time but not these), the loader's version (``load.LOADER_VERSION``) and
the fatality estimate; any change makes it stale. Each entry stores checksums of its
data (per country and column, ``data_checksums``); a read recomputes them for the rows
and columns it reads, and a mismatch (a flipped bit on disk) discards the entry, with a
note naming the cache entry, so it is rebuilt. Temporary files of builders that died
are swept (``Cache.sweep``). Entries are written to a temporary file and renamed into place, so
an interrupted build leaves no broken entry; an entry that cannot be read is
ignored, deleted and rebuilt. The core never reads the environment: the CLI
resolves the directory (``FATALITIES_CACHE_DIR``, else the XDG cache directory)
and passes it in.

>>> import tempfile
>>> cache = Cache(Path(tempfile.mkdtemp()))
>>> cache.info().entries
0
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.io.processes import process_alive

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.readers import Table
    from fatalities.io.sniff import Layout

#: Files smaller than this are read directly: scanning them is as fast as the cache.
MIN_BYTES = 16 * 1024 * 1024
#: Key of the Parquet metadata entry holding an entry's JSON description.
METADATA_KEY = "fatalities"
#: Column holding the lower-cased country each row is grouped and selected by.
COUNTRY_KEY = "__country_key"
#: Rows per Parquet row group: small enough that one country reads few of them.
ROW_GROUP_ROWS = 32_768
#: Rows the builder splits by country at a time (``CountrySpill``).
SPILL_BATCH_ROWS = 128 * 1024
#: A lock without a live owner older than this (seconds) is abandoned.
STALE_LOCK_SECONDS = 120.0
ENTRY_SUFFIX = ".parquet"
LOCK_SUFFIX = ".lock"
TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class SourceKey:
    """What an entry is valid for: one table of one file, as it is now, read by this loader."""

    path: str
    size: int
    mtime_ns: int
    loader_version: str
    estimate: str = "best"
    inode: int = 0
    ctime_ns: int = 0

    @classmethod
    def of(cls, path: Path, *, loader_version: str, estimate: str = "best") -> SourceKey:
        """The key of ``path`` as it is on disk now.

        >>> import tempfile
        >>> file = Path(tempfile.mkdtemp(), "e.csv")
        >>> _ = file.write_text("a\\n")
        >>> SourceKey.of(file, loader_version="1").size
        2
        """
        resolved = path.resolve()
        stat = resolved.stat()
        return cls(
            str(resolved), stat.st_size, stat.st_mtime_ns, loader_version, estimate,
            stat.st_ino, stat.st_ctime_ns,
        )  # fmt: skip

    @property
    def name(self) -> str:
        """The entry's file stem: one entry per file (a changed file replaces it)."""
        text = json.dumps([self.path, self.estimate])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Entry:
    """A usable cache entry: its Parquet file and what it says about the whole table."""

    path: Path
    key: SourceKey
    #: Encoding the table was decoded with (``cp1252`` when UTF-8 failed).
    encoding: str
    rows: int
    #: First and last date in the loader's valid window, and the latest date of any row,
    #: as of the day the entry was built (``None`` when there are none).
    first: date | None
    last: date | None
    latest: date | None
    #: Seconds and peak memory (MiB) the build took, for ``cache info`` and benchmarks.
    build_seconds: float = 0.0
    build_peak_mib: float = 0.0
    built_on: date | None = None
    #: Country key -> column -> checksum of the entry's data (``data_checksums``).
    checksums: dict[str, dict[str, int]] = field(default_factory=dict)

    def span(self, today: date) -> tuple[date | None, date | None] | None:
        """``(first, last)`` valid dates as of ``today``, or ``None`` when they must be recomputed.

        The stored span holds for any ``today`` on or after the latest date in the file.

        >>> entry = Entry(Path("x"), SourceKey("p", 1, 1, "1"), "utf-8", 1,
        ...               date(2001, 1, 1), date(2017, 5, 1), date(2017, 5, 1))
        >>> entry.span(date(2020, 1, 1)), entry.span(date(2017, 1, 1))
        ((datetime.date(2001, 1, 1), datetime.date(2017, 5, 1)), None)
        """
        if self.latest is None:
            return (self.first, self.last)
        if self.built_on is not None and self.latest > self.built_on:
            return None
        return (self.first, self.last) if self.latest <= today else None

    def describe(self) -> dict[str, Any]:
        """The JSON-ready description stored in the Parquet file's metadata."""
        return {
            "key": asdict(self.key),
            "encoding": self.encoding,
            "rows": self.rows,
            "first": _iso(self.first),
            "last": _iso(self.last),
            "latest": _iso(self.latest),
            "build_seconds": round(self.build_seconds, 3),
            "build_peak_mib": round(self.build_peak_mib, 1),
            "built_on": _iso(self.built_on),
            "checksums": self.checksums,
        }

    @classmethod
    def from_description(cls, path: Path, text: str) -> Entry:
        """An entry from its stored description (``ValueError``/``KeyError``/``TypeError`` if bad)."""
        data = json.loads(text)
        return cls(
            path=path,
            key=SourceKey(**data["key"]),
            encoding=str(data["encoding"]),
            rows=int(data["rows"]),
            first=_date(data["first"]),
            last=_date(data["last"]),
            latest=_date(data["latest"]),
            build_seconds=float(data.get("build_seconds", 0.0)),
            build_peak_mib=float(data.get("build_peak_mib", 0.0)),
            built_on=_date(data.get("built_on")),
            checksums=_checksums(data.get("checksums", {})),
        )


@dataclass
class CacheInfo:
    """What ``fatalities cache info`` shows."""

    directory: Path
    entries: int
    total_bytes: int
    building: int
    files: list[Entry] = field(default_factory=list)


class Cache:
    """The cache directory: find, write, lock, list and clear entries."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def entry_path(self, key: SourceKey) -> Path:
        return self.directory / f"{key.name}{ENTRY_SUFFIX}"

    def lock_path(self, key: SourceKey) -> Path:
        return self.directory / f"{key.name}{LOCK_SUFFIX}"

    def find(self, key: SourceKey) -> tuple[Entry | None, str | None]:
        """``(entry, None)`` for a usable entry; ``(None, note)`` for a damaged one (deleted,
        so it is rebuilt); ``(None, None)`` when there is none or it is stale."""
        path = self.entry_path(key)
        try:
            metadata = _parquet_metadata(path)
        except FileNotFoundError:
            return None, None
        except OSError as error:
            return None, f"cache entry {path.name} cannot be read ({error}); ignored"
        except Exception as error:  # polars raises its own errors for damaged files
            _remove(path)
            return None, (
                f"the cache entry {path} is damaged ({_first_line(error)}); it was deleted "
                f"and will be rebuilt ({key.path} itself is fine and was read instead)"
            )
        try:
            entry = Entry.from_description(path, metadata[METADATA_KEY])
        except (KeyError, ValueError, TypeError) as error:
            _remove(path)
            return None, (
                f"the cache entry {path} has no valid description ({type(error).__name__}); "
                f"it was deleted and will be rebuilt ({key.path} itself is fine and was read instead)"
            )
        if entry.key != key:
            return None, None
        with contextlib.suppress(OSError):
            os.utime(path)  # last used: ``evict`` keeps the most recently used entries
        return entry, None

    def discard(self, entry: Entry) -> None:
        """Delete an entry found unreadable while reading its rows."""
        _remove(entry.path)

    def write(self, entry: Entry, rows: pl.LazyFrame) -> Path:
        """Write ``rows`` (grouped by ``COUNTRY_KEY``) as ``entry``, atomically."""
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.entry_path(entry.key)
        temporary = self.scratch(entry.key, "entry")
        try:
            rows.sink_parquet(
                temporary,
                row_group_size=ROW_GROUP_ROWS,
                metadata={METADATA_KEY: json.dumps(entry.describe())},
                engine="streaming",
            )
            os.replace(temporary, final)
        finally:
            _remove(temporary)
        entry.path = final
        return final

    def scratch(self, key: SourceKey, part: str) -> Path:
        """A temporary file for ``key`` (removed by ``clear`` if a build is interrupted)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        return self.directory / f"{key.name}.{os.getpid()}.{part}{TEMP_SUFFIX}"

    def try_lock(self, key: SourceKey, *, inherit_from: int | None = None) -> bool:
        """Take the build lock of ``key`` for this process; ``False`` if a live process
        holds it. A lock held by ``inherit_from`` (the process that started this one and
        handed it over) is taken over."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.lock_path(key)
        for _ in range(3):
            try:
                descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = _lock_owner(path)
                if holder is not None and holder in {os.getpid(), inherit_from}:
                    self.hand_over(key, os.getpid())
                    return True
                if _is_stale(path, holder):
                    _remove(path)
                    continue
                return False
            with os.fdopen(descriptor, "w") as handle:
                handle.write(str(os.getpid()))
            return True
        return False

    def hand_over(self, key: SourceKey, pid: int) -> None:
        """Give the lock of ``key`` to process ``pid`` (a background builder)."""
        path = self.lock_path(key)
        temporary = path.with_name(f"{path.name}.{os.getpid()}{TEMP_SUFFIX}")
        temporary.write_text(str(pid))
        os.replace(temporary, path)

    def release(self, key: SourceKey) -> None:
        """Drop the lock of ``key``."""
        _remove(self.lock_path(key))

    def building(self) -> list[Path]:
        """Locks held by live builders."""
        if not self.directory.is_dir():
            return []
        return [
            path
            for path in sorted(self.directory.glob(f"*{LOCK_SUFFIX}"))
            if not _is_stale(path, _lock_owner(path))
        ]

    def info(self) -> CacheInfo:
        """The directory, its entries and their total size (temporary files included)."""
        if not self.directory.is_dir():
            return CacheInfo(self.directory, 0, 0, 0)
        entries: list[Entry] = []
        total = 0
        for path in sorted(self.directory.iterdir()):
            if not path.is_file():
                continue
            total += path.stat().st_size
            if path.name.endswith(ENTRY_SUFFIX):
                with contextlib.suppress(Exception):
                    entries.append(
                        Entry.from_description(path, _parquet_metadata(path)[METADATA_KEY])
                    )
        return CacheInfo(self.directory, len(entries), total, len(self.building()), entries)

    def clear(self) -> int:
        """Delete every entry and leftover temporary file (not live builders' locks);
        return how many files were deleted."""
        if not self.directory.is_dir():
            return 0
        live = set(self.building())
        deleted = 0
        for path in self.directory.iterdir():
            if (
                path.is_file()
                and path not in live
                and path.name.endswith((ENTRY_SUFFIX, LOCK_SUFFIX, TEMP_SUFFIX))
            ):
                _remove(path)
                deleted += 1
        return deleted

    def sweep(self) -> int:
        """Remove temporary files (``*.PID.*.tmp``) whose builder process is gone; how many."""
        removed = 0
        try:
            names = [entry.name for entry in os.scandir(self.directory)]
        except OSError:
            return 0
        for name in names:
            if not name.endswith(TEMP_SUFFIX):
                continue
            pid = _temporary_owner(name)
            if pid is not None and not process_alive(pid):
                with contextlib.suppress(OSError):
                    (self.directory / name).unlink()
                    removed += 1
        return removed

    def evict(self, max_bytes: int) -> int:
        """Delete the least recently used entries until the entries fit in ``max_bytes``;
        return how many were deleted (an entry's modification time is its last use)."""
        if not self.directory.is_dir():
            return 0
        entries: list[tuple[float, int, Path]] = []
        for path in self.directory.glob(f"*{ENTRY_SUFFIX}"):
            with contextlib.suppress(OSError):
                status = path.stat()
                entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            _remove(path)
            total -= size
            deleted += 1
        return deleted

    def wait(self, timeout: float, poll: float = 0.05) -> bool:
        """Wait until no builder holds a lock; ``False`` if ``timeout`` seconds pass first."""
        deadline = time.monotonic() + timeout
        while self.building():
            if time.monotonic() > deadline:
                return False
            time.sleep(poll)
        return True


#: Modules whose code shapes the raw stage an entry holds: editing one invalidates entries.
RAW_STAGE_MODULES: tuple[str, ...] = (
    "fatalities.io.raw",
    "fatalities.io.load",
    "fatalities.io.coverage",
    "fatalities.io.sniff",
    "fatalities.io.dialects",
    "fatalities.io.readers",
    "fatalities.countries",
    "fatalities.io.validate",
)


@functools.cache
def loader_version() -> str:
    """``load.LOADER_VERSION``, the polars version and a fingerprint of the loader's code.

    The constant is bumped by hand when the loader's output changes; the fingerprint
    also catches edits nobody remembered to mark.
    """
    import importlib

    import polars as pl

    from fatalities.io.raw import LOADER_VERSION

    digest = hashlib.sha256(f"{LOADER_VERSION}|{pl.__version__}".encode())
    for name in RAW_STAGE_MODULES:
        module = importlib.import_module(name)
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    return f"{LOADER_VERSION}-{digest.hexdigest()[:16]}"


@dataclass
class Cached:
    """The raw stage of one table's selected rows, read from an entry."""

    rows: pl.DataFrame
    #: ``rows`` (every row of the table), ``first`` and ``last`` valid date: the span query's answer.
    span: pl.DataFrame
    encoding: str
    #: The entry's file (every row of the table, for the names of its countries).
    source: Path | None = None


def read(
    cache_dir: Path,
    table: Table,
    layout: Layout,
    *,
    estimate: str,
    wanted: Sequence[str],
    columns: Sequence[str],
    today: date,
) -> tuple[Cached | None, str | None]:
    """The selected rows of ``table`` from its entry, in file order, or ``(None, note)``.

    ``columns`` are the raw-stage columns to read; ``wanted`` the lower-cased countries
    (empty: every row). Only CSV files on disk with event rows are cached.
    """
    import polars as pl

    if (
        table.path is None
        or table.temporary
        or table.frame is not None
        or layout.dialect.granularity != "event"
    ):
        return None, None
    cache = Cache(cache_dir)
    try:
        key = SourceKey.of(table.path, loader_version=loader_version(), estimate=estimate)
    except OSError:
        return None, None
    entry, note = cache.find(key)
    if entry is None:
        return None, note
    span = entry.span(today)
    if span is None:
        return None, None
    from fatalities.io.validate import ROW

    try:
        scan = pl.scan_parquet(entry.path)
        if wanted:
            scan = scan.filter(pl.col(COUNTRY_KEY).is_in(list(wanted)))
        read_rows = scan.select(*columns, COUNTRY_KEY).collect()
        found = checksum_table(data_checksums(read_rows.lazy(), columns).collect())
        rows = read_rows.drop(COUNTRY_KEY).sort(ROW)
    except pl.exceptions.PolarsError as error:
        cache.discard(entry)
        return None, (
            f"the cache entry {entry.path} is damaged ({_first_line(error)}); it was "
            f"deleted and will be rebuilt ({table.name} itself is fine and was read instead)"
        )
    if not checksums_agree(entry.checksums, found, wanted):
        cache.discard(entry)
        return None, (
            f"the cache entry {entry.path} does not match its checksum (damaged on disk); "
            f"it was deleted and will be rebuilt ({table.name} itself is fine and was read instead)"
        )
    first, last = span
    frame = pl.DataFrame(
        {"rows": [entry.rows], "first": [first], "last": [last]},
        schema={"rows": pl.UInt32, "first": pl.Date, "last": pl.Date},
    )
    return Cached(rows, frame, entry.encoding, entry.path), None


def build(
    source: str | Path,
    cache_dir: Path,
    *,
    estimate: str = "best",
    today: date | None = None,
    inherit_lock_from: int | None = None,
) -> Entry | None:
    """Build the entry of one CSV file (``None`` when it is not cacheable or another
    process is building it). A streaming pass writes the raw stage of every row to a
    temporary Parquet file (and gives the date span); its rows are split by country
    into small files a batch at a time (``CountrySpill``), then written grouped by
    country."""
    from fatalities.io.raw import open_csv
    from fatalities.io.readers import open_tables

    today = today or date.today()
    tables = open_tables(str(source))
    if (
        len(tables) != 1
        or tables[0].path is None
        or tables[0].temporary
        or tables[0].frame is not None
    ):
        return None
    table = tables[0]
    assert table.path is not None
    lazy, layout, _, recode = open_csv(table, estimate)
    if layout.dialect.granularity != "event":
        return None
    cache = Cache(cache_dir)
    key = SourceKey.of(table.path, loader_version=loader_version(), estimate=estimate)
    if not cache.try_lock(key, inherit_from=inherit_lock_from):
        return None
    try:
        entry, _ = cache.find(key)
        if entry is not None:
            return entry
        return _build(cache, key, lazy, layout, recode, today)
    finally:
        cache.release(key)


def _build(
    cache: Cache,
    key: SourceKey,
    lazy: pl.LazyFrame,
    layout: Layout,
    recode: Callable[[], tuple[pl.LazyFrame, Any]],
    today: date,
) -> Entry:
    import polars as pl

    from fatalities.io.coverage import coverage_query
    from fatalities.io.raw import projected_rows
    from fatalities.io.sniff import parse_date
    from fatalities.io.validate import RAW_DATE

    started = time.monotonic()
    rows_file = cache.scratch(key, "rows")
    spill = CountrySpill(cache, key)
    try:
        for attempt in range(2):
            projected = projected_rows(lazy, layout).with_columns(
                pl.col("country").str.to_lowercase().alias(COUNTRY_KEY)
            )
            coverage = coverage_query(projected, layout, today)
            latest = projected.select(
                parse_date(pl.col(RAW_DATE), layout.date_format).max().alias("latest")
            )
            sink = projected.sink_parquet(rows_file, lazy=True, row_group_size=ROW_GROUP_ROWS)
            try:
                _, span, newest = pl.collect_all([sink, coverage, latest], engine="streaming")
                break
            except pl.exceptions.ComputeError as error:
                if attempt or "utf-8" not in str(error).lower():
                    raise
                lazy, _ = recode()
                layout.encoding = "cp1252"
        rows, first, last = span.row(0)
        stage = pl.scan_parquet(rows_file)
        checksums = checksum_table(
            data_checksums(stage, [c for c in stage.collect_schema().names() if c != COUNTRY_KEY])
            .collect(engine="streaming")
        )  # fmt: skip
        spill.take_file(rows_file, int(rows))
        entry = Entry(
            path=cache.entry_path(key),
            key=key,
            encoding=layout.encoding,
            rows=int(rows),
            first=first,
            last=last,
            latest=newest.item(),
            build_seconds=time.monotonic() - started,
            build_peak_mib=peak_memory_mib(),
            built_on=today,
            checksums=checksums,
        )
        cache.write(entry, spill.grouped(rows_file))
        return entry
    finally:
        spill.remove()
        _remove(rows_file)


class CountrySpill:
    """The rows of a file grouped by country, in bounded memory.

    The builder's first pass writes the raw stage of every row to a temporary Parquet
    file; ``take_file`` reads it back a batch at a time and splits each batch by
    country into small temporary files, and ``grouped`` reads those country after
    country (batches in order within a country), for ``Cache.write`` to stream into
    the entry. No more than a batch is held at once. Sorting the rows by country in
    hashed buckets instead took the builder of the 2.5M-row export to about 510 MiB
    (and a streaming scan handing its batches to Python to about 1,080 MiB: it reads
    ahead of the writes); the figures now are in docs/benchmarks.md.
    ``tests/io/test_cache.py`` checks the entry holds every row, grouped by country.
    """

    def __init__(self, cache: Cache, key: SourceKey) -> None:
        self.cache, self.key = cache, key
        #: country key -> (batch number, part file)
        self.parts: dict[str | None, list[tuple[int, Path]]] = {}

    def take_file(self, rows_file: Path, rows: int) -> None:
        """Split the ``rows`` rows of ``rows_file`` by country, ``SPILL_BATCH_ROWS`` at a time."""
        import polars as pl

        scan = pl.scan_parquet(rows_file)
        for number, offset in enumerate(range(0, rows, SPILL_BATCH_ROWS)):
            self.take(number, scan.slice(offset, SPILL_BATCH_ROWS).collect())

    def take(self, number: int, batch: pl.DataFrame) -> None:
        """Write batch ``number``'s rows, a file per country."""
        pieces = batch.partition_by(COUNTRY_KEY, as_dict=True, maintain_order=True)
        for index, ((country, *_), piece) in enumerate(pieces.items()):
            path = self.cache.scratch(self.key, f"part{number}-{index}")
            piece.write_parquet(path, compression="lz4", statistics=False)
            name = None if country is None else str(country)
            self.parts.setdefault(name, []).append((number, path))

    def grouped(self, rows_file: Path) -> pl.LazyFrame:
        """Every row taken, each country's rows together (countries sorted, empty last);
        ``rows_file`` itself (for its schema) when it has no rows."""
        import polars as pl

        countries = sorted(self.parts, key=lambda name: (name is None, name or ""))
        paths = [path for name in countries for _, path in sorted(self.parts[name])]
        return pl.scan_parquet(paths or rows_file)

    def remove(self) -> None:
        """Delete the part files."""
        for parts in self.parts.values():
            for _, path in parts:
                _remove(path)
        self.parts.clear()


def peak_memory_mib() -> float:
    """This program's peak resident memory so far, in MiB (0 where unknown).

    On Linux ``VmHWM`` is read: ``ru_maxrss`` would include the memory of the process
    that started this one (it survives ``fork`` and ``exec``), a whole dataset's worth
    when the builder is started by a command that loaded every row.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if os.uname().sysname != "Darwin" else peak / 1024 / 1024


def _parquet_metadata(path: Path) -> dict[str, str]:
    import polars as pl

    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "no entry", str(path))
    return pl.read_parquet_metadata(path)


def _lock_owner(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _is_stale(path: Path, owner: int | None) -> bool:
    """A lock whose owner is gone (or unknown and old) no longer counts."""
    if owner is not None:
        return not process_alive(owner)
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return True
    return age > STALE_LOCK_SECONDS


def _temporary_owner(name: str) -> int | None:
    """The process id in a temporary file's name (``KEY.PID.PART.tmp``, ``KEY.lock.PID.tmp``).

    >>> _temporary_owner("abc.1234.rows.tmp"), _temporary_owner("abc.lock.77.tmp"), _temporary_owner("x.tmp")
    (1234, 77, None)
    """
    parts = name.split(".")
    for part in parts[1:-1]:
        if part.isdigit():
            return int(part)
    return None


def data_checksums(rows: pl.LazyFrame, columns: Sequence[str]) -> pl.LazyFrame:
    """Per country key (``COUNTRY_KEY``, empty for none): the rows, and a checksum of each
    of ``columns`` (the sum of its values' hashes, each cut to 31 bits so sums never wrap)."""
    import polars as pl

    return rows.group_by(pl.col(COUNTRY_KEY).fill_null("").alias(COUNTRY_KEY)).agg(
        pl.len().cast(pl.Int64).alias(_ROWS),
        *(
            (pl.col(column).hash(seed=0) % 2_147_483_647).cast(pl.Int64).sum().alias(column)
            for column in columns
        ),
    )


#: The rows count among an entry's checksums.
_ROWS = "__rows"


def checksum_table(frame: pl.DataFrame) -> dict[str, dict[str, int]]:
    """``data_checksums``' answer as the dictionary an entry stores."""
    return {
        str(row[COUNTRY_KEY]): {
            name: int(value) for name, value in row.items() if name != COUNTRY_KEY
        }
        for row in frame.iter_rows(named=True)
    }


def checksums_agree(
    stored: dict[str, dict[str, int]], found: dict[str, dict[str, int]], wanted: Sequence[str]
) -> bool:
    """Whether the checksums of the rows read match the stored ones (of the countries
    read: ``wanted``, or all of them)."""
    keys = [key for key in wanted if key in stored] if wanted else list(stored)
    if set(found) != set(keys):
        return False
    return all(
        all(stored[key].get(name) == value for name, value in found[key].items()) for key in keys
    )


def _checksums(value: object) -> dict[str, dict[str, int]]:
    if not isinstance(value, dict):
        raise TypeError("checksums")
    return {
        str(key): {str(name): int(number) for name, number in columns.items()}
        for key, columns in value.items()
    }


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"not a date: {value!r}")
    return date.fromisoformat(value)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def cached_files(paths: Sequence[str]) -> list[Path]:
    """The paths worth caching: CSV-like files on disk of at least ``MIN_BYTES``."""
    found: list[Path] = []
    for text in paths:
        path = Path(text)
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_size >= MIN_BYTES:
                found.append(path)
    return found

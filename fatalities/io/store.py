"""The local store of fetched data: one Parquet file per country plus ``state.json``.

A store is a folder (``<data dir>/acled`` or ``<data dir>/hapi``). ``state.json``
lists the subscriptions (what was asked: a country or region and a date window, when
it was last synced, any restriction the server reported) and, per country, its file,
rows, window, last sync, release and coverage. It is the store's only commit point:

- country files are never changed in place: a new version is a new file with a fresh
  name, written and fsynced first;
- then ``state.json`` is replaced atomically (a rename) to point at them;
- only then are files no state refers to removed.

A process killed at any moment therefore leaves either the previous store or the
new one, both whole; a reader goes through ``state.json`` and never sees a half file.

Values are kept as the server sent them (text), so the store can be compared with
the server's data value for value.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.countries import country_key
from fatalities.errors import InputError, SelectionError

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "STATE_NAME",
    "CountryEntry",
    "Store",
    "StoreInput",
    "Subscription",
    "is_store",
    "read_store_input",
    "store_lock",
]

STATE_NAME = "state.json"
FORMAT = "fatalities-store"
VERSION = 1
ID = "event_id_cnty"


@dataclass
class Subscription:
    """One thing asked for: a country or a region (``value``), within a date window."""

    kind: str  # "country", "region" or "location" (HAPI's ISO3 codes)
    value: str
    since: str | None = None
    until: str | None = None
    #: Server-side time (epoch seconds, by this machine's clock) the last sync started.
    last_sync_timestamp: int | None = None
    #: The same moment, ISO 8601 in UTC, for people.
    last_sync: str | None = None
    #: ``data_query_restrictions`` the server reported on the last sync.
    restrictions: dict[str, Any] = field(default_factory=dict)

    def same_request(self, other: Subscription) -> bool:
        return (self.kind, self.value.lower(), self.since, self.until) == (
            other.kind, other.value.lower(), other.since, other.until,
        )  # fmt: skip

    def matches(self, kind: str, value: str) -> bool:
        return self.kind == kind and self.value.lower() == value.lower()


@dataclass
class CountryEntry:
    """What the store holds for one country."""

    file: str
    rows: int
    #: The requested event-date window (``None``: open at that end).
    since: str | None
    until: str | None
    last_sync: str | None
    #: The latest change at the source among the country's rows (its data's release).
    release: str | None
    #: Last day the data cover: the window's end, else the sync date, capped by any
    #: restriction.
    coverage_end: str | None
    restrictions: dict[str, Any] = field(default_factory=dict)
    size: int = 0


@dataclass
class Store:
    """A store folder and its state. ``Store.open`` reads it (empty when new)."""

    path: Path
    source: str
    api_url: str = ""
    subscriptions: list[Subscription] = field(default_factory=list)
    countries: dict[str, CountryEntry] = field(default_factory=dict)

    @staticmethod
    def open(path: Path, source: str) -> Store:
        """The store at ``path`` (a new, empty one when there is no ``state.json``)."""
        state_path = path / STATE_NAME
        if not state_path.exists():
            return Store(path, source)
        try:
            document = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(
                f"{state_path}: unreadable store state ({error}); remove the folder and fetch again"
            ) from None
        if document.get("format") != FORMAT or document.get("source") != source:
            raise InputError(
                f"{path}: not a fatalities {source} store (its state.json says "
                f"{document.get('format')!r}/{document.get('source')!r})"
            )
        return Store(
            path,
            source,
            api_url=str(document.get("api_url", "")),
            subscriptions=[Subscription(**item) for item in document.get("subscriptions", [])],
            countries={
                name: CountryEntry(**entry) for name, entry in document.get("countries", {}).items()
            },
        )

    @property
    def exists(self) -> bool:
        return (self.path / STATE_NAME).exists()

    def subscription(self, kind: str, value: str) -> Subscription | None:
        return next((item for item in self.subscriptions if item.matches(kind, value)), None)

    def frame(self, countries: Iterable[str] | None = None) -> pl.DataFrame:
        """The stored rows (of ``countries``, default all) as one frame of text columns."""
        import polars as pl

        names = list(self.countries) if countries is None else list(countries)
        frames = [
            pl.read_parquet(self.path / self.countries[name].file)
            for name in names
            if name in self.countries
        ]
        frames = [frame for frame in frames if frame.width]
        if not frames:
            return pl.DataFrame({ID: []}, schema={ID: pl.String})
        return pl.concat(frames, how="diagonal_relaxed")

    def commit(
        self,
        frames: Mapping[str, pl.DataFrame],
        entries: Mapping[str, CountryEntry],
        subscriptions: Sequence[Subscription],
        *,
        api_url: str,
        dropped: Iterable[str] = (),
    ) -> None:
        """Write the changed countries' ``frames`` as new files, then the new state
        (``entries`` for every country kept; ``dropped`` countries leave), atomically."""
        folder = self.path / "data"
        folder.mkdir(parents=True, exist_ok=True)
        countries = {
            name: entry for name, entry in self.countries.items() if name not in set(dropped)
        }
        for name, frame in frames.items():
            file_name = f"data/{_slug(name)}-{secrets.token_hex(4)}.parquet"
            _write_parquet(frame, self.path / file_name)
            entry = entries[name]
            entry.file = file_name
            entry.size = (self.path / file_name).stat().st_size
            countries[name] = entry
        for name, entry in entries.items():
            if name not in frames and name in countries:
                entry.file, entry.size = countries[name].file, countries[name].size
                countries[name] = entry
        document = {
            "format": FORMAT,
            "version": VERSION,
            "source": self.source,
            "api_url": api_url,
            "subscriptions": [asdict(item) for item in subscriptions],
            "countries": {name: asdict(countries[name]) for name in sorted(countries)},
        }
        _write_atomic(self.path / STATE_NAME, json.dumps(document, indent=1, sort_keys=True))
        self.api_url = api_url
        self.subscriptions = list(subscriptions)
        self.countries = dict(sorted(countries.items()))
        self.remove_unreferenced()

    def remove_unreferenced(self) -> None:
        """Delete data files no state refers to (left by a run that was killed)."""
        kept = {entry.file for entry in self.countries.values()}
        folder = self.path / "data"
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if f"data/{path.name}" not in kept:
                with contextlib.suppress(OSError):
                    path.unlink()

    def size(self) -> int:
        """Bytes of the store's referenced files and state."""
        state = self.path / STATE_NAME
        return sum(entry.size for entry in self.countries.values()) + (
            state.stat().st_size if state.exists() else 0
        )


@contextlib.contextmanager
def store_lock(path: Path) -> Iterator[None]:
    """Hold the store at ``path`` for one writer: a second fetch at the same time is an
    error instead of a race (its clean-up could remove the other's new files)."""
    path.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"{path}: another fetch is updating this store; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _slug(name: str) -> str:
    """A file-name-safe form of a country name.

    >>> _slug("Côte d'Ivoire"), _slug("Burkina Faso")
    ('c-te-d-ivoire', 'burkina-faso')
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unknown"


def _write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write and fsync a Parquet file under a temporary name, then rename it."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(descriptor)
    try:
        frame.write_parquet(temporary, compression="zstd", statistics=True)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_atomic(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        with contextlib.suppress(OSError):  # make the rename itself durable
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_store(path: Path) -> bool:
    """Whether ``path`` is a store folder (it holds a ``state.json`` of this tool)."""
    state = path / STATE_NAME
    if not state.is_file():
        return False
    try:
        return bool(json.loads(state.read_text(encoding="utf-8")).get("format") == FORMAT)
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class StoreInput:
    """A store read as an input: its files for the countries asked, and what it covers."""

    paths: list[Path]
    source: str
    #: First and last day the recorded windows cover, for the countries read.
    coverage_start: date | None
    coverage_end: date | None
    last_sync: str | None
    release: str | None
    restrictions: list[dict[str, Any]]


def read_store_input(path: Path, source: str, countries: Sequence[str] = ()) -> StoreInput:
    """The files of the store at ``path`` for ``countries`` (all when empty), with
    coverage taken from the recorded windows (not from the latest event)."""
    if not is_store(path):
        raise InputError(
            f"{path}: no {source.upper() if source == 'hapi' else 'ACLED'} store here yet; "
            f"fetch data first: fatalities fetch {source} --country NAME"
        )
    store = Store.open(path, source)
    wanted = {country_key(name) for name in countries}
    chosen = [
        name
        for name in store.countries
        if not wanted or country_key(name) in wanted or name.lower() in wanted
    ]
    if countries and not chosen:
        held = ", ".join(store.countries) or "nothing"
        raise InputError(
            f"{path}: the store does not hold {', '.join(countries)} (it holds {held}); "
            f"fetch it: fatalities fetch {source} --country {countries[0]}"
        )
    entries = [store.countries[name] for name in chosen]
    if entries and not any(entry.rows for entry in entries):
        from fatalities.io.acled_api import describe_restrictions

        reasons = [line for entry in entries for line in describe_restrictions(entry.restrictions)]
        windows = ", ".join(
            f"{name} {store.countries[name].since or 'start'} to "
            f"{store.countries[name].until or 'now'}"
            for name in chosen
        )
        raise SelectionError(
            f"{path}: the store holds no events for {windows}"
            + (f"; {reasons[0]}" if reasons else "")
        )
    starts = [date.fromisoformat(entry.since) for entry in entries if entry.since]
    ends = [date.fromisoformat(entry.coverage_end) for entry in entries if entry.coverage_end]
    syncs = [entry.last_sync for entry in entries if entry.last_sync]
    releases = [entry.release for entry in entries if entry.release]
    restrictions = [entry.restrictions for entry in entries if entry.restrictions]
    return StoreInput(
        paths=[path / entry.file for entry in entries if entry.rows],
        source=source,
        coverage_start=min(starts) if len(starts) == len(entries) and starts else None,
        coverage_end=max(ends) if ends else None,
        last_sync=max(syncs) if syncs else None,
        release=max(releases) if releases else None,
        restrictions=restrictions,
    )

"""Keep a store equal to the server: first downloads, incremental updates, deletions.

``sync_acled`` decides, per subscription, between a full download (new, a changed
window, or ``full``) and an update: every event of the subscription's countries or
regions whose ``timestamp`` is at or after the last sync (less ``margin``), with no
date limit at all, because ACLED adds and revises old events late, and a revision can
move an event out of the window or to another country. Fetched events replace stored
ones by ``event_id_cnty`` across the whole store; those now outside every window
leave it; then events deleted since the last sync are removed (unless the store
holds a newer version of the event). Finally the store is committed atomically.

``sync_hapi`` replaces each location's monthly aggregates with a new download.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from fatalities.errors import InputError
from fatalities.io.acled_api import (
    REGION_CODES,
    EventQuery,
    Listing,
    describe_restrictions,
    region_code,
    restriction_cutoff,
)
from fatalities.io.store import ID, CountryEntry, Store, Subscription

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.acled_api import AcledClient
    from fatalities.io.hapi_api import HapiClient

__all__ = [
    "SYNC_MARGIN",
    "AcledRequest",
    "SyncReport",
    "rows_frame",
    "store_drift",
    "sync_acled",
    "sync_hapi",
]

#: The columns of a country file that holds no events yet.
EMPTY_COLUMNS = (
    ID,
    "event_date",
    "year",
    "country",
    "region",
    "event_type",
    "fatalities",
    "timestamp",
)
#: Seconds subtracted from the last sync's time when asking for changes since: covers
#: clock differences between this machine and the server, and slow server writes.
SYNC_MARGIN = 86_400


@dataclass(frozen=True)
class AcledRequest:
    """What ``fetch acled`` was asked: countries and regions (none: every subscription
    of the store), a window (``None``: keep the stored one, or open), ``full``."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    full: bool = False


@dataclass
class SyncReport:
    """What a sync did, for the person running it."""

    downloaded: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: Events received from the server (each once).
    received: int = 0
    added: int = 0
    changed: int = 0
    #: Events removed: deleted at the source, or moved out of every window.
    removed: int = 0
    deletions_listed: int = 0
    pages: int = 0
    #: One line per restriction the server reported.
    restrictions: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def sync_acled(
    client: AcledClient,
    store: Store,
    request: AcledRequest,
    *,
    now: float,
    api_url: str,
    margin: int = SYNC_MARGIN,
) -> SyncReport:
    """Bring ``store`` up to date with ACLED for ``request``; ``now`` is the clock
    (epoch seconds) at the start of the sync."""
    import polars as pl

    report = SyncReport()
    if request.until and request.since and request.until < request.since:
        raise InputError(f"--until {request.until} is before --since {request.since}")
    subscriptions, full, update = _plan(store, request)
    started = int(now)
    fetched: dict[str, dict[str, Any]] = {}
    restrictions: dict[int, dict[str, Any]] = {}

    def take(listing: Listing, members: Sequence[Subscription]) -> None:
        report.pages += listing.pages
        for row in listing.rows:
            key = str(row.get(ID))
            kept = fetched.get(key)
            if kept is None or _stamp(kept) <= _stamp(row):
                fetched[key] = row
        for member in members:
            restrictions[id(member)] = listing.restrictions

    for group in _groups(full, by_window=True):
        head = group[0]
        query = EventQuery(
            countries=tuple(item.value for item in group if item.kind == "country"),
            regions=tuple(item.value for item in group if item.kind == "region"),
            since=_day(head.since),
            until=_day(head.until),
        )
        take(client.events(query), group)
    for group in _groups(update, by_window=False):
        since = (group[0].last_sync_timestamp or 0) - margin
        query = EventQuery(
            countries=tuple(item.value for item in group if item.kind == "country"),
            regions=tuple(item.value for item in group if item.kind == "region"),
            changed_since=max(since, 0),
        )
        take(client.events(query), group)
    deletions: list[tuple[str, int]] = []
    if update:
        since = min(item.last_sync_timestamp or 0 for item in update) - margin
        deletions = client.deletions(max(since, 0))
    report.deletions_listed = len(deletions)
    report.received = len(fetched)
    synced_at = datetime.fromtimestamp(started, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for item in [*full, *update]:
        item.last_sync_timestamp, item.last_sync = started, synced_at
        item.restrictions = dict(restrictions.get(id(item)) or {})
        for line in describe_restrictions(item.restrictions):
            if line not in report.restrictions:
                report.restrictions.append(line)
    report.downloaded = [_label(item) for item in full]
    report.updated = [_label(item) for item in update]

    old = store.frame()
    incoming = rows_frame(fetched.values())
    covered = _covered(subscriptions)
    known_ids = set(old[ID].to_list()) if old.height else set()
    replaced = old.filter(~pl.col(ID).is_in(list(fetched)))
    for item in full if replaced.height else ():
        replaced = replaced.filter(~_covers(item))
    kept_incoming = incoming.filter(covered) if incoming.height else incoming
    merged = pl.concat([replaced, kept_incoming], how="diagonal_relaxed")
    if deletions and merged.height:
        gone = pl.DataFrame(
            {ID: [key for key, _ in deletions], "_deleted": [stamp for _, stamp in deletions]},
            schema={ID: pl.String, "_deleted": pl.Int64},
        )
        merged = (
            merged.join(gone, on=ID, how="left")
            .filter(
                pl.col("_deleted").is_null()
                | (pl.col("timestamp").cast(pl.Int64, strict=False) > pl.col("_deleted"))
            )
            .drop("_deleted")
        )
    new_ids = set(merged[ID].to_list())
    report.added = len(new_ids - known_ids)
    report.removed = len(known_ids - new_ids)
    report.changed = _changed(old, fetched, new_ids)
    _commit(store, old, merged, subscriptions, report, api_url=api_url)
    return report


def _changed(old: pl.DataFrame, fetched: Mapping[str, Mapping[str, Any]], kept: set[str]) -> int:
    """Stored events that came back with a newer ``timestamp`` (revised at the source)."""
    if not old.height or "timestamp" not in old.columns:
        return 0
    stamps = dict(zip(old[ID].to_list(), old["timestamp"].to_list(), strict=True))
    return sum(
        1
        for key, row in fetched.items()
        if key in stamps and key in kept and str(row.get("timestamp")) != stamps[key]
    )


def _plan(
    store: Store, request: AcledRequest
) -> tuple[list[Subscription], list[Subscription], list[Subscription]]:
    """Every subscription after this request, those to download whole, those to update."""
    subscriptions = [Subscription(**vars(item)) for item in store.subscriptions]
    asked = [("country", name) for name in request.countries]
    asked += [("region", _region_name(name)) for name in request.regions]
    if not asked:
        if not subscriptions:
            raise InputError(
                "the store is empty: say what to fetch, e.g. fatalities fetch acled "
                "--country Mali --since 2018-01-01"
            )
        if request.since or request.until:
            raise InputError(
                "--since/--until set the window of what is fetched: give --country or "
                "--region with them"
            )
        chosen = subscriptions
    else:
        chosen = []
        for kind, value in asked:
            wanted = Subscription(
                kind, value,
                since=request.since.isoformat() if request.since else None,
                until=request.until.isoformat() if request.until else None,
            )  # fmt: skip
            existing = next((item for item in subscriptions if item.matches(kind, value)), None)
            if existing is None:
                subscriptions.append(wanted)
                chosen.append(wanted)
                continue
            if (request.since or request.until) and not existing.same_request(wanted):
                existing.since, existing.until = wanted.since, wanted.until
                existing.last_sync_timestamp = None  # a new window: download it whole
            chosen.append(existing)
    full = [item for item in chosen if request.full or item.last_sync_timestamp is None]
    update = [item for item in chosen if item not in full]
    return subscriptions, full, update


def _groups(items: Iterable[Subscription], *, by_window: bool) -> list[list[Subscription]]:
    """Subscriptions asked in one listing: same kind and window (downloads) or same
    last sync (updates)."""
    groups: dict[tuple[Any, ...], list[Subscription]] = {}
    for item in items:
        key = (
            (item.kind, item.since, item.until)
            if by_window
            else (item.kind, item.last_sync_timestamp)
        )
        groups.setdefault(key, []).append(item)
    return list(groups.values())


def _region_name(name: str) -> str:
    code = region_code(name)
    return next((known for known, number in REGION_CODES.items() if number == code), str(code))


def _label(item: Subscription) -> str:
    window = f"{item.since or 'start'} to {item.until or 'now'}"
    return f"{item.value} ({window})"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _stamp(row: Mapping[str, Any]) -> int:
    try:
        return int(str(row.get("timestamp")))
    except ValueError:
        return 0


def rows_frame(rows: Iterable[Mapping[str, Any]], *, key: str | None = ID) -> pl.DataFrame:
    """API rows (dicts of text) as a frame of text columns, in the rows' column order
    (``key``: a column always present, even with no rows)."""
    import polars as pl

    listed = list(rows)
    columns: dict[str, None] = {}
    for row in listed:
        for name in row:
            columns.setdefault(name, None)
    if key is not None and key not in columns:
        columns[key] = None
    schema = {name: pl.String for name in columns}
    if not listed:
        return pl.DataFrame(schema=schema)
    return pl.from_dicts(listed, schema=schema, strict=False)


def _covers(item: Subscription) -> pl.Expr:
    """Rows inside a subscription: its country or region, its window, its restriction."""
    import polars as pl

    if item.kind == "country":
        place = pl.col("country").str.to_lowercase() == item.value.lower()
    else:
        place = pl.col("region").str.to_lowercase() == item.value.lower()
    window = pl.lit(True)
    if item.since:
        window &= pl.col("event_date") >= item.since
    cutoff = restriction_cutoff(item.restrictions)
    until = min(filter(None, (_day(item.until), cutoff)), default=None)
    if until:
        window &= pl.col("event_date") <= until.isoformat()
    return (place & window).fill_null(False)


def _covered(subscriptions: Sequence[Subscription]) -> pl.Expr:
    import polars as pl

    expression = pl.lit(False)
    for item in subscriptions:
        expression |= _covers(item)
    return expression


def _commit(
    store: Store,
    old: pl.DataFrame,
    merged: pl.DataFrame,
    subscriptions: list[Subscription],
    report: SyncReport,
    *,
    api_url: str,
) -> None:
    """Split the merged rows by country, write the countries that changed, commit."""
    import polars as pl

    order = [name for name in ("event_date", ID) if name in merged.columns]
    merged = merged.sort(order)
    names = set(merged["country"].drop_nulls().to_list()) if merged.height else set()
    spelled = {name.lower(): name for name in names}
    for item in subscriptions:  # a country asked as "mali" is stored as ACLED spells it
        if item.kind == "country":
            item.value = spelled.get(item.value.lower(), item.value)
            names.add(item.value)
    if not merged.height:  # empty files still carry ACLED's columns, so they load
        merged = pl.DataFrame(schema={name: pl.String for name in EMPTY_COLUMNS})
    frames: dict[str, pl.DataFrame] = {}
    entries: dict[str, CountryEntry] = {}
    for name in sorted(names):
        rows = merged.filter(pl.col("country") == name) if merged.height else merged.clear()
        before = store.countries.get(name)
        previous = old.filter(pl.col("country") == name).sort(order) if old.height else None
        unchanged = (
            before is not None
            and previous is not None
            and previous.height == rows.height
            and previous.select(sorted(previous.columns)).equals(rows.select(sorted(rows.columns)))
        )
        if not unchanged:
            frames[name] = rows
        entries[name] = _entry(name, rows, subscriptions)
        report.rows[name] = rows.height
    dropped = [name for name in store.countries if name not in names]
    store.commit(frames, entries, subscriptions, api_url=api_url, dropped=dropped)


def _entry(name: str, rows: pl.DataFrame, subscriptions: list[Subscription]) -> CountryEntry:
    """A country's state: the union of the windows of the subscriptions that hold it."""
    regions = (
        set(rows["region"].drop_nulls().str.to_lowercase().to_list()) if rows.height else set()
    )
    holding = [
        item
        for item in subscriptions
        if (item.kind == "country" and item.value.lower() == name.lower())
        or (item.kind == "region" and item.value.lower() in regions)
    ]
    sinces = [item.since for item in holding]
    untils = [item.until for item in holding]
    syncs = [item.last_sync for item in holding if item.last_sync]
    restrictions: dict[str, Any] = {}
    for item in holding:
        restrictions.update(item.restrictions)
    since = None if not sinces or None in sinces else min(s for s in sinces if s)
    until = None if not untils or None in untils else max(u for u in untils if u)
    last_sync = max(syncs) if syncs else None
    end = until or (last_sync[:10] if last_sync else None)
    cutoff = restriction_cutoff(restrictions)
    if cutoff is not None and (end is None or cutoff.isoformat() < end):
        end = cutoff.isoformat()
    release = None
    if rows.height and "timestamp" in rows.columns:
        import polars as pl

        newest = rows["timestamp"].cast(pl.Int64, strict=False).max()
        if isinstance(newest, int):
            release = datetime.fromtimestamp(newest, UTC).date().isoformat()
    return CountryEntry(
        file="", rows=rows.height, since=since, until=until, last_sync=last_sync,
        release=release, coverage_end=end, restrictions=restrictions,
    )  # fmt: skip


def store_drift(
    client: AcledClient, store: Store, countries: Sequence[str] = ()
) -> list[tuple[str, int, int, int, int]]:
    """``(country, year, events in the store, events at the server, difference)`` for
    every year of every stored country's window (``countries``: only those)."""
    import polars as pl

    wanted = {name.lower() for name in countries}
    drift = []
    for name, entry in store.countries.items():
        if wanted and name.lower() not in wanted:
            continue
        rows = store.frame([name])
        dates = rows["event_date"].drop_nulls() if "event_date" in rows.columns else None
        first = entry.since or (dates.min() if dates is not None and len(dates) else None)
        last = entry.coverage_end or (dates.max() if dates is not None and len(dates) else None)
        if not first or not last:
            continue
        for year in range(int(str(first)[:4]), int(str(last)[:4]) + 1):
            low = max(f"{year}-01-01", str(first))
            high = min(f"{year}-12-31", str(last))
            held = 0
            if dates is not None:
                held = rows.filter(
                    pl.col("event_date").is_between(pl.lit(low), pl.lit(high))
                ).height
            served, _ = client.count(
                EventQuery(countries=(name,), since=date.fromisoformat(low),
                           until=date.fromisoformat(high))
            )  # fmt: skip
            drift.append((name, year, held, served, held - served))
    return drift


def sync_hapi(
    client: HapiClient,
    store: Store,
    locations: Sequence[str],
    *,
    since: str | None,
    until: str | None,
    now: float,
    api_url: str,
) -> SyncReport:
    """Download each location's monthly aggregates whole and replace them in ``store``
    (``since``/``until``: ``YYYY-MM``)."""

    report = SyncReport()
    started = int(now)
    synced_at = datetime.fromtimestamp(started, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    subscriptions = [Subscription(**vars(item)) for item in store.subscriptions]
    frames: dict[str, pl.DataFrame] = {}
    entries: dict[str, CountryEntry] = {}
    codes = [code.upper() for code in locations] or [item.value for item in subscriptions]
    if not codes:
        raise InputError("say which country to fetch: fatalities fetch hapi --country MLI")
    for code in codes:
        existing = next((item for item in subscriptions if item.matches("location", code)), None)
        item = existing or Subscription("location", code)
        if existing is None:
            subscriptions.append(item)
        if since or until or existing is None:
            item.since, item.until = since, until
        rows, pages = client.conflict_events(code, since=item.since, until=item.until)
        report.pages += pages
        frame = rows_frame(rows, key=None)
        if frame.height:
            frame = frame.sort(
                [
                    c
                    for c in ("reference_period_start", "admin2_code", "event_type")
                    if c in frame.columns
                ]
            )
        item.last_sync_timestamp, item.last_sync = started, synced_at
        frames[code] = frame
        ends = (
            frame["reference_period_end"].drop_nulls().to_list()
            if "reference_period_end" in frame.columns
            else []
        )
        end = _month_end(item.until) if item.until else (max(ends)[:10] if ends else None)
        entries[code] = CountryEntry(
            file="", rows=frame.height, since=f"{item.since}-01" if item.since else None,
            until=_month_end(item.until) if item.until else None, last_sync=synced_at,
            release=None, coverage_end=end,
        )  # fmt: skip
        report.rows[code] = frame.height
        report.received += frame.height
        report.downloaded.append(code)
    store.commit(frames, entries, subscriptions, api_url=api_url)
    return report


def _month_end(month: str) -> str:
    """The last day of a ``YYYY-MM`` month.

    >>> _month_end("2024-02"), _month_end("2024-12")
    ('2024-02-29', '2024-12-31')
    """
    import calendar

    year, number = (int(part) for part in month.split("-")[:2])
    return f"{year:04d}-{number:02d}-{calendar.monthrange(year, number)[1]:02d}"

"""Releases of the same data: which input is which download, and the newest one wins.

ACLED revises its data all the time: events are added late, corrected, merged and
deleted. Two inputs that list some of the same events (by ``event_id_cnty``) with
different values are two *releases* of the same data; inputs whose shared events are
identical were cut from one download (split files) and form one release.

A release's date is its largest ``timestamp`` (ACLED stamps every change), else the
last date in its file name (``2017-01-01-2019-02-27-Mali.csv``), else the file's
modification time. With ``newest`` (the default), for every event the newest release
that lists it gives its values, and within the dates a newer release covers, an event
only an older release lists there was deleted and is not counted; outside the newer
release's span the older one still counts. ``union`` keeps every event (each once, the
row with the latest ``timestamp``).

>>> import polars as pl
>>> from datetime import date
>>> def rows(ids, days, deaths, stamp):
...     return pl.DataFrame({"event_id_cnty": ids, "country": ["Mali"] * len(ids),
...         "event_date": [date(2017, 1, day) for day in days], "fatalities": deaths,
...         "timestamp": [stamp] * len(ids), "source_file": [f"r{stamp}.csv"] * len(ids)})
>>> old = rows(["MLI1", "MLI2", "MLI3"], [1, 2, 3], [1, 4, 2], 100)
>>> new = rows(["MLI1", "MLI3"], [1, 3], [1, 5], 200)
>>> spans = [Span("r100.csv", date(2017, 1, 1), date(2017, 1, 3)),
...          Span("r200.csv", date(2017, 1, 1), date(2017, 1, 3))]
>>> found = resolve([old, new], spans)
>>> sorted(found.frame["fatalities"].to_list()), found.countries[0].deleted_deaths
([1, 5], 4)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from fatalities.vocabulary import ReleaseMode

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CountryReleases",
    "Release",
    "ReleaseMode",
    "Resolved",
    "Span",
    "file_name_date",
    "release_date",
    "resolve",
]

#: The values two rows of one event must share for two inputs to be one download.
SAME_VALUES: tuple[str, ...] = ("event_date", "fatalities", "timestamp")
#: The values whose change makes an event *revised* in the loader's report.
REVISED_VALUES: tuple[str, ...] = ("event_date", "fatalities")
#: Dates in file names: ``2019-02-27``, ``2019_02_27`` or ``20190227``.
_NAME_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_]?([01][0-9])[-_]?([0-3][0-9])(?![0-9])")


@dataclass(frozen=True)
class Span:
    """The dates one input covers (before any country selection), by its name."""

    path: str
    start: date | None
    end: date | None
    #: Where the input lives on disk, for its modification time (``None``: stdin, archives).
    file: Path | None = None


@dataclass(frozen=True)
class Release:
    """One release: the inputs of one download, its date, and the dates it covers."""

    paths: tuple[str, ...]
    released: date | None
    #: How ``date`` was found: ``timestamp``, ``file name``, ``modified`` or ``unknown``.
    basis: str
    #: Date intervals the inputs cover (merged, in order).
    spans: tuple[tuple[date, date], ...]

    @property
    def name(self) -> str:
        """Its first input's file name, with how many more inputs it has.

        >>> Release(("a/x.csv", "a/y.csv"), None, "unknown", ()).name
        'x.csv (+1 file)'
        """
        first = PurePath(self.paths[0]).name or self.paths[0]
        more = len(self.paths) - 1
        return f"{first} (+{more} file{'s' if more > 1 else ''})" if more else first

    @property
    def label(self) -> str:
        """Its name and date: ``x.csv (2020-08-03)``."""
        when = self.released.isoformat() if self.released else "date unknown"
        return f"{self.name} ({when})"


@dataclass(frozen=True)
class CountryReleases:
    """What the releases of one country's data did to it."""

    country: str
    #: Newest first.
    releases: tuple[Release, ...]
    #: For each release (same order), the intervals it was used for.
    used: tuple[tuple[tuple[date, date], ...], ...]
    mode: ReleaseMode
    #: Events only an older release lists within a newer release's span, and their deaths:
    #: dropped as deleted (``newest``) or kept (``union``).
    deleted_events: int = 0
    deleted_deaths: int = 0
    #: Events listed by two releases with a different date or fatalities.
    revised_events: int = 0

    def message(self) -> str:
        """The one stderr line for this country.

        >>> old = Release(("old.csv",), date(2019, 7, 29), "timestamp",
        ...               ((date(1997, 1, 6), date(2019, 7, 25)),))
        >>> new = Release(("new.csv",), date(2020, 8, 3), "timestamp",
        ...               ((date(1997, 1, 6), date(2020, 7, 31)),))
        >>> print(CountryReleases("Mali", (new, old), (new.spans, ()), ReleaseMode.newest,
        ...                       11, 22, 3).message())
        Mali: 2 releases of the same data: new.csv (2020-08-03) used for 1997-01-06..2020-07-31; old.csv (2019-07-29) not used; dropped 11 events (22 deaths) that only the older release lists within the newer one's dates (deleted by ACLED); 3 events with a revised date or death toll counted as the newest release gives them (--releases union keeps every event)
        """
        parts = []
        for release, used in zip(self.releases, self.used, strict=True):
            where = ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in used)
            parts.append(
                f"{release.label} used for {where}" if where else f"{release.label} not used"
            )
        events = _plural(self.deleted_events, "event")
        deaths = _plural(self.deleted_deaths, "death")
        if self.mode is ReleaseMode.union:
            what = (
                f"kept {events} ({deaths}) that only the older release lists within the newer "
                "one's dates (--releases union; the newest release deleted them)"
            )
        else:
            what = (
                f"dropped {events} ({deaths}) that only the older release lists within the "
                "newer one's dates (deleted by ACLED)"
            )
        revised = (
            f"; {_plural(self.revised_events, 'event')} with a revised date or death toll "
            "counted as the newest release gives them"
        )
        tail = " (--releases union keeps every event)" if self.mode is ReleaseMode.newest else ""
        head = f"{self.country}: {len(self.releases)} releases of the same data: "
        if self.mode is ReleaseMode.union:
            parts = [release.label for release in self.releases]
            return f"{head}{', '.join(parts)}; {what}"
        return f"{head}{'; '.join(parts)}; {what}{revised}{tail}"


@dataclass
class Resolved:
    """The events of every input, each once, and what the releases did."""

    frame: pl.DataFrame
    #: Every release found (newest first), including single-input ones.
    releases: list[Release] = field(default_factory=list)
    #: One entry per country held by two or more releases of the same data.
    countries: list[CountryReleases] = field(default_factory=list)
    #: Rows dropped because they repeat an event of the same release (split files, monadic rows).
    duplicates_dropped: int = 0
    #: Rows dropped because a newer release lists the same event.
    replaced: int = 0
    #: Each input's own release date and how it was found (in input order).
    input_dates: list[tuple[date | None, str]] = field(default_factory=list)


def file_name_date(path: str) -> date | None:
    """The last date written in a file name (an export's date), or ``None``.

    >>> file_name_date("exports/2017-01-01-2019-02-27-Mali.csv")
    datetime.date(2019, 2, 27)
    >>> file_name_date("acled_20200803.csv"), file_name_date("mali.csv")
    (datetime.date(2020, 8, 3), None)
    """
    found = None
    for match in _NAME_DATE.finditer(PurePath(path).name):
        try:
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return found


def resolve(
    frames: Sequence[pl.DataFrame],
    spans: Sequence[Span],
    mode: ReleaseMode = ReleaseMode.newest,
) -> Resolved:
    """Every input's events combined, each event once, as ``mode`` says (module doc).

    ``frames``: one canonical frame per input (``source_file`` names it, as ``spans``
    do, in the same order); rows without an ``event_id_cnty`` (aggregates) all stay.
    """
    import polars as pl

    tagged = [
        frame.with_columns(pl.lit(index, dtype=pl.Int32).alias("_input"))
        for index, frame in enumerate(frames)
    ]
    combined = pl.concat(tagged, how="vertical_relaxed") if len(tagged) > 1 else tagged[0]
    without_id = combined.filter(pl.col("event_id_cnty").is_null())
    with_id = combined.filter(pl.col("event_id_cnty").is_not_null())
    per_input = _latest_per_input(with_id)
    dates = [release_date(frame, span) for frame, span in zip(frames, spans, strict=True)]
    same, differ = _relations(per_input, len(frames))
    groups = _groups(len(frames), same, dates)
    releases = [_release(members, spans, dates) for members in groups]
    group_of = {member: index for index, members in enumerate(groups) for member in members}
    stamps = _latest_stamps(per_input)
    order = sorted(
        range(len(groups)),
        key=lambda g: (
            releases[g].released or date.min,
            max(stamps.get(member, -1) for member in groups[g]),
            max(groups[g]),
        ),
    )
    rank = {group: position for position, group in enumerate(order)}  # higher: newer
    related = {
        (min(rank[group_of[a]], rank[group_of[b]]), max(rank[group_of[a]], rank[group_of[b]]))
        for a, b in differ
        if group_of[a] != group_of[b]
    }
    ranked = per_input.with_columns(
        pl.col("_input")
        .replace_strict({i: rank[group_of[i]] for i in range(len(frames))}, return_dtype=pl.Int32)
        .alias("_rank")
    )
    in_release = ranked.sort(["_rank", "timestamp"], nulls_last=False, maintain_order=True).unique(
        subset=["_rank", "event_id_cnty"], keep="last", maintain_order=True
    )
    newest_first = [releases[group] for group in reversed(order)]
    resolved = Resolved(frame=combined, releases=newest_first, input_dates=dates)
    resolved.duplicates_dropped = with_id.height - in_release.height
    newest = in_release.sort("_rank", maintain_order=True).unique(
        subset="event_id_cnty", keep="last", maintain_order=True
    )
    deleted = _deleted(newest, in_release, related, order, releases)
    revised = _revised(in_release, related)
    resolved.countries = _by_country(in_release, deleted, revised, related, order, releases, mode)
    if mode is ReleaseMode.union:
        kept = deduplicate_latest(in_release)
    elif deleted.height:
        kept = newest.join(deleted.select("event_id_cnty"), on="event_id_cnty", how="anti")
    else:
        kept = newest
    resolved.replaced = in_release.height - newest.height
    frame = pl.concat([kept.drop("_rank"), without_id], how="vertical_relaxed")
    resolved.frame = frame.drop("_input")
    return resolved


def deduplicate_latest(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per ``event_id_cnty``: the one with the latest ``timestamp`` (later rows on ties)."""
    return frame.sort("timestamp", nulls_last=False, maintain_order=True).unique(
        subset="event_id_cnty", keep="last", maintain_order=True
    )


def _latest_per_input(rows: pl.DataFrame) -> pl.DataFrame:
    """Each input's events once (its row with the latest ``timestamp``)."""
    return rows.sort("timestamp", nulls_last=False, maintain_order=True).unique(
        subset=["_input", "event_id_cnty"], keep="last", maintain_order=True
    )


def release_date(frame: pl.DataFrame, span: Span) -> tuple[date | None, str]:
    """An input's release date and how it was found (module doc)."""
    stamps = frame["timestamp"].drop_nulls() if "timestamp" in frame.columns else None
    if stamps is not None and stamps.len():
        latest = stamps.max()
        if isinstance(latest, int) and latest > 0:
            return datetime.fromtimestamp(latest, tz=UTC).date(), "timestamp"
    named = file_name_date(span.path)
    if named is not None:
        return named, "file name"
    if span.file is not None and span.file.is_file():
        modified = datetime.fromtimestamp(span.file.stat().st_mtime, tz=UTC).date()
        return modified, "modified"
    return None, "unknown"


def _latest_stamps(events: pl.DataFrame) -> dict[int, int]:
    """Each input's largest ``timestamp`` (inputs without one are left out): orders
    releases of one day."""
    import polars as pl

    if "timestamp" not in events.columns:
        return {}
    latest = events.group_by("_input").agg(pl.col("timestamp").max()).drop_nulls()
    return {int(index): int(stamp) for index, stamp in latest.rows()}


def _relations(
    events: pl.DataFrame, inputs: int
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs of inputs sharing events: all identical (one download), or some differing."""
    import polars as pl

    if inputs < 2:
        return set(), set()
    compared = [name for name in SAME_VALUES if name in events.columns]
    left = events.select("event_id_cnty", "_input", *compared)
    pairs = (
        left.join(left, on="event_id_cnty", suffix="_b")
        .filter(pl.col("_input") < pl.col("_input_b"))
        .with_columns(
            pl.any_horizontal(
                [pl.col(name).ne_missing(pl.col(f"{name}_b")) for name in compared]
            ).alias("differs")
        )
        .group_by("_input", "_input_b")
        .agg(pl.col("differs").any())
    )
    same: set[tuple[int, int]] = set()
    differ: set[tuple[int, int]] = set()
    for a, b, differs in pairs.rows():
        (differ if differs else same).add((int(a), int(b)))
    return same, differ


def _groups(
    inputs: int, same: set[tuple[int, int]], dates: Sequence[tuple[date | None, str]]
) -> list[list[int]]:
    """Inputs joined into releases: those whose shared events are identical."""
    parent = list(range(inputs))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for a, b in same:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for index in range(inputs):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


def _release(
    members: list[int], spans: Sequence[Span], dates: Sequence[tuple[date | None, str]]
) -> Release:
    known = [dates[member] for member in members if dates[member][0] is not None]
    when, basis = max(known, key=lambda item: item[0] or date.min) if known else (None, "unknown")
    intervals = [
        (spans[member].start, spans[member].end)
        for member in members
        if spans[member].start is not None and spans[member].end is not None
    ]
    return Release(
        paths=tuple(spans[member].path for member in members),
        released=when,
        basis=basis,
        spans=_merged(intervals),  # type: ignore[arg-type]
    )


def _merged(intervals: Sequence[tuple[date, date]]) -> tuple[tuple[date, date], ...]:
    """Intervals joined where they overlap or touch.

    >>> d = date
    >>> _merged([(d(2017, 6, 1), d(2017, 12, 31)), (d(2017, 1, 1), d(2017, 5, 31))])
    ((datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)),)
    """
    merged: list[tuple[date, date]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _minus(
    intervals: Sequence[tuple[date, date]], taken: Sequence[tuple[date, date]]
) -> tuple[tuple[date, date], ...]:
    """``intervals`` without the dates in ``taken``.

    >>> d = date
    >>> _minus([(d(2017, 1, 1), d(2017, 12, 31))], [(d(2017, 3, 1), d(2017, 3, 31))])[1]
    (datetime.date(2017, 4, 1), datetime.date(2017, 12, 31))
    """
    left = list(intervals)
    for t_start, t_end in taken:
        cut: list[tuple[date, date]] = []
        for start, end in left:
            if t_end < start or t_start > end:
                cut.append((start, end))
                continue
            if start < t_start:
                cut.append((start, t_start - timedelta(days=1)))
            if end > t_end:
                cut.append((t_end + timedelta(days=1), end))
        left = cut
    return tuple(left)


def _within(spans: Sequence[tuple[date, date]]) -> pl.Expr:
    import polars as pl

    if not spans:
        return pl.lit(False)
    return pl.any_horizontal([pl.col("event_date").is_between(a, b) for a, b in spans])


def _deleted(
    kept: pl.DataFrame,
    listed: pl.DataFrame,
    related: set[tuple[int, int]],
    order: Sequence[int],
    releases: Sequence[Release],
) -> pl.DataFrame:
    """Events whose newest listing (``kept``) is an older release, dated within the span of
    a newer related release that lists their country (``listed``: every release's events)."""
    import polars as pl

    found = []
    for older, newer in sorted(related):
        spans = releases[order[newer]].spans
        countries = (
            listed.filter(pl.col("_rank") == newer)["country"].unique().drop_nulls().to_list()
        )
        found.append(
            kept.filter(
                (pl.col("_rank") == older) & _within(spans) & pl.col("country").is_in(countries)
            )
        )
    if not found:
        return kept.clear()
    return pl.concat(found).unique(subset="event_id_cnty", maintain_order=True)


def _revised(in_release: pl.DataFrame, related: set[tuple[int, int]]) -> pl.DataFrame:
    """Events listed by two related releases with different values (their ids and country)."""
    import polars as pl

    if not related:
        return in_release.select("event_id_cnty", "country").clear()
    compared = [name for name in REVISED_VALUES if name in in_release.columns]
    rows = in_release.select("event_id_cnty", "country", "_rank", *compared)
    pairs = rows.join(rows, on="event_id_cnty", suffix="_b").filter(
        pl.col("_rank") < pl.col("_rank_b")
    )
    keep = pl.any_horizontal([pl.col(n).ne_missing(pl.col(f"{n}_b")) for n in compared])
    pairs = pairs.filter(keep)
    return pairs.select("event_id_cnty", "country").unique(maintain_order=True)


def _by_country(
    listed: pl.DataFrame,
    deleted: pl.DataFrame,
    revised: pl.DataFrame,
    related: set[tuple[int, int]],
    order: Sequence[int],
    releases: Sequence[Release],
    mode: ReleaseMode,
) -> list[CountryReleases]:
    """One ``CountryReleases`` per country listed by two or more related releases."""
    import polars as pl

    if not related:
        return []
    linked = {rank for pair in related for rank in pair}
    held = (
        listed.filter(pl.col("_rank").is_in(sorted(linked)))
        .group_by("country")
        .agg(pl.col("_rank").unique().sort())
        .sort("country")
    )
    out: list[CountryReleases] = []
    for country, ranks in held.rows():
        ranks_held = set(ranks)
        if len(ranks_held) < 2 or not any(a in ranks_held and b in ranks_held for a, b in related):
            continue
        newest_first = sorted(ranks_held, reverse=True)
        used: list[tuple[tuple[date, date], ...]] = []
        taken: list[tuple[date, date]] = []
        for rank in newest_first:
            spans = releases[order[rank]].spans
            used.append(_minus(spans, taken) if mode is ReleaseMode.newest else spans)
            taken = list(_merged([*taken, *spans]))
        gone = deleted.filter(pl.col("country") == country)
        out.append(
            CountryReleases(
                country=str(country),
                releases=tuple(releases[order[rank]] for rank in newest_first),
                used=tuple(used),
                mode=mode,
                deleted_events=gone.height,
                deleted_deaths=int(gone["fatalities"].fill_null(0).sum()),
                revised_events=revised.filter(pl.col("country") == country).height,
            )
        )
    return out


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")

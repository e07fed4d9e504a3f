"""Releases joined together that list the same events under different ids.

Deduplication on ``event_id_cnty`` catches an event listed twice under one id, not
the same event given a new id by a later release (ACLED's 2016 realtime file calls
Mali events ``136RTA``; later files call them ``MLI1142``). ``find_overlaps`` groups
the inputs, per country, into *id families* (inputs that share at least one id are
one release line); two families that cover the same country and dates are suspect,
and the events that agree on date, fatalities and place (admin1 or admin2) are
counted as probably the same. ``check_overlaps`` is the hook ``load`` calls with two or more tables.

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "source_file": ["rt.csv", "rt.csv", "hdx.csv", "hdx.csv"],
...     "event_id_cnty": ["1RTA", "2RTA", "MLI1", "MLI2"],
...     "country": ["Mali"] * 4,
...     "event_date": [date(2016, 1, 5), date(2016, 2, 1), date(2016, 1, 5), date(2016, 3, 1)],
...     "fatalities": [3, 0, 3, 1],
...     "admin1": ["Mopti", "Gao", "Mopti", "Gao"],
... })
>>> [overlap.alike for overlap in find_overlaps(events)]
[1]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING

from fatalities.errors import InputError

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.results import SourceReport

#: Place columns of which one must agree (when both inputs give it) for events to look alike.
PLACE_COLUMNS: tuple[str, ...] = ("admin1", "admin2")
#: Beyond this many same-day, same-fatalities pairs, places are compared by admin1 only.
MAX_PAIRS = 2_000_000


def id_scheme(event_id: str) -> str:
    """The shape of an event id: digits replaced by ``#``.

    >>> id_scheme("136RTA"), id_scheme("MLI1142"), id_scheme("20514")
    ('#RTA', 'MLI#', '#')
    """
    return re.sub(r"[0-9]+", "#", event_id.strip())


@dataclass(frozen=True)
class Overlap:
    """Two id families that cover the same country and dates with different event ids."""

    first: str
    second: str
    country: str
    start: date
    end: date
    #: Events of ``first`` that agree with one of ``second`` (``count_alike``).
    alike: int
    first_schemes: tuple[str, ...] = ()
    second_schemes: tuple[str, ...] = ()
    #: Other inputs sharing ids with ``first`` / ``second`` (same release line).
    first_others: int = 0
    second_others: int = 0

    def message(self) -> str:
        """The one-line warning for this overlap.

        >>> Overlap("rt2016.csv", "hdx.csv", "Mali", date(2016, 1, 1), date(2016, 5, 28),
        ...         54).message()[:61]
        'rt2016.csv and hdx.csv overlap (Mali, 2016-01-01..2016-05-28)'
        """
        ids = "different event ids"
        if self.first_schemes and self.second_schemes and self.first_schemes != self.second_schemes:
            ids += f" ({'/'.join(self.first_schemes)} vs {'/'.join(self.second_schemes)})"
        return (
            f"{_named(self.first, self.first_others)} and {_named(self.second, self.second_others)} "
            f"overlap ({self.country}, {self.start.isoformat()}..{self.end.isoformat()}) with "
            f"{ids}: about {_events_look(self.alike)} the same in both; totals for those "
            "dates may count them twice. Load one release at a time."
        )


def _named(path: str, others: int) -> str:
    name = PurePath(path).name or path
    return (
        f"{name} (+{others} file{'s' if others > 1 else ''} with the same ids)" if others else name
    )


def _events_look(count: int) -> str:
    return "1 event looks" if count == 1 else f"{count:,} events look"


def find_overlaps(events: pl.DataFrame) -> list[Overlap]:
    """Every pair of id families that cover a country's dates with look-alike events.

    ``events``: canonical rows from several inputs (``source_file`` names each) before
    deduplication. Rows without an id or a date (aggregates) are ignored; events agree
    as ``count_alike`` says (place names compared ignoring case and spaces).
    """
    import polars as pl

    needed = {"source_file", "event_id_cnty", "country", "event_date", "fatalities"}
    if not needed <= set(events.columns):
        return []
    places = [
        (
            pl.col(name).str.strip_chars().str.to_lowercase()
            if name in events.columns
            else pl.lit(None, dtype=pl.String)
        ).alias(name)
        for name in PLACE_COLUMNS
    ]
    rows = (
        events.filter(
            pl.col("event_id_cnty").is_not_null()
            & pl.col("event_date").is_not_null()
            & pl.col("country").is_not_null()
        )
        .select(
            "source_file",
            pl.col("event_id_cnty").str.strip_chars().alias("id"),
            "country",
            "event_date",
            pl.col("fatalities").fill_null(0),
            *places,
        )
        .unique(subset=["source_file", "id"], keep="first", maintain_order=True)
    )
    if rows["source_file"].n_unique() < 2:
        return []
    found: list[Overlap] = []
    for (country,), in_country in rows.group_by("country", maintain_order=True):
        if in_country["source_file"].n_unique() < 2:
            continue
        families = _id_families(in_country)
        for i, first in enumerate(families):
            for second in families[i + 1 :]:
                overlap = _compare(in_country, str(country), first, second)
                if overlap is not None:
                    found.append(overlap)
    return found


def _id_families(rows: pl.DataFrame) -> list[list[str]]:
    """Inputs grouped so that inputs sharing any event id are in one group (in input order)."""
    import polars as pl

    order = list(dict.fromkeys(rows["source_file"].to_list()))
    parent = {source: source for source in order}

    def root(source: str) -> str:
        while parent[source] != source:
            parent[source] = parent[parent[source]]
            source = parent[source]
        return source

    shared = (
        rows.group_by("id")
        .agg(pl.col("source_file").unique().alias("sources"))
        .filter(pl.col("sources").list.len() > 1)
        .select(pl.col("sources").list.sort())
        .unique()
    )
    for sources in shared["sources"].to_list():
        for other in sources[1:]:
            parent[root(other)] = root(sources[0])
    families: dict[str, list[str]] = {}
    for source in order:
        families.setdefault(root(source), []).append(source)
    return list(families.values())


def _compare(
    rows: pl.DataFrame, country: str, first: list[str], second: list[str]
) -> Overlap | None:
    """The overlap of two id families in one country, or ``None`` when nothing looks alike."""
    import polars as pl

    a = _family_events(rows, first)
    b = _family_events(rows, second)
    start = max(a["event_date"].min(), b["event_date"].min())  # type: ignore[type-var]
    end = min(a["event_date"].max(), b["event_date"].max())  # type: ignore[type-var]
    if not isinstance(start, date) or not isinstance(end, date) or start > end:
        return None
    a = a.filter(pl.col("event_date").is_between(start, end))
    b = b.filter(pl.col("event_date").is_between(start, end))
    count = count_alike(a, b)
    if count == 0:
        return None
    return Overlap(
        first=_main_source(a, first),
        second=_main_source(b, second),
        country=country,
        start=start,
        end=end,
        alike=count,
        first_schemes=_schemes(a),
        second_schemes=_schemes(b),
        first_others=len(first) - 1,
        second_others=len(second) - 1,
    )


def count_alike(a: pl.DataFrame, b: pl.DataFrame) -> int:
    """How many events of ``a`` have a look-alike in ``b``, each matched at most once.

    Alike: same date and fatalities, and the same admin1 *or* admin2 (names change
    between releases: ``Timbuktu`` became ``Tombouctou``) when both give places. When
    the pairs to compare would be too many, admin1 alone is used.

    >>> import polars as pl
    >>> from datetime import date
    >>> def frame(ids, admin1, admin2):
    ...     return pl.DataFrame({"id": ids, "event_date": [date(2016, 1, 5)] * len(ids),
    ...                          "fatalities": [0] * len(ids), "admin1": admin1,
    ...                          "admin2": admin2})
    >>> count_alike(frame(["1RTA", "2RTA"], ["timbuktu", "gao"], ["goundam", "gao"]),
    ...             frame(["MLI1", "MLI2"], ["tombouctou", "kidal"], ["goundam", "kidal"]))
    1
    """
    import polars as pl

    day = ["event_date", "fatalities"]
    places = [name for name in PLACE_COLUMNS if _has(a, name) and _has(b, name)]
    counts = (
        a.group_by(day)
        .agg(pl.len().alias("a"))
        .join(b.group_by(day).agg(pl.len().alias("b")), on=day)
    )
    if not places:
        return int(counts.select(pl.min_horizontal("a", "b").sum()).item() or 0)
    if int(counts.select((pl.col("a") * pl.col("b")).sum()).item() or 0) > MAX_PAIRS:
        keys = [*day, places[0]]
        by_place = (
            a.group_by(keys)
            .agg(pl.len().alias("a"))
            .join(b.group_by(keys).agg(pl.len().alias("b")), on=keys)
        )
        return int(by_place.select(pl.min_horizontal("a", "b").sum()).item() or 0)
    same_place = pl.any_horizontal(
        [(pl.col(name) == pl.col(f"{name}_b")).fill_null(False) for name in places]
    )
    pairs = a.join(b, on=day, suffix="_b").filter(same_place)
    matched = pairs.group_by(day).agg(
        pl.min_horizontal(pl.col("id").n_unique(), pl.col("id_b").n_unique()).alias("n")
    )
    return int(matched["n"].sum() or 0)


def _has(frame: pl.DataFrame, column: str) -> bool:
    return column in frame.columns and frame[column].null_count() < frame.height


def _family_events(rows: pl.DataFrame, sources: list[str]) -> pl.DataFrame:
    """A family's events, each id once."""
    import polars as pl

    return rows.filter(pl.col("source_file").is_in(sources)).unique(
        subset="id", keep="first", maintain_order=True
    )


def _main_source(events: pl.DataFrame, sources: list[str]) -> str:
    """The family's input holding most of its events in the window (first on ties)."""
    counts = events["source_file"].value_counts()
    held = dict(zip(counts["source_file"].to_list(), counts["count"].to_list(), strict=True))
    return max(sources, key=lambda source: (held.get(source, 0), -sources.index(source)))


def _schemes(events: pl.DataFrame, limit: int = 3) -> tuple[str, ...]:
    """The id shapes of a family's events, most common first."""
    schemes = events["id"].map_elements(id_scheme, return_dtype=events["id"].dtype)
    counts = schemes.value_counts(sort=True)
    return tuple(str(value) for value in counts[schemes.name].to_list()[:limit])


def check_overlaps(
    frames: Sequence[pl.DataFrame], reports: Sequence[SourceReport], *, strict: bool = False
) -> None:
    """``load``'s hook: warn (on the first input's report) about each overlap found, or
    with ``strict`` raise ``InputError`` for the first. Nothing to do for one table."""
    if len(frames) < 2:
        return
    import polars as pl

    columns = ["source_file", "event_id_cnty", "country", "event_date", "fatalities"]
    columns += PLACE_COLUMNS
    if not all({"source_file", "event_id_cnty"} <= set(frame.columns) for frame in frames):
        return
    with_ids = [frame for frame in frames if frame["event_id_cnty"].null_count() < frame.height]
    if len(with_ids) < 2:
        return
    events = pl.concat(
        [frame.select(name for name in columns if name in frame.columns) for frame in with_ids],
        how="diagonal_relaxed",
    )
    overlaps = find_overlaps(events)
    if overlaps and strict:
        raise InputError(
            f"{overlaps[0].message()} (--strict makes warnings errors; "
            f"{len(overlaps)} overlap(s) found)"
        )
    by_path = {report.path: report for report in reports}
    for overlap in overlaps:
        report = by_path.get(overlap.first, reports[0])
        report.warnings.append(overlap.message())


def columns_to_read(
    columns: Collection[str] | None, inputs: Sequence[str]
) -> Collection[str] | None:
    """The canonical columns ``load`` reads: with two or more inputs, the places too
    (``count_alike`` compares them); one input reads just what was asked for.

    >>> sorted(columns_to_read(["fatalities"], ["a.csv", "b.csv"]))
    ['admin1', 'admin2', 'fatalities']
    >>> columns_to_read(["fatalities"], ["a.csv"]), columns_to_read(None, ["a.csv", "b.csv"])
    (['fatalities'], None)
    """
    if columns is None or len(inputs) < 2:
        return columns
    return [*columns, *(name for name in PLACE_COLUMNS if name not in columns)]

"""Each known input format as data, and ``detect`` to pick one from a header.

A new format is a new ``Dialect`` entry in ``DIALECTS`` (plus a fixture under
``tests/data/dialects``), not a new branch in the loader.

>>> detect(["event_id_cnty", "event_date", "country", "fatalities"]).name
'acled'
>>> detect(["GWNO", "EVENT_ID_CNTY", "EVENT_DATE", "COUNTRY", "FATALITIES"]).name
'acled-legacy'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from fatalities.errors import InputError

Granularity = Literal["event", "month", "week"]

#: Date formats tried, in order, on a sample of a file's dates. One format is then
#: applied to every row (never per-row inference).
COMMON_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d/%m/%Y",
    "%d-%B-%Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
)


def normalise_header(name: str) -> str:
    """The lookup form of a column name: no BOM, trimmed, lower case, underscores.

    >>> normalise_header("\\ufeffEVENT DATE ")
    'event_date'
    """
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_")


@dataclass(frozen=True)
class Dialect:
    """One input format: how to recognise it and how its columns map to the canonical ones.

    ``aliases`` maps a canonical column to the source columns (normalised) that can
    provide it, first match wins.
    """

    name: str
    description: str
    signature: frozenset[str]
    aliases: Mapping[str, tuple[str, ...]]
    date_formats: tuple[str, ...] = COMMON_DATE_FORMATS
    granularity: Granularity = "event"
    deduplicate: bool = True
    source_label: str = "ACLED"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def matches(self, header: Iterable[str]) -> bool:
        """Whether a (normalised) header carries this dialect's signature columns."""
        return self.signature <= set(header)

    def resolve(self, header: Iterable[str]) -> dict[str, str]:
        """Canonical column -> source column, for the aliases present in ``header``.

        >>> ACLED.resolve(["event_date", "country", "fatalities", "extra"])["country"]
        'country'
        """
        present = set(header)
        resolved: dict[str, str] = {}
        for canonical, candidates in self.aliases.items():
            for candidate in candidates:
                if candidate in present:
                    resolved[canonical] = candidate
                    break
        return resolved


_ACLED_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id_cnty": ("event_id_cnty",),
    "event_date": ("event_date",),
    "country": ("country",),
    "iso": ("iso",),
    "region": ("region",),
    "admin1": ("admin1",),
    "admin2": ("admin2",),
    "event_type": ("event_type",),
    "sub_event_type": ("sub_event_type",),
    "disorder_type": ("disorder_type",),
    "civilian_targeting": ("civilian_targeting",),
    "actor1": ("actor1",),
    "interaction": ("interaction",),
    "fatalities": ("fatalities",),
    "timestamp": ("timestamp",),
    "source_year": ("year",),
}

ACLED = Dialect(
    name="acled",
    description="ACLED event export, 2019+ lowercase columns (export tool, HDX, API)",
    signature=frozenset({"event_id_cnty", "event_date", "country", "fatalities"}),
    aliases=_ACLED_ALIASES,
)

ACLED_LEGACY = Dialect(
    name="acled-legacy",
    description="ACLED versions 5-7 event file, uppercase columns with GWNO and ALLY_ACTOR_1",
    signature=frozenset({"gwno", "event_id_cnty", "event_date", "country", "fatalities"}),
    aliases={**_ACLED_ALIASES, "iso": ("iso", "gwno_iso")},
    date_formats=("%d/%m/%Y", "%d-%B-%Y", "%d-%b-%y", "%d-%b-%Y", *COMMON_DATE_FORMATS),
)

#: Detection order: the most specific signatures first.
DIALECTS: tuple[Dialect, ...] = (ACLED_LEGACY, ACLED)


def detect(header: Iterable[str], *, path: str = "<input>") -> Dialect:
    """The first dialect whose signature columns are all in ``header``.

    Raises ``InputError`` naming the missing columns of the closest dialect.
    """
    names = [normalise_header(name) for name in header]
    for dialect in DIALECTS:
        if dialect.matches(names):
            return dialect
    closest = max(DIALECTS, key=lambda d: len(d.signature & set(names)))
    missing = sorted(closest.signature - set(names))
    found = ", ".join(name for name in names if name) or "none"
    raise InputError(
        f"{path}: not an ACLED-style file: missing column(s) {', '.join(missing)}; "
        f"found: {_shorten(found)}. Check that this is an ACLED export (see `fatalities inspect`)."
    )


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."

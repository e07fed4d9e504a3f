"""Each known input format as data, and ``detect`` to pick one from a header.

A new format is a new ``Dialect`` entry in ``DIALECTS`` (plus a fixture under
``tests/data/dialects``), not a new branch in the loader.

>>> detect(["event_id_cnty", "event_date", "country", "fatalities"]).name
'acled'
>>> detect(["GWNO", "EVENT_ID_CNTY", "EVENT_DATE", "COUNTRY", "FATALITIES"]).name
'acled-legacy'
>>> detect(["Country", "Admin1", "Month", "Year", "Events", "Fatalities"]).granularity
'month'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from fatalities.countries import FORMER_NAME
from fatalities.errors import InputError

Granularity = Literal["event", "month", "week"]
#: What a source counts: every ACLED event type (``all``); political violence only
#: (``political_violence``: ACLED's aggregated workbooks, UCDP's organised violence);
#: or a mix whose ``event_type`` names the part (``by_event_type``: HDX HAPI).
EventScope = Literal["all", "political_violence", "by_event_type"]
#: How far past its latest date a source's coverage reaches: that day, or the end of
#: the month or week the date starts.
CoverageEnd = Literal["date", "month", "week"]


#: A pseudo date format: Excel's serial day numbers (days since 1899-12-30).
EXCEL_SERIAL = "excel-serial"

#: Date formats tried, in order, on a sample of a file's dates. One format is then
#: applied to every row (never per-row inference).
COMMON_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%B-%Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y/%m/%d",
    EXCEL_SERIAL,
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
    provide it, first match wins. Everything else is data about the format's quirks,
    read by the loader; no format has a branch of its own in the loader.
    """

    name: str
    description: str
    signature: frozenset[str]
    aliases: Mapping[str, tuple[str, ...]]
    date_formats: tuple[str, ...] = COMMON_DATE_FORMATS
    #: One row is one event, or one place-and-month / place-and-week cell (``events`` per row).
    granularity: Granularity = "event"
    #: Rows sharing an ``event_id_cnty`` are one event (the latest ``timestamp`` is kept).
    deduplicate: bool = True
    #: Named in notes and in ``inspect``: whose data this is.
    source_label: str = "ACLED"
    #: Source columns joined with a space to make the date text (``("year", "month")``
    #: gives ``"1997 January"``); empty: the ``event_date`` alias alone.
    date_parts: tuple[str, ...] = ()
    coverage_end: CoverageEnd = "date"
    #: Canonical column -> values whose rows are never counted (they repeat other rows).
    exclude: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``--estimate`` choice -> the source column holding that fatality estimate.
    estimates: Mapping[str, str] = field(default_factory=dict)
    #: Canonical column -> {code in the file: name in the output}.
    value_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The country column holds ISO 3166 alpha-3 codes (named via ``countries.py``).
    country_is_iso3: bool = False
    #: A regular expression removed from country names (UCDP's former names in brackets).
    country_suffix: str | None = None
    #: Empty fatalities are part of the format (zero), not a problem worth a warning.
    blank_fatalities_are_zero: bool = False
    #: Said on stderr whenever this format is read.
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: What the source counts (read by ``selection`` for ``--political-violence``).
    event_scope: EventScope = "all"
    #: ``by_event_type`` sources: the ``event_type`` values that are political violence.
    political_violence_types: tuple[str, ...] = ()
    #: Why ``--civilian-targeting`` cannot work on this source, and what to try instead
    #: (empty: ACLED's own hint; the filter works where the column exists).
    civilian_targeting_hint: str = ""
    #: Canonical column -> the names it may hold, spelled as the source's vocabularies
    #: spell them; a value differing only in case or spacing is folded to that name.
    canonical_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Spellings of older vintages that are more than a case or spacing variant
    #: (``Battle-Non-state actors overtake territory``) -> the canonical name.
    spellings: Mapping[str, str] = field(default_factory=dict)

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
    "admin3": ("admin3",),
    "location": ("location",),
    "event_type": ("event_type",),
    "sub_event_type": ("sub_event_type",),
    "disorder_type": ("disorder_type",),
    "civilian_targeting": ("civilian_targeting",),
    "actor1": ("actor1",),
    "actor2": ("actor2",),
    "interaction": ("interaction",),
    "fatalities": ("fatalities",),
    "timestamp": ("timestamp",),
    "source_year": ("year",),
}

#: ACLED's event types: the 2019+ vocabulary, then the pre-2019 one (versions 5 to 8).
ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
    "Riots", "Strategic developments",
    "Battle-No change of territory", "Battle-Non-state actor overtakes territory",
    "Battle-Government regains territory", "Remote violence", "Riots/Protests",
    "Strategic development", "Non-violent transfer of territory",
    "Headquarters or base established",
)  # fmt: skip
#: ACLED's sub-event types (2019+ vocabulary; earlier files have none).
ACLED_SUB_EVENT_TYPES: tuple[str, ...] = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
)  # fmt: skip
#: Names older ACLED files spell differently beyond case and spacing.
ACLED_SPELLINGS: dict[str, str] = {
    "Battle-Non-state actors overtake territory": "Battle-Non-state actor overtakes territory",
    "Battle-Non state actor overtakes territory": "Battle-Non-state actor overtakes territory",
    "Battle-Government regain territory": "Battle-Government regains territory",
    "Battle-No change in territory": "Battle-No change of territory",
    "Violence against civilian": "Violence against civilians",
    "Strategic Developments": "Strategic developments",
}
_ACLED_NAMES: dict[str, tuple[str, ...]] = {
    "event_type": ACLED_EVENT_TYPES,
    "sub_event_type": ACLED_SUB_EVENT_TYPES,
}

ACLED = Dialect(
    name="acled",
    description="ACLED event export, lowercase columns (export tool, HDX, API)",
    signature=frozenset({"event_id_cnty", "event_date", "country", "fatalities"}),
    aliases=_ACLED_ALIASES,
    canonical_names=_ACLED_NAMES,
    spellings=ACLED_SPELLINGS,
)

ACLED_LEGACY = Dialect(
    name="acled-legacy",
    description="ACLED versions 5-7 event file, uppercase columns with GWNO and ALLY_ACTOR_1",
    signature=frozenset({"gwno", "event_id_cnty", "event_date", "country", "fatalities"}),
    aliases={**_ACLED_ALIASES, "iso": ("iso", "gwno_iso")},
    date_formats=("%d/%m/%Y", "%d-%B-%Y", "%d-%b-%y", "%d-%b-%Y", *COMMON_DATE_FORMATS),
    canonical_names=_ACLED_NAMES,
    spellings=ACLED_SPELLINGS,
)

ACLED_MONTHLY = Dialect(
    name="acled-monthly",
    description="ACLED/HDX aggregated workbook: events and fatalities per country or admin2 and month",
    signature=frozenset({"country", "month", "year", "events", "fatalities"}),
    aliases={
        "country": ("country",),
        "admin1": ("admin1",),
        "admin2": ("admin2",),
        "event_type": ("event_type",),
        "events": ("events",),
        "fatalities": ("fatalities",),
        "event_date": ("month",),
    },
    date_parts=("year", "month"),
    date_formats=("%Y %B", "%Y %b", "%Y %m"),
    granularity="month",
    deduplicate=False,
    coverage_end="month",
    source_label="ACLED aggregated (political violence only)",
    event_scope="political_violence",
    civilian_targeting_hint=(
        "ACLED's aggregated workbooks have no civilian_targeting column (ACLED publishes "
        "civilian targeting as a workbook of its own); load that workbook instead"
    ),
)

ACLED_WEEKLY = Dialect(
    name="acled-weekly",
    description="ACLED weekly aggregated data: events and fatalities per admin1, event type and week (weeks start on Saturday)",
    signature=frozenset({"week", "country", "events", "fatalities"}),
    aliases={
        "event_date": ("week",),
        "country": ("country",),
        "region": ("region",),
        "admin1": ("admin1",),
        "event_type": ("event_type",),
        "sub_event_type": ("sub_event_type",),
        "disorder_type": ("disorder_type",),
        "events": ("events",),
        "fatalities": ("fatalities",),
    },
    date_formats=(
        "%Y-%m-%d",
        "%d-%B-%Y",
        "%d %B %Y",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y",
        EXCEL_SERIAL,
    ),
    granularity="week",
    deduplicate=False,
    coverage_end="week",
    source_label="ACLED aggregated",
)

HDX_HAPI = Dialect(
    name="hdx-hapi",
    description="HDX HAPI conflict-event table (from ACLED): events and fatalities per admin2, event type and month",
    signature=frozenset(
        {"location_code", "event_type", "events", "fatalities", "reference_period_start"}
    ),
    aliases={
        "country": ("location_code",),
        "admin1": ("admin1_name", "provider_admin1_name"),
        "admin2": ("admin2_name", "provider_admin2_name"),
        "event_type": ("event_type",),
        "events": ("events",),
        "fatalities": ("fatalities",),
        "event_date": ("reference_period_start",),
    },
    date_formats=("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"),
    granularity="month",
    deduplicate=False,
    coverage_end="month",
    exclude={"event_type": ("civilian_targeting",)},
    country_is_iso3=True,
    blank_fatalities_are_zero=True,
    source_label="HDX HAPI (ACLED)",
    event_scope="by_event_type",
    political_violence_types=("political_violence",),
    civilian_targeting_hint=(
        "HDX HAPI's civilian_targeting rows are a subset of its political_violence rows, "
        "so they are not loaded (adding them would count those events twice); use "
        "--political-violence, or ACLED event data for civilian targeting"
    ),
    notes=(
        "HDX HAPI: civilian_targeting rows are a subset of political_violence and are not "
        "added again; empty fatalities (demonstrations) count as 0",
    ),
)

UCDP_GED = Dialect(
    name="ucdp-ged",
    description="UCDP Georeferenced Event Dataset (GED): best/low/high death estimates per event",
    signature=frozenset({"id", "date_start", "country", "type_of_violence", "best"}),
    aliases={
        "event_id_cnty": ("id",),
        "event_date": ("date_start",),
        "country": ("country",),
        "region": ("region",),
        "admin1": ("adm_1",),
        "admin2": ("adm_2",),
        "event_type": ("type_of_violence",),
        "actor1": ("side_a",),
        "fatalities": ("best",),
        "source_year": ("year",),
    },
    date_formats=(
        "%Y-%m-%d",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y",
        EXCEL_SERIAL,
    ),
    coverage_end="month",
    estimates={"best": "best", "low": "low", "high": "high"},
    value_names={
        "event_type": {
            "1": "State-based violence",
            "2": "Non-state violence",
            "3": "One-sided violence",
        }
    },
    country_suffix=FORMER_NAME,
    source_label="UCDP GED",
    event_scope="political_violence",
    civilian_targeting_hint=(
        "UCDP GED has no civilian_targeting column; its violence against civilians is "
        "--event-type 'One-sided violence'"
    ),
)

#: Detection order: the most specific signatures first.
DIALECTS: tuple[Dialect, ...] = (
    UCDP_GED,
    HDX_HAPI,
    ACLED_WEEKLY,
    ACLED_MONTHLY,
    ACLED_LEGACY,
    ACLED,
)


def by_name(name: str) -> Dialect:
    """The known dialect called ``name`` (plain ACLED for a name no dialect has).

    >>> by_name("hdx-hapi").event_scope, by_name("nonesuch").name
    ('by_event_type', 'acled')
    """
    return next((dialect for dialect in DIALECTS if dialect.name == name), ACLED)


def find_dialect(header: Iterable[str]) -> Dialect | None:
    """The first dialect whose signature columns are all in ``header``, or ``None``.

    >>> find_dialect(["id", "date_start", "country", "type_of_violence", "best"]).source_label
    'UCDP GED'
    >>> find_dialect(["a", "b"]) is None
    True
    """
    names = [normalise_header(name) for name in header]
    for dialect in DIALECTS:
        if dialect.matches(names):
            return dialect
    return None


def detect(header: Iterable[str], *, path: str = "<input>") -> Dialect:
    """The first dialect whose signature columns are all in ``header``.

    Raises ``InputError`` naming the missing columns of the closest dialect.
    """
    names = [normalise_header(name) for name in header]
    found = find_dialect(names)
    if found is not None:
        return found
    present = set(names)
    closest = max(  # ties go to the plain ACLED export, the most common format
        reversed(DIALECTS),
        key=lambda d: (len(d.signature & present), -len(d.signature - present)),
    )
    missing = sorted(closest.signature - present)
    listed = ", ".join(name for name in names if name and not name.startswith("_unnamed_"))
    hint = _delimiter_hint(names)
    raise InputError(
        f"{path}: not an ACLED-style file: missing column(s) {', '.join(missing)}; "
        f"found: {_shorten(listed or 'none')}. {hint}"
    )


def _delimiter_hint(names: list[str]) -> str:
    """What to check when no format matches: the delimiter, when the header is one column.

    >>> _delimiter_hint(["event_id_cnty:event_date:country:fatalities"])
    "The header is one column: fields seem separated by ':', not commas, tabs, semicolons or pipes; save the file as CSV again"
    """
    real = [name for name in names if name and not name.startswith("_unnamed_")]
    if len(real) == 1:
        marks = [char for char in real[0] if not char.isalnum() and char not in "_ "]
        if marks:
            common = max(dict.fromkeys(marks), key=marks.count)
            return (
                f"The header is one column: fields seem separated by {common!r}, not commas, "
                "tabs, semicolons or pipes; save the file as CSV again"
            )
    return "Check that this is an ACLED or UCDP export (see `fatalities inspect`)"


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."

"""Deterministic generator of synthetic ACLED-style exports (current 31-column layout).

The output looks like a real ACLED export: ~50 countries with skewed sizes (Mali ~3 % of
rows), event counts growing from 1997 to 2025, the usual event-type mix, fatalities that are
mostly 0 with a heavy tail, quoted ``notes`` of 150-250 characters with commas and the odd
doubled quote. The same ``--rows``/``--seed``/``--date-style`` always gives the same bytes.

Everything is vectorised with polars; random numbers come from :mod:`random` (Mersenne
Twister, stable across Python versions) in fixed-size chunks, so memory stays moderate and the
bytes do not depend on the machine.

Example::

    python benchmarks/generate.py --rows 10000 --seed 1 --output /tmp/acled.csv
    python benchmarks/generate.py --date-style long --gzip --output /tmp/acled_long.csv.gz
"""

from __future__ import annotations

import argparse
import array
import datetime as dt
import gzip
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

import polars as pl

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

DateStyle = Literal["iso", "long"]

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

DEFAULT_ROWS = 2_500_000
DEFAULT_SEED = 8
#: Rows generated per chunk. Part of the format: changing it changes the bytes for a seed.
CHUNK_ROWS = 200_000
#: Last event date of the synthetic export (2025 is a partial year, as in a real export).
END_DATE = dt.date(2025, 9, 26)
FIRST_DATE = dt.date(1997, 1, 1)
#: Growth rate of yearly event counts (events in year y ~ exp(GROWTH * (y - 1997))).
GROWTH = 0.11
LOCATIONS_PER_COUNTRY = 200
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Country:
    """One country: names, codes, bounding box, first covered year and share weight."""

    name: str
    iso: int
    iso3: str
    region: str
    lat: tuple[float, float]
    lon: tuple[float, float]
    start: int
    weight: float


# Weights are percentages of rows (they sum to 100), skewed roughly like the real data.
# fmt: off
COUNTRIES: tuple[Country, ...] = (
    Country("Ukraine", 804, "UKR", "Europe", (45.5, 52.0), (22.5, 40.0), 2018, 12.0),
    Country("Syria", 760, "SYR", "Middle East", (32.5, 37.0), (36.0, 42.0), 2017, 8.0),
    Country("India", 356, "IND", "Southern Asia", (8.5, 34.0), (69.0, 88.0), 2016, 7.0),
    Country("Pakistan", 586, "PAK", "Southern Asia", (24.5, 36.5), (61.5, 75.0), 2010, 4.0),
    Country("Mexico", 484, "MEX", "North America", (15.0, 32.0), (-116.0, -87.0), 2018, 4.0),
    Country("Brazil", 76, "BRA", "South America", (-33.0, 4.5), (-73.0, -35.0), 2018, 3.5),
    Country("Yemen", 887, "YEM", "Middle East", (12.5, 18.5), (42.5, 53.0), 2015, 3.5),
    Country("Myanmar", 104, "MMR", "Southeast Asia", (10.0, 28.0), (92.5, 101.0), 2010, 3.5),
    Country("Nigeria", 566, "NGA", "Western Africa", (4.5, 13.5), (3.0, 14.5), 1997, 3.2),
    Country("Mali", 466, "MLI", "Western Africa", (10.5, 24.5), (-12.0, 4.0), 1997, 3.0),
    Country(
        "Democratic Republic of Congo", 180, "COD", "Middle Africa", (-13.0, 5.0), (12.5, 31.0),
        1997, 3.0,
    ),
    Country("Somalia", 706, "SOM", "Eastern Africa", (-1.5, 11.5), (41.0, 51.0), 1997, 3.0),
    Country("Sudan", 729, "SDN", "Northern Africa", (9.0, 22.0), (22.0, 38.0), 1997, 2.6),
    Country(
        "Afghanistan", 4, "AFG", "Caucasus and Central Asia", (29.5, 38.5), (61.0, 71.0), 2017,
        2.6,
    ),
    Country("Iraq", 368, "IRQ", "Middle East", (29.5, 37.0), (39.0, 48.0), 2016, 2.5),
    Country("Colombia", 170, "COL", "South America", (-4.0, 12.0), (-79.0, -67.0), 2018, 2.4),
    Country("Philippines", 608, "PHL", "Southeast Asia", (5.0, 19.0), (117.0, 126.0), 2016, 2.2),
    Country("Burkina Faso", 854, "BFA", "Western Africa", (9.5, 15.0), (-5.5, 2.0), 1997, 2.1),
    Country("Bangladesh", 50, "BGD", "Southern Asia", (21.0, 26.5), (88.0, 92.5), 2010, 2.0),
    Country("Russia", 643, "RUS", "Europe", (43.0, 60.0), (30.0, 60.0), 2018, 1.9),
    Country("Turkey", 792, "TUR", "Middle East", (36.0, 42.0), (26.0, 44.5), 2016, 1.8),
    Country("Palestine", 275, "PSE", "Middle East", (31.2, 32.5), (34.2, 35.6), 2016, 1.8),
    Country("Cameroon", 120, "CMR", "Middle Africa", (2.0, 13.0), (8.5, 16.0), 1997, 1.6),
    Country("Ethiopia", 231, "ETH", "Eastern Africa", (3.5, 14.5), (33.0, 47.5), 1997, 1.6),
    Country("Israel", 376, "ISR", "Middle East", (29.5, 33.3), (34.3, 35.9), 2016, 1.5),
    Country("South Sudan", 728, "SSD", "Eastern Africa", (3.5, 12.0), (24.0, 35.5), 2011, 1.3),
    Country("Libya", 434, "LBY", "Northern Africa", (20.0, 33.0), (10.0, 25.0), 1997, 1.3),
    Country("Iran", 364, "IRN", "Middle East", (25.5, 39.5), (44.5, 63.0), 2016, 1.3),
    Country("Lebanon", 422, "LBN", "Middle East", (33.1, 34.6), (35.1, 36.6), 2016, 1.2),
    Country("Venezuela", 862, "VEN", "South America", (1.0, 12.0), (-73.0, -60.0), 2018, 1.1),
    Country("Niger", 562, "NER", "Western Africa", (12.0, 23.0), (0.5, 15.5), 1997, 1.0),
    Country("Kenya", 404, "KEN", "Eastern Africa", (-4.5, 4.5), (34.0, 41.5), 1997, 1.0),
    Country(
        "South Africa", 710, "ZAF", "Southern Africa", (-34.5, -22.5), (17.0, 32.5), 1997, 1.0
    ),
    Country("Mozambique", 508, "MOZ", "Eastern Africa", (-26.5, -10.5), (30.5, 40.5), 1997, 0.9),
    Country(
        "Central African Republic", 140, "CAF", "Middle Africa", (2.5, 11.0), (14.5, 27.5), 1997,
        0.9,
    ),
    Country("Egypt", 818, "EGY", "Northern Africa", (22.0, 31.5), (25.0, 35.0), 1997, 0.8),
    Country(
        "United States", 840, "USA", "North America", (25.0, 49.0), (-124.0, -67.0), 2020, 0.8
    ),
    Country("Haiti", 332, "HTI", "Caribbean", (18.0, 20.0), (-74.5, -71.7), 2018, 0.7),
    Country("Nepal", 524, "NPL", "Southern Asia", (26.5, 30.3), (80.0, 88.2), 2010, 0.6),
    Country("Thailand", 764, "THA", "Southeast Asia", (6.0, 20.5), (97.5, 105.5), 2010, 0.6),
    Country("Burundi", 108, "BDI", "Eastern Africa", (-4.5, -2.3), (29.0, 30.8), 1997, 0.6),
    Country("Uganda", 800, "UGA", "Eastern Africa", (-1.5, 4.2), (29.6, 35.0), 1997, 0.6),
    Country("Chad", 148, "TCD", "Middle Africa", (7.5, 23.5), (13.5, 24.0), 1997, 0.5),
    Country("Zimbabwe", 716, "ZWE", "Eastern Africa", (-22.4, -15.6), (25.2, 33.1), 1997, 0.5),
    Country("Algeria", 12, "DZA", "Northern Africa", (19.0, 37.0), (-8.5, 12.0), 1997, 0.5),
    Country("Tunisia", 788, "TUN", "Northern Africa", (30.2, 37.3), (7.5, 11.6), 1997, 0.4),
    Country("Senegal", 686, "SEN", "Western Africa", (12.3, 16.7), (-17.5, -11.4), 1997, 0.3),
    Country("Guinea", 324, "GIN", "Western Africa", (7.2, 12.7), (-15.1, -7.6), 1997, 0.3),
    Country("Ecuador", 218, "ECU", "South America", (-5.0, 1.5), (-81.0, -75.2), 2018, 0.3),
    Country(
        "Mongolia", 496, "MNG", "Caucasus and Central Asia", (41.5, 52.0), (88.0, 120.0), 2018,
        0.1,
    ),
)
# fmt: on

# (event type, share, disorder type, probability of fatalities > 0, Pareto alpha, Pareto scale)
EVENT_TYPES: tuple[tuple[str, float, str, float, float, float], ...] = (
    ("Protests", 0.40, "Demonstrations", 0.002, 3.0, 1.0),
    ("Battles", 0.18, "Political violence", 0.55, 1.25, 2.5),
    ("Violence against civilians", 0.17, "Political violence", 0.50, 1.35, 1.5),
    ("Explosions/Remote violence", 0.13, "Political violence", 0.40, 1.3, 2.0),
    ("Riots", 0.08, "Demonstrations", 0.08, 2.5, 1.0),
    ("Strategic developments", 0.04, "Strategic developments", 0.02, 2.0, 1.0),
)

# Sub-event types per event type (same order as EVENT_TYPES), with weights and a note verb.
SUB_EVENTS: tuple[tuple[tuple[str, float, str], ...], ...] = (
    (
        ("Peaceful protest", 0.93, "held a demonstration against"),
        ("Protest with intervention", 0.06, "protested and were dispersed over"),
        ("Excessive force against protesters", 0.01, "were met with force while protesting"),
    ),
    (
        ("Armed clash", 0.9, "clashed with"),
        ("Government regains territory", 0.06, "regained control of an area from"),
        ("Non-state actor overtakes territory", 0.04, "took control of an area held by"),
    ),
    (
        ("Attack", 0.85, "attacked"),
        ("Abduction/forced disappearance", 0.12, "abducted"),
        ("Sexual violence", 0.03, "assaulted"),
    ),
    (
        ("Shelling/artillery/missile attack", 0.5, "shelled positions of"),
        ("Air/drone strike", 0.3, "carried out a drone strike against"),
        ("Remote explosive/landmine/IED", 0.15, "detonated an IED targeting"),
        ("Suicide bomb", 0.02, "sent a suicide bomber against"),
        ("Grenade", 0.03, "threw a grenade at"),
    ),
    (
        ("Violent demonstration", 0.55, "rioted against"),
        ("Mob violence", 0.45, "attacked"),
    ),
    (
        ("Looting/property destruction", 0.3, "looted property belonging to"),
        ("Arrests", 0.25, "arrested"),
        ("Change to group/activity", 0.2, "changed their activity towards"),
        ("Agreement", 0.1, "signed an agreement with"),
        ("Disrupted weapons use", 0.1, "defused explosives laid by"),
        ("Headquarters or base established", 0.03, "established a base near"),
        ("Non-violent transfer of territory", 0.02, "handed over an area to"),
    ),
)

ROLES: tuple[str, ...] = (
    "",  # no actor
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)

# Weights over ROLES for actor1 and actor2, per event type (order of EVENT_TYPES).
ROLE1: tuple[tuple[float, ...], ...] = (
    (0, 0, 0, 0, 0, 0, 1, 0, 0),
    (0, 0.45, 0.25, 0.15, 0.1, 0, 0, 0, 0.05),
    (0, 0.25, 0.2, 0.35, 0.15, 0, 0, 0, 0.05),
    (0, 0.5, 0.25, 0.15, 0.02, 0, 0, 0, 0.08),
    (0, 0, 0, 0, 0, 1, 0, 0, 0),
    (0, 0.4, 0.2, 0.25, 0.1, 0, 0, 0, 0.05),
)
ROLE2: tuple[tuple[float, ...], ...] = (
    (0.92, 0.05, 0, 0, 0, 0, 0, 0.03, 0),
    (0, 0.3, 0.35, 0.2, 0.1, 0, 0, 0, 0.05),
    (0, 0, 0, 0, 0, 0, 0, 1, 0),
    (0.25, 0.3, 0.1, 0.05, 0, 0, 0, 0.3, 0),
    (0.3, 0.2, 0, 0, 0, 0.2, 0, 0.3, 0),
    (0.6, 0.1, 0.1, 0.1, 0, 0, 0, 0.1, 0),
)

SOURCES: tuple[str, ...] = (
    "Reuters", "AFP", "Associated Press", "BBC Monitoring", "Al Jazeera", "Xinhua",
    "Local media", "Twitter", "Facebook", "Telegram", "Radio France Internationale",
    "Le Monde", "The New Humanitarian", "Human Rights Watch", "Amnesty International",
    "OCHA", "UNHCR", "Security Council Report", "Liveuamap", "Crisis Group", "Jeune Afrique",
    "Studio Tamani", "Maliweb", "Premium Times", "Daily Trust", "Dawn", "The Hindu",
    "Times of India", "El Universal", "Folha de S.Paulo", "Kyiv Independent",
    "Ministry of Defence", "Syrian Observatory for Human Rights", "Mwatana",
)  # fmt: skip
SOURCE_SCALES: tuple[tuple[str, float], ...] = (
    ("National", 0.35), ("Subnational", 0.25), ("Local partner-Other", 0.1),
    ("New media", 0.08), ("International", 0.08), ("National-Regional", 0.05),
    ("Other-National", 0.04), ("Subnational-National", 0.03), ("Regional", 0.02),
)  # fmt: skip

FILLERS: tuple[str, ...] = (
    "It happened at dawn, according to residents",
    "The assailants came on motorbikes, witnesses said",
    "Houses, shops and a granary were burnt",
    "Troops later reinforced the town, sources said",
    "Tensions over land, water and grazing are rising",
    "An inquiry was opened, but no arrests were made",
    "Victims included herders, traders and farmers",
    "Networks were cut, so reports are unconfirmed",
    "The group had been active there for months",
    "Sources gave conflicting, partial details",
    "They demanded services, jobs and security",
    "It ended peacefully, without arrests",
    "Roads to the market were blocked, reports said",
    "Aid groups paused work in the area, for now",
    "The district hospital treated several injured",
    "Weapons, motorbikes and ammunition were seized",
)  # fmt: skip

ISSUES: tuple[str, ...] = (
    "rising prices", "insecurity", "the election results", "fuel shortages",
    "unpaid salaries", "a new land law", "power cuts", "the arrest of a local leader",
)  # fmt: skip
#: Object of the note's verb when there is no actor2, per event type (Protests use ISSUES).
NO_OBJECT: tuple[str, ...] = (
    "", "unidentified fighters", "unidentified victims", "unidentified targets",
    "local authorities", "local residents",
)  # fmt: skip

TAGS: tuple[tuple[str, float], ...] = (
    ("crowd size=no report", 0.5), ("crowd size=around 100", 0.15),
    ("crowd size=dozens", 0.15), ("crowd size=hundreds", 0.12),
    ("crowd size=thousands", 0.05), ("crowd size=around 20; women targeted: candidates", 0.03),
)  # fmt: skip

_SYLLABLES: tuple[str, ...] = (
    "ba", "ka", "ma", "ni", "so", "to", "ri", "de", "lo", "gu", "an", "ou", "ké", "sa", "di",
    "fa", "mo", "ta", "zi", "na", "kou", "bou", "ga", "la", "ne", "ra", "ya", "wa", "te", "ho",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Random numbers and vectorised choices
# --------------------------------------------------------------------------------------------


class _Stream:
    """Uniform random numbers as polars Series, from a seeded Mersenne Twister."""

    def __init__(self, key: str) -> None:
        self._rng = random.Random(key)

    def uniform(self, n: int) -> pl.Series:
        """``n`` floats in [0, 1) (32-bit resolution)."""
        words = array.array("I")
        if words.itemsize != 4:  # pragma: no cover - every supported platform has 32-bit 'I'
            raise RuntimeError("array 'I' is not 32-bit on this platform")
        words.frombytes(self._rng.randbytes(4 * n))
        if sys.byteorder != "little":  # pragma: no cover - keep bytes platform independent
            words.byteswap()
        return pl.Series(words, dtype=pl.UInt32).cast(pl.Float64) / 4294967296.0


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    cum = [c / total for c in accumulate(weights)]
    cum[-1] = 1.0
    return cum


def _pick(u: pl.Series, weights: Sequence[float]) -> pl.Series:
    """Index of a weighted choice for each uniform ``u`` (UInt32).

    >>> _pick(pl.Series([0.1, 0.7]), [1, 1]).to_list()
    [0, 1]
    """
    idx = pl.Series(_cumulative(weights)).search_sorted(u, side="right")
    return idx.clip(0, len(weights) - 1).cast(pl.UInt32)


def _pick_within(group: pl.Series, u: pl.Series, table: Sequence[Sequence[float]]) -> pl.Series:
    """Weighted choice where the weights depend on ``group``; returns the index within group.

    >>> _pick_within(pl.Series([0, 1]), pl.Series([0.9, 0.9]), [[1, 1], [1, 0]]).to_list()
    [1, 0]
    """
    keys: list[float] = []
    offsets: list[int] = []
    for g, weights in enumerate(table):
        offsets.append(len(keys))
        keys.extend(g + c for c in _cumulative(weights))
    flat = pl.Series(keys).search_sorted(group.cast(pl.Float64) + u, side="right")
    flat = flat.clip(0, len(keys) - 1).cast(pl.Int64)
    local = flat - pl.Series(offsets, dtype=pl.Int64).gather(group)
    sizes = pl.Series([len(w) - 1 for w in table], dtype=pl.Int64).gather(group)
    return local.clip(lower_bound=0).zip_with(local <= sizes, sizes).cast(pl.UInt32)


def _gather(
    values: Sequence[object], idx: pl.Series, dtype: PolarsDataType | None = None
) -> pl.Series:
    return pl.Series(list(values), dtype=dtype).gather(idx)


def _blank_to_null(s: pl.Series) -> pl.Series:
    """Empty strings become nulls so that they are written as empty CSV fields."""
    return s.set(s == "", None)


# --------------------------------------------------------------------------------------------
# Per-seed lookup tables (locations, actors)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    admin1: list[str | None]
    admin2: list[str | None]
    admin3: list[str | None]
    location: list[str]
    latitude: list[float]
    longitude: list[float]
    geo_precision: list[int]
    actors: list[str]  # index: (country * len(ROLES) + role) * 4 + variant
    assoc: list[str]  # index: country * 8 + variant
    sources: list[str]


def _name(rng: random.Random, low: int = 2, high: int = 4) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(low, high)))
    return word.capitalize()


def _build_tables(seed: int) -> _Tables:
    rng = random.Random(f"{seed}:tables")
    admin1: list[str | None] = []
    admin2: list[str | None] = []
    admin3: list[str | None] = []
    location: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    geo: list[int] = []
    actors: list[str] = []
    assoc: list[str] = []
    for c in COUNTRIES:
        regions = [_name(rng) for _ in range(rng.randint(6, 20))]
        districts = {r: [_name(rng) for _ in range(rng.randint(2, 8))] for r in regions}
        for _ in range(LOCATIONS_PER_COUNTRY):
            region = regions[min(int(rng.random() ** 1.5 * len(regions)), len(regions) - 1)]
            admin1.append(region)
            admin2.append(rng.choice(districts[region]))
            admin3.append(_name(rng) if rng.random() < 0.4 else None)
            location.append(_name(rng, 2, 3) if rng.random() < 0.85 else f"{_name(rng)}-Ville")
            lat.append(round(rng.uniform(*c.lat), 4))
            lon.append(round(rng.uniform(*c.lon), 4))
            geo.append(rng.choices((1, 2, 3), (0.7, 0.2, 0.1))[0])
        since = rng.choice((1991, 2002, 2013, 2021))
        n = c.name
        per_role: tuple[tuple[str, ...], ...] = (
            ("", "", "", ""),
            (
                f"Military Forces of {n} ({since}-)",
                f"Police Forces of {n} ({since}-)",
                f"Military Forces of {n} ({since}-) Gendarmerie",
                f"Military Forces of {n} ({since}-) Air Force",
            ),
            (
                f"{_name(rng)} Liberation Front",
                f"Islamic State ({_name(rng)} Province)",
                f"{_name(rng)} Patriotic Movement",
                f"Coordination of {_name(rng)} Movements",
            ),
            (
                f"Unidentified Armed Group ({n})",
                f"{_name(rng)} Militia",
                f"Vigilante Group ({n})",
                f"{_name(rng)} Party Militia ({n})",
            ),
            (
                f"{_name(rng)} Ethnic Militia ({n})",
                f"{_name(rng)} Communal Militia ({n})",
                f"{_name(rng)} Clan Militia ({n})",
                f"Dozo Militia ({n})",
            ),
            (f"Rioters ({n})", f"Rioters ({n})", f"Mob Rioters ({n})", f"Rioters ({n})"),
            (f"Protesters ({n})", f"Protesters ({n})", f"Protesters ({n})", f"Protesters ({n})"),
            (
                f"Civilians ({n})",
                f"Civilians ({n})",
                f"Civilians ({n})",
                "Civilians (International)",
            ),
            (
                "Unidentified Military Forces",
                "UN: United Nations",
                f"Private Security Forces ({n})",
                f"Military Forces of {_name(rng)} ({since}-)",
            ),
        )
        for variants in per_role:
            actors.extend(variants)
        assoc.extend(
            (
                f"Women ({n})", f"Students ({n})", f"Teachers ({n}); Labor Group ({n})",
                f"Farmers ({n})", f"Muslim Group ({n})", f"Christian Group ({n})",
                f"Fulani Ethnic Group ({n})", f"Lawyers ({n}); Journalists ({n})",
            )
        )  # fmt: skip
    sources = []
    for _ in range(120):
        picked = rng.sample(SOURCES, rng.choices((1, 2, 3), (0.7, 0.25, 0.05))[0])
        sources.append("; ".join(picked))
    return _Tables(admin1, admin2, admin3, location, lat, lon, geo, actors, assoc, sources)


# --------------------------------------------------------------------------------------------
# Chunk generation
# --------------------------------------------------------------------------------------------

_EPOCH_1997 = (FIRST_DATE - dt.date(1970, 1, 1)).days
_SPAN_DAYS = (END_DATE - FIRST_DATE).days


def build_chunk(
    first_row: int, n: int, seed: int, chunk: int, tables: _Tables, date_style: DateStyle
) -> pl.DataFrame:
    """Build ``n`` rows starting at global row ``first_row`` as a 31-column DataFrame.

    >>> t = _build_tables(1)
    >>> build_chunk(0, 3, 1, 0, t, "iso").width
    31
    """
    rs = _Stream(f"{seed}:chunk:{chunk}")
    country = _pick(rs.uniform(n), [c.weight for c in COUNTRIES])

    # Dates: density ~ exp(GROWTH * t) on [country start, END_DATE].
    starts = _gather([(c.start - 1997) * 365.2425 for c in COUNTRIES], country, pl.Float64)
    k = GROWTH / 365.2425
    lo = (starts * k).exp()
    hi = math.exp(k * _SPAN_DAYS)
    days = ((lo + rs.uniform(n) * (hi - lo)).log() / k).floor().clip(0, _SPAN_DAYS)
    date = (days.cast(pl.Int32) + _EPOCH_1997).cast(pl.Date)
    long_date = date.dt.strftime("%-d %B %Y")
    event_date = long_date if date_style == "long" else date.dt.strftime("%Y-%m-%d")

    etype = _pick(rs.uniform(n), [e[1] for e in EVENT_TYPES])
    sub_local = _pick_within(etype, rs.uniform(n), [[s[1] for s in subs] for subs in SUB_EVENTS])
    sub_offsets = list(accumulate([0] + [len(s) for s in SUB_EVENTS[:-1]]))
    sub = sub_local + _gather(sub_offsets, etype, pl.UInt32)
    flat_subs = [s for subs in SUB_EVENTS for s in subs]

    role1 = _pick_within(etype, rs.uniform(n), ROLE1)
    role2 = _pick_within(etype, rs.uniform(n), ROLE2)
    n_roles = len(ROLES)
    variant1 = (rs.uniform(n) * 4).floor().cast(pl.UInt32)
    variant2 = (rs.uniform(n) * 4).floor().cast(pl.UInt32)
    actor1 = _gather(tables.actors, (country * n_roles + role1) * 4 + variant1)
    actor2 = _gather(tables.actors, (country * n_roles + role2) * 4 + variant2)
    inter1 = _gather(ROLES, role1)
    inter2 = _gather(ROLES, role2)
    interaction = pl.Series(
        [f"{a}-{b}" if b else f"{a} only" for a in ROLES for b in ROLES], dtype=pl.String
    ).gather(role1 * n_roles + role2)

    u_assoc = rs.uniform(n)
    assoc_idx = country * 8 + (rs.uniform(n) * 8).floor().cast(pl.UInt32)
    assoc_all = _gather(tables.assoc, assoc_idx)
    assoc1 = assoc_all.zip_with(u_assoc < 0.2, pl.Series([""] * n))
    assoc2 = assoc_all.zip_with((u_assoc > 0.92) & (role2 > 0), pl.Series([""] * n))

    civ_types = (etype == 2) | (etype == 3)
    civilian = pl.Series(["Civilian targeting"] * n).zip_with(
        civ_types & (role2 == 7), pl.Series([""] * n)
    )

    loc = country * LOCATIONS_PER_COUNTRY + (
        (rs.uniform(n) ** 2.2) * LOCATIONS_PER_COUNTRY
    ).floor().cast(pl.UInt32)
    admin1 = _gather(tables.admin1, loc, pl.String)
    location = _gather(tables.location, loc, pl.String)
    country_name = _gather([c.name for c in COUNTRIES], country, pl.String)

    # Fatalities: zero for most events, Pareto tail for the rest.
    p_nonzero = _gather([e[3] for e in EVENT_TYPES], etype, pl.Float64)
    alpha = _gather([e[4] for e in EVENT_TYPES], etype, pl.Float64)
    scale = _gather([e[5] for e in EVENT_TYPES], etype, pl.Float64)
    u_hit, u_size = rs.uniform(n), rs.uniform(n)
    size = (scale * ((1.0 - u_size) ** (-1.0 / alpha) - 1.0)).floor().clip(0, 1499) + 1
    fatalities = size.zip_with(u_hit < p_nonzero, pl.Series([0.0] * n)).cast(pl.Int64)

    # Notes: "On 20 November 2017, <actor1> <verb> <object> in <location> (<admin1>, <country>).
    # <filler>[. <filler>].[ Reports put the death toll at N]" ~150-250 characters, with commas.
    verb = _gather([s[2] for s in flat_subs], sub, pl.String)
    issue = _gather(ISSUES, (rs.uniform(n) * len(ISSUES)).floor().cast(pl.UInt32))
    no_object = _gather(NO_OBJECT, etype, pl.String).zip_with(etype != 0, issue)
    obj = actor2.zip_with(role2 > 0, no_object)
    filler1 = _gather(FILLERS, (rs.uniform(n) * len(FILLERS)).floor().cast(pl.UInt32))
    filler2 = _gather(FILLERS, (rs.uniform(n) * len(FILLERS)).floor().cast(pl.UInt32))
    quoted = (
        'A statement signed by the so-called "Coordination of '
        + admin1
        + '" denied any involvement, the group said'
    )
    u_len = rs.uniform(n)
    # 80 %: one filler sentence; 18 %: two; 2 %: a second sentence with doubled quotes.
    second = filler2.zip_with(u_len < 0.98, quoted)
    second = (". " + second).zip_with(u_len >= 0.80, pl.Series([""] * n))
    toll = " Reports put the death toll at " + fatalities.cast(pl.String) + "."
    fatal_sentence = toll.zip_with(fatalities > 0, pl.Series([""] * n))
    notes = (
        "On "
        + long_date
        + ", "
        + actor1
        + " "
        + verb
        + " "
        + obj
        + " in "
        + location
        + " ("
        + admin1
        + ", "
        + country_name
        + "). "
        + filler1
        + second
        + "."
        + fatal_sentence
    )

    u_tag = rs.uniform(n)
    tag_idx = _pick(rs.uniform(n), [t[1] for t in TAGS])
    tags = _gather([t[0] for t in TAGS], tag_idx, pl.String).zip_with(
        (etype == 0) & (u_tag < 0.8), pl.Series([""] * n)
    )

    u_tp = rs.uniform(n)
    time_precision = (
        pl.Series([1] * n, dtype=pl.Int64)
        .zip_with(u_tp < 0.85, pl.Series([2] * n, dtype=pl.Int64))
        .zip_with(u_tp < 0.95, pl.Series([3] * n, dtype=pl.Int64))
    )
    delay = (rs.uniform(n) ** 3 * 400 + 2).floor().cast(pl.Int64)
    timestamp = (days.cast(pl.Int64) + _EPOCH_1997 + delay) * 86400 + (
        rs.uniform(n) * 86400
    ).floor().cast(pl.Int64)

    source_idx = (rs.uniform(n) * len(tables.sources)).floor().cast(pl.UInt32)
    scale_idx = _pick(rs.uniform(n), [s[1] for s in SOURCE_SCALES])
    iso3 = _gather([c.iso3 for c in COUNTRIES], country, pl.String)
    row_id = pl.Series(range(first_row + 1, first_row + n + 1), dtype=pl.Int64)

    data: dict[str, pl.Series] = {
        "event_id_cnty": iso3 + row_id.cast(pl.String),
        "event_date": event_date,
        "year": date.dt.year().cast(pl.Int64),
        "time_precision": time_precision,
        "disorder_type": _gather([e[2] for e in EVENT_TYPES], etype, pl.String),
        "event_type": _gather([e[0] for e in EVENT_TYPES], etype, pl.String),
        "sub_event_type": _gather([s[0] for s in flat_subs], sub, pl.String),
        "actor1": actor1,
        "assoc_actor_1": _blank_to_null(assoc1),
        "inter1": inter1,
        "actor2": _blank_to_null(actor2),
        "assoc_actor_2": _blank_to_null(assoc2),
        "inter2": _blank_to_null(inter2),
        "interaction": interaction,
        "civilian_targeting": _blank_to_null(civilian),
        "iso": _gather([c.iso for c in COUNTRIES], country, pl.Int64),
        "region": _gather([c.region for c in COUNTRIES], country, pl.String),
        "country": country_name,
        "admin1": admin1,
        "admin2": _gather(tables.admin2, loc, pl.String),
        "admin3": _gather(tables.admin3, loc, pl.String),
        "location": location,
        "latitude": _gather(tables.latitude, loc, pl.Float64),
        "longitude": _gather(tables.longitude, loc, pl.Float64),
        "geo_precision": _gather(tables.geo_precision, loc, pl.Int64),
        "source": _gather(tables.sources, source_idx, pl.String),
        "source_scale": _gather([s[0] for s in SOURCE_SCALES], scale_idx, pl.String),
        "notes": notes,
        "fatalities": fatalities,
        "tags": _blank_to_null(tags),
        "timestamp": timestamp,
    }
    return pl.DataFrame({name: data[name].alias(name) for name in COLUMNS})


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write_export(
    output: Path | str,
    rows: int = DEFAULT_ROWS,
    seed: int = DEFAULT_SEED,
    date_style: DateStyle = "iso",
    gzip_output: bool = False,
) -> Path:
    """Write a synthetic export atomically (temp file + rename) and return its path.

    >>> import tempfile
    >>> p = write_export(Path(tempfile.mkdtemp()) / "acled.csv", rows=100, seed=1)
    >>> p.read_text().splitlines()[0].split(",")[:3]
    ['event_id_cnty', 'event_date', 'year']
    """
    if date_style not in ("iso", "long"):
        raise ValueError(f"date_style must be 'iso' or 'long', not {date_style!r}")
    if rows < 0:
        raise ValueError("rows must be >= 0")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tables = _build_tables(seed)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            sink: BinaryIO
            if gzip_output:
                sink = gzip.GzipFile(  # type: ignore[assignment]
                    filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=GZIP_LEVEL
                )
            else:
                sink = raw
            try:
                if rows == 0:
                    sink.write((",".join(COLUMNS) + "\n").encode())
                for chunk, first in enumerate(range(0, rows, CHUNK_ROWS)):
                    n = min(CHUNK_ROWS, rows - first)
                    df = build_chunk(first, n, seed, chunk, tables, date_style)
                    df.write_csv(sink, include_header=first == 0, float_precision=4)
            finally:
                if sink is not raw:
                    sink.close()
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, output)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return output


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Example: ``python benchmarks/generate.py --rows 10000 --output /tmp/acled.csv``
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="rows (default 2.5M)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--date-style",
        choices=("iso", "long"),
        default="iso",
        help="event_date as 2017-11-20 (iso) or 20 November 2017 (long)",
    )
    parser.add_argument("--gzip", action="store_true", help="gzip the output")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="output path (default benchmarks/data/acled_<rows>_<style>.csv[.gz])",
    )
    args = parser.parse_args(argv)
    output = args.output or default_path(args.rows, args.date_style, args.gzip)
    started = time.perf_counter()
    path = write_export(output, args.rows, args.seed, args.date_style, args.gzip)
    elapsed = time.perf_counter() - started
    size = path.stat().st_size
    print(f"wrote {path} ({args.rows:,} rows, {size / 2**20:,.1f} MiB) in {elapsed:.1f} s")
    return 0


def default_path(rows: int, date_style: DateStyle, gzip_output: bool = False) -> Path:
    """Default data file for a row count and date style, under ``benchmarks/data``.

    >>> default_path(1000, "long").name
    'acled_1000_long.csv'
    """
    suffix = ".csv.gz" if gzip_output else ".csv"
    return Path(__file__).resolve().parent / "data" / f"acled_{rows}_{date_style}{suffix}"


if __name__ == "__main__":
    sys.exit(main())

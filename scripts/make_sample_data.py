#!/usr/bin/env python3
"""Generate the synthetic ACLED-style sample export ``sample_data/acled_sample.csv``.

ACLED's terms of use forbid redistributing its event data, so the project ships
a *synthetic* export instead.  Every row below is invented: actors, places,
dates, notes and the split of fatalities between events are drawn from a seeded
pseudo-random generator.  Only aggregate, published figures are real:

* the number of events and the number of fatalities per country and calendar
  year (``CALIBRATION``), which the output reproduces exactly, and
* for Mali 2011-2017, the events and fatalities from 1 January to 20 November
  inclusive (``MALI_YTD_NOV20``) and the fatalities that fall on 20 November
  itself (``MALI_NOV20_PINNED``), so that both the inclusive and the exclusive
  year-to-date cut-off give the real answers.

The file uses the current (2019+) ACLED export layout, 31 lowercase columns,
ISO dates, LF line endings and ``csv`` module quoting.  The script uses the
standard library only, never reads the real data, and is deterministic:
running it twice produces byte-identical output.

Usage::

    python scripts/make_sample_data.py [--output PATH]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import os
import random
import sys
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SEED = 20171120
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "sample_data" / "acled_sample.csv"

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

FIRST_YEAR = 1997
LAST_DATE = dt.date(2020, 7, 31)  # like the HDX 2020 country files: 2020 is partial
REGION = "Western Africa"

# ---------------------------------------------------------------------------
# Calibration targets: (events, fatalities) per calendar year of event_date.
#
# Mali: the "Full Mali series from hdx2020" table of shared/realdata/SOURCES.md
# (HDX "ACLED conflict data for Mali", data to 2020-07-31, all event types).
#
# Niger and Burkina Faso: computed once, by hand, from the HDX country files of
# the same vintage (hdx_conflict_data_ner.csv, hdx_conflict_data_bfa.csv):
# HXL row skipped, deduplicated on event_id_cnty, grouped by the calendar year
# of event_date, all event types, and cut at 2020-07-31 like the Mali file.
# (Those two files also hold events dated 2020-08-01: one Niger event with 0
# fatalities and two Burkina Faso events with 10.  Without the cut their 2020
# rows would read 276/876 and 548/1796.)
# ---------------------------------------------------------------------------
CALIBRATION: dict[str, dict[int, tuple[int, int]]] = {
    "Mali": {
        1997: (14, 3),
        1998: (3, 11),
        1999: (10, 120),
        2000: (4, 8),
        2001: (5, 15),
        2002: (2, 5),
        2003: (3, 26),
        2004: (3, 0),
        2005: (2, 15),
        2006: (10, 4),
        2007: (12, 18),
        2008: (21, 157),
        2009: (10, 74),
        2010: (18, 47),
        2011: (29, 57),
        2012: (278, 538),
        2013: (311, 883),
        2014: (152, 382),
        2015: (178, 428),
        2016: (167, 320),
        2017: (473, 948),
        2018: (751, 1747),
        2019: (813, 1887),
        2020: (721, 1967),
    },
    "Niger": {
        1997: (27, 121),
        1998: (40, 169),
        1999: (10, 10),
        2000: (10, 0),
        2001: (9, 4),
        2002: (41, 76),
        2003: (6, 0),
        2004: (17, 12),
        2005: (9, 1),
        2006: (8, 0),
        2007: (31, 90),
        2008: (28, 94),
        2009: (16, 14),
        2010: (10, 21),
        2011: (10, 25),
        2012: (9, 15),
        2013: (25, 33),
        2014: (20, 38),
        2015: (71, 988),
        2016: (82, 367),
        2017: (56, 240),
        2018: (168, 506),
        2019: (370, 719),
        2020: (275, 876),
    },
    "Burkina Faso": {
        1997: (4, 0),
        1998: (3, 4),
        1999: (31, 3),
        2000: (22, 1),
        2001: (6, 0),
        2002: (6, 106),
        2003: (1, 1),
        2004: (4, 13),
        2005: (6, 0),
        2006: (8, 16),
        2007: (1, 0),
        2008: (12, 14),
        2009: (1, 0),
        2010: (5, 1),
        2011: (137, 10),
        2012: (68, 32),
        2013: (39, 8),
        2014: (123, 36),
        2015: (116, 23),
        2016: (104, 81),
        2017: (204, 117),
        2018: (398, 303),
        2019: (883, 2219),
        2020: (546, 1786),
    },
}

# Mali, 1 January to 20 November inclusive: (events, fatalities).  SOURCES.md,
# "YTD events/fatalities, 1 Jan - 20 Nov inclusive", hdx2020 column.
MALI_YTD_NOV20: dict[int, tuple[int, int]] = {
    2011: (22, 55),
    2012: (265, 536),
    2013: (287, 856),
    2014: (133, 369),
    2015: (164, 378),
    2016: (148, 290),
    2017: (431, 899),
}
YTD_MONTH, YTD_DAY = 11, 20

# Fatalities dated exactly 20 November (SOURCES.md "Boundary sensitivity":
# inclusive minus exclusive YTD).  Each becomes one event on 20 November, so
# that a cut-off that wrongly excludes the day gives the real "exclusive" total.
# Other Mali years 2011-2017 have no fatalities on that day.
MALI_NOV20_PINNED: dict[int, tuple[int, str | None, str, str]] = {
    # year: (fatalities, admin1 or None for random, event_type, sub_event_type)
    2012: (1, None, "Battles", "Armed clash"),
    2014: (2, None, "Battles", "Armed clash"),
    2015: (21, "Bamako", "Violence against civilians", "Attack"),
    2016: (10, None, "Battles", "Armed clash"),
}


@dataclass(frozen=True)
class CountryInfo:
    name: str
    iso: int
    prefix: str  # ACLED's event_id_cnty prefix for the country
    bbox: tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max
    # (first year, last year, label) of the periods in state-force actor names
    state_periods: tuple[tuple[int, int, str], ...]


MALI_PERIODS = ((1997, 2001, "1992-2002"), (2002, 2011, "2002-2012"), (2012, 2012, "2012-2013"))
COUNTRIES: tuple[CountryInfo, ...] = (
    CountryInfo(
        "Mali", 466, "MLI", (10.2, 24.9, -12.2, 4.2), (*MALI_PERIODS, (2013, 2020, "2013-"))
    ),
    CountryInfo(
        "Niger",
        562,
        "NIR",
        (11.8, 23.4, 0.2, 15.9),
        ((1997, 1999, "1996-1999"), (2000, 2010, "1999-2010"), (2011, 2020, "2011-")),
    ),
    CountryInfo(
        "Burkina Faso",
        854,
        "BFO",
        (9.5, 15.0, -5.5, 2.3),
        ((1997, 2014, "1987-2014"), (2015, 2015, "2014-2015"), (2016, 2020, "2015-")),
    ),
)

# ---------------------------------------------------------------------------
# Geography.  One line per admin1:
#   country | admin1 | centre lat | centre lon | spread (deg) | weight | from year | admin2s
# where admin2s is "admin2: town, town; admin2: town".  Names are real
# administrative units and towns; coordinates are a rough centre plus a
# deterministic per-town offset within the spread, clamped to the country box.
# Mali's Menaka region only appears from its creation in 2016.
# ---------------------------------------------------------------------------
GEOGRAPHY_TABLE = """
Mali | Mopti | 14.5 | -3.3 | 0.7 | 34 | 1997 | Douentza: Douentza, Boni, Hombori; Koro: Koro, \
Dinangourou; Bandiagara: Bandiagara, Sangha; Mopti: Mopti, Sevare; Bankass: Bankass, Diallassagou; \
Tenenkou: Tenenkou, Dioura; Djenne: Djenne; Youwarou: Youwarou
Mali | Gao | 16.0 | 0.4 | 0.7 | 21 | 1997 | Gao: Gao, Djebock; Ansongo: Ansongo, Tessit; \
Bourem: Bourem, Tarkint
Mali | Tombouctou | 16.8 | -3.0 | 1.0 | 13 | 1997 | Tombouctou: Tombouctou, Ber; \
Gourma-Rharous: Gourma-Rharous, Gossi; Goundam: Goundam, Tonka; Niafunke: Niafunke, Lere; Dire: Dire
Mali | Kidal | 19.0 | 1.3 | 1.0 | 12 | 1997 | Kidal: Kidal, Anefis; Tessalit: Tessalit, Aguelhok; \
Abeibara: Abeibara; Tin-Essako: Tin-Essako
Mali | Bamako | 12.64 | -8.0 | 0.05 | 8 | 1997 | Bamako: Bamako
Mali | Segou | 13.9 | -5.7 | 0.6 | 5 | 1997 | Niono: Niono, Diabaly; Macina: Macina; Segou: Segou; \
San: San; Tominian: Tominian; Baroueli: Baroueli
Mali | Koulikoro | 13.6 | -7.6 | 0.6 | 2 | 1997 | Kati: Kati; Nara: Nara; Dioila: Dioila; \
Banamba: Banamba; Koulikoro: Koulikoro; Kolokani: Kolokani
Mali | Kayes | 14.2 | -10.4 | 0.6 | 2 | 1997 | Kayes: Kayes; Nioro: Nioro du Sahel; Kita: Kita; \
Diema: Diema; Kenieba: Kenieba; Yelimane: Yelimane
Mali | Sikasso | 11.6 | -6.2 | 0.5 | 2 | 1997 | Koutiala: Koutiala; Yorosso: Yorosso; \
Sikasso: Sikasso; Yanfolila: Yanfolila; Bougouni: Bougouni; Kadiolo: Kadiolo
Mali | Menaka | 15.9 | 2.4 | 0.5 | 3 | 2016 | Menaka: Menaka, Inekar; Anderamboukane: Anderamboukane
Niger | Diffa | 13.6 | 12.6 | 0.6 | 38 | 1997 | Diffa: Diffa, Chetimari; N'Guigmi: N'Guigmi; \
Maine Soroa: Maine Soroa; Bosso: Bosso, Toumour; Goudoumaria: Goudoumaria
Niger | Tillaberi | 14.3 | 1.6 | 0.6 | 27 | 1997 | Tillaberi: Tillaberi, Sinder; Say: Say, \
Makalondi; Ouallam: Ouallam; Tera: Tera; Filingue: Filingue; Banibangou: Banibangou; \
Ayorou: Ayorou; Torodi: Torodi
Niger | Niamey | 13.52 | 2.11 | 0.05 | 13 | 1997 | Ville de Niamey: Niamey
Niger | Agadez | 17.5 | 8.5 | 1.5 | 10 | 1997 | Tchirozerine: Agadez, Tchirozerine; Arlit: Arlit; \
Bilma: Bilma, Dirkou; Iferouane: Iferouane
Niger | Maradi | 13.5 | 7.1 | 0.5 | 4 | 1997 | Madarounfa: Madarounfa; Ville de Maradi: Maradi; \
Mayahi: Mayahi; Aguie: Aguie; Dakoro: Dakoro; Guidan Roumdji: Guidan Roumdji
Niger | Tahoua | 15.0 | 5.2 | 0.8 | 3 | 1997 | Tillia: Tillia; Tahoua: Tahoua; \
Tchintabaraden: Tchintabaraden; Birni N'Konni: Birni N'Konni; Illela: Illela; Keita: Keita
Niger | Zinder | 14.0 | 9.0 | 0.6 | 3 | 1997 | Mirriah: Mirriah; Ville de Zinder: Zinder; \
Tanout: Tanout; Magaria: Magaria; Goure: Goure
Niger | Dosso | 13.1 | 3.3 | 0.5 | 2 | 1997 | Dosso: Dosso; Dogondoutchi: Dogondoutchi; \
Boboye: Birni N'Gaoure; Gaya: Gaya
Burkina Faso | Sahel | 14.1 | -0.6 | 0.5 | 27 | 1997 | Soum: Djibo, Arbinda; Oudalan: Gorom-Gorom, \
Markoye; Yagha: Sebba, Mansila; Seno: Dori, Seytenga
Burkina Faso | Centre | 12.37 | -1.52 | 0.05 | 18 | 1997 | Kadiogo: Ouagadougou
Burkina Faso | Est | 12.0 | 0.9 | 0.6 | 14 | 1997 | Gourma: Fada N'Gourma; \
Tapoa: Diapaga, Kantchari; Kompienga: Pama; Komondjari: Gayeri; Gnagna: Bogande
Burkina Faso | Centre-Nord | 13.3 | -1.1 | 0.4 | 9 | 1997 | Sanmatenga: Kaya, Barsalogho; \
Bam: Kongoussi; Namentenga: Boulsa
Burkina Faso | Nord | 13.6 | -2.3 | 0.35 | 7 | 1997 | Yatenga: Ouahigouya; Loroum: Titao; \
Passore: Yako; Zondoma: Gourcy
Burkina Faso | Hauts-Bassins | 11.3 | -4.3 | 0.4 | 5 | 1997 | Houet: Bobo-Dioulasso; Tuy: Hounde; \
Kenedougou: Orodara
Burkina Faso | Boucle du Mouhoun | 12.6 | -3.5 | 0.45 | 5 | 1997 | Sourou: Tougan; Kossi: Nouna; \
Mouhoun: Dedougou; Bale: Boromo; Banwa: Solenzo; Nayala: Toma
Burkina Faso | Sud-Ouest | 10.4 | -3.2 | 0.3 | 3 | 1997 | Poni: Gaoua; Bougouriba: Diebougou; \
Noumbiel: Batie; Ioba: Dano
Burkina Faso | Centre-Est | 11.6 | -0.3 | 0.3 | 3 | 1997 | Boulgou: Tenkodogo; \
Kouritenga: Koupela; Koulpelogo: Ouargaye
Burkina Faso | Cascades | 10.4 | -4.6 | 0.3 | 3 | 1997 | Comoe: Banfora; Leraba: Sindou
Burkina Faso | Centre-Ouest | 11.9 | -2.3 | 0.4 | 3 | 1997 | Boulkiemde: Koudougou; Ziro: Sapouy; \
Sanguie: Reo; Sissili: Leo
Burkina Faso | Centre-Sud | 11.4 | -1.2 | 0.3 | 1 | 1997 | Nahouri: Po; Zoundweogo: Manga; \
Bazega: Kombissiri
Burkina Faso | Plateau-Central | 12.5 | -1.2 | 0.25 | 1 | 1997 | Ganzourgou: Zorgho; \
Kourweogo: Bousse; Oubritenga: Ziniare
"""


@dataclass(frozen=True)
class Admin1:
    name: str
    lat: float
    lon: float
    spread: float
    weight: int
    first_year: int
    admin2s: tuple[tuple[str, tuple[str, ...]], ...]  # (admin2, towns)


def parse_geography(table: str) -> dict[str, tuple[Admin1, ...]]:
    result: dict[str, list[Admin1]] = {}
    for line in table.strip().splitlines():
        country, name, lat, lon, spread, weight, first, admin2s = (
            field.strip() for field in line.split("|")
        )
        parsed: list[tuple[str, tuple[str, ...]]] = []
        for chunk in admin2s.split(";"):
            admin2, towns = chunk.split(":")
            parsed.append((admin2.strip(), tuple(t.strip() for t in towns.split(","))))
        result.setdefault(country, []).append(
            Admin1(
                name, float(lat), float(lon), float(spread), int(weight), int(first), tuple(parsed)
            )
        )
    return {country: tuple(units) for country, units in result.items()}


GEOGRAPHY = parse_geography(GEOGRAPHY_TABLE)

# ---------------------------------------------------------------------------
# Actors: (name, inter code, first year, last year, weight).  Inter codes as in
# ACLED: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
# militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
# ---------------------------------------------------------------------------
Actor = tuple[str, int, int, int, int]

NONSTATE_ACTORS: dict[str, tuple[Actor, ...]] = {
    "Mali": (
        ("Unidentified Armed Group (Mali)", 3, 1997, 2020, 4),
        ("Tuareg Ethnic Militia (Mali)", 4, 1997, 2020, 1),
        ("Arab Ethnic Militia (Mali)", 4, 1997, 2020, 1),
        ("Fulani Ethnic Militia (Mali)", 4, 1999, 2020, 2),
        ("Dogon Ethnic Militia (Mali)", 4, 2002, 2020, 1),
        ("ADC: Democratic Alliance of 23rd May for Change", 3, 2006, 2010, 2),
        ("ATNMC: North Mali Tuareg Alliance for Change", 2, 2007, 2009, 2),
        ("AQIM: Al Qaeda in the Islamic Maghreb", 2, 2007, 2020, 2),
        ("MNLA: National Movement for the Liberation of Azawad", 2, 2012, 2019, 2),
        ("Ansar Dine", 2, 2012, 2016, 2),
        ("MUJAO: Movement for Unity and Jihad in West Africa", 2, 2012, 2015, 2),
        ("Islamist Militia (Mali)", 3, 2013, 2018, 1),
        ("GATIA: Imghad Tuareg and Allies Self-Defense Group", 3, 2014, 2020, 1),
        ("CMA: Coordination of Movements of the Azawad", 2, 2014, 2020, 1),
        ("Katiba Macina", 2, 2015, 2020, 1),
        ("Islamic State (Greater Sahara)", 2, 2017, 2020, 2),
        ("JNIM: Group for Support of Islam and Muslims", 2, 2017, 2020, 6),
        ("Dozo Militia", 4, 2017, 2019, 1),
        ("Dan Na Ambassagou", 4, 2018, 2020, 2),
    ),
    "Niger": (
        ("Unidentified Armed Group (Niger)", 3, 1997, 2020, 3),
        ("Tuareg Ethnic Militia (Niger)", 4, 1997, 2004, 1),
        ("FARS: Revolutionary Armed Forces of the Sahara", 2, 1997, 2008, 1),
        ("Unidentified Communal Militia (Niger)", 4, 1999, 2019, 1),
        ("FLAA: The Air and Azawagh Liberation Front", 2, 2004, 2006, 1),
        ("Fulani Ethnic Militia (Niger)", 4, 2005, 2020, 1),
        ("MNJ: Nigerien Movement for Justice", 2, 2007, 2008, 4),
        ("AQIM: Al Qaeda in the Islamic Maghreb", 2, 2008, 2016, 1),
        ("MUJAO: Movement for Unity and Jihad in West Africa", 2, 2012, 2014, 1),
        ("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", 2, 2013, 2020, 3),
        ("Islamic State (West Africa)", 2, 2015, 2020, 3),
        ("Islamic State (Greater Sahara)", 2, 2016, 2020, 4),
        ("JNIM: Group for Support of Islam and Muslims", 2, 2017, 2020, 1),
    ),
    "Burkina Faso": (
        ("Unidentified Armed Group (Burkina Faso)", 3, 1997, 2020, 3),
        ("Fulani Ethnic Militia (Burkina Faso)", 4, 2004, 2020, 1),
        ("Mossi Ethnic Militia (Burkina Faso)", 4, 2008, 2020, 1),
        ("Koglweogo Militia", 3, 2015, 2020, 2),
        ("Ansaroul Islam", 2, 2016, 2019, 2),
        ("Islamic State (Greater Sahara)", 2, 2016, 2020, 3),
        ("JNIM: Group for Support of Islam and Muslims", 2, 2017, 2020, 5),
        ("Katiba Macina", 2, 2018, 2020, 1),
        ("Dozo Communal Militia (Burkina Faso)", 4, 2019, 2020, 1),
        ("VDP: Volunteer for Defense of Homeland", 4, 2020, 2020, 2),
    ),
}

MINUSMA = (
    "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"
)
EXTERNAL_ACTORS: dict[str, tuple[Actor, ...]] = {
    "Mali": (
        ("Military Forces of France (2012-2017)", 8, 2013, 2016, 2),
        ("Military Forces of France (2017-)", 8, 2017, 2020, 2),
        (MINUSMA, 8, 2013, 2020, 3),
    ),
    "Niger": (
        ("Military Forces of France (2017-)", 8, 2017, 2020, 1),
        ("MNJTF: Multinational Joint Task Force", 8, 2018, 2020, 1),
    ),
    "Burkina Faso": (("Military Forces of France (2017-)", 8, 2018, 2020, 1),),
}

ASSOC_CIVILIANS: dict[str, tuple[str, ...]] = {
    "Mali": (
        "Fulani Ethnic Group (Mali)",
        "Dogon Ethnic Group (Mali)",
        "Tuareg Ethnic Group (Mali)",
        "Bambara Ethnic Group (Mali)",
        "Health Workers (Mali)",
    ),
    "Niger": (
        "Fulani Ethnic Group (Niger)",
        "Tuareg Ethnic Group (Niger)",
        "Farmers (Niger)",
        "Refugees/IDPs (Nigeria)",
    ),
    "Burkina Faso": (
        "Fulani Ethnic Group (Burkina Faso)",
        "Mossi Ethnic Group (Burkina Faso)",
        "Teachers (Burkina Faso)",
        "Christian Group (Burkina Faso)",
    ),
}

ASSOC_PROTESTERS: tuple[str, ...] = ("Students", "Labour Group", "Teachers", "Traders", "Women")

# (source, source_scale, first year used).  Scales use ACLED's vocabulary.
SOURCES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "common": (
        ("AFP", "International", 1997),
        ("Reuters", "International", 1997),
        ("AP", "International", 1997),
        ("BBC Monitoring", "International", 1997),
        ("Panapress", "Regional", 1997),
        ("Africa Research Bulletin", "Regional", 1997),
        ("Xinhua", "International", 2005),
        ("RFI", "International", 2005),
        ("Jeune Afrique", "Regional", 2008),
        ("All Africa", "Regional", 2008),
        ("Menastream", "New media", 2013),
        ("Twitter", "New media", 2013),
    ),
    "Mali": (
        ("L'Essor", "National", 2002),
        ("Maliweb", "National", 2008),
        ("Studio Tamani", "National", 2013),
        ("Koro Kibaru", "Subnational", 2017),
    ),
    "Niger": (
        ("Le Sahel (Niger)", "National", 2002),
        ("ActuNiger", "National", 2010),
        ("Air Info", "Subnational", 2012),
        ("Whatsapp", "New media", 2016),
    ),
    "Burkina Faso": (
        ("Sidwaya", "National", 1997),
        ("Le Pays", "National", 2002),
        ("L'Observateur Paalga", "National", 2002),
        ("Lefaso.net", "National", 2010),
        ("Whatsapp", "New media", 2016),
    ),
}
SCALE_ORDER = ("New media", "Other", "Subnational", "National", "Regional", "International")

# ---------------------------------------------------------------------------
# Event types (2019+ ACLED vocabulary) with relative weights per country that
# roughly follow the real mix of event types in each country.
# ---------------------------------------------------------------------------
EVENT_TYPES: tuple[tuple[str, str, tuple[int, int, int]], ...] = (
    # event_type, sub_event_type, weight for Mali, Niger, Burkina Faso
    ("Battles", "Armed clash", (1189, 334, 544)),
    ("Battles", "Non-state actor overtakes territory", (53, 52, 3)),
    ("Battles", "Government regains territory", (28, 9, 2)),
    ("Violence against civilians", "Attack", (970, 332, 615)),
    ("Violence against civilians", "Abduction/forced disappearance", (191, 140, 119)),
    ("Violence against civilians", "Sexual violence", (7, 2, 6)),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", (403, 48, 78)),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", (97, 14, 10)),
    ("Explosions/Remote violence", "Air/drone strike", (82, 19, 40)),
    ("Explosions/Remote violence", "Suicide bomb", (22, 5, 1)),
    ("Explosions/Remote violence", "Grenade", (5, 1, 3)),
    ("Protests", "Peaceful protest", (326, 116, 619)),
    ("Protests", "Protest with intervention", (25, 14, 59)),
    ("Protests", "Excessive force against protesters", (9, 2, 6)),
    ("Riots", "Violent demonstration", (128, 90, 241)),
    ("Riots", "Mob violence", (42, 22, 85)),
    ("Strategic developments", "Looting/property destruction", (174, 91, 187)),
    ("Strategic developments", "Non-violent transfer of territory", (46, 1, 2)),
    ("Strategic developments", "Change to group/activity", (43, 26, 32)),
    ("Strategic developments", "Other", (43, 12, 46)),
    ("Strategic developments", "Disrupted weapons use", (35, 10, 16)),
    ("Strategic developments", "Agreement", (33, 6, 5)),
    ("Strategic developments", "Arrests", (31, 6, 11)),
    ("Strategic developments", "Headquarters or base established", (8, 1, 1)),
)
TYPE_WEIGHT_INDEX = {"Mali": 0, "Niger": 1, "Burkina Faso": 2}

# Fatality model for the sub-event types that may carry fatalities:
# (probability of none, lognormal mu, lognormal sigma) of an event's share.
# Every other sub-event type (protests, strategic developments, sexual
# violence) always has 0 fatalities.
FATALITY_MODEL: dict[str, tuple[float, float, float]] = {
    "Armed clash": (0.30, 1.0, 1.1),
    "Non-state actor overtakes territory": (0.40, 1.0, 1.0),
    "Government regains territory": (0.40, 1.0, 1.0),
    "Attack": (0.30, 0.8, 1.0),
    "Abduction/forced disappearance": (0.90, 0.0, 0.5),
    "Remote explosive/landmine/IED": (0.50, 0.7, 0.9),
    "Shelling/artillery/missile attack": (0.70, 0.3, 0.7),
    "Air/drone strike": (0.30, 1.2, 1.0),
    "Suicide bomb": (0.20, 1.5, 1.0),
    "Grenade": (0.60, 0.2, 0.6),
    "Violent demonstration": (0.85, 0.0, 0.5),
    "Mob violence": (0.50, 0.0, 0.4),
}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder_type for an event type / sub-event type pair."""
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if sub_event_type in ("Mob violence", "Excessive force against protesters"):
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments"


@dataclass
class Event:
    country: CountryInfo
    date: dt.date
    event_type: str
    sub_event_type: str
    fatalities: int = 0
    tiebreak: float = 0.0
    pinned: bool = False  # a 20 November boundary event (exact date, fixed fatalities)
    pinned_admin1: str | None = None
    number: int = 0


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def active(actors: Sequence[Actor], year: int) -> list[Actor]:
    return [a for a in actors if a[2] <= year <= a[3]]


def state_period(country: CountryInfo, year: int) -> str:
    for first, last, label in country.state_periods:
        if first <= year <= last:
            return label
    raise ValueError(f"no state period for {country.name} {year}")


def military(country: CountryInfo, year: int) -> Actor:
    return (f"Military Forces of {country.name} ({state_period(country, year)})", 1, year, year, 1)


def police(country: CountryInfo, year: int) -> Actor:
    return (f"Police Forces of {country.name} ({state_period(country, year)})", 1, year, year, 1)


def pick_actor(rng: random.Random, actors: Sequence[Actor]) -> Actor:
    return rng.choices(actors, weights=[a[4] for a in actors])[0]


def short_name(actor: str) -> str:
    """How notes refer to an actor: an acronym, a plain noun, or the name without its period."""
    if ":" in actor:
        return actor.split(":", 1)[0]
    if actor.startswith(("Military Forces", "Police Forces")) and actor.endswith(")"):
        return actor[: actor.rindex(" (")]
    if actor.startswith(("Civilians (", "Protesters (", "Rioters (")):
        return actor.split(" (", 1)[0].lower()
    if actor.startswith("Unidentified Armed Group"):
        return "unidentified gunmen"
    if " Ethnic Militia (" in actor:
        return actor.split(" Ethnic Militia", 1)[0] + " militiamen"
    return actor


def date_text(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def stable_unit(*parts: str) -> float:
    """Deterministic value in [-1, 1) derived from text (independent of PYTHONHASHSEED)."""
    return zlib.crc32("|".join(parts).encode("utf-8")) / 2**31 - 1.0


def year_windows(country: str, year: int) -> list[tuple[dt.date, dt.date, int, int]]:
    """Split a year into date windows, each with (events, fatalities) to place."""
    events, fatalities = CALIBRATION[country][year]
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), LAST_DATE)
    if country == "Mali" and year in MALI_YTD_NOV20:
        ytd_events, ytd_fatalities = MALI_YTD_NOV20[year]
        pinned = MALI_NOV20_PINNED.get(year)
        pinned_events, pinned_fatalities = (1, pinned[0]) if pinned else (0, 0)
        nov20 = dt.date(year, YTD_MONTH, YTD_DAY)
        return [
            # 1 Jan .. 19 Nov; 20 Nov itself holds only the pinned event
            (
                start,
                nov20 - dt.timedelta(days=1),
                ytd_events - pinned_events,
                ytd_fatalities - pinned_fatalities,
            ),
            (nov20 + dt.timedelta(days=1), end, events - ytd_events, fatalities - ytd_fatalities),
        ]
    return [(start, end, events, fatalities)]


def allocate(rng: random.Random, events: list[Event], total: int) -> None:
    """Spread ``total`` fatalities over the violent events (skewed multinomial)."""
    if total == 0:
        return
    weights: list[float] = []
    for event in events:
        model = FATALITY_MODEL.get(event.sub_event_type)
        if model is None:
            weights.append(0.0)
            continue
        p_zero, mu, sigma = model
        weights.append(0.0 if rng.random() < p_zero else rng.lognormvariate(mu, sigma))
    if not any(weights):
        eligible = [i for i, e in enumerate(events) if e.sub_event_type in FATALITY_MODEL]
        if not eligible:  # make the first event a clash so the fatalities have a home
            events[0].event_type, events[0].sub_event_type = "Battles", "Armed clash"
            eligible = [0]
        weights[eligible[0]] = 1.0
    cumulative: list[float] = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)
    for index in rng.choices(range(len(events)), cum_weights=cumulative, k=total):
        events[index].fatalities += 1


def draw_events(rng: random.Random, country: CountryInfo) -> list[Event]:
    index = TYPE_WEIGHT_INDEX[country.name]
    kinds = [(event_type, sub) for event_type, sub, _ in EVENT_TYPES]
    weights = [by_country[index] for _, _, by_country in EVENT_TYPES]
    result: list[Event] = []
    for year in range(FIRST_YEAR, LAST_DATE.year + 1):
        for start, end, n_events, n_fatalities in year_windows(country.name, year):
            if n_events < 0 or n_fatalities < 0 or (n_fatalities > 0 and n_events == 0):
                raise ValueError(f"inconsistent targets for {country.name} {year}")
            window: list[Event] = []
            for _ in range(n_events):
                event_type, sub_event_type = rng.choices(kinds, weights=weights)[0]
                window.append(
                    Event(country, random_date(rng, start, end), event_type, sub_event_type)
                )
            allocate(rng, window, n_fatalities)
            result.extend(window)
        pinned = MALI_NOV20_PINNED.get(year) if country.name == "Mali" else None
        if pinned is not None:
            fatalities, admin1, event_type, sub_event_type = pinned
            result.append(
                Event(
                    country,
                    dt.date(year, YTD_MONTH, YTD_DAY),
                    event_type,
                    sub_event_type,
                    fatalities=fatalities,
                    pinned=True,
                    pinned_admin1=admin1,
                )
            )
    for event in result:
        event.tiebreak = rng.random()
    result.sort(key=lambda e: (e.date, e.tiebreak))
    for number, event in enumerate(result, start=1):
        event.number = number
    return result


# ---------------------------------------------------------------------------
# Row rendering
# ---------------------------------------------------------------------------


@dataclass
class Actors:
    actor1: Actor
    actor2: Actor | None
    assoc1: str = ""
    assoc2: str = ""


def pick_actors(rng: random.Random, event: Event) -> Actors:
    country, year, sub = event.country, event.date.year, event.sub_event_type
    name = country.name
    armed = active(NONSTATE_ACTORS[name], year)
    external = active(EXTERNAL_ACTORS[name], year)
    mil, pol = military(country, year), police(country, year)
    civilians: Actor = (f"Civilians ({name})", 7, year, year, 1)
    protesters: Actor = (f"Protesters ({name})", 6, year, year, 1)
    rioters: Actor = (f"Rioters ({name})", 5, year, year, 1)

    def armed_one() -> Actor:
        return pick_actor(rng, armed)

    def security() -> Actor:
        if external and rng.random() < 0.25:
            return pick_actor(rng, external)
        return mil

    if sub == "Armed clash":
        roll = rng.random()
        if roll < 0.55:
            pair = Actors(armed_one(), security())
        elif roll < 0.75:
            pair = Actors(mil, armed_one())
        else:
            first = armed_one()
            others = [a for a in armed if a[0] != first[0]]
            pair = Actors(first, pick_actor(rng, others) if others else mil)
    elif sub == "Non-state actor overtakes territory":
        pair = Actors(armed_one(), mil if rng.random() < 0.6 else armed_one())
    elif sub == "Government regains territory":
        pair = Actors(mil, armed_one())
    elif event.event_type == "Violence against civilians":
        perpetrator = armed_one() if rng.random() < 0.8 else mil
        pair = Actors(perpetrator, civilians)
    elif sub == "Air/drone strike":
        striker = pick_actor(rng, external) if external and rng.random() < 0.6 else mil
        pair = Actors(striker, armed_one())
    elif sub in (
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
    ):
        roll = rng.random()
        target = civilians if roll < 0.3 else security()
        pair = Actors(armed_one(), target)
    elif sub == "Grenade":
        pair = Actors(armed_one(), civilians)
    elif sub == "Peaceful protest":
        pair = Actors(protesters, None)
    elif sub == "Protest with intervention":
        pair = Actors(protesters, pol)
    elif sub == "Excessive force against protesters":
        pair = Actors(pol, protesters)
    elif sub == "Violent demonstration":
        pair = Actors(rioters, pol if rng.random() < 0.5 else None)
    elif sub == "Mob violence":
        pair = Actors(rioters, civilians)
    elif sub == "Looting/property destruction":
        pair = Actors(armed_one(), civilians if rng.random() < 0.6 else None)
    elif sub == "Disrupted weapons use":
        pair = Actors(security(), armed_one() if rng.random() < 0.5 else None)
    elif sub == "Agreement":
        pair = Actors(armed_one(), mil if rng.random() < 0.5 else armed_one())
    elif sub == "Arrests":
        pair = Actors(pol, civilians if rng.random() < 0.5 else armed_one())
    elif sub == "Other":
        pair = Actors(armed_one() if rng.random() < 0.7 else mil, None)
    else:  # Change to group/activity, transfer of territory, base established
        pair = Actors(armed_one(), None)

    if pair.actor2 is not None and pair.actor2[1] == 7 and rng.random() < 0.3:
        pair.assoc2 = rng.choice(ASSOC_CIVILIANS[name])
    if pair.actor1[1] == 6 and rng.random() < 0.4:
        pair.assoc1 = f"{rng.choice(ASSOC_PROTESTERS)} ({name})"
    return pair


GRIEVANCES: tuple[str, ...] = (
    "the high cost of living",
    'the "insecurity" in the region',
    "repeated power cuts",
    "the arrest of a local leader",
    'delays in salary payments, chanting "we want our money"',
    "the closure of schools",
    "a disputed local election",
    "the presence of foreign troops",
    'a new tax described as "unfair" by traders',
)

ATTACK_TARGETS: tuple[str, ...] = (
    "a village",
    "herders",
    "a weekly market",
    "a passenger vehicle",
    "a hamlet",
    "farmers in their fields",
    "a gold mining site",
)


CROWD_SIZES: tuple[str, ...] = ("no report", "no report", "around 100", "dozens", "several hundred")


def note_text(rng: random.Random, event: Event, pair: Actors, place: str) -> tuple[str, str]:
    """Return (notes, tags) for an event, in the style of ACLED's notes."""
    a1 = short_name(pair.actor1[0])
    a2 = short_name(pair.actor2[0]) if pair.actor2 else ""
    sub = event.sub_event_type
    grievance = rng.choice(GRIEVANCES)
    if sub == "Armed clash":
        body = f"{a1} clashed with {a2} near {place}"
    elif sub == "Non-state actor overtakes territory":
        body = f"{a1} took control of {place} after fighting with {a2}"
    elif sub == "Government regains territory":
        body = f"{a1} regained control of {place} from {a2}"
    elif sub == "Attack":
        body = f"{a1} attacked {rng.choice(ATTACK_TARGETS)} in {place}"
    elif sub == "Abduction/forced disappearance":
        body = f"{a1} abducted {rng.randint(1, 6)} civilians near {place}"
    elif sub == "Sexual violence":
        body = f"{a1} sexually assaulted a woman near {place}"
    elif sub == "Remote explosive/landmine/IED":
        body = f"a vehicle carrying {a2} hit an IED near {place}, presumably planted by {a1}"
    elif sub == "Suicide bomb":
        body = (
            f"a suicide bomber from {a1} detonated an explosive-laden vehicle "
            f"next to {a2} in {place}"
        )
    elif sub == "Grenade":
        body = f"suspected {a1} members threw a grenade into a crowd in {place}"
    elif sub == "Air/drone strike":
        body = f"{a1} carried out an air strike on a {a2} position near {place}"
    elif sub == "Shelling/artillery/missile attack" and a2 == "civilians":
        body = f"{a1} fired several mortar shells into a residential area of {place}"
    elif sub == "Shelling/artillery/missile attack":
        body = f"{a1} fired several mortar shells at a camp of {a2} in {place}"
    elif sub == "Peaceful protest":
        body = f"residents demonstrated in {place} to denounce {grievance}"
    elif sub == "Protest with intervention":
        body = (
            f"protesters marched in {place} against {grievance}, "
            "and police dispersed them with tear gas"
        )
    elif sub == "Excessive force against protesters":
        body = (
            f"police fired live rounds to disperse protesters in {place} who denounced {grievance}"
        )
    elif sub == "Violent demonstration":
        body = f"rioters burned tyres and blocked roads in {place}, protesting {grievance}"
    elif sub == "Mob violence":
        body = f"a mob attacked a man accused of theft in {place}"
    elif sub == "Looting/property destruction":
        body = f"{a1} looted shops, burned granaries and stole livestock in {place}"
    elif sub == "Non-violent transfer of territory":
        body = f"{a1} took over {place} without resistance"
    elif sub == "Change to group/activity":
        body = f"{a1} announced a ban on motorbike traffic and weekly markets around {place}"
    elif sub == "Disrupted weapons use":
        body = f"{a1} discovered and defused an IED on the road near {place}"
    elif sub == "Agreement":
        body = f"{a1} and {a2} signed a local ceasefire agreement in {place}"
    elif sub == "Arrests":
        body = f"{a1} arrested {rng.randint(2, 12)} suspects in {place}"
    elif sub == "Headquarters or base established":
        body = f"{a1} established a base in {place}"
    else:
        body = f"{a1} held a meeting with community leaders in {place}"

    text = f"On {date_text(event.date)}, {body}"
    if event.fatalities == 1:
        text += ", 1 fatality."
    elif event.fatalities > 1:
        text += f", {event.fatalities} fatalities."
    elif sub in FATALITY_MODEL:
        text += ", no fatalities reported."
    else:
        text += "."
    tags = ""
    if event.event_type in ("Protests", "Riots"):
        size = rng.choice(CROWD_SIZES)
        text += f" [size={size}]"
        tags = f"crowd size={size}"
    return text, tags


def pick_sources(rng: random.Random, country: str, year: int) -> tuple[str, str]:
    pool = [s for s in SOURCES["common"] + SOURCES[country] if s[2] <= year]
    chosen = [rng.choice(pool)]
    if rng.random() < 0.3:
        other = rng.choice(pool)
        if other[0] != chosen[0][0]:
            chosen.append(other)
    names = "; ".join(s[0] for s in chosen)
    scales = sorted({s[1] for s in chosen}, key=SCALE_ORDER.index)
    return names, "-".join(scales)


def pick_place(rng: random.Random, event: Event) -> tuple[str, str, str, float, float]:
    units = [u for u in GEOGRAPHY[event.country.name] if u.first_year <= event.date.year]
    if event.pinned_admin1 is not None:
        unit = next(u for u in units if u.name == event.pinned_admin1)
    else:
        unit = rng.choices(units, weights=[u.weight for u in units])[0]
    admin2, towns = rng.choice(unit.admin2s)
    location = rng.choice(towns)
    key = (event.country.name, unit.name, admin2, location)
    lat = unit.lat + unit.spread * stable_unit(*key, "lat")
    lon = unit.lon + unit.spread * stable_unit(*key, "lon")
    lat_min, lat_max, lon_min, lon_max = event.country.bbox
    return (
        unit.name,
        admin2,
        location,
        min(max(lat, lat_min), lat_max),
        min(max(lon, lon_min), lon_max),
    )


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
RECODE_START = dt.datetime(2019, 3, 14, tzinfo=dt.UTC)


def upload_timestamp(rng: random.Random, day: dt.date) -> int:
    """Epoch seconds of the (synthetic) last edit of a row."""
    if day.year < 2019:  # older rows were all touched by the 2019 recoding
        moment = RECODE_START + dt.timedelta(seconds=rng.randint(0, 110 * 86400))
    else:
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
            days=rng.randint(2, 14), seconds=rng.randint(0, 86399)
        )
    return int((moment - EPOCH).total_seconds())


def render(rng: random.Random, event: Event) -> list[str]:
    country = event.country
    pair = pick_actors(rng, event)
    admin1, admin2, location, lat, lon = pick_place(rng, event)
    place = f"{location} ({admin2}, {admin1})"
    notes, tags = note_text(rng, event, pair, place)
    source, scale = pick_sources(rng, country.name, event.date.year)
    inter1 = pair.actor1[1]
    inter2 = pair.actor2[1] if pair.actor2 else 0
    interaction = f"{min(inter1, inter2)}{max(inter1, inter2)}" if inter2 else f"{inter1}0"
    time_precision = rng.choices((1, 2, 3), weights=(93, 5, 2))[0]
    if event.pinned:  # boundary events must be dated to the day
        time_precision = 1
    geo_precision = rng.choices((1, 2, 3), weights=(62, 35, 3))[0]
    return [
        f"{country.prefix}{event.number}",
        event.date.isoformat(),
        str(event.date.year),
        str(time_precision),
        disorder_type(event.event_type, event.sub_event_type),
        event.event_type,
        event.sub_event_type,
        pair.actor1[0],
        pair.assoc1,
        str(inter1),
        pair.actor2[0] if pair.actor2 else "",
        pair.assoc2,
        str(inter2) if pair.actor2 else "",
        interaction,
        "Civilian targeting" if event.event_type == "Violence against civilians" else "",
        str(country.iso),
        REGION,
        country.name,
        admin1,
        admin2,
        location,
        location,
        f"{lat:.4f}",
        f"{lon:.4f}",
        str(geo_precision),
        source,
        scale,
        notes,
        str(event.fatalities),
        tags,
        str(upload_timestamp(rng, event.date)),
    ]


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def check_calibration(events: list[Event]) -> None:
    """Fail loudly if the generated events do not reproduce the targets."""
    for country in COUNTRIES:
        mine = [e for e in events if e.country.name == country.name]
        for year, (n_events, n_fatalities) in CALIBRATION[country.name].items():
            in_year = [e for e in mine if e.date.year == year]
            got = (len(in_year), sum(e.fatalities for e in in_year))
            if got != (n_events, n_fatalities):
                raise AssertionError(f"{country.name} {year}: {got} != {(n_events, n_fatalities)}")
        if country.name == "Mali":
            for year, target in MALI_YTD_NOV20.items():
                cut = dt.date(year, YTD_MONTH, YTD_DAY)
                ytd = [e for e in mine if e.date.year == year and e.date <= cut]
                got = (len(ytd), sum(e.fatalities for e in ytd))
                if got != target:
                    raise AssertionError(f"Mali YTD {year}: {got} != {target}")
    for event in events:
        if event.fatalities and event.sub_event_type not in FATALITY_MODEL:
            raise AssertionError(f"fatalities on non-violent event {event}")
        if not dt.date(FIRST_YEAR, 1, 1) <= event.date <= LAST_DATE:
            raise AssertionError(f"date out of range: {event}")


def build_rows() -> list[list[str]]:
    rng = random.Random(SEED)
    events: list[Event] = []
    for country in COUNTRIES:
        events.extend(draw_events(rng, country))
    check_calibration(events)
    # Newest first, then by event id (country prefix, then number), like ACLED exports.
    events.sort(key=lambda e: (-e.date.toordinal(), e.country.prefix, e.number))
    return [render(rng, event) for event in events]


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the CSV (default: {DEFAULT_OUTPUT.relative_to(REPO_ROOT)})",
    )
    args = parser.parse_args(argv)
    rows = build_rows()
    data = to_csv(rows)
    write_atomic(args.output, data)
    print(f"wrote {len(rows)} events ({len(data)} bytes) to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

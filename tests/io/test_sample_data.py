"""Checks for the synthetic sample export ``sample_data/acled_sample.csv``.

The committed file is read with the ``csv`` module only (no project code), so
these tests stay independent of the parsing code they are meant to exercise.
The expected Mali figures are literals copied from the published reference
tables (shared/realdata/SOURCES.md, hdx2020 vintage).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "make_sample_data.py"
SAMPLE = REPO_ROOT / "sample_data" / "acled_sample.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared"
REAL_EVENTS = SHARED / "realdata" / "acled-events"

HEADER_LINE = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
HEADER = HEADER_LINE.split(",")

# SOURCES.md, "Full Mali series from hdx2020 (all event types)".  2020 ends 31 July.
MALI_EVENTS = dict(
    zip(
        range(1997, 2021),
        [14, 3, 10, 4, 5, 2, 3, 3, 2, 10, 12, 21, 10, 18, 29, 278, 311, 152, 178, 167, 473, 751,
         813, 721],
        strict=True,
    )
)  # fmt: skip
MALI_FATALITIES = dict(
    zip(
        range(1997, 2021),
        [3, 11, 120, 8, 15, 5, 26, 0, 15, 4, 18, 157, 74, 47, 57, 538, 883, 382, 428, 320, 948,
         1747, 1887, 1967],
        strict=True,
    )
)  # fmt: skip

# SOURCES.md, "YTD ... 1 Jan - 20 Nov inclusive" (hdx2020): year -> (events, fatalities).
MALI_YTD_INCLUSIVE = {
    2011: (22, 55),
    2012: (265, 536),
    2013: (287, 856),
    2014: (133, 369),
    2015: (164, 378),
    2016: (148, 290),
    2017: (431, 899),
}
# SOURCES.md, "Boundary sensitivity": fatalities when 20 Nov itself is excluded.
MALI_YTD_EXCLUSIVE_FATALITIES = {
    2011: 55,
    2012: 535,
    2013: 856,
    2014: 367,
    2015: 357,
    2016: 280,
    2017: 899,
}

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
ISO = {"Mali": "466", "Niger": "562", "Burkina Faso": "854"}
BBOX = {  # generous country boxes: lat_min, lat_max, lon_min, lon_max
    "Mali": (10.0, 25.1, -12.3, 4.3),
    "Niger": (11.6, 23.6, 0.1, 16.0),
    "Burkina Faso": (9.3, 15.1, -5.6, 2.5),
}


@cache
def sample_rows() -> tuple[dict[str, str], ...]:
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_data", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def totals(rows: tuple[dict[str, str], ...], country: str) -> dict[int, tuple[int, int]]:
    events: Counter[int] = Counter()
    fatalities: Counter[int] = Counter()
    for row in rows:
        if row["country"] == country:
            year = int(row["event_date"][:4])
            events[year] += 1
            fatalities[year] += int(row["fatalities"])
    return {year: (events[year], fatalities[year]) for year in sorted(events)}


def test_generator_reproduces_committed_file_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "acled_sample.csv"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_layout_and_encoding() -> None:
    raw = SAMPLE.read_bytes()
    assert b"\r" not in raw
    raw.decode("utf-8")
    assert raw.startswith(HEADER_LINE.encode("ascii") + b"\n")
    assert raw.endswith(b"\n")
    assert len(HEADER) == 31
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == HEADER
        assert all(len(record) == len(HEADER) for record in reader)


def test_mali_annual_totals_match_hdx2020() -> None:
    got = totals(sample_rows(), "Mali")
    assert {year: pair[0] for year, pair in got.items()} == MALI_EVENTS
    assert {year: pair[1] for year, pair in got.items()} == MALI_FATALITIES


@pytest.mark.parametrize("year", sorted(MALI_YTD_INCLUSIVE))
def test_mali_year_to_date_20_november(year: int) -> None:
    cut = dt.date(year, 11, 20)
    mali = [r for r in sample_rows() if r["country"] == "Mali" and r["event_date"][:4] == str(year)]
    inclusive = [r for r in mali if dt.date.fromisoformat(r["event_date"]) <= cut]
    exclusive = [r for r in mali if dt.date.fromisoformat(r["event_date"]) < cut]
    assert (len(inclusive), sum(int(r["fatalities"]) for r in inclusive)) == (
        MALI_YTD_INCLUSIVE[year]
    )
    assert sum(int(r["fatalities"]) for r in exclusive) == MALI_YTD_EXCLUSIVE_FATALITIES[year]


@pytest.mark.parametrize("country", ["Niger", "Burkina Faso"])
def test_other_countries_match_embedded_calibration(country: str) -> None:
    expected = load_script().CALIBRATION[country]
    assert totals(sample_rows(), country) == expected


def test_row_values_are_plausible() -> None:
    rows = sample_rows()
    ids = [r["event_id_cnty"] for r in rows]
    assert len(set(ids)) == len(ids)
    dates = [r["event_date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert min(dates) >= "1997-01-01"
    assert max(dates) == "2020-07-31"
    for row in rows:
        country = row["country"]
        assert row["iso"] == ISO[country]
        assert row["region"] == "Western Africa"
        assert row["year"] == row["event_date"][:4]
        assert row["event_id_cnty"].startswith({"Mali": "MLI", "Niger": "NIR"}.get(country, "BFO"))
        fatalities = int(row["fatalities"])
        assert fatalities >= 0
        if fatalities:
            assert row["event_type"] in VIOLENT_TYPES, row
        lat_min, lat_max, lon_min, lon_max = BBOX[country]
        assert lat_min <= float(row["latitude"]) <= lat_max
        assert lon_min <= float(row["longitude"]) <= lon_max
        targeting = row["event_type"] == "Violence against civilians"
        assert (row["civilian_targeting"] == "Civilian targeting") == targeting
        assert row["notes"].startswith("On ")
        int(row["timestamp"])


def real_notes() -> set[str]:
    notes: set[str] = set()
    for path in sorted(REAL_EVENTS.glob("*.csv")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        reader = csv.reader(text.splitlines(keepends=True))
        header = [name.strip().lower() for name in next(reader)]
        if "notes" not in header:
            continue
        column = header.index("notes")
        for record in reader:
            if len(record) > column and record[column].strip():
                notes.add(record[column].strip())
    return notes


@pytest.mark.skipif(not REAL_EVENTS.is_dir(), reason="shared real data not available")
def test_no_note_is_copied_from_real_data() -> None:
    real = real_notes()
    assert len(real) > 1000  # the real files were actually read
    copied = [r["notes"] for r in sample_rows() if r["notes"].strip() in real]
    assert copied == []

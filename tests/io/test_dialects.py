"""Every fixture in tests/data/dialects loads to the canonical frame written beside it.

A fixture ``NAME.ext`` (a file of any format, or a directory) has its expected frame in
``NAME.expected.csv``, written by hand. The expected file lists the canonical columns
the fixture provides; every other canonical column must be empty. The fixtures are
made by ``tests/data/make_fixtures.py`` and described in ``tests/data/dialects/README.md``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatalities.io.load import load
from fatalities.schema import CANONICAL_COLUMNS

DIALECTS = Path(__file__).parents[1] / "data" / "dialects"
SKIP = {"README.md"}
FIXTURES = sorted(
    path
    for path in DIALECTS.iterdir()
    if not path.name.endswith(".expected.csv") and path.name not in SKIP
)
CHECKED = [column for column in CANONICAL_COLUMNS if column != "source_file"]


def expected_path(fixture: Path) -> Path:
    return fixture.parent / f"{fixture.name.split('.')[0]}.expected.csv"


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def test_every_fixture_has_an_expected_frame_and_back() -> None:
    fixtures = {expected_path(path).name for path in FIXTURES}
    expected = {path.name for path in DIALECTS.glob("*.expected.csv")}
    assert fixtures == expected
    assert len(FIXTURES) >= 20


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.name)
def test_fixture_loads_to_its_expected_frame(fixture: Path) -> None:
    with expected_path(fixture).open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert set(header) <= set(CHECKED), f"unknown columns in the expected file: {header}"
    frame = load([fixture]).frame
    for column in CHECKED:
        if column not in header:
            assert frame[column].null_count() == frame.height, f"{column} should be empty"
    actual = sorted(tuple(as_text(value) for value in row) for row in frame.select(header).rows())
    assert actual == sorted(tuple(row) for row in rows)


def test_fixture_schema_is_canonical() -> None:
    frame = load([DIALECTS / "acled_hdx.csv"]).frame
    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert frame.schema["event_date"] == pl.Date
    assert frame.schema["fatalities"] == pl.Int64


# ---------------------------------------------------------------------------
# Property: one set of events, written in any container, loads to the same frame.

COUNTRIES = ["Mali", "Niger", "Burkina Faso"]
events_strategy = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.dates(min_value=date(1997, 1, 1), max_value=date(2020, 12, 31)),
        st.integers(min_value=0, max_value=500),
        st.sampled_from(["Battles", "Riots", "Protests"]),
    ),
    min_size=1,
    max_size=30,
)


def _records(events: list[tuple[str, date, int, str]]) -> list[dict[str, str]]:
    return [
        {
            "event_id_cnty": f"X{index}",
            "event_date": day.isoformat(),
            "country": country,
            "event_type": kind,
            "fatalities": str(fatalities),
            "timestamp": "1600000000",
        }
        for index, (country, day, fatalities, kind) in enumerate(events)
    ]


def _delimited(records: list[dict[str, str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode()


def _containers(records: list[dict[str, str]]) -> dict[str, bytes]:
    csv_bytes = _delimited(records, ",")
    parquet = io.BytesIO()
    pl.DataFrame(records).write_parquet(parquet)
    return {
        "e.csv": csv_bytes,
        "e.tsv": _delimited(records, "\t"),
        "e.json": json.dumps({"data": records}).encode(),
        "e.ndjson": "".join(json.dumps(record) + "\n" for record in records).encode(),
        "e.parquet": parquet.getvalue(),
        "e.csv.gz": gzip.compress(csv_bytes, mtime=0),
        "reversed.csv": _delimited(list(reversed(records)), ","),
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=events_strategy)
def test_every_container_gives_the_same_frame(
    tmp_path: Path, events: list[tuple[str, date, int, str]]
) -> None:
    frames = {}
    for name, payload in _containers(_records(events)).items():
        path = tmp_path / name
        path.write_bytes(payload)
        frame = load([path]).frame.drop("source_file")
        frames[name] = frame.sort("event_id_cnty").rows()
    first = frames["e.csv"]
    assert all(rows == first for rows in frames.values())
    assert sum(row[list(CANONICAL_COLUMNS).index("fatalities")] for row in first) == sum(
        fatalities for _, _, fatalities, _ in events
    )

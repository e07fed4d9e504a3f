"""A bounded fuzz of the loader (issue 18): valid variants of an export (delimiter, line
ends, quoting, a BOM, column order, gzip) give the totals an independent polars
computation gives; broken variants (bytes cut, flipped or inserted) end in exit 0 or 2,
never exit 3 or a traceback."""

from __future__ import annotations

import gzip
import tempfile
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.io.load import load

COUNTRIES = ["Mali", "Niger", "Burkina Faso", "Côte d'Ivoire"]
COLUMNS = ["event_id_cnty", "event_date", "country", "fatalities", "notes"]

events = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.integers(0, 3000).map(lambda days: date(2015, 1, 1) + timedelta(days=days)),
        st.integers(0, 500),
        st.text(alphabet='ab ,"\n;', max_size=8),
    ),
    min_size=1,
    max_size=40,
)


def _field(value: str, delimiter: str, quote_all: bool) -> str:
    if quote_all or any(ch in value for ch in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def _export(
    rows: list[tuple[str, date, int, str]],
    delimiter: str,
    newline: str,
    quote_all: bool,
    order: list[int],
) -> str:
    header = [COLUMNS[i] for i in order]
    lines = [delimiter.join(header)]
    for number, (country, day, deaths, note) in enumerate(rows, 1):
        values = [f"E{number}", day.isoformat(), country, str(deaths), note]
        lines.append(delimiter.join(_field(values[i], delimiter, quote_all) for i in order))
    return newline.join(lines) + newline


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=events,
    delimiter=st.sampled_from([",", "\t", ";", "|"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    quote_all=st.booleans(),
    bom=st.booleans(),
    squeeze=st.booleans(),
    order=st.permutations(range(len(COLUMNS))),
)
def test_valid_variants_give_the_independent_totals(
    rows: list[tuple[str, date, int, str]],
    delimiter: str,
    newline: str,
    quote_all: bool,
    bom: bool,
    squeeze: bool,
    order: list[int],
) -> None:
    text = _export(rows, delimiter, newline, quote_all, list(order))
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.csv.gz" if squeeze else "events.csv")
        path.write_bytes(gzip.compress(data) if squeeze else data)
        loaded = load([path], today=date(2026, 1, 1))
    got = sorted(
        loaded.frame.group_by("country", pl.col("event_date").dt.year().alias("y"))
        .agg(pl.col("fatalities").sum())
        .rows()
    )
    frame = pl.DataFrame(
        {"country": [r[0] for r in rows], "day": [r[1] for r in rows], "f": [r[2] for r in rows]}
    )
    expected = sorted(
        frame.group_by("country", pl.col("day").dt.year().alias("y")).agg(pl.col("f").sum()).rows()
    )
    assert got == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=events,
    damage=st.lists(
        st.tuples(
            st.sampled_from(["cut", "flip", "insert", "delete"]),
            st.floats(0, 1),
            st.sampled_from([b'"', b"\x00", b",", b"\n", b"\r", b"\xff", b"9" * 30, b"-"]),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_broken_variants_end_in_exit_0_or_2(
    rows: list[tuple[str, date, int, str]], damage: list[tuple[str, float, bytes]]
) -> None:
    data = bytearray(_export(rows, ",", "\n", False, list(range(len(COLUMNS)))).encode())
    for kind, where, piece in damage:
        at = int(where * max(len(data) - 1, 0))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            data[at] ^= 0x20
        elif kind == "insert":
            data[at:at] = piece
        elif data:
            del data[at : at + len(piece)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.csv")
        path.write_bytes(bytes(data))
        result = CliRunner().invoke(
            app,
            ["trend", str(path), "--all-countries", "-f", "csv"],
            env={"FATALITIES_CACHE": "off"},
        )
    said = result.stderr + result.stdout
    assert result.exit_code in (0, 2), said + repr(result.exception)
    assert "internal error" not in said and "Traceback" not in said
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )

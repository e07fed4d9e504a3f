"""Smoke test for benchmarks/: generator determinism and engine agreement on 10k rows.

Nothing here is timed; the real benchmark is ``python benchmarks/run.py`` (by hand).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import importlib.util
import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks import generate, run

ROWS = 10_000
SEED = 3
STYLES: tuple[generate.DateStyle, ...] = ("iso", "long")
DATE_FORMATS = {"iso": "%Y-%m-%d", "long": "%d %B %Y"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """10k-row synthetic exports, one per date style."""
    folder = tmp_path_factory.mktemp("bench")
    return {
        style: generate.write_export(folder / f"acled_{style}.csv", ROWS, SEED, style)
        for style in STYLES
    }


def csv_trend(path: Path, style: generate.DateStyle, country: str | None = "Mali") -> run.Trend:
    """Independent computation with the csv module: distinct events, fatalities by year."""
    ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    deaths: dict[tuple[str, int], int] = defaultdict(int)
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if country and row["country"] != country:
                continue
            year = dt.datetime.strptime(row["event_date"], DATE_FORMATS[style]).year
            key = (row["country"], year)
            ids[key].add(row["event_id_cnty"])
            deaths[key] += int(row["fatalities"])
    return {k: (len(ids[k]), deaths[k]) for k in ids}


def test_same_seed_is_byte_identical(exports: dict[str, Path], tmp_path: Path) -> None:
    again = generate.write_export(tmp_path / "again.csv", ROWS, SEED, "iso")
    assert again.read_bytes() == exports["iso"].read_bytes()
    small = generate.write_export(tmp_path / "small.csv", 500, SEED, "iso")
    other = generate.write_export(tmp_path / "other.csv", 500, SEED + 1, "iso")
    assert small.read_bytes() != other.read_bytes()
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_gzip_is_deterministic_and_same_content(tmp_path: Path) -> None:
    plain = generate.write_export(tmp_path / "a.csv", 2_000, SEED, "long")
    first = generate.write_export(tmp_path / "a.csv.gz", 2_000, SEED, "long", gzip_output=True)
    blob = first.read_bytes()
    second = generate.write_export(tmp_path / "b.csv.gz", 2_000, SEED, "long", gzip_output=True)
    assert second.read_bytes() == blob
    assert gzip.decompress(blob) == plain.read_bytes()


def test_layout_and_distributions(exports: dict[str, Path]) -> None:
    with exports["long"].open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert tuple(header) == generate.COLUMNS and len(header) == 31
    assert len(rows) == ROWS and all(len(r) == 31 for r in rows)
    col = {name: i for i, name in enumerate(header)}
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", r[col["event_date"]]) for r in rows)
    years = [int(r[col["year"]]) for r in rows]
    assert min(years) >= 1997 and max(years) == 2025
    assert years.count(2024) > 5 * years.count(2000)  # increasing over time
    mali = sum(r[col["country"]] == "Mali" for r in rows) / ROWS
    assert 0.02 < mali < 0.04
    assert len({r[col["country"]] for r in rows}) == 50
    fatalities = [int(r[col["fatalities"]]) for r in rows]
    assert fatalities.count(0) / ROWS > 0.6 and max(fatalities) >= 100
    notes = [r[col["notes"]] for r in rows]
    assert all("," in n for n in notes)
    assert 150 <= sum(map(len, notes)) / ROWS <= 250
    assert any('"' in n for n in notes)
    raw = exports["long"].read_text(encoding="utf-8")
    assert '""Coordination of ' in raw  # doubled quotes inside quoted notes
    iso_dates = exports["iso"].read_text(encoding="utf-8").splitlines()[1].split(",")[1]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso_dates)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_engines_match_csv_module(
    exports: dict[str, Path], engine: str, style: generate.DateStyle
) -> None:
    if engine == "duckdb" and importlib.util.find_spec("duckdb") is None:
        pytest.skip("duckdb is not installed")
    expected = csv_trend(exports[style], style)
    assert expected, "no Mali rows in the sample"
    assert run.run_query(engine, exports[style], "Mali", style) == expected


def test_all_countries_engines_agree(exports: dict[str, Path]) -> None:
    expected = csv_trend(exports["iso"], "iso", country=None)
    assert run.run_query("polars", exports["iso"], "", "iso") == expected
    if importlib.util.find_spec("duckdb") is not None:
        assert run.run_query("duckdb", exports["iso"], "", "iso") == expected


@pytest.mark.parametrize("style", STYLES)
def test_fatalities_cli_matches(
    exports: dict[str, Path], style: generate.DateStyle, tmp_path: Path
) -> None:
    argv = run.fatalities_trend_argv(run.default_fatalities_cmd(), exports[style], "Mali")
    env = run._env(tmp_path / "cache")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-300:]
    assert run.parse_trend_csv(done.stdout, "Mali") == csv_trend(exports[style], style)


#: Issue 17's cases: duckdb's kind, the output's key columns, the fatalities command.
KINDS: dict[str, tuple[tuple[str, ...], list[str]]] = {
    "countries": (("first_event_date", "last_event_date"), ["countries"]),
    "admin1": (("year", "admin1"), ["trend", "--country", "Mali", "--by", "admin1"]),
    "week": (("year", "period_start"), ["trend", "--country", "Mali", "--period", "week"]),
}


def csv_table(path: Path, kind: str) -> run.Trend:
    """Independent computation with the csv module of what each issue-17 case prints:
    per country (first and last date), or Mali by year and admin1, or by ACLED week
    (Saturday to Friday, in the year of its Saturday)."""
    ids: dict[tuple[str | int, ...], set[str]] = defaultdict(set)
    deaths: dict[tuple[str | int, ...], int] = defaultdict(int)
    spans: dict[str, list[dt.date]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day = dt.date.fromisoformat(row["event_date"])
            country = row["country"]
            key: tuple[str | int, ...]
            if kind == "countries":
                key = (country,)
                span = spans.setdefault(country, [day, day])
                span[0], span[1] = min(span[0], day), max(span[1], day)
            elif country != "Mali":
                continue
            elif kind == "admin1":
                key = (country, day.year, row["admin1"])
            else:
                start = day - dt.timedelta(days=(day.weekday() + 2) % 7)
                key = (country, start.year, start.isoformat())
            ids[key].add(row["event_id_cnty"])
            deaths[key] += int(row["fatalities"])
    if kind == "countries":
        return {
            (k[0], *(d.isoformat() for d in spans[str(k[0])])): (len(ids[k]), deaths[k])
            for k in ids
        }
    return {k: (len(ids[k]), deaths[k]) for k in ids}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_issue17_cases_match_csv_module(
    exports: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    expected = csv_table(exports["iso"], kind)
    assert expected
    keys, args = KINDS[kind]
    country = "" if kind == "countries" else "Mali"
    if importlib.util.find_spec("duckdb") is not None:
        found = run.run_query("duckdb", exports["iso"], country, "iso", kind=kind, keys=keys)
        assert found == expected
    argv = [*run.default_fatalities_cmd(), args[0], str(exports["iso"]), *args[1:]]
    done = subprocess.run(
        [*argv, "--format", "csv", "--no-cache"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-300:]
    assert run.parse_trend_csv(done.stdout, "Mali", keys) == expected


def test_build_cost_is_read_from_the_cache_entry(exports: dict[str, Path], tmp_path: Path) -> None:
    """The runner waits for background builds and reports what they cost."""
    from fatalities.io.cache import build

    assert run.build_measurements(tmp_path) == []
    entry = build(exports["iso"], tmp_path)
    assert entry is not None
    assert run.wait_for_builds(tmp_path, timeout=5)
    (found,) = run.build_measurements(tmp_path)
    assert found.seconds == pytest.approx(entry.build_seconds, abs=1e-3)
    assert found.peak_kib > 0
    lock = tmp_path / "busy.lock"
    lock.write_text(str(os.getpid()))
    assert not run.wait_for_builds(tmp_path, timeout=0.2)
    lock.write_text("999999999")
    assert run.wait_for_builds(tmp_path, timeout=5)


def test_runner_times_fatalities_and_writes_the_report(tmp_path: Path) -> None:
    """The whole runner on 10k rows, every engine, report written (timings not checked)."""
    report = tmp_path / "benchmarks.md"
    run.main(
        [
            *("--rows", "10000", "--runs", "1", "--cases", "mali,cached,help,sample"),
            *("--data-dir", str(tmp_path), "--output", str(report)),
        ]
    )
    text = report.read_text()
    assert "fatalities trend --country Mali (re-run)" in text
    assert "mali: 3 engines agree" in text and "cached: 2 engines agree" in text
    assert "MISMATCH" not in text and "skipped" not in text
    assert re.search(r"cores", text)


def test_runner_runs_the_issue17_cases(tmp_path: Path) -> None:
    """The whole-file cases: every engine agrees, the misspelt country fails as it should."""
    report = tmp_path / "benchmarks.md"
    run.main(
        [
            *("--rows", "10000", "--runs", "1"),
            *("--cases", "all-countries,countries,admin1,week,misspelt"),
            *("--data-dir", str(tmp_path), "--output", str(report)),
        ]
    )
    text = report.read_text()
    for case in ("all-countries: 3", "countries: 2", "admin1: 2", "week: 2"):
        assert f"{case} engines agree" in text
    assert "fatalities trend --country Malli (error, exit 2)" in text
    assert "MISMATCH" not in text and "skipped" not in text and "failed" not in text


def test_runner_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The runner itself, one run, reference engines only, no report written."""
    engines = "polars" if importlib.util.find_spec("duckdb") is None else "duckdb,polars"
    code = run.main(
        [
            "--rows",
            "2000",
            "--runs",
            "1",
            "--cases",
            "mali",
            "--engines",
            engines,
            "--data-dir",
            str(tmp_path),
            "--no-write",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Mali trend, 2k-row CSV, first run" in out
    if "," in engines:
        assert "mali: 2 engines agree" in out
    assert (tmp_path / "acled_2000_iso.csv").exists()

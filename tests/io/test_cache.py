"""The cache never changes a result, survives damage and interruption, and obeys --no-cache.

Every dialect fixture, every bad-input fixture and every real file is loaded without a
cache and again from freshly built entries; the frames, reports and coverage must be
identical (or both loads must fail with the same message).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.cli.state import cache_directory
from fatalities.errors import FatalitiesError
from fatalities.io import cache as cache_module
from fatalities.io.cache import (
    COUNTRY_KEY,
    Cache,
    SourceKey,
    build,
    checksum_table,
    data_checksums,
    loader_version,
)
from fatalities.io.load import load
from fatalities.io.readers import expand_sources
from fatalities.io.results import Loaded
from tests.conftest import REALDATA, ROOT

DIALECTS = ROOT / "tests" / "data" / "dialects"
BAD = ROOT / "tests" / "data" / "bad"
TODAY = date(2026, 11, 27)

FIXTURES = sorted(
    path for path in DIALECTS.iterdir() if not path.name.endswith((".expected.csv", ".md"))
)
BAD_FIXTURES = sorted(BAD.glob("*.csv"))
REAL_FILES = [
    "acled-events/hdx_conflict_data_mli.csv",
    "acled-events/hdx_Conflict Data for Mali.csv",
    "acled-events/hdx_conflict_data_bfa.csv",
    "acled-events/2017-01-01-2019-02-27-Mali.csv",
    "acled-events/monadic_2017-01-01-2020-12-31-Mali.csv",
    "acled-events/api_Processed_Acled_Mali.csv",
    "acled-events/api_old_Processed_Acled_Mali_sortedcols.csv",
    "acled-events/ACLED All Africa File_20160101 to 20160528_csv.csv",
    "acled-aggregated/hdx_hapi_conflict_event_global_1997.csv",
    "ucdp-ged/ged191.csv",
    "ucdp-ged/conflict_data_BGD.csv",
]


def _outcome(
    source: Path, cache_dir: Path | None, countries: list[str] | None = None, **options: object
) -> Loaded | str:
    """The loaded data, or the error message."""
    try:
        return load([source], countries=countries, today=TODAY, cache_dir=cache_dir, **options)  # type: ignore[arg-type]
    except FatalitiesError as error:
        return f"{type(error).__name__}: {error}"


def _assert_same(uncached: Loaded | str, cached: Loaded | str) -> None:
    if isinstance(uncached, str) or isinstance(cached, str):
        assert uncached == cached
        return
    assert_frame_equal(uncached.frame, cached.frame, check_exact=True)
    assert [asdict(report) for report in uncached.reports] == [
        asdict(report) for report in cached.reports
    ]
    for name in ("duplicates_dropped", "coverage_end", "coverage_start", "granularity"):
        assert getattr(uncached, name) == getattr(cached, name), name


def _build_all(source: Path, cache_dir: Path, estimate: str = "best") -> int:
    """Build an entry for every file of ``source``; how many were cacheable and are
    usable today (an entry of a file holding dates after today is not)."""
    built = 0
    for path in expand_sources([source]):
        try:
            entry = build(path, cache_dir, estimate=estimate, today=TODAY)
        except FatalitiesError:
            continue
        built += entry is not None and entry.span(TODAY) is not None
    return built


@pytest.fixture
def hits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the tables read from a cache entry during the test."""
    seen: list[str] = []
    original = cache_module.read

    def spy(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        if result[0] is not None:
            seen.append(str(args[1].name))  # type: ignore[attr-defined]
        return result

    monkeypatch.setattr(cache_module, "read", spy)
    return seen


def _first_country(outcome: Loaded | str) -> list[str] | None:
    if isinstance(outcome, str) or outcome.frame.height == 0:
        return None
    names = outcome.frame["country"].drop_nulls()
    return [str(names[len(names) // 2]).upper()] if len(names) else None


def _check_source(source: Path, tmp_path: Path, hits: list[str]) -> None:
    cache_dir = tmp_path / "cache"
    everything = _outcome(source, None)
    built = _build_all(source, cache_dir)
    _assert_same(everything, _outcome(source, cache_dir))
    if not isinstance(everything, str):
        assert len(hits) == built
    country = _first_country(everything)
    if country:
        _assert_same(_outcome(source, None, country), _outcome(source, cache_dir, country))
        columns = {"columns": ["country", "event_date", "fatalities", "events"]}
        _assert_same(
            _outcome(source, None, country, **columns),
            _outcome(source, cache_dir, country, **columns),
        )


@pytest.mark.parametrize("source", FIXTURES, ids=lambda path: path.name)
def test_a_dialect_fixture_loads_the_same_from_the_cache(
    source: Path, tmp_path: Path, hits: list[str]
) -> None:
    _check_source(source, tmp_path, hits)


@pytest.mark.parametrize("source", BAD_FIXTURES, ids=lambda path: path.name)
def test_a_bad_input_fails_or_warns_the_same_from_the_cache(
    source: Path, tmp_path: Path, hits: list[str]
) -> None:
    _check_source(source, tmp_path, hits)


@pytest.mark.parametrize("name", REAL_FILES)
def test_a_real_file_loads_the_same_from_the_cache(
    name: str, tmp_path: Path, hits: list[str]
) -> None:
    source = REALDATA / name
    if not source.exists():
        pytest.skip(f"real data not available: {source}")
    _check_source(source, tmp_path, hits)


def test_csv_event_files_are_cached_and_read_from_the_cache(
    tmp_path: Path, hits: list[str]
) -> None:
    source = DIALECTS / "acled_hdx.csv"
    assert _build_all(source, tmp_path) == 1
    load([source], countries=["Mali"], today=TODAY, cache_dir=tmp_path)
    assert hits == [str(source)]


def test_workbooks_archives_and_aggregates_are_not_cached(tmp_path: Path) -> None:
    for name in ("acled_events.xlsx", "zip_members.zip", "gzip_events.csv.gz", "acled_weekly.csv"):
        assert _build_all(DIALECTS / name, tmp_path) == 0, name
    assert Cache(tmp_path).info().entries == 0


def _tampered_entry(source: Path, cache_dir: Path) -> None:
    """Replace the entry's rows by the same rows with every fatality count set to 999."""
    entry = build(source, cache_dir, today=TODAY)
    assert entry is not None
    metadata = pl.read_parquet_metadata(entry.path)
    rows = pl.read_parquet(entry.path).with_columns(pl.lit("999").alias("__raw_fatalities"))
    # A consistent forgery: its checksums are recomputed, so only the data says it was read.
    description = json.loads(metadata["fatalities"])
    columns = [name for name in rows.columns if name != COUNTRY_KEY]
    description["checksums"] = checksum_table(data_checksums(rows.lazy(), columns).collect())
    rows.write_parquet(entry.path, metadata={"fatalities": json.dumps(description)})


def test_the_cache_is_read_and_no_cache_bypasses_it(tmp_path: Path) -> None:
    source = DIALECTS / "acled_hdx.csv"
    _tampered_entry(source, tmp_path)
    from_cache = load([source], today=TODAY, cache_dir=tmp_path)
    direct = load([source], today=TODAY, cache_dir=None)
    assert set(from_cache.frame["fatalities"].to_list()) == {999}
    assert 999 not in direct.frame["fatalities"].to_list()


def test_no_cache_option_reads_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = DIALECTS / "acled_hdx.csv"
    _tampered_entry(source, tmp_path)
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(tmp_path))
    args = ["trend", str(source), "--country", "Mali", "--format", "csv"]
    cached = CliRunner().invoke(app, args)
    direct = CliRunner().invoke(app, [*args, "--no-cache"])
    global_option = CliRunner().invoke(app, ["--no-cache", *args])
    assert cached.exit_code == direct.exit_code == global_option.exit_code == 0
    assert "999" in cached.stdout
    assert "999" not in direct.stdout
    assert direct.stdout == global_option.stdout
    assert CliRunner().invoke(app, args).stdout == cached.stdout  # the flag does not stick


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not parquet at all"),
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(b""),
        lambda path: pl.DataFrame({"x": [1]}).write_parquet(path),
        lambda path: pl.DataFrame({"x": [1]}).write_parquet(path, metadata={"fatalities": "{"}),
    ],
    ids=["garbage", "truncated", "empty", "no-description", "bad-description"],
)
def test_a_damaged_entry_is_ignored_with_a_note_and_rebuilt(damage: object, tmp_path: Path) -> None:
    source = DIALECTS / "acled_hdx.csv"
    entry = build(source, tmp_path, today=TODAY)
    assert entry is not None
    damage(entry.path)  # type: ignore[operator]
    loaded = load([source], today=TODAY, cache_dir=tmp_path)
    notes = [note for note in loaded.notes if "cache entry" in note]
    assert len(notes) == 1 and ("damaged" in notes[0] or "no valid description" in notes[0])
    _assert_same(load([source], today=TODAY), _without_cache_notes(loaded))
    assert not entry.path.exists()
    rebuilt = build(source, tmp_path, today=TODAY)
    assert rebuilt is not None and rebuilt.path.exists()
    again = load([source], today=TODAY, cache_dir=tmp_path)
    assert not [note for note in again.notes if "cache" in note]


def _without_cache_notes(loaded: Loaded) -> Loaded:
    for report in loaded.reports:
        report.notes = [note for note in report.notes if "cache entry" not in note]
    return loaded


def test_a_changed_file_is_not_read_from_its_old_entry(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_bytes((DIALECTS / "acled_hdx.csv").read_bytes())
    cache_dir = tmp_path / "cache"
    assert build(source, cache_dir, today=TODAY) is not None
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(",Mali,", ",Niger,", 1), encoding="utf-8")
    os.utime(source, ns=(1, 1))
    _assert_same(load([source], today=TODAY), load([source], today=TODAY, cache_dir=cache_dir))


def test_an_interrupted_write_leaves_no_entry_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = DIALECTS / "acled_hdx.csv"

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(source, tmp_path, today=TODAY)
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_entries_of_another_estimate_or_loader_version_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = DIALECTS / "ucdp_ged.csv"
    assert build(source, tmp_path, estimate="best", today=TODAY) is not None
    _assert_same(_outcome(source, None, estimate="low"), _outcome(source, tmp_path, estimate="low"))
    key = SourceKey.of(source, loader_version=loader_version())
    assert Cache(tmp_path).find(key)[0] is not None
    loader_version.cache_clear()
    monkeypatch.setattr("fatalities.io.raw.LOADER_VERSION", "0-other")
    try:
        assert (
            Cache(tmp_path).find(SourceKey.of(source, loader_version=loader_version()))[0] is None
        )
    finally:
        loader_version.cache_clear()


def test_dates_after_the_build_day_are_recomputed(tmp_path: Path) -> None:
    source = BAD / "date_in_future.csv"
    build(source, tmp_path, today=date(2000, 1, 1))
    for today in (date(2000, 1, 1), TODAY, date(2999, 1, 1)):
        _assert_same(
            _outcome(source, None, strict=False)
            if today == TODAY
            else _load_on(source, None, today),
            _outcome(source, tmp_path) if today == TODAY else _load_on(source, tmp_path, today),
        )


def _load_on(source: Path, cache_dir: Path | None, today: date) -> Loaded | str:
    try:
        return load([source], today=today, cache_dir=cache_dir)
    except FatalitiesError as error:
        return str(error)


def test_a_lock_is_exclusive_until_released_or_its_owner_is_gone(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = SourceKey("/x.csv", 1, 1, "1")
    assert cache.try_lock(key)
    assert cache.building() == [cache.lock_path(key)]
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    cache.hand_over(key, child.pid)  # a finished builder: the lock is stale
    assert cache.building() == []
    assert cache.try_lock(key)
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        cache.hand_over(key, busy.pid)
        assert not cache.try_lock(key)
        assert cache.try_lock(key, inherit_from=busy.pid)  # handed over to this process
    finally:
        busy.kill()
        busy.wait()
    cache.release(key)
    assert cache.building() == []


def test_the_background_build_makes_the_next_run_read_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: list[str]
) -> None:
    from fatalities.cli.cache import start_builds

    source = tmp_path / "events.csv"
    source.write_bytes((DIALECTS / "acled_hdx.csv").read_bytes())
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)
    assert start_builds([str(source), str(DIALECTS / "acled_events.xlsx")], cache_dir) == 1
    assert Cache(cache_dir).building()  # visible at once, before the builder starts
    assert start_builds([str(source)], cache_dir) == 0  # already being built
    assert Cache(cache_dir).wait(timeout=120)
    assert Cache(cache_dir).info().entries == 1
    _assert_same(load([source], today=TODAY), load([source], today=TODAY, cache_dir=cache_dir))
    assert hits == [str(source)]
    assert start_builds([str(source)], cache_dir) == 0  # current entry: nothing to do


def test_small_files_start_no_build(tmp_path: Path) -> None:
    from fatalities.cli.cache import start_builds

    assert start_builds([str(DIALECTS / "acled_hdx.csv")], tmp_path) == 0
    assert not tmp_path.joinpath("x").exists() and Cache(tmp_path).info().entries == 0


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"FATALITIES_CACHE_DIR": "/data/c", "XDG_CACHE_HOME": "/x"}, "/data/c"),
        ({"FATALITIES_CACHE_DIR": "  ", "XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/fatalities"),
        ({"XDG_CACHE_HOME": "relative/ignored", "HOME": "/h"}, "/h/.cache/fatalities"),
        ({"HOME": "/h"}, "/h/.cache/fatalities"),
    ],
)
def test_the_cache_directory_follows_xdg_rules(environ: dict[str, str], expected: str) -> None:
    assert cache_directory(environ).as_posix() == expected


def test_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(tmp_path))
    runner = CliRunner()
    empty = runner.invoke(app, ["cache", "info", "--format", "table"])
    assert empty.exit_code == 0
    assert f"directory: {tmp_path}" in empty.stdout and "entries:   0" in empty.stdout
    built = runner.invoke(app, ["cache", "build", str(DIALECTS / "acled_hdx.csv")])
    assert built.exit_code == 0, built.output
    (tmp_path / "leftover.123.rows.tmp").write_bytes(b"x")
    info = runner.invoke(app, ["cache", "info", "--json"])
    facts = __import__("json").loads(info.stdout)
    assert facts["entries"] == 1
    assert facts["total_bytes"] == sum(path.stat().st_size for path in tmp_path.iterdir())
    assert facts["files"][0]["key"]["path"] == str((DIALECTS / "acled_hdx.csv").resolve())
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert "deleted 2 file(s)" in cleared.stderr
    assert list(tmp_path.iterdir()) == []


def test_cache_build_says_what_it_cannot_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(
        app, ["cache", "build", str(DIALECTS / "acled_events.xlsx"), str(tmp_path / "missing.csv")]
    )
    assert result.exit_code == 2
    assert "not cached" in result.stderr and "no such file" in result.stderr


def test_rows_spilled_in_many_batches_load_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: list[str]
) -> None:
    """The builder splits the rows by country a batch at a time; the entry holds every
    country's rows together, and every row, in file order, comes back as from the file."""
    from fatalities.resources import sample_data_path

    source = sample_data_path()
    monkeypatch.setattr(cache_module, "SPILL_BATCH_ROWS", 300)
    parts: list[int] = []
    original = cache_module.CountrySpill.grouped

    def counting(self: cache_module.CountrySpill, rows_file: Path) -> pl.LazyFrame:
        parts.append(sum(len(files) for files in self.parts.values()))
        return original(self, rows_file)

    monkeypatch.setattr(cache_module.CountrySpill, "grouped", counting)
    entry = build(source, tmp_path, today=TODAY)
    assert entry is not None
    assert parts and parts[0] >= 10
    keys = pl.read_parquet(entry.path, columns=[cache_module.COUNTRY_KEY]).to_series()
    assert keys.to_list() == keys.sort(nulls_last=True).to_list()  # grouped by country
    everything = load([source], today=TODAY)
    _assert_same(everything, load([source], today=TODAY, cache_dir=tmp_path))
    countries = sorted(everything.frame["country"].unique().to_list())
    for pair in (countries[:1], countries[-2:], [name.upper() for name in countries[3:6]]):
        _assert_same(
            load([source], countries=pair, today=TODAY),
            load([source], countries=pair, today=TODAY, cache_dir=tmp_path),
        )
    assert len(hits) == 4
    assert [path.name for path in tmp_path.iterdir()] == [
        SourceKey.of(source, loader_version=loader_version()).name + ".parquet"
    ]


def test_a_command_schedules_its_build_for_after_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fatalities.cli.cache import start_pending_builds
    from fatalities.cli.state import RunState

    source = tmp_path / "events.csv"
    source.write_bytes((DIALECTS / "acled_hdx.csv").read_bytes())
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)
    state = RunState()
    args = ["trend", str(source), "--country", "Mali", "-f", "csv"]
    result = CliRunner().invoke(app, args, obj=state)
    assert result.exit_code == 0
    assert not cache_dir.exists() or not list(cache_dir.iterdir())  # nothing started yet
    assert [build.sources for build in state.pending_builds] == [(str(source),)]
    assert start_pending_builds(state) == 1
    assert "caching 1 large file(s) in the background" in capsys.readouterr().err
    assert state.pending_builds == []
    assert Cache(cache_dir).wait(timeout=120)
    assert Cache(cache_dir).info().entries == 1
    for extra, env in (["--no-cache"], {}), ([], {"FATALITIES_CACHE": "read"}):
        later = RunState()
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        Cache(cache_dir).clear()
        run = CliRunner().invoke(app, [*args, *extra], obj=later)
        assert run.exit_code == 0 and later.pending_builds == []


def test_eviction_keeps_the_most_recently_used_entries_within_the_cap(tmp_path: Path) -> None:
    import os

    cache = Cache(tmp_path)
    for age, name in enumerate(["old", "middle", "new"]):
        path = tmp_path / f"{name}.parquet"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    assert cache.evict(2500) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle.parquet", "new.parquet"]
    assert cache.evict(10_000) == 0

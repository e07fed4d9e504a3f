"""Issue 18: closed streams, full disks, special files as ``-o``, temporary names, cache
entries that lie. Each ends in one line and exit 2 (or 0), never a traceback, and never
replaces what it must not."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fatalities.cli.console import temporary_stem
from fatalities.io import cache as cache_module
from fatalities.io.cache import Cache, SourceKey, build, loader_version
from fatalities.io.load import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "acled_sample.csv"
SMALL = ROOT / "tests" / "data" / "dialects" / "acled_hdx.csv"
TODAY = date(2026, 1, 1)


def run(
    args: list[str],
    *,
    before: Callable[[], None] | None = None,
    stdout: int | None = subprocess.PIPE,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "FATALITIES_CACHE": "off", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "fatalities", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=before,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def one_line(done: subprocess.CompletedProcess[bytes], fragment: str) -> None:
    err = done.stderr.decode()
    assert "Traceback" not in err and "internal error" not in err, err
    assert fragment in err, err
    assert len([line for line in err.splitlines() if "error:" in line]) == 1, err


@pytest.mark.parametrize(
    "args", [["countries", str(SAMPLE)], ["--help"]], ids=["countries", "help"]
)
def test_a_closed_stdout_is_one_line(args: list[str]) -> None:
    done = run(args, before=lambda: os.close(1), stdout=None)
    assert done.returncode == 2
    one_line(done, "stdout is closed")


def test_a_closed_stdin_is_one_line() -> None:
    done = run(["trend", "-", "-c", "Mali"], before=lambda: os.close(0))
    assert done.returncode == 2
    one_line(done, "stdin is closed")


def test_a_closed_stderr_still_answers() -> None:
    done = run(["countries", str(SAMPLE), "-f", "csv"], before=lambda: os.close(2))
    assert done.returncode == 0
    assert done.stdout.startswith(b"country,")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        done = run(["countries", str(SAMPLE), "-f", "csv"], stdout=full.fileno())
    assert done.returncode == 2
    one_line(done, "No space left on device")


def test_a_reader_that_goes_away_is_a_quiet_success() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fatalities", "trend", str(SAMPLE), "--all-countries",
         "--period", "week", "--by", "actor1", "-f", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "FATALITIES_CACHE": "off"},
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in err


# -o: never an input, never replacing a special file, short temporary names


def test_o_onto_an_input_by_any_path_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    shutil.copyfile(SAMPLE, data)
    (tmp_path / "link.csv").symlink_to(data)
    before = data.read_bytes()
    for target in ("in.csv", str(data), "link.csv", "./sub/../in.csv"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        done = run(["trend", "in.csv", "--all-countries", "-o", target], cwd=tmp_path)
        assert done.returncode == 2, target
        one_line(done, "is an input file")
    assert data.read_bytes() == before


def test_o_into_a_fifo_writes_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = run(["countries", str(SAMPLE), "-o", str(fifo)])
    out, _ = reader.communicate(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert out.startswith(b"country,")


def test_o_onto_a_character_device_or_a_link_to_one_keeps_it(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    for target in (os.devnull, str(link)):
        done = run(["countries", str(SAMPLE), "-o", target])
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert link.is_symlink()


def test_o_with_a_long_name_and_stale_temporary_files(tmp_path: Path) -> None:
    name = "y" * 250
    dead = 2**22 + 12345  # beyond pid_max's default: no such process
    stale = tmp_path / f"{temporary_stem(name, tmp_path)}.{dead}.abcdefgh.tmp"
    stale.write_text("left by a killed run")
    done = run(["countries", str(SAMPLE), "-o", str(tmp_path / name)])
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name).read_text().startswith("country,")
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


# the cache: a stale or damaged entry is never served


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    source = tmp_path / "events.csv"
    shutil.copyfile(SMALL, source)
    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)
    assert build(source, tmp_path / "cache", today=TODAY) is not None
    return source, tmp_path / "cache"


def totals(frame: pl.DataFrame) -> list[tuple[str, int]]:
    return sorted(frame.group_by("country").agg(pl.col("fatalities").sum()).rows())


def test_an_edit_that_keeps_size_and_mtime_is_not_served(cached: tuple[Path, Path]) -> None:
    source, cache_dir = cached
    text = source.read_text()
    stat_before = source.stat()
    # the same size, one digit changed, the modification time put back (touch -r, cp -p)
    changed = text.replace(",1,", ",7,", 1)
    assert len(changed) == len(text) and changed != text
    time.sleep(0.01)
    source.write_text(changed)
    os.utime(source, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    assert source.stat().st_mtime_ns == stat_before.st_mtime_ns
    from_cache = load([source], today=TODAY, cache_dir=cache_dir)
    direct = load([source], today=TODAY, cache_dir=None)
    assert totals(from_cache.frame) == totals(direct.frame)


def test_flipped_bits_in_an_entry_never_change_a_total(cached: tuple[Path, Path]) -> None:
    source, cache_dir = cached
    key = SourceKey.of(source, loader_version=loader_version())
    entry = Cache(cache_dir).entry_path(key)
    pristine = entry.read_bytes()
    direct = totals(load([source], today=TODAY, cache_dir=None).frame)
    step = max(len(pristine) // 40, 1)
    for offset in range(4, len(pristine) - 8, step):
        damaged = bytearray(pristine)
        damaged[offset] ^= 0x10
        entry.write_bytes(bytes(damaged))
        loaded = load([source], today=TODAY, cache_dir=cache_dir)
        assert totals(loaded.frame) == direct, offset
        for note in loaded.notes:
            if "cache" in note:
                assert "cache entry" in note and str(source) + " itself is fine" in note
    entry.write_bytes(pristine)


def test_dead_builders_temporary_files_are_swept(cached: tuple[Path, Path]) -> None:
    _, cache_dir = cached
    dead = 2**22 + 54321
    leftovers = [cache_dir / f"abc.{dead}.rows.tmp", cache_dir / f"abc.lock.{dead}.tmp"]
    live = cache_dir / f"abc.{os.getpid()}.rows.tmp"
    for path in [*leftovers, live]:
        path.write_text("x")
    assert Cache(cache_dir).sweep() == 2
    assert live.exists() and not any(path.exists() for path in leftovers)


def test_a_missing_home_means_no_cache_and_nothing_created(tmp_path: Path) -> None:
    home = tmp_path / "no-such-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FATALITIES_", "XDG_"))}
    done = subprocess.run(
        [sys.executable, "-m", "fatalities", "countries", str(SAMPLE), "-f", "csv"],
        env={**env, "HOME": str(home)}, capture_output=True, timeout=120, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not home.exists()

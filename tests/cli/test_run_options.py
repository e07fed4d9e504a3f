"""Options every data command takes, after the command or before it: --no-cache,
--quiet, --debug.

The cache test plants a cache entry whose fatalities are all 999: a command that
reads the cache shows them, one given ``--no-cache`` (after or before the command)
does not.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.io import cache as cache_module
from fatalities.io.cache import build

HERE = Path(__file__).resolve().parents[1]
SOURCE = HERE / "data" / "dialects" / "acled_hdx.csv"
CLAIMS = HERE / "data" / "claims" / "acled_hdx_2020.toml"

#: Every data command, without its input.
COMMANDS: dict[str, list[str]] = {
    "trend": ["trend", "-c", "Mali", "-f", "csv"],
    "summary": ["summary", "-c", "Mali", "-f", "json"],
    "change": ["change", "-c", "Mali", "--period", "month", "-f", "csv"],
    "countries": ["countries", "-f", "csv"],
    "inspect": ["inspect", "-f", "json"],
    "check": ["check", "--claims", str(CLAIMS), "-f", "csv"],
}


@pytest.fixture
def tampered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a small export whose cache entry says every event killed 999."""
    source = tmp_path / "events.csv"
    shutil.copyfile(SOURCE, source)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)
    entry = build(source, cache_dir, today=date.today())
    assert entry is not None
    metadata = pl.read_parquet_metadata(entry.path)
    rows = pl.read_parquet(entry.path).with_columns(pl.lit("999").alias("__raw_fatalities"))
    # A consistent forgery: checksums recomputed, so only the data shows the cache was read.
    description = json.loads(metadata["fatalities"])
    columns = [name for name in rows.columns if name != cache_module.COUNTRY_KEY]
    description["checksums"] = cache_module.checksum_table(
        cache_module.data_checksums(rows.lazy(), columns).collect()
    )
    rows.write_parquet(entry.path, metadata={"fatalities": json.dumps(description)})
    return source


def command(name: str, source: Path) -> list[str]:
    args = COMMANDS[name]
    return [args[0], str(source), *args[1:]]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_data_command_takes_no_cache(name: str, tampered: Path) -> None:
    args = command(name, tampered)
    runner = CliRunner()
    cached = runner.invoke(app, args)
    after = runner.invoke(app, [*args, "--no-cache"])
    before = runner.invoke(app, ["--no-cache", *args])
    assert after.exit_code == before.exit_code, after.output
    assert after.exit_code in (0, 1), after.output  # check: 1 when a claim fails
    assert after.stdout == before.stdout
    assert after.stdout != cached.stdout  # the cache was read without the flag
    assert runner.invoke(app, args).stdout == cached.stdout  # the flag does not stick


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_quiet_before_the_command_silences_notes(name: str) -> None:
    args = command(name, SOURCE)
    runner = CliRunner()
    loud = runner.invoke(app, ["--no-cache", *args])
    quiet = runner.invoke(app, ["--no-cache", "--quiet", *args])
    short = runner.invoke(app, ["-q", "--no-cache", *args])
    assert quiet.exit_code == loud.exit_code == short.exit_code, quiet.output
    assert quiet.stdout == loud.stdout == short.stdout
    assert quiet.stderr == short.stderr == ""


def test_quiet_before_the_command_does_not_stick() -> None:
    runner = CliRunner()
    runner.invoke(app, ["--quiet", "trend", "-c", "Mali", "-f", "csv"])
    loud = runner.invoke(app, ["trend", "-c", "Mali", "-f", "csv"])
    assert "bundled synthetic sample" in loud.stderr


def test_debug_before_the_command_shows_the_traceback() -> None:
    runner = CliRunner()
    plain = runner.invoke(app, ["trend", "-c", "Atlantis"])
    assert plain.exit_code == 2
    assert "Traceback" not in plain.output
    debug = runner.invoke(app, ["--debug", "trend", "-c", "Atlantis"])
    assert debug.exception is not None
    assert type(debug.exception).__name__ == "SelectionError"
    after = runner.invoke(app, ["trend", "-c", "Atlantis"])
    assert after.exit_code == 2  # --debug does not stick

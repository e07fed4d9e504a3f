"""`fatalities cache info` in every output format, like the data commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

HERE = Path(__file__).resolve().parents[1]
SOURCE = HERE / "data" / "dialects" / "acled_hdx.csv"
COLUMNS = ["source", "estimate", "rows", "first", "last", "build_seconds", "build_peak_mib",
           "built_on", "entry"]  # fmt: skip

runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(tmp_path))
    built = runner.invoke(app, ["cache", "build", str(SOURCE)])
    assert built.exit_code == 0, built.output
    return tmp_path


def info(*args: str) -> str:
    result = runner.invoke(app, ["cache", "info", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_has_one_row_per_entry(cache_dir: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(info("--format", "csv"))))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1
    assert rows[0]["source"] == str(SOURCE.resolve())
    assert rows[0]["rows"] == "2"
    assert (cache_dir / rows[0]["entry"]).is_file()


def test_a_pipe_gets_csv_and_a_person_the_summary(cache_dir: Path) -> None:
    assert info().splitlines()[0] == ",".join(COLUMNS)
    table = info("--format", "table")
    assert f"directory: {cache_dir}" in table
    assert "entries:   1" in table


@pytest.mark.parametrize("flag", [["--format", "json"], ["--json"]])
def test_json_keeps_every_fact(cache_dir: Path, flag: list[str]) -> None:
    facts = json.loads(info(*flag))
    assert facts["directory"] == str(cache_dir)
    assert facts["entries"] == 1
    assert facts["files"][0]["key"]["path"] == str(SOURCE.resolve())


@pytest.mark.parametrize("fmt", ["tsv", "ndjson", "markdown"])
def test_every_other_format_lists_the_entry(cache_dir: Path, fmt: str) -> None:
    assert str(SOURCE.resolve()) in info("--format", fmt)


def test_an_empty_cache_is_a_header_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FATALITIES_CACHE_DIR", str(tmp_path))
    assert info("--format", "csv") == ",".join(COLUMNS) + "\n"


def test_a_misspelt_format_gets_a_suggestion() -> None:
    result = runner.invoke(app, ["cache", "info", "--format", "jsno"])
    assert result.exit_code == 2
    assert "did you mean json?" in result.stderr

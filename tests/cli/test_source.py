"""Every result says where it came from: JSON ``source``, the ``Source:`` line, the
synthetic sample marked as such, CSV untouched, ``--source-line`` on stderr, and the
release rule on the real HDX Mali releases."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.core.provenance import ACLED_NAME, SYNTHETIC
from tests.conftest import real_file

runner = CliRunner()
TREND_HEADER = "country,year,fatalities,events,ytd_fatalities,ytd_events,complete"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "mali.csv"
    path.write_text(
        "event_id_cnty,event_date,country,fatalities,event_type,admin1,timestamp\n"
        + "".join(
            f"MLI{n},{year}-0{month}-1{n % 9},Mali,{n},Battles,Gao,1596549150\n"
            for n, (year, month) in enumerate(
                [(y, m) for y in range(2013, 2018) for m in range(1, 8)]
            )
        )
    )
    return path


COMMANDS = {
    "trend": ["trend", "-c", "Mali"],
    "summary": ["summary", "-c", "Mali"],
    "change": ["change", "-c", "Mali", "--period", "month"],
    "check": ["check"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_carries_the_source(command: str, export: Path) -> None:
    args = COMMANDS[command]
    data = [] if command == "check" else [str(export)]
    code, out, _ = run(*args[:1], *data, *args[1:], "--format", "json")
    assert code in (0, 1)
    source = json.loads(out)["source"]
    item = source["inputs"][0]
    if command == "check":  # the article's claims against the bundled sample
        assert source["synthetic"] is True
        assert SYNTHETIC in source["attribution"]
        return
    assert source["synthetic"] is False
    assert item["path"] == str(export)
    assert item["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert item["release_date"] == "2020-08-04"
    assert item["release_date_from"] == "timestamp"
    assert item["covered"] == {"start": "2013-01-10", "end": "2017-07-17"}
    assert item["dialect"] == "acled"
    assert source["filters"]["countries"] == ["Mali"]
    assert source["attribution"].startswith(f"{ACLED_NAME}, release of 2020-08-04 (mali.csv)")
    assert "country Mali" in source["attribution"]
    assert source["tool"]["name"] == "fatalities"


def test_table_and_markdown_end_with_one_source_line(export: Path) -> None:
    for fmt in ("table", "markdown"):
        code, out, _ = run("trend", str(export), "-c", "Mali", "--format", fmt, "--no-chart")
        assert code == 0
        lines = out.rstrip().splitlines()
        assert lines[-1].startswith("Source: ")
        assert sum(line.startswith("Source: ") for line in lines) == 1


def test_csv_stays_pure_data_and_source_line_goes_to_stderr(export: Path) -> None:
    code, out, err = run("trend", str(export), "-c", "Mali", "--format", "csv", "--source-line")
    assert code == 0
    assert out.splitlines()[0] == TREND_HEADER
    assert "Source" not in out
    assert f"Source: {ACLED_NAME}, release of 2020-08-04 (mali.csv)" in err


def test_summary_sentences_end_with_the_citation(export: Path) -> None:
    code, out, _ = run("summary", str(export), "-c", "Mali", "--format", "table")
    assert code == 0
    assert out.rstrip().splitlines()[-1].startswith(f"Source: {ACLED_NAME}")


def test_bundled_sample_is_unmistakable() -> None:
    code, out, _ = run("trend", "-c", "Mali", "--format", "table", "--no-chart")
    assert code == 0
    lines = out.rstrip().splitlines()
    assert lines[0] == "Synthetic sample data, not ACLED figures"
    assert lines[-1].startswith(f"Source: {SYNTHETIC}")
    code, out, _ = run("trend", "-c", "Mali", "--format", "json")
    assert json.loads(out)["source"]["synthetic"] is True


def by_year(stdout: str) -> dict[int, int]:
    return {int(row["year"]): int(row["fatalities"]) for row in csv.DictReader(io.StringIO(stdout))}


def test_real_releases_newest_wins_and_union_keeps_everything() -> None:
    old = str(real_file("acled-events", "hdx_Conflict Data for Mali.csv"))
    new = str(real_file("acled-events", "hdx_conflict_data_mli.csv"))
    code, out, err = run("trend", old, new, "--country", "Mali", "--format", "csv")
    assert code == 0
    alone = by_year(run("trend", new, "--country", "Mali", "--format", "csv")[1])
    assert by_year(out) == alone
    assert (by_year(out)[2017], by_year(out)[2018]) == (948, 1747)
    assert "hdx_conflict_data_mli.csv (2020-08-03)" in err
    assert "hdx_Conflict Data for Mali.csv (2019-07-29)" in err
    assert "dropped 11 events (19 deaths)" in err
    assert "duplicate" not in err
    code, out, err = run("trend", old, new, "--country", "Mali", "-f", "csv", "--releases", "union")
    assert code == 0
    assert (by_year(out)[2017], by_year(out)[2018]) == (952, 1762)
    assert "kept 11 events (19 deaths)" in err


def test_inspect_lists_each_release_and_the_releases_of_the_same_data() -> None:
    folder = Path(__file__).resolve().parents[1] / "data" / "dialects" / "folder_vintages"
    code, out, _ = run("inspect", str(folder), "--format", "table")
    assert code == 0
    assert "release      2019-02-25 (largest timestamp)" in out
    assert "release      2020-08-04 (largest timestamp)" in out
    assert "releases: Mali: 2 releases of the same data: 2020_export.csv (2020-08-04)" in out
    assert "dropped 1 event (1 death)" in out

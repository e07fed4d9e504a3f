"""`fatalities diff OLD NEW` end to end: figures, exit codes, every output format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import real_file

runner = CliRunner()
HEADER = "event_id_cnty,event_date,country,fatalities,timestamp,actor1\n"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def releases(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.csv"
    new = tmp_path / "new.csv"
    old.write_text(
        HEADER + "MLI1,2017-01-05,Mali,3,100,A\nMLI2,2017-02-01,Mali,4,100,B\n"
        "MLI3,2018-03-01,Mali,1,100,C\n"
    )
    new.write_text(
        HEADER + "MLI1,2017-01-05,Mali,5,200,A\nMLI3,2018-03-01,Mali,1,200,D\n"
        "MLI4,2018-04-01,Mali,2,200,E\n"
    )
    return old, new


def test_csv_periods_add_up_and_exit_1(releases: tuple[Path, Path]) -> None:
    old, new = releases
    code, out, _ = run("diff", str(old), str(new), "--format", "csv")
    assert code == 1
    rows = {row["period"]: row for row in csv.DictReader(io.StringIO(out))}
    assert (rows["2017"]["old_fatalities"], rows["2017"]["new_fatalities"]) == ("7", "5")
    assert (rows["2018"]["old_fatalities"], rows["2018"]["new_fatalities"]) == ("1", "3")
    for row in rows.values():
        assert int(row["fatality_change"]) == (
            int(row["added_fatalities"]) - int(row["deleted_fatalities"])
            + int(row["revised_fatalities"])
        )  # fmt: skip


def test_a_file_diffed_with_itself_exits_0(releases: tuple[Path, Path]) -> None:
    old, _ = releases
    code, out, _ = run("diff", str(old), str(old), "--format", "table")
    assert code == 0
    assert "the same events" in out
    assert out.rstrip().splitlines()[-1].startswith("Source: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no such file"),
        (["--period", "decade"], "period"),
        (["--country", "Maly"], "did you mean Mali"),
    ],
)
def test_bad_input_exits_2(releases: tuple[Path, Path], args: list[str], message: str) -> None:
    old, new = releases
    paths = [str(old), *args] if args == ["missing.csv"] else [str(old), str(new), *args]
    code, _, err = run("diff", *paths)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_events_lists_changes_biggest_first(releases: tuple[Path, Path]) -> None:
    old, new = releases
    code, out, _ = run("diff", str(old), str(new), "--events", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    # -4, then the two changes of 2 (added before revised), then the actors-only revision
    assert [row["event_id_cnty"] for row in rows] == ["MLI2", "MLI4", "MLI1", "MLI3"]
    assert [row["change"] for row in rows] == ["deleted", "added", "revised", "revised"]
    assert rows[2]["changed"] == "fatalities"
    assert rows[3]["changed"] == "actors"


def test_json_carries_counts_periods_events_and_source(releases: tuple[Path, Path]) -> None:
    old, new = releases
    code, out, _ = run("diff", str(old), str(new), "--events", "--format", "json")
    assert code == 1
    result = json.loads(out)
    assert result["counts"] == {"added": 1, "deleted": 1, "revised": 2}
    assert result["totals"]["fatality_change"] == 8 - 8
    assert len(result["events"]) == 4
    assert [item["path"] for item in result["source"]["inputs"]] == [str(old), str(new)]
    assert all(len(item["sha256"]) == 64 for item in result["source"]["inputs"])


def test_markdown_ends_with_the_source(releases: tuple[Path, Path]) -> None:
    old, new = releases
    code, out, _ = run("diff", str(old), str(new), "--format", "markdown")
    assert code == 1
    assert out.startswith("| year | old | new |")
    assert out.rstrip().splitlines()[-1].startswith("Source: ")


def test_real_hdx_2019_against_2020() -> None:
    old = real_file("acled-events", "hdx_Conflict Data for Mali.csv")
    new = real_file("acled-events", "hdx_conflict_data_mli.csv")
    code, out, err = run("diff", str(old), str(new), "--country", "Mali", "--format", "table")
    assert code == 1
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line[:2] == "20"}
    assert lines["2017"][1:4] == ["950", "948", "-2"]
    assert lines["2018"][1:4] == ["1,762", "1,747", "-15"]
    assert "6 (-4)" in " ".join(lines["2017"]) and "4 (-15)" in " ".join(lines["2018"])
    assert "11 deleted" in out
    assert "OLD ends on 2019-07-25" in err
    code, out, _ = run("diff", str(old), str(new), "-c", "Mali", "--format", "json")
    periods = {row["period"]: row for row in json.loads(out)["periods"]}
    for year in ("2017", "2018"):
        row = periods[year]
        assert row["new_fatalities"] - row["old_fatalities"] == (
            row["added_fatalities"] - row["deleted_fatalities"] + row["revised_fatalities"]
        )

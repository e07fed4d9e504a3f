"""Inputs beyond one file: directories, globs, stdin of any format, several files at once,
aggregated and UCDP data in `trend`, `--zero-fill`, `--estimate`, and `inspect`."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.errors import InputError
from fatalities.io.load import load

DIALECTS = Path(__file__).parents[1] / "data" / "dialects"
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_a_directory_and_a_glob_are_the_files_inside(tmp_path: Path) -> None:
    by_folder = load([DIALECTS / "folder_vintages"])
    by_glob = load([str(DIALECTS / "folder_vintages" / "*.csv")])
    assert (
        by_folder.frame.sort("event_id_cnty").rows() == by_glob.frame.sort("event_id_cnty").rows()
    )
    assert len(by_folder.reports) == 2
    with pytest.raises(InputError, match="no file matches"):
        load([str(tmp_path / "*.csv")])
    with pytest.raises(InputError, match="no data files in this directory"):
        load([tmp_path])


def test_a_file_named_twice_is_read_once() -> None:
    path = DIALECTS / "acled_hdx.csv"
    loaded = load([path, DIALECTS / "." / "acled_hdx.csv"])
    assert len(loaded.reports) == 1 and loaded.duplicates_dropped == 0


def test_several_releases_the_newest_wins_and_union_keeps_every_event() -> None:
    code, out, err = run("trend", str(DIALECTS / "folder_vintages"), "-c", "Mali", "-f", "csv")
    assert code == 0
    assert "Mali: 2 releases of the same data" in err
    assert "dropped 1 event (1 death)" in err  # MLI9942: only the 2019 release lists it
    assert {row["year"]: row["fatalities"] for row in rows(out)} == {"2017": "4", "2018": "0"}
    folder = str(DIALECTS / "folder_vintages")
    code, out, err = run("trend", folder, "-c", "Mali", "-f", "csv", "--releases", "union")
    assert code == 0
    assert "kept 1 event (1 death)" in err
    assert {row["year"]: row["fatalities"] for row in rows(out)} == {"2017": "5", "2018": "0"}


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param((DIALECTS / "acled_tab.tsv").read_bytes(), id="tsv"),
        pytest.param(gzip.compress((DIALECTS / "acled_tab.tsv").read_bytes()), id="gzip"),
        pytest.param((DIALECTS / "api_response.json").read_bytes(), id="json"),
        pytest.param((DIALECTS / "api_lines.ndjson").read_bytes(), id="ndjson"),
        pytest.param((DIALECTS / "events.parquet").read_bytes(), id="parquet"),
        pytest.param((DIALECTS / "acled_events.xlsx").read_bytes(), id="xlsx"),
        pytest.param((DIALECTS / "zip_members.zip").read_bytes(), id="zip"),
    ],
)
def test_stdin_format_is_sniffed(payload: bytes) -> None:
    code, out, err = run("trend", "-", "-c", "Mali", "-f", "csv", stdin=payload)
    assert code == 0, err
    assert rows(out) and all(row["country"] == "Mali" for row in rows(out))


def test_sources_that_count_differently_are_not_summed() -> None:
    code, out, err = run(
        "trend", str(DIALECTS / "acled_hdx.csv"), str(DIALECTS / "ucdp_ged.csv"), "-c", "Mali"
    )
    assert code == 2 and out == ""
    assert "cannot combine" in err and "UCDP GED" in err


def test_monthly_aggregates_give_a_monthly_year_to_date_and_say_so() -> None:
    code, out, err = run(
        "trend",
        str(DIALECTS / "acled_monthly.xlsx"),
        "-c",
        "Mali",
        "--as-of",
        "2017-01-10",
        "-f",
        "csv",
    )
    assert code == 0
    assert rows(out) == [
        # as known on 10 January: monthly rows to the end of January only (issue 13)
        {"country": "Mali", "year": "2017", "fatalities": "2", "events": "1",
         "ytd_fatalities": "2", "ytd_events": "1", "complete": "false"}
    ]  # fmt: skip
    assert "year-to-date is cut at the end of the as-of month, January" in err
    assert "source: ACLED aggregated" in err


def test_weekly_aggregates_count_a_week_in_the_year_of_its_saturday() -> None:
    code, out, _ = run("trend", str(DIALECTS / "acled_weekly.csv"), "-c", "Mali", "-f", "csv")
    assert code == 0
    assert {row["year"]: (row["fatalities"], row["events"]) for row in rows(out)} == {
        "2016": ("5", "2"),
        "2017": ("0", "4"),
    }


def test_hapi_never_adds_civilian_targeting_to_political_violence() -> None:
    code, out, err = run("trend", str(DIALECTS / "hdx_hapi.csv"), "-c", "Mali", "-f", "csv")
    assert code == 0
    assert rows(out)[0]["fatalities"] == "10" and rows(out)[0]["events"] == "6"
    assert "civilian_targeting rows are a subset of political_violence" in err


def test_years_the_aggregate_does_not_hold_are_not_printed(tmp_path: Path) -> None:
    # A truncated global workbook holds January 1997 and January 2025 only: the 27 years
    # between are not covered, so they are not rows of zeros, and neither year is complete.
    from tests.data.make_fixtures import write_workbook

    path = tmp_path / "gap.xlsx"
    write_workbook(
        path,
        {
            "TOU": [["Terms"]],
            "Non_HRP": [
                ["Country", "Month", "Year", "Events", "Fatalities"],
                ["Mali", "January", "1997", 2, 3],
                ["Mali", "January", "2025", 0, 0],
            ],
        },
    )
    code, out, _ = run("trend", str(path), "-c", "Mali", "-f", "csv")
    assert code == 0
    assert [(row["year"], row["complete"]) for row in rows(out)] == [
        ("1997", "false"),
        ("2025", "false"),
    ]


@pytest.mark.parametrize(("estimate", "deaths"), [("best", "6"), ("low", "5"), ("high", "8")])
def test_ucdp_estimates(estimate: str, deaths: str) -> None:
    code, out, err = run(
        "trend", str(DIALECTS / "ucdp_ged.csv"), "-c", "Bangladesh", "--estimate", estimate,
        "--to", "1989", "-f", "csv",
    )  # fmt: skip
    assert code == 0
    assert rows(out)[0]["fatalities"] == deaths
    assert f"source: UCDP GED, {estimate} estimate of deaths" in err


def test_estimate_is_only_for_ucdp() -> None:
    code, _, err = run("trend", str(DIALECTS / "acled_hdx.csv"), "-c", "Mali", "--estimate", "low")
    assert code == 0
    assert "--estimate low applies to UCDP data only" in err


def test_zero_fill_prints_years_before_the_first_event(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        "event_id_cnty,event_date,country,fatalities\n"
        "NER1,2014-03-01,Niger,2\nMLI1,2016-05-01,Mali,3\nMLI2,2018-02-01,Mali,1\n"
    )
    _, plain, _ = run("trend", str(path), "-c", "Mali", "-f", "csv")
    assert [row["year"] for row in rows(plain)] == ["2016", "2017", "2018"]
    assert rows(plain)[1]["fatalities"] == "0"  # inside coverage: a zero year
    _, filled, _ = run("trend", str(path), "-c", "Mali", "-f", "csv", "--zero-fill")
    assert [row["year"] for row in rows(filled)] == ["2014", "2015", "2016", "2017", "2018"]
    _, from_2012, _ = run(
        "trend", str(path), "-c", "Mali", "-f", "csv", "--zero-fill", "--from", "2012"
    )
    # 2012 and 2013 are before the input's coverage (from 2014-03-01): not zeros (issue 13)
    assert [row["year"] for row in rows(from_2012)][:2] == ["2014", "2015"]


def test_inspect_reports_each_input_and_its_errors() -> None:
    code, out, err = run(
        "inspect",
        str(DIALECTS / "acled_monadic.csv"),
        str(DIALECTS / "legacy_realtime.csv"),
        str(Path(__file__).parents[1] / "data" / "bad" / "empty.csv"),
        "--format",
        "json",
    )
    assert code == 2
    monadic, legacy, empty = json.loads(out)
    assert (monadic["dialect"], monadic["rows"], monadic["events"]) == ("acled", 3, 2)
    assert monadic["duplicates_dropped"] == 1
    assert monadic["first_date"] == "2017-01-01" and monadic["last_date"] == "2020-12-31"
    assert legacy["encoding"] == "cp1252" and legacy["dialect"] == "acled-legacy"
    assert legacy["fatalities"] == 7
    assert [c["country"] for c in legacy["countries"]] == ["Mali", "Niger"]
    assert legacy["countries"][0]["first"] == "2015-12-28"
    assert any("year column that disagrees" in warning for warning in legacy["warnings"])
    assert "the file is empty" in empty["error"]
    assert "the file is empty" in err


def test_inspect_table_names_the_format_and_countries() -> None:
    code, out, _ = run("inspect", str(DIALECTS / "hdx_hapi.csv"), "--format", "table")
    assert code == 0
    assert "hdx-hapi" in out and "covers to    2017-11-30" in out
    assert "Algeria" in out and "Mali" in out


def test_dates_after_today_are_judged_against_the_given_today(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "event_id_cnty,event_date,country,fatalities\n"
        + "".join(f"MLI{n},2017-01-{n:02d},Mali,1\n" for n in range(1, 20))
        + "MLI99,2017-06-01,Mali,1\n"
    )
    loaded = load([path], today=date(2017, 3, 1))
    assert loaded.frame.height == 19
    assert "after today (2017-03-01)" in loaded.warnings[0]
    assert loaded.coverage_end == date(2017, 1, 19)

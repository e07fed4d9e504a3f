"""`fatalities trend` end to end: exit codes, stdout holds only data, real-file totals."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import ACLED_EVENTS, real_file

runner = CliRunner()
HEADER = "country,year,fatalities,events,ytd_fatalities,ytd_events,complete"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def by_year(stdout: str) -> dict[int, dict[str, str]]:
    return {int(row["year"]): row for row in csv.DictReader(io.StringIO(stdout))}


def test_csv_is_exactly_the_documented_header_and_one_row_per_year(hdx_mali: Path) -> None:
    code, out, _ = run("trend", str(hdx_mali), "--country", "mali", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == HEADER
    years = [int(line.split(",")[1]) for line in lines[1:]]
    assert years == list(range(1997, 2021))


def test_hdx_mali_totals_and_year_to_date_match_sources_md(hdx_mali: Path) -> None:
    code, out, _ = run("trend", str(hdx_mali), "--country", "mali", "--format", "csv")
    assert code == 0
    rows = by_year(out)
    assert {year: int(rows[year]["fatalities"]) for year in (2011, 2012, 2013, 2017)} == {
        2011: 57,
        2012: 538,
        2013: 883,
        2017: 948,
    }
    assert rows[2020]["complete"] == "false"
    assert rows[2019]["complete"] == "true"


def test_as_of_is_the_data_as_known_on_that_day(hdx_mali: Path) -> None:
    code, out, _ = run(
        "trend", str(hdx_mali), "--country", "Mali", "--as-of", "2017-11-20", "--format", "csv"
    )
    assert code == 0
    assert out.splitlines()[-1] == "Mali,2017,899,431,899,431,false"
    rows = by_year(out)
    assert max(rows) == 2017  # no 2018 row
    assert (int(rows[2013]["fatalities"]), int(rows[2013]["ytd_fatalities"])) == (883, 856)


# Annual fatalities and events per file, from SOURCES.md's independent reference tables.
SOURCES_ANNUAL = {
    "hdx_Conflict Data for Mali.csv": {
        2012: (538, 278),
        2013: (883, 311),
        2017: (950, 478),
        2018: (1762, 754),
    },
    "hdx_conflict_data_mli.csv": {
        2010: (47, 18),
        2016: (320, 167),
        2017: (948, 473),
        2018: (1747, 751),
    },
    "api_old_Processed_Acled_Mali_sortedcols.csv": {
        2011: (57, 29),
        2017: (948, 473),
        2018: (1747, 751),
    },
    "api_Processed_Acled_Mali.csv": {2014: (382, 152), 2015: (428, 178), 2017: (948, 473)},
    "2017-01-01-2019-02-27-Mali.csv": {2017: (949, 475), 2018: (1761, 752)},
    "monadic_2017-01-01-2020-12-31-Mali.csv": {2017: (946, 473), 2018: (1747, 751)},
    "ACLED All Africa File_20160101 to 20160528_csv.csv": {2015: (3, 1), 2016: (108, 54)},
}
SOURCES_YTD_2017 = {
    "hdx_Conflict Data for Mali.csv": (901, 436),
    "hdx_conflict_data_mli.csv": (899, 431),
    "api_old_Processed_Acled_Mali_sortedcols.csv": (899, 431),
    "api_Processed_Acled_Mali.csv": (899, 431),
    "2017-01-01-2019-02-27-Mali.csv": (900, 434),
    "monadic_2017-01-01-2020-12-31-Mali.csv": (897, 431),
}


@pytest.mark.parametrize("name", sorted(SOURCES_ANNUAL))
def test_every_real_event_file_gives_the_sources_md_totals(name: str) -> None:
    path = real_file("acled-events", name)
    code, out, err = run("trend", str(path), "--country", "Mali", "--format", "csv")
    assert code == 0, err
    rows = by_year(out)
    for year, (fatalities, events) in SOURCES_ANNUAL[name].items():
        assert (int(rows[year]["fatalities"]), int(rows[year]["events"])) == (fatalities, events)
    code, out, err = run(
        "trend", str(path), "--country", "Mali", "--format", "csv", "--as-of", "2017-11-20"
    )
    assert code == 0, err
    rows = by_year(out)
    if name in SOURCES_YTD_2017:
        assert (
            int(rows[2017]["ytd_fatalities"]),
            int(rows[2017]["ytd_events"]),
        ) == SOURCES_YTD_2017[name]


def test_monadic_file_is_not_double_counted_and_says_so() -> None:
    path = real_file("acled-events", "monadic_2017-01-01-2020-12-31-Mali.csv")
    code, out, err = run("trend", str(path), "--country", "Mali", "--format", "csv")
    assert code == 0
    assert by_year(out)[2017]["fatalities"] == "946"
    assert "2,900 duplicate" in err


def test_json_rows_are_objects_with_the_csv_keys_beside_the_source(hdx_mali: Path) -> None:
    code, out, _ = run("trend", str(hdx_mali), "--country", "Mali", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert list(result) == ["rows", "source"]
    rows = result["rows"]
    assert list(rows[0]) == [*HEADER.split(","), "covered_from", "covered_to"]
    assert (rows[0]["covered_from"], rows[-1]["covered_to"]) == ("1997-01-06", "2020-07-31")
    assert {row["year"]: row["fatalities"] for row in rows}[2013] == 883
    assert rows[-1]["complete"] is False


def test_pipe_default_is_csv_with_nothing_else_on_stdout(hdx_mali: Path) -> None:
    code, out, _ = run("trend", str(hdx_mali), "--country", "Mali")
    assert code == 0
    assert out.splitlines()[0] == HEADER
    assert all(len(line.split(",")) == 7 for line in out.splitlines())


def test_table_format_shows_the_partial_year_marked(hdx_mali: Path) -> None:
    code, out, _ = run(
        "trend", str(hdx_mali), "--country", "Mali", "--format", "table", "--no-chart"
    )
    assert code == 0
    assert "2020*" in out
    assert "1,747" in out
    assert "partial year" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["trend", "missing.csv", "--country", "Mali"], "no such file"),
        (["trend", "--country", "Maly"], "did you mean Mali"),
        (["trend", "--country", "Mali", "--as-of", "20/11/2017"], "YYYY-MM-DD"),
    ],
)
def test_errors_are_one_line_exit_2_and_no_traceback(args: list[str], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert fragment in err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("fatalities: error:")]
    assert len(errors) == 1


def test_html_saved_as_csv_is_a_clear_error() -> None:
    path = real_file("negative", "acled_mali.csv")
    code, out, err = run("trend", str(path), "--country", "Mali")
    assert code == 2
    assert "HTML" in err and str(path) in err
    assert out == ""


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["trend", str(tmp_path / "x.csv"), "--country", "Mali", "--debug"])
    assert result.exit_code != 0
    assert result.exception is not None
    assert type(result.exception).__name__ == "InputError"


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    if not ACLED_EVENTS.exists():
        pytest.skip("real data not available")
    source = ACLED_EVENTS / "hdx_conflict_data_mli.csv"
    command = (
        f"{sys.executable} -m fatalities trend '{source}' --country Mali --format csv | head -1"
    )
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == HEADER
    # only the coverage line (said before the data), no traceback or pipe error
    assert done.stderr.splitlines() == [
        f"fatalities: {source}: covers 1997-01-06 to 2020-07-31, its first and last event "
        "dates (--covers START..END says otherwise)"
    ]


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fatalities", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("fatalities ")

"""The bad-input table (docs/input-errors.md) as one parametrized test.

Each row: a file in tests/data/bad, extra options, a fragment the one-line message
must contain, and the exit code. Errors are one line on stderr, exit 2, no
traceback, and the input is never modified. Rows that load with a warning exit 0
and must fail (exit 2) under ``--strict``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import real_file

BAD = Path(__file__).parents[1] / "data" / "bad"
runner = CliRunner()

#: (file, message fragment, exit code); exit 0 rows are load-and-warn cases.
TABLE: list[tuple[str, str, int]] = [
    ("empty.csv", "the file is empty", 2),
    ("header_only.csv", "header only, no data rows", 2),
    ("truncated_last_record.csv", "line 22: the last record is cut short (2 of 5 fields)", 2),
    ("binary.csv", "binary data, not a CSV file", 2),
    ("html_error_page.csv", "an HTML page, not data", 2),
    ("json_error_page.csv", "a JSON error response, not data ('Access denied", 2),
    ("no_data_sheet.xlsx", "no sheet holds ACLED- or UCDP-style data (sheets: TOU, Chart)", 2),
    ("wrong_delimiter.csv", "fields seem separated by ':'", 2),
    ("missing_fatalities.csv", "missing column(s) fatalities", 2),
    ("missing_date.csv", "missing column(s) event_date", 2),
    (
        "text_fatalities.csv",
        "6 row(s) with fatalities that are not a whole number >= 0 (line 2: 'unknown'",
        2,
    ),
    (
        "negative_fatalities.csv",
        "skipped 1 row(s) with fatalities that are not a whole number >= 0 (line 6: '-2')",
        0,
    ),
    (
        "fractional_fatalities.csv",
        "skipped 1 row(s) with fatalities that are not a whole number >= 0 (line 8: '2.5')",
        0,
    ),
    ("date_before_1989.csv", "skipped 1 row(s) with an event_date before 1989 or after today", 0),
    ("date_in_future.csv", "(line 11: '2999-01-01')", 0),
    (
        "bad_date.csv",
        "skipped 1 row(s) with an event_date not in the file's date format '%Y-%m-%d' (line 13: '2017-02-30')",
        0,
    ),
    (
        "year_disagrees.csv",
        "1 row(s) have a year column that disagrees with event_date; the date is used (line 2)",
        0,
    ),
    ("empty_fatalities.csv", "1 row(s) with empty fatalities counted as 0 (line 5)", 0),
    ("semicolon_delimiter.csv", "fields are separated by semicolons, not commas", 0),
]


def run(*args: str) -> tuple[int, str, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr, repr(result.exception)


@pytest.mark.parametrize(("name", "fragment", "code"), TABLE, ids=[row[0] for row in TABLE])
def test_bad_input_table(name: str, fragment: str, code: int) -> None:
    path = BAD / name
    before = path.read_bytes()
    exit_code, out, err, exception = run("trend", str(path), "--country", "Mali", "--format", "csv")
    assert exit_code == code, err + exception
    assert fragment in err
    assert "Traceback" not in err
    assert path.read_bytes() == before
    if code == 2:
        assert out == ""
        errors = [line for line in err.splitlines() if "error:" in line]
        assert len(errors) == 1 and str(path) in errors[0]


WARNED = [row for row in TABLE if row[2] == 0 and "semicolons" not in row[1]]


@pytest.mark.parametrize(("name", "fragment", "code"), WARNED, ids=[row[0] for row in WARNED])
def test_strict_makes_each_warning_an_error(name: str, fragment: str, code: int) -> None:
    exit_code, out, err, _ = run(
        "trend", str(BAD / name), "--country", "Mali", "--format", "csv", "--strict"
    )
    assert exit_code == 2
    assert out == ""
    assert fragment in err and "--strict" in err
    assert len(err.strip().splitlines()) == 1


def test_the_real_html_page_saved_as_csv() -> None:
    path = real_file("negative", "acled_mali.csv")
    exit_code, out, err, _ = run("trend", str(path), "--country", "Mali")
    assert exit_code == 2 and out == ""
    assert err.strip() == (
        f"fatalities: error: {path}: an HTML page, not data (a failed download saved as CSV?); "
        "download the file again"
    )


def test_every_row_is_documented() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "input-errors.md").read_text()
    for name, _, _ in TABLE:
        assert f"`{name}`" in documented, name

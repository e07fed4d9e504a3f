"""Golden CLI output for every analysis option, on a small synthetic fixture.

The fixture (tests/data/analysis/events.csv) holds Mali 2014 to June 2017 and Niger
March 2016 to July 2017, with a week crossing 1 January, an empty admin2 and an
empty sub-event type; old_types.csv holds pre-2019 event types.

Each case's exit code, stdout and stderr are kept in tests/data/golden/analysis/.
Regenerate after an intended change with

    FATALITIES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_analysis_golden.py

and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

HERE = Path(__file__).resolve().parents[1]
DATA = HERE / "data" / "analysis"
GOLDEN = HERE / "data" / "golden" / "analysis"
EVENTS = str(DATA / "events.csv")
OLD = str(DATA / "old_types.csv")
UPDATE = os.environ.get("FATALITIES_UPDATE_GOLDEN") == "1"

TREND = ["trend", EVENTS]
CASES: dict[str, list[str]] = {
    # periods
    "year_plain_csv": [*TREND, "-c", "Mali", "-f", "csv"],
    "quarter_csv": [*TREND, "-c", "Mali", "--period", "quarter", "-f", "csv"],
    "month_cumulative_csv": [*TREND, "-c", "Mali", "--period", "month", "--cumulative", "-f", "csv"],
    "week_across_new_year_csv": [
        *TREND, "-c", "Mali", "--period", "week", "--from", "2015", "--to", "2016", "-f", "csv",
    ],
    "month_table": [*TREND, "-c", "Niger", "--period", "month", "--no-chart", "-f", "table"],
    "week_json": [*TREND, "-c", "Niger", "--period", "week", "--from", "2017", "-f", "json"],
    # breakdowns
    "by_event_type_csv": [*TREND, "-c", "Mali", "--by", "event_type", "-f", "csv"],
    "by_admin1_top2_table": [
        *TREND, "-c", "Mali", "--by", "admin1", "--top", "2", "--no-chart", "-f", "table",
    ],
    "by_admin2_quarter_top2_csv": [
        *TREND, "-c", "Mali", "--by", "admin2", "--top", "2", "--period", "quarter",
        "--from", "2016", "-f", "csv",
    ],
    "by_sub_event_type_csv": [*TREND, "-c", "Mali", "--by", "sub_event_type", "--from", "2016", "-f", "csv"],
    "by_disorder_type_table": [
        *TREND, "-c", "Mali,Niger", "--by", "disorder_type", "--no-chart", "-f", "table",
    ],
    "by_actor1_top3_csv": [*TREND, "-c", "Niger", "--by", "actor1", "--top", "3", "-f", "csv"],
    "by_interaction_csv": [*TREND, "-c", "Niger", "--by", "interaction", "-f", "csv"],
    "by_event_type_and_admin1_top3_csv": [
        *TREND, "-c", "Mali", "--by", "event_type", "--by", "admin1", "--top", "3", "-f", "csv",
    ],
    "by_country_top1_csv": [*TREND, "--all-countries", "--by", "country", "--top", "1", "-f", "csv"],
    # selection
    "two_countries_quarter_csv": [*TREND, "-c", "Mali", "-c", "Niger", "--period", "quarter", "-f", "csv"],
    "combine_csv": [*TREND, "-c", "Mali,Niger", "--combine", "-f", "csv"],
    "region_csv": [*TREND, "--region", "western africa", "-f", "csv"],
    "iso_csv": [*TREND, "--iso", "562", "-f", "csv"],
    "all_countries_combined_month_csv": [
        *TREND, "--all-countries", "--combine", "--period", "month", "--from", "2017", "-f", "csv",
    ],
    "event_type_filter_csv": [*TREND, "-c", "Mali", "--event-type", "Battles,Riots", "-f", "csv"],
    "sub_event_type_filter_csv": [*TREND, "-c", "Mali", "--sub-event-type", "Mob violence", "-f", "csv"],
    "political_violence_by_event_type_csv": [
        *TREND, "-c", "Mali", "--political-violence", "--by", "event_type", "-f", "csv",
    ],
    "political_violence_old_types_csv": [
        "trend", OLD, "-c", "Mali", "--political-violence", "--by", "event_type", "-f", "csv",
    ],
    "civilian_targeting_csv": [*TREND, "-c", "Mali", "--civilian-targeting", "-f", "csv"],
    # derived columns and projections
    "derived_year_table": [*TREND, "-c", "Mali", "--derived", "--no-chart", "-f", "table"],
    "derived_year_csv": [*TREND, "-c", "Mali", "--derived", "-f", "csv"],
    "derived_quarter_csv": [*TREND, "-c", "Mali", "--derived", "--period", "quarter", "-f", "csv"],
    "derived_month_table": [
        *TREND, "-c", "Mali", "--derived", "--period", "month", "--from", "2017", "--no-chart",
        "-f", "table",
    ],
    "derived_week_csv": [
        *TREND, "-c", "Niger", "--derived", "--period", "week", "--from", "2017", "-f", "csv",
    ],
    "project_seasonal_csv": [*TREND, "-c", "Mali", "--project", "seasonal", "-f", "csv"],
    "project_run_rate_table": [
        *TREND, "-c", "Mali", "--project", "run-rate", "--as-of", "2017-03-31", "--no-chart",
        "-f", "table",
    ],
    "project_auto_two_countries_json": [*TREND, "-c", "Mali,Niger", "--project", "auto", "-f", "json"],
    # summary
    "summary_table": ["summary", EVENTS, "-c", "Mali", "-f", "table"],
    "summary_json": ["summary", EVENTS, "-c", "Mali", "--as-of", "2017-03-31", "-f", "json"],
    "summary_political_violence_run_rate": [
        "summary", EVENTS, "-c", "Mali", "--political-violence", "--project", "run-rate", "-f", "table",
    ],
    "summary_combined_csv": ["summary", EVENTS, "-c", "Mali,Niger", "--combine", "-f", "csv"],
    "summary_full_year_table": ["summary", EVENTS, "-c", "Mali", "--as-of", "2016-12-31", "-f", "table"],
    # change alerts
    "change_week_table": ["change", EVENTS, "-c", "Mali,Niger", "-f", "table"],
    "change_month_csv": ["change", EVENTS, "-c", "Mali", "--period", "month", "-f", "csv"],
    "change_events_as_of_csv": [
        "change", EVENTS, "-c", "Mali", "--measure", "events", "--as-of", "2016-12-31", "-f", "csv",
    ],
    "change_fail_on_large_increase": [
        "change", EVENTS, "-c", "Mali", "--period", "month", "--fail-on", "large-increase", "-f", "csv",
    ],
    "change_fail_on_large_decrease_passes": [
        "change", EVENTS, "-c", "Mali", "--period", "month", "--fail-on", "large-decrease", "-f", "csv",
    ],
    # errors: one line, exit 2
    "error_top_without_by": [*TREND, "-c", "Mali", "--top", "2", "-f", "csv"],
    "error_project_months": [*TREND, "-c", "Mali", "--project", "auto", "--period", "month", "-f", "csv"],
    "error_cumulative_years": [*TREND, "-c", "Mali", "--cumulative", "-f", "csv"],
    "error_combine_by_country": [*TREND, "-c", "Mali,Niger", "--combine", "--by", "country", "-f", "csv"],
    "whole_file_no_country_csv": [*TREND, "--political-violence", "-f", "csv"],
    "error_no_place": ["summary", EVENTS, "--political-violence", "-f", "csv"],
    "error_unknown_region": [*TREND, "--region", "Westren Africa", "-f", "csv"],
    "error_unknown_event_type": [*TREND, "-c", "Mali", "--event-type", "Battle", "-f", "csv"],
    "error_civilian_targeting_old_file": ["trend", OLD, "-c", "Mali", "--civilian-targeting", "-f", "csv"],
    "error_summary_two_countries": ["summary", EVENTS, "-c", "Mali,Niger", "-f", "csv"],
}  # fmt: skip


def run(args: list[str]) -> str:
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    result = runner.invoke(app, args)
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    return text.replace(str(DATA), "DATA")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    actual = run(CASES[name])
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
    assert path.exists(), f"no golden file {path}; run with FATALITIES_UPDATE_GOLDEN=1"
    assert actual == path.read_text()


def test_no_stale_golden_files() -> None:
    kept = {path.stem for path in GOLDEN.glob("*.txt")}
    assert kept <= set(CASES), f"golden files without a case: {sorted(kept - set(CASES))}"


@pytest.mark.parametrize(
    ("name", "code"),
    [(name, 2) for name in CASES if name.startswith("error_")]
    + [("change_fail_on_large_increase", 1), ("change_fail_on_large_decrease_passes", 0)],
)
def test_exit_codes(name: str, code: int) -> None:
    first = run(CASES[name]).splitlines()[0]
    assert first == f"exit {code}"

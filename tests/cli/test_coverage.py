"""Figures honest about time (issue 13): covered spans, --as-of as the data known that
day, claims never silently dropped, ACLED Saturday weeks.

Synthetic fixtures in tests/data/coverage/: a rolling 12-month export (its file name
states the request window, 2025-04-01 to 2026-03-27) and three weeks of one country
(1 to 21 March 2020, no window in the name). Real-data checks skip without ../shared.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import SHARED

runner = CliRunner()
DATA = Path(__file__).parents[1] / "data" / "coverage"
ROLLING = DATA / "2025-04-01-2026-03-27-Somalia.csv"
THREE_WEEKS = DATA / "afghanistan-three-weeks.csv"
ARTICLE = SHARED / "seeds" / "mali-2017-article.txt"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def fixture_events(path: Path) -> list[tuple[date, int]]:
    """The fixture's own (date, fatalities), read with the standard library."""
    with path.open(encoding="utf-8") as handle:
        return [
            (date.fromisoformat(row["event_date"]), int(row["fatalities"]))
            for row in csv.DictReader(handle)
        ]


# --- the rolling window: 1 April 2025 to 27 March 2026 -------------------------------


def test_rolling_window_first_year_is_incomplete_and_its_year_to_date_empty() -> None:
    code, out, err = run("trend", str(ROLLING), "-c", "Somalia", "-f", "csv")
    assert code == 0, err
    assert "covers 2025-04-01 to 2026-03-27, the request window in its file name" in err
    rows = {row["year"]: row for row in csv_rows(out)}
    events = fixture_events(ROLLING)
    total_2025 = sum(f for day, f in events if day.year == 2025)
    total_2026 = sum(f for day, f in events if day.year == 2026)
    assert rows["2025"] == {
        "country": "Somalia", "year": "2025", "fatalities": str(total_2025),
        "events": str(sum(1 for day, _ in events if day.year == 2025)),
        "ytd_fatalities": "", "ytd_events": "", "complete": "false",
    }  # fmt: skip
    assert (rows["2026"]["ytd_fatalities"], rows["2026"]["complete"]) == (str(total_2026), "false")
    # the CSV header is the one it always was
    assert out.splitlines()[0] == (
        "country,year,fatalities,events,ytd_fatalities,ytd_events,complete"
    )


def test_rolling_window_json_rows_carry_their_covered_span() -> None:
    code, out, _ = run("trend", str(ROLLING), "-c", "Somalia", "-f", "json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert [(r["year"], r["covered_from"], r["covered_to"]) for r in rows] == [
        (2025, "2025-04-01", "2025-12-31"),
        (2026, "2026-01-01", "2026-03-27"),
    ]
    assert rows[0]["ytd_fatalities"] is None


def test_rolling_window_table_marks_the_partly_covered_year() -> None:
    code, out, _ = run("trend", str(ROLLING), "-c", "Somalia", "-f", "table", "--no-chart")
    assert code == 0
    assert "2025*" in out and "–" in out
    assert "* 2025: the data cover 2025-04-01 to 2025-12-31 only" in out


def test_rolling_window_summary_makes_no_comparison_with_days_not_covered() -> None:
    code, out, _ = run("summary", str(ROLLING), "-c", "Somalia", "-f", "table")
    assert code == 0
    assert "from 1 January to 27 March 2026" in out
    assert "no earlier full year" in out
    assert "ranks" not in out  # 2025's January to March is not in the file: never read as 0
    assert "Not compared at the same day: 2025" in out
    record = json.loads(run("summary", str(ROLLING), "-c", "Somalia", "-f", "json")[1])
    assert record["same_cut_years"] == 1 and record["not_comparable"] == [2025]


def test_rolling_window_check_gives_no_verdict_on_days_not_covered() -> None:
    text = (
        "In Somalia, over 70 people have been killed so far this year, "
        "more than in 2025. Over 200 people were killed in 2025.\n"
    )
    code, out, err = run("check", str(ROLLING), "--text", "-", "-f", "csv", stdin=text)
    rows = {row["id"]: row for row in csv_rows(out)}
    assert rows["2026-ytd"]["verdict"] == "holds"
    assert rows["2025"]["verdict"] == "unverifiable"
    assert "the data cover it only from 2025-04-01" in rows["2025"]["reason"]
    assert code == 1  # an unverifiable claim is not a pass
    assert f"of {len(rows)} claim(s) hold" in err
    code, _, _ = run(
        "check", str(ROLLING), "--text", "-", "--allow-unverifiable", "-f", "csv", stdin=text
    )
    assert code == 0


# --- three weeks: 1 to 21 March 2020 --------------------------------------------------


def test_three_weeks_summary_names_the_covered_span_and_projects_on_it() -> None:
    events = fixture_events(THREE_WEEKS)
    total = sum(f for _, f in events)
    code, out, err = run("summary", str(THREE_WEEKS), "-c", "Afghanistan", "-f", "table")
    assert code == 0, err
    assert f"{total:,} fatalities in {len(events)} events from 1 March to 21 March 2020" in out
    assert "1 January" not in out
    days = (date(2020, 3, 21) - date(2020, 3, 1)).days + 1
    assert f"the {days} days the data cover" in out
    assert f"{round(total * 366 / days):,} fatalities" in out


def test_three_weeks_trend_project_uses_the_covered_days_only() -> None:
    events = fixture_events(THREE_WEEKS)
    total = sum(f for _, f in events)
    code, out, err = run(
        "trend", str(THREE_WEEKS), "-c", "Afghanistan", "--project", "auto", "-f", "csv"
    )
    assert code == 0, err
    (row,) = csv_rows(out)
    assert (row["ytd_fatalities"], row["complete"]) == ("", "false")
    assert int(row["projected_fatalities"]) == round(total * 366 / 21)
    assert "run-rate over the covered days only" in err


def test_three_weeks_are_saturday_weeks_that_sum_to_the_total() -> None:
    code, out, _ = run(
        "trend", str(THREE_WEEKS), "-c", "Afghanistan", "--period", "week", "-f", "csv"
    )
    assert code == 0
    rows = csv_rows(out)
    assert all(date.fromisoformat(row["period"]).weekday() == 5 for row in rows)
    assert sum(int(row["fatalities"]) for row in rows) == sum(
        f for _, f in fixture_events(THREE_WEEKS)
    )
    # the first week starts before the data and the last ends after: both partial
    assert [row["complete"] for row in rows] == ["false", "true", "true", "false"]


def test_three_weeks_change_compares_only_whole_covered_weeks() -> None:
    code, out, _ = run("change", str(THREE_WEEKS), "-c", "Afghanistan", "-f", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert {row["periods_used"] for row in rows} == {"1"}  # 7-13 March only, not 29 Feb-6 Mar
    code, out, _ = run("change", str(THREE_WEEKS), "-c", "Afghanistan", "-f", "table")
    assert "mean of previous 1 week " in out and "4 weeks" not in out


def test_covers_states_the_span_and_makes_the_year_to_date_a_figure() -> None:
    code, out, err = run(
        "trend", str(THREE_WEEKS), "-c", "Afghanistan", "--covers", "2020-01-01..2020-03-21",
        "-f", "csv",
    )  # fmt: skip
    assert code == 0
    assert "covers 2020-01-01 to 2020-03-21, as --covers says" in err
    (row,) = csv_rows(out)
    assert row["ytd_fatalities"] == row["fatalities"]


def test_a_bad_covers_is_an_input_error() -> None:
    code, _, err = run("trend", str(THREE_WEEKS), "-c", "Afghanistan", "--covers", "2020-03")
    assert code == 2
    assert "--covers 2020-03: expected START..END" in err


# --- check: a text's own date, claims never dropped ------------------------------------


def test_a_dated_text_is_checked_as_of_its_date(tmp_path: Path) -> None:
    text = tmp_path / "dated.txt"
    text.write_text(
        "KABUL, March 21, 2020 - Over 600 people have been killed so far this year.\n",
        encoding="utf-8",
    )
    code, out, err = run("check", str(THREE_WEEKS), "--text", str(text), "-f", "csv")
    assert "as of 2020-03-21, the date" in err
    (row,) = csv_rows(out)
    assert (row["id"], row["as_of"]) == ("2020-ytd", "2020-03-21")
    # the span 1 January to 21 March is not covered by three weeks of March
    assert row["verdict"] == "unverifiable" and code == 1
    code, out, err = run(
        "check", str(THREE_WEEKS), "--text", str(text), "--as-of", "2020-03-14", "-f", "csv"
    )
    assert "as of 2020-03-14 (--as-of)" in err
    assert csv_rows(out)[0]["as_of"] == "2020-03-14"


def test_a_text_whose_only_figure_is_so_far_this_year_is_checked() -> None:
    code, out, err = run(
        "check", str(ROLLING), "--text", "-", "-f", "csv",
        stdin="In Somalia, over 50 people have been killed so far this year.",
    )  # fmt: skip
    assert code == 0, err
    (row,) = csv_rows(out)
    assert (row["id"], row["verdict"]) == ("2026-ytd", "holds")


def test_the_article_without_as_of_reports_every_claim(hdx_mali: Path) -> None:
    if not ARTICLE.exists():
        pytest.skip(f"the article is not available: {ARTICLE}")
    code, out, err = run("check", str(hdx_mali), "--text", str(ARTICLE), "-f", "csv")
    rows = csv_rows(out)
    assert len(rows) == 5  # 2011, 2012, 2013, "this year", "on track ... in over a decade"
    assert all(row["verdict"] in {"holds", "fails", "unverifiable"} for row in rows)
    assert "needs --as-of" not in err
    assert "states no date" in err
    assert f"of {len(rows)} claim(s) hold" in err
    held = sum(row["verdict"] == "holds" for row in rows)
    assert (code == 0) == (held == len(rows))


# --- --as-of on the real Mali file: every view agrees ----------------------------------


def test_as_of_2017_11_20_every_view_agrees_on_2017s_rank(hdx_mali: Path) -> None:
    cut = ("--as-of", "2017-11-20")
    code, out, _ = run("trend", str(hdx_mali), "-c", "Mali", *cut, "-f", "csv")
    assert out.splitlines()[-1] == "Mali,2017,899,431,899,431,false"
    code, out, _ = run("trend", str(hdx_mali), "-c", "Mali", *cut, "--derived", "-f", "csv")
    derived = {row["year"]: row for row in csv_rows(out)}
    assert max(derived) == "2017"
    assert (derived["2017"]["rank"], derived["2017"]["ytd_rank"]) == ("1", "1")
    summary = json.loads(run("summary", str(hdx_mali), "-c", "Mali", *cut, "-f", "json")[1])
    assert summary["same_cut_rank"] == 1 and summary["exceeds_every_full_year"] is True
    code, out, _ = run(
        "trend", str(hdx_mali), "-c", "Mali", *cut, "--chart", "pace", "-f", "table",
        "--width", "80",
    )  # fmt: skip
    assert code == 0
    assert "2017 (to 20 Nov)" in out and "2013 (worst: 883)" in out  # 2017 above the worst


def test_weeks_on_real_data_are_saturdays_summing_to_the_covered_total(hdx_mali: Path) -> None:
    code, out, _ = run("trend", str(hdx_mali), "-c", "Mali", "--period", "week", "-f", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert {date.fromisoformat(row["period"]).weekday() for row in rows} == {5}
    assert all(row["year"] == row["period"][:4] for row in rows)
    assert sum(int(row["fatalities"]) for row in rows) == 9660  # SOURCES.md, 1997-2020


def test_a_claim_about_a_country_the_data_lack_is_unverifiable(tmp_path: Path) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(
        '[source]\ntitle = "t"\n'
        '[[claim]]\nid = "chad"\ncountry = "Chad"\nkind = "value"\nyear = 2020\n'
        'qualifier = "over"\nvalue = 10\n'
        '[[claim]]\nid = "afg"\ncountry = "Afghanistan"\nkind = "value"\nyear = 2020\n'
        'qualifier = "over"\nvalue = 10\nbasis = "year_to_date"\nas_of = 2020-03-21\n',
        encoding="utf-8",
    )
    args = (
        "check",
        str(THREE_WEEKS),
        "--claims",
        str(claims),
        "--covers",
        "2020-01-01..2020-03-21",
    )
    code, out, err = run(*args, "-f", "csv")
    rows = {row["id"]: row for row in csv_rows(out)}
    assert (rows["chad"]["verdict"], rows["chad"]["reason"]) == (
        "unverifiable",
        "the data hold no events for Chad",
    )
    assert rows["afg"]["verdict"] == "holds"
    assert code == 1 and "1 of 2 claim(s) hold; 1 unverifiable: chad" in err
    assert run(*args, "--allow-unverifiable")[0] == 0


def test_with_several_inputs_each_country_has_its_own_coverage() -> None:
    code, out, _ = run(
        "trend", str(ROLLING), str(THREE_WEEKS), "-c", "Somalia,Afghanistan", "-f", "json"
    )
    assert code == 0
    rows = [
        (r["country"], r["year"], r["covered_from"], r["covered_to"])
        for r in json.loads(out)["rows"]
    ]
    assert rows == [
        ("Somalia", 2025, "2025-04-01", "2025-12-31"),
        ("Somalia", 2026, "2026-01-01", "2026-03-27"),
        ("Afghanistan", 2020, "2020-03-01", "2020-03-21"),  # no years its file does not cover
    ]

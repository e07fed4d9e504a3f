"""`check`: verdicts on synthetic series, the CLI's exit codes, and the article on real data."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from fatalities.claims.check import Result, Verdict, check_claims, overall, run_rate
from fatalities.claims.model import Basis, Claim, ClaimKind, Filters, Relation, Window
from fatalities.cli.app import app
from fatalities.core.coverage import Coverage
from tests.conftest import SHARED

runner = CliRunner()
CLAIMS_DATA = Path(__file__).parents[1] / "data" / "claims"
ARTICLE = SHARED / "seeds" / "mali-2017-article.txt"
AS_OF = date(2017, 11, 20)

# A small Mali: one event on 1 March and one on 1 December of each year, so the
# 20 November cut keeps exactly the March event.
YEARS = {2010: (40, 7), 2011: (50, 7), 2012: (500, 38), 2013: (856, 27), 2014: (300, 82)}


def events(years: dict[int, tuple[int, int]] = YEARS) -> pl.DataFrame:
    rows = []
    for year, (march, december) in years.items():
        rows.append(("Mali", date(year, 3, 1), march, "Battles", "Armed clash"))
        rows.append(("Mali", date(year, 12, 1), december, "Riots", "Peaceful protest"))
    return pl.DataFrame(
        rows,
        schema=["country", "event_date", "fatalities", "event_type", "sub_event_type"],
        orient="row",
    )


def value(year: int, qualifier: str, figure: int, **fields: object) -> Claim:
    claim = Claim(f"c{year}", "Mali", "", ClaimKind.value, year, qualifier=qualifier, value=figure)
    return replace(claim, **fields)  # type: ignore[arg-type]


def check(
    *claims: Claim,
    as_of: date | None = None,
    tolerance: float = 1.0,
    projection: str | None = None,
) -> list[Result]:
    return check_claims(
        events(),
        claims,
        coverage_end=date(2014, 12, 31),
        as_of=as_of,
        tolerance=tolerance,
        projection=projection,
        coverage=Coverage(date(2010, 1, 1), date(2014, 12, 31)),  # whole years by design
    )


# (claim, verdict, value of the deciding reading)
VALUE_CASES = [
    (value(2013, "just over", 850), Verdict.holds, 883),
    (value(2013, "about", 850), Verdict.fails, 883),
    (value(2012, "over", 500), Verdict.holds, 538),
    (value(2012, "exactly", 538), Verdict.holds, 538),
    (value(2012, "under", 500), Verdict.fails, 538),
    (value(2011, "just over", 50), Verdict.holds, 57),
    (value(2013, "nearly", 900), Verdict.holds, 883),
    (value(2013, "over", 850, basis=Basis.year_to_date, as_of=AS_OF), Verdict.holds, 856),
    (value(2013, "between", 850, value_high=860, as_of=AS_OF), Verdict.fails, 883),
    (value(2009, "over", 1), Verdict.unverifiable, None),
    (value(2015, "over", 1), Verdict.unverifiable, None),
    (value(2013, "over", 400, filters=Filters(event_types=("Battles",))), Verdict.holds, 856),
    (value(2013, "over", 900, filters=Filters(political_violence=True)), Verdict.fails, 856),
]


@pytest.mark.parametrize(("claim", "verdict", "figure"), VALUE_CASES)
def test_value_claims(claim: Claim, verdict: Verdict, figure: int | None) -> None:
    (result,) = check(claim)
    assert result.verdict is verdict
    assert result.reading.value == figure


def test_full_year_claim_with_as_of_shows_the_same_cut_beside_it() -> None:
    claim = value(2013, "just over", 850, as_of=AS_OF)
    (strict,) = check(claim, tolerance=0.5)
    assert strict.reading.value == 883 and strict.reading.verdict is Verdict.fails
    assert strict.same_cut is not None
    assert strict.same_cut.value == 856 and strict.same_cut.verdict is Verdict.holds
    assert "may be year-to-date" in strict.reason
    assert strict.verdict is Verdict.fails


def test_cli_as_of_overrides_the_claims_date() -> None:
    claim = value(2013, "over", 800, basis=Basis.year_to_date, as_of=AS_OF)
    (result,) = check(claim, as_of=date(2013, 2, 1))
    assert result.reading.value == 0
    assert result.verdict is Verdict.fails


@pytest.mark.parametrize(
    ("relation", "year", "other", "verdict"),
    [
        (Relation.more_than, 2013, 2012, Verdict.holds),
        (Relation.fewer_than, 2013, 2012, Verdict.fails),
        (Relation.more_than_twice, 2013, 2014, Verdict.holds),  # 883 > 2 × 382
        (Relation.twice, 2013, 2014, Verdict.fails),  # 2.31 is not about 2
        (Relation.twice, 2014, 2010, Verdict.fails),  # 382 / 47
        (Relation.rise, 2012, 2011, Verdict.holds),
        (Relation.fall, 2014, 2013, Verdict.holds),
        (Relation.more_than, 2013, 2009, Verdict.unverifiable),
    ],
)
def test_comparisons(relation: Relation, year: int, other: int, verdict: Verdict) -> None:
    claim = Claim(
        "c", "Mali", "", ClaimKind.comparison, year, relation=relation, compared_with=other
    )
    (result,) = check(claim)
    assert result.verdict is verdict


def test_twice_with_a_wide_tolerance() -> None:
    claim = Claim(
        "c", "Mali", "", ClaimKind.comparison, 2013, relation=Relation.twice, compared_with=2014
    )
    (result,) = check(claim, tolerance=2)
    assert result.verdict is Verdict.holds


def test_rise_checks_both_ends() -> None:
    claim = Claim(
        "c",
        "Mali",
        "",
        ClaimKind.comparison,
        2012,
        relation=Relation.rise,
        compared_with=2011,
        from_value=50,
        from_qualifier="just over",
        value=600,
        qualifier="over",
    )
    (result,) = check(claim)
    assert result.verdict is Verdict.fails
    assert "538 not in > 600" in result.reason


def rank(year: int, window: Window, **fields: object) -> Claim:
    claim = Claim("r", "Mali", "", ClaimKind.rank, year, window=window)
    return replace(claim, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (rank(2013, Window(on_record=True)), Verdict.holds),
        (rank(2014, Window(on_record=True)), Verdict.fails),
        (rank(2014, Window(since=2012)), Verdict.fails),
        (rank(2013, Window(years=3)), Verdict.holds),
        (rank(2013, Window(years=3, over=True)), Verdict.unverifiable),  # 2009: before the data
        (rank(2014, Window(years=3), rank=3), Verdict.holds),  # 382 after 883 and 538
        (rank(2014, Window(years=3), rank=2), Verdict.fails),
    ],
)
def test_rank_claims(claim: Claim, verdict: Verdict) -> None:
    (result,) = check(claim)
    assert result.verdict is verdict


def test_running_year_rank_holds_early_only_when_already_above() -> None:
    # 2013 to 20 Nov (856) is already above 2011 and 2012's full years (57, 538).
    ahead = rank(2013, Window(years=2), as_of=date(2013, 11, 20))
    (result,) = check(ahead)
    assert (result.verdict, result.reading.value) == (Verdict.holds, 856)
    # 2014 to 20 Nov (300) is below 2013's 883, but 2014 is not over: no verdict yet.
    behind = rank(2014, Window(years=2), as_of=date(2014, 11, 20))
    (result,) = check(behind)
    assert result.verdict is Verdict.unverifiable
    assert "not over" in result.reason


def test_projection_uses_the_analysis_core_and_shows_the_later_full_year() -> None:
    claim = Claim(
        "p",
        "Mali",
        "",
        ClaimKind.projection,
        2013,
        window=Window(years=3),
        as_of=date(2013, 11, 20),
    )
    (result,) = check(claim, projection="run-rate")
    assert result.reading.value == run_rate(856, date(2013, 11, 20))
    assert result.verdict is Verdict.holds
    assert result.same_cut is not None
    assert result.same_cut.label == "full year 2013 (later)"
    assert result.same_cut.value == 883


def test_overall_verdict() -> None:
    held, failed = check(value(2012, "over", 500), value(2012, "over", 600))
    assert overall([held]) is Verdict.holds
    assert overall([held, failed]) is Verdict.fails


# --------------------------------------------------------------------------- CLI


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_default_checks_the_article_on_the_sample_and_exits_0() -> None:
    code, out, err = run("--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["id"] for row in rows] == [
        "mali-2011",
        "mali-2012",
        "mali-2013",
        "mali-2017-ytd",
        "mali-2017-most-violent",
    ]
    assert {row["verdict"] for row in rows} == {"holds"}
    assert "5 of 5 claim(s) hold" in err


def test_claims_that_must_hold_on_the_sample() -> None:
    code, out, err = run("--claims", str(CLAIMS_DATA / "holds_on_sample.toml"), "-f", "json")
    assert code == 0, err
    assert {row["verdict"] for row in json.loads(out)["rows"]} == {"holds"}


def test_one_false_figure_exits_1_and_names_it() -> None:
    code, out, err = run("--claims", str(CLAIMS_DATA / "one_false_figure.toml"), "-f", "csv")
    assert code == 1
    verdicts = {row["id"]: row["verdict"] for row in csv.DictReader(io.StringIO(out))}
    assert verdicts == {
        "mali-2011": "holds",
        "mali-2012-false": "fails",
        "mali-2017-so-far": "holds",
    }
    assert "1 fail: mali-2012-false" in err


def test_unverifiable_exits_1() -> None:
    claims = '[[claim]]\nid = "future"\ncountry = "Mali"\nyear = 2031\nvalue = 5\n'
    code, _, err = run("--claims", "-", "-f", "csv", stdin=claims)
    assert code == 1
    assert "unverifiable: future" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claims", "no-such.toml"], "claims file not found"),
        (["--claims", "-"], "no [[claim]]"),
        (["--tolerance", "-1"], "Invalid value"),
        (["--as-of", "yesterday"], "not a date"),
        (["--claims", "x.toml", "--text", "y.txt"], "not both"),
        (["--text", "no-such.txt"], "file not found"),
        (["no-such-data.csv"], "no-such-data.csv"),
        (["--project", "guess"], "not a projection method"),
        (["-", "--claims", "-"], "stdin (-) can feed only one"),
    ],
)
def test_input_errors_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(*args, stdin="")
    assert code == 2
    assert message in err


def test_a_country_absent_from_the_data_is_unverifiable_not_bad_input() -> None:
    claims = '[[claim]]\nid = "x"\ncountry = "Atlantis"\nyear = 2012\nvalue = 5\n'
    code, out, err = run("--claims", "-", "-f", "csv", stdin=claims)
    assert code == 1  # a claim the data cannot check is not a pass (issue 13)
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["verdict"], row["reason"]) == (
        "unverifiable",
        "the data hold no events for Atlantis",
    )
    assert "0 of 1 claim(s) hold; 1 unverifiable: x" in err


def test_text_from_stdin_lists_claims_and_skips() -> None:
    prose = (
        "Over 750 have died in Mali this year. In 2014, nearly 3,000 French troops arrived. "
        "There were just over 850 deaths in all of 2013."
    )
    code, out, err = run("--text", "-", "--as-of", "2017-11-20", "-f", "csv", stdin=prose)
    assert code == 0, err
    assert "understood 2 claim(s) about Mali" in err
    assert '3,000: "In 2014, nearly 3,000 French troops arrived." (counts' in err
    assert [row["id"] for row in csv.DictReader(io.StringIO(out))] == ["2017-ytd", "2013"]


def test_text_without_claims_exits_2() -> None:
    code, _, err = run("--text", "-", "--country", "Mali", stdin="Nothing to see in Mali.")
    assert code == 2
    assert "found no death figure" in err


ONE_COUNTRY = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,country,admin1,fatalities\n"
    "MLI1,2012-03-01,2012,Battles,Armed clash,Mali,Gao,300\n"
    "MLI2,2012-12-20,2012,Battles,Armed clash,Mali,Gao,238\n"
    "MLI3,2013-05-01,2013,Battles,Armed clash,Mali,Gao,10\n"
)


def test_text_naming_no_country_uses_the_data_only_country(tmp_path: Path) -> None:
    data = tmp_path / "mali.csv"
    data.write_text(ONE_COUNTRY, encoding="utf-8")
    prose = "Deaths rose to over 500 in 2012."
    # the file's first event is 1 March 2012: 2012 as a full year is not covered
    code, out, err = run(str(data), "--text", "-", "-f", "csv", stdin=prose)
    assert code == 1
    assert "unverifiable" in out and "the data cover it only from 2012-03-01" in out
    covers = ("--covers", "2012-01-01..2013-05-01")
    code, out, err = run(str(data), *covers, "--text", "-", "-f", "csv", stdin=prose)
    assert code == 0, err
    assert "the text names no country; using the data's only country, Mali" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(row["id"], row["country"], row["value"]) for row in rows] == [("2012", "Mali", "538")]


def test_text_naming_no_country_of_several_still_needs_country() -> None:
    code, _, err = run("--text", "-", stdin="Deaths rose to over 500 in 2012.")
    assert code == 2
    assert "names no country of the data (Burkina Faso, Mali, Niger); pass --country" in err


def test_text_with_only_a_single_incident_lists_it_as_skipped() -> None:
    code, _, err = run("--text", "-", "--country", "Mali", stdin="In 2017, 20 people died.")
    assert code == 2
    assert '20: "In 2017, 20 people died." (looks like a single incident)' in err
    assert "found no death figure" in err


def test_table_output_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "results.json"
    code, out, _ = run("-o", str(target))
    assert code == 0
    assert out == ""
    rows = json.loads(target.read_text())["rows"]
    assert rows[2]["other_reading"] == "to 20 Nov 2013"
    code, out, _ = run("-f", "table")
    lines = out.splitlines()
    assert lines[0] == "Synthetic sample data, not ACLED figures"  # the bundled sample
    assert lines[-1].startswith("Source: synthetic sample data, not ACLED figures")
    lines = lines[1:]
    assert lines[0].split() == ["reading", "value", "verdict", "expects"]
    at = lines.index('mali-2013: "just over 850 in all of 2013"')
    assert lines[at + 1].split() == ["full", "year", "2013", "883", "holds", "851–899"]
    assert lines[at + 2].split() == ["to", "20", "Nov", "2013", "856", "(holds)"]
    assert lines[at + 3] == "  = 883 is just over 850 (step 50): 851–899"


def test_output_file_is_written_even_when_a_claim_fails(tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    code, _, _ = run("--claims", str(CLAIMS_DATA / "one_false_figure.toml"), "-o", str(target))
    assert code == 1
    assert "mali-2012-false" in target.read_text()


# --------------------------------------------------------------------------- real data
# Expected figures: SOURCES.md's independent reference tables (hdx2020 column).


def real_results(path: Path, *args: str) -> dict[str, dict[str, str]]:
    code, out, err = run(str(path), "--as-of", "2017-11-20", "-f", "csv", *args)
    assert code == 0, err
    return {row["id"]: row for row in csv.DictReader(io.StringIO(out))}


def test_article_claims_on_hdx_mali(hdx_mali: Path) -> None:
    rows = real_results(hdx_mali)
    assert (rows["mali-2012"]["value"], rows["mali-2012"]["verdict"]) == ("538", "holds")
    ytd = rows["mali-2017-ytd"]
    assert (ytd["reading"], ytd["value"], ytd["verdict"]) == ("to 20 Nov 2017", "899", "holds")
    year_2013 = rows["mali-2013"]
    assert (year_2013["reading"], year_2013["value"]) == ("full year 2013", "883")
    assert (year_2013["other_reading"], year_2013["other_value"]) == ("to 20 Nov 2013", "856")
    assert year_2013["verdict"] == year_2013["other_verdict"] == "holds"  # 851–899
    decade = rows["mali-2017-most-violent"]
    assert decade["verdict"] == "holds"
    assert "899 by 20 Nov is already above every full year 2006–2016" in decade["reason"]
    assert "highest 883 in 2013" in decade["reason"]
    assert "the highest on record (from 1997)" in decade["reason"]
    # --as-of: the data as known on 20 November 2017, so no later full year (948) is read
    assert (decade["other_reading"], decade["other_value"]) == ("to 20 Nov 2017", "899")
    assert "948" not in json.dumps(rows)


def test_2013_readings_part_under_a_narrower_tolerance(hdx_mali: Path) -> None:
    code, out, _ = run(str(hdx_mali), "--as-of", "2017-11-20", "-f", "csv", "--tolerance", "0.5")
    assert code == 1
    row = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}["mali-2013"]
    assert (row["expects"], row["verdict"], row["other_verdict"]) == ("851–874", "fails", "holds")


def test_article_text_on_hdx_mali(hdx_mali: Path) -> None:
    if not ARTICLE.exists():
        pytest.skip(f"the article is not available: {ARTICLE}")
    code, out, err = run(
        str(hdx_mali), "--text", str(ARTICLE), "--as-of", "2017-11-20", "-f", "csv"
    )
    assert code == 0, err
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"2011", "2012", "2013", "2017-ytd", "2017-projection"}
    assert {row["verdict"] for row in rows.values()} == {"holds"}
    assert "1,000" in err and "fighters" in err
    assert "3,000" in err and "French troops" in err


@given(
    march=st.integers(min_value=0, max_value=5000),
    december=st.integers(min_value=0, max_value=5000),
)
def test_a_claim_of_the_data_own_figures_holds_and_one_more_fails(
    march: int, december: int
) -> None:
    frame = events({2012: (march, december)})
    total = march + december

    def verdict(qualifier: str, figure: int, basis: Basis = Basis.year) -> Verdict:
        claim = value(2012, qualifier, figure, basis=basis, as_of=date(2012, 11, 20))
        (result,) = check_claims(
            frame, [claim], coverage_end=date(2012, 12, 31),
            coverage=Coverage(date(2012, 1, 1), date(2012, 12, 31)),
        )  # fmt: skip
        return result.verdict

    assert verdict("exactly", total) is Verdict.holds
    assert verdict("exactly", total + 1) is Verdict.fails
    assert verdict("at least", total) is Verdict.holds
    assert verdict("over", total) is Verdict.fails
    assert verdict("exactly", march, Basis.year_to_date) is Verdict.holds
    assert verdict("about", total) is Verdict.holds

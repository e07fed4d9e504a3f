"""What a source counts, and how it is named and described.

- ``--political-violence`` on sources that count political violence only (ACLED's
  aggregated workbooks, UCDP GED) keeps every row; on HDX HAPI it keeps the
  ``political_violence`` rows; ``--civilian-targeting`` on HAPI says why it cannot.
- UCDP's ``Myanmar (Burma)`` is selected by either spelling.
- ``inspect`` says which ACLED event types an event file uses.
- A seeds ``.toml`` as ``trend`` input prints its figures; ``--country`` filters them.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.core.selection import select
from fatalities.errors import SelectionError
from fatalities.io.dialects import ACLED, ACLED_MONTHLY, DIALECTS, HDX_HAPI, UCDP_GED, Dialect
from fatalities.io.load import load
from fatalities.resources import seeds_path
from tests.conftest import ROOT, real_file

DIALECT_FILES = Path(__file__).parents[1] / "data" / "dialects"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def by_year(stdout: str) -> dict[str, tuple[str, str]]:
    """year -> (fatalities, events) from trend's CSV output."""
    return {
        row["year"]: (row["fatalities"], row["events"])
        for row in csv.DictReader(io.StringIO(stdout))
    }


# --- political violence by source -------------------------------------------------------

FRAME = pl.DataFrame(
    {
        "country": ["Mali"] * 4,
        "event_type": ["Battles", "Protests", "political_violence", "demonstration"],
        "sub_event_type": ["Armed clash", "Peaceful protest", None, None],
        "civilian_targeting": [None] * 4,
        "fatalities": [5, 0, 7, 0],
    },
    schema_overrides={"civilian_targeting": pl.String},
)


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        (ACLED, [5]),  # ACLED's rule, as before
        (ACLED_MONTHLY, [5, 0, 7, 0]),  # political violence only: every row
        (UCDP_GED, [5, 0, 7, 0]),
        (HDX_HAPI, [7]),  # its event_type says which rows
    ],
    ids=lambda value: value.name if isinstance(value, Dialect) else None,
)
def test_political_violence_follows_the_source(source: Dialect, kept: list[int]) -> None:
    chosen = select(FRAME, political_violence=True, source=source)
    assert chosen["fatalities"].to_list() == kept


def test_every_dialect_says_what_it_counts() -> None:
    scopes = {dialect.name: dialect.event_scope for dialect in DIALECTS}
    assert scopes == {
        "ucdp-ged": "political_violence",
        "hdx-hapi": "by_event_type",
        "acled-weekly": "all",
        "acled-monthly": "political_violence",
        "acled-legacy": "all",
        "acled": "all",
    }
    assert all(
        dialect.political_violence_types
        for dialect in DIALECTS
        if dialect.event_scope == "by_event_type"
    )


@pytest.mark.parametrize("source", [HDX_HAPI, UCDP_GED, ACLED_MONTHLY], ids=lambda d: d.name)
def test_civilian_targeting_explains_per_source(source: Dialect) -> None:
    with pytest.raises(SelectionError, match="--civilian-targeting: ") as raised:
        select(FRAME, civilian_targeting=True, source=source)
    assert source.civilian_targeting_hint in str(raised.value)


def test_mali_summary_workbook_political_violence_is_every_row() -> None:
    """SOURCES.md, political-violence table, acled_mali_summary.xlsx column."""
    path = str(real_file("acled-aggregated", "acled_mali_summary.xlsx"))
    code, out, err = run("trend", path, "-c", "Mali", "--political-violence", "-f", "csv")
    assert code == 0
    years = by_year(out)
    assert years["2016"] == ("317", "144")
    assert years["2017"] == ("945", "415")
    assert years["2018"] == ("1734", "585")
    assert "this source counts political violence only" in err
    assert "source: ACLED aggregated (political violence only)" in err
    plain = run("trend", path, "-c", "Mali", "--combine", "-f", "csv")
    assert plain[0] == 0 and by_year(plain[1]) == years


def test_global_workbook_political_violence_is_every_row() -> None:
    path = real_file(
        "acled-aggregated",
        "download-political-violence-events-and-fatalities-as-of-2025-01-10.xlsx",
    )
    sheet = pl.read_excel(path, sheet_name="HRP_1", infer_schema_length=0)
    mali = sheet.filter(pl.col("Country") == "Mali", pl.col("Year").cast(pl.String) == "2025")
    expected = (
        str(mali["Fatalities"].cast(pl.Int64).sum()),
        str(mali["Events"].cast(pl.Int64).sum()),
    )
    code, out, err = run("trend", str(path), "-c", "Mali", "--political-violence", "-f", "csv")
    assert code == 0 and by_year(out)["2025"] == expected
    assert "political violence only" in err


def _hapi_totals(path: Path, event_type: str | None) -> tuple[str, str]:
    """(fatalities, events) of HAPI rows of one event type (all but civilian_targeting when
    None), with the csv module; empty fatalities are 0."""
    fatalities = events = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["location_code"].startswith("#"):
                continue
            kind = row["event_type"]
            if (event_type is None and kind != "civilian_targeting") or kind == event_type:
                fatalities += int(row["fatalities"] or 0)
                events += int(row["events"] or 0)
    return str(fatalities), str(events)


def test_hapi_political_violence_keeps_its_political_violence_rows() -> None:
    path = real_file("acled-aggregated", "hdx_hapi_conflict_event_global_1997.csv")
    wanted = _hapi_totals(path, "political_violence")
    everything = _hapi_totals(path, None)
    assert wanted != everything  # demonstrations are left out
    args = ("trend", str(path), "--all-countries", "--combine", "-f", "csv")
    code, out, err = run(*args, "--political-violence")
    assert code == 0 and by_year(out)["1997"] == wanted
    assert "rows of event_type political_violence are kept" in err
    code, out, _ = run(*args)
    assert code == 0 and by_year(out)["1997"] == everything


def test_hapi_civilian_targeting_is_explained_not_summed() -> None:
    path = str(real_file("acled-aggregated", "hdx_hapi_conflict_event_global_1997.csv"))
    code, out, err = run("trend", path, "-c", "Mali", "--civilian-targeting")
    assert code == 2 and out == ""
    assert "subset of its political_violence rows, so they are not loaded" in err


def test_hapi_empty_years_are_blamed_on_the_years_not_on_political_violence() -> None:
    path = str(real_file("acled-aggregated", "hdx_hapi_conflict_event_global_1997.csv"))
    code, _, err = run("trend", path, "-c", "Mali", "--political-violence", "--from", "2016")
    assert code == 0 and "no rows: --from 2016 left no events" in err


def test_ucdp_political_violence_is_every_event() -> None:
    path = real_file("ucdp-ged", "ged191.csv")
    expected: Counter[str] = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["country"] == "Bangladesh":
                expected[row["date_start"][:4]] += int(row["best"])
    args = ("trend", str(path), "-c", "Bangladesh", "-f", "csv")
    code, out, err = run(*args, "--political-violence")
    assert code == 0 and "counts political violence only (UCDP GED)" in err
    assert {year: int(total) for year, (total, _) in by_year(out).items() if int(total)} == {
        year: total for year, total in expected.items() if total
    }


# --- UCDP country names -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["Myanmar (Burma)", "Myanmar", "myanmar (burma)"])
def test_ucdp_country_is_selected_by_either_spelling(name: str) -> None:
    path = str(DIALECT_FILES / "ucdp_ged.csv")
    code, out, err = run("trend", path, "--country", name, "-f", "csv")
    assert code == 0, err
    assert {row["country"] for row in csv.DictReader(io.StringIO(out))} == {"Myanmar"}
    code, out, err = run("trend", path, "--country", name, "--political-violence", "-f", "csv")
    assert code == 0, err
    assert load([path], countries=[name]).frame["country"].unique().to_list() == ["Myanmar"]


def test_real_ucdp_myanmar_both_spellings_agree() -> None:
    path = str(real_file("ucdp-ged", "ged191.csv"))
    outputs = [
        run("trend", path, "-c", name, "-f", "csv") for name in ("Myanmar (Burma)", "Myanmar")
    ]
    assert outputs[0][0] == 0 and outputs[0][1] == outputs[1][1]


# --- inspect: which event types -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "vocabulary"),
    [
        ("acled_export_2019.csv", "pre-2019 event types (no sub_event_type)"),
        ("acled_hdx.csv", "2019+ event types (with sub_event_type)"),
    ],
)
def test_inspect_says_which_event_types(name: str, vocabulary: str) -> None:
    code, out, _ = run("inspect", str(DIALECT_FILES / name), "-f", "table")
    assert code == 0
    [line] = [line for line in out.splitlines() if line.strip().startswith("format")]
    assert line.endswith(vocabulary)
    assert "2019+ lowercase" not in line


def test_inspect_real_2019_export_is_pre_2019() -> None:
    path = str(real_file("acled-events", "2017-01-01-2019-02-27-Mali.csv"))
    code, out, _ = run("inspect", path, "-f", "table")
    assert code == 0 and "pre-2019 event types (no sub_event_type)" in out
    assert "2019+" not in out


# --- seeds as trend input ---------------------------------------------------------------


def test_a_seeds_file_as_input_prints_the_article_figures() -> None:
    seeds = str(ROOT / "seeds" / "mali_2017_article.toml")
    as_input = run("trend", seeds, "--country", "Mali", "-f", "csv")
    as_source = run("trend", "--source", "article", "--country", "Mali", "-f", "csv")
    assert as_input[0] == 0 and as_input[1] == as_source[1]
    rows = list(csv.DictReader(io.StringIO(as_input[1])))
    assert [(row["year"], row["fatalities"], row["qualifier"]) for row in rows] == [
        ("2011", "50", "just over"),
        ("2012", "500", "over"),
        ("2013", "850", "just over"),
        ("2017", "750", "over"),
    ]
    assert "Military Times" in as_input[2]


@pytest.mark.parametrize("args", [("--source", "article"), (str(seeds_path()),)])
def test_seeds_of_another_country_is_an_error(args: tuple[str, ...]) -> None:
    code, out, err = run("trend", *args, "--country", "Niger")
    assert code == 2 and out == ""
    assert "no figures for 'Niger'" in err and "for Mali only" in err


def test_seeds_figures_are_filtered_by_country(tmp_path: Path) -> None:
    seeds = tmp_path / "two.toml"
    shutil.copy(seeds_path(), seeds)
    with seeds.open("a") as handle:
        handle.write('\n[[figure]]\nid = "ner"\ncountry = "Niger"\nyear = 2017\nvalue = 9\n')
    code, out, _ = run("trend", str(seeds), "--country", "niger", "-f", "csv")
    assert code == 0
    assert [row["country"] for row in csv.DictReader(io.StringIO(out))] == ["Niger"]
    code, out, _ = run("trend", str(seeds), "-f", "csv")
    assert {row["country"] for row in csv.DictReader(io.StringIO(out))} == {"Mali", "Niger"}


def test_a_seeds_file_where_data_is_expected_says_what_it_is() -> None:
    code, _, err = run("countries", str(seeds_path()))
    assert code == 2 and "a seeds file (figures a publication quoted), not event data" in err
    code, _, err = run("trend", str(seeds_path()), str(DIALECT_FILES / "acled_hdx.csv"))
    assert code == 2 and "read on its own" in err

"""Figures ready to publish (issue 16), end to end: chart images, rates per population."""

from __future__ import annotations

import csv
import io
import json
import math
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import ROOT, real_file

runner = CliRunner()
SHIPPED_POPULATION = ROOT / "fatalities" / "_data" / "population" / "population.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def shipped_population() -> dict[tuple[str, int], int]:
    """The shipped table read independently of the package's reader."""
    with SHIPPED_POPULATION.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        years = [int(year) for year in next(rows)[1:]]
        return {
            (row[0], year): int(cell)
            for row in rows
            for year, cell in zip(years, row[1:], strict=True)
            if cell
        }


# -- chart images -------------------------------------------------------------------


def test_save_chart_png_is_a_real_image_with_title_and_source(tmp_path: Path) -> None:
    target = tmp_path / "mali.png"
    code, out, err = run("trend", "--country", "Mali", "--save-chart", str(target))
    assert code == 0, err
    assert f"chart written to {target}" in err
    assert "2020" in out  # the table still goes to stdout
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 400 and height > 300
    assert b"Mali: fatalities per year" in data  # the iTXt Title chunk
    assert b"Source: ACLED (acled_sample.csv), data to 2020-07-31." in data


def test_save_chart_svg_parses_and_carries_title_and_source_line(tmp_path: Path) -> None:
    target = tmp_path / "mali.svg"
    code, _, err = run(
        "trend", "--country", "Mali", "--political-violence", "--save-chart", str(target)
    )
    assert code == 0, err
    root = ET.parse(target).getroot()
    texts = [element.text or "" for element in root.iter() if element.tag.endswith("text")]
    assert "Mali: fatalities per year" in texts
    source = next(text for text in texts if text.startswith("Source:"))
    assert "data to 2020-07-31" in source and "Filters: political violence" in source


def test_save_chart_vega_lite_spec_holds_the_series(tmp_path: Path) -> None:
    target = tmp_path / "mali.vl.json"
    code, out, _ = run("trend", "--country", "Mali", "--format", "csv", "--save-chart", str(target))
    assert code == 0
    totals = {int(row["year"]): int(row["fatalities"]) for row in csv.DictReader(io.StringIO(out))}
    spec = json.loads(target.read_text(encoding="utf-8"))
    drawn: dict[int, float] = {}
    for row in spec["vconcat"][0]["data"]["values"]:
        year = int(row["year"].rstrip("*"))
        drawn[year] = drawn.get(year, 0) + row["value"]
    assert drawn == totals


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.png"], "-o writes data"),
        (["-o", "x.svg"], "-o writes data"),
        (["--save-chart", "x.gif"], "use .png, .svg, .vl.json (Vega-Lite), .txt or .html"),
        (["--save-chart", "x.jpg"], "unknown chart file type '.jpg'"),
    ],
)
def test_image_names_in_the_wrong_place_are_input_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / arg) if arg.startswith("x") else arg for arg in args]
    code, out, err = run("trend", "--country", "Mali", *args)
    assert code == 2
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


# -- rates per population -------------------------------------------------------------


def test_sahel_rates_equal_fatalities_over_population() -> None:
    mali = real_file("acled-events", "hdx_conflict_data_mli.csv")
    niger = real_file("acled-events", "hdx_conflict_data_ner.csv")
    code, out, err = run(
        "trend", str(mali), str(niger), "--country", "Mali", "--country", "Niger",
        "--per", "100k", "--format", "csv",
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["country"] for row in rows} == {"Mali", "Niger"}
    people = shipped_population()
    iso3 = {"Mali": "MLI", "Niger": "NER"}
    for row in rows:
        population = people[(iso3[row["country"]], int(row["year"]))]
        for measure in ("fatalities", "events"):
            expected = int(row[measure]) / population * 100_000
            assert math.isclose(float(row[f"{measure}_per_100k"]), expected, rel_tol=1e-11)
    mali_2019 = next(row for row in rows if row["country"] == "Mali" and row["year"] == "2019")
    assert mali_2019["fatalities"] == "1887"  # the count column is unchanged


def test_rate_columns_only_when_asked(hdx_mali: Path) -> None:
    _, out, _ = run("trend", str(hdx_mali), "--country", "Mali", "--format", "csv")
    assert "per_100k" not in out and "per_1m" not in out
    _, out, _ = run("trend", str(hdx_mali), "--country", "Mali", "--format", "csv", "--per", "1m")
    header = out.splitlines()[0].split(",")
    assert header[:6] == [
        "country", "year", "fatalities", "fatalities_per_1m", "events", "events_per_1m",
    ]  # fmt: skip


def test_years_past_the_table_use_the_last_population_and_say_so(tmp_path: Path) -> None:
    data = tmp_path / "e.csv"
    data.write_text(
        "event_id_cnty,event_date,country,fatalities\n"
        "MLI1,2024-03-01,Mali,10\nMLI2,2025-02-01,Mali,20\n",
        encoding="utf-8",
    )
    code, out, err = run("trend", str(data), "--country", "Mali", "--per", "100k", "-f", "csv")
    assert code == 0, err
    assert "2025 uses the population of 2024" in err
    rows = {row["year"]: row for row in csv.DictReader(io.StringIO(out))}
    latest = shipped_population()[("MLI", 2024)]
    assert math.isclose(float(rows["2025"]["fatalities_per_100k"]), 20 / latest * 100_000)


def test_population_file_overrides_by_iso3_or_name(tmp_path: Path) -> None:
    data = tmp_path / "e.csv"
    data.write_text(
        "event_id_cnty,event_date,country,fatalities\n"
        "MLI1,2019-03-01,Mali,10\nNER1,2019-02-01,Niger,30\n",
        encoding="utf-8",
    )
    people = tmp_path / "people.csv"
    people.write_text("country,year,population\nMLI,2019,1000000\nniger,2019,3000000\n")
    code, out, err = run(
        "trend", str(data), "--country", "Mali,Niger", "--per", "1m", "--population",
        str(people), "-f", "csv",
    )  # fmt: skip
    assert code == 0, err
    rates = {row["country"]: row["fatalities_per_1m"] for row in csv.DictReader(io.StringIO(out))}
    assert rates == {"Mali": "10", "Niger": "10"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("country,people\nMLI,1\n", "no year, population column"),
        ("country,year,population\nAtlantis,2019,5\n", "row 2, column country"),
        ("country,year,population\nMLI,20x9,5\n", "row 2, column year"),
        ("country,year,population\nMLI,2019,-5\n", "row 2, column population"),
    ],
)
def test_bad_population_files_are_one_line_input_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(content, encoding="utf-8")
    code, _, err = run("trend", "--country", "Mali", "--per", "1m", "--population", str(people))
    assert code == 2
    assert message in err and err.count("error:") == 1, err


# -- whole-region files -----------------------------------------------------------------

TEN = ["Mali", "Niger", "Burkina Faso", "Nigeria", "Chad", "Cameroon", "Sudan", "Somalia",
       "Kenya", "Ghana"]  # fmt: skip


@pytest.fixture
def ten_countries(tmp_path: Path) -> Path:
    """Ten countries; country i has 10 * (i + 1) fatalities a year, 2018-2020."""
    rows = ["event_id_cnty,event_date,country,fatalities"]
    for place, name in enumerate(TEN):
        for year in (2018, 2019, 2020):
            rows.append(f"E{place}-{year},{year}-03-01,{name},{10 * (place + 1)}")
    path = tmp_path / "region.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_region_file_without_country_shows_the_six_deadliest(ten_countries: Path) -> None:
    code, out, err = run("trend", str(ten_countries), "-f", "csv")
    assert code == 0, err
    shown = list(dict.fromkeys(row["country"] for row in csv.DictReader(io.StringIO(out))))
    assert shown == TEN[::-1][:6]  # deadliest first
    assert "the 6 deadliest of 10 countries" in err and "--all-countries" in err


def test_all_countries_shows_every_one(ten_countries: Path) -> None:
    code, out, err = run("trend", str(ten_countries), "--all-countries", "-f", "csv")
    assert code == 0
    assert {row["country"] for row in csv.DictReader(io.StringIO(out))} == set(TEN)
    assert "deadliest" not in err


def test_by_country_top_needs_no_all_countries(ten_countries: Path) -> None:
    code, out, err = run("trend", str(ten_countries), "--by", "country", "--top", "3", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(dict.fromkeys(row["country"] for row in rows)) == [
        "Ghana",
        "Kenya",
        "Somalia",
        "other",
    ]
    other_2019 = next(row for row in rows if row["country"] == "other" and row["year"] == "2019")
    assert int(other_2019["fatalities"]) == sum(10 * (i + 1) for i in range(7))


def test_a_file_with_one_country_needs_no_country(hdx_mali: Path) -> None:
    code, out, err = run("trend", str(hdx_mali), "-f", "csv", "--from", "2017")
    assert code == 0, err
    assert {row["country"] for row in csv.DictReader(io.StringIO(out))} == {"Mali"}
    assert "deadliest" not in err


# -- breakdowns and legacy files --------------------------------------------------------


@pytest.mark.parametrize("column", ["actor2", "location", "admin3", "region", "iso"])
def test_new_breakdowns_sum_to_the_yearly_total(hdx_mali: Path, column: str) -> None:
    code, out, err = run(
        "trend", str(hdx_mali), "-c", "Mali", "--by", column, "--from", "2019", "-f", "csv"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert column in rows[0]
    total_2019 = sum(int(row["fatalities"]) for row in rows if row["year"] == "2019")
    assert total_2019 == 1887  # SOURCES.md: Mali 2019 in hdx2020


def test_a_breakdown_the_file_lacks_is_named(tmp_path: Path) -> None:
    data = tmp_path / "e.csv"
    data.write_text(
        "event_id_cnty,event_date,country,fatalities\nM1,2019-03-01,Mali,4\n", encoding="utf-8"
    )
    code, out, err = run("trend", str(data), "-c", "Mali", "--by", "admin3", "-f", "csv")
    assert code == 0
    assert "--by admin3: these data have no admin3 values" in err
    assert "(none)" in out


def test_iso_works_on_a_legacy_gwno_file() -> None:
    legacy = real_file("acled-events", "ACLED All Africa File_20160101 to 20160528_csv.csv")
    code, by_iso, err = run("trend", str(legacy), "--iso", "466", "-f", "csv")
    assert code == 0, err
    _, by_name, _ = run("trend", str(legacy), "-c", "Mali", "-f", "csv")
    assert by_iso == by_name


def test_summary_gives_the_year_to_date_rate() -> None:
    code, out, err = run("summary", "--country", "Mali", "--per", "100k", "--format", "json")
    assert code == 0, err
    record = json.loads(out)
    people = shipped_population()[("MLI", record["year"])]
    assert record["population"] == people
    assert math.isclose(record["ytd_fatalities_per_100k"], record["ytd_fatalities"] / people * 1e5)
    assert record["sentences"][1].startswith(
        f"That is {record['ytd_fatalities_per_100k']:,.1f} per 100,000 people"
    )

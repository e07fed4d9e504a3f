"""Every real file in ../shared/realdata loads with no options and gives SOURCES.md's figures.

Expected numbers are transcribed from ../shared/realdata/SOURCES.md (its tables were
computed independently with pandas/duckdb). Where SOURCES.md gives no total (UCDP,
the global aggregated workbook), the test computes one itself with the csv module or
fastexcel, never with the project's code. Skipped when ../shared is absent.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from tests.conftest import real_file

runner = CliRunner()

HDX2019 = ("acled-events", "hdx_Conflict Data for Mali.csv")
HDX2020 = ("acled-events", "hdx_conflict_data_mli.csv")
API_JUL = ("acled-events", "api_old_Processed_Acled_Mali_sortedcols.csv")
API_NOV = ("acled-events", "api_Processed_Acled_Mali.csv")
EXPORT2019 = ("acled-events", "2017-01-01-2019-02-27-Mali.csv")
MONADIC = ("acled-events", "monadic_2017-01-01-2020-12-31-Mali.csv")
RT2016 = ("acled-events", "ACLED All Africa File_20160101 to 20160528_csv.csv")
RT2016_XLSX = ("acled-events", "ACLED-All-Africa-File_20160101-to-20160528.xlsx")
SUMMARY = ("acled-aggregated", "acled_mali_summary.xlsx")
GLOBAL = (
    "acled-aggregated",
    "download-political-violence-events-and-fatalities-as-of-2025-01-10.xlsx",
)
HAPI = ("acled-aggregated", "hdx_hapi_conflict_event_global_1997.csv")
GED = ("ucdp-ged", "ged191.csv")
GED_BGD = ("ucdp-ged", "conflict_data_BGD.csv")

YEARS = range(2010, 2019)
# SOURCES.md "Annual fatalities" and "Annual events" (deduplicated), 2010-2018.
ANNUAL: dict[tuple[str, str], dict[int, tuple[int, int]]] = {
    HDX2019: dict(zip(YEARS, zip((47, 57, 538, 883, 382, 428, 320, 950, 1762),
                                 (18, 29, 278, 311, 152, 178, 167, 478, 754), strict=True), strict=True)),
    HDX2020: dict(zip(YEARS, zip((47, 57, 538, 883, 382, 428, 320, 948, 1747),
                                 (18, 29, 278, 311, 152, 178, 167, 473, 751), strict=True), strict=True)),
    API_JUL: dict(zip(YEARS, zip((47, 57, 538, 883, 382, 428, 320, 948, 1747),
                                 (18, 29, 278, 311, 152, 178, 167, 473, 751), strict=True), strict=True)),
    API_NOV: dict(zip(YEARS, zip((47, 57, 538, 883, 382, 428, 320, 948, 1747),
                                 (18, 29, 278, 311, 152, 178, 167, 473, 751), strict=True), strict=True)),
    EXPORT2019: {2017: (949, 475), 2018: (1761, 752)},
    MONADIC: {2017: (946, 473), 2018: (1747, 751)},
    RT2016: {2015: (3, 1), 2016: (108, 54)},
    RT2016_XLSX: {2015: (3, 1), 2016: (108, 54)},
}  # fmt: skip
YTD_YEARS = range(2011, 2018)
# SOURCES.md "YTD fatalities/events, 1 Jan - 20 Nov inclusive", 2011-2017.
YTD: dict[tuple[str, str], dict[int, tuple[int, int]]] = {
    HDX2019: dict(zip(YTD_YEARS, zip((55, 536, 856, 369, 378, 290, 901),
                                     (22, 265, 287, 133, 164, 148, 436), strict=True), strict=True)),
    HDX2020: dict(zip(YTD_YEARS, zip((55, 536, 856, 369, 378, 290, 899),
                                     (22, 265, 287, 133, 164, 148, 431), strict=True), strict=True)),
    API_JUL: dict(zip(YTD_YEARS, zip((55, 536, 856, 369, 378, 290, 899),
                                     (22, 265, 287, 133, 164, 148, 431), strict=True), strict=True)),
    API_NOV: dict(zip(YTD_YEARS, zip((55, 536, 856, 369, 378, 290, 899),
                                     (22, 265, 287, 133, 164, 148, 431), strict=True), strict=True)),
    EXPORT2019: {2017: (900, 434)},
    MONADIC: {2017: (897, 431)},
    RT2016: {2016: (108, 54)},
    RT2016_XLSX: {2016: (108, 54)},
}  # fmt: skip
# SOURCES.md "Full Mali series from hdx2020".
HDX2020_FULL = dict(
    zip(
        range(1997, 2021),
        zip(
            (3, 11, 120, 8, 15, 5, 26, 0, 15, 4, 18, 157, 74, 47, 57, 538, 883, 382, 428,
             320, 948, 1747, 1887, 1967),
            (14, 3, 10, 4, 5, 2, 3, 3, 2, 10, 12, 21, 10, 18, 29, 278, 311, 152, 178, 167,
             473, 751, 813, 721),
            strict=True,
        ),
        strict=True,
    )
)  # fmt: skip
# SOURCES.md "Political-violence-only view": acled_mali_summary.xlsx events, fatalities.
SUMMARY_ANNUAL = dict(zip(YEARS, zip((14, 19, 172, 236, 116, 155, 144, 415, 585),
                                     (46, 55, 520, 905, 381, 434, 317, 945, 1734), strict=True), strict=True))  # fmt: skip
SUMMARY_JAN_OCT = dict(zip(YTD_YEARS, (53, 502, 843, 353, 361, 261, 869), strict=True))
SUMMARY_JAN_NOV = dict(zip(YTD_YEARS, (54, 518, 881, 373, 392, 294, 906), strict=True))


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def trend(path: Path, country: str, *options: str) -> dict[int, dict[str, str]]:
    code, out, err = run("trend", str(path), "--country", country, "--format", "csv", *options)
    assert code == 0, err
    return {int(row["year"]): row for row in csv.DictReader(io.StringIO(out))}


def inspect_json(path: Path) -> dict[str, object]:
    code, out, err = run("inspect", str(path), "--format", "json")
    assert code == 0, err
    (summary,) = json.loads(out)
    return dict(summary)


@pytest.mark.parametrize("parts", list(ANNUAL), ids=lambda parts: parts[1])
def test_annual_and_year_to_date_totals(parts: tuple[str, str]) -> None:
    rows = trend(real_file(*parts), "Mali")
    for year, expected in ANNUAL[parts].items():
        assert (int(rows[year]["fatalities"]), int(rows[year]["events"])) == expected, year
    # --as-of: the data as known on 20 November 2017 (no later event, no later year)
    cut = trend(real_file(*parts), "Mali", "--as-of", "2017-11-20")
    assert max(cut) <= 2017
    for year, expected in YTD[parts].items():
        row = cut[year]
        if parts in (RT2016, RT2016_XLSX):
            # the file ends on 28 May 2016: 1 January to 20 November 2016 is not covered,
            # so its year to date is empty (SOURCES.md's 108 is the whole file)
            assert (row["ytd_fatalities"], row["ytd_events"]) == ("", ""), year
            assert (int(row["fatalities"]), int(row["events"])) == expected, year
            continue
        assert (int(row["ytd_fatalities"]), int(row["ytd_events"])) == expected, year


def test_hdx2020_full_series_and_partial_2020() -> None:
    rows = trend(real_file(*HDX2020), "Mali")
    assert {
        year: (int(r["fatalities"]), int(r["events"])) for year, r in rows.items()
    } == HDX2020_FULL
    assert rows[2020]["complete"] == "false" and rows[2019]["complete"] == "true"


def test_rt2016_mali_is_111_fatalities_in_55_events_in_csv_and_xlsx() -> None:
    for parts in (RT2016, RT2016_XLSX):
        rows = trend(real_file(*parts), "Mali")
        assert sum(int(r["fatalities"]) for r in rows.values()) == 111
        assert sum(int(r["events"]) for r in rows.values()) == 55


def test_rt2016_says_windows_1252_and_the_disagreeing_year() -> None:
    code, _, err = run("trend", str(real_file(*RT2016)), "-c", "South Sudan", "-f", "csv")
    assert code == 0
    assert "decoded as Windows-1252" in err
    assert "1 row(s) have a year column that disagrees with event_date" in err


def test_monadic_deduplication_figures() -> None:
    summary = inspect_json(real_file(*MONADIC))
    assert (summary["rows"], summary["events"], summary["duplicates_dropped"]) == (6214, 3314, 2900)


def test_the_aggregated_workbook_gives_the_political_violence_totals() -> None:
    path = real_file(*SUMMARY)
    rows = trend(path, "Mali")
    for year, expected in SUMMARY_ANNUAL.items():
        assert (int(rows[year]["events"]), int(rows[year]["fatalities"])) == expected, year
    assert rows[2025]["complete"] == "true" and rows[2026]["complete"] == "false"
    for as_of, sums in (("2017-10-20", SUMMARY_JAN_OCT), ("2017-11-20", SUMMARY_JAN_NOV)):
        cut = trend(path, "Mali", "--as-of", as_of)
        assert {year: int(cut[year]["ytd_fatalities"]) for year in sums} == sums


def test_aggregated_trend_says_where_year_to_date_is_cut() -> None:
    code, _, err = run("trend", str(real_file(*SUMMARY)), "-c", "Mali", "--as-of", "2017-11-20")
    assert code == 0
    assert "year-to-date is cut at the end of the as-of month, November" in err


def _global_workbook_mali() -> dict[int, tuple[int, int]]:
    """Mali's events and fatalities per year, read with fastexcel directly."""
    import fastexcel

    workbook = fastexcel.read_excel(str(real_file(*GLOBAL)))
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for sheet in workbook.sheet_names[1:]:
        frame = workbook.load_sheet(sheet, dtypes="string").to_polars()
        for row in frame.iter_rows(named=True):
            if row["Country"] == "Mali":
                totals[int(row["Year"])][0] += int(row["Events"])
                totals[int(row["Year"])][1] += int(row["Fatalities"])
    return {year: (events, deaths) for year, (events, deaths) in totals.items()}


def test_the_global_workbook_reads_every_data_sheet_and_only_its_months() -> None:
    path = real_file(*GLOBAL)
    summary = inspect_json(path)
    assert summary["rows"] == 255 + 3589 + 2947
    assert [table.rsplit("[", 1)[1] for table in summary["tables"]] == [
        "Non_HRP]",
        "HRP_1]",
        "HRP_2]",
    ]
    rows = trend(path, "Mali")
    expected = _global_workbook_mali()
    assert sorted(rows) == sorted(expected) == [1997, 2025]
    assert {year: (int(r["events"]), int(r["fatalities"])) for year, r in rows.items()} == expected
    assert all(r["complete"] == "false" for r in rows.values())


def test_hapi_file() -> None:
    path = real_file(*HAPI)
    summary = inspect_json(path)
    assert summary["rows"] == 6000
    assert summary["coverage_end"] == "1997-01-31"
    rows = trend(path, "Mali")
    assert rows[1997] == {"country": "Mali", "year": "1997", "fatalities": "0", "events": "1",
                          "ytd_fatalities": "0", "ytd_events": "1", "complete": "false"}  # fmt: skip
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    counted = [r for r in records if r["event_type"] != "civilian_targeting"]
    total = sum(int(r["fatalities"] or 0) for r in counted)
    assert summary["fatalities"] == total
    assert summary["events"] == sum(int(r["events"]) for r in counted)


def _ged_totals(path: Path, column: str) -> dict[tuple[str, int], int]:
    with path.open(encoding="utf-8", newline="") as handle:
        records = [
            row for row in csv.DictReader(handle) if not row["id"].startswith("#") and row["id"]
        ]
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for row in records:
        totals[(row["country"].split(" (")[0], int(row["date_start"][:4]))] += int(row[column])
    return totals


@pytest.mark.parametrize("estimate", ["best", "low", "high"])
def test_ucdp_ged_totals_for_each_estimate(estimate: str) -> None:
    path = real_file(*GED)
    expected = _ged_totals(path, estimate)
    for country in ("Myanmar", "Bangladesh"):
        rows = trend(path, country, "--estimate", estimate)
        got = {year: int(r["fatalities"]) for year, r in rows.items() if int(r["fatalities"])}
        want = {year: n for (name, year), n in expected.items() if name == country and n}
        assert got == want


def test_ucdp_files_describe_themselves() -> None:
    ged = inspect_json(real_file(*GED))
    assert (ged["rows"], ged["events"], ged["dialect"], ged["source"]) == (
        3194,
        3194,
        "ucdp-ged",
        "UCDP GED",
    )
    assert (ged["first_date"], ged["last_date"]) == ("1989-01-01", "2018-12-30")
    assert {c["country"]: c["events"] for c in ged["countries"]} == {
        "Myanmar": 2593,
        "Bangladesh": 601,
    }
    bgd = inspect_json(real_file(*GED_BGD))
    assert (bgd["rows"], bgd["events"]) == (601, 601)
    rows = trend(real_file(*GED_BGD), "Bangladesh")
    assert rows[2018]["complete"] == "true"


# SOURCES.md: rows and date ranges of each event file.
EVENT_FILES = {
    HDX2020: (3990, "1997-01-06", "2020-07-31", ["Mali"]),
    HDX2019: (2964, "1997-01-06", "2019-07-25", ["Mali"]),
    ("acled-events", "hdx_conflict_data_bfa.csv"): (2730, None, None, ["Burkina Faso"]),
    ("acled-events", "hdx_conflict_data_ner.csv"): (1349, None, None, ["Niger"]),
    EXPORT2019: (1339, "2017-01-01", "2019-02-22", ["Mali"]),
    MONADIC: (6214, "2017-01-01", "2020-12-31", ["Mali"]),
    API_NOV: (4318, "1997-01-06", "2020-10-31", ["Mali"]),
    API_JUL: (3906, "1997-01-06", "2020-07-11", ["Mali"]),
    RT2016: (6831, "2014-01-13", "2016-05-28", None),
    RT2016_XLSX: (6831, "2014-01-13", "2016-05-28", None),
}


@pytest.mark.parametrize("parts", list(EVENT_FILES), ids=lambda parts: parts[1])
def test_inspect_describes_each_event_file(parts: tuple[str, str]) -> None:
    rows, first, last, countries = EVENT_FILES[parts]
    summary = inspect_json(real_file(*parts))
    assert summary["rows"] == rows
    if first is not None:
        assert (summary["first_date"], summary["last_date"]) == (first, last)
    names = [c["country"] for c in summary["countries"]]  # type: ignore[attr-defined]
    if countries is not None:
        assert names == countries
    else:
        assert len(names) == 49
        mali = next(c for c in summary["countries"] if c["country"] == "Mali")  # type: ignore[attr-defined]
        assert (mali["events"], mali["fatalities"], mali["first"]) == (55, 111, "2015-12-22")


def test_every_data_file_in_realdata_loads_with_no_options() -> None:
    root = real_file("SOURCES.md").parent
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            continue
        code, out, err = run("inspect", str(path), "--format", "json")
        if path.parent.name == "negative":
            assert code == 2 and "an HTML page, not data" in err
        else:
            assert code == 0, f"{path}: {err}"
            assert json.loads(out)[0]["rows"] > 0

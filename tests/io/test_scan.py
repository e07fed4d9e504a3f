"""``load(..., summed=True)`` (rows summed while scanning, ``io/scan.py``) gives what the
row-by-row load gives: the same totals by every column asked for, the same span,
reports, warnings and errors; and it declines (``summed_table`` returns ``None``) on
every kind of row the row-by-row load would warn about, skip or deduplicate."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fatalities.core.trend import compute_trend
from fatalities.errors import FatalitiesError
from fatalities.io import load as load_module
from fatalities.io.load import load
from fatalities.io.readers import open_tables
from fatalities.io.results import Loaded
from fatalities.io.scan import HEAD_ROWS, summed_table
from fatalities.vocabulary import (
    COUNTRY_LIST_COLUMNS,
    INSPECT_COLUMNS,
    SERIES_COLUMNS,
    Breakdown,
    Period,
    Selection,
    TrendRequest,
)
from tests.conftest import REALDATA

TODAY = date(2026, 1, 1)
HEADER = [
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "region",
    "country", "admin1", "iso", "fatalities", "timestamp",
]  # fmt: skip
PLACES = [("Mali", "Western Africa", 466), ("Niger", "Western Africa", 562), ("Iraq", "Middle East", 368)]  # fmt: skip


def clean_rows(count: int = 60) -> list[dict[str, str]]:
    """``count`` clean events over three countries, several per day, from 2016 to 2018."""
    rows = []
    for index in range(count):
        country, region, iso = PLACES[index % 3]
        day = date(2016 + index % 3, 1 + index % 12, 1 + (index // 3) % 5)
        rows.append(
            {
                "event_id_cnty": f"{country[:3].upper()}{index}",
                "event_date": day.isoformat(),
                "year": str(day.year),
                "event_type": ("Battles", "Protests")[index % 2],
                "sub_event_type": ("Armed clash", "Peaceful protest")[index % 2],
                "region": region,
                "country": country,
                "admin1": f"{country} area {index % 4}",
                "iso": str(iso),
                "fatalities": str(index % 7),
                "timestamp": str(1_600_000_000 + index),
            }
        )
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue())
    return path


def change(index: int, **values: str) -> Callable[[list[dict[str, str]]], None]:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[index].update(values)

    return edit


def repeat(index: int, of: int, **values: str) -> Callable[[list[dict[str, str]]], None]:
    """Row ``index`` lists row ``of``'s event again (with ``values`` changed)."""

    def edit(rows: list[dict[str, str]]) -> None:
        rows[index] = {**rows[of], **values}

    return edit


def load_summed(path: Path, columns: tuple[str, ...]) -> pl.DataFrame | None:
    """The summed rows of ``path`` (every country), or ``None`` when the scan declines."""
    (table,) = open_tables(str(path))
    answer = summed_table(table, [], "best", TODAY, columns=columns)
    return None if answer is None else answer[0]


def totals(loaded: Loaded, keys: list[str]) -> list[tuple[object, ...]]:
    return (
        loaded.frame.group_by(keys)
        .agg(pl.col("events").sum(), pl.col("fatalities").sum())
        .sort(keys, nulls_last=True)
        .rows()
    )


def outcome(path: Path, *, summed: bool, **options: object) -> object:
    """Everything a command sees of a load (or its error)."""
    columns = list(options.pop("columns", SERIES_COLUMNS))  # type: ignore[call-overload]
    try:
        loaded = load([path], today=TODAY, columns=columns, summed=summed, **options)  # type: ignore[arg-type]
    except FatalitiesError as error:
        return (type(error).__name__, str(error))
    # A summed row has no event id or timestamp (the largest dates the release: below).
    shown = [c for c in columns if c not in (*SERIES_COLUMNS, "event_id_cnty", "timestamp")]
    keys = ["country", "event_date", "year", *shown]
    report = loaded.reports[0]
    return (
        totals(loaded, keys),
        loaded.coverage_start,
        loaded.coverage_end,
        loaded.duplicates_dropped,
        loaded.countries,
        loaded.warnings,
        loaded.notes,
        (report.rows, report.selected, report.events, report.duplicates_dropped),
        (report.first_date, report.coverage_end, report.dialect, report.encoding),
        (report.release_date, report.release_basis, report.file),
        loaded.frame.schema,
    )


# (case, edit of the clean rows, whether the summed scan answers it itself)
CASES: list[tuple[str, Callable[[list[dict[str, str]]], None] | None, bool]] = [
    ("clean", None, True),
    ("country with spaces", change(3, country=" Mali "), True),
    ("country in capitals", change(3, country="MALI"), True),
    ("empty admin1", change(4, admin1=""), True),
    ("fatalities 3.0", change(5, fatalities="3.0"), False),
    ("fatalities with a space", change(5, fatalities=" 3"), False),
    ("negative fatalities", change(5, fatalities="-2"), False),
    ("empty fatalities", change(5, fatalities=""), False),
    ("text fatalities", change(5, fatalities="three"), False),
    ("bad date", change(6, event_date="2017-13-01"), False),
    ("empty date", change(6, event_date=""), False),
    ("date before 1989", change(6, event_date="1980-01-02", year="1980"), False),
    ("date after today", change(6, event_date="2030-01-02", year="2030"), False),
    ("year disagrees", change(6, year="1999"), False),
    ("event listed twice", repeat(7, 2, timestamp="1700000000", fatalities="9"), False),
    ("event listed twice, id with spaces", repeat(7, 2, event_id_cnty=" IRA2 "), False),
    ("no event id", change(8, event_id_cnty=""), True),
    ("timestamp with a space", change(9, timestamp=" 1700000000"), True),
    ("empty timestamp", change(9, timestamp=""), True),
]


@pytest.mark.parametrize(("name", "edit", "fast"), CASES, ids=[case[0] for case in CASES])
def test_summed_load_equals_row_load(
    tmp_path: Path, name: str, edit: Callable[[list[dict[str, str]]], None] | None, fast: bool
) -> None:
    rows = clean_rows()
    if edit is not None:
        edit(rows)
    path = write(tmp_path / "events.csv", rows)
    for options in (
        {},
        {"countries": ["mali", "Iraq"]},
        {"columns": [*SERIES_COLUMNS, "admin1", "region", "iso"]},
        {"columns": INSPECT_COLUMNS, "countries": ["Niger"]},
        {"columns": [*SERIES_COLUMNS, "timestamp"]},
    ):
        assert outcome(path, summed=True, **options) == outcome(path, summed=False, **options)
    answered = load_summed(path, SERIES_COLUMNS)
    assert (answered is not None) is fast, name


def test_an_event_listed_twice_late_in_a_file_is_found_by_the_scan(tmp_path: Path) -> None:
    rows = clean_rows(HEAD_ROWS + 300)
    rows[-1] = {**rows[10], "fatalities": "50", "timestamp": "1800000000"}
    path = write(tmp_path / "events.csv", rows)
    assert load_summed(path, SERIES_COLUMNS) is None
    summed = load([path], columns=SERIES_COLUMNS, today=TODAY, summed=True)
    assert summed.duplicates_dropped == 1
    assert outcome(path, summed=True) == outcome(path, summed=False)


def test_rows_are_summed_by_day_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "events.csv", clean_rows(600))
    loaded = load_summed(path, COUNTRY_LIST_COLUMNS)
    assert loaded is not None
    assert loaded.height < 600
    assert int(loaded["events"].sum()) == 600
    assert int(loaded["fatalities"].sum()) == sum(index % 7 for index in range(600))
    assert loaded["event_id_cnty"].null_count() == loaded.height


@pytest.mark.parametrize(
    "request_",
    [
        TrendRequest(selection=Selection(all_countries=True)),
        TrendRequest(selection=Selection(all_countries=True), period=Period.week),
        TrendRequest(selection=Selection(countries=("Mali",)), by=(Breakdown.admin1,)),
        TrendRequest(
            selection=Selection(countries=("Mali", "Iraq")), period=Period.month, cumulative=True
        ),
        TrendRequest(
            selection=Selection(regions=("Western Africa",)), by=(Breakdown.country,), top=1
        ),
        TrendRequest(
            selection=Selection(all_countries=True), by=(Breakdown.event_type,), derived=True
        ),
        TrendRequest(
            selection=Selection(all_countries=True, political_violence=True), zero_fill=True
        ),
    ],
    ids=["all", "week", "admin1", "cumulative", "region-top", "event-type", "political"],
)
def test_trends_from_summed_rows_equal_trends_from_rows(
    tmp_path: Path, request_: TrendRequest
) -> None:
    path = write(tmp_path / "events.csv", clean_rows(900))
    countries = list(request_.selection.countries)
    columns = request_.columns()
    summed = load([path], countries=countries, columns=columns, today=TODAY, summed=True)
    assert summed.frame.height < 900  # the summed scan answered
    rows = load([path], countries=countries, columns=columns, today=TODAY)
    fast, slow = compute_trend(summed, request_), compute_trend(rows, request_)
    assert fast.series.equals(slow.series)
    assert (fast.as_of, fast.coverage_end, fast.notes) == (
        slow.as_of,
        slow.coverage_end,
        slow.notes,
    )


@pytest.mark.parametrize("asked", [["Malli"], ["Mali", "nigerr"]])
def test_a_missing_country_is_named_without_a_second_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: list[str]
) -> None:
    """The closest names come from the scan that found no match (summed or row by row),
    or from the cache entry; the same names as a load of the whole file gives."""
    from fatalities.io.cache import build

    path = write(tmp_path / "events.csv", clean_rows())
    missing = asked[-1].lower()  # what a load of the whole file names
    available = load_module.list_countries([path])
    expected = ("SelectionError", load_module.unknown_country_message(missing, available))
    assert "did you mean" in expected[1]
    assert build(path, tmp_path / "cache", today=TODAY) is not None

    def second_load(sources: object) -> list[str]:
        raise AssertionError("the names must come from the scan or the entry, not a load")

    monkeypatch.setattr(load_module, "list_countries", second_load)
    assert outcome(path, summed=True, countries=asked) == expected
    assert outcome(path, summed=False, countries=asked) == expected
    cached = {"cache_dir": tmp_path / "cache", "countries": asked}
    assert outcome(path, summed=False, **cached) == expected
    assert outcome(path, summed=True, **cached) == expected


@pytest.mark.parametrize(
    "name",
    sorted(str(p.relative_to(REALDATA)) for p in REALDATA.glob("*/*.csv"))
    if REALDATA.exists()
    else ["absent"],
)
def test_real_files_load_the_same_summed(name: str) -> None:
    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"real data not available: {REALDATA}")
    for options in ({}, {"columns": [*SERIES_COLUMNS, "admin1", "event_type"]}):
        assert outcome(path, summed=True, **options) == outcome(path, summed=False, **options)

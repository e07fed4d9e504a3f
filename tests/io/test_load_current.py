"""The loader on small synthetic files, one per variant of the current ACLED export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fatalities.errors import InputError, SelectionError
from fatalities.io.load import load

HEADER = "event_id_cnty,event_date,year,event_type,country,admin1,notes,fatalities,timestamp"
ROWS = [
    'MLI1,2017-11-20,2017,Battles,Mali,Gao,"Clash, near Gao",5,1600000000',
    'MLI2,2013-01-11,2013,Violence against civilians,Mali,Mopti,"He said ""no""",7,1600000000',
    "NER1,2017-02-01,2017,Battles,Niger,Tillaberi,calm,2,1600000000",
]


def write(tmp_path: Path, text: str, name: str = "export.csv", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def mali_totals(path: Path | str) -> dict[int, int]:
    frame = load([path], countries=["mali"]).frame
    return dict(frame.group_by("year").agg(pl.col("fatalities").sum()).sort("year").rows())


def test_current_export_loads_to_the_canonical_frame(tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")
    frame = load([path]).frame.sort("event_id_cnty")
    assert frame["event_id_cnty"].to_list() == ["MLI1", "MLI2", "NER1"]
    assert frame["event_date"].to_list() == [
        date(2017, 11, 20),
        date(2013, 1, 11),
        date(2017, 2, 1),
    ]
    assert frame.schema["fatalities"] == pl.Int64
    assert frame.schema["event_date"] == pl.Date
    assert frame["admin1"].to_list() == ["Gao", "Mopti", "Tillaberi"]


def test_column_order_does_not_matter(tmp_path: Path) -> None:
    columns = HEADER.split(",")
    order = list(reversed(range(len(columns))))
    import csv

    rows = list(csv.reader(io.StringIO("\n".join([HEADER, *ROWS]))))
    text = "\n".join(",".join('"' + row[i].replace('"', '""') + '"' for i in order) for row in rows)
    assert mali_totals(write(tmp_path, text)) == {2013: 7, 2017: 5}


def test_extra_and_missing_optional_columns(tmp_path: Path) -> None:
    text = "event_id_cnty,event_date,country,fatalities,surprise\nMLI1,2017-11-20,Mali,5,x\n"
    frame = load([write(tmp_path, text)]).frame
    assert frame["fatalities"].to_list() == [5]
    assert frame["admin1"].to_list() == [None]


def test_hxl_row_is_skipped(tmp_path: Path) -> None:
    hxl = "#event+code,#date+occurred,#date+year,#event+type,#country+name,#adm1+name,#description,#affected+killed,"
    path = write(tmp_path, "\n".join([HEADER, hxl, *ROWS]) + "\n")
    assert mali_totals(path) == {2013: 7, 2017: 5}


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2017-11-20", date(2017, 11, 20)),
        ('"20 November 2017"', date(2017, 11, 20)),
        ('"04 January 2017"', date(2017, 1, 4)),
    ],
)
def test_iso_and_export_tool_dates(tmp_path: Path, written: str, expected: date) -> None:
    path = write(tmp_path, f"event_id_cnty,event_date,country,fatalities\nMLI1,{written},Mali,1\n")
    assert load([path]).frame["event_date"].to_list() == [expected]


def test_leading_unnamed_pandas_index_column(tmp_path: Path) -> None:
    text = ",event_id_cnty,event_date,country,fatalities\n0,MLI1,2017-11-20,Mali,4\n1,MLI2,2017-11-21,Mali,6\n"
    assert mali_totals(write(tmp_path, text)) == {2017: 10}


def test_quoted_notes_with_commas_quotes_and_newlines_and_crlf(tmp_path: Path) -> None:
    text = (
        "event_id_cnty,event_date,country,notes,fatalities\n"
        'MLI1,2017-11-20,Mali,"On 20 November, ""JNIM""\nattacked, twice",3\n'
        "MLI2,2017-11-21,Mali,plain,4\n"
    )
    path = write(tmp_path, text, newline="\r\n")
    frame = load([path]).frame
    assert frame["fatalities"].sum() == 7
    assert frame.height == 2


def test_stray_whitespace_in_text_cells_is_trimmed(tmp_path: Path) -> None:
    text = (
        "event_id_cnty,event_date,country,admin1,fatalities\n MLI1 , 2017-11-20 , Mali ,  Gao ,3\n"
    )
    frame = load([write(tmp_path, text)], countries=["MALI"]).frame
    assert frame.row(0, named=True)["admin1"] == "Gao"
    assert frame.row(0, named=True)["country"] == "Mali"
    assert frame.row(0, named=True)["event_id_cnty"] == "MLI1"


def test_monadic_duplicates_count_once_and_are_reported(tmp_path: Path) -> None:
    text = (
        "event_id_cnty,event_date,country,actor1,fatalities\n"
        "MLI1,2017-11-20,Mali,JNIM,9\nMLI1,2017-11-20,Mali,Military Forces of Mali,9\n"
        "MLI2,2017-11-21,Mali,JNIM,1\n"
    )
    loaded = load([write(tmp_path, text)])
    assert loaded.frame["fatalities"].sum() == 10
    assert loaded.duplicates_dropped == 1


def test_several_paths_are_one_union(tmp_path: Path) -> None:
    first = write(tmp_path, "\n".join([HEADER, ROWS[0]]) + "\n", "a.csv")
    second = write(tmp_path, "\n".join([HEADER, ROWS[1]]) + "\n", "b.csv")
    assert load([first, second]).frame["fatalities"].sum() == 12


def test_stdin_is_read_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = ("\n".join([HEADER, *ROWS]) + "\n").encode()

    class FakeStdin:
        buffer = io.BytesIO(payload)

    monkeypatch.setattr("sys.stdin", FakeStdin())
    assert load(["-"], countries=["Niger"]).frame["fatalities"].to_list() == [2]


def test_coverage_end_is_taken_before_country_selection(tmp_path: Path) -> None:
    loaded = load([write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")], countries=["Niger"])
    assert loaded.coverage_end == date(2017, 11, 20)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("event_id_cnty,event_date,country\nMLI1,2017-11-20,Mali\n", "fatalities"),
        ("event_id_cnty,country,fatalities\nMLI1,Mali,3\n", "event_date"),
        (
            "event_id_cnty,event_date,country,fatalities\nMLI1,2017-13-45,Mali,3\nMLI2,2017-13-46,Mali,1\n",
            "'2017-13-45'",
        ),
        ("event_id_cnty,event_date,country,fatalities\nMLI1,2017-11-20,Mali,three\n", "'three'"),
        ("event_id_cnty,event_date,country,fatalities\nMLI1,2017-11-20,Mali,-2\n", "'-2'"),
        ("<!DOCTYPE html><html><body>Page not found</body></html>\n", "HTML"),
        ("", "empty"),
        ("event_id_cnty,event_date,country,fatalities\n", "header only"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(InputError) as raised:
        load([path])
    message = str(raised.value)
    assert fragment in message
    assert "\n" not in message
    assert str(path) in message
    assert path.read_bytes() == before


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load([tmp_path / "nope.csv"])


def test_unknown_country_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")
    with pytest.raises(SelectionError, match="did you mean Mali"):
        load([path], countries=["Maly"])

"""Releases of the same data: the newest wins, split files of one download stay one
release, and the real 2019 and 2020 HDX Mali releases give the 2020 figures."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fatalities.io.load import load
from fatalities.io.releases import file_name_date
from fatalities.resources import sample_data_path
from fatalities.vocabulary import ReleaseMode
from tests.conftest import real_file

HEADER = "event_id_cnty,event_date,country,fatalities,timestamp\n"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows))
    return path


def yearly(frame: pl.DataFrame) -> dict[int, int]:
    totals = frame.group_by(pl.col("event_date").dt.year().alias("y")).agg(
        pl.col("fatalities").sum()
    )
    return dict(totals.sort("y").rows())


def test_newest_release_wins_and_its_deletions_are_dropped(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.csv",
        ["MLI1,2017-01-05,Mali,3,100", "MLI2,2017-02-01,Mali,4,100", "MLI3,2017-03-01,Mali,1,100"],
    )
    new = write(
        tmp_path / "new.csv",
        ["MLI1,2017-01-05,Mali,5,200", "MLI3,2017-03-01,Mali,1,100", "MLI4,2017-04-01,Mali,2,200"],
    )
    loaded = load([old, new])
    assert yearly(loaded.frame) == {2017: 5 + 1 + 2}
    (mali,) = loaded.country_releases
    assert (mali.deleted_events, mali.deleted_deaths, mali.revised_events) == (1, 4, 1)
    assert [release.paths[0] for release in mali.releases] == [str(new), str(old)]
    assert "dropped 1 event (4 deaths)" in mali.message()
    union = load([old, new], releases=ReleaseMode.union)
    assert yearly(union.frame) == {2017: 5 + 4 + 1 + 2}
    assert "kept 1 event (4 deaths)" in union.country_releases[0].message()


def test_input_order_does_not_matter(tmp_path: Path) -> None:
    old = write(tmp_path / "a.csv", ["MLI1,2017-01-05,Mali,3,100", "MLI2,2017-02-01,Mali,4,100"])
    new = write(tmp_path / "b.csv", ["MLI1,2017-01-05,Mali,5,200", "MLI3,2017-03-01,Mali,1,200"])
    assert yearly(load([new, old]).frame) == yearly(load([old, new]).frame) == {2017: 5 + 1}


def test_outside_the_newer_span_the_older_release_still_counts(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.csv",
        ["MLI1,2016-06-01,Mali,7,100", "MLI2,2017-02-01,Mali,4,100", "MLI3,2017-03-01,Mali,1,100"],
    )
    new = write(tmp_path / "new.csv", ["MLI2,2017-02-01,Mali,6,200", "MLI4,2017-03-01,Mali,2,200"])
    loaded = load([old, new])
    # MLI1 (2016) is before the newer release's first date: kept; MLI3 is within: deleted.
    assert yearly(loaded.frame) == {2016: 7, 2017: 6 + 2}
    (mali,) = loaded.country_releases
    assert (mali.deleted_events, mali.deleted_deaths) == (1, 1)
    used = dict(zip([r.paths[0] for r in mali.releases], mali.used, strict=True))
    assert used[str(old)] == ((date(2016, 6, 1), date(2017, 1, 31)),)


def test_three_overlapping_split_files_of_one_release_give_its_totals(tmp_path: Path) -> None:
    """One synthetic export cut into three files whose date ranges overlap: one release."""
    text = sample_data_path().read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames is not None
    cuts = [
        ("1997-01-01", "2013-12-31"),
        ("2012-01-01", "2018-06-30"),
        ("2018-01-01", "2020-12-31"),
    ]
    paths = []
    for index, (start, end) in enumerate(cuts):
        part = [row for row in rows if start <= row["event_date"] <= end]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(part)
        path = tmp_path / f"part{index}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        paths.append(path)
    whole = load([sample_data_path()], countries=["Mali", "Niger"])
    split = load(paths, countries=["Mali", "Niger"])
    for name in ("Mali", "Niger"):
        expected = yearly(whole.frame.filter(pl.col("country") == name))
        assert yearly(split.frame.filter(pl.col("country") == name)) == expected
    assert split.frame.height == whole.frame.height
    assert split.country_releases == ()
    assert len(split.releases) == 1 and len(split.releases[0].paths) == 3
    assert split.duplicates_dropped > 0  # the overlaps, counted once


def test_files_sharing_no_event_are_not_releases_of_each_other(tmp_path: Path) -> None:
    north = write(tmp_path / "north.csv", ["MLI1,2017-01-05,Mali,3,100"])
    south = write(tmp_path / "south.csv", ["MLI2,2017-01-06,Mali,4,300"])
    loaded = load([north, south])
    assert yearly(loaded.frame) == {2017: 7}
    assert loaded.country_releases == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2017-01-01-2019-02-27-Mali.csv", date(2019, 2, 27)),
        ("ACLED_20200803_mali.csv", date(2020, 8, 3)),
        ("mali_2019_07.csv", None),
        ("hdx_conflict_data_mli.csv", None),
    ],
)
def test_release_date_from_a_file_name(name: str, expected: date | None) -> None:
    assert file_name_date(name) == expected


def test_without_timestamps_the_date_in_the_file_name_dates_the_release(tmp_path: Path) -> None:
    header = "event_id_cnty,event_date,country,fatalities\n"
    old = tmp_path / "export_2019-03-01.csv"
    new = tmp_path / "export_2020-08-03.csv"
    old.write_text(header + "MLI1,2017-01-05,Mali,3\nMLI2,2017-01-06,Mali,4\n")
    new.write_text(header + "MLI1,2017-01-05,Mali,5\nMLI3,2017-01-09,Mali,1\n")
    loaded = load([new, old])
    assert [r.release_basis for r in loaded.reports] == ["file name", "file name"]
    assert yearly(loaded.frame) == {2017: 5 + 1}


def test_real_hdx_releases_2019_and_2020_give_the_2020_figures() -> None:
    old = real_file("acled-events", "hdx_Conflict Data for Mali.csv")
    new = real_file("acled-events", "hdx_conflict_data_mli.csv")
    newest = load([old, new], countries=["Mali"])
    alone = load([new], countries=["Mali"])
    assert yearly(newest.frame) == yearly(alone.frame)
    assert yearly(newest.frame)[2017] == 948
    assert yearly(newest.frame)[2018] == 1747
    (mali,) = newest.country_releases
    assert (mali.deleted_events, mali.deleted_deaths) == (11, 19)
    assert mali.releases[0].released == date(2020, 8, 3)
    assert mali.releases[1].released == date(2019, 7, 29)
    union = load([old, new], countries=["Mali"], releases="union")
    assert (yearly(union.frame)[2017], yearly(union.frame)[2018]) == (952, 1762)


def test_real_export_2019_and_api_2020_give_the_api_figures() -> None:
    export = real_file("acled-events", "2017-01-01-2019-02-27-Mali.csv")
    api = real_file("acled-events", "api_Processed_Acled_Mali.csv")
    totals = yearly(load([api, export], countries=["Mali"]).frame)
    assert (totals[2017], totals[2018]) == (948, 1747)

"""Releases that give the same events different ids: warned about, an error with --strict.

The 2016 realtime file calls Mali events ``136RTA``; later files call them ``MLI1142``,
so deduplication on ``event_id_cnty`` cannot catch them and a folder holding both
counts 2016 twice. ``fatalities.io.overlap`` spots it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.errors import InputError
from fatalities.io import overlap
from fatalities.io.load import load
from fatalities.io.overlap import Overlap, find_overlaps
from tests.conftest import real_file

runner = CliRunner()

HEADER = "event_id_cnty,event_date,country,admin1,admin2,fatalities\n"
#: One 2016 realtime-style file and one later release of the same Mali events.
REALTIME = HEADER + (
    "1RTA,2016-01-05,Mali,Timbuktu,Goundam,3\n"
    "2RTA,2016-02-01,Mali,Gao,Gao,0\n"
    "3RTA,2016-03-09,Mali,Mopti,Douentza,2\n"
)
LATER = HEADER + (
    "MLI1,2015-06-01,Mali,Kidal,Kidal,1\n"
    "MLI2,2016-01-05,Mali,Tombouctou,Goundam,3\n"  # admin1 renamed, admin2 the same
    "MLI3,2016-02-01,Mali,Gao,Gao,0\n"
    "MLI4,2016-03-09,Mali,Segou,Segou,2\n"  # same day and deaths, another place
    "MLI5,2017-01-01,Mali,Gao,Gao,4\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def events(*rows: tuple[str, str, str, str, int, str]) -> pl.DataFrame:
    """Rows of (source_file, id, country, ISO date, fatalities, admin1)."""
    return pl.DataFrame(
        {
            "source_file": [row[0] for row in rows],
            "event_id_cnty": [row[1] for row in rows],
            "country": [row[2] for row in rows],
            "event_date": [date.fromisoformat(row[3]) for row in rows],
            "fatalities": [row[4] for row in rows],
            "admin1": [row[5] for row in rows],
        }
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [("rt", "1RTA", "Mali", "2016-01-05", 3, "Gao"),
             ("hdx", "MLI1", "Mali", "2016-01-05", 3, "Gao")],
            [1], id="different-ids-same-event",
        ),
        pytest.param(
            [("a", "MLI1", "Mali", "2016-01-05", 3, "Gao"),
             ("b", "MLI1", "Mali", "2016-01-05", 4, "Gao"),
             ("b", "MLI2", "Mali", "2016-01-05", 3, "Gao")],
            [], id="ids-shared-one-release-line",
        ),
        pytest.param(
            [("rt", "1RTA", "Niger", "2016-01-05", 3, "Gao"),
             ("hdx", "MLI1", "Mali", "2016-01-05", 3, "Gao")],
            [], id="different-countries",
        ),
        pytest.param(
            [("rt", "1RTA", "Mali", "2016-01-05", 3, "Gao"),
             ("hdx", "MLI1", "Mali", "2017-01-05", 3, "Gao"),
             ("hdx", "MLI2", "Mali", "2018-01-05", 3, "Gao")],
            [], id="dates-do-not-overlap",
        ),
        pytest.param(
            [("rt", "1RTA", "Mali", "2016-01-05", 3, "Gao"),
             ("hdx", "MLI1", "Mali", "2016-01-05", 3, "Kidal")],
            [], id="another-place",
        ),
        pytest.param(
            [("rt", "1RTA", "Mali", "2016-01-05", 0, "Gao"),
             ("rt", "2RTA", "Mali", "2016-01-05", 0, "Gao"),
             ("hdx", "MLI1", "Mali", "2016-01-05", 0, "gao "),
             ("hdx", "MLI9", "Mali", "2016-01-06", 0, "Gao")],
            [1], id="each-event-matched-once",
        ),
        pytest.param(
            [("rt", "1RTA", "Mali", "2016-01-05", 3, "Gao"),
             ("rt", "1RTA", "Mali", "2016-01-05", 3, "Gao"),
             ("hdx", "MLI1", "Mali", "2016-01-05", 3, "Gao")],
            [1], id="a-repeated-row-is-one-event",
        ),
    ],
)  # fmt: skip
def test_find_overlaps(
    rows: list[tuple[str, str, str, str, int, str]], expected: list[int]
) -> None:
    assert [found.alike for found in find_overlaps(events(*rows))] == expected


def test_the_warning_names_files_country_dates_and_count(tmp_path: Path) -> None:
    first = write(tmp_path, "rt2016.csv", REALTIME)
    second = write(tmp_path, "hdx_conflict_data_mli.csv", LATER)
    loaded = load([first, second])
    assert loaded.warnings == [
        "rt2016.csv and hdx_conflict_data_mli.csv overlap (Mali, 2016-01-05..2016-03-09) "
        "with different event ids (#RTA vs MLI#): about 2 events look the same in both; "
        "totals for those dates may count them twice. Load one release at a time."
    ]
    # the warning does not change the totals: it says they may be wrong
    assert loaded.frame.height == 8


def test_strict_makes_the_overlap_an_error(tmp_path: Path) -> None:
    paths = [write(tmp_path, "rt.csv", REALTIME), write(tmp_path, "later.csv", LATER)]
    with pytest.raises(InputError, match=r"overlap \(Mali.*--strict makes warnings errors"):
        load(paths, strict=True)
    result = runner.invoke(app, ["trend", *map(str, paths), "-c", "Mali", "--strict"])
    assert result.exit_code == 2
    assert "look the same in both" in result.stderr and result.stdout == ""
    relaxed = runner.invoke(app, ["trend", *map(str, paths), "-c", "Mali", "-f", "csv"])
    assert relaxed.exit_code == 0
    assert "warning: rt.csv and later.csv overlap (Mali" in relaxed.stderr


def test_plain_trend_compares_places_too(tmp_path: Path) -> None:
    """Plain ``trend`` reads few columns; with two inputs it reads admin1/admin2 as well,
    so events on the same day with the same deaths in other places do not match."""
    elsewhere = HEADER + "MLI7,2016-01-05,Mali,Kayes,Kayes,3\nMLI8,2016-03-09,Mali,Kayes,Kita,2\n"
    paths = [write(tmp_path, "rt.csv", REALTIME), write(tmp_path, "other.csv", elsewhere)]
    result = runner.invoke(app, ["trend", *map(str, paths), "-c", "Mali", "-f", "csv"])
    assert result.exit_code == 0 and "overlap" not in result.stderr


def test_one_input_is_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: pl.DataFrame) -> list[Overlap]:
        raise AssertionError("find_overlaps called for one input")

    monkeypatch.setattr(overlap, "find_overlaps", fail)
    loaded = load([write(tmp_path, "later.csv", LATER)], columns=["fatalities"])
    assert loaded.warnings == []
    assert loaded.frame["admin1"].null_count() == loaded.frame.height  # not read


def test_aggregates_without_ids_are_not_compared(tmp_path: Path) -> None:
    monthly = "Country,Month,Year,Events,Fatalities\nMali,January,2016,2,3\n"
    paths = [write(tmp_path, "a.csv", monthly), write(tmp_path, "b.csv", monthly)]
    assert load(paths).warnings == []


# --- real data -----------------------------------------------------------------------

REALTIME_2016 = ("acled-events", "ACLED All Africa File_20160101 to 20160528_csv.csv")


def _mali_events(
    path: Path, encoding: str, date_format: str
) -> list[tuple[str, date, int, str, str]]:
    """(id, date, fatalities, admin1, admin2) of every Mali row, read with the csv module."""
    found = []
    with path.open(encoding=encoding, newline="") as handle:
        for raw in csv.DictReader(handle):
            row = {key.lower(): (value or "").strip() for key, value in raw.items() if key}
            if row["country"] != "Mali" or row["event_id_cnty"].startswith("#"):
                continue
            found.append(
                (
                    row["event_id_cnty"],
                    datetime.strptime(row["event_date"], date_format).date(),
                    int(row["fatalities"]),
                    row["admin1"].lower(),
                    row["admin2"].lower(),
                )
            )
    return found


def test_realtime_2016_and_hdx_2020_overlap_as_counted_independently() -> None:
    realtime = real_file(*REALTIME_2016)
    hdx = real_file("acled-events", "hdx_conflict_data_mli.csv")
    a = _mali_events(realtime, "cp1252", "%d/%m/%Y")
    b = _mali_events(hdx, "utf-8", "%Y-%m-%d")
    start = max(min(e[1] for e in a), min(e[1] for e in b))
    end = min(max(e[1] for e in a), max(e[1] for e in b))
    a = [e for e in a if start <= e[1] <= end]
    b = [e for e in b if start <= e[1] <= end]
    pairs: dict[tuple[date, int], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for x in a:
        for y in b:
            if x[1:3] == y[1:3] and (x[3] == y[3] or x[4] == y[4]):
                pairs[x[1:3]][0].add(x[0])
                pairs[x[1:3]][1].add(y[0])
    alike = sum(min(len(left), len(right)) for left, right in pairs.values())
    assert 40 <= alike <= len(a)  # most of rt2016's 55 Mali events reappear in 2020

    loaded = load([hdx, realtime], countries=["Mali"], columns=["fatalities"])
    [warning] = [w for w in loaded.warnings if "overlap" in w]
    assert warning.startswith(
        f"hdx_conflict_data_mli.csv and {realtime.name} overlap "
        f"(Mali, {start.isoformat()}..{end.isoformat()}) with different event ids (MLI# vs #RTA)"
    )
    assert f"about {alike} events look the same in both" in warning


def test_the_real_folder_warns_about_2016_and_strict_refuses_it() -> None:
    folder = real_file(*REALTIME_2016).parent
    result = runner.invoke(app, ["trend", str(folder), "--country", "Mali", "-f", "csv"])
    assert result.exit_code == 0
    assert "overlap (Mali, 2015-12-22..2016-05-27) with different event ids" in result.stderr
    strict = runner.invoke(app, ["trend", str(folder), "--country", "Mali", "--strict"])
    assert strict.exit_code == 2 and "Load one release at a time" in strict.stderr


def test_vintages_sharing_ids_are_not_flagged() -> None:
    """hdx2019 and hdx2020 differ (SOURCES.md: 2017 950 vs 948) but share ids: dedupe's job."""
    paths = [
        real_file("acled-events", "hdx_Conflict Data for Mali.csv"),
        real_file("acled-events", "hdx_conflict_data_mli.csv"),
    ]
    assert not [w for w in load(paths, columns=["fatalities"]).warnings if "overlap" in w]

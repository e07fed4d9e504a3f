"""The loader's shortcuts for big files give exactly the slow, obvious answers.

- The span of ISO dates is read from the least and greatest date *text* when every
  date is plain ``YYYY-MM-DD``; otherwise every date is parsed. A property test feeds
  it every kind of odd date text and compares with parsing every date.
- ``columns`` reads fewer columns but gives the same values in those it reads.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from fatalities.load import _collect, _coverage_query, _open_csv, _raw_stage, load
from fatalities.readers import open_tables
from fatalities.validate import RAW_DATE

TODAY = date(2026, 11, 27)
DIALECTS = Path(__file__).resolve().parent / "data" / "dialects"

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
odd_texts = st.sampled_from(
    [
        "2017-02-30",
        "2017-13-01",
        "0000-00-00",
        "1988-12-31",
        "2999-01-01",
        "",
        "  ",
        "n/a",
        "2017/01/05",
        "20170105",
        "+2017-01-05",
        "2017-01-05T00:00:00",
        "２０１７-01-05",
    ]
)
date_texts = st.one_of(
    days.map(date.isoformat),
    days.map(lambda day: f"{day.year}-{day.month}-{day.day}"),
    days.map(lambda day: f" {day.isoformat()}"),
    days.map(lambda day: f"{day.isoformat()}\u00a0"),
    odd_texts,
)


def _span_both_ways(texts: list[str]) -> tuple[tuple[object, ...], tuple[object, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.csv")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["event_id_cnty", "event_date", "country", "fatalities"])
            for index in range(5):  # plain ISO dates first: the sniffed format is ISO
                writer.writerow([f"A{index}", f"2010-0{index + 1}-15", "Mali", "1"])
            for index, text in enumerate(texts):
                writer.writerow([f"B{index}", text, "Niger", "2"])
        lazy, layout, _, _ = _open_csv(open_tables(str(path))[0], "best")
        assert layout.date_format == "%Y-%m-%d"
        _, span, _ = _collect(lazy, layout, [], TODAY)
        raw_dates = lazy.select(_raw_stage(layout)[RAW_DATE].alias(RAW_DATE))
        parsed = _coverage_query(raw_dates, layout, TODAY).collect()
        return span.row(0), parsed.row(0)


@settings(max_examples=150, deadline=None)
@given(st.lists(date_texts, max_size=12))
def test_the_iso_span_shortcut_equals_parsing_every_date(texts: list[str]) -> None:
    shortcut, parsed = _span_both_ways(texts)
    assert shortcut == parsed


def test_the_shortcut_is_taken_for_plain_dates_and_not_for_odd_ones() -> None:
    plain, _ = _span_both_ways(["1997-01-06", "2020-07-31"])
    assert plain == (7, date(1997, 1, 6), date(2020, 7, 31))
    padded, parsed = _span_both_ways(["1997-01-06", "2020-7-31 "])
    assert padded == parsed


def test_fewer_columns_give_the_same_values_in_those_read() -> None:
    source = DIALECTS / "acled_hdx.csv"
    every = load([source], today=TODAY).frame
    few = load([source], today=TODAY, columns=["country", "event_date", "fatalities"]).frame
    assert few.columns == every.columns
    kept = ["event_id_cnty", "event_date", "year", "country", "fatalities", "events", "timestamp"]
    assert_frame_equal(few.select(kept), every.select(kept))
    assert few["admin1"].null_count() == few.height
    assert every["admin1"].null_count() < every.height
    assert pl.Series(few["source_file"]).n_unique() == 1

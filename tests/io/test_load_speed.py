"""The loader's shortcuts for big files give exactly the slow, obvious answers.

- The span of a table (rows, first and last valid date) comes from text order when
  every date is a whole ISO text, else it is gathered batch by batch from each batch's
  distinct date texts. Property tests feed it every kind of odd date text, in ISO and
  long dates, in batches of a few rows, and compare with parsing every date.
- A country is selected with one case-insensitive regular expression on the raw
  text; a property test compares it with trimming and lower-casing every name.
- ``columns`` reads fewer columns but gives the same values in those it reads; the
  timestamps (which decide the row kept of an event listed twice) are read only when
  an event is listed twice.
"""

from __future__ import annotations

import csv
import itertools
import re
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import fatalities.io.coverage as coverage
import fatalities.io.raw as loader
from fatalities.io.coverage import ISO_DATE, WHOLE_ISO_DATE, coverage_query
from fatalities.io.load import _collect, load
from fatalities.io.raw import open_csv, raw_stage, row_filter
from fatalities.io.readers import open_tables
from fatalities.io.sniff import describe, parse_date
from fatalities.io.validate import FIRST_DATE, RAW_DATE

TODAY = date(2026, 11, 27)
DIALECTS = Path(__file__).resolve().parents[1] / "data" / "dialects"

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


long_odd_texts = st.sampled_from(
    [
        "31 February 2017",
        "20 Nov 2017",
        "20 november 2017",
        "20  November 2017",
        "05 March 2001",
        "1 January 1988",
        "1 January 2999",
        "20 November 17",
        "20 November 02017",
        "2017-01-05",
        "",
        "n/a",
    ]
)
long_date_texts = st.one_of(
    days.map(lambda day: f"{day.day} {day:%B %Y}"),
    days.map(lambda day: f" {day.day} {day:%B %Y}\u00a0"),
    long_odd_texts,
)


def _span_both_ways(
    texts: list[str], first_dates: str = "{month:%Y-%m}-15", batch_rows: int = 3
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The span ``_collect`` gathers in batches of ``batch_rows`` rows, and the span
    from parsing every date; the file starts with 5 dates in ``first_dates``'s form."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.csv")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["event_id_cnty", "event_date", "country", "fatalities"])
            for index in range(5):  # plain dates first: they decide the sniffed format
                month = date(2010, index + 1, 1)
                writer.writerow([f"A{index}", first_dates.format(month=month), "Mali", "1"])
            for index, text in enumerate(texts):
                writer.writerow([f"B{index}", text, "Niger", "2"])
        lazy, layout, _, _ = open_csv(open_tables(str(path))[0], "best")
        saved = coverage.SPAN_BATCH_ROWS
        coverage.SPAN_BATCH_ROWS = batch_rows
        try:
            _, span, _ = _collect(lazy, layout, ["mali"], TODAY)
        finally:
            coverage.SPAN_BATCH_ROWS = saved
        raw_dates = lazy.select(raw_stage(layout)[RAW_DATE].alias(RAW_DATE))
        parsed = coverage_query(raw_dates, layout, TODAY).collect()
        return span.row(0), parsed.row(0)


@settings(max_examples=120, deadline=None)
@given(st.lists(date_texts, max_size=12), st.integers(min_value=1, max_value=8))
def test_the_span_of_iso_dates_equals_parsing_every_date(texts: list[str], batch: int) -> None:
    gathered, parsed = _span_both_ways(texts, batch_rows=batch)
    assert gathered == parsed


@settings(max_examples=80, deadline=None)
@given(st.lists(long_date_texts, max_size=12), st.integers(min_value=1, max_value=8))
def test_the_span_of_long_dates_equals_parsing_every_date(texts: list[str], batch: int) -> None:
    gathered, parsed = _span_both_ways(texts, "15 {month:%B %Y}", batch_rows=batch)
    assert gathered == parsed


def test_the_span_counts_every_row_and_only_valid_dates() -> None:
    gathered, _ = _span_both_ways(["1997-01-06", "2020-7-31 ", "2999-01-01", "x", ""])
    assert gathered == (10, date(1997, 1, 6), date(2020, 7, 31))
    nothing_valid, _ = _span_both_ways([], "2099-{month:%m}-15")
    assert nothing_valid == (5, None, None)


def test_batches_of_repeated_dates_are_parsed_once_at_the_end() -> None:
    repeated = ["1999-12-31 ", "2012-01-01", "2099-01-01", "x"] * 10
    texts = ["2005-06-07"] * 45 + repeated + ["2005-06-07"] * 35
    gathered, parsed = _span_both_ways(texts, batch_rows=50)
    assert gathered == parsed == (125, date(1999, 12, 31), date(2012, 1, 1))


#: Whole ISO texts only (four, two and two digits), valid or not, in range or not.
whole_iso_texts = st.one_of(
    days.map(date.isoformat),
    st.sampled_from(["2017-02-30", "2017-13-01", "0000-00-00", "1988-12-31", "2999-01-01"]),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(whole_iso_texts, max_size=5))  # the first 5 dates must stay a majority
def test_the_span_of_whole_iso_dates_from_text_order_equals_parsing_every_date(
    texts: list[str],
) -> None:
    gathered, parsed = _span_both_ways(texts)
    assert gathered == parsed


class _NoSecondScan(coverage.DateSpan):
    def sink(self, scan: pl.LazyFrame) -> pl.LazyFrame:
        raise AssertionError("the span should come from text order, without a second scan")


@pytest.mark.parametrize(
    ("texts", "span"),
    [
        (["1997-01-06", "2020-07-31", "2005-06-07"], (date(1997, 1, 6), date(2020, 7, 31))),
        ([None, "2017-11-20"], (date(2010, 1, 15), date(2017, 11, 20))),
    ],
)
def test_whole_iso_dates_give_the_span_in_one_scan(
    monkeypatch: pytest.MonkeyPatch, texts: list[str | None], span: tuple[date, date]
) -> None:
    monkeypatch.setattr(loader, "DateSpan", _NoSecondScan)
    gathered, parsed = _span_both_ways([text or "" for text in texts])
    assert gathered == parsed == (5 + len(texts), *span)


@pytest.mark.parametrize(
    "odd",
    ["2017-1-5", "2017- 1-05", " 2017-01-05", "２０１７-01-05", "2999-01-01", "2017-02-30"],
)
def test_a_date_text_out_of_order_or_range_takes_the_second_scan(
    monkeypatch: pytest.MonkeyPatch, odd: str
) -> None:
    monkeypatch.setattr(loader, "DateSpan", _NoSecondScan)
    with pytest.raises(AssertionError, match="second scan"):
        _span_both_ways(["2009-03-01", odd])
    monkeypatch.undo()
    gathered, parsed = _span_both_ways(["2009-03-01", odd])
    assert gathered == parsed


def _valid_dates(texts: list[str]) -> list[str]:
    """The texts the loader reads as a valid date in range (as ``parse_date`` does)."""
    frame = pl.DataFrame({"text": texts})
    dates = parse_date(pl.col("text").str.strip_chars(), ISO_DATE)
    return frame.filter(dates.is_between(FIRST_DATE, TODAY))["text"].to_list()


def test_ten_bytes_from_dash_to_nine_are_a_valid_date_only_as_whole_iso_text() -> None:
    # Every arrangement of digits, "-", "." and "/" in ten bytes (4^10 of them), the
    # digits written "2012" then 1s: whatever the parser accepts in that shape, with
    # a 4-digit year in range and months and days of 1 or 11, is a valid date.
    shapes = ["".join(shape) for shape in itertools.product("D-./", repeat=10)]
    texts = []
    for shape in shapes:
        digits = iter("2012" + "1" * 10)
        texts.append("".join(next(digits) if char == "D" else char for char in shape))
    assert {text for text in _valid_dates(texts) if not re.fullmatch(WHOLE_ISO_DATE, text)} == set()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-./", min_size=10, max_size=10))
def test_any_ten_bytes_from_dash_to_nine_read_as_a_date_are_whole_iso_text(text: str) -> None:
    for valid in _valid_dates([text]):
        assert re.fullmatch(WHOLE_ISO_DATE, valid)


#: Names as the data may write them: any case, stray spaces (also non-breaking and
#: Unicode ones), and characters that mean something in a regular expression.
names = st.sampled_from(
    ["Mali", "Somalia", "Niger", "Nigeria", "Côte d'Ivoire", "Cocos (Keeling) Islands",
     "Guinea-Bissau", "St. Kitts & Nevis", "Mali.", "Ma.i", "", "ÅLAND"]
)  # fmt: skip
spellings = st.tuples(
    names,
    st.sampled_from(["as is", "upper", "lower", "swapcase"]),
    st.sampled_from(["", " ", "  ", "\u00a0", "\t", "\u2003"]),
    st.sampled_from(["", " ", "\u00a0", "\u3000"]),
).map(lambda t: t[2] + (t[0] if t[1] == "as is" else getattr(t[0], t[1])()) + t[3])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(spellings, st.none()), min_size=1, max_size=20),
    st.lists(names.filter(bool), min_size=1, max_size=3),
)
def test_the_country_expression_selects_what_trimming_and_lower_casing_selects(
    countries: list[str | None], requested: list[str]
) -> None:
    header = ["event_id_cnty", "event_date", "country", "fatalities"]
    layout = describe(header, [["MLI1", "2017-11-20", "Mali", "1"]], "e.csv")
    wanted = [name.strip().lower() for name in requested]
    frame = pl.DataFrame({"country": countries}, schema={"country": pl.String})
    stage = raw_stage(layout)
    fast = row_filter(stage, layout, wanted, scanned=True)
    slow = pl.col("country").str.strip_chars().str.to_lowercase().is_in(wanted)
    assert fast is not None
    assert frame.filter(fast).equals(frame.filter(slow))


def test_fewer_columns_give_the_same_values_in_those_read() -> None:
    source = DIALECTS / "acled_hdx.csv"
    every = load([source], today=TODAY).frame
    few = load([source], today=TODAY, columns=["country", "event_date", "fatalities"]).frame
    assert few.columns == every.columns
    kept = ["event_id_cnty", "event_date", "year", "country", "fatalities", "events"]
    assert_frame_equal(few.select(kept), every.select(kept))
    for column in ("admin1", "timestamp"):  # no event is listed twice: timestamps unread
        assert few[column].null_count() == few.height
        assert every[column].null_count() < every.height
    assert pl.Series(few["source_file"]).n_unique() == 1


@pytest.mark.parametrize("latest_first", [False, True])
def test_an_event_listed_twice_keeps_its_latest_row_without_asking_for_timestamps(
    tmp_path: Path, latest_first: bool
) -> None:
    rows = [
        "MLI1,2017-01-01,2017,Mali,3,1500000000",
        "MLI1,2017-01-02,2017,Mali,5,1600000000",
        "MLI2,2018-03-04,2018,Mali,1,1500000000",
        "NER1,2018-03-04,2018,Niger,9,1500000000",
    ]
    if latest_first:
        rows[0], rows[1] = rows[1], rows[0]
    path = tmp_path / "monadic.csv"
    path.write_text(
        "event_id_cnty,event_date,year,country,fatalities,timestamp\n" + "\n".join(rows)
    )
    trend_columns = ["country", "event_date", "fatalities", "events"]
    few = load([path], countries=["Mali"], today=TODAY, columns=trend_columns)
    every = load([path], countries=["Mali"], today=TODAY)
    assert few.duplicates_dropped == every.duplicates_dropped == 1
    kept = ["event_id_cnty", "event_date", "fatalities", "timestamp"]
    assert_frame_equal(few.frame.select(kept).sort(kept), every.frame.select(kept).sort(kept))
    assert dict(few.frame.select("event_id_cnty", "fatalities").rows()) == {"MLI1": 5, "MLI2": 1}

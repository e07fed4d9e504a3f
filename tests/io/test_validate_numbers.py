"""Numbers are typed column by column: the shortcut for text that reads as integers
throughout gives exactly what cleaning every row gives (property tests)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from fatalities.io.validate import _cleaned, _whole_number, integers, whole_numbers

#: Number cells as files write them: plain, signed, padded, decimal, blank or not numbers.
cells = st.one_of(
    st.integers(min_value=-5, max_value=10**12).map(str),
    st.sampled_from(
        [
            "3",
            "03",
            "+3",
            "-2",
            " 3",
            "3 ",
            "1 000",
            "3.0",
            "3.5",
            "",
            " ",
            "n/a",
            "\u00a04",
            "2017",
            "2017.0",
            "1e3",
            "9" * 25,
        ]
    ),
    st.none(),
)


def _slow_whole_numbers(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    cleaned = raw.to_frame().select(_cleaned(pl.col(raw.name))).to_series()
    return cleaned, cleaned.to_frame().select(_whole_number(pl.col(raw.name))).to_series()


def _slow_integers(raw: pl.Series, dtype: type[pl.DataType]) -> pl.Series:
    number = _cleaned(pl.col(raw.name)).cast(pl.Float64, strict=False)
    return raw.to_frame().select(number.cast(dtype, strict=False)).to_series()


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=8))
def test_whole_numbers_equal_cleaning_every_row(texts: list[str | None]) -> None:
    raw = pl.Series("n", texts, dtype=pl.String)
    fast_cleaned, fast_numbers = whole_numbers(raw)
    slow_cleaned, slow_numbers = _slow_whole_numbers(raw)
    assert fast_cleaned.to_list() == slow_cleaned.to_list()
    assert fast_numbers.to_list() == slow_numbers.to_list()


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=8), st.sampled_from([pl.Int32, pl.Int64]))
def test_integers_equal_cleaning_every_row(
    texts: list[str | None], dtype: type[pl.DataType]
) -> None:
    raw = pl.Series("y", texts, dtype=pl.String)
    assert integers(raw, dtype).to_list() == _slow_integers(raw, dtype).to_list()


def test_plain_integer_text_takes_the_shortcut_and_typed_columns_are_cleaned() -> None:
    plain = pl.Series("n", ["3", None, "12"])
    cleaned, _ = whole_numbers(plain)
    assert cleaned is plain  # returned as it is: no row was cleaned
    floats = pl.Series("n", [3.0, 3.5, None])  # a workbook's numbers
    assert whole_numbers(floats)[1].to_list() == [3, None, None]

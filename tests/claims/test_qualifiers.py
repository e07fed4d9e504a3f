"""The qualifier table: each row's band, worked by hand, and the README's copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fatalities.claims.qualifiers import (
    QUALIFIERS,
    SPELLINGS,
    Band,
    band,
    qualifier,
    rounding_step,
)
from fatalities.render.claims_tables import qualifier_table_markdown

README = Path(__file__).resolve().parents[2] / "README.md"

# (figure, the rounding step a careful reader takes it to carry)
STEPS = [
    (3, 1),
    (5, 5),
    (10, 5),
    (20, 5),
    (50, 10),
    (57, 1),
    (100, 10),
    (200, 10),
    (250, 50),
    (500, 100),
    (750, 50),
    (850, 50),
    (883, 1),
    (1000, 100),
    (3000, 500),
    (10000, 1000),
]


@pytest.mark.parametrize(("figure", "step"), STEPS)
def test_rounding_step(figure: int, step: int) -> None:
    assert rounding_step(figure) == step


# (qualifier, figure, lowest value that holds, highest value that holds); None = open.
# Worked by hand from the rules in the README, not from the code.
BANDS = [
    ("exactly", 850, 850, 850),
    ("about", 50, 45, 55),
    ("about", 850, 825, 875),
    ("about", 500, 450, 550),
    ("over", 500, 501, None),
    ("more than", 750, 751, None),
    ("just over", 50, 51, 59),
    ("just over", 850, 851, 899),
    ("just over", 500, 501, 599),
    ("just over", 57, 58, 58),
    ("at least", 1000, 1000, None),
    ("under", 40, None, 39),
    ("fewer than", 40, None, 39),
    ("just under", 850, 801, 849),
    ("nearly", 3000, 2500, 2999),
    ("nearly", 400, 350, 399),
    # aliases read as their row
    ("almost", 50, 40, 49),
    ("around", 850, 825, 875),
    ("less than", 100, None, 99),
]


@pytest.mark.parametrize(("name", "figure", "low", "high"), BANDS)
def test_band_edges(name: str, figure: int, low: int | None, high: int | None) -> None:
    allowed = band(name, figure)
    assert allowed == Band(low, high)
    for inside in (low, high):
        if inside is not None:
            assert allowed.contains(inside)
    if low is not None:
        assert not allowed.contains(low - 1)
    if high is not None:
        assert not allowed.contains(high + 1)


def test_between_uses_the_second_figure() -> None:
    assert band("between", 40, 50) == Band(40, 50)
    with pytest.raises(ValueError, match="second figure"):
        band("between", 40)


@pytest.mark.parametrize(
    ("tolerance", "low", "high"),
    [(0.0, 851, 851), (0.5, 851, 874), (1.0, 851, 899), (2.0, 851, 949)],
)
def test_tolerance_scales_the_step(tolerance: float, low: int, high: int) -> None:
    assert band("just over", 850, tolerance=tolerance) == Band(low, high)


def test_tolerance_does_not_move_plain_inequalities() -> None:
    assert band("over", 500, tolerance=3) == band("over", 500)
    assert band("exactly", 500, tolerance=3) == Band(500, 500)


def test_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        band("about", 50, tolerance=-1)


def test_unknown_qualifier_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        qualifier("roughly about")


def test_every_spelling_maps_to_a_row_and_names_are_unique() -> None:
    names = [row.name for row in QUALIFIERS]
    assert len(names) == len(set(names))
    assert set(SPELLINGS) >= set(names)
    aliases = [alias for row in QUALIFIERS for alias in row.aliases]
    assert len(aliases) == len(set(aliases))


def test_issue_qualifiers_are_all_in_the_table() -> None:
    wanted = {
        "exactly",
        "about",
        "over",
        "just over",
        "under",
        "just under",
        "nearly",
        "at least",
        "more than",
        "fewer than",
    }
    assert wanted <= {row.name for row in QUALIFIERS}


def test_readme_shows_the_table_the_code_uses() -> None:
    assert qualifier_table_markdown() in README.read_text(encoding="utf-8")


@given(
    name=st.sampled_from([row.name for row in QUALIFIERS if row.name != "between"]),
    figure=st.integers(min_value=1, max_value=100_000),
    tolerance=st.floats(min_value=0, max_value=5, allow_nan=False),
)
def test_bands_are_never_empty_and_widen_with_tolerance(
    name: str, figure: int, tolerance: float
) -> None:
    narrow = band(name, figure, tolerance=tolerance)
    wide = band(name, figure, tolerance=tolerance + 1)
    if narrow.low is not None and narrow.high is not None:
        assert narrow.low <= narrow.high
    for value in (narrow.low, narrow.high):
        if value is not None:
            assert wide.contains(value)


@given(figure=st.integers(min_value=1, max_value=10**9))
def test_step_divides_the_figure_and_is_at_most_a_fifth_or_five(figure: int) -> None:
    step = rounding_step(figure)
    assert figure % step == 0
    assert step <= max(figure / 5, 5)

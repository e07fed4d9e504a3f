"""A text's own date near its top is its as-of date (``prose.dateline``, ``text_as_of``)."""

from __future__ import annotations

from datetime import date

import pytest

from fatalities.claims.prose import DATELINE_REACH, dateline, extract_claims, text_as_of

NOV_20 = date(2017, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov. 20, 2017\nOver 750 have died this year.", NOV_20),
        ("BAMAKO, Mali (Nov 20, 2017) — Over 750 have died.", NOV_20),
        ("Published November 20, 2017. Text.", NOV_20),
        ("20 November 2017 | Military Times", NOV_20),
        ("Updated: 2017-11-20. Text.", NOV_20),
        ("Sept. 3, 2016 — text", date(2016, 9, 3)),
        ("Feb. 30, 2017 — no such day", None),
        ("In March, Ansar al-Din formed JNIM.", None),
        ("In January 2012, Tuareg separatists rebelled.", None),
        ("x" * DATELINE_REACH + " Nov. 20, 2017", None),  # too far down to be a dateline
    ],
)
def test_dateline(text: str, expected: date | None) -> None:
    assert dateline(text) == expected


def test_as_of_beats_the_dateline_which_beats_the_end_of_coverage() -> None:
    text = "Nov. 20, 2017 — Over 750 have died this year."
    end = date(2020, 7, 31)
    assert text_as_of(text, date(2017, 12, 1), end)[0] == date(2017, 12, 1)
    assert text_as_of(text, None, end) == (
        NOV_20,
        "as of 2017-11-20, the date the text states: the data as known that day "
        "(--as-of overrides it)",
    )
    assert text_as_of("Over 750 have died this year.", None, end)[0] is None


def test_an_undated_text_dates_this_year_only() -> None:
    text = "Over 750 have died this year, compared to just over 850 in all of 2013."
    found = extract_claims(text, as_of=date(2020, 7, 31), country="Mali", dated=False)
    assert [(c.id, c.as_of) for c in found.claims] == [
        ("2020-ytd", date(2020, 7, 31)),
        ("2013", None),  # no same-day reading at an arbitrary end of coverage
    ]

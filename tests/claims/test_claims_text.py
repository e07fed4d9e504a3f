"""Finding death-count claims in prose: the 2017 article, and sentences built to mislead."""

from __future__ import annotations

from datetime import date

import pytest

from fatalities.claims.model import Basis, ClaimKind, Window
from fatalities.claims.prose import extract_claims, main_country, sentences
from tests.conftest import SHARED

AS_OF = date(2017, 11, 20)
ARTICLE = SHARED / "seeds" / "mali-2017-article.txt"


@pytest.fixture
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the article is not available: {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


def figures(text: str, as_of: date | None = AS_OF) -> list[tuple[object, ...]]:
    found = extract_claims(text, as_of=as_of, country="Mali")
    return [(c.year, c.basis.value, c.qualifier, c.value, c.value_high) for c in found.claims]


def test_the_article_gives_exactly_its_death_claims(article: str) -> None:
    found = extract_claims(article, as_of=AS_OF, country="Mali")
    values = sorted(
        (c.year, c.basis, c.qualifier, c.value, c.phrase)
        for c in found.claims
        if c.kind is ClaimKind.value
    )
    assert values == [
        (2011, Basis.year, "just over", 50, "just over 50 violence-related deaths in 2011"),
        (2012, Basis.year, "over", 500, "over 500 in 2012"),
        (2013, Basis.year, "just over", 850, "just over 850 in all of 2013"),
        (
            2017,
            Basis.year_to_date,
            "over",
            750,
            "Over 750 have died as a result of the conflict this year",
        ),
    ]
    ranks = [c for c in found.claims if c.kind is not ClaimKind.value]
    assert len(ranks) == 1
    (rank,) = ranks
    assert rank.kind is ClaimKind.projection
    assert (rank.year, rank.window) == (2017, Window(years=10, over=True))
    assert "most violent year" in rank.phrase and "over a decade" in rank.phrase


def test_the_article_skips_troops_fighters_and_lone_years(article: str) -> None:
    found = extract_claims(article, as_of=AS_OF, country="Mali")
    skipped = {(s.number, s.reason) for s in found.skipped}
    assert ("1,000", "counts 'fighters', not deaths") in skipped
    assert ("3,000", "counts 'French troops', not deaths") in skipped
    assert ("2015", "a year with no death count") in skipped  # the 2015 Radisson Blu attack
    claimed = {c.value for c in found.claims}
    assert not claimed & {1000, 3000}


def test_this_year_needs_an_as_of_date(article: str) -> None:
    found = extract_claims(article, as_of=None, country="Mali")
    assert [c.year for c in found.claims] == [2011, 2012, 2013]
    assert any("needs --as-of" in s.reason for s in found.skipped)
    assert any("needs --as-of" in note for note in found.notes)


# (sentence, the figures it states: (year, basis, qualifier, value, value_high))
SENTENCES = [
    ("In 2014, nearly 3,000 French troops launched Operation Barkhane.", []),
    ("AQIM is assessed at “at least 1,000 fighters,” Reho said.", []),
    ("Nearly 400 people were killed in 2015.", [(2015, "year", "nearly", 400, None)]),
    ("Between 40 and 50 deaths were recorded in 2014.", [(2014, "year", "between", 40, 50)]),
    ("There were 40–50 deaths in 2016.", [(2016, "year", "between", 40, 50)]),
    (
        "Fatalities rose from 57 in 2011 to 538 in 2012.",
        [(2011, "year", "exactly", 57, None), (2012, "year", "exactly", 538, None)],
    ),
    (
        "More than 100 civilians, most of them herders, died in 2019.",
        [(2019, "year", "more than", 100, None)],
    ),
    ("Almost 1,800 were killed last year.", [(2016, "year", "nearly", 1800, None)]),
    ("So far this year, 900 have died.", [(2017, "year_to_date", "exactly", 900, None)]),
    ("Attackers killed 12 soldiers in 2016.", []),
    ("Some 20% of the 2018 deaths were civilians.", []),
    ("The 2015 Radisson Blu hotel attack killed 21 people.", []),
    ("It cost $500 in 2014, when over 30 died.", [(2014, "year", "over", 30, None)]),
    ("U.S. officials said about 60 deaths occurred in 2010.", [(2010, "year", "about", 60, None)]),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_tricky_sentences(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "kind", "year", "window"),
    [
        ("2018 was the deadliest year on record.", ClaimKind.rank, 2018, Window(on_record=True)),
        (
            "2019 was the bloodiest year since 2012.",
            ClaimKind.rank,
            2019,
            Window(since=2012),
        ),
        (
            "This year is set to be the most violent year in 15 years.",
            ClaimKind.projection,
            2017,
            Window(years=15),
        ),
    ],
)
def test_rank_phrases(sentence: str, kind: ClaimKind, year: int, window: Window) -> None:
    (claim,) = extract_claims(sentence, as_of=AS_OF, country="Mali").claims
    assert (claim.kind, claim.year, claim.window) == (kind, year, window)


def test_sentences_keep_abbreviations_together() -> None:
    assert sentences("U.S. Africa Command said so. Then 5 died in 2012.") == [
        "U.S. Africa Command said so.",
        "Then 5 died in 2012.",
    ]


def test_main_country_is_the_most_named_known_country(article: str) -> None:
    assert main_country(article, ["Burkina Faso", "Mali", "Niger"]) == "Mali"
    assert main_country("nothing here", ["Mali"]) is None


def test_ids_are_unique() -> None:
    found = extract_claims(
        "In all of 2012, 500 died. Over 500 were killed in 2012.", as_of=AS_OF, country="Mali"
    )
    assert [c.id for c in found.claims] == ["2012", "2012-2"]


INCIDENT = "looks like a single incident"


# (sentence, the figures it states, the numbers skipped as single incidents)
INCIDENTS = [
    ("In 2017, 20 people died.", [], ["20"]),
    ("20 people died in 2017.", [], ["20"]),
    ("It cost $500 in 2014, when 30 died.", [], ["30"]),
    ("In 2016, 12 were killed when gunmen attacked a bus.", [], ["12"]),
    ("Over 20 people died in the attack in 2017.", [], ["20"]),
    ("About 30 people were killed in an ambush in 2015.", [], ["30"]),
    # annual wording, or a qualifier, makes a year's total
    ("In all of 2017, 20 people died.", [(2017, "year", "exactly", 20, None)], []),
    ("During 2014, 300 people died.", [(2014, "year", "exactly", 300, None)], []),
    ("This year, 20 people died.", [(2017, "year_to_date", "exactly", 20, None)], []),
    ("In 2017, over 20 people died.", [(2017, "year", "over", 20, None)], []),
    ("In 2017, nearly 900 were killed.", [(2017, "year", "nearly", 900, None)], []),
    # deaths tallied: a year's figure
    ("There were 538 deaths in 2012.", [(2012, "year", "exactly", 538, None)], []),
    ("In 2012, 538 fatalities were recorded.", [(2012, "year", "exactly", 538, None)], []),
    ("Some 500 killed in 2012.", [(2012, "year", "about", 500, None)], []),
    ("500 killed in 2012.", [(2012, "year", "exactly", 500, None)], []),
]


@pytest.mark.parametrize(("sentence", "expected", "incidents"), INCIDENTS)
def test_a_bare_count_of_one_incident_is_not_a_year_total(
    sentence: str, expected: list[tuple[object, ...]], incidents: list[str]
) -> None:
    found = extract_claims(sentence, as_of=AS_OF, country="Mali")
    assert figures(sentence) == expected
    assert [s.number for s in found.skipped if s.reason == INCIDENT] == incidents
    # the incident's year is not listed again as a year with no death count
    assert not [s for s in found.skipped if s.reason == "a year with no death count"]


def test_the_article_has_no_single_incident(article: str) -> None:
    found = extract_claims(article, as_of=AS_OF, country="Mali")
    assert not [s for s in found.skipped if s.reason == INCIDENT]

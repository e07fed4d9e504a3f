"""``check --text`` reads any text in linear time (issue 18): long sentences are cut,
each number is read from a bounded window, a number of any length is a skipped token.
Times are measured by ``benchmarks/hostile.py``; these texts took minutes before."""

from __future__ import annotations

from fatalities.claims.prose import MAX_SENTENCE, extract_claims, sentences


def test_a_long_run_of_dashed_numbers_is_read_quickly_and_skipped() -> None:
    text = "-".join(["5"] * 20_000) + " deaths"  # 40 KB: took hours before
    found = extract_claims(text, as_of=None, country="Mali")
    assert found.claims == []
    assert 10_000 <= len(found.skipped) <= 20_000  # "5-5" reads as a range: one skip


def test_a_number_of_any_length_is_a_skipped_token() -> None:
    text = "9" * 100_000 + " deaths in 2012. Over 500 people died in all of 2013."
    found = extract_claims(text, as_of=None, country="Mali")
    assert [(c.year, c.value) for c in found.claims] == [(2013, 500)]
    assert all("digits, not a count" in s.reason for s in found.skipped if s.number.startswith("9"))
    assert all(len(s.number) <= 23 for s in found.skipped)


def test_sentences_are_capped_and_claims_inside_them_still_found() -> None:
    filler = "word " * 5_000
    text = f"{filler}Over 500 people died in all of 2013 {filler}."
    assert all(len(piece) <= MAX_SENTENCE for piece in sentences(text))
    found = extract_claims(text, as_of=None, country="Mali")
    assert [(c.year, c.value, c.qualifier) for c in found.claims] == [(2013, 500, "over")]


def test_a_year_at_the_start_of_a_long_sentence_still_dates_a_count() -> None:
    text = "In 2012, " + "after many months of fighting " * 20 + "over 500 people died."
    found = extract_claims(text, as_of=None, country="Mali")
    assert [(c.year, c.value) for c in found.claims] == [(2012, 500)]

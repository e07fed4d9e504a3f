"""Find death-count claims in prose: "just over 50 violence-related deaths in 2011".

Sentence by sentence, every number is read as one of:

- a **death count**: followed (within four words, before any punctuation) by a word
  for deaths ("deaths", "fatalities", "killed", "died", "dead", "lives"); or standing
  alone ("over 500 in 2012", "500 people") in a sentence that
  speaks of deaths ("12 soldiers" does not stand alone). Its qualifier ("just over", "nearly", "between 40 and 50") comes
  from the words before it, its year from the nearest year phrase ("in 2012",
  "in all of 2013", "this year", "last year"), after it first, then before it;
  A death count is a year's total only with a qualifier, annual wording ("in all of
  2013", "during 2014", "this year") or deaths tallied ("538 deaths in 2012"); a bare
  count ("In 2017, 20 people died.") or one "in the attack" is a **single incident**;
- a **year** (1900–2099 written without a comma, never a count), used by the counts
  around it;
- anything else, **skipped** with the reason: "3,000 French troops", "1,000 fighters",
  "the 2015 Radisson Blu hotel attack".

"The most violent (deadliest, bloodiest) year since 2004 / in over a decade / on
record" becomes a rank claim, or a projection claim after "on track to be".
"This year" needs an as-of date (``--as-of``).

Time and memory are linear in the text: sentences longer than ``MAX_SENTENCE``
characters are cut, each number is read from a window of ``WINDOW`` characters
around it, what a sentence says as a whole (its year phrases, an incident, a tally)
is found once per sentence, and a number too long to be a count is skipped.

>>> from datetime import date
>>> found = extract_claims("Over 750 have died this year, compared to just over 850 "
...                        "in all of 2013.", as_of=date(2017, 11, 20), country="Mali")
>>> [(c.year, c.qualifier, c.value, c.basis.value) for c in found.claims]
[(2017, 'over', 750, 'year_to_date'), (2013, 'just over', 850, 'year')]
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from fatalities.claims.model import Basis, Claim, ClaimKind, Window
from fatalities.claims.qualifiers import SPELLINGS
from fatalities.errors import InputError

if TYPE_CHECKING:
    from fatalities.io.results import Loaded

_DEATH_WORDS = (
    r"deaths?|fatalities|fatality|killed|dead|died|die|lives|slain|murdered|"
    r"killings?|deadly"
)
#: Nouns for people that may stand between a count and the verb ("500 people died").
_PEOPLE = r"people|persons|individuals|civilians"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"(?<![\w.,])(?:{_NUMBER})(?!\w)")
_DEATH_AFTER = re.compile(rf"^(?:[\s-]+[\w’'-]+){{0,3}}?[\s-]+(?:{_DEATH_WORDS})\b", re.IGNORECASE)
_DEATH_IN_SENTENCE = re.compile(rf"\b(?:{_DEATH_WORDS})\b", re.IGNORECASE)
#: What may follow a count that stands alone: a preposition, punctuation, or the end.
_ALONE_AFTER = re.compile(
    rf"^(?:\s+(?:{_PEOPLE}))?\s*(?:$|[,.;:)—–]|\s(?:in|during|by|for|so|this|last|over|"
    r"throughout|since|compared|and|to|from|a|per|each|that|were|was|have|had|are)\b)",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"(?:between\s+)?(?P<low>{_NUMBER})\s*(?:and|to|-|–)\s*(?P<high>{_NUMBER})", re.IGNORECASE
)
_YEAR_PHRASE = re.compile(
    r"\b(?P<prefix>(?:in|during|for|throughout|over)\s+(?:all\s+of\s+|the\s+whole\s+of\s+)?"
    r"|so\s+far\s+in\s+|by\s+)?"
    r"(?P<year>(?:19|20)\d\d)(?!\d|,\d)"
    r"|\b(?P<relative>(?:so\s+far\s+)?this\s+year|last\s+year)\b",
    re.IGNORECASE,
)
_RANK = re.compile(
    r"(?P<track>on\s+track\s+to\s+be(?:come)?\s+|set\s+to\s+be(?:come)?\s+|heading\s+to\s+be\s+)?"
    r"(?:the\s+)?(?:most\s+violent|deadliest|bloodiest)\s+year"
    r"(?:\s+in\s+(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?\s+"
    r"(?:since\s+(?P<since>(?:19|20)\d\d)"
    r"|in\s+(?P<over>over\s+|more\s+than\s+)?(?P<span>a\s+decade|two\s+decades|\d+\s+years)"
    r"|(?P<record>on\s+record|in\s+the\s+record|ever\s+recorded))",
    re.IGNORECASE,
)
#: Year phrases that speak of a whole year (or a year so far), not a moment in it.
_ANNUAL_PREFIX = re.compile(
    r"in\s+all\s+of|in\s+the\s+whole\s+of|during|for|throughout|over|so\s+far\s+in|by",
    re.IGNORECASE,
)
#: Nouns that tally deaths: "538 deaths in 2012", "Fatalities rose from 57 in 2011".
_TALLY = re.compile(r"\b(?:deaths|fatalities|killings|death\s+toll)\b", re.IGNORECASE)
#: "Killed"/"dead" right after a count, dated after it: "500 killed in 2012".
_TALLY_AFTER = re.compile(r"^\s+(?:killed|dead)\b", re.IGNORECASE)
#: One event: "the attack", "an ambush", "the 2015 Radisson Blu hotel attack".
_INCIDENT = re.compile(
    r"\b(?:a|an|the|this|that|one|single)\s+(?:[\w’'-]+\s+){0,4}?"
    r"(?:attack|ambush|bombing|blast|explosion|massacre|raid|incident|assault|shooting|"
    r"crash|strike|clash|battle|fire)\b",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|No|vs|etc|Gen|Col|Lt)\.$")
_SPANS = {"a decade": 10, "two decades": 20}
#: Characters read either side of a number (its qualifier, noun, year, context).
WINDOW = 200
#: Characters the qualifier and the words before a number are looked for in.
BEFORE = 60
#: Longest sentence read as one; a longer one is cut (at a space when there is one).
MAX_SENTENCE = 2000
#: Digits beyond which a number is no count (the largest ACLED year has 6 digits).
MAX_DIGITS = 12
_SHOWN_DIGITS = 20
_WHITESPACE = re.compile(r"\s+")
_BETWEEN_BEFORE = re.compile(r"between\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
#: Where a sentence ends: its punctuation (kept), closing quotes and spaces (dropped).
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PERCENT = re.compile(r"\s*(?:percent|per\s+cent)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
#: Words without which a sentence holds no rank claim (a fast test before ``_RANK``).
_RANK_WORDS = ("deadliest", "bloodiest", "violent")
#: Qualifier spellings, longest first (``_qualifier`` takes the longest that ends the text).
_QUALIFIERS = sorted((s for s in SPELLINGS if s != "between"), key=len, reverse=True)
_CONTEXT_AFTER = re.compile(r"\S*(?:\s+\S+){0,3}")


@dataclass(frozen=True)
class Skipped:
    """A number in the text that is not a death count, and why."""

    number: str
    context: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    """The claims found in a text, the numbers skipped, and the country used."""

    claims: list[Claim]
    skipped: list[Skipped]
    country: str
    notes: list[str] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    """The text split into sentences (abbreviations like "U.S." do not end one).

    >>> sentences("U.S. forces left. In 2012, 500 died! Why?")
    ['U.S. forces left.', 'In 2012, 500 died!', 'Why?']
    """
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[str]:
    """``sentences``, one at a time: the text is read in blocks (``BLOCK`` characters),
    so a long text is never held twice, nor as a list of pieces."""
    growing: list[str] = []
    for piece in _raw_sentences(text):
        # Only the end of a sentence can hold the abbreviation: a bounded look.
        if growing and _ABBREVIATION.search(growing[-1][-12:]):
            growing.append(piece)
            continue
        if growing:
            yield from _capped(" ".join(growing).strip())
        growing = [piece]
    if growing:
        yield from _capped(" ".join(growing).strip())


#: Characters of text whose spaces are normalised at a time.
BLOCK = 1024 * 1024


def _raw_sentences(text: str) -> Iterator[str]:
    """The text, spaces normalised, cut at every sentence end (punctuation kept, closing
    quotes and spaces dropped); a run of ``4 * MAX_SENTENCE`` characters without an end
    is cut anyway (``_capped`` cuts it further)."""
    carry = ""
    for block in _flat_blocks(text):
        buffer = carry + block
        position = 0
        for end in _SENTENCE_END.finditer(buffer):
            yield buffer[position : end.start() + 1]
            position = end.end()
        carry = buffer[position:]
        if len(carry) > 4 * MAX_SENTENCE:
            yield carry[:-MAX_SENTENCE]
            carry = carry[-MAX_SENTENCE:]
    yield carry


def _flat_blocks(text: str) -> Iterator[str]:
    """``text`` in blocks of about ``BLOCK`` characters, each run of white space one
    space (blocks end where white space starts, so no run is split)."""
    start, size = 0, len(text)
    while start < size:
        end = min(start + BLOCK, size)
        if end < size:
            space = _WHITESPACE.search(text, end)
            end = space.start() if space else size
        yield _WHITESPACE.sub(" ", text[start:end])
        start = end


def _capped(sentence: str) -> list[str]:
    """``sentence`` in pieces of at most ``MAX_SENTENCE`` characters, cut at a space
    where one is near the limit.

    >>> [len(piece) for piece in _capped("x" * 4500)]
    [2000, 2000, 500]
    """
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE:
        cut = sentence.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    pieces.append(sentence)
    return pieces


def main_country(text: str, countries: Sequence[str]) -> str | None:
    """The known country the text names most often (``None`` if it names none).

    >>> main_country("Mali and Niger. Mali again.", ["Niger", "Mali", "Chad"])
    'Mali'
    """
    lowered = text.lower()
    counts = Counter(
        {
            name: len(re.findall(rf"\b{re.escape(name)}\b", text, re.IGNORECASE))
            for name in countries
            if name.lower() in lowered  # one fast scan; the regex only for names present
        }
    )
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


def extract_claims(
    text: str,
    *,
    as_of: date | None,
    country: str,
    source: str = "",
    dated: bool = True,
) -> Extraction:
    """Claims (value, rank, projection) for every death count and rank phrase in ``text``.

    ``dated=False``: ``as_of`` is not the day the text was written (the end of the
    data's coverage): it dates "this year" only, and claims about earlier years keep
    no as-of (no same-day cut is read beside their full year).
    """
    claims: list[Claim] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    ids: Counter[str] = Counter()
    for sentence in iter_sentences(text):
        if not sentence:
            continue
        found, missed = _sentence_claims(sentence, as_of, country, source, notes)
        for claim in found:
            ids[claim.id] += 1
            unique = claim.id if ids[claim.id] == 1 else f"{claim.id}-{ids[claim.id]}"
            if not dated and as_of is not None and claim.year < as_of.year:
                claim = replace(claim, as_of=None)
            claims.append(_with_id(claim, unique))
        skipped.extend(missed)
    return Extraction(claims, skipped, country, notes)


def _with_id(claim: Claim, new_id: str) -> Claim:
    from dataclasses import replace

    return replace(claim, id=new_id)


@dataclass
class _Number:
    start: int
    end: int
    text: str
    value: int


def _numbers(sentence: str, skipped: list[Skipped] | None = None) -> list[_Number]:
    """The whole numbers of a sentence; one too long to be a count is skipped (said in
    ``skipped``)."""
    found = []
    for match in _NUMBER_RE.finditer(sentence):
        text = match.group()
        if "." in text:
            continue
        digits = text.replace(",", "")
        if len(digits) > MAX_DIGITS:
            if skipped is not None:
                shown = text if len(text) <= _SHOWN_DIGITS else f"{text[:_SHOWN_DIGITS]}..."
                skipped.append(
                    Skipped(shown, shown, f"a number of {len(digits):,} digits, not a count")
                )
            continue
        found.append(_Number(match.start(), match.end(), text, int(digits)))
    return found


@dataclass
class _Sentence:
    """What a sentence says as a whole, found once: its year phrases, the positions of
    its counts, whether it speaks of deaths, an incident, a tally."""

    text: str
    counts: list[_Number]
    years: list[re.Match[str]]

    @functools.cached_property
    def incident(self) -> bool:
        return bool(_INCIDENT.search(self.text))

    @functools.cached_property
    def tally(self) -> bool:
        return bool(_TALLY.search(self.text))

    def __post_init__(self) -> None:
        self.count_starts = [n.start for n in self.counts]
        self.by_start = {n.start: n for n in self.counts}
        self.opening = [m for m in self.years if _opens(m)]
        self.opening_ends = [m.end() for m in self.opening]

    def after(self, end: int) -> str:
        """The ``WINDOW`` characters after position ``end``."""
        return self.text[end : end + WINDOW]

    def next_count_after(self, start: int) -> int:
        index = bisect.bisect_right(self.count_starts, start)
        return self.count_starts[index] if index < len(self.counts) else len(self.text)


def _opens(match: re.Match[str]) -> bool:
    prefix = match.group("prefix")
    return bool(
        match.group("relative")
        or (prefix and prefix.split()[0].lower() in _OPENING_PREFIXES)
        or match.start() == 0
    )


def _before(
    pattern: re.Pattern[str], sentence: str, stop: int, size: int = BEFORE
) -> re.Match[str] | None:
    """``pattern`` (ending in ``$``) searched in the ``size`` characters before ``stop``."""
    return pattern.search(sentence, max(stop - size, 0), stop)


def _is_year(number: _Number) -> bool:
    return "," not in number.text and 1900 <= number.value <= 2099 and len(number.text) == 4


def _sentence_claims(
    sentence: str, as_of: date | None, country: str, source: str, notes: list[str]
) -> tuple[list[Claim], list[Skipped]]:
    skipped: list[Skipped] = []
    lowered = sentence.lower()
    may_rank = "year" in lowered and any(word in lowered for word in _RANK_WORDS)
    if not may_rank and _DIGIT.search(sentence) is None:
        return [], []  # most sentences of ordinary prose: nothing to read
    numbers = _numbers(sentence, skipped)
    used_positions: set[int] = set()
    claims: list[Claim] = []
    rank = _RANK.search(sentence) if may_rank else None
    if rank:
        claim, year_start = _rank_claim(sentence, rank, as_of, country, source, notes)
        if claim:
            claims.append(claim)
        if year_start is not None:
            used_positions.add(year_start)
        if rank.group("since"):
            used_positions.add(rank.start("since"))
    consumed: set[int] = set()
    counts = [n for n in numbers if not _is_year(n)]
    about_deaths = bool(counts) and bool(_DEATH_IN_SENTENCE.search(sentence))
    facts = _Sentence(sentence, counts, list(_YEAR_PHRASE.finditer(sentence)) if counts else [])
    for number in counts:
        if number.start in consumed:
            continue
        after = facts.after(number.end)
        context = _context(sentence, number)
        if after.startswith("%") or _PERCENT.match(after):
            skipped.append(Skipped(number.text, context, "a percentage, not a count"))
            continue
        if sentence[max(number.start - 1, 0) : number.start] in ("$", "€", "£"):
            skipped.append(Skipped(number.text, context, "an amount of money"))
            continue
        death = _death_after(after)
        alone = bool(_ALONE_AFTER.match(after))
        high: _Number | None = None
        range_match = _range_at(facts, number)
        if range_match is not None:
            high = range_match
            consumed.add(high.start)
            high_after = facts.after(high.end)
            death = death or _death_after(high_after)
            alone = alone or bool(_ALONE_AFTER.match(high_after))
        if not (death or (alone and about_deaths)):
            skipped.append(Skipped(number.text, context, _why_not(after)))
            continue
        last = high or number
        next_start = facts.next_count_after(last.start)
        year_match = _year_after(sentence, last.end, next_start) or _year_before_in(
            facts, number.start
        )
        if year_match is None:
            skipped.append(Skipped(number.text, context, "a death count with no year"))
            continue
        year, basis, year_at = _resolve_year(year_match, as_of)
        if year is None:
            skipped.append(
                Skipped(number.text, context, f"'{year_match.group()}' needs --as-of to be dated")
            )
            continue
        used_positions.add(year_at)
        qualifier, phrase_start = _qualifier(sentence, number, high)
        if not _is_year_total(facts, number, qualifier, year_match, phrase_start):
            skipped.append(Skipped(number.text, context, "looks like a single incident"))
            continue
        phrase_end = max(year_match.end(), last.end)
        phrase_begin = min(phrase_start, year_match.start())
        phrase = sentence[phrase_begin:phrase_end].strip(" ,;")
        claim_id = f"{year}" if basis is Basis.year else f"{year}-ytd"
        claims.append(
            Claim(
                id=claim_id,
                country=country,
                phrase=phrase,
                kind=ClaimKind.value,
                year=year,
                basis=basis,
                value=number.value,
                qualifier=qualifier,
                value_high=high.value if high else None,
                as_of=as_of,
                source=source,
            )
        )
    for number in numbers:
        if _is_year(number) and number.start not in used_positions:
            skipped.append(
                Skipped(number.text, _context(sentence, number), "a year with no death count")
            )
    return claims, skipped


def _is_year_total(
    facts: _Sentence, number: _Number, qualifier: str, year: re.Match[str], qualifier_at: int
) -> bool:
    """Whether a dated death count is a year's (or year-to-date) total, not one incident.

    Annual wording ("in all of 2013", "during 2014", "this year", "last year") always
    makes a total. Otherwise, in a sentence about one incident ("the attack"), it never
    is. Failing both, a qualified count ("over 500", "nearly 400", "40-50") is a total,
    and so is a bare one that deaths are tallied in ("538 deaths in 2012", "Fatalities
    rose from 57 in 2011 to 538 in 2012", "500 killed in 2012"); a bare count of people
    who died ("In 2017, 20 people died.") reads as one incident.

    >>> from datetime import date
    >>> [len(extract_claims(text, as_of=None, country="Mali").claims) for text in (
    ...     "In 2017, 20 people died.", "In all of 2017, 20 people died.",
    ...     "Over 20 people died in 2017.", "Over 20 people died in the attack in 2017.")]
    [0, 1, 1, 0]
    """
    if year.group("relative") or _ANNUAL_PREFIX.fullmatch(" ".join((year["prefix"] or "").split())):
        return True
    if facts.incident:
        return False
    if qualifier != "exactly" or qualifier_at < number.start:
        return True
    if facts.tally:
        return True
    return bool(_TALLY_AFTER.match(facts.after(number.end))) and year.start() > number.start


def _death_after(after: str) -> bool:
    """Whether a word for deaths follows a count (``after``: the text after it)."""
    return bool(_DEATH_AFTER.match(_clause(after)))


def _clause(text: str) -> str:
    """Text up to the next punctuation or number: where a count's noun can be."""
    cut = re.search(r"[,.;:!?()—–]|\d", text)
    return text[: cut.start()] if cut else text


def _range_at(facts: _Sentence, number: _Number) -> _Number | None:
    """The upper number of "between 40 and 50" or "40-50" starting at ``number``."""
    sentence = facts.text
    match = _RANGE.match(sentence, number.start, number.end + WINDOW)
    if match is None:
        return None
    glue = sentence[number.end : match.start("high")].strip().lower()
    starts_between = _before(_BETWEEN_BEFORE, sentence, number.start)
    if glue == "and" and not starts_between:
        return None
    if glue == "to" and _before(_FROM_BEFORE, sentence, number.start, WINDOW):
        return None
    return facts.by_start.get(match.start("high"))


def _year_after(sentence: str, start: int, stop: int) -> re.Match[str] | None:
    stop = min(stop, start + WINDOW)
    for match in _YEAR_PHRASE.finditer(sentence, start, max(stop, start)):
        if match.group("relative") or match.group("prefix"):
            return match
    return None


_OPENING_PREFIXES = ("in", "during", "throughout")


def _year_before_in(facts: _Sentence, stop: int) -> re.Match[str] | None:
    """``_year_before`` from the sentence's year phrases found once (a bisection)."""
    index = bisect.bisect_right(facts.opening_ends, stop)
    return facts.opening[index - 1] if index else None


def _year_before(sentence: str, stop: int) -> re.Match[str] | None:
    """The last "in 2012" ("in all of 2013", "during 2014") or "this year" before ``stop``,
    or a year opening the sentence."""
    matches = [
        m
        for m in _YEAR_PHRASE.finditer(sentence, 0, stop)
        if m.group("relative")
        or (m.group("prefix") and m.group("prefix").split()[0].lower() in _OPENING_PREFIXES)
        or m.start() == 0
    ]
    return matches[-1] if matches else None


def _resolve_year(match: re.Match[str], as_of: date | None) -> tuple[int | None, Basis, int]:
    """The year a year phrase means, its basis, and where its number starts."""
    relative = match.group("relative")
    if relative:
        if as_of is None:
            return None, Basis.year, match.start()
        if relative.lower().endswith("this year"):
            return as_of.year, Basis.year_to_date, match.start()
        return as_of.year - 1, Basis.year, match.start()
    prefix = (match.group("prefix") or "").lower()
    year = int(match.group("year"))
    basis = Basis.year_to_date if prefix.startswith(("so far", "by")) else Basis.year
    return year, basis, match.start("year")


def _qualifier(sentence: str, number: _Number, high: _Number | None) -> tuple[str, int]:
    if high is not None:
        between = _before(_BETWEEN_BEFORE, sentence, number.start)
        return "between", between.start() if between else number.start
    found = _qualifier_before(sentence, number.start)
    if found is None:
        return "exactly", number.start
    spelling, start = found
    return SPELLINGS[spelling].name, start


def _qualifier_before(sentence: str, stop: int) -> tuple[str, int] | None:
    """The longest qualifier spelling that ends, followed by spaces, at ``stop``, with a
    space or the sentence's start before it: ``(spelling, where it starts)``.

    >>> _qualifier_before("Just over 850", 10)
    ('just over', 0)
    >>> _qualifier_before("Mover 850", 6) is None
    True
    """
    window = sentence[max(stop - BEFORE, 0) : stop]
    text = window.rstrip()
    if len(text) == len(window):
        return None  # the qualifier must be followed by a space
    lowered = text.lower()
    offset = stop - len(window)
    for spelling in _QUALIFIERS:
        if lowered.endswith(spelling):
            start = len(text) - len(spelling)
            if (start == 0 and offset == 0) or (start > 0 and text[start - 1].isspace()):
                return spelling, offset + start
    return None


def _why_not(after: str) -> str:
    noun = re.match(r"\s*((?:(?!(?:in|of|with|from|for|to|and|on|at)\b)[\w’'-]+\s*){1,2})", after)
    words = noun.group(1).strip() if noun else ""
    if words and not _ALONE_AFTER.match(after):
        return f"counts '{words}', not deaths"
    return "no deaths in the sentence"


def _context(sentence: str, number: _Number) -> str:
    """A few words either side of a number, for the skipped list."""
    right = _CONTEXT_AFTER.match(sentence[number.end : number.end + BEFORE])
    return (
        _words_before(sentence, number.start) + number.text + (right.group() if right else "")
    ).strip()


def _words_before(sentence: str, stop: int) -> str:
    """The (up to) three words, each followed by a space, that end at ``stop`` (what
    ``(?:\\S+\\s+){0,3}$`` finds, without a regular expression's backtracking).

    >>> _words_before("one two three four 5", 19), _words_before("$5", 1)
    ('two three four ', '')
    """
    window = sentence[max(stop - BEFORE, 0) : stop]
    if not window[-1:].isspace():
        return ""
    words = [word for word in window.split() if word][-3:]
    return " ".join(words) + " " if words else ""


def _rank_claim(
    sentence: str,
    match: re.Match[str],
    as_of: date | None,
    country: str,
    source: str,
    notes: list[str],
) -> tuple[Claim | None, int | None]:
    """The rank (or projection) claim of a "most violent year ..." phrase, and its year."""
    subject = _year_before(sentence, match.start()) or _subject_year(sentence, match.start())
    if subject is None:
        notes.append(f"skipped a rank claim with no year: '{match.group().strip()}'")
        return None, None
    year, _, year_at = _resolve_year(subject, as_of)
    if year is None:
        notes.append(f"skipped '{match.group().strip()}': '{subject.group()}' needs --as-of")
        return None, None
    if match.group("since"):
        window = Window(since=int(match.group("since")))
    elif match.group("span"):
        span = " ".join(match.group("span").lower().split())
        years = _SPANS.get(span) or int(span.split()[0])
        window = Window(years=years, over=bool(match.group("over")))
    else:
        window = Window(on_record=True)
    kind = ClaimKind.projection if match.group("track") else ClaimKind.rank
    claim = Claim(
        id=f"{year}-{kind.value}",
        country=country,
        phrase=match.group().strip(),
        kind=kind,
        year=year,
        basis=Basis.year_to_date if kind is ClaimKind.projection else Basis.year,
        window=window,
        as_of=as_of,
        source=source,
    )
    return claim, year_at


def _subject_year(sentence: str, stop: int) -> re.Match[str] | None:
    """A bare year or "this year" before the rank phrase ("2017 was the deadliest ...")."""
    matches = list(_YEAR_PHRASE.finditer(sentence, 0, stop))
    return matches[-1] if matches else None


#: How far into a text a dateline is looked for (its first characters).
DATELINE_REACH = 400
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATELINES = (
    # Nov. 20, 2017 / November 20, 2017
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),\s*(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    # 20 November 2017 / 20 Nov. 2017
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    # 2017-11-20
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)


def dateline(text: str) -> date | None:
    """The date a text states near its top ("Nov. 20, 2017", "20 November 2017",
    "2017-11-20" in its first ``DATELINE_REACH`` characters), else ``None``.

    >>> dateline("BAMAKO, Mali — Nov. 20, 2017\\nOver 750 have died this year.")
    datetime.date(2017, 11, 20)
    >>> dateline("Published 20 November 2017. Text."), dateline("In March, 3 died.")
    (datetime.date(2017, 11, 20), None)
    """
    head = text[:DATELINE_REACH]
    found: list[tuple[int, date]] = []
    for pattern in _DATELINES:
        for match in pattern.finditer(head):
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
            try:
                day = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            found.append((match.start(), day))
    return min(found)[1] if found else None


def text_as_of(
    text: str, asked: date | None, coverage_end: date | None, named: str = "the text"
) -> tuple[date | None, str]:
    """The as-of date a text's claims are checked at, and the line saying which:
    ``asked`` (``--as-of``), else the text's own dateline, else ``None`` (then "this
    year" is read at ``coverage_end``, the end of the data's coverage).

    >>> text_as_of("Nov. 20, 2017 - Over 750 died this year.", None, date(2020, 7, 31))[0]
    datetime.date(2017, 11, 20)
    >>> text_as_of("Over 750 died this year.", None, date(2020, 7, 31))
    (None, "the text states no date: 'this year' and 'so far' are read as of the end of coverage, 2020-07-31 (--as-of sets the date it was written)")
    """
    if asked is not None:
        return asked, f"as of {asked} (--as-of): the data as known that day"
    stated = dateline(text)
    if stated is not None:
        return stated, (
            f"as of {stated}, the date {named} states: the data as known that day "
            "(--as-of overrides it)"
        )
    return None, (
        f"{named} states no date: 'this year' and 'so far' are read as of the end of "
        f"coverage, {coverage_end} (--as-of sets the date it was written)"
    )


def text_claims(
    prose: str, loaded: Loaded, *, country: str | None, as_of: date | None, source: str
) -> tuple[Extraction, list[str]]:
    """The claims of ``prose`` about the data's country it is about (``country`` when
    given, else the one it names most, else the data's only country), read as of
    ``as_of`` (default: the end of the data's coverage); with notes for people.

    Raises ``InputError`` when ``country`` is not in the data, or the text names none of
    its countries and the data hold several.
    """
    known = sorted(loaded.frame["country"].drop_nulls().unique().to_list())
    notes: list[str] = []
    if country is not None:
        matches = [name for name in known if name.lower() == country.strip().lower()]
        if not matches:
            raise InputError(
                f"--country {country!r} is not in the data; it holds {', '.join(known)}"
            )
        chosen: str | None = matches[0]
    else:
        chosen = main_country(prose, known)
        if chosen is None and len(known) == 1:
            chosen = known[0]
            named = "the text" if source == "<stdin>" else source
            notes.append(f"{named} names no country; using the data's only country, {chosen}")
        if chosen is None:
            raise InputError(
                f"{source}: names no country of the data ({', '.join(known)}); pass --country"
            )
    assert chosen is not None
    extraction = extract_claims(
        prose, as_of=as_of or loaded.coverage_end, country=chosen, source=source,
        dated=as_of is not None,
    )  # fmt: skip
    return extraction, notes

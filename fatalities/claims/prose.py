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

>>> from datetime import date
>>> found = extract_claims("Over 750 have died this year, compared to just over 850 "
...                        "in all of 2013.", as_of=date(2017, 11, 20), country="Mali")
>>> [(c.year, c.qualifier, c.value, c.basis.value) for c in found.claims]
[(2017, 'over', 750, 'year_to_date'), (2013, 'just over', 850, 'year')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from fatalities.claims.model import Basis, Claim, ClaimKind, Window
from fatalities.claims.qualifiers import SPELLINGS
from fatalities.errors import InputError

if TYPE_CHECKING:
    from fatalities.io.load import Loaded

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
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|\s)("
    + "|".join(sorted((re.escape(s) for s in SPELLINGS if s != "between"), key=len, reverse=True))
    + r")\s+$",
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
    pieces = re.split(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])", " ".join(text.split()))
    merged: list[str] = []
    for piece in pieces:
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [piece.strip() for piece in merged if piece.strip()]


def main_country(text: str, countries: Sequence[str]) -> str | None:
    """The known country the text names most often (``None`` if it names none).

    >>> main_country("Mali and Niger. Mali again.", ["Niger", "Mali", "Chad"])
    'Mali'
    """
    counts = Counter(
        {
            name: len(re.findall(rf"\b{re.escape(name)}\b", text, re.IGNORECASE))
            for name in countries
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
    for sentence in sentences(text):
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


def _numbers(sentence: str) -> list[_Number]:
    found = []
    for match in _NUMBER_RE.finditer(sentence):
        digits = match.group().replace(",", "")
        if "." in digits:
            continue
        found.append(_Number(match.start(), match.end(), match.group(), int(digits)))
    return found


def _is_year(number: _Number) -> bool:
    return "," not in number.text and 1900 <= number.value <= 2099 and len(number.text) == 4


def _sentence_claims(
    sentence: str, as_of: date | None, country: str, source: str, notes: list[str]
) -> tuple[list[Claim], list[Skipped]]:
    numbers = _numbers(sentence)
    about_deaths = bool(_DEATH_IN_SENTENCE.search(sentence))
    used_positions: set[int] = set()
    claims: list[Claim] = []
    skipped: list[Skipped] = []
    rank = _RANK.search(sentence)
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
    for number in counts:
        if number.start in consumed:
            continue
        after = sentence[number.end :]
        before = sentence[: number.start]
        context = _context(sentence, number)
        if after.startswith("%") or re.match(r"\s*(?:percent|per\s+cent)\b", after, re.I):
            skipped.append(Skipped(number.text, context, "a percentage, not a count"))
            continue
        if before.endswith(("$", "€", "£")):
            skipped.append(Skipped(number.text, context, "an amount of money"))
            continue
        death = _death_after(sentence, number)
        alone = bool(_ALONE_AFTER.match(after))
        high: _Number | None = None
        range_match = _range_at(sentence, number, counts)
        if range_match is not None:
            high = range_match
            consumed.add(high.start)
            death = death or bool(_death_after(sentence, high))
            alone = alone or bool(_ALONE_AFTER.match(sentence[high.end :]))
        if not (death or (alone and about_deaths)):
            skipped.append(Skipped(number.text, context, _why_not(sentence, number, about_deaths)))
            continue
        last = high or number
        later = [n.start for n in counts if n.start > last.start]
        next_start = later[0] if later else len(sentence)
        year_match = _year_after(sentence, last.end, next_start) or _year_before(
            sentence, number.start
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
        if not _is_year_total(sentence, number, qualifier, year_match, phrase_start):
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
    sentence: str, number: _Number, qualifier: str, year: re.Match[str], qualifier_at: int
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
    if _INCIDENT.search(sentence):
        return False
    if qualifier != "exactly" or qualifier_at < number.start:
        return True
    if _TALLY.search(sentence):
        return True
    return bool(_TALLY_AFTER.match(sentence[number.end :])) and year.start() > number.start


def _death_after(sentence: str, number: _Number) -> bool:
    return bool(_DEATH_AFTER.match(_clause(sentence[number.end :])))


def _clause(text: str) -> str:
    """Text up to the next punctuation or number: where a count's noun can be."""
    cut = re.search(r"[,.;:!?()—–]|\d", text)
    return text[: cut.start()] if cut else text


def _range_at(sentence: str, number: _Number, counts: list[_Number]) -> _Number | None:
    """The upper number of "between 40 and 50" or "40-50" starting at ``number``."""
    match = _RANGE.match(sentence, number.start)
    if match is None:
        between = re.search(r"between\s+$", sentence[: number.start], re.IGNORECASE)
        if between is None:
            return None
        match = _RANGE.match(sentence, number.start)
    if match is None:
        return None
    glue = sentence[number.end : match.start("high")].strip().lower()
    starts_between = re.search(r"between\s+$", sentence[: number.start], re.IGNORECASE)
    if glue == "and" and not starts_between:
        return None
    if glue == "to" and re.search(r"\bfrom\s+(?:\S+\s+){0,2}$", sentence[: number.start], re.I):
        return None
    for candidate in counts:
        if candidate.start == match.start("high"):
            return candidate
    return None


def _year_after(sentence: str, start: int, stop: int) -> re.Match[str] | None:
    for match in _YEAR_PHRASE.finditer(sentence, start, max(stop, start)):
        if match.group("relative") or match.group("prefix"):
            return match
    return None


_OPENING_PREFIXES = ("in", "during", "throughout")


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
    before = sentence[: number.start]
    if high is not None:
        between = re.search(r"between\s+$", before, re.IGNORECASE)
        return "between", between.start() if between else number.start
    match = _QUALIFIER_BEFORE.search(before)
    if match is None:
        return "exactly", number.start
    return SPELLINGS[" ".join(match.group(1).lower().split())].name, match.start(1)


def _why_not(sentence: str, number: _Number, about_deaths: bool) -> str:
    after = sentence[number.end :]
    noun = re.match(r"\s*((?:(?!(?:in|of|with|from|for|to|and|on|at)\b)[\w’'-]+\s*){1,2})", after)
    words = noun.group(1).strip() if noun else ""
    if words and not _ALONE_AFTER.match(after):
        return f"counts '{words}', not deaths"
    return "no deaths in the sentence"


def _context(sentence: str, number: _Number) -> str:
    """A few words either side of a number, for the skipped list."""
    left = re.search(r"(?:\S+\s+){0,3}$", sentence[: number.start])
    right = re.match(r"\S*(?:\s+\S+){0,3}", sentence[number.end :])
    return ((left.group() if left else "") + number.text + (right.group() if right else "")).strip()


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

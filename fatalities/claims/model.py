"""Written claims about fatality figures, as data: the model and the TOML claims file.

A claim is one of four kinds:

- ``value``: a yearly or year-to-date figure with a qualifier ("just over 850 in 2013");
- ``comparison``: one year against another ("more than", "twice", "a rise from A to B");
- ``rank``: the year against earlier years ("most violent year since 2004",
  "in over a decade", "on record");
- ``projection``: a year still running, projected to its end, then ranked
  ("on track to be the most violent year in over a decade").

The claims file holds ``[[claim]]`` tables (and, for the seeds' format,
``[[figure]]`` tables, which are value claims); ``[source]`` gives defaults
(``as_of``, a citation). Pure: no printing, no environment.

>>> claims = parse_claims('''
... [[claim]]
... id = "2012"
... country = "Mali"
... phrase = "over 500 in 2012"
... year = 2012
... qualifier = "over"
... value = 500
... ''')
>>> claims[0].kind, claims[0].describe()
(<ClaimKind.value: 'value'>, 'over 500 in 2012 (full year)')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from fatalities.claims.qualifiers import SPELLINGS, qualifier
from fatalities.errors import ClaimsError


class ClaimKind(StrEnum):
    """What a claim says about the data."""

    value = "value"
    comparison = "comparison"
    rank = "rank"
    projection = "projection"


class Basis(StrEnum):
    """Which figure of a year a claim means: the whole calendar year, or 1 January to as-of."""

    year = "year"
    year_to_date = "year_to_date"


class Relation(StrEnum):
    """How a comparison claim relates its year to the other one (see ``RELATIONS``)."""

    more_than = "more than"
    fewer_than = "fewer than"
    twice = "twice"
    more_than_twice = "more than twice"
    rise = "rise"
    fall = "fall"


#: Comparison relations: what each one requires of ``a`` (the year) and ``b`` (compared with).
RELATIONS: dict[Relation, str] = {
    Relation.more_than: "a > b",
    Relation.fewer_than: "a < b",
    Relation.twice: "a / b within 2 ± 0.2 × tolerance (about double)",
    Relation.more_than_twice: "a > 2 × b",
    Relation.rise: "a > b, and each end within its own qualified figure if given",
    Relation.fall: "a < b, and each end within its own qualified figure if given",
}


#: Names a kind may be written as in a claims file (the seeds use ``projection_rank``).
_KIND_SPELLINGS: dict[str, ClaimKind] = {
    "value": ClaimKind.value,
    "figure": ClaimKind.value,
    "comparison": ClaimKind.comparison,
    "rank": ClaimKind.rank,
    "projection": ClaimKind.projection,
    "projection_rank": ClaimKind.projection,
}
_MEASURES = ("fatalities", "events")

#: Every key a ``[[claim]]`` or ``[[figure]]`` table may hold (the README's claims file
#: table lists them); ``note``, ``as_of_approximate`` and ``as_of_note`` document a claim
#: and are not checked.
CLAIM_KEYS: tuple[str, ...] = (
    "id", "country", "phrase", "kind", "year", "measure", "basis", "as_of",
    "political_violence", "event_types", "source", "qualifier", "value", "value_high",
    "relation", "compared_with", "from_value", "from_qualifier", "rank", "since",
    "window_years", "on_record", "note", "as_of_approximate", "as_of_note",
)  # fmt: skip
#: Every key the ``[source]`` table may hold: ``as_of`` and the citation are used,
#: the rest documents the source.
SOURCE_KEYS: tuple[str, ...] = (
    "publication", "title", "year", "as_of", "url", "title_verified", "note",
    "attribution", "attribution_as_quoted", "as_of_approximate",
)  # fmt: skip
#: The tables and keys a claims file may hold at its top level.
FILE_KEYS: tuple[str, ...] = ("claim", "figure", "source", "schema_version")


@dataclass(frozen=True)
class Filters:
    """Which events a claim counts: all (the default), some event types, or political violence."""

    event_types: tuple[str, ...] = ()
    political_violence: bool = False

    def describe(self) -> str:
        """``political violence``, ``Battles, Riots`` or ``all events``."""
        parts = list(self.event_types)
        if self.political_violence:
            parts.insert(0, "political violence")
        return ", ".join(parts) or "all events"


@dataclass(frozen=True)
class Window:
    """The earlier years a rank claim compares against.

    Exactly one of: ``since`` a year, the ``years`` before (``over`` adds one:
    "in over a decade" is the 11 years before), or ``on_record`` (every earlier year).

    >>> Window(years=10, over=True).first_year(2017), Window(since=2004).first_year(2017)
    (2006, 2005)
    """

    since: int | None = None
    years: int | None = None
    over: bool = False
    on_record: bool = False

    def first_year(self, year: int, record_start: int | None = None) -> int | None:
        """The first earlier year compared (``None``: from the start of the record)."""
        if self.since is not None:
            return self.since + 1
        if self.years is not None:
            return year - self.years - (1 if self.over else 0)
        return record_start

    def describe(self) -> str:
        """``since 2004``, ``in over 10 years``, ``on record``."""
        if self.since is not None:
            return f"since {self.since}"
        if self.years is not None:
            span = "a decade" if self.years == 10 else f"{self.years} years"
            return f"in {'over ' if self.over else ''}{span}"
        return "on record"


@dataclass(frozen=True)
class Claim:
    """One checkable statement. Fields unused by its kind stay at their defaults."""

    id: str
    country: str
    phrase: str
    kind: ClaimKind
    year: int
    basis: Basis = Basis.year
    measure: str = "fatalities"
    #: value (and the "to" end of a rise): the figure, its qualifier, and between's upper figure.
    value: int | None = None
    qualifier: str = "exactly"
    value_high: int | None = None
    #: comparison: the relation, the other year, and a rise's "from" figure.
    relation: Relation | None = None
    compared_with: int | None = None
    from_value: int | None = None
    from_qualifier: str = "about"
    #: rank and projection: 1 for "the most violent", and the earlier years compared.
    rank: int = 1
    window: Window | None = None
    as_of: date | None = None
    filters: Filters = field(default_factory=Filters)
    source: str = ""

    def describe(self) -> str:
        """The claim restated in the tool's words.

        >>> Claim("x", "Mali", "", ClaimKind.rank, 2017, window=Window(years=10, over=True)).describe()
        '2017 the most violent year in over a decade'
        """
        if self.kind is ClaimKind.value:
            figure = _figure(self.qualifier, self.value, self.value_high)
            return f"{figure} in {self.year} ({_basis_text(self.basis)})"
        if self.kind is ClaimKind.comparison:
            return f"{self.year} {self.relation} {self.compared_with}"
        place = "the most violent" if self.rank == 1 else f"among the {self.rank} most violent"
        window = self.window.describe() if self.window else ""
        lead = "on track to be " if self.kind is ClaimKind.projection else ""
        return f"{self.year} {lead}{place} year {window}".rstrip()


def _figure(name: str, value: int | None, high: int | None) -> str:
    if qualifier(name).name == "between":
        return f"between {value:,} and {high or 0:,}"
    return f"{name} {value or 0:,}"


def _basis_text(basis: Basis) -> str:
    return "full year" if basis is Basis.year else "year to date"


@dataclass(frozen=True)
class ClaimsFile:
    """The claims of one file, and its ``[source]`` table."""

    claims: list[Claim]
    source: dict[str, Any] = field(default_factory=dict)


def read_claims(path: Path | str) -> ClaimsFile:
    """Read a claims TOML file; ``ClaimsError`` names the file and the claim at fault."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClaimsError(f"{target}: claims file not found; check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ClaimsError(f"{target}: cannot read the claims file ({error})") from None
    return parse_claims_file(text, name=str(target))


def parse_claims(text: str, *, name: str = "claims") -> list[Claim]:
    """The claims in a TOML string (see ``parse_claims_file``)."""
    return parse_claims_file(text, name=name).claims


def parse_claims_file(text: str, *, name: str = "claims") -> ClaimsFile:
    """Parse claims TOML text: ``[[claim]]`` and ``[[figure]]`` tables, ``[source]`` defaults."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ClaimsError(f"{name}: not valid TOML ({error}); fix the file") from None
    except RecursionError:
        raise ClaimsError(
            f"{name}: the TOML is nested too deeply to read; a claims file is flat tables"
        ) from None
    _known_keys(document, FILE_KEYS, name)
    source = document.get("source", {})
    if not isinstance(source, dict):
        raise ClaimsError(f"{name}: [source] must be a table")
    _known_keys(source, SOURCE_KEYS, f"{name}: [source]")
    entries = [*_tables(document, "figure", name), *_tables(document, "claim", name)]
    if not entries:
        raise ClaimsError(f"{name}: no [[claim]] (or [[figure]]) tables found; see the README")
    claims = [_claim(entry, source, name, index) for index, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for claim in claims:
        if claim.id in seen:
            raise ClaimsError(f"{name}: claim id {claim.id!r} is used twice; ids must be unique")
        seen.add(claim.id)
    return ClaimsFile(claims, dict(source))


def _tables(document: Mapping[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    entries = document.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ClaimsError(f"{name}: {key} must be an array of tables ([[{key}]])")
    return [dict(entry, _table=key) for entry in entries]


def _claim(entry: dict[str, Any], source: Mapping[str, Any], name: str, index: int) -> Claim:
    table = entry.pop("_table")
    claim_id = str(entry.get("id", f"{table}-{index}"))
    where = f"{name}: claim {claim_id!r}"
    _known_keys(entry, CLAIM_KEYS, where)
    reader = _Reader(entry, where)
    kind_name = reader.text("kind", "value")
    kind = _KIND_SPELLINGS.get(kind_name.lower())
    if kind is None:
        raise ClaimsError(
            f"{where}: unknown kind {kind_name!r}; use one of {_list(_KIND_SPELLINGS)}"
        )
    measure = reader.text("measure", "fatalities")
    if measure not in _MEASURES:
        raise ClaimsError(f"{where}: measure {measure!r} is not known; use {_list(_MEASURES)}")
    basis_name = reader.text("basis", "year")
    try:
        basis = Basis(basis_name)
    except ValueError:
        raise ClaimsError(f"{where}: basis {basis_name!r}; use 'year' or 'year_to_date'") from None
    as_of = reader.day("as_of") or _day(source.get("as_of"), f"{name}: [source] as_of")
    common: dict[str, Any] = {
        "id": claim_id,
        "country": reader.required_text("country"),
        "phrase": reader.text("phrase", ""),
        "kind": kind,
        "year": reader.required_int("year"),
        "basis": basis,
        "measure": measure,
        "as_of": as_of,
        "filters": Filters(
            event_types=tuple(reader.texts("event_types")),
            political_violence=reader.flag("political_violence"),
        ),
        "source": reader.text("source", _citation(source)),
    }
    _check_plausible(common["year"], as_of, where)
    if kind is ClaimKind.value:
        spelled = reader.text("qualifier", "exactly")
        row = _qualifier_row(spelled, where)
        high = reader.count("value_high")
        value = reader.count("value")
        if value is None:
            raise ClaimsError(f"{where}: value is missing; add value = <number>")
        if row == "between" and high is None:
            raise ClaimsError(f"{where}: 'between' needs value_high (the upper figure)")
        if high is not None and high < value:
            raise ClaimsError(
                f"{where}: value_high {high} is below value {value}; "
                "between needs the lower figure first"
            )
        return Claim(
            **common,
            value=value,
            qualifier=row,
            value_high=high,
        )
    if kind is ClaimKind.comparison:
        relation_name = reader.required_text("relation")
        try:
            relation = Relation(" ".join(relation_name.lower().split()))
        except ValueError:
            raise ClaimsError(
                f"{where}: relation {relation_name!r} is not known; use one of {_list(RELATIONS)}"
            ) from None
        compared_with = reader.required_int("compared_with")
        if compared_with == common["year"]:
            raise ClaimsError(
                f"{where}: compares {compared_with} with itself; compared_with must be another year"
            )
        _check_plausible(compared_with, None, where)
        return Claim(
            **common,
            relation=relation,
            compared_with=compared_with,
            value=reader.count("value"),
            qualifier=_qualifier_row(reader.text("qualifier", "about"), where),
            from_value=reader.count("from_value"),
            from_qualifier=_qualifier_row(reader.text("from_qualifier", "about"), where),
        )
    rank = reader.integer("rank")
    if rank is not None and rank < 1:
        raise ClaimsError(f"{where}: rank {rank} is not a rank; use 1 (the most) or more")
    return Claim(**common, rank=1 if rank is None else rank, window=_window(reader, where))


#: Years and as-of dates a claim may name (the data start in 1989; beyond 2100 is a typo).
PLAUSIBLE_DAYS = (date(1989, 1, 1), date(2100, 12, 31))
#: The largest count a claim may state (more is a typo, and would not fit the engine).
MAX_CLAIMED = 10**12


def _check_plausible(year: int, as_of: date | None, where: str) -> None:
    """A ``ClaimsError`` for a year or as-of date outside ``PLAUSIBLE_DAYS``.

    >>> _check_plausible(2017, date(1, 1, 1), "c.toml: claim 'x'")
    Traceback (most recent call last):
    ...
    fatalities.errors.ClaimsError: c.toml: claim 'x': as_of 0001-01-01 is outside the data's plausible range (1989-01-01 to 2100-12-31); check the date
    """
    first, last = PLAUSIBLE_DAYS
    if not first.year <= year <= last.year:
        raise ClaimsError(
            f"{where}: year {year} is outside the data's plausible range "
            f"({first.year} to {last.year}); check the year"
        )
    if as_of is not None and not first <= as_of <= last:
        raise ClaimsError(
            f"{where}: as_of {as_of.isoformat()} is outside the data's plausible range "
            f"({first.isoformat()} to {last.isoformat()}); check the date"
        )


def _known_keys(table: Mapping[str, Any], known: Sequence[str], where: str) -> None:
    """Raise ``ClaimsError`` on the first key of ``table`` not in ``known``, with a guess.

    >>> _known_keys({"qualifer": "over"}, CLAIM_KEYS, "claims.toml: claim 'x'")
    Traceback (most recent call last):
    ...
    fatalities.errors.ClaimsError: claims.toml: claim 'x': unknown key 'qualifer'; did you mean 'qualifier'?
    """
    import difflib

    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of {_list(known)}"
        raise ClaimsError(f"{where}: unknown key {key!r}; {hint}")


def _window(reader: _Reader, where: str) -> Window:
    """``since``, ``window_years`` (+ a qualifier saying "over"), or ``on_record``."""
    since = reader.integer("since")
    years = reader.integer("window_years")
    on_record = reader.flag("on_record")
    given = [since is not None, years is not None, on_record]
    if sum(given) != 1:
        raise ClaimsError(f"{where}: give exactly one of since, window_years or on_record = true")
    words = reader.text("qualifier", "").lower()
    return Window(since=since, years=years, over="over" in words.split(), on_record=on_record)


def _qualifier_row(spelled: str, where: str) -> str:
    try:
        return qualifier(spelled).name
    except KeyError:
        raise ClaimsError(
            f"{where}: qualifier {spelled!r} is not known; use one of {_list(SPELLINGS)}"
        ) from None


def _citation(source: Mapping[str, Any]) -> str:
    parts = [str(source[key]) for key in ("publication", "title", "year") if key in source]
    return ", ".join(parts)


def _list(names: Sequence[str] | Mapping[Any, Any]) -> str:
    return ", ".join(repr(str(n)) for n in names)


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ClaimsError(f"{where}: {value!r} is not a date; write it as 2017-11-20")


class _Reader:
    """Typed access to one claim's table, with errors that name the claim and field."""

    def __init__(self, entry: Mapping[str, Any], where: str) -> None:
        self.entry = entry
        self.where = where

    def text(self, key: str, default: str) -> str:
        value = self.entry.get(key, default)
        if not isinstance(value, str):
            raise ClaimsError(f"{self.where}: {key} must be text, not {value!r}")
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key, "").strip()
        if not value:
            raise ClaimsError(f'{self.where}: {key} is missing; add {key} = "..."')
        return value

    def texts(self, key: str) -> list[str]:
        value = self.entry.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ClaimsError(f"{self.where}: {key} must be a list of names")
        return value

    def integer(self, key: str) -> int | None:
        value = self.entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ClaimsError(f"{self.where}: {key} must be a whole number, not {value!r}")
        return value

    def count(self, key: str) -> int | None:
        """A whole number of deaths or events: 0 or more, and not absurdly large."""
        value = self.integer(key)
        if value is not None and not 0 <= value <= MAX_CLAIMED:
            raise ClaimsError(
                f"{self.where}: {key} {value} is not a plausible count (0 to {MAX_CLAIMED:,})"
            )
        return value

    def required_int(self, key: str) -> int:
        value = self.integer(key)
        if value is None:
            raise ClaimsError(f"{self.where}: {key} is missing; add {key} = <number>")
        return value

    def flag(self, key: str) -> bool:
        value = self.entry.get(key, False)
        if not isinstance(value, bool):
            raise ClaimsError(f"{self.where}: {key} must be true or false")
        return value

    def day(self, key: str) -> date | None:
        return _day(self.entry.get(key), f"{self.where}: {key}")

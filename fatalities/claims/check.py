"""Check claims against an annual series: verdicts ``holds``, ``fails`` or ``unverifiable``.

Pure: events (the canonical frame) and claims in, results out; no printing, no I/O.

How each kind is read (``as_of`` is the claim's date: ``--as-of``, else the claim's
or its file's ``as_of``, else the latest event date):

- value, basis ``year``: the full calendar year (unverifiable while incomplete). When
  the claim has an as-of date after that year, the same cut (1 January to the as-of
  month and day of that year) is shown beside it: a figure written in November may
  be a year-to-date figure. The full year decides the verdict.
- value, basis ``year_to_date``: 1 January to the as-of month and day of the year.
- comparison: both years on the claim's basis.
- rank: the year (year-to-date while it is still running at as-of) against the full
  years of the window. A running year that is already above them holds; one that is
  not yet above them is unverifiable. The same cut of every year is shown beside it.
- projection: the running year projected to 31 December (``run_rate``) against the
  full years of the window; the full year, when the data hold it, is shown beside it.

>>> import polars as pl
>>> from datetime import date
>>> from fatalities.claims.model import Claim, ClaimKind
>>> events = pl.DataFrame({"country": ["Mali"] * 2, "fatalities": [500, 383],
...     "event_date": [date(2013, 3, 1), date(2013, 12, 1)]})
>>> claim = Claim("c", "Mali", "just over 850", ClaimKind.value, 2013, value=850,
...               qualifier="just over", as_of=date(2017, 11, 20))
>>> from fatalities.core.coverage import Coverage
>>> covered = Coverage(date(2013, 1, 1), date(2017, 12, 31))  # events alone start 1 March
>>> result = check_claims(events, [claim], coverage_end=date(2017, 12, 31), coverage=covered)[0]
>>> result.verdict, result.reading.value, result.same_cut.value if result.same_cut else None
(<Verdict.holds: 'holds'>, 883, 500)
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from fatalities.claims.model import Basis, Claim, ClaimKind, Filters, Relation
from fatalities.claims.qualifiers import band, rounding_step

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.coverage import Coverage
    from fatalities.io.results import Loaded


class Verdict(StrEnum):
    """What the data say about a claim."""

    holds = "holds"
    fails = "fails"
    unverifiable = "unverifiable"


@dataclass(frozen=True)
class Reading:
    """One way of reading a claim against the data: a label, the number, its verdict."""

    label: str
    value: int | None
    verdict: Verdict
    note: str = ""
    #: How the value reads in a table when it is more than one number ("538 vs 57").
    shown: str = ""

    def text(self) -> str:
        """``full year 2013: 883``; ``-`` for a missing value."""
        value = self.shown or (f"{self.value:,}" if self.value is not None else "-")
        return f"{self.label}: {value}"


@dataclass(frozen=True)
class Result:
    """A checked claim: what it expects, the deciding reading, the other reading, why."""

    claim: Claim
    expects: str
    reading: Reading
    same_cut: Reading | None
    reason: str
    as_of: date | None

    @property
    def verdict(self) -> Verdict:
        """The claim's verdict: the deciding reading's."""
        return self.reading.verdict


#: The columns of ``results_frame``, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "id",
    "country",
    "kind",
    "phrase",
    "claim",
    "expects",
    "reading",
    "value",
    "verdict",
    "other_reading",
    "other_value",
    "other_verdict",
    "reason",
    "as_of",
)


def check_claims(
    events: pl.DataFrame,
    claims: Sequence[Claim],
    *,
    coverage_end: date | None,
    as_of: date | None = None,
    tolerance: float = 1.0,
    projection: str | None = None,
    coverage: Coverage | None = None,
) -> list[Result]:
    """Check every claim; ``as_of`` (when given) overrides the claims' own dates.
    Claims without a date of their own are read as of ``coverage_end`` (the end of
    coverage; else the latest event date). ``coverage`` (default: the first event to
    ``coverage_end``) says which years and spans the data cover: a figure over days
    not covered is unverifiable, never read as 0.

    ``events`` is the canonical frame (at least ``country``, ``event_date``,
    ``fatalities``); ``coverage_end`` is the last day the data cover. ``tolerance``
    multiplies the rounding steps of the qualifier table; ``projection`` is the
    method of ``projection.project`` (default: its own choice).
    """
    from dataclasses import replace

    from fatalities.core.coverage import events_coverage, with_coverage
    from fatalities.core.series import annual, latest_date

    default_as_of = coverage_end or latest_date(events)
    covered = coverage or events_coverage(events, coverage_end)
    cache: dict[tuple[str, Filters, date | None], pl.DataFrame] = {}
    #: A claim said again (a long text repeats its figures) is checked once.
    checked: dict[Claim, Result] = {}
    results = []
    for claim in claims:
        cut = as_of or claim.as_of
        same = replace(claim, id="", phrase="")
        if same in checked:
            results.append(replace(checked[same], claim=claim))
            continue
        key = (claim.country.lower(), claim.filters, cut or default_as_of)
        if key not in cache:
            chosen = select_claim_events(events, claim)
            day = cut or default_as_of
            series = annual(chosen, as_of=day, coverage_end=coverage_end)
            cache[key] = series if day is None else with_coverage(series, covered, day)
        result = check_claim(
            claim,
            cache[key],
            as_of=cut,
            default_as_of=default_as_of,
            coverage_end=coverage_end,
            tolerance=tolerance,
            projection=projection,
        )
        checked[same] = result
        results.append(result)
    return results


def check_known(
    loaded: Loaded,
    claims: Sequence[Claim],
    *,
    as_of: date | None = None,
    tolerance: float = 1.0,
    projection: str | None = None,
) -> list[Result]:
    """``check_claims`` on the inputs as known on ``as_of`` (``--as-of``, or the text's
    own date: events after it left out, coverage ending there), with their coverage."""
    from fatalities.core.coverage import coverage_of
    from fatalities.core.trend import as_known_on

    known = as_known_on(loaded, as_of)
    return check_claims(
        known.frame,
        claims,
        coverage_end=known.coverage_end,
        as_of=as_of,
        tolerance=tolerance,
        projection=projection,
        coverage=coverage_of(known),
    )


def select_claim_events(events: pl.DataFrame, claim: Claim) -> pl.DataFrame:
    """The events a claim counts: its country, event types and political-violence filter
    (none when the data do not hold its country: the claim is then unverifiable)."""
    from fatalities.core.selection import select
    from fatalities.countries import country_keys

    present = set(country_keys(events["country"].drop_nulls().unique().to_list()))
    if not set(country_keys([claim.country])) & present:
        return events.clear()

    return select(
        events,
        countries=[claim.country],
        event_types=claim.filters.event_types,
        political_violence=claim.filters.political_violence,
    )


def check_claim(
    claim: Claim,
    series: pl.DataFrame,
    *,
    as_of: date | None,
    default_as_of: date | None = None,
    coverage_end: date | None = None,
    tolerance: float = 1.0,
    projection: str | None = None,
) -> Result:
    """Check one claim against an annual series (``series.annual`` cut at ``as_of``).

    ``as_of`` is the claim's own date (``None`` when it has none); ``default_as_of``
    is the cut the series was computed with in that case.
    """
    years = _Years(claim, series, as_of or default_as_of, coverage_end)
    if claim.kind is ClaimKind.value:
        return _check_value(claim, years, as_of, tolerance)
    if claim.kind is ClaimKind.comparison:
        return _check_comparison(claim, years, as_of, tolerance)
    return _check_rank(claim, years, as_of, projection)


class _Years:
    """One country's annual figures, looked up with the reason a figure is missing."""

    def __init__(
        self, claim: Claim, series: pl.DataFrame, cut: date | None, coverage_end: date | None
    ) -> None:
        measure = claim.measure
        rows = series.filter(series["country"].str.to_lowercase() == claim.country.lower())
        self.rows = rows
        self.country = claim.country
        self.full = dict(zip(rows["year"], rows[measure], strict=True))
        self.ytd = dict(zip(rows["year"], rows[f"ytd_{measure}"], strict=True))
        self.complete = dict(zip(rows["year"], rows["complete"], strict=True))
        starts = rows["covered_from"] if "covered_from" in rows.columns else [None] * rows.height
        self.covered_from: dict[int, date | None] = dict(zip(rows["year"], starts, strict=True))
        self.first = min(self.full) if self.full else None
        self.last = max(self.full) if self.full else None
        self.cut = cut
        self.coverage_end = coverage_end

    def missing(self, year: int) -> str:
        if self.first is None:
            return f"the data hold no events for {self.country}"
        if year < self.first:
            return f"the data for {self.country} start in {self.first}"
        return f"the data end on {self._end()}, before {year}"

    def _end(self) -> str:
        return self.coverage_end.isoformat() if self.coverage_end else str(self.last)

    def full_year(self, year: int) -> tuple[int | None, str]:
        """The full year's figure, or ``None`` and why not."""
        if year not in self.full:
            return None, self.missing(year)
        if not self.complete[year]:
            return None, f"{year} is incomplete: {self._partly(year)}"
        return int(self.full[year]), ""

    def _partly(self, year: int) -> str:
        start = self.covered_from.get(year)
        if start is not None and start > date(year, 1, 1):
            return f"the data cover it only from {start.isoformat()}"
        return f"the data end on {self._end()}"

    def to_cut(self, year: int) -> tuple[int | None, str]:
        """1 January to the cut's month and day of ``year``, or ``None`` and why not."""
        if year not in self.ytd or self.cut is None:
            return None, self.missing(year)
        end = cut_in_year(self.cut, year)
        if self.coverage_end is not None and end > self.coverage_end:
            return None, f"the data end on {self._end()}, before {end:%d %b %Y}"
        if self.ytd[year] is None:
            start = self.covered_from.get(year)
            since = f" only from {start.isoformat()}" if start is not None else " not at all"
            return None, f"the data cover {year}{since}, not from 1 January to {end:%d %b}"
        return int(self.ytd[year]), ""

    def earlier_full_years(self, year: int) -> dict[int, int]:
        """Every year of the record before ``year`` (``recorded``): what it is ranked in."""
        found = {y: self.recorded(y)[0] for y in self.full if y < year}
        return {y: v for y, v in found.items() if v is not None}

    def starts_late(self, year: int) -> bool:
        """Whether ``year`` is the data's first and covered only from a later day."""
        start = self.covered_from.get(year)
        return year == self.first and start is not None and start > date(year, 1, 1)

    def recorded(self, year: int) -> tuple[int | None, str]:
        """A year's figure in the record: the full year; for the data's first year
        when the data start after 1 January, what the record holds from that day."""
        if year in self.full and self.starts_late(year) and self.full[year] is not None:
            return int(self.full[year]), ""
        return self.full_year(year)

    def earlier_cuts(self, year: int) -> dict[int, int]:
        """The same cut of every year before ``year`` that the data cover to the cut."""
        cuts = {y: self.to_cut(y)[0] for y in self.ytd if y < year}
        return {y: v for y, v in cuts.items() if v is not None}

    def cut_label(self, year: int) -> str:
        return f"to {cut_in_year(self.cut, year):%d %b} {year}" if self.cut else str(year)


def cut_in_year(cut: date, year: int) -> date:
    """The as-of month and day in another year (29 February becomes the 28th).

    >>> cut_in_year(date(2016, 2, 29), 2017)
    datetime.date(2017, 2, 28)
    """
    last = calendar.monthrange(year, cut.month)[1]
    return date(year, cut.month, min(cut.day, last))


def run_rate(year_to_date: int, cut: date) -> int:
    """The year's total if the rest of it goes at the pace so far.

    >>> run_rate(899, date(2017, 11, 20))
    1013
    """
    days = 366 if calendar.isleap(cut.year) else 365
    elapsed = cut.timetuple().tm_yday
    return round(year_to_date * days / elapsed)


def _verdict(ok: bool) -> Verdict:
    return Verdict.holds if ok else Verdict.fails


def _check_value(claim: Claim, years: _Years, as_of: date | None, tolerance: float) -> Result:
    assert claim.value is not None
    allowed = band(claim.qualifier, claim.value, claim.value_high, tolerance=tolerance)
    step = rounding_step(claim.value)
    expects = allowed.text()

    def read(value: int | None, missing: str, label: str) -> Reading:
        if value is None:
            return Reading(label, None, Verdict.unverifiable, missing)
        return Reading(label, value, _verdict(allowed.contains(value)))

    year = claim.year
    same_cut: Reading | None = None
    if claim.basis is Basis.year:
        reading = read(*years.full_year(year), f"full year {year}")
        if as_of is not None and year < as_of.year:
            same_cut = read(*years.to_cut(year), years.cut_label(year))
    else:
        reading = read(*years.to_cut(year), years.cut_label(year))
    reason = _value_reason(claim, reading, same_cut, expects, step)
    return Result(claim, expects, reading, same_cut, reason, as_of)


def _value_reason(
    claim: Claim, reading: Reading, same_cut: Reading | None, expects: str, step: int
) -> str:
    if reading.verdict is Verdict.unverifiable:
        return reading.note
    words = _figure_words(claim)
    if claim.qualifier in {"about", "just over", "just under", "nearly"}:
        words += f" (step {step:,})"
    assert reading.value is not None
    outcome = "is" if reading.verdict is Verdict.holds else "is not"
    text = f"{reading.value:,} {outcome} {words}: {expects}"
    if same_cut and same_cut.value is not None and same_cut.verdict is not reading.verdict:
        text += f"; {same_cut.value:,} {same_cut.label} {same_cut.verdict}" + (
            ": the figure may be year-to-date" if same_cut.verdict is Verdict.holds else ""
        )
    return text


def _figure_words(claim: Claim) -> str:
    """``just over 850``, ``between 700 and 800``."""
    if claim.qualifier == "between":
        return f"between {claim.value or 0:,} and {claim.value_high or 0:,}"
    return f"{claim.qualifier} {claim.value or 0:,}"


def _check_comparison(claim: Claim, years: _Years, as_of: date | None, tolerance: float) -> Result:
    assert claim.relation is not None and claim.compared_with is not None
    other = claim.compared_with
    expects = _comparison_expects(claim, tolerance)

    def read(
        pick: str,
        label: str,
    ) -> Reading:
        lookup = years.full_year if pick == "full" else years.to_cut
        a, why_a = lookup(claim.year)
        b, why_b = lookup(other)
        if a is None or b is None:
            return Reading(label, None, Verdict.unverifiable, why_a or why_b)
        ok, note = _relation_holds(claim, a, b, tolerance)
        return Reading(label, a, _verdict(ok), note, shown=f"{a:,} vs {b:,}")

    versus = f"{claim.year} vs {other}"
    same_cut = None
    if claim.basis is Basis.year:
        reading = read("full", f"full years {versus}")
        if as_of is not None and max(claim.year, other) < as_of.year:
            same_cut = read("cut", f"{years.cut_label(claim.year)} vs {other}")
    else:
        reading = read("cut", f"{years.cut_label(claim.year)} vs {other}")
    return Result(claim, expects, reading, same_cut, reading.note, as_of)


def _comparison_expects(claim: Claim, tolerance: float) -> str:
    a, b = claim.year, claim.compared_with
    relation = claim.relation
    if relation is Relation.twice:
        return f"{a} ÷ {b} within 2 ± {0.2 * tolerance:g}"
    if relation is Relation.more_than_twice:
        return f"{a} > 2 × {b}"
    parts = []
    if relation in (Relation.rise, Relation.fall) and claim.from_value is not None:
        parts.append(f"{b} in {band(claim.from_qualifier, claim.from_value).text()}")
    if relation in (Relation.rise, Relation.fall) and claim.value is not None:
        parts.append(f"{a} in {band(claim.qualifier, claim.value).text()}")
    sign = "<" if relation in (Relation.fewer_than, Relation.fall) else ">"
    parts.append(f"{a} {sign} {b}")
    return ", ".join(parts)


def _relation_holds(claim: Claim, a: int, b: int, tolerance: float) -> tuple[bool, str]:
    """Whether ``a`` (the claim's year) relates to ``b`` as claimed, and the numbers."""
    relation = claim.relation
    versus = f"{a:,} in {claim.year} against {b:,} in {claim.compared_with}"
    if relation in (Relation.twice, Relation.more_than_twice):
        if b == 0:
            return False, f"{versus}: no ratio to a year with none"
        ratio = a / b
        ok = abs(ratio - 2) <= 0.2 * tolerance if relation is Relation.twice else a > 2 * b
        return ok, f"{versus}: {ratio:.2f} times"
    ok = a > b if relation in (Relation.more_than, Relation.rise) else a < b
    notes = [versus]
    if relation in (Relation.rise, Relation.fall):
        if claim.from_value is not None:
            start = band(claim.from_qualifier, claim.from_value, tolerance=tolerance)
            ok = ok and start.contains(b)
            notes.append(f"{b:,} {'in' if start.contains(b) else 'not in'} {start.text()}")
        if claim.value is not None:
            end = band(claim.qualifier, claim.value, tolerance=tolerance)
            ok = ok and end.contains(a)
            notes.append(f"{a:,} {'in' if end.contains(a) else 'not in'} {end.text()}")
    return ok, "; ".join(notes)


def _check_rank(claim: Claim, years: _Years, as_of: date | None, projection: str | None) -> Result:
    assert claim.window is not None
    year = claim.year
    first = claim.window.first_year(year, years.first)
    window = f"{first}–{year - 1}" if first is not None else "earlier years"
    expects = f"top of {window}" if claim.rank == 1 else f"top {claim.rank} of {window}"
    if first is None or years.first is None or first < years.first:
        why = years.missing(first if first is not None else year)
        reading = Reading(f"{year}", None, Verdict.unverifiable, why)
        return Result(claim, expects, reading, None, f"{why}; cannot rank over {window}", as_of)
    earlier = list(range(first, year))
    fulls = [years.recorded(y) for y in earlier]
    gaps = [why for value, why in fulls if value is None]
    if gaps:
        reading = Reading(f"{year}", None, Verdict.unverifiable, gaps[0])
        return Result(claim, expects, reading, None, gaps[0], as_of)
    full_values = dict(zip(earlier, [int(v or 0) for v, _ in fulls], strict=True))
    if as_of is not None and year > as_of.year:
        why = f"{year} is after the as-of date {as_of.isoformat()}"
        reading = Reading(f"{year}", None, Verdict.unverifiable, why)
        return Result(claim, expects, reading, None, why, as_of)
    running = as_of is not None and year == as_of.year
    record = years.earlier_full_years(year)
    other: Reading | None = None
    if claim.kind is ClaimKind.projection and running:
        reading, other = _projection_readings(claim, years, full_values, projection)
    elif running:
        so_far, why = years.to_cut(year)
        label = years.cut_label(year)
        reading = _rank_reading(claim, so_far, why, label, full_values, record=record)
        if reading.verdict is Verdict.fails:
            note = f"{year} is not over on {as_of}; {reading.note}"
            reading = Reading(label, reading.value, Verdict.unverifiable, note)
    else:
        full, why = years.full_year(year)
        label = f"full year {year}"
        reading = _rank_reading(claim, full, why, label, full_values, record=record)
    if other is None and as_of is not None:
        cuts = years.earlier_cuts(year)
        if all(y in cuts for y in earlier):
            so_far, why = years.to_cut(year)
            window_cuts = {y: cuts[y] for y in earlier}
            label = years.cut_label(year)
            other = _rank_reading(
                claim, so_far, why, label, window_cuts, record=cuts, same_cut=True
            )
    late = [y for y in earlier if years.starts_late(y)]
    if late and reading.note:
        start = years.covered_from[late[0]]
        assert start is not None
        reading = replace(
            reading, note=f"{reading.note} ({late[0]} as recorded from {start.isoformat()})"
        )
    return Result(claim, expects, reading, other, reading.note, as_of)


def _projection_readings(
    claim: Claim, years: _Years, full_values: dict[int, int], method: str | None
) -> tuple[Reading, Reading | None]:
    year = claim.year
    so_far, why = years.to_cut(year)
    if so_far is None or years.cut is None:
        return Reading(f"projected {year}", None, Verdict.unverifiable, why), None
    cut = cut_in_year(years.cut, year)
    projected, how = _project(claim, years, so_far, cut, method)
    record = years.earlier_full_years(year)
    reading = _rank_reading(claim, projected, "", f"projected {year}", full_values)
    already = _rank_reading(claim, so_far, "", "", full_values, record=record)
    if already.verdict is Verdict.holds:
        so_far_text = already.note.replace(" is above", f" by {cut:%d %b} is already above", 1)
        note = f"{so_far_text}; {how}"
    else:
        note = f"{how}: {reading.note}"
    reading = Reading(reading.label, projected, reading.verdict, note)
    actual, _ = years.full_year(year)
    other = None
    if actual is not None:
        label = f"full year {year} (later)"
        other = _rank_reading(claim, actual, "", label, full_values, record=record)
    return reading, other


def _project(
    claim: Claim, years: _Years, so_far: int, cut: date, method: str | None
) -> tuple[int, str]:
    """The projected total and how it was made: the analysis core's ``project``
    (seasonal or run-rate) for fatalities, run-rate for events."""
    if claim.measure == "fatalities":
        from fatalities.core.projection import project
        from fatalities.errors import SelectionError

        try:
            projection = project(years.rows, cut, method)
        except SelectionError:
            pass
        else:
            projected = round(projection.projected)
            how = f"{projection.method.value} projection {projected:,}"
            if projection.low is not None:
                high = f"{projection.high:,.0f}" if projection.high is not None else "?"
                how += f" (range {projection.low:,.0f}–{high})"
            return projected, how
    projected = run_rate(so_far, cut)
    return projected, f"run-rate projection {projected:,}"


def _rank_reading(
    claim: Claim,
    value: int | None,
    missing: str,
    label: str,
    others: dict[int, int],
    *,
    record: dict[int, int] | None = None,
    same_cut: bool = False,
) -> Reading:
    """``value`` ranked against ``others`` (the window); ``record`` adds "highest since"."""
    if value is None:
        return Reading(label, None, Verdict.unverifiable, missing)
    position = 1 + sum(1 for v in others.values() if v >= value)
    ok = position <= claim.rank
    top_year = max(others, key=lambda y: (others[y], y))
    span = f"{'the same cut of ' if same_cut else ''}every {'' if same_cut else 'full '}year"
    span += f" {min(others)}–{max(others)}"
    if claim.rank > 1:
        note = f"{value:,} ranks {position} against {span}"
    elif ok:
        note = f"{value:,} is above {span} (highest {others[top_year]:,} in {top_year})"
    else:
        note = f"{value:,} is not above {span}: {top_year} had {others[top_year]:,}"
    if record:
        higher = [y for y, v in record.items() if v >= value]
        note += (
            f"; the highest since {max(higher)}"
            if higher
            else f"; the highest on record (from {min(record)})"
        )
    return Reading(label, value, _verdict(ok), note)


def results_frame(results: Sequence[Result]) -> pl.DataFrame:
    """The results as a frame with ``RESULT_COLUMNS`` (for CSV/JSON output)."""
    import polars as pl

    rows = [
        {
            "id": r.claim.id,
            "country": r.claim.country,
            "kind": str(r.claim.kind),
            "phrase": r.claim.phrase,
            "claim": r.claim.describe(),
            "expects": r.expects,
            "reading": r.reading.label,
            "value": r.reading.value,
            "verdict": str(r.verdict),
            "other_reading": r.same_cut.label if r.same_cut else None,
            "other_value": r.same_cut.value if r.same_cut else None,
            "other_verdict": str(r.same_cut.verdict) if r.same_cut else None,
            "reason": r.reason,
            "as_of": r.as_of,
        }
        for r in results
    ]
    types: dict[str, pl.DataType] = {"value": pl.Int64(), "other_value": pl.Int64()}
    types["as_of"] = pl.Date()
    schema = {name: types.get(name, pl.String()) for name in RESULT_COLUMNS}
    return pl.DataFrame(rows, schema=schema)


def overall(results: Sequence[Result]) -> Verdict:
    """``fails`` if any claim fails, else ``unverifiable`` if any is, else ``holds``."""
    verdicts = {r.verdict for r in results}
    for verdict in (Verdict.fails, Verdict.unverifiable):
        if verdict in verdicts:
            return verdict
    return Verdict.holds

"""A few plain sentences about the latest year, built only from computed values.

``summarize`` gathers the facts (a ``Summary``); ``sentences`` words them. Nothing
is written that is not a field of the ``Summary``, so the JSON and the text agree.

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "country": ["Mali"] * 4,
...     "event_date": [date(2015, 5, 1), date(2016, 5, 1), date(2017, 2, 1), date(2017, 3, 1)],
...     "fatalities": [10, 4, 8, 5],
...     "event_type": ["Battles"] * 4,
...     "admin1": ["Mopti", "Gao", "Mopti", "Gao"],
... })
>>> from fatalities.core.coverage import Coverage
>>> covered = Coverage(date(2015, 1, 1), date(2017, 3, 1))  # events alone start 1 May 2015
>>> facts = summarize(events, as_of=date(2017, 3, 1), coverage=covered)
>>> facts.ytd_fatalities, facts.full_years, facts.exceeds_every_full_year
(13, 2, True)
>>> sentences(facts)[0]
'Mali: 13 fatalities in 2 events from 1 January to 1 March 2017.'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fatalities.core.coverage import Coverage
from fatalities.core.projection import DEFAULT_YEARS, Projection, project, year_span
from fatalities.errors import SelectionError
from fatalities.vocabulary import ProjectionMethod

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.results import Loaded


@dataclass(frozen=True)
class Contributor:
    """The group that contributed most fatalities to the year-to-date figure."""

    name: str
    fatalities: int
    share: float


@dataclass(frozen=True)
class Summary:
    """The facts behind the summary sentences, for one country (or combined selection).

    ``full_years`` are the complete years before ``year`` (from the country's first
    year in the data); ``same_cut_*`` compare ``ytd_fatalities`` with every earlier
    year cut at the same month and day; ``highest_since`` is the most recent earlier
    full year with more fatalities than ``ytd_fatalities`` (``None``: none had more).
    """

    country: str
    year: int
    as_of: date
    coverage_end: date | None
    year_complete: bool
    ytd_fatalities: int
    ytd_events: int
    first_year: int
    full_years: int
    full_years_below: int
    exceeds_every_full_year: bool
    highest_full_year: int | None
    highest_full_year_fatalities: int | None
    highest_since: int | None
    same_cut_rank: int
    same_cut_years: int
    same_cut_highest_earlier_year: int | None
    same_cut_highest_earlier_fatalities: int | None
    projection: Projection | None
    top_event_type: Contributor | None
    top_admin1: Contributor | None
    #: The first day of ``year`` the data cover (1 January, or later: the figure then
    #: runs from this day, and earlier years cannot be cut at the same span).
    covered_from: date | None = None
    #: Earlier years whose same cut the data do not cover (not compared, never read as 0).
    not_comparable: tuple[int, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """Flat JSON-ready fields (dates as ISO text, the projection spread out)."""
        record: dict[str, Any] = {}
        for name, value in asdict(self).items():
            if name in ("projection", "top_event_type", "top_admin1"):
                continue
            record[name] = value.isoformat() if isinstance(value, date) else value
        projection = self.projection
        record.update(
            projection_method=projection.method.value if projection else None,
            projected_fatalities=round(projection.projected) if projection else None,
            projected_low=_rounded(projection.low) if projection else None,
            projected_high=_rounded(projection.high) if projection else None,
            projection_share=round(projection.share, 4) if projection else None,
            projection_years=list(projection.years_used) if projection else [],
        )
        for label, contributor in (
            ("top_event_type", self.top_event_type),
            ("top_admin1", self.top_admin1),
        ):
            record[label] = contributor.name if contributor else None
            record[f"{label}_fatalities"] = contributor.fatalities if contributor else None
            record[f"{label}_share"] = round(contributor.share, 4) if contributor else None
        record["sentences"] = sentences(self)
        return record


def summarize(
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    coverage_end: date | None = None,
    method: ProjectionMethod | str | None = None,
    projection_years: int = DEFAULT_YEARS,
    months_covered: Mapping[int, int] | None = None,
    coverage: Coverage | None = None,
) -> Summary:
    """The facts about ``as_of``'s year (default: the latest event's) for one country.

    ``events`` is the selected canonical frame for one country (combine several
    first). Events and years after ``as_of`` are ignored (the data as known on that
    day). ``months_covered`` is for aggregated sources (see ``periods.period_series``).
    ``coverage`` (default: the first event to ``coverage_end``) decides which years are
    full and which same-day cuts exist; the figure of a year covered from a later day
    than 1 January runs from that day.
    """
    import polars as pl

    from fatalities.core.coverage import events_coverage, with_coverage
    from fatalities.core.periods import period_series
    from fatalities.core.series import latest_date

    countries = events["country"].unique().drop_nulls().to_list()
    if len(countries) != 1:
        raise SelectionError(
            "a summary describes one country; "
            + (
                "no events match the selection"
                if not countries
                else "pass --combine to sum several"
            )
        )
    latest = latest_date(events)
    as_of = as_of or latest
    if as_of is None or latest is None:
        raise SelectionError("no events match the selection")
    events = events.filter(pl.col("event_date") <= as_of)
    end = min(coverage_end or latest, as_of)
    covered = coverage or events_coverage(events, end)
    series = period_series(
        events,
        "year",
        as_of=as_of,
        coverage_end=end,
        months_covered=months_covered,
    ).filter(pl.col("year") <= as_of.year)
    series = with_coverage(series, covered, as_of)
    current = series.filter(pl.col("year") == as_of.year)
    if current.height == 0:
        raise SelectionError(f"no events in or before {as_of.year} for {countries[0]}")
    whole_span = current["ytd_fatalities"][0] is not None
    covered_from = current["covered_from"][0] or date(as_of.year, 1, 1)
    ytd = int(current["ytd_fatalities"][0] if whole_span else current["fatalities"][0] or 0)
    ytd_events = int(current["ytd_events"][0] if whole_span else current["events"][0] or 0)
    earlier = series.filter(pl.col("year") < as_of.year)
    not_comparable = tuple(
        int(year)
        for year in earlier.filter(pl.col("ytd_fatalities").is_null() | pl.lit(not whole_span))[
            "year"
        ].to_list()
    )
    if not whole_span:
        earlier = earlier.clear()  # no earlier year is covered over the same days
    earlier = earlier.filter(pl.col("ytd_fatalities").is_not_null())
    full = series.filter((pl.col("year") < as_of.year) & pl.col("complete"))
    top_full = full.sort(["fatalities", "year"], descending=[True, True]).head(1)
    higher = full.filter(pl.col("fatalities") > ytd)
    same_cut_higher = earlier.filter(pl.col("ytd_fatalities") > ytd)
    top_cut = earlier.sort(["ytd_fatalities", "year"], descending=[True, True]).head(1)
    year_complete = (as_of.month, as_of.day) == (12, 31) and bool(current["complete"][0])
    this_year = events.filter(
        (pl.col("event_date") >= date(as_of.year, 1, 1)) & (pl.col("event_date") <= as_of)
    )
    return Summary(
        country=str(countries[0]),
        year=as_of.year,
        as_of=as_of,
        coverage_end=coverage_end,
        year_complete=year_complete,
        ytd_fatalities=ytd,
        ytd_events=ytd_events,
        first_year=int(series["year"].min()),  # type: ignore[arg-type]
        full_years=full.height,
        full_years_below=full.filter(pl.col("fatalities") < ytd).height,
        exceeds_every_full_year=full.height > 0
        and higher.height == 0
        and full.filter(pl.col("fatalities") == ytd).height == 0,
        highest_full_year=int(top_full["year"][0]) if top_full.height else None,
        highest_full_year_fatalities=int(top_full["fatalities"][0]) if top_full.height else None,
        highest_since=int(higher["year"].max()) if higher.height else None,  # type: ignore[arg-type]
        same_cut_rank=same_cut_higher.height + 1,
        same_cut_years=earlier.height + 1,
        same_cut_highest_earlier_year=int(top_cut["year"][0]) if top_cut.height else None,
        same_cut_highest_earlier_fatalities=(
            int(top_cut["ytd_fatalities"][0]) if top_cut.height else None
        ),
        projection=None
        if year_complete
        else project(series, as_of, method, years=projection_years),
        top_event_type=_top(this_year, "event_type", ytd),
        top_admin1=_top(this_year, "admin1", ytd),
        covered_from=covered_from,
        not_comparable=not_comparable,
    )


def summary_of(
    loaded: Loaded,
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    method: ProjectionMethod | str | None = None,
) -> tuple[Summary, list[str]]:
    """``summarize`` the selected ``events`` of ``loaded`` as known on ``as_of``
    (``--as-of``; default the latest selected event), with the inputs' coverage; and
    the notes for people (the month cut of aggregated data)."""
    from fatalities.core.coverage import coverage_of
    from fatalities.core.trend import as_known_on, as_of_cut

    cut, note = as_of_cut(as_of, events, loaded)
    facts = summarize(
        events,
        as_of=cut,
        coverage_end=loaded.coverage_end,
        method=method,
        months_covered=loaded.months_covered,
        coverage=coverage_of(as_known_on(loaded, as_of)),
    )
    return facts, [note] if note else []


def sentences(facts: Summary) -> list[str]:
    """The summary in plain sentences, every number taken from ``facts``."""
    cut = f"{facts.as_of.day} {facts.as_of:%B}"
    start = facts.covered_from or date(facts.year, 1, 1)
    span = (
        f"in all of {facts.year}"
        if facts.year_complete
        else f"from {start.day} {start:%B} to {cut} {facts.year}"
    )
    lines = [
        f"{facts.country}: {facts.ytd_fatalities:,} fatalities in {facts.ytd_events:,} "
        f"{_plural(facts.ytd_events, 'event')} {span}."
    ]
    lines.append(_against_full_years(facts))
    if facts.same_cut_years > 1 and not facts.year_complete:
        best = (
            f"; the highest earlier figure was {facts.same_cut_highest_earlier_fatalities:,} "
            f"in {facts.same_cut_highest_earlier_year}"
            if facts.same_cut_highest_earlier_year is not None
            else ""
        )
        lines.append(
            f"Cut at the same day (1 January to {cut}), it ranks {_ordinal(facts.same_cut_rank)} "
            f"of the {facts.same_cut_years} years since {facts.first_year}{best}."
        )
    if facts.not_comparable and not facts.year_complete:
        lines.append(_not_comparable(facts))
    if facts.projection is not None:
        lines.append(_projection_sentence(facts.projection))
    contributors = [
        f"{who.name} was the {role} ({who.fatalities:,}, {who.share:.0%} of the total)"
        for who, role in (
            (facts.top_event_type, "deadliest event type"),
            (facts.top_admin1, "admin1 area with most fatalities"),
        )
        if who is not None and who.fatalities > 0
    ]
    if contributors:
        lines.append(" and ".join(contributors) + ".")
    return lines


def _not_comparable(facts: Summary) -> str:
    """Which earlier years are left out of the same-day comparison, and why."""
    years = facts.not_comparable
    named = _year_list(years)
    start = facts.covered_from or date(facts.year, 1, 1)
    if start > date(facts.year, 1, 1):
        return (
            f"The data cover {facts.year} only from {start.day} {start:%B}: no earlier year "
            f"can be cut at the same days, so {named} {'is' if len(years) == 1 else 'are'} "
            "not compared."
        )
    return (
        f"Not compared at the same day: {named} (the data do not cover 1 January to "
        f"{facts.as_of.day} {facts.as_of:%B} of {'it' if len(years) == 1 else 'them'})."
    )


def _year_list(years: tuple[int, ...]) -> str:
    """``2025``, ``2024 and 2025``, ``2019, 2020 and 2021``.

    >>> _year_list((2024, 2025)), _year_list((2019, 2020, 2021))
    ('2024 and 2025', '2019, 2020 and 2021')
    """
    texts = [str(year) for year in years]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _against_full_years(facts: Summary) -> str:
    already = "" if facts.year_complete else "already "
    if facts.full_years == 0:
        return f"There is no earlier full year in the data to compare with (first year {facts.first_year})."
    since = (
        f"the {facts.full_years} full {_plural(facts.full_years, 'year')} since {facts.first_year}"
    )
    if facts.exceeds_every_full_year:
        return (
            f"That {already}exceeds every one of {since} (the highest was "
            f"{facts.highest_full_year_fatalities:,} in {facts.highest_full_year}): "
            "the highest on record."
        )
    last_higher = (
        f"it is the highest since {facts.highest_since}"
        if facts.year_complete
        else f"the most recent full year with more was {facts.highest_since}"
    )
    return (
        f"That {already}exceeds {facts.full_years_below} of {since}; {last_higher}, and the "
        f"highest full year was {facts.highest_full_year_fatalities:,} in {facts.highest_full_year}."
    )


def _projection_sentence(projection: Projection) -> str:
    year = projection.year
    if projection.covered_from is not None:
        start, end = projection.covered_from, projection.as_of
        days = (end - start).days + 1
        return (
            f"At the pace of the {days} {_plural(days, 'day')} the data cover ({start.day} "
            f"{start:%B} to {end.day} {end:%B}, {projection.share:.1%} of the year), {year} "
            f"would end with about {projection.projected:,.0f} fatalities (run-rate "
            "projection over the covered days only)."
        )
    if projection.method is ProjectionMethod.run_rate:
        return (
            f"At the run-rate pace ({projection.share:.1%} of the year elapsed), {year} would "
            f"end with about {projection.projected:,.0f} fatalities (run-rate projection)."
        )
    high = f"{projection.high:,.0f}" if projection.high is not None else "no upper bound"
    low = f"{projection.low:,.0f}" if projection.low is not None else "?"
    return (
        f"If the rest of {year} follows the seasonal pattern of "
        f"{year_span(projection.years_used)} (on average {projection.share:.1%} of a year's "
        f"fatalities by this date), {year} would end with about {projection.projected:,.0f} "
        f"(range {low} to {high}; seasonal projection)."
    )


def _top(events: pl.DataFrame, column: str, total: int) -> Contributor | None:
    import polars as pl

    if column not in events.columns or events.height == 0 or total <= 0:
        return None
    ranked = (
        events.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg(pl.col("fatalities").sum())
        .sort(["fatalities", column], descending=[True, False])
    )
    if ranked.height == 0:
        return None
    name, fatalities = ranked.row(0)
    return Contributor(str(name), int(fatalities), int(fatalities) / total)


def _rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``11th``.

    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st']
    """
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"

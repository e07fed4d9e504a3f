"""What ``fatalities trend`` computes: loaded events and a ``TrendRequest`` in, the frames
to print out. Pure: no printing, no environment, no files.

``compute_trend`` selects the events (``select_events``), fixes the as-of date
(``as_of_cut``), builds the series (``trend_frames``: periods, breakdowns, derived
columns, projections, then the years shown), orders the countries as they were asked
for, and says why nothing is left when the series is empty. Notes for people (the
month cut of aggregated data, what political violence means for the source) come
back as text for the command to show.

>>> import polars as pl
>>> from fatalities.io.results import Loaded
>>> from fatalities.vocabulary import Selection, TrendRequest
>>> events = pl.DataFrame({
...     "country": ["Niger", "Mali", "Mali"],
...     "event_date": [date(2016, 3, 1), date(2016, 5, 1), date(2017, 2, 1)],
...     "fatalities": [4, 2, 3], "events": [1, 1, 1],
... })
>>> loaded = Loaded(events, [], 0, date(2017, 2, 1))
>>> result = compute_trend(loaded, TrendRequest(selection=Selection(countries=("niger", "mali"))))
>>> result.series.select("country", "year", "fatalities").rows()
[('Niger', 2016, 4), ('Niger', 2017, 0), ('Mali', 2016, 2), ('Mali', 2017, 3)]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from fatalities.core.coverage import Coverage
from fatalities.errors import InputError
from fatalities.vocabulary import Period, Selection, TrendRequest

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.chart_data import ChartData
    from fatalities.io.dialects import Dialect
    from fatalities.io.population import Population
    from fatalities.io.results import Loaded


@dataclass
class Trend:
    """A computed trend: the series to print and what its charts and notes need."""

    #: The rows to print (``periods.series_columns`` plus derived and projected columns).
    series: pl.DataFrame
    #: The selected events (with ``--combine``, relabelled as one country): charts use them.
    events: pl.DataFrame
    #: The day year-to-date is cut at.
    as_of: date
    #: Last day the inputs cover (``None`` when unknown).
    coverage_end: date | None
    #: ``--zero-fill``: the year every country's series starts at.
    zero_fill_from: int | None = None
    #: Aggregated sources: year -> months held.
    months_covered: dict[int, int] | None = None
    #: One line per projected country (and group): how the projection was made.
    projections: list[str] = field(default_factory=list)
    #: What the data cover (after the as-of cut), per country when inputs differ.
    coverage: Coverage | None = None
    #: Notes for people, said before the data.
    notes: list[str] = field(default_factory=list)
    #: When the series is empty: which option left no events, in a sentence.
    why_empty: str | None = None
    #: What the chart asked for (``request.chart``) shows, for the renderers to draw.
    chart: ChartData | None = None
    #: The data, coverage and filters behind the figures, for published charts.
    source_line: str = ""
    #: ``--per``: the population figures the rates were divided by.
    population: Population | None = None


def compute_trend(
    loaded: Loaded, request: TrendRequest, *, population: Population | None = None
) -> Trend:
    """The trend ``request`` asks for, from ``loaded`` (already narrowed to the
    requested countries by the loader), as known on ``request.as_of`` when given. With no
    place asked for, the data's one country or its deadliest (``whole_file``). With
    ``request.per``, ``population`` (the shipped table when ``None``) turns counts into
    rates too."""
    from fatalities.core.coverage import coverage_of
    from fatalities.core.selection import in_asked_order, scope_notes, source_dialect

    source = source_dialect(loaded)
    notes = scope_notes(source, political_violence=request.selection.political_violence)
    outside = as_of_outside(request.as_of, loaded.coverage_start, loaded.coverage_end)
    if outside:
        notes.insert(0, outside)
    loaded = as_known_on(loaded, request.as_of)
    if request.selection.iso_codes or "iso" in request.groups:
        from fatalities.core.places import with_iso

        # legacy files name countries but carry no ISO code
        loaded = replace(loaded, frame=with_iso(loaded.frame))
    events = select_events(loaded, request.selection, source)
    if request.groups and events.height:
        from fatalities.core.places import lacking_columns, lacking_note

        lacking = lacking_columns(events, request.groups)
        if lacking:
            notes.append(lacking_note(lacking))
    if not request.selection.has_place and not request.by_country:
        from fatalities.core.whole_file import deadliest_countries

        chosen, chosen_note = deadliest_countries(events)
        if chosen_note:
            import polars as pl

            notes.append(chosen_note)
            events = events.filter(pl.col("country").is_in(chosen))
        request = replace(request, selection=replace(request.selection, countries=chosen))
    check_granularity(loaded.granularity, request.period)
    cut, cut_note = as_of_cut(request.as_of, events, loaded)
    if cut_note:
        notes.append(cut_note)
    start = loaded.coverage_start.year if loaded.coverage_start else None
    zero_fill_from = (request.first_year or start) if request.zero_fill else None
    coverage = coverage_of(loaded)
    series, projections = trend_frames(
        events,
        request,
        as_of=cut,
        coverage_end=loaded.coverage_end,
        zero_fill_from=zero_fill_from,
        months_covered=loaded.months_covered,
        coverage=coverage,
    )
    if not request.selection.combine:
        series = in_asked_order(series, request.selection.countries)
    if request.per is not None:
        from fatalities.core.rates import combined_names, with_rates

        if population is None:
            from fatalities.io.population import shipped_population

            population = shipped_population()
        series, rate_notes = with_rates(
            series, population, request.per, combined=combined_names(events, request)
        )
        notes.extend(rate_notes)
    result = Trend(
        series=series,
        events=events,
        as_of=cut,
        coverage_end=loaded.coverage_end,
        zero_fill_from=zero_fill_from,
        months_covered=loaded.months_covered,
        projections=projections,
        coverage=coverage,
        notes=notes,
        population=population if request.per is not None else None,
    )
    from fatalities.core.credits import source_line

    result.source_line = source_line(
        loaded.source_label,
        [report.path for report in loaded.reports],
        loaded.coverage_end,
        request,
        population_credit=population.credit if population and request.per else None,
    )
    if series.height == 0:
        result.why_empty = why_empty(loaded.frame, events, request, source)
    else:
        from fatalities.core.chart_data import chart_data

        result.chart = chart_data(request.chart, result, request)
    return result


def select_events(loaded: Loaded, selection: Selection, source: Dialect) -> pl.DataFrame:
    """The events of ``loaded`` that ``selection`` keeps; with ``combine``, relabelled as
    one country.

    The loader has already applied the selection's countries (once, while scanning:
    ``loaded.countries``); this applies the rest. ``source`` is the data's dialect: it
    decides what political violence keeps.
    """
    from fatalities.core.selection import combine, select

    chosen = select(
        loaded.frame,
        countries=() if loaded.countries else selection.countries,
        regions=selection.regions,
        iso_codes=selection.iso_codes,
        event_types=selection.event_types,
        sub_event_types=selection.sub_event_types,
        political_violence=selection.political_violence,
        civilian_targeting=selection.civilian_targeting,
        source=source,
    )
    if selection.combine and chosen.height:
        chosen = combine(chosen)
    return chosen


def as_known_on(loaded: Loaded, as_of: date | None) -> Loaded:
    """``loaded`` as known on ``as_of`` (``--as-of``: events after it left out, coverage
    ending there; aggregated data at the end of its month); unchanged without one."""
    from fatalities.core.coverage import known_on
    from fatalities.core.series import year_to_date_cut

    if as_of is None:
        return loaded
    return known_on(loaded, year_to_date_cut(as_of, loaded.granularity))


def as_of_cut(as_of: date | None, events: pl.DataFrame, loaded: Loaded) -> tuple[date, str | None]:
    """The as-of date (given, else the selection's latest event, else the data's end)
    and, for monthly or weekly aggregates, the end of its month with a note saying so."""
    from fatalities.core.series import latest_date, year_to_date_cut

    cut = as_of or latest_date(events) or loaded.coverage_end
    if cut is None:
        raise InputError("no events in the input")
    if loaded.granularity == "event":
        return cut, None
    cut = year_to_date_cut(cut, loaded.granularity)
    return cut, (
        f"{loaded.granularity}ly data: year-to-date is cut at the end of the as-of "
        f"month, {cut:%B} (1 January to {cut:%d %B} in every year)"
    )


def as_of_outside(as_of: date | None, first: date | None, last: date | None) -> str | None:
    """A warning when ``--as-of`` lies outside the data (``first`` to ``last``); ``None``
    when it is inside or not given.

    >>> as_of_outside(date(2030, 1, 1), date(1997, 1, 6), date(2020, 7, 31))
    'warning: --as-of 2030-01-01 is after the data, which run from 1997-01-06 to 2020-07-31'
    >>> as_of_outside(date(2017, 11, 20), date(1997, 1, 6), date(2020, 7, 31)) is None
    True
    """
    if as_of is None or first is None or last is None or first <= as_of <= last:
        return None
    side = "after" if as_of > last else "before"
    return f"warning: --as-of {as_of} is {side} the data, which run from {first} to {last}"


def check_granularity(granularity: str, period: str) -> None:
    """Weeks cannot be made from monthly totals: raise ``InputError`` when asked.

    >>> check_granularity("month", "week")
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: --period week needs event rows or weekly data; these data are monthly totals (use --period month)
    """
    if granularity == "month" and period == "week":
        raise InputError(
            "--period week needs event rows or weekly data; these data are monthly totals "
            "(use --period month)"
        )


def trend_frames(
    events: pl.DataFrame,
    request: TrendRequest,
    *,
    as_of: date,
    coverage_end: date | None,
    zero_fill_from: int | None = None,
    months_covered: dict[int, int] | None = None,
    coverage: Coverage | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The series ``trend`` prints, and a line per projection for people.

    Breakdowns are prepared (empty values labelled, ``--top`` folded), the series
    computed over every year, derived columns and projections appended, and only
    then trimmed to ``--from``/``--to`` so the first shown change has its base.
    """
    import polars as pl

    from fatalities.core.breakdown import fill_groups, fold_top
    from fatalities.core.coverage import events_coverage, with_coverage
    from fatalities.core.periods import period_series
    from fatalities.core.series import annual

    request.check()
    groups = request.groups
    prepared = fill_groups(events, groups)
    if request.top is not None:
        if request.by_country:
            prepared = fold_top(prepared, ["country"], request.top, per=())
        if groups:
            prepared = fold_top(prepared, groups, request.top, per=("country",))
    if request.period is Period.year and not groups:
        # The same frame as ``period_series`` gives (a property test holds them equal),
        # from one group-by on the year instead of a calendar of periods.
        series = annual(
            prepared,
            as_of=as_of,
            coverage_end=coverage_end,
            zero_fill_from=zero_fill_from,
            months_covered=months_covered,
        )
    else:
        series = period_series(
            prepared,
            request.period,
            by=groups,
            as_of=as_of,
            coverage_end=coverage_end,
            cumulative=request.cumulative,
            zero_fill_from=zero_fill_from,
            months_covered=months_covered,
            max_rows=request.max_rows,
        )
    series = with_coverage(series, coverage or events_coverage(events, coverage_end), as_of)

    from fatalities.core.periods import check_rows

    check_rows(series.height, request.max_rows)
    if request.derived:
        from fatalities.core.derived import with_derived

        series = with_derived(series, request.period, by=groups)
    projections: list[str] = []
    if request.project is not None and series.height:
        from fatalities.core.projection import project, projection_frame
        from fatalities.vocabulary import ProjectionMethod

        method = (
            None
            if request.project is ProjectionMethod.auto
            else ProjectionMethod(request.project.value)
        )
        keys = ["country", *groups]
        projected = projection_frame(series, as_of, method, by=groups)
        series = series.join(projected, on=[*keys, "year"], how="left", nulls_equal=True)
        for key, part in series.group_by(keys, maintain_order=True):
            label = " / ".join(str(value) for value in key)
            projections.append(f"{label}: {project(part, as_of, method).describe()}")
    if request.first_year is not None:
        series = series.filter(pl.col("year") >= request.first_year)
    if request.last_year is not None:
        series = series.filter(pl.col("year") <= request.last_year)
    return series, projections


def why_empty(
    loaded_events: pl.DataFrame,
    selected: pl.DataFrame,
    request: TrendRequest,
    source: Dialect,
) -> str:
    """Which option left no events, as a note: ``no rows: --from 2030 left no events
    (the selected data run from 1997-01-06 to 2020-07-31); widen the selection``."""
    from fatalities.core.series import latest_date
    from fatalities.core.why_empty import emptied_by_steps, selection_steps

    selection = request.selection
    culprit = emptied_by_steps(
        loaded_events,
        selection_steps(
            regions=selection.regions,
            iso_codes=selection.iso_codes,
            event_types=selection.event_types,
            sub_event_types=selection.sub_event_types,
            political_violence=selection.political_violence,
            civilian_targeting=selection.civilian_targeting,
            first_year=request.first_year,
            last_year=request.last_year,
            source=source,
        ),
    )
    span = ""
    if selected.height:
        first, last = selected["event_date"].min(), latest_date(selected)
        span = f" (the selected data run from {first!s} to {last!s})"
    return f"no rows: {culprit or 'the selection'} left no events{span}; widen the selection"

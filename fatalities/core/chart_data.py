"""What a trend's terminal (or image) chart shows, computed once here so that the
renderers only draw: the yearly bars, the month or week steps, or the year-to-date pace
of each charted country.

>>> import polars as pl
>>> frame = pl.DataFrame({"country": list("abcdefgh"), "fatalities": [1, 9, 2, 8, 3, 7, 4, 6]})
>>> charted_countries(frame, list("abcdefgh"))
['b', 'd', 'e', 'f', 'g', 'h']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fatalities.vocabulary import ChartKind, Period

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.coverage import Coverage
    from fatalities.core.trend import Trend
    from fatalities.vocabulary import TrendRequest

#: More countries than this get charts for the deadliest ones only (the table has them all).
MAX_CHARTS = 6


@dataclass(frozen=True)
class CountryChart:
    """One country's chart data; which fields are set depends on the chart kind."""

    country: str
    #: ``bar``: year, fatalities, ytd_fatalities, complete.
    bars: pl.DataFrame | None = None
    #: ``line``: period (start day), fatalities (and its rate with ``--per``) and
    #: complete, one row per month or week.
    steps: pl.DataFrame | None = None
    #: ``pace``: year -> (day of year, cumulative fatalities) points.
    pace: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: ``pace``: the year drawn as the current one, and its as-of day of the year.
    current_year: int | None = None
    as_of_day: int | None = None

    @property
    def partial_year(self) -> int | None:
        """``bar``: the last year not fully covered, marked on the chart."""
        if self.bars is None:
            return None
        partial = self.bars.filter(~self.bars["complete"])["year"].to_list()
        return int(partial[-1]) if partial else None


@dataclass(frozen=True)
class ChartData:
    """The charts of a trend: their kind, step (``month``/``week``), and countries."""

    kind: ChartKind
    step: str = "month"
    countries: list[CountryChart] = field(default_factory=list)
    #: How many countries the trend has (more than ``countries`` when some are not charted).
    total_countries: int = 0


def chart_data(kind: ChartKind, trend: Trend, request: TrendRequest) -> ChartData:
    """The data of one chart of ``kind`` per charted country of ``trend``, in table order."""
    step = request.period.value if request.period.value in ("month", "week") else "month"
    if kind is ChartKind.none or trend.series.height == 0:
        return ChartData(kind, step)
    countries = [str(name) for name in trend.series["country"].unique(maintain_order=True)]
    shown = charted_countries(trend.series, countries)
    if kind is ChartKind.bar:
        yearly = yearly_series(trend, request)
        charts = [
            CountryChart(country, bars=yearly.filter(yearly["country"] == country))
            for country in shown
        ]
    elif kind is ChartKind.line:
        charts = [_line(trend, request, country, step) for country in shown]
    else:
        charts = [_pace(trend, request, country) for country in shown]
    return ChartData(kind, step, charts, len(countries))


def charted_countries(series: pl.DataFrame, countries: list[str]) -> list[str]:
    """The countries to chart, in table order: all, or the ``MAX_CHARTS`` deadliest."""
    if len(countries) <= MAX_CHARTS:
        return countries
    import polars as pl

    totals = series.group_by("country").agg(pl.col("fatalities").sum())
    ranked = totals.sort(["fatalities", "country"], descending=[True, False])
    deadliest = set(ranked["country"].head(MAX_CHARTS).to_list())
    return [country for country in countries if country in deadliest]


def _line(trend: Trend, request: TrendRequest, country: str, step: str) -> CountryChart:
    from fatalities.core.coverage import with_coverage
    from fatalities.core.periods import period_series

    events = trend.events.filter(trend.events["country"] == country)
    steps = period_series(
        events,
        step,
        coverage_end=trend.coverage_end,
        first_year=request.first_year,
        last_year=request.last_year,
    )
    steps = with_coverage(steps, _coverage(trend), trend.as_of)  # no period nobody counted
    rates: list[str] = []
    if request.per is not None and trend.population is not None:
        from fatalities.core.rates import combined_names, with_rates

        combined = combined_names(trend.events, request)
        steps, _ = with_rates(steps, trend.population, request.per, combined=combined)
        rates = [request.per.column("fatalities")]
    return CountryChart(country, steps=steps.select("period", "fatalities", *rates, "complete"))


def _pace(trend: Trend, request: TrendRequest, country: str) -> CountryChart:
    from fatalities.core.pace import cumulative_by_day, pace_points

    as_of = trend.as_of
    if as_of is None:
        return CountryChart(country)
    events = trend.events.filter(trend.events["country"] == country)
    last_year = request.last_year
    last = min(last_year, as_of.year) if last_year is not None else as_of.year
    pace = cumulative_by_day(events, as_of=as_of, first_year=request.first_year, last_year=last)
    if last < as_of.year:  # the current year is cut away by --to: the last year shown leads
        current, as_of_day = last, 366
    else:
        current, as_of_day = as_of.year, as_of.timetuple().tm_yday
    return CountryChart(
        country, pace=pace_points(pace, country), current_year=current, as_of_day=as_of_day
    )


def yearly_series(trend: Trend, request: TrendRequest) -> pl.DataFrame:
    """The yearly series of the trend's events (the bar chart's): ``trend.series`` itself
    for a yearly request without breakdowns, else computed from the events."""
    from fatalities.core.coverage import with_coverage
    from fatalities.core.periods import period_series
    from fatalities.core.selection import in_asked_order

    if request.period is Period.year and not request.groups:
        return trend.series
    yearly = period_series(
        trend.events,
        Period.year,
        as_of=trend.as_of,
        coverage_end=trend.coverage_end,
        zero_fill_from=trend.zero_fill_from,
        first_year=request.first_year,
        last_year=request.last_year,
        months_covered=trend.months_covered,
    )
    yearly = with_coverage(yearly, _coverage(trend), trend.as_of)
    if request.per is not None and trend.population is not None:
        from fatalities.core.rates import combined_names, with_rates

        combined = combined_names(trend.events, request)
        yearly, _ = with_rates(yearly, trend.population, request.per, combined=combined)
    return in_asked_order(yearly, request.selection.countries)


def _coverage(trend: Trend) -> Coverage:
    """The trend's coverage (default: its events' first date to its coverage end)."""
    from fatalities.core.coverage import events_coverage

    return trend.coverage or events_coverage(trend.events, trend.coverage_end)

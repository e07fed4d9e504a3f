"""The charts under ``fatalities trend``: which one, drawn from which series, saved where.

``trend_charts`` draws a computed trend, one chart per country, stacked and each
titled with its country (with ``--combine`` the countries are one); ``trend_chart``
draws one country (``charts.py`` draws the text); ``chart_file_text`` makes the text
or HTML written by ``--save-chart``. No printing, no environment: width, height and
colour come in as arguments.

>>> ChartKind("pace")
<ChartKind.pace: 'pace'>
>>> print(chart_file_text("a < b", "chart.html").splitlines()[-3])
<pre>a &lt; b</pre>
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.vocabulary import ChartKind

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.trend import Trend
    from fatalities.vocabulary import TrendRequest


#: ``--save-chart`` suffixes written as an HTML page; anything else is plain text.
HTML_SUFFIXES = (".html", ".htm")


def default_chart(period: str) -> ChartKind:
    """Bars for yearly series, a line for the others.

    >>> default_chart("year"), default_chart("week")
    (<ChartKind.bar: 'bar'>, <ChartKind.line: 'line'>)
    """
    return ChartKind.bar if period == "year" else ChartKind.line


def trend_charts(
    kind: ChartKind,
    trend: Trend,
    request: TrendRequest,
    *,
    width: int,
    height: int,
    color: bool,
) -> str:
    """One chart of ``kind`` per country of the trend, in the series' order, a blank
    line apart (``""`` for none). Line charts step by month, or by week for weekly series.
    """
    from fatalities.core.trend import yearly_series

    if kind is ChartKind.none or trend.series.height == 0:
        return ""
    series = yearly_series(trend, request) if kind is ChartKind.bar else trend.series
    step = request.period.value if request.period.value in ("month", "week") else "month"
    countries = [str(name) for name in trend.series["country"].unique(maintain_order=True)]
    shown = charted_countries(trend.series, countries)
    charts = [
        trend_chart(
            kind,
            country=country,
            series=series,
            events=trend.events,
            as_of=trend.as_of,
            coverage_end=trend.coverage_end,
            width=width,
            height=height,
            color=color,
            period=step,
            first_year=request.first_year,
            last_year=request.last_year,
        )
        for country in shown
    ]
    if len(shown) < len(countries):
        charts.append(
            f"(charts for the {len(shown)} deadliest of {len(countries)} countries; "
            "choose with --country, or --combine for one chart)"
        )
    return "\n\n".join(chart for chart in charts if chart)


#: More countries than this get charts for the deadliest ones only (the table has them all).
MAX_CHARTS = 6


def charted_countries(series: pl.DataFrame, countries: list[str]) -> list[str]:
    """The countries to chart, in table order: all, or the ``MAX_CHARTS`` deadliest.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"country": list("abcdefgh"), "fatalities": [1, 9, 2, 8, 3, 7, 4, 6]})
    >>> charted_countries(frame, list("abcdefgh"))
    ['b', 'd', 'e', 'f', 'g', 'h']
    """
    if len(countries) <= MAX_CHARTS:
        return countries
    import polars as pl

    totals = series.group_by("country").agg(pl.col("fatalities").sum())
    ranked = totals.sort(["fatalities", "country"], descending=[True, False])
    deadliest = set(ranked["country"].head(MAX_CHARTS).to_list())
    return [country for country in countries if country in deadliest]


def trend_chart(
    kind: ChartKind,
    *,
    country: str,
    series: pl.DataFrame,
    events: pl.DataFrame,
    as_of: date | None,
    coverage_end: date | None,
    width: int,
    height: int,
    color: bool,
    period: str = "month",
    first_year: int | None = None,
    last_year: int | None = None,
) -> str:
    """The chart of ``kind`` for one ``country`` of the annual ``series``.

    ``events`` (the canonical frame) feeds the line and pace charts; ``period``
    (``month`` or ``week``) is the line chart's step.
    """
    if kind is ChartKind.none or series.height == 0:
        return ""
    if kind is ChartKind.bar:
        return _bar(series, country, width=width, height=height, color=color)
    one = events.filter(events["country"] == country)
    if kind is ChartKind.line:
        return _line(
            one,
            country,
            period=period,
            coverage_end=coverage_end,
            first_year=first_year,
            last_year=last_year,
            width=width,
            height=height,
            color=color,
        )
    return _pace(
        one,
        country,
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        width=width,
        height=height,
        color=color,
    )


def _bar(series: pl.DataFrame, country: str, *, width: int, height: int, color: bool) -> str:
    from fatalities.render.charts import bar_chart

    one = series.filter(series["country"] == country)
    partial = one.filter(~one["complete"])["year"].to_list()
    return bar_chart(
        one["year"].to_list(),
        one["fatalities"].to_list(),
        one["ytd_fatalities"].to_list(),
        partial[-1] if partial else None,
        width=width,
        height=height,
        color=color,
        title=f"{country}: fatalities per year (darker: year-to-date)",
    )


def _line(
    events: pl.DataFrame,
    country: str,
    *,
    period: str,
    coverage_end: date | None,
    first_year: int | None,
    last_year: int | None,
    width: int,
    height: int,
    color: bool,
) -> str:
    from fatalities.core.periods import period_series
    from fatalities.render.charts import line_chart

    step = period if period in ("month", "week") else "month"
    steps = period_series(
        events,
        step,
        coverage_end=coverage_end,
        first_year=first_year,
        last_year=last_year,
    )
    noun = "month" if step == "month" else "week (from Saturday)"
    return line_chart(
        steps["period"].to_list(),
        steps["fatalities"].to_list(),
        width=width,
        height=height,
        color=color,
        title=f"{country}: fatalities per {noun}",
    )


def _pace(
    events: pl.DataFrame,
    country: str,
    *,
    as_of: date | None,
    first_year: int | None,
    last_year: int | None,
    width: int,
    height: int,
    color: bool,
) -> str:
    from fatalities.core.pace import cumulative_by_day, pace_points
    from fatalities.render.charts import pace_chart

    if as_of is None:
        return ""
    last = min(last_year, as_of.year) if last_year is not None else as_of.year
    pace = cumulative_by_day(events, as_of=as_of, first_year=first_year, last_year=last)
    points = pace_points(pace, country)
    if last < as_of.year:  # the current year is cut away by --to: the last year shown leads
        current, as_of_day = last, 366
    else:
        current, as_of_day = as_of.year, as_of.timetuple().tm_yday
    return pace_chart(
        points,
        current,
        as_of_day,
        width=width,
        height=height,
        color=color,
        title=f"{country}: cumulative fatalities by day of year",
    )


def chart_file_text(chart: str, path: str | Path) -> str:
    """What ``--save-chart`` writes: the plain chart, or an HTML page around it for .html."""
    import html

    text = chart if chart.endswith("\n") else chart + "\n"
    if Path(path).suffix.lower() not in HTML_SUFFIXES:
        return text
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        "<title>fatalities chart</title>\n"
        "<style>pre { font-family: monospace; line-height: 1.1; }</style>\n"
        "</head>\n<body>\n"
        f"<pre>{html.escape(text.rstrip(chr(10)))}</pre>\n"
        "</body>\n</html>\n"
    )

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

from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.vocabulary import ChartKind

if TYPE_CHECKING:
    from fatalities.core.chart_data import ChartData, CountryChart


#: ``--save-chart`` suffixes written as an HTML page; anything else is plain text.
HTML_SUFFIXES = (".html", ".htm")


def default_chart(period: str) -> ChartKind:
    """Bars for yearly series, a line for the others.

    >>> default_chart("year"), default_chart("week")
    (<ChartKind.bar: 'bar'>, <ChartKind.line: 'line'>)
    """
    return ChartKind.bar if period == "year" else ChartKind.line


def trend_charts(data: ChartData, *, width: int, height: int, color: bool) -> str:
    """One chart per charted country, in the series' order, a blank line apart (``""``
    for none), drawn from the data ``core.chart_data`` computed."""
    if data.kind is ChartKind.none:
        return ""
    charts = [
        country_chart(data.kind, chart, step=data.step, width=width, height=height, color=color)
        for chart in data.countries
    ]
    if len(data.countries) < data.total_countries:
        charts.append(
            f"(charts for the {len(data.countries)} deadliest of {data.total_countries} "
            "countries; choose with --country, or --combine for one chart)"
        )
    return "\n\n".join(chart for chart in charts if chart)


def country_chart(
    kind: ChartKind, chart: CountryChart, *, step: str, width: int, height: int, color: bool
) -> str:
    """The chart of ``kind`` for one country."""
    from fatalities.render.charts import bar_chart, line_chart, pace_chart

    if kind is ChartKind.bar and chart.bars is not None and chart.bars.height:
        return bar_chart(
            chart.bars["year"].to_list(),
            chart.bars["fatalities"].to_list(),
            chart.bars["ytd_fatalities"].to_list(),
            chart.partial_year,
            width=width,
            height=height,
            color=color,
            title=f"{chart.country}: fatalities per year (darker: year-to-date)",
        )
    if kind is ChartKind.line and chart.steps is not None:
        noun = "month" if step == "month" else "week (from Saturday)"
        return line_chart(
            chart.steps["period"].to_list(),
            chart.steps["fatalities"].to_list(),
            width=width,
            height=height,
            color=color,
            title=f"{chart.country}: fatalities per {noun}",
        )
    if kind is ChartKind.pace and chart.current_year is not None and chart.as_of_day is not None:
        return pace_chart(
            chart.pace,
            chart.current_year,
            chart.as_of_day,
            width=width,
            height=height,
            color=color,
            title=f"{chart.country}: cumulative fatalities by day of year",
        )
    return ""


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

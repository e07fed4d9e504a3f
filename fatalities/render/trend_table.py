"""``trend``'s series as a table for people: partial periods starred, readable headers,
signed changes, and a pivot for breakdowns. Frames in, text out.

The plain yearly table (``TrendRequest.plain``) always shows the country and says
"partial year"; with analysis options the country column is shown only for several
countries and the footnote says "partial period".

>>> import polars as pl
>>> from datetime import date
>>> from fatalities.vocabulary import Selection, TrendRequest
>>> series = pl.DataFrame({
...     "country": ["Mali"], "year": [2017], "fatalities": [948], "events": [473],
...     "ytd_fatalities": [899], "ytd_events": [431], "complete": [False],
... })
>>> print(trend_table(series, TrendRequest(selection=Selection(countries=("Mali",))),
...                   date(2017, 11, 20), date(2017, 12, 1)))
country   year  fatalities  events  fatalities to 20 Nov  events to 20 Nov
Mali     2017*         948     473                   899               431
* partial year: the data end on 2017-12-01
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from fatalities.vocabulary import OutputFormat, Period, TrendRequest

if TYPE_CHECKING:
    import polars as pl


def trend_table(
    series: pl.DataFrame, request: TrendRequest, as_of: date, coverage_end: date | None
) -> str:
    """The series for people: a pivot for breakdowns, readable derived cells otherwise."""
    import polars as pl

    from fatalities.render.text import render

    period_column = "year" if request.period is Period.year else "period"
    marked = series.with_columns(
        pl.when(pl.col("complete"))
        .then(pl.col(period_column).cast(pl.String))
        .otherwise(pl.col(period_column).cast(pl.String) + "*")
        .alias(period_column)
    )
    partial = coverage_end is not None and not series["complete"].all()
    if request.plain:
        footer = f"\n* partial year: the data end on {coverage_end}" if partial else ""
        cut = f"{as_of:%d %b}"
        headers = {"ytd_fatalities": f"fatalities to {cut}", "ytd_events": f"events to {cut}"}
        return render(marked.drop("complete"), OutputFormat.table, headers=headers) + footer
    footer = f"\n* partial period: the data end on {coverage_end}" if partial else ""
    several = series["country"].n_unique() > 1
    if request.groups or request.by_country:
        note = "\n(fatalities; --format csv or json gives the long table with every column)"
        return (
            _pivot_table(marked, request, period_column, several)
            + footer
            + (note if series.height else "")
        )
    shown = _readable(marked)
    keep = [
        name
        for name in shown.columns
        if name not in ("complete", "period_start", "period_end")
        and not (name == "year" and request.period is not Period.year)
        and not (name == "country" and not several)
    ]
    return render(shown.select(keep), OutputFormat.table, headers=_headers(as_of)) + footer


def _pivot_table(
    marked: pl.DataFrame, request: TrendRequest, period_column: str, several: bool
) -> str:
    """Breakdowns: one column per group (or country), one row per country and period."""
    import polars as pl

    from fatalities.core.breakdown import pivot
    from fatalities.render.text import render

    index = ([] if request.by_country or not several else ["country"]) + [period_column]
    if marked.height == 0:  # nothing to spread into columns: the header alone
        return render(marked.select(index), OutputFormat.table)
    wide = pivot(marked, request.groups or ["country"], index=index)
    if "country" in index:  # countries in the series' order (as asked), then periods
        names = marked["country"].unique(maintain_order=True)
        order = {name: place for place, name in enumerate(names)}
        rank = pl.col("country").replace_strict(order, return_dtype=pl.Int64)
        wide = wide.sort(rank, pl.col(period_column))
    else:
        wide = wide.sort(index)
    return render(wide, OutputFormat.table)


def _headers(as_of: date) -> dict[str, str]:
    """Column headings for people, naming the as-of day where it matters."""
    cut = f"{as_of.day} {as_of:%b}"
    return {
        "ytd_fatalities": f"fatalities to {cut}",
        "ytd_events": f"events to {cut}",
        "cumulative_fatalities": "fatalities in year so far",
        "cumulative_events": "events in year so far",
        "change_pct": "change %",
        "ytd_change": f"change to {cut}",
        "ytd_change_pct": f"change to {cut} %",
        "rolling_mean_3": "3-period mean",
        "highest_since": "highest since",
        "ytd_rank": f"rank to {cut}",
        "projected_fatalities": "projected",
        "projected_low": "low",
        "projected_high": "high",
        "projection_method": "method",
        "projection_years": "years used",
    }


def _readable(series: pl.DataFrame) -> pl.DataFrame:
    """Signed, grouped changes (``+1,882``, ``+196.2%``) for the terminal.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"change": [1882, -3, None], "change_pct": [1001.06, 0.0, None]})
    >>> _readable(frame).rows()
    [('+1,882', '+1,001.1%'), ('-3', '0.0%'), (None, None)]
    """
    import polars as pl

    def signed(value: int) -> str:
        return f"{value:+,}" if value else "0"

    def percent(value: float) -> str:
        return f"{value:+,.1f}%" if value else "0.0%"

    return series.with_columns(
        *(
            pl.col(name).map_elements(signed, return_dtype=pl.String)
            for name in ("change", "ytd_change")
            if name in series.columns
        ),
        *(
            pl.col(name).map_elements(percent, return_dtype=pl.String)
            for name in ("change_pct", "ytd_change_pct")
            if name in series.columns
        ),
    )

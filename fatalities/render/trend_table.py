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

from fatalities.core.coverage import COVERAGE_COLUMNS, YEAR_TO_DATE_COLUMNS
from fatalities.render.text import NOT_COVERED
from fatalities.vocabulary import OutputFormat, Per, Period, TrendRequest

if TYPE_CHECKING:
    import polars as pl


def trend_table(
    series: pl.DataFrame,
    request: TrendRequest,
    as_of: date,
    coverage_end: date | None,
    *,
    width: int | None = None,
) -> str:
    """The series for people: a pivot for breakdowns, readable derived cells otherwise.

    ``width``: the terminal's columns; a wider table gets short headers and then leaves
    out its least important columns, saying so (``None``: every column, as wide as it is).
    """
    import polars as pl

    from fatalities.render.text import TableFit, render, wrap_words

    fit = None if width is None else TableFit(width, short_headers(), DROP_ORDER)

    period_column = "year" if request.period is Period.year else "period"
    spans = _partly_covered(series, period_column)
    series = _dashed(series.drop(COVERAGE_COLUMNS, strict=False))
    marked = series.with_columns(
        pl.when(pl.col("complete"))
        .then(pl.col(period_column).cast(pl.String))
        .otherwise(pl.col(period_column).cast(pl.String) + "*")
        .alias(period_column)
    )
    partial = coverage_end is not None and not series["complete"].all()

    def fitted(footer: str) -> str:  # footnotes wrap between words on a narrow terminal
        return "".join("\n" + wrap_words(line, width) for line in footer.splitlines() if line)

    if request.plain:
        footer = f"\n* partial year: the data end on {coverage_end}" if partial else ""
        footer = fitted(footer + spans)
        cut = f"{as_of:%d %b}"
        headers = {"ytd_fatalities": f"fatalities to {cut}", "ytd_events": f"events to {cut}"}
        return (
            render(marked.drop("complete"), OutputFormat.table, headers=headers, fit=fit) + footer
        )
    footer = f"\n* partial period: the data end on {coverage_end}" if partial else ""
    footer = fitted(footer + spans)
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
    return render(shown.select(keep), OutputFormat.table, headers=_headers(as_of), fit=fit) + footer


def short_headers() -> dict[str, str]:
    """Column -> its header on a narrow terminal, from a fixed list (``ytd``: year to date,
    ``Δ``: change on the period before).

    >>> short_headers()["ytd_change_pct"], short_headers()["fatalities_per_100k"]
    ('ytd Δ%', 'per 100k')
    """
    short = {
        "ytd_fatalities": "ytd",
        "ytd_events": "ytd ev",
        "change": "Δ",
        "change_pct": "Δ%",
        "ytd_change": "ytd Δ",
        "ytd_change_pct": "ytd Δ%",
        "rank": "rank",
        "ytd_rank": "ytd rank",
        "highest_since": "since",
        "rolling_mean_3": "mean3",
        "cumulative_fatalities": "cum",
        "cumulative_events": "cum ev",
        "projected_fatalities": "proj",
        "projection_method": "method",
        "projection_years": "years",
    }
    for per in Per:
        short[per.column("fatalities")] = f"per {per.value}"
        short[per.column("events")] = f"ev/{per.value}"
        short[per.column("ytd_fatalities")] = f"ytd/{per.value}"
        short[per.column("ytd_events")] = f"ytd ev/{per.value}"
    return short


#: Columns left out of a table too wide for the terminal, least important first (the
#: country, the period, fatalities and fatalities to date always stay).
DROP_ORDER: tuple[str, ...] = (
    *(Per(value).column("ytd_events") for value in ("100k", "1m")),
    *(Per(value).column("events") for value in ("100k", "1m")),
    "ytd_events",
    "events",
    "cumulative_events",
    "rolling_mean_3",
    "ytd_rank",
    "projection_years",
    "projection_method",
    "ytd_change_pct",
    "ytd_change",
    *(Per(value).column("ytd_fatalities") for value in ("100k", "1m")),
    "change_pct",
    "projected_low",
    "projected_high",
    "rank",
    "highest_since",
    "change",
)


#: Machine formats whose header is fixed: the coverage columns are left out.
FIXED_HEADER_FORMATS = frozenset({OutputFormat.csv, OutputFormat.tsv, OutputFormat.markdown})


def machine_series(series: pl.DataFrame, kind: OutputFormat) -> pl.DataFrame:
    """The series for a machine format: JSON rows carry ``covered_from``/``covered_to``;
    CSV, TSV and Markdown keep their header (an empty year-to-date cell says "not
    covered").

    >>> import polars as pl
    >>> frame = pl.DataFrame({"year": [2025], "ytd_fatalities": [None],
    ...                       "covered_from": [date(2025, 4, 1)]})
    >>> machine_series(frame, OutputFormat.csv).columns
    ['year', 'ytd_fatalities']
    """
    if kind in FIXED_HEADER_FORMATS:
        return series.drop(COVERAGE_COLUMNS, strict=False)
    return series


def _partly_covered(series: pl.DataFrame, period_column: str) -> str:
    """Footnote lines for periods the data cover only from a later day than their first
    (``* 2025: the data cover 2025-04-01 to 2025-12-31 only``)."""
    import polars as pl

    if "covered_from" not in series.columns or series.height == 0:
        return ""
    if "period_start" in series.columns:
        first = pl.col("period_start")
    else:
        first = pl.date(pl.col("year"), 1, 1)
    late = series.filter(pl.col("covered_from").is_null() | (pl.col("covered_from") > first))
    lines = []
    for row in (
        late.select(period_column, "covered_from", "covered_to")
        .unique(maintain_order=True)
        .iter_rows()
    ):
        label, start, end = row
        if start is None:
            lines.append(f"\n* {label}: not covered by the data")
        else:
            lines.append(f"\n* {label}: the data cover {start} to {end} only")
    return "".join(lines)


def _dashed(series: pl.DataFrame) -> pl.DataFrame:
    """Year-to-date cells the data do not cover shown as ``–`` (not 0, not blank)."""
    import polars as pl

    present = [name for name in YEAR_TO_DATE_COLUMNS if name in series.columns]
    if not present or not any(series[name].null_count() for name in present):
        return series
    return series.with_columns(
        pl.col(name)
        .map_elements(lambda value: f"{value:,}", return_dtype=pl.String)
        .fill_null(NOT_COVERED)
        for name in present
    )


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

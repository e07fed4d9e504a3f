"""Projecting a partial year's full-year total from its year-to-date figure.

Two methods:

- ``run-rate``: year-to-date divided by the share of the year elapsed at the as-of
  date (day of year / days in the year). No range.
- ``seasonal``: year-to-date divided by the mean share of the annual total that the
  same cut (1 January to the as-of month and day) held in earlier complete years.
  The range comes from the spread of those shares: ``low`` divides by the largest
  share, ``high`` by the smallest (``high`` is ``None`` when a year had nothing
  before the cut, since no finite bound follows). It uses the most recent
  ``years`` (default 5) complete years before the projected year that had any
  fatalities; recent years reflect the conflict's current rhythm better than 1997.

The default (``method=None``) is ``seasonal`` when at least 3 such years exist,
``run-rate`` otherwise. A year whose as-of date is 31 December projects to its total
under both methods.

>>> import polars as pl
>>> from datetime import date
>>> series = pl.DataFrame({
...     "country": ["Mali"] * 4,
...     "year": [2014, 2015, 2016, 2017],
...     "fatalities": [400, 500, 200, 700],
...     "ytd_fatalities": [200, 250, 100, 350],
...     "complete": [True, True, True, False],
... })
>>> result = project(series, date(2017, 6, 30))
>>> result.method.value, result.projected, result.low, result.high, result.years_used
('seasonal', 700.0, 700.0, 700.0, (2014, 2015, 2016))
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fatalities.errors import SelectionError
from fatalities.vocabulary import ProjectionMethod

if TYPE_CHECKING:
    import polars as pl

#: Earlier complete years a seasonal projection uses by default (the most recent ones).
DEFAULT_YEARS = 5
#: Earlier complete years needed for ``seasonal`` to be the default method.
MIN_SEASONAL_YEARS = 3


@dataclass(frozen=True)
class Projection:
    """A full-year projection for one country's partial year.

    ``share`` is the fraction of the annual total expected by the as-of date (the
    elapsed share for run-rate, the mean of ``shares`` for seasonal); ``shares``
    holds each year of ``years_used``'s own share, in the same order.
    """

    country: str
    year: int
    as_of: date
    ytd: int
    method: ProjectionMethod
    projected: float
    low: float | None
    high: float | None
    share: float
    years_used: tuple[int, ...] = ()
    shares: tuple[float, ...] = ()
    #: When the data cover the year only from a later day than 1 January: that day
    #: (a run-rate over the covered days only; ``share`` is their share of the year).
    covered_from: date | None = None

    def describe(self) -> str:
        """One line for people, naming the method and the years used.

        >>> Projection("Mali", 2017, date(2017, 7, 2), 100, ProjectionMethod.run_rate, 200.0,
        ...            None, None, 0.5).describe()
        'run-rate: 100 to 2 Jul is 50.0% of the year elapsed -> 200'
        """
        cut = f"{self.as_of.day} {self.as_of:%b}"
        if self.covered_from is not None:
            days = (self.as_of - self.covered_from).days + 1
            return (
                f"run-rate over the covered days only: {self.ytd:,} in the {days} "
                f"{'day' if days == 1 else 'days'} from {self.covered_from.day} "
                f"{self.covered_from:%b} to {cut} ({self.share:.1%} of the year) "
                f"-> {self.projected:,.0f}"
            )
        if self.method is ProjectionMethod.run_rate:
            return (
                f"run-rate: {self.ytd:,} to {cut} is {self.share:.1%} of the year elapsed "
                f"-> {self.projected:,.0f}"
            )
        high = f"{self.high:,.0f}" if self.high is not None else "unbounded"
        low = f"{self.low:,.0f}" if self.low is not None else "?"
        return (
            f"seasonal: to {cut}, {year_span(self.years_used)} held {self.share:.1%} of "
            f"their annual total on average -> {self.projected:,.0f} "
            f"(range {low}-{high})"
        )


def year_span(years: tuple[int, ...]) -> str:
    """``2012-2016`` for consecutive years, else a comma list.

    >>> year_span((2012, 2013, 2014)), year_span((2010, 2012))
    ('2012-2014', '2010, 2012')
    """
    if not years:
        return "no years"
    if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(year) for year in years)


def elapsed_share(as_of: date) -> float:
    """The share of ``as_of``'s year elapsed by the end of that day.

    >>> round(elapsed_share(date(2017, 11, 20)), 4)
    0.8877
    """
    days = 366 if calendar.isleap(as_of.year) else 365
    return as_of.timetuple().tm_yday / days


def project(
    series: pl.DataFrame,
    as_of: date,
    method: ProjectionMethod | str | None = None,
    *,
    years: int = DEFAULT_YEARS,
) -> Projection:
    """Project ``as_of.year``'s full-year fatalities for the one country in ``series``.

    ``series`` is an annual series cut at ``as_of`` (``series.annual(events,
    as_of=as_of)``, or ``period_series(..., "year", as_of=as_of)``): its
    ``ytd_fatalities`` of ``as_of.year`` is the figure projected, and the earlier
    complete years' ``ytd_fatalities / fatalities`` are the seasonal shares.
    Raises ``SelectionError`` if ``series`` holds several countries or lacks the
    year, or if ``seasonal`` is asked for without any usable earlier year.
    """
    import polars as pl

    countries = series["country"].unique().to_list() if "country" in series.columns else [""]
    if len(countries) > 1:
        raise SelectionError(
            f"a projection is for one country at a time; got {len(countries)} "
            "(combine them first, e.g. --combine)"
        )
    current = series.filter(pl.col("year") == as_of.year)
    if current.height == 0:
        raise SelectionError(f"no {as_of.year} in the data to project (as of {as_of.isoformat()})")
    country = str(countries[0]) if countries else ""
    partial = _covered_from(current, as_of)
    if partial is not None:  # not covered from 1 January: the covered days' pace only
        ytd = int(current["fatalities"].sum())
        days = 366 if calendar.isleap(as_of.year) else 365
        share = ((as_of - partial).days + 1) / days
        return Projection(
            country, as_of.year, as_of, ytd, ProjectionMethod.run_rate, ytd / share, None, None, share,
            covered_from=partial,
        )  # fmt: skip
    ytd = int(current["ytd_fatalities"].sum())
    earlier = (
        series.filter(
            (pl.col("year") < as_of.year)
            & pl.col("complete").fill_null(True)
            & (pl.col("fatalities") > 0)
            & pl.col("ytd_fatalities").is_not_null()
        )
        .sort("year")
        .tail(years)
    )
    used = tuple(int(year) for year in earlier["year"].to_list())
    shares = tuple(
        ytd_part / total
        for ytd_part, total in zip(
            earlier["ytd_fatalities"].to_list(), earlier["fatalities"].to_list(), strict=True
        )
    )
    chosen = _choose(method, len(used), as_of)
    if chosen is ProjectionMethod.run_rate:
        share = elapsed_share(as_of)
        return Projection(country, as_of.year, as_of, ytd, chosen, ytd / share, None, None, share)
    mean_share = sum(shares) / len(shares)
    if mean_share == 0:
        raise SelectionError(
            f"seasonal projection: {year_span(used)} had no fatalities by "
            f"{as_of:%d %b}; use --project run-rate"
        )
    low = ytd / max(shares)
    high = ytd / min(shares) if min(shares) > 0 else None
    return Projection(
        country,
        as_of.year,
        as_of,
        ytd,
        chosen,
        ytd / mean_share,
        low,
        high,
        mean_share,
        used,
        shares,
    )


def _covered_from(current: pl.DataFrame, as_of: date) -> date | None:
    """The first covered day of ``as_of``'s year when it is after 1 January, else ``None``."""
    if "covered_from" not in current.columns:
        return None
    first = current["covered_from"].min()
    if isinstance(first, date) and first > date(as_of.year, 1, 1):
        return first
    return None


def _choose(method: ProjectionMethod | str | None, usable: int, as_of: date) -> ProjectionMethod:
    if method is None:
        return (
            ProjectionMethod.seasonal if usable >= MIN_SEASONAL_YEARS else ProjectionMethod.run_rate
        )
    chosen = ProjectionMethod(method)
    if chosen is ProjectionMethod.seasonal and usable == 0:
        raise SelectionError(
            f"seasonal projection needs complete years before {as_of.year} with fatalities; "
            "none in the data; use --project run-rate"
        )
    return chosen


def projection_frame(
    series: pl.DataFrame,
    as_of: date,
    method: ProjectionMethod | str | None = None,
    *,
    by: tuple[str, ...] | list[str] = (),
    years: int = DEFAULT_YEARS,
) -> pl.DataFrame:
    """``project`` for every country (and group) of an annual series, one row each.

    Columns: the keys, ``year``, ``projected_fatalities``, ``projected_low``,
    ``projected_high`` (rounded to whole deaths), ``projection_method``,
    ``projection_years`` (e.g. ``2012-2016``).
    """
    import polars as pl

    keys = ["country", *by]
    rows = []
    for key, part in series.group_by(keys, maintain_order=True):
        result = project(part, as_of, method, years=years)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "year": result.year,
                "projected_fatalities": round(result.projected),
                "projected_low": None if result.low is None else round(result.low),
                "projected_high": None if result.high is None else round(result.high),
                "projection_method": result.method.value,
                "projection_years": year_span(result.years_used) if result.years_used else "",
            }
        )
    schema: dict[str, pl.DataType] = {
        **{key: pl.String() for key in keys},
        "year": pl.Int32(),
        "projected_fatalities": pl.Int64(),
        "projected_low": pl.Int64(),
        "projected_high": pl.Int64(),
        "projection_method": pl.String(),
        "projection_years": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def project_events(
    events: pl.DataFrame,
    as_of: date,
    method: ProjectionMethod | str | None = None,
    *,
    coverage_end: date | None = None,
    years: int = DEFAULT_YEARS,
) -> Projection:
    """``project`` straight from one country's events (the canonical frame).

    ``coverage_end`` (default the latest event date) decides which years are
    complete. Events after ``as_of`` in its year are not counted in its year-to-date.

    >>> import polars as pl
    >>> events = pl.DataFrame({"country": ["Mali"] * 2, "fatalities": [10, 4],
    ...                        "event_date": [date(2016, 3, 1), date(2017, 3, 1)]})
    >>> project_events(events, date(2017, 12, 31), "run-rate").projected
    4.0
    """
    from fatalities.core.series import annual

    series = annual(events, as_of=as_of, coverage_end=coverage_end or as_of)
    return project(series, as_of, method, years=years)

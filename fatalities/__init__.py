"""Fatality trends from ACLED-style conflict-event data: a library first, a command second.

Every ``fatalities`` command is one call here plus rendering; each of its options is an
argument. Nothing in this API prints, exits or reads the environment; errors are
``FatalitiesError`` subclasses that carry the exit code the command would return.

>>> import fatalities as fx
>>> loaded = fx.load(countries=["Mali"])  # no sources: the bundled synthetic sample
>>> series = fx.annual(loaded.frame, coverage_end=loaded.coverage_end)
>>> series.filter(series["year"] == 2013)["fatalities"].item()
883
>>> fx.load(countries=["Mali"]).frame.height == loaded.frame.height  # call it again
True
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.errors import (
    ClaimsError,
    ExitCode,
    FatalitiesError,
    InputError,
    SelectionError,
)
from fatalities.vocabulary import Period, ProjectionMethod, Selection, TrendRequest

if TYPE_CHECKING:
    import polars as pl

    from fatalities.claims.check import Result
    from fatalities.claims.model import Claim
    from fatalities.core.projection import Projection
    from fatalities.core.summary import Summary
    from fatalities.core.trend import Trend
    from fatalities.io.results import Loaded

__version__ = "0.1.0"

__all__ = [
    "ClaimsError",
    "ExitCode",
    "FatalitiesError",
    "InputError",
    "Period",
    "ProjectionMethod",
    "Selection",
    "SelectionError",
    "TrendRequest",
    "__version__",
    "annual",
    "changes",
    "check",
    "load",
    "periods",
    "project",
    "read_claims",
    "sample_data",
    "summarize",
    "trend",
    "year_to_date",
]


def sample_data() -> Path:
    """The bundled synthetic ACLED-format export (annual totals calibrated to published
    figures; not ACLED data).

    >>> sample_data().name
    'acled_sample.csv'
    """
    from fatalities.resources import sample_data_path

    return sample_data_path()


def load(
    sources: Sequence[str | Path] | None = None,
    *,
    countries: Sequence[str] | None = None,
    estimate: str = "best",
    strict: bool = False,
    columns: Collection[str] | None = None,
    cache_dir: Path | None = None,
    today: date | None = None,
) -> Loaded:
    """Read ACLED-family files (CSV, Excel, gzip, zip, directories; ``"-"`` for stdin)
    into one canonical frame with what the loader found (``Loaded``).

    No ``sources``: the bundled synthetic sample. ``countries`` are matched ignoring
    case while scanning; ``cache_dir`` reads (never builds) Parquet cache entries.
    """
    from fatalities.io.load import load as load_sources

    chosen = list(sources) if sources else [sample_data()]
    return load_sources(
        chosen,
        countries=countries,
        estimate=estimate,
        strict=strict,
        columns=columns,
        cache_dir=cache_dir,
        today=today,
    )


def annual(
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    coverage_end: date | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pl.DataFrame:
    """Per country and year: fatalities, events, the year to date cut at ``as_of``'s day
    in every year, and whether the year is complete."""
    from fatalities.core.series import annual as annual_series

    return annual_series(
        events,
        as_of=as_of,
        coverage_end=coverage_end,
        first_year=first_year,
        last_year=last_year,
    )


def year_to_date(
    events: pl.DataFrame, as_of: date, *, coverage_end: date | None = None
) -> pl.DataFrame:
    """Per country and year: fatalities and events from 1 January to ``as_of``'s month
    and day (the same calendar cut-off every year)."""
    frame = annual(events, as_of=as_of, coverage_end=coverage_end)
    return frame.select("country", "year", "ytd_fatalities", "ytd_events")


def periods(
    events: pl.DataFrame,
    period: Period | str = Period.year,
    *,
    by: Sequence[str] = (),
    as_of: date | None = None,
    coverage_end: date | None = None,
    cumulative: bool = False,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pl.DataFrame:
    """Fatalities and events per country (and ``by`` group) and year, quarter, month or
    ACLED week (``trend --period``)."""
    from fatalities.core.periods import period_series

    return period_series(
        events,
        period,
        by=by,
        as_of=as_of,
        coverage_end=coverage_end,
        cumulative=cumulative,
        first_year=first_year,
        last_year=last_year,
    )


def trend(loaded: Loaded, request: TrendRequest) -> Trend:
    """Everything ``fatalities trend`` prints for ``request``: the series, projections,
    notes and the chart's data."""
    from fatalities.core.trend import compute_trend

    request.check()
    return compute_trend(loaded, request)


def project(
    series: pl.DataFrame,
    as_of: date,
    method: ProjectionMethod | str | None = None,
    *,
    years: int = 5,
) -> Projection:
    """Project ``as_of``'s year to a full-year figure from one country's annual series."""
    from fatalities.core.projection import project as project_year

    return project_year(series, as_of, None if method == "auto" else method, years=years)


def summarize(
    events: pl.DataFrame,
    *,
    as_of: date | None = None,
    coverage_end: date | None = None,
    method: ProjectionMethod | str | None = None,
) -> Summary:
    """The facts ``fatalities summary`` states about one country's latest year."""
    from fatalities.core.summary import summarize as summarize_year

    chosen = None if method == "auto" else method
    return summarize_year(events, as_of=as_of, coverage_end=coverage_end, method=chosen)


def changes(
    events: pl.DataFrame,
    *,
    period: str = "week",
    coverage_end: date | None = None,
    as_of: date | None = None,
    measure: str = "fatalities",
) -> pl.DataFrame:
    """The latest complete week (or month) against the previous ones, labelled as
    ``fatalities change`` labels them."""
    from fatalities.core.change import compare_latest, comparisons_frame

    compared = compare_latest(
        events, period=period, coverage_end=coverage_end, as_of=as_of, measure=measure
    )
    return comparisons_frame(compared, measure)


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a claims TOML file (see the README for its format)."""
    from fatalities.claims.model import read_claims as read_claims_file

    return list(read_claims_file(path).claims)


def check(
    loaded: Loaded,
    claims: Sequence[Claim],
    *,
    as_of: date | None = None,
    tolerance: float = 1.0,
    projection: ProjectionMethod | str | None = None,
) -> list[Result]:
    """Check ``claims`` against the loaded data: one result (with its verdict) per claim."""
    from fatalities.claims.check import check_claims

    method = None if projection in (None, "auto") else str(projection)
    return check_claims(
        loaded.frame,
        claims,
        coverage_end=loaded.coverage_end,
        as_of=as_of,
        tolerance=tolerance,
        projection=method,
    )

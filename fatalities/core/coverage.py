"""What the data cover, carried by every result: the as-of cut and covered spans.

- ``known_on``: the inputs as known on a day (``--as-of``): events after it are left
  out and coverage ends there, so years after it do not appear and its year is partial.
- ``Coverage``: the first and last covered day, per country when several inputs
  cover different spans (``Loaded.span_of``).
- ``with_coverage``: a series' rows carry ``covered_from``/``covered_to`` (the part
  of the period the data cover); a period is ``complete`` only when covered from its
  first to its last day; a year-to-date figure is null unless the data cover its whole
  span, 1 January to the cut day of that year (never a 0 read from days not covered).

>>> import polars as pl
>>> series = pl.DataFrame({
...     "country": ["Somalia", "Somalia"], "year": [2025, 2026],
...     "fatalities": [900, 300], "events": [90, 30],
...     "ytd_fatalities": [0, 300], "ytd_events": [0, 30], "complete": [True, False],
... })
>>> cover = Coverage(date(2025, 4, 1), date(2026, 3, 27))
>>> with_coverage(series, cover, date(2026, 3, 27)).select(
...     "year", "ytd_fatalities", "complete", "covered_from").rows()
[(2025, None, False, datetime.date(2025, 4, 1)), (2026, 300, False, datetime.date(2026, 1, 1))]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.results import Loaded

#: The columns ``with_coverage`` adds to a series.
COVERAGE_COLUMNS: tuple[str, ...] = ("covered_from", "covered_to")
#: Year-to-date columns that are null where their span is not covered.
YEAR_TO_DATE_COLUMNS: tuple[str, ...] = ("ytd_fatalities", "ytd_events")


@dataclass(frozen=True)
class Coverage:
    """The first and last day the data cover (``None``: unknown), and per country
    spans when inputs differ (``spans``; other countries take ``start``/``end``)."""

    start: date | None
    end: date | None
    spans: Mapping[str, tuple[date, date]] = field(default_factory=dict)

    def of(self, country: str) -> tuple[date | None, date | None]:
        """``country``'s first and last covered day."""
        return self.spans.get(country, (self.start, self.end))

    def covers(self, country: str, first: date, last: date) -> bool:
        """Whether every day from ``first`` to ``last`` is covered for ``country``.

        >>> Coverage(date(2025, 4, 1), date(2026, 3, 27)).covers("X", date(2025, 1, 1),
        ...                                                      date(2025, 3, 27))
        False
        """
        start, end = self.of(country)
        return (start is None or start <= first) and (end is None or last <= end)


def coverage_of(loaded: Loaded) -> Coverage:
    """The coverage the loader found (request windows, ``--covers``, or event dates)."""
    return Coverage(loaded.coverage_start, loaded.coverage_end, dict(loaded.country_spans))


def known_on(loaded: Loaded, as_of: date) -> Loaded:
    """``loaded`` as known on ``as_of``: events dated after it left out, and coverage
    (overall and per country) ending there.

    >>> import polars as pl
    >>> from fatalities.io.results import Loaded
    >>> frame = pl.DataFrame({"event_date": [date(2017, 11, 20), date(2017, 11, 21)]})
    >>> cut = known_on(Loaded(frame, [], 0, date(2020, 7, 31)), date(2017, 11, 20))
    >>> cut.frame.height, cut.coverage_end
    (1, datetime.date(2017, 11, 20))
    """
    import polars as pl

    frame = loaded.frame.filter(pl.col("event_date") <= as_of)
    end = as_of if loaded.coverage_end is None else min(loaded.coverage_end, as_of)
    spans = {
        country: (start, min(last, as_of))
        for country, (start, last) in loaded.country_spans.items()
        if start <= as_of
    }
    return dataclasses.replace(loaded, frame=frame, coverage_end=end, country_spans=spans)


def cut_in(year: pl.Expr, as_of: date) -> pl.Expr:
    """The as-of month and day in each ``year`` (29 February: the 28th in other years)."""
    import polars as pl

    if (as_of.month, as_of.day) == (2, 29):
        return pl.date(year, 3, 1).dt.offset_by("-1d")
    return pl.date(year, as_of.month, as_of.day)


def with_coverage(series: pl.DataFrame, coverage: Coverage, as_of: date) -> pl.DataFrame:
    """``series`` with ``covered_from``/``covered_to`` per row, ``complete`` only for
    periods covered from first to last day, and year-to-date null where 1 January to
    the as-of day of that year is not covered. Rows of periods the data do not cover at
    all are left out (a zero there would be read from days nobody counted). Yearly series (no ``period_start``) use calendar years."""
    import polars as pl

    if series.height == 0:
        return series.with_columns(
            pl.lit(None, dtype=pl.Date).alias(name) for name in COVERAGE_COLUMNS
        )
    countries = series["country"].unique(maintain_order=True).to_list()
    spans = pl.DataFrame(
        {
            "country": countries,
            "__from": [coverage.of(str(name))[0] for name in countries],
            "__to": [coverage.of(str(name))[1] for name in countries],
        },
        schema={"country": series.schema["country"], "__from": pl.Date, "__to": pl.Date},
    )
    year = pl.col("year")
    if "period_start" in series.columns:
        first, last = pl.col("period_start"), pl.col("period_end")
    else:
        first, last = pl.date(year, 1, 1), pl.date(year, 12, 31)
    start = pl.col("__from").fill_null(first)
    end = pl.col("__to").fill_null(last)
    row_from = pl.max_horizontal(start, first)
    row_to = pl.min_horizontal(end, last)
    ytd_covered = (start <= pl.date(year, 1, 1)) & (end >= cut_in(year, as_of))
    none_covered = row_from > row_to
    framed = series.join(spans, on="country", how="left", maintain_order="left")
    return (
        framed.filter(~none_covered)
        .with_columns(
            *(
                pl.when(ytd_covered).then(pl.col(name)).alias(name)
                for name in YEAR_TO_DATE_COLUMNS
                if name in series.columns
            ),
            (pl.col("complete") & (start <= first) & (end >= last)).alias("complete"),
            row_from.alias("covered_from"),
            row_to.alias("covered_to"),
        )
        .drop("__from", "__to")
    )


def partly_covered(row_from: date | None, row_to: date | None, first: date, last: date) -> bool:
    """Whether a period (``first`` to ``last``) is covered only in part.

    >>> partly_covered(date(2025, 4, 1), date(2025, 12, 31), date(2025, 1, 1), date(2025, 12, 31))
    True
    """
    return row_from is None or row_to is None or row_from > first or row_to < last


def events_coverage(events: pl.DataFrame, end: date | None = None) -> Coverage:
    """Coverage when nothing else is known: the first event date to ``end`` (default
    the last event date).

    >>> import polars as pl
    >>> events_coverage(pl.DataFrame({"event_date": [date(2020, 3, 1), date(2020, 3, 21)]}))
    Coverage(start=datetime.date(2020, 3, 1), end=datetime.date(2020, 3, 21), spans={})
    """
    from datetime import date as date_type

    if events.height == 0:
        return Coverage(None, end)
    first, last = events["event_date"].min(), events["event_date"].max()
    start = first if isinstance(first, date_type) else None
    return Coverage(start, end or (last if isinstance(last, date_type) else None))

"""Every country in the data, with its date range, events and fatalities: pure polars.

Helps a user find the exact name to pass to ``--country`` (``fatalities countries``).

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({
...     "country": ["Mali", "Niger", "Mali"],
...     "event_date": [date(2013, 1, 2), date(2014, 5, 1), date(2017, 11, 20)],
...     "fatalities": [2, 30, 4],
... })
>>> for row in country_summary(events).rows():
...     print(row)
('Niger', datetime.date(2014, 5, 1), datetime.date(2014, 5, 1), 1, 30)
('Mali', datetime.date(2013, 1, 2), datetime.date(2017, 11, 20), 2, 6)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: The columns of ``country_summary``, in order.
COUNTRY_COLUMNS: tuple[str, ...] = (
    "country",
    "first_event_date",
    "last_event_date",
    "events",
    "fatalities",
)


def country_summary(events: pl.DataFrame) -> pl.DataFrame:
    """One row per country: first and last event date, events and fatalities.

    Sorted by fatalities (most first), then by name. An ``events`` column (events
    per row, for aggregated sources) is used when present; otherwise a row is an event.
    """
    import polars as pl

    if "events" not in events.columns:
        events = events.with_columns(pl.lit(1, dtype=pl.Int64).alias("events"))
    return (
        events.lazy()
        .filter(pl.col("country").is_not_null())
        .group_by("country")
        .agg(
            pl.col("event_date").min().alias("first_event_date"),
            pl.col("event_date").max().alias("last_event_date"),
            pl.col("events").sum().cast(pl.Int64).alias("events"),
            pl.col("fatalities").sum().cast(pl.Int64).alias("fatalities"),
        )
        .sort(["fatalities", "country"], descending=[True, False])
        .select(COUNTRY_COLUMNS)
        .collect()
    )

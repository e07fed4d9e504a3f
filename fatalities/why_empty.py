"""Which filter left nothing: the first of a list of filters after which no event remains.

Pure polars, no I/O; the CLI turns the answer into a note on stderr.

>>> import polars as pl
>>> from datetime import date
>>> events = pl.DataFrame({"event_date": [date(2013, 5, 1), date(2017, 2, 1)]})
>>> emptied_by(events, year_range_filters(2014, 2015))
'--to 2015'
>>> emptied_by(events, year_range_filters(2014, None)) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: A filter as the user wrote it (``"--from 2030"``) and the expression it applies.
Filter = tuple[str, "pl.Expr"]


def emptied_by(events: pl.DataFrame, filters: Sequence[Filter]) -> str | None:
    """The label of the first filter after which no row remains (applied in order).

    ``None`` when rows remain after every filter; ``"the input"`` when there were
    no rows to begin with.
    """
    if events.height == 0:
        return "the input"
    remaining = events
    for label, condition in filters:
        remaining = remaining.filter(condition)
        if remaining.height == 0:
            return label
    return None


def year_range_filters(first_year: int | None, last_year: int | None) -> list[Filter]:
    """``--from``/``--to`` as filters on ``event_date``'s year."""
    import polars as pl

    year = pl.col("event_date").dt.year()
    filters: list[Filter] = []
    if first_year is not None:
        filters.append((f"--from {first_year}", year >= first_year))
    if last_year is not None:
        filters.append((f"--to {last_year}", year <= last_year))
    return filters

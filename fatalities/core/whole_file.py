"""``trend FILE`` with no ``--country``: which countries a whole-region file shows.

One country in the selected events: that one. Several: the ``DEADLIEST`` with most
fatalities over everything the file covers, deadliest first, and a note saying how to see
the others. ``--by country`` (ranked with ``--top``) and ``--all-countries`` keep them all.

>>> import polars as pl
>>> events = pl.DataFrame({"country": list("abcdefgh"), "fatalities": [1, 9, 2, 8, 3, 7, 4, 6]})
>>> chosen, note = deadliest_countries(events)
>>> chosen
('b', 'd', 'f', 'h', 'g', 'e')
>>> print(note)
the 6 deadliest of 8 countries in the data (most fatalities first); --all-countries shows all, --country NAME picks one, --by country --top N ranks them
>>> deadliest_countries(events.head(1))
(('a',), None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["DEADLIEST", "deadliest_countries"]

#: Countries a whole-region trend shows when none is named.
DEADLIEST = 6


def deadliest_countries(
    events: pl.DataFrame, count: int = DEADLIEST
) -> tuple[tuple[str, ...], str | None]:
    """The countries of ``events`` to show, deadliest first (ties by name), and a note
    when some are left out."""
    import polars as pl

    totals = (
        events.group_by("country")
        .agg(pl.col("fatalities").sum())
        .sort(["fatalities", "country"], descending=[True, False])
    )
    names = tuple(str(name) for name in totals["country"].to_list() if name is not None)
    if len(names) <= count:
        return names, None
    note = (
        f"the {count} deadliest of {len(names)} countries in the data (most fatalities "
        "first); --all-countries shows all, --country NAME picks one, "
        "--by country --top N ranks them"
    )
    return names[:count], note

"""The canonical event frame every loader produces, whatever the input format.

One row is one event (event-level sources) or one place-and-period cell
(aggregated sources); ``events`` says how many events the row stands for.

>>> sorted(CANONICAL_SCHEMA)[:3]
['actor1', 'actor2', 'admin1']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: Column name -> polars dtype name. Built lazily so importing this module stays cheap.
CANONICAL_COLUMNS: dict[str, str] = {
    "event_id_cnty": "String",
    "event_date": "Date",
    "year": "Int32",
    "country": "String",
    "iso": "Int32",
    "region": "String",
    "admin1": "String",
    "admin2": "String",
    "admin3": "String",
    "location": "String",
    "event_type": "String",
    "sub_event_type": "String",
    "disorder_type": "String",
    "civilian_targeting": "String",
    "actor1": "String",
    "actor2": "String",
    "interaction": "String",
    "fatalities": "Int64",
    "events": "Int64",
    "timestamp": "Int64",
    "source_file": "String",
}

#: Columns a source must provide (after aliasing) for a trend to be computed.
REQUIRED_COLUMNS: tuple[str, ...] = ("event_date", "country", "fatalities")

#: Text columns that are stripped of stray whitespace on load.
TEXT_COLUMNS: tuple[str, ...] = tuple(
    name for name, dtype in CANONICAL_COLUMNS.items() if dtype == "String"
)

CANONICAL_SCHEMA = CANONICAL_COLUMNS


def polars_schema() -> dict[str, pl.DataType]:
    """The canonical columns as a polars schema.

    >>> polars_schema()["fatalities"]
    Int64
    """
    import polars as pl

    return {name: getattr(pl, dtype)() for name, dtype in CANONICAL_COLUMNS.items()}

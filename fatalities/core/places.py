"""Place columns a file may lack: ACLED's numeric ``iso`` derived from the country's name
through the shipped mapping (``countries.country_codes``), so ``--iso`` and ``--by iso``
work on legacy uppercase files (``GWNO``, no ``ISO``); and the breakdown columns a file
has no values in, named for a note.

>>> import polars as pl
>>> legacy = pl.DataFrame({"country": ["Mali", "Niger", "Atlantis"], "iso": [None, None, None]},
...                       schema={"country": pl.String, "iso": pl.Int32})
>>> with_iso(legacy)["iso"].to_list()
[466, 562, None]
>>> lacking_columns(legacy, ["iso", "admin3"])
['iso', 'admin3']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["lacking_columns", "lacking_note", "with_iso"]


def with_iso(events: pl.DataFrame) -> pl.DataFrame:
    """``events`` with empty ``iso`` cells filled from the country's name (unknown names
    stay empty); unchanged when every row has its code."""
    import polars as pl

    from fatalities.countries import find_country

    if "country" not in events.columns or events.height == 0:
        return events
    if "iso" in events.columns and events["iso"].null_count() == 0:
        return events
    names = events["country"].drop_nulls().unique().to_list()
    codes = {name: found.iso for name in names if (found := find_country(str(name)))}
    derived = pl.col("country").replace_strict(codes, default=None, return_dtype=pl.Int32)
    if "iso" not in events.columns:
        return events.with_columns(derived.alias("iso"))
    return events.with_columns(pl.col("iso").fill_null(derived))


def lacking_columns(events: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    """The ``columns`` that ``events`` does not have, or has no value in."""
    return [
        name
        for name in columns
        if name not in events.columns or events[name].null_count() == events.height
    ]


def lacking_note(columns: Sequence[str]) -> str:
    """What a breakdown by columns the data lack shows.

    >>> lacking_note(["admin3"])
    '--by admin3: these data have no admin3 values; every row counts as (none)'
    """
    names = ", ".join(columns)
    return f"--by {names}: these data have no {names} values; every row counts as (none)"

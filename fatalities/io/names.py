"""Event and sub-event type names folded to one spelling per vocabulary.

ACLED vintages spell the same type differently: ``Violence Against Civilians``
(capital A) in 2015 files, ``Battle-Non-state actors overtake territory``, stray
spaces. The dialect lists the canonical names (``Dialect.canonical_names``) and the
older spellings (``Dialect.spellings``); a value equal to one of them once case and
spacing are set aside takes that name. Values matching none are kept as written.

>>> import polars as pl
>>> from fatalities.io.dialects import ACLED
>>> frame = pl.DataFrame({"event_type": ["Violence Against Civilians", " Battles ",
...     "Battle-Non-state actors overtake territory", "Battles", None, "Made up"]})
>>> folded, count = fold_names(frame, ACLED)
>>> folded["event_type"].to_list(), count
(['Violence against civilians', 'Battles', 'Battle-Non-state actor overtakes territory', 'Battles', None, 'Made up'], 3)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.dialects import Dialect


def name_key(name: str) -> str:
    """A name with case and spacing set aside: lower case, one space between words, no
    space around ``-`` or ``/``.

    >>> name_key("  Battle - Non-state actor  overtakes territory ")
    'battle-non-state actor overtakes territory'
    """
    spaced = re.sub(r"\s+", " ", name.strip().lower())
    return re.sub(r" ?([-/]) ?", r"\1", spaced)


def name_table(dialect: Dialect, column: str) -> dict[str, str]:
    """Key (``name_key``) -> canonical name, for one column of ``dialect``."""
    table = {name_key(name): name for name in dialect.canonical_names.get(column, ())}
    known = set(table.values())
    for spelling, name in dialect.spellings.items():
        if name in known:
            table[name_key(spelling)] = name
    return table


def fold_names(frame: pl.DataFrame, dialect: Dialect) -> tuple[pl.DataFrame, int]:
    """``frame`` with its name columns folded to canonical names, and how many rows
    had at least one value changed."""
    import polars as pl

    columns = [name for name in dialect.canonical_names if name in frame.columns]
    columns = [name for name in columns if frame.schema[name] == pl.String]
    if not columns or frame.height == 0:
        return frame, 0
    folded = []
    for column in columns:
        table = name_table(dialect, column)
        distinct = frame[column].drop_nulls().unique().to_list()
        mapping = {
            value: table[name_key(value)]
            for value in distinct
            if name_key(value) in table and table[name_key(value)] != value
        }
        if mapping:
            folded.append((column, mapping))
    if not folded:
        return frame, 0
    changed = pl.any_horizontal(pl.col(column).is_in(list(mapping)) for column, mapping in folded)
    count = frame.select(changed.sum()).item()
    frame = frame.with_columns(pl.col(column).replace(mapping) for column, mapping in folded)
    return frame, int(count)

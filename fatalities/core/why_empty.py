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

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from fatalities.errors import SelectionError

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.dialects import Dialect

#: A filter as the user wrote it (``"--from 2030"``) and the expression it applies.
Filter = tuple[str, "pl.Expr"]
#: A selection step as the user wrote it and the function that applies it to a frame.
Step = tuple[str, Callable[["pl.DataFrame"], "pl.DataFrame"]]


def emptied_by(events: pl.DataFrame, filters: Sequence[Filter]) -> str | None:
    """The label of the first filter after which no row remains (applied in order).

    ``None`` when rows remain after every filter; ``"the input"`` when there were
    no rows to begin with.
    """
    return emptied_by_steps(events, [(label, _keeping(condition)) for label, condition in filters])


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


def emptied_by_steps(events: pl.DataFrame, steps: Sequence[Step]) -> str | None:
    """Like ``emptied_by`` for steps that are functions; a step raising
    ``SelectionError`` (a name no remaining row has) is the one that emptied it.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"x": [1, 2]})
    >>> emptied_by_steps(frame, [("--small", lambda f: f.filter(pl.col("x") < 2)),
    ...                          ("--big", lambda f: f.filter(pl.col("x") > 1))])
    '--big'
    """
    if events.height == 0:
        return "the input"
    remaining = events
    for label, step in steps:
        try:
            remaining = step(remaining)
        except SelectionError:
            return label
        if remaining.height == 0:
            return label
    return None


def selection_steps(
    *,
    regions: Sequence[str] = (),
    iso_codes: Sequence[int] = (),
    event_types: Sequence[str] = (),
    sub_event_types: Sequence[str] = (),
    political_violence: bool = False,
    civilian_targeting: bool = False,
    first_year: int | None = None,
    last_year: int | None = None,
    source: Dialect | None = None,
) -> list[Step]:
    """Each selection option as its own step, in the order a user reads them
    (``source``: the data's dialect, which decides what political violence keeps).

    >>> [label for label, _ in selection_steps(event_types=["Protests"], first_year=2030)]
    ['--event-type Protests', '--from 2030']
    """
    from fatalities.core.selection import select

    def one(**option: object) -> Callable[[pl.DataFrame], pl.DataFrame]:
        if source is not None:
            option["source"] = source
        return lambda frame: select(frame, **option)  # type: ignore[arg-type]

    steps: list[Step] = []
    for flag, values, key in (
        ("--region", regions, "regions"),
        ("--iso", [str(code) for code in iso_codes], "iso_codes"),
        ("--event-type", event_types, "event_types"),
        ("--sub-event-type", sub_event_types, "sub_event_types"),
    ):
        if values:
            wanted = list(iso_codes) if key == "iso_codes" else list(values)
            steps.append((f"{flag} {','.join(values)}", one(**{key: wanted})))
    if political_violence:
        steps.append(("--political-violence", one(political_violence=True)))
    if civilian_targeting:
        steps.append(("--civilian-targeting", one(civilian_targeting=True)))
    for label, condition in year_range_filters(first_year, last_year):
        steps.append((label, _keeping(condition)))
    return steps


def _keeping(condition: pl.Expr) -> Callable[[pl.DataFrame], pl.DataFrame]:
    return lambda frame: frame.filter(condition)

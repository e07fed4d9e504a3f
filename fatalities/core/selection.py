"""Which events count: countries, regions, ISO codes, event types, political violence.

``select`` is a pure filter on the canonical frame; ``combine`` relabels several
countries as one so every later step sums them.

Political violence follows ACLED's definition: Battles, Explosions/Remote violence,
Violence against civilians, and the Riots sub-event "Mob violence". Files from
before ACLED's 2019 overhaul have no sub-event types; their event types are mapped
(``Battle-...`` -> Battles, ``Remote violence`` -> Explosions/Remote violence).
Their ``Riots/Protests`` type mixes protests and riots with no way to tell mob
violence apart, so it is left out: political violence in those files can miss a
few riot deaths (2 in 2017 for Mali in the 2019 export).

What ``--political-violence`` means depends on what the source counts, its
dialect's ``event_scope``: on ACLED event data the rule above; on sources that
count political violence only (ACLED's aggregated workbooks, UCDP GED) every row;
on HDX HAPI the rows whose ``event_type`` is ``political_violence``.

>>> import polars as pl
>>> events = pl.DataFrame({
...     "country": ["Mali", "Mali", "Mali", "Mali"],
...     "event_type": ["Battles", "Riots", "Riots", "Remote violence"],
...     "sub_event_type": ["Armed clash", "Mob violence", "Violent demonstration", None],
...     "fatalities": [5, 2, 1, 3],
... })
>>> select(events, political_violence=True)["fatalities"].to_list()
[5, 2, 3]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fatalities.countries import country_keys
from fatalities.errors import SelectionError
from fatalities.io.dialects import ACLED, Dialect, by_name

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.results import Loaded

#: ACLED's political-violence event types (2019+ vocabulary).
POLITICAL_VIOLENCE_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
)
#: The one sub-event of another type that ACLED counts as political violence.
MOB_VIOLENCE = ("Riots", "Mob violence")

#: Pre-2019 event types -> the 2019+ type they became (``None``: not political violence
#: or not separable; see the module docstring).
OLD_EVENT_TYPES: dict[str, str | None] = {
    "Battle-No change of territory": "Battles",
    "Battle-Non-state actor overtakes territory": "Battles",
    "Battle-Government regains territory": "Battles",
    "Remote violence": "Explosions/Remote violence",
    "Violence against civilians": "Violence against civilians",
    "Riots/Protests": None,
    "Strategic development": None,
    "Non-violent transfer of territory": None,
    "Headquarters or base established": None,
}

#: The value of ACLED's ``civilian_targeting`` column on flagged events.
CIVILIAN_TARGETING = "Civilian targeting"


def is_political_violence() -> pl.Expr:
    """True for events ACLED counts as political violence, in any vintage's vocabulary.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"event_type": ["Battle-No change of territory", "Protests"],
    ...                       "sub_event_type": [None, "Peaceful protest"]})
    >>> frame.select(is_political_violence()).to_series().to_list()
    [True, False]
    """
    import polars as pl

    old_violent = [old for old, new in OLD_EVENT_TYPES.items() if new in POLITICAL_VIOLENCE_TYPES]
    event_type = pl.col("event_type").str.strip_chars()
    sub_event_type = pl.col("sub_event_type").str.strip_chars()
    return (
        event_type.is_in([*POLITICAL_VIOLENCE_TYPES, *old_violent])
        | ((event_type == MOB_VIOLENCE[0]) & (sub_event_type == MOB_VIOLENCE[1]))
    ).fill_null(False)


def select(
    events: pl.DataFrame,
    *,
    countries: Sequence[str] = (),
    regions: Sequence[str] = (),
    iso_codes: Sequence[int] = (),
    event_types: Sequence[str] = (),
    sub_event_types: Sequence[str] = (),
    political_violence: bool = False,
    civilian_targeting: bool = False,
    source: Dialect = ACLED,
) -> pl.DataFrame:
    """The events that match every given filter (names match case-insensitively).

    Each list keeps rows matching any of its values; an empty list filters nothing.
    A name that matches no row raises ``SelectionError`` listing the names present.
    ``civilian_targeting`` needs ACLED's ``civilian_targeting`` column (2022+ files).
    ``source`` is the data's dialect: what ``political_violence`` keeps depends on
    what the source counts (see the module docstring and ``source_dialect``).

    >>> import polars as pl
    >>> events = pl.DataFrame({"country": ["Mali", "Niger"], "region": ["Western Africa"] * 2,
    ...                        "fatalities": [1, 2]})
    >>> select(events, countries=["niger"])["fatalities"].to_list()
    [2]
    """
    import polars as pl

    filters: list[pl.Expr] = []
    for column, wanted, label in (
        ("country", countries, "country"),
        ("region", regions, "region"),
        ("event_type", event_types, "event type"),
        ("sub_event_type", sub_event_types, "sub-event type"),
    ):
        if wanted:
            filters.append(_matching(events, column, wanted, label))
    if iso_codes:
        _check_present(events, "iso", [str(code) for code in iso_codes], "ISO code")
        filters.append(pl.col("iso").is_in(list(iso_codes)).fill_null(False))
    if political_violence:
        kept = political_violence_filter(source)
        if kept is not None:
            filters.append(kept)
    if civilian_targeting:
        if source.civilian_targeting_hint or (
            "civilian_targeting" not in events.columns
            or (events.height and events["civilian_targeting"].null_count() == events.height)
        ):
            raise SelectionError(
                "--civilian-targeting: "
                + (
                    source.civilian_targeting_hint
                    or "this data has no civilian_targeting column (ACLED added it in 2022); "
                    "try --event-type 'Violence against civilians' instead"
                )
            )
        filters.append(
            (pl.col("civilian_targeting").str.strip_chars() == CIVILIAN_TARGETING).fill_null(False)
        )
    return events.filter(*filters) if filters else events


def political_violence_filter(source: Dialect = ACLED) -> pl.Expr | None:
    """The rows ``--political-violence`` keeps from a source (``None``: every row).

    >>> from fatalities.io.dialects import HDX_HAPI, UCDP_GED
    >>> political_violence_filter(UCDP_GED) is None
    True
    >>> import polars as pl
    >>> frame = pl.DataFrame({"event_type": ["political_violence", "demonstration"]})
    >>> frame.filter(political_violence_filter(HDX_HAPI))["event_type"].to_list()
    ['political_violence']
    """
    import polars as pl

    if source.event_scope == "political_violence":
        return None
    if source.event_scope == "by_event_type":
        types = list(source.political_violence_types)
        return pl.col("event_type").str.strip_chars().is_in(types).fill_null(False)
    return is_political_violence()


def scope_notes(source: Dialect, *, political_violence: bool = False) -> list[str]:
    """What ``--political-violence`` does on this source, when it is not ACLED's rule
    (said on stderr).

    >>> from fatalities.io.dialects import UCDP_GED
    >>> scope_notes(UCDP_GED, political_violence=True)
    ['--political-violence: this source counts political violence only (UCDP GED); every row is kept']
    """
    if not political_violence:
        return []
    if source.event_scope == "political_violence":
        return [
            f"--political-violence: this source counts political violence only "
            f"({source.source_label}); every row is kept"
        ]
    if source.event_scope == "by_event_type":
        kept = ", ".join(source.political_violence_types)
        return [
            f"--political-violence: {source.source_label} rows of event_type {kept} are kept "
            "(its other event types are left out)"
        ]
    return []


def source_dialect(loaded: Loaded) -> Dialect:
    """The dialect of loaded data (its first input's; inputs that count events
    differently are never loaded together)."""
    return by_name(loaded.reports[0].dialect) if loaded.reports else ACLED


def combine(events: pl.DataFrame, label: str | None = None) -> pl.DataFrame:
    """Relabel every country as one (``label``, default the names joined with ``+``).

    >>> import polars as pl
    >>> combine(pl.DataFrame({"country": ["Niger", "Mali"]}))["country"].to_list()
    ['Mali + Niger', 'Mali + Niger']
    """
    import polars as pl

    if label is None:
        label = combined_label(events["country"].unique().drop_nulls().sort().to_list())
    return events.with_columns(pl.lit(label, dtype=pl.String).alias("country"))


def combined_label(countries: Sequence[str]) -> str:
    """``Mali + Niger``; beyond four names, ``N countries``.

    >>> combined_label(["A", "B", "C", "D", "E"])
    '5 countries'
    """
    names = sorted(countries)
    return " + ".join(names) if len(names) <= 4 else f"{len(names)} countries"


def _matching(events: pl.DataFrame, column: str, wanted: Sequence[str], label: str) -> pl.Expr:
    import polars as pl

    if column == "country":  # "Myanmar (Burma)" selects UCDP's Myanmar too
        lowered = country_keys(wanted)
    else:
        lowered = [name.strip().lower() for name in wanted]
    _check_present(events, column, lowered, label, lower=True)
    return pl.col(column).str.strip_chars().str.to_lowercase().is_in(lowered).fill_null(False)


def _check_present(
    events: pl.DataFrame,
    column: str,
    wanted: Sequence[str],
    label: str,
    *,
    lower: bool = False,
) -> None:
    """Raise ``SelectionError`` for the first wanted value no row holds."""
    import difflib

    import polars as pl

    if column not in events.columns:
        raise SelectionError(
            f"the data has no {column} column, so it cannot be filtered by {label}"
        )
    values = events.select(pl.col(column).cast(pl.String).str.strip_chars()).to_series()
    present = [value for value in values.unique().drop_nulls().sort().to_list() if value]
    keys = {value.lower() if lower else value: value for value in present}
    for name in wanted:
        if name in keys:
            continue
        close = difflib.get_close_matches(name, list(keys), n=3, cutoff=0.5)
        hint = (
            f"did you mean {' or '.join(keys[match] for match in close)}?"
            if close
            else "present: " + (", ".join(present[:12]) + (" ..." if len(present) > 12 else ""))
            if present
            else f"the {column} column is empty in this data"
        )
        raise SelectionError(f"no {label} {name!r} in the selected data; {hint}")


def in_asked_order(series: pl.DataFrame, countries: Sequence[str]) -> pl.DataFrame:
    """The rows of each country together, countries in the order they were asked for
    (names as typed, any case); others after them, in their current order.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"country": ["Mali", "Mali", "Niger"], "year": [1, 2, 1]})
    >>> in_asked_order(frame, ["niger", "Mali"]).rows()
    [('Niger', 1), ('Mali', 1), ('Mali', 2)]
    """
    import polars as pl

    if len(countries) < 2 or series.height == 0:
        return series
    from fatalities.countries import country_key

    rank = {country_key(name): place for place, name in enumerate(countries)}
    present = series["country"].unique(maintain_order=True).to_list()
    order = {
        name: rank.get(country_key(str(name)), len(rank) + place)
        for place, name in enumerate(present)
    }
    position = pl.col("country").replace_strict(order, return_dtype=pl.Int64)
    return series.sort(position, maintain_order=True)

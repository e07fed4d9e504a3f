"""Two releases of the same data compared: per period, and event by event.

Events are matched by ``event_id_cnty`` after each side's own loading (deduplication,
dialect handling), so a legacy export can be compared with a current one. An event is
*added* (only NEW lists it), *deleted* (only OLD lists it) or *revised* (both list it
with a different date, fatalities, event type, location or actors). Per period, the
change in fatalities is exactly the fatalities added, minus those deleted, plus the net
change of the revised events (``revised_fatalities``: each revised event counts its NEW
fatalities in the period of its NEW date and minus its OLD fatalities in the period of
its OLD date); the change in events is ``added - deleted + moved`` likewise.

>>> import polars as pl
>>> from datetime import date
>>> def side(ids, days, deaths):
...     return pl.DataFrame({"event_id_cnty": ids, "country": ["Mali"] * len(ids),
...                          "event_date": [date(2017, 1, d) for d in days], "fatalities": deaths})
>>> found = diff(side(["A", "B", "C"], [1, 2, 3], [5, 2, 1]), side(["A", "C", "D"], [1, 3, 4], [6, 1, 3]))
>>> found.periods.select("period", "old_fatalities", "new_fatalities", "added_fatalities",
...                      "deleted_fatalities", "revised_fatalities").rows()
[('2017', 8, 10, 3, 2, 1)]
>>> found.differ, found.counts
(True, {'added': 1, 'deleted': 1, 'revised': 1})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from fatalities.core.periods import period_bounds, period_label
from fatalities.errors import InputError
from fatalities.vocabulary import DIFF_COLUMNS, Period

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CHANGED_FIELDS", "DIFF_COLUMNS", "Diff", "diff"]

#: What a revision can change, in the words shown, -> the canonical columns compared.
CHANGED_FIELDS: dict[str, tuple[str, ...]] = {
    "fatalities": ("fatalities",),
    "date": ("event_date",),
    "event type": ("event_type", "sub_event_type"),
    "location": ("location", "admin1", "admin2"),
    "actors": ("actor1", "actor2"),
    "country": ("country",),
}
#: The per-period columns, in order.
PERIOD_COLUMNS: tuple[str, ...] = (
    "country",
    "period",
    "old_fatalities",
    "new_fatalities",
    "fatality_change",
    "old_events",
    "new_events",
    "event_change",
    "added",
    "added_fatalities",
    "deleted",
    "deleted_fatalities",
    "revised",
    "revised_fatalities",
    "moved",
)


@dataclass(frozen=True)
class Diff:
    """What changed between OLD and NEW."""

    #: Per country and period: ``PERIOD_COLUMNS``.
    periods: pl.DataFrame
    #: Every added, deleted or revised event, biggest fatality change first.
    events: pl.DataFrame
    #: ``added``/``deleted``/``revised`` -> number of events.
    counts: dict[str, int] = field(default_factory=dict)
    #: Revised events per changed field (``CHANGED_FIELDS``), most first.
    revised_fields: dict[str, int] = field(default_factory=dict)
    #: Fields compared (present on both sides).
    compared: tuple[str, ...] = ()
    period: Period = Period.year
    as_of: date | None = None
    #: Last event date on each side (after ``as_of``).
    old_end: date | None = None
    new_end: date | None = None

    def coverage_note(self) -> str | None:
        """When one side's data end earlier: what that does to the comparison.

        >>> Diff(periods=None, events=None, old_end=date(2019, 7, 25),  # type: ignore[arg-type]
        ...      new_end=date(2020, 7, 31)).coverage_note()[:46]
        'OLD ends on 2019-07-25 and NEW on 2020-07-31: '
        """
        if self.old_end is None or self.new_end is None or self.old_end == self.new_end:
            return None
        early = min(self.old_end, self.new_end)
        later_side = "NEW" if self.new_end > self.old_end else "OLD"
        change = "added" if later_side == "NEW" else "deleted"
        return (
            f"OLD ends on {self.old_end.isoformat()} and NEW on {self.new_end.isoformat()}: "
            f"{later_side}'s events after {early.isoformat()} count as {change}; "
            f"--as-of {early.isoformat()} compares only the dates both cover"
        )

    @property
    def differ(self) -> bool:
        """Whether any event was added, deleted or revised."""
        return any(self.counts.values())

    def totals(self) -> dict[str, int]:
        """The per-period columns summed (fatalities and events on each side, changes)."""
        import polars as pl

        numbers = [name for name in PERIOD_COLUMNS if name not in ("country", "period")]
        if self.periods.is_empty():
            return dict.fromkeys(numbers, 0)
        row = self.periods.select(pl.col(numbers).sum()).row(0, named=True)
        return {name: int(value or 0) for name, value in row.items()}


def diff(
    old: pl.DataFrame,
    new: pl.DataFrame,
    *,
    period: Period | str = Period.year,
    as_of: date | None = None,
) -> Diff:
    """Compare two sides' canonical events (module doc); events after ``as_of`` are left out.

    Raises ``InputError`` when a side has no event ids (aggregated data cannot be
    compared event by event).
    """
    import polars as pl

    kind = Period(period)
    sides = []
    for name, frame in (("OLD", old), ("NEW", new)):
        if "event_id_cnty" not in frame.columns or (
            frame.height and frame["event_id_cnty"].null_count() == frame.height
        ):
            raise InputError(
                f"{name} has no event ids (event_id_cnty): diff compares events one by one, "
                "so it needs event-level data (not aggregated tables)"
            )
        rows = frame.filter(pl.col("event_id_cnty").is_not_null())
        if as_of is not None:
            rows = rows.filter(pl.col("event_date") <= as_of)
        sides.append(rows)
    old_rows, new_rows = sides
    compared = tuple(
        label
        for label, columns in CHANGED_FIELDS.items()
        if any(_filled(old_rows, c) and _filled(new_rows, c) for c in columns)
    )
    columns = list(DIFF_COLUMNS)
    a = _side(old_rows, columns, "_old")
    b = _side(new_rows, columns, "_new")
    joined = a.join(b, on="event_id_cnty", how="full", suffix="_new", coalesce=True)
    checks = {
        label: pl.any_horizontal(
            [
                pl.col(c).ne_missing(pl.col(f"{c}_new"))
                for c in CHANGED_FIELDS[label]
                if _filled(old_rows, c) and _filled(new_rows, c)
            ]
        )
        for label in compared
    }
    in_old = pl.col("_old")
    in_new = pl.col("_new")
    status = (
        pl.when(in_old & ~in_new)
        .then(pl.lit("deleted"))
        .when(~in_old & in_new)
        .then(pl.lit("added"))
        .when(pl.any_horizontal(list(checks.values())) if checks else pl.lit(False))
        .then(pl.lit("revised"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    joined = joined.with_columns(
        pl.col("_old").fill_null(False), pl.col("_new").fill_null(False)
    ).with_columns(status.alias("change"))
    changed_labels = (
        pl.concat_list(
            [pl.when(check).then(pl.lit(label)) for label, check in checks.items()]
        ).list.drop_nulls()
        if checks
        else pl.lit([], dtype=pl.List(pl.String))
    )
    joined = joined.with_columns(
        pl.when(pl.col("change") == "revised")
        .then(changed_labels.list.join(", "))
        .otherwise(pl.lit(""))
        .alias("changed")
    )
    changes = joined.filter(pl.col("change").is_not_null())
    counts = {
        name: changes.filter(pl.col("change") == name).height
        for name in ("added", "deleted", "revised")
    }
    revised = changes.filter(pl.col("change") == "revised")
    fields = {label: revised.filter(checks[label]).height for label in compared if label in checks}
    fields = dict(sorted(((k, v) for k, v in fields.items() if v), key=lambda kv: -kv[1]))
    return Diff(
        periods=_per_period(joined, kind),
        events=_event_list(changes),
        counts=counts,
        revised_fields=fields,
        compared=compared,
        period=kind,
        as_of=as_of,
        old_end=_last(old_rows),
        new_end=_last(new_rows),
    )


def _filled(frame: pl.DataFrame, column: str) -> bool:
    return column in frame.columns and frame[column].null_count() < frame.height


def _last(frame: pl.DataFrame) -> date | None:
    value = frame["event_date"].max() if frame.height else None
    return value if isinstance(value, date) else None


def _side(rows: pl.DataFrame, columns: list[str], marker: str) -> pl.DataFrame:
    """One side's events, each id once (its own loader already deduplicated it)."""
    import polars as pl

    present = [
        pl.col(c) if c in rows.columns else pl.lit(None, dtype=pl.String).alias(c) for c in columns
    ]
    out = rows.select(present).unique(subset="event_id_cnty", keep="first", maintain_order=True)
    return out.with_columns(pl.col("fatalities").fill_null(0), pl.lit(True).alias(marker))


def _per_period(joined: pl.DataFrame, kind: Period) -> pl.DataFrame:
    """Per country and period: each side's totals and the contributions of every change."""
    import polars as pl

    def dated(suffix: str, present: str) -> pl.DataFrame:
        start, _ = period_bounds(kind, f"event_date{suffix}")
        rows = joined.filter(pl.col(present)).with_columns(start.alias("_start"))
        return rows.with_columns(period_label(kind, "_start").alias("period"))

    def contributions(suffix: str, present: str) -> pl.DataFrame:
        country, deaths = f"country{suffix}", f"fatalities{suffix}"
        rows = dated(suffix, present)
        is_change = pl.col("change")
        return rows.group_by(pl.col(country).alias("country"), "period", "_start").agg(
            pl.len().cast(pl.Int64).alias("events"),
            pl.col(deaths).sum().alias("fatalities"),
            (is_change == "added").sum().cast(pl.Int64).alias("added"),
            pl.col(deaths).filter(is_change == "added").sum().alias("added_fatalities"),
            (is_change == "deleted").sum().cast(pl.Int64).alias("deleted"),
            pl.col(deaths).filter(is_change == "deleted").sum().alias("deleted_fatalities"),
            (is_change == "revised").sum().cast(pl.Int64).alias("revised"),
            pl.col(deaths).filter(is_change == "revised").sum().alias("revised_fatalities"),
            (is_change == "revised").sum().cast(pl.Int64).alias("revised_events"),
        )

    old = contributions("", "_old")
    new = contributions("_new", "_new")
    keys = ["country", "period", "_start"]
    both = old.join(new, on=keys, how="full", suffix="_n", coalesce=True).fill_null(0)
    # A revised event counts once in each period it is dated in, on either side.
    touched = (
        pl.concat(
            [
                dated(suffix, present)
                .filter(pl.col("change") == "revised")
                .select(
                    pl.col(f"country{suffix}").alias("country"), "period", "_start", "event_id_cnty"
                )
                for suffix, present in (("", "_old"), ("_new", "_new"))
            ]
        )
        .unique()
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("touched"))
    )
    both = both.join(touched, on=keys, how="left").with_columns(pl.col("touched").fill_null(0))
    periods = both.select(
        "country",
        "period",
        "_start",
        pl.col("fatalities").alias("old_fatalities"),
        pl.col("fatalities_n").alias("new_fatalities"),
        (pl.col("fatalities_n") - pl.col("fatalities")).alias("fatality_change"),
        pl.col("events").alias("old_events"),
        pl.col("events_n").alias("new_events"),
        (pl.col("events_n") - pl.col("events")).alias("event_change"),
        pl.col("added_n").alias("added"),
        pl.col("added_fatalities_n").alias("added_fatalities"),
        pl.col("deleted").alias("deleted"),
        pl.col("deleted_fatalities").alias("deleted_fatalities"),
        pl.col("touched").alias("revised"),
        (pl.col("revised_fatalities_n") - pl.col("revised_fatalities")).alias("revised_fatalities"),
        (pl.col("revised_events_n") - pl.col("revised_events")).alias("moved"),
    )
    integers = [c for c in PERIOD_COLUMNS if c not in ("country", "period")]
    periods = periods.with_columns(pl.col(integers).cast(pl.Int64))
    return periods.sort("country", "_start").drop("_start")


def _event_list(changes: pl.DataFrame) -> pl.DataFrame:
    """Every changed event: biggest fatality change first, then by id."""
    import polars as pl

    deaths_old = pl.when(pl.col("_old")).then(pl.col("fatalities"))
    deaths_new = pl.when(pl.col("_new")).then(pl.col("fatalities_new"))
    listed = changes.select(
        "event_id_cnty",
        pl.coalesce("country_new", "country").alias("country"),
        "change",
        pl.when(pl.col("_old")).then(pl.col("event_date")).alias("old_date"),
        pl.when(pl.col("_new")).then(pl.col("event_date_new")).alias("new_date"),
        deaths_old.alias("old_fatalities"),
        deaths_new.alias("new_fatalities"),
        (deaths_new.fill_null(0) - deaths_old.fill_null(0)).cast(pl.Int64).alias("fatality_change"),
        "changed",
        pl.coalesce("event_type_new", "event_type").alias("event_type"),
        pl.coalesce("location_new", "location", "admin2_new", "admin2").alias("location"),
    )
    return listed.sort(
        pl.col("fatality_change").abs(), "change", "event_id_cnty",
        descending=[True, False, False],
    )  # fmt: skip

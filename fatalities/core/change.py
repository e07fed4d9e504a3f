"""Change alerts in the manner of ACLED's Trendfinder: the latest period against its norm.

The latest *complete* ACLED week (Saturday to Friday) is compared with the mean of
the previous 4 and of the previous 52 weeks; the latest complete calendar month with
the mean of the previous 3 and of the previous 12 months (``WINDOWS``). Labels:

======================  ==========================
change from the mean    label
======================  ==========================
above +25%              ``large increase``
+10% to +25%            ``moderate increase``
-10% to -25%            ``moderate decrease``
below -25%              ``large decrease``
otherwise               ``stable``
======================  ==========================

Bounds (exactly +10%, +25%, ...) fall in the milder band. Minimum-count rule, as
Trendfinder's: when the mean is 2 or less *and* the latest period has 5 or less,
the label is ``stable`` whatever the percentage, so a rise from 1 to 2 is not
"large". (Trendfinder has no moderate-decrease band; this tool mirrors the
increase bands downwards.) Weeks are whole ACLED weeks, as in ``trend --period
week``; a week or month the data cover only in part is never compared, and the
mean is over the periods actually there (``periods_used``).

>>> label_change(10, 7.0), label_change(2, 1.0), label_change(9, 10.0)
('large increase', 'stable', 'stable')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fatalities.errors import InputError, SelectionError
from fatalities.vocabulary import ChangeLabel, ChangePeriod

if TYPE_CHECKING:
    import polars as pl

    from fatalities.core.coverage import Coverage

#: Minimum-count rule: a mean at or below this and a latest value at or below
#: ``MIN_LATEST`` is always "stable".
MAX_LOW_MEAN = 2.0
MIN_LATEST = 5


#: The windows the latest period is compared with: a month and a quarter of weeks,
#: a quarter and a year of months.
WINDOWS: dict[ChangePeriod, tuple[int, ...]] = {
    ChangePeriod.week: (4, 52),
    ChangePeriod.month: (3, 12),
}


def choose_period(
    requested: ChangePeriod | str | None, granularity: str
) -> tuple[ChangePeriod, str | None]:
    """The period to compare, and a note when it was chosen for the data.

    Weeks by default; months when the data are monthly totals (weeks cannot be
    made from them), with a note saying so. Asking for weeks of monthly data
    raises ``InputError``.

    >>> choose_period(None, "event")
    (<ChangePeriod.week: 'week'>, None)
    >>> choose_period(None, "month")[1]
    'monthly data: comparing the latest month with the mean of the previous 3 and 12 months'
    """
    if requested is None:
        if granularity == "month":
            chosen = ChangePeriod.month
            return chosen, f"monthly data: comparing the latest month with {windows_text(chosen)}"
        return ChangePeriod.week, None
    period = ChangePeriod(requested)
    if granularity == "month" and period is ChangePeriod.week:
        raise InputError(
            "--period week needs event rows or weekly data; these data are monthly totals "
            "(use --period month)"
        )
    return period, None


def windows_text(period: ChangePeriod | str) -> str:
    """What the latest period is compared with, in words.

    >>> windows_text("week")
    'the mean of the previous 4 and 52 weeks'
    """
    kind = ChangePeriod(period)
    counts = " and ".join(str(n) for n in WINDOWS[kind])
    return f"the mean of the previous {counts} {kind.value}s"


@dataclass(frozen=True)
class Comparison:
    """The latest period's figure against the mean of the ``window`` periods before it."""

    country: str
    period_start: date
    period_end: date
    latest: int
    window: int
    periods_used: int
    mean: float
    change: float
    change_pct: float | None
    label: ChangeLabel


def label_change(latest: float, mean: float) -> str:
    """The band for ``latest`` against ``mean`` (see the module docstring).

    >>> label_change(12, 10), label_change(13, 10), label_change(0, 10), label_change(6, 0)
    ('moderate increase', 'large increase', 'large decrease', 'large increase')
    """
    if mean <= MAX_LOW_MEAN and latest <= MIN_LATEST:
        return ChangeLabel.stable.value
    if mean == 0:
        return ChangeLabel.large_increase.value
    pct = (latest - mean) / mean * 100
    if pct > 25:
        return ChangeLabel.large_increase.value
    if pct > 10:
        return ChangeLabel.moderate_increase.value
    if pct < -25:
        return ChangeLabel.large_decrease.value
    if pct < -10:
        return ChangeLabel.moderate_decrease.value
    return ChangeLabel.stable.value


def at_least(label: ChangeLabel, threshold: ChangeLabel) -> bool:
    """Whether ``label`` is ``threshold`` or stronger in the same direction.

    >>> at_least(ChangeLabel.large_increase, ChangeLabel.moderate_increase)
    True
    >>> at_least(ChangeLabel.moderate_increase, ChangeLabel.large_increase)
    False
    """
    ladders = (
        [ChangeLabel.moderate_increase, ChangeLabel.large_increase],
        [ChangeLabel.moderate_decrease, ChangeLabel.large_decrease],
    )
    for ladder in ladders:
        if threshold in ladder:
            return label in ladder and ladder.index(label) >= ladder.index(threshold)
    return label is threshold


def whole_periods(
    events: pl.DataFrame,
    period: ChangePeriod | str,
    *,
    measure: str = "fatalities",
    through: date | None = None,
) -> pl.DataFrame:
    """Per country: ``period_start``, ``period_end`` and the measure, for whole ACLED weeks
    (Saturday to Friday) or calendar months, zero-filled from the country's first event
    to its last, or to the period holding ``through`` when that is later.

    >>> import polars as pl
    >>> events = pl.DataFrame({"country": ["Mali"], "event_date": [date(2017, 11, 20)],
    ...                        "fatalities": [3]})
    >>> whole_periods(events, "week", through=date(2017, 11, 25)).rows()[1]
    ('Mali', datetime.date(2017, 11, 25), datetime.date(2017, 12, 1), 0)
    """
    import polars as pl

    kind = ChangePeriod(period)
    step = "1w" if kind is ChangePeriod.week else "1mo"
    start = _start_expr(pl.col("event_date"), kind)
    if measure not in events.columns:  # one row, one event (a literal would not broadcast)
        events = events.with_columns(pl.lit(1, dtype=pl.Int64).alias(measure))
    weight = pl.col(measure)
    totals = events.group_by("country", start.alias("period_start")).agg(
        weight.sum().cast(pl.Int64).alias(measure)
    )
    last = pl.col("period_start").max()
    if through is not None:
        last = pl.max_horizontal(last, pl.lit(through).pipe(_start_expr, kind))
    grid = (
        totals.group_by("country")
        .agg(pl.date_ranges(pl.col("period_start").min(), last, step).alias("period_start"))
        .explode("period_start")
    )
    end = (
        pl.col("period_start") + pl.duration(days=6)
        if kind is ChangePeriod.week
        else pl.col("period_start").dt.month_end()
    )
    return (
        grid.join(totals, on=["country", "period_start"], how="left")
        .with_columns(pl.col(measure).fill_null(0), end.alias("period_end"))
        .select("country", "period_start", "period_end", measure)
        .sort("country", "period_start")
    )


def _start_expr(day: pl.Expr, kind: ChangePeriod) -> pl.Expr:
    """The Saturday starting the ACLED week, or the first of the month."""
    import polars as pl

    if kind is ChangePeriod.week:
        return day - pl.duration(days=(day.dt.weekday().cast(pl.Int64) + 1) % 7)
    return day.dt.truncate("1mo")


def compare_latest(
    events: pl.DataFrame,
    *,
    period: ChangePeriod | str = ChangePeriod.week,
    coverage_end: date | None = None,
    as_of: date | None = None,
    windows: Sequence[int] | None = None,
    measure: str = "fatalities",
    coverage: Coverage | None = None,
) -> list[Comparison]:
    """One ``Comparison`` per country and window, for the latest complete period.

    ``windows`` defaults to the period's ``WINDOWS`` (4 and 52 weeks, 3 and 12 months).

    A period is complete when ``coverage_end`` (default the latest event date)
    reaches its last day; periods with no events up to then count as zeros.
    Fewer earlier periods than a window (a short file) give a mean over those there
    are (``periods_used``); none at all raises ``SelectionError``. A period that
    starts before the data's coverage (``coverage``, per country) is partly covered
    and is not compared, nor averaged as a full one.
    """
    import polars as pl

    if as_of is not None:  # the data as known on ``as_of``
        events = events.filter(pl.col("event_date") <= as_of)
        coverage_end = min(as_of, coverage_end) if coverage_end is not None else as_of
    if events.height == 0:
        raise SelectionError("no events match the selection")
    if windows is None:
        windows = WINDOWS[ChangePeriod(period)]
    latest_event = events["event_date"].max()
    assert isinstance(latest_event, date)
    end = coverage_end or latest_event
    # Extend every country to the coverage end, so quiet recent periods count as zeros.
    table = whole_periods(events, period, measure=measure, through=end)
    complete = table.filter(pl.col("period_end") <= end)
    results: list[Comparison] = []
    for (country,), part in complete.group_by(["country"], maintain_order=True):
        ordered = part.sort("period_start")
        start = coverage.of(str(country))[0] if coverage is not None else None
        if start is not None:
            ordered = ordered.filter(pl.col("period_start") >= start)
        if ordered.height < 2:
            raise SelectionError(
                f"{country}: fewer than two complete {ChangePeriod(period).value}s in the data; "
                "nothing to compare"
            )
        latest_row = ordered.row(ordered.height - 1, named=True)
        values = ordered[measure].to_list()
        for window in windows:
            before = values[-1 - window : -1]
            mean = sum(before) / len(before)
            latest = int(latest_row[measure])
            change = latest - mean
            results.append(
                Comparison(
                    country=str(country),
                    period_start=latest_row["period_start"],
                    period_end=latest_row["period_end"],
                    latest=latest,
                    window=window,
                    periods_used=len(before),
                    mean=mean,
                    change=change,
                    change_pct=round(change / mean * 100, 1) if mean > 0 else None,
                    label=ChangeLabel(label_change(latest, mean)),
                )
            )
    return results


def compared_with(periods_used: int, period: ChangePeriod | str) -> str:
    """What the latest period was compared with, counting the periods actually used.

    >>> compared_with(51, "week"), compared_with(1, "month")
    ('mean of previous 51 weeks', 'mean of previous 1 month')
    """
    unit = ChangePeriod(period).value
    return f"mean of previous {periods_used} {unit}{'' if periods_used == 1 else 's'}"


def comparisons_frame(
    comparisons: Sequence[Comparison], measure: str = "fatalities"
) -> pl.DataFrame:
    """The comparisons as a table (one row each) for rendering."""
    import polars as pl

    return pl.DataFrame(
        [
            {
                "country": item.country,
                "period_start": item.period_start,
                "period_end": item.period_end,
                measure: item.latest,
                "window": item.window,
                "periods_used": item.periods_used,
                "mean": round(item.mean, 2),
                "change": round(item.change, 2),
                "change_pct": item.change_pct,
                "label": item.label.value,
            }
            for item in comparisons
        ],
        schema={
            "country": pl.String(),
            "period_start": pl.Date(),
            "period_end": pl.Date(),
            measure: pl.Int64(),
            "window": pl.Int64(),
            "periods_used": pl.Int64(),
            "mean": pl.Float64(),
            "change": pl.Float64(),
            "change_pct": pl.Float64(),
            "label": pl.String(),
        },
        orient="row",
    )

"""Check a table's rows and type its canonical columns.

A handful of bad rows in a large file (a fatality count of ``-2`` or ``3.5``, a date
that is not a date, before 1989 or after today) is skipped with a warning that gives
the count and the first few line numbers. When bad rows are more than a handful
(``too_many``), or ``--strict`` is given, it is an ``InputError`` instead.

>>> too_many(1, 1_000_000), too_many(50_000, 1_000_000), too_many(1, 1)
(False, True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from fatalities.errors import InputError
from fatalities.io.dialects import Dialect
from fatalities.schema import CANONICAL_COLUMNS

if TYPE_CHECKING:
    import polars as pl

#: ACLED starts in 1997 and UCDP GED in 1989: earlier dates are typing errors.
FIRST_DATE = date(1989, 1, 1)
#: Bad rows skipped with a warning: up to this many, or this share of the rows if more,
#: and never more than half the table.
TOLERATED_ROWS = 10
TOLERATED_SHARE = 0.01
#: Line numbers quoted in a message.
SHOWN = 3
#: The most deaths one event row may report: more is a typing or export error (the
#: deadliest single events ACLED and UCDP record are in the thousands). Such rows are
#: skipped with a warning (docs/input-errors.md), so no total can overflow either.
MAX_EVENT_FATALITIES = 100_000
#: The same ceiling for a row of aggregated data (a country or place and a month or week),
#: and for its events count.
MAX_AGGREGATE_COUNT = 10_000_000
#: Totals beyond this are refused rather than risk a 64-bit sum wrapping round.
MAX_TOTAL = 2**62

ROW = "__row"
RAW_DATE = "__raw_date"
RAW_FATALITIES = "__raw_fatalities"
RAW_EVENTS = "__raw_events"

#: Turns row indexes (0-based, first data row = 0) into "line 12"-style labels.
Locator = Callable[[Sequence[int]], list[str]]


@dataclass
class Problem:
    """One kind of bad row in a table: how many, and the first few."""

    what: str
    count: int
    examples: list[tuple[int, str | None]]

    def describe(self, locate: Locator) -> str:
        labels = locate([row for row, _ in self.examples])
        shown = ", ".join(
            f"{label}: {value!r}" if value is not None else f"{label}: empty"
            for label, (_, value) in zip(labels, self.examples, strict=True)
        )
        more = ", ..." if self.count > len(self.examples) else ""
        return f"{self.count:,} row(s) with {self.what} ({shown}{more})"


def too_many(bad: int, rows: int) -> bool:
    """Whether ``bad`` rows of ``rows`` are more than a handful (then loading stops)."""
    return bad * 2 > rows or bad > max(TOLERATED_ROWS, int(rows * TOLERATED_SHARE))


def canonical_rows(
    frame: pl.DataFrame,
    *,
    dialect: Dialect,
    date_format: str,
    name: str,
    today: date,
    locate: Locator,
    warnings: list[str],
) -> pl.DataFrame:
    """The canonical, typed rows of one table; bad rows skipped (warned) or an ``InputError``.

    Numbers are typed column by column (``whole_numbers``): text that is plain integers
    throughout, as in every current export, is not cleaned row by row.
    """
    import polars as pl

    has_events = RAW_EVENTS in frame.columns
    cleaned_fatalities, fatalities = whole_numbers(frame[RAW_FATALITIES])
    numbers = [cleaned_fatalities, fatalities.alias("fatalities")]
    if has_events:
        cleaned_events, events = whole_numbers(frame[RAW_EVENTS])
        numbers += [cleaned_events, events.alias("events")]
    else:
        numbers.append(pl.repeat(1, frame.height, dtype=pl.Int64, eager=True).alias("events"))
    frame = frame.with_columns(numbers)
    ceiling = MAX_EVENT_FATALITIES if dialect.granularity == "event" else MAX_AGGREGATE_COUNT
    per = "per event" if dialect.granularity == "event" else "per row"
    checks: list[tuple[str, pl.Expr, str]] = [
        (
            f"an event_date not in the file's date format {date_format!r}",
            pl.col("event_date").is_null() & pl.col(RAW_DATE).is_not_null(),
            RAW_DATE,
        ),
        ("an empty event_date", pl.col(RAW_DATE).is_null(), RAW_DATE),
        (
            f"an event_date before {FIRST_DATE.year} or after today ({today.isoformat()})",
            ~pl.col("event_date").is_between(FIRST_DATE, today),
            RAW_DATE,
        ),
        (
            "fatalities that are not a whole number >= 0",
            pl.col(RAW_FATALITIES).is_not_null()
            & (pl.col("fatalities").is_null() | (pl.col("fatalities") < 0)),
            RAW_FATALITIES,
        ),
        (
            f"fatalities above the plausible ceiling of {ceiling:,} {per}",
            pl.col("fatalities") > ceiling,
            RAW_FATALITIES,
        ),
    ]
    if "country" in frame.columns:
        checks.append(
            (
                "an empty country",
                pl.col("country").is_null() | (pl.col("country") == ""),
                "country",
            )
        )
    if has_events:
        checks.append(
            (
                "an events count that is not a whole number >= 0",
                pl.col(RAW_EVENTS).is_not_null()
                & (pl.col("events").is_null() | (pl.col("events") < 0)),
                RAW_EVENTS,
            )
        )
        checks.append(
            (
                f"an events count above the plausible ceiling of {MAX_AGGREGATE_COUNT:,}",
                pl.col("events") > MAX_AGGREGATE_COUNT,
                RAW_EVENTS,
            )
        )
    problems = _problems(frame, checks)
    for problem in problems:
        text = problem.describe(locate)
        if too_many(problem.count, frame.height):
            raise InputError(
                f"{name}: {text}, of {frame.height:,} row(s); fix those values or remove the rows"
            )
        warnings.append(f"{name}: skipped {text}")
    if problems:
        frame = frame.filter(~pl.any_horizontal(expr for _, expr, _ in checks).fill_null(False))
    check_total(frame["fatalities"], name)
    empty = frame[RAW_FATALITIES].null_count()
    if empty and not dialect.blank_fatalities_are_zero:
        rows = frame.filter(pl.col(RAW_FATALITIES).is_null())[ROW].head(SHOWN).to_list()
        warnings.append(
            f"{name}: {empty:,} row(s) with empty fatalities counted as 0 "
            f"({', '.join(locate(rows))}{', ...' if empty > SHOWN else ''})"
        )
    years = frame["event_date"].dt.year().cast(pl.Int32).alias("year")
    typed = [frame["fatalities"].fill_null(0), frame["events"].fill_null(0), years]
    if "source_year" in frame.columns:
        given = integers(frame["source_year"], pl.Int32)
        disagree = given != years
        if disagree.any():
            rows = frame.filter(disagree)[ROW].head(SHOWN).to_list()
            warnings.append(
                f"{name}: {disagree.sum():,} row(s) have a year column that disagrees with "
                f"event_date; the date is used ({', '.join(locate(rows))})"
            )
    for column, dtype in (("iso", pl.Int32), ("timestamp", pl.Int64)):
        if column in frame.columns:
            typed.append(integers(frame[column], dtype))
    return conform(frame.with_columns(typed))


def check_total(fatalities: pl.Series, name: str) -> None:
    """An ``InputError`` when the sum of ``fatalities`` could not be held exactly
    (a 64-bit total would wrap round and turn negative).

    >>> import polars as pl
    >>> check_total(pl.Series([1, 2]), "x")
    >>> check_total(pl.Series([2**62, 2**62]), "x")
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: x: the fatalities add up to more than 4,611,686,018,427,387,904; check the fatalities column
    """
    import polars as pl

    total = fatalities.cast(pl.Float64).sum()
    if total is not None and abs(float(total)) >= MAX_TOTAL:
        raise InputError(
            f"{name}: the fatalities add up to more than {MAX_TOTAL:,}; check the fatalities column"
        )


def whole_numbers(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """``raw`` cleaned (``_cleaned``) and as whole numbers (``_whole_number``).

    Text that reads as integers throughout (or is empty) needs no cleaning: it is
    converted as it is, with the same result, several times faster.

    >>> import polars as pl
    >>> cleaned, numbers = whole_numbers(pl.Series("n", ["3", None, "12"]))
    >>> cleaned.to_list(), numbers.to_list()
    (['3', None, '12'], [3, None, 12])
    >>> cleaned, numbers = whole_numbers(pl.Series("n", [" 3", "4.0", "1 000", "", "3.5"]))
    >>> cleaned.to_list(), numbers.to_list()
    (['3', '4.0', '1000', None, '3.5'], [3, 4, 1000, None, None])
    """
    import polars as pl

    if raw.dtype == pl.String:
        plain = raw.cast(pl.Int64, strict=False)
        if plain.null_count() == raw.null_count():
            return raw, plain
    cleaned = raw.to_frame().select(_cleaned(pl.col(raw.name))).to_series()
    numbers = cleaned.to_frame().select(_whole_number(pl.col(raw.name))).to_series()
    return cleaned, numbers


def integers(raw: pl.Series, dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
    """``raw`` cleaned and read as a number, cut to an integer of ``dtype`` (null when it
    is none); text that reads as integers throughout is converted as it is.

    >>> import polars as pl
    >>> integers(pl.Series("y", ["2017", None]), pl.Int32).to_list()
    [2017, None]
    >>> integers(pl.Series("y", ["2017.0", " 2016", "x"]), pl.Int32).to_list()
    [2017, 2016, None]
    """
    import polars as pl

    if raw.dtype == pl.String:
        plain = raw.cast(dtype, strict=False)
        if plain.null_count() == raw.null_count():
            return plain
    number = _cleaned(pl.col(raw.name)).cast(pl.Float64, strict=False)
    return raw.to_frame().select(number.cast(dtype, strict=False)).to_series()


def _problems(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr, str]]) -> list[Problem]:

    counts = frame.select(
        expr.fill_null(False).sum().alias(str(index)) for index, (_, expr, _) in enumerate(checks)
    ).row(0)
    problems: list[Problem] = []
    for (what, expr, raw), count in zip(checks, counts, strict=True):
        if not count:
            continue
        first = frame.filter(expr.fill_null(False)).head(SHOWN).select(ROW, raw).rows()
        problems.append(Problem(what, int(count), [(int(row), value) for row, value in first]))
    return problems


def _cleaned(raw: pl.Expr) -> pl.Expr:
    """Text without spaces or non-breaking spaces; empty text is null."""
    import polars as pl

    text = raw.cast(pl.String).str.replace_all(r"[\s\u00a0]", "")
    return pl.when(text != "").then(text)


def _whole_number(raw: pl.Expr) -> pl.Expr:
    """``"3"`` and ``"3.0"`` -> 3; anything else (``"3.5"``, ``"three"``) -> null."""
    import polars as pl

    as_float = raw.cast(pl.Float64, strict=False)
    whole = pl.when(as_float.is_finite() & (as_float == as_float.round(0))).then(as_float)
    return pl.coalesce(raw.cast(pl.Int64, strict=False), whole.cast(pl.Int64, strict=False))


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Exactly the canonical columns, in order, with their dtypes (absent ones as nulls)."""
    import polars as pl

    from fatalities.schema import polars_schema

    schema = polars_schema()
    assert list(schema) == list(CANONICAL_COLUMNS)
    return frame.select(
        [
            pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )

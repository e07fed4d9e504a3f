"""The span of a table: how many rows it has and its first and last valid date, over
every row (before any country selection). The year-to-date cut-off and ``--zero-fill``
start from it.

Three ways to the same answer, cheapest first:

- ``IsoSpan``: when every date is ISO text (``2017-11-20``, as in ACLED's current exports
  and API pulls), text order is date order, so the least and greatest text are the first
  and last date. The scan only checks that every text has that form and compares texts.
- ``DateSpan``: parse only each batch's distinct date texts (a few thousand per
  2.5 M rows), in the table's one date format (long dates, ``dd/mm/yyyy``, ...).
- ``coverage_query``: parse every row's date, the plain answer the other two must give.

>>> import polars as pl
>>> from fatalities.io.sniff import describe
>>> header = ["event_id_cnty", "event_date", "country", "fatalities"]
>>> layout = describe(header, [["MLI1", "2017-11-20", "Mali", "1"]], "e.csv")
>>> scan = pl.LazyFrame({"event_date": ["2017-11-20", "1997-01-02", None]})
>>> IsoSpan(layout, date(2020, 1, 1)).frame(IsoSpan.query(scan, layout).collect()).row(0)
(3, datetime.date(1997, 1, 2), datetime.date(2017, 11, 20))
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from fatalities.io.sniff import Layout, parse_date
from fatalities.io.validate import FIRST_DATE, RAW_DATE

if TYPE_CHECKING:
    import polars as pl

#: Rows of dates the span of a table is gathered from at a time (``DateSpan``).
SPAN_BATCH_ROWS = 256 * 1024
#: The date format whose text sorts as its dates do, when every digit is written.
ISO_DATE = "%Y-%m-%d"
#: An ISO date with every digit written (ASCII digits only: ``\d`` would take any script's).
WHOLE_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: Bytes in a whole ISO date.
ISO_LENGTH = 10


def raw_date(layout: Layout) -> pl.Expr:
    """The date text: one column, or the dialect's parts joined by a space; empty -> null."""
    import polars as pl

    parts = layout.dialect.date_parts
    if parts:
        raw = pl.concat_str(
            [pl.col(part).str.strip_chars().str.replace(r"^(\d+)\.0+$", "$1") for part in parts],
            separator=" ",
        )
    else:
        raw = pl.col(layout.source_of["event_date"]).str.strip_chars()
    return pl.when(raw != "").then(raw)


def coverage_query(projected: pl.LazyFrame, layout: Layout, today: date) -> pl.LazyFrame:
    """Rows in the table, and its first and last valid date (before any selection).

    ``projected`` holds (at least) the ``RAW_DATE`` column of every row."""
    import polars as pl

    text, date_format = pl.col(RAW_DATE), layout.date_format
    if date_format.startswith("%") and "%H" not in date_format:
        # The same parse as ``parse_date``, without its cache of distinct texts: over
        # every row of a big file, caching costs more than it saves (0.03 s per 2.5M rows).
        dates = text.str.strptime(pl.Date, date_format, strict=False, cache=False)
    else:
        dates = parse_date(text, date_format)
    valid = pl.col("d").filter(pl.col("d").is_between(FIRST_DATE, today))
    return projected.select(dates.alias("d")).select(
        pl.len().alias("rows"), valid.min().alias("first"), valid.max().alias("last")
    )


def span_frame(rows: int, first: date | None, last: date | None) -> pl.DataFrame:
    """The one-row span frame: ``rows``, ``first`` and ``last`` (as ``coverage_query``)."""
    import polars as pl

    return pl.DataFrame(
        {"rows": [rows], "first": [first], "last": [last]},
        schema={"rows": pl.UInt32, "first": pl.Date, "last": pl.Date},
    )


class IsoSpan:
    """The span of a table whose dates are whole ISO texts, from text comparisons.

    A whole ISO date (``2017-11-20``: four, two and two digits) is written with ten
    bytes from ``-`` to ``9``, and whole ISO texts sort as their dates do. ``query``
    gives, over every row: the rows, how many date texts are not ten bytes long, the
    lowest and highest byte of all the texts, and the least and greatest text: all of
    it cheaper than matching each text against a pattern. When every text is ten bytes
    from ``-`` to ``9`` (``-``, ``.``, ``/`` and digits: no spaces, no other
    characters), only whole ISO texts are valid dates: fewer or more digits in the
    year, month or day need other lengths, and ``.`` or ``/`` are no date
    (``tests/test_load_speed.py`` checks every such form).
    So the least and greatest text, if they are whole ISO dates, valid and in range,
    are the first and last date. In any other case ``frame`` gives ``None`` and the
    caller gathers the span with ``DateSpan``: a second scan, for rare files (a stray
    ``2017-1-5`` or a future date), against hashing every row's date text in every file.

    >>> import polars as pl
    >>> from fatalities.io.sniff import describe
    >>> header = ["event_id_cnty", "event_date", "country", "fatalities"]
    >>> layout = describe(header, [["MLI1", "2017-11-20", "Mali", "1"]], "e.csv")
    >>> span = IsoSpan(layout, date(2020, 1, 1))
    >>> def gather(dates):
    ...     return span.frame(IsoSpan.query(pl.LazyFrame({"event_date": dates}), layout).collect())
    >>> gather(["2017-11-20", "1997-01-02", None]).row(0)
    (3, datetime.date(1997, 1, 2), datetime.date(2017, 11, 20))
    >>> [gather(["2017-11-20", odd]) for odd in ("2017-1-5", "2017- 1-05", "2099-01-01")]
    [None, None, None]
    """

    def __init__(self, layout: Layout, today: date) -> None:
        self.layout = layout
        self.today = today

    @staticmethod
    def applies(layout: Layout) -> bool:
        """Whether the table's dates are ISO text in one column."""
        return layout.date_format == ISO_DATE and not layout.dialect.date_parts

    @staticmethod
    def query(scan: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
        """One row over every row of ``scan``: ``rows``, ``other_lengths``,
        ``lowest_byte``, ``highest_byte``, ``least``, ``greatest``."""
        import polars as pl

        text = pl.col(layout.source_of["event_date"])
        # Ten bytes each (other lengths -> null), then every byte of every text in a row.
        as_bytes = text.cast(pl.Binary).bin.reinterpret(dtype=pl.Array(pl.UInt8, ISO_LENGTH))
        every_byte = as_bytes.arr.explode()
        return scan.select(
            pl.len().alias("rows"),
            (as_bytes.null_count() - text.null_count()).alias("other_lengths"),
            every_byte.min().alias("lowest_byte"),
            every_byte.max().alias("highest_byte"),
            text.min().alias("least"),
            text.max().alias("greatest"),
        )

    def frame(self, summary: pl.DataFrame) -> pl.DataFrame | None:
        """The span frame from ``query``'s row, or ``None`` when text order cannot tell."""
        rows, other_lengths, lowest, highest, least, greatest = summary.row(0)
        if other_lengths:
            return None
        if least is None:  # no date at all
            return span_frame(rows, None, None)
        if lowest < ord("-") or highest > ord("9"):
            return None
        first, last = self._valid(least), self._valid(greatest)
        if first is None or last is None:
            return None
        return span_frame(rows, first, last)

    def _valid(self, text: str) -> date | None:
        """The date of a whole ISO text that is a valid date in range, else ``None``."""
        if not re.fullmatch(WHOLE_ISO_DATE, text):
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:  # 2017-02-30, 0000-00-00
            return None
        return day if FIRST_DATE <= day <= self.today else None


class DateSpan:
    """The rows of a table and its first and last valid date, gathered from the table's
    scan batch by batch (``sink``), as ``coverage_query`` would give them (``frame``).

    Only the distinct date texts are parsed, a few thousand rather than one per row,
    with the same result: long dates (``20 November 2017``) need polars' general date
    parser, which costs more than the rest of the scan's work on a date.

    >>> import polars as pl
    >>> from fatalities.io.sniff import describe
    >>> header = ["event_id_cnty", "event_date", "country", "fatalities"]
    >>> layout = describe(header, [["MLI1", "2017-11-20", "Mali", "1"]], "e.csv")
    >>> dates = ["2017-11-20", "1997-01-02", " 2017-11-20", None, "x", "2099-01-01"]
    >>> span = DateSpan(layout, date(2020, 1, 1))
    >>> _ = span.sink(pl.LazyFrame({"event_date": dates})).collect()
    >>> span.frame().row(0)
    (6, datetime.date(1997, 1, 2), datetime.date(2017, 11, 20))
    """

    def __init__(self, layout: Layout, today: date) -> None:
        self.layout = layout
        self.today = today
        # Filled by ``_take`` (list appends only: batches may arrive on several threads).
        self.rows: list[int] = []
        self.texts: list[pl.DataFrame] = []
        self.spans: list[tuple[date | None, date | None]] = []

    def sink(self, scan: pl.LazyFrame) -> pl.LazyFrame:
        """The lazy sink that reads the date columns of every row of ``scan``."""
        parts = self.layout.dialect.date_parts
        sources = list(parts) if parts else [self.layout.source_of["event_date"]]
        return scan.select(sources).sink_batches(
            self._take, chunk_size=SPAN_BATCH_ROWS, maintain_order=False, lazy=True
        )

    def _take(self, batch: pl.DataFrame) -> None:
        # A column's own ``unique`` is several times faster than a frame's.
        texts = batch.to_series().unique().to_frame() if batch.width == 1 else batch.unique()
        if texts.height * 10 > batch.height:  # mostly distinct (times of day): parse them now
            self.spans.append(self._span_of(texts))
        else:
            self.texts.append(texts)
        self.rows.append(batch.height)

    def _span_of(self, texts: pl.DataFrame) -> tuple[date | None, date | None]:
        parsed = parse_date(raw_date(self.layout), self.layout.date_format)
        dates = texts.select(parsed.alias("d"))["d"]
        valid = dates.filter(dates.is_between(FIRST_DATE, self.today))
        return valid.min(), valid.max()  # type: ignore[return-value]

    def frame(self) -> pl.DataFrame:
        """One row: ``rows`` (every row of the table), ``first`` and ``last`` valid date."""
        import polars as pl

        spans = list(self.spans)
        if self.texts:
            spans.append(self._span_of(pl.concat(self.texts).unique()))
        firsts = [first for first, _ in spans if first is not None]
        lasts = [last for _, last in spans if last is not None]
        return span_frame(sum(self.rows), min(firsts, default=None), max(lasts, default=None))


#: The ACLED export tool's file name: the request window, then the country
#: (``2017-01-01-2019-02-27-Mali.csv``); a prefix before the window is allowed.
EXPORT_WINDOW = re.compile(
    r"(?:^|[^0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})-([0-9]{4}-[0-9]{2}-[0-9]{2})-[^/\\]*$"
)

#: Where a covered span comes from, as said on stderr.
COVERED_BY_EVENTS = "events"
COVERED_BY_FILE_NAME = "file name"
COVERED_BY_OPTION = "--covers"


def request_window(name: str) -> tuple[date, date] | None:
    """The request window an ACLED export's file name states, else ``None``.

    >>> request_window("data/2017-01-01-2019-02-27-Mali.csv")
    (datetime.date(2017, 1, 1), datetime.date(2019, 2, 27))
    >>> request_window("monadic_2017-01-01-2020-12-31-Mali.csv")[1]
    datetime.date(2020, 12, 31)
    >>> request_window("hdx_conflict_data_mli.csv") is None
    True
    >>> request_window("2019-02-27-2017-01-01-Mali.csv") is None  # backwards: not a window
    True
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = EXPORT_WINDOW.search(base)
    if match is None:
        return None
    try:
        start, end = (date.fromisoformat(match.group(part)) for part in (1, 2))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def parse_window(text: str) -> tuple[date, date]:
    """``--covers START..END``: the span the user says the inputs cover.

    >>> parse_window("2025-04-01..2026-03-27")
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 27))
    >>> parse_window("2026-03-27..2025-04-01")
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: --covers 2026-03-27..2025-04-01: the start is after the end; swap them
    """
    from fatalities.errors import InputError

    start_text, dots, end_text = text.strip().partition("..")
    try:
        if not dots:
            raise ValueError
        start, end = date.fromisoformat(start_text.strip()), date.fromisoformat(end_text.strip())
    except ValueError:
        raise InputError(
            f"--covers {text}: expected START..END as dates, e.g. 2025-04-01..2026-03-27"
        ) from None
    if start > end:
        raise InputError(f"--covers {text}: the start is after the end; swap them")
    return start, end


def coverage_note(name: str, start: date, end: date, covered_by: str) -> str:
    """The one stderr line saying what an input covers and how that is known.

    >>> coverage_note("e.csv", date(1997, 1, 6), date(2020, 7, 31), COVERED_BY_EVENTS)
    'e.csv: covers 1997-01-06 to 2020-07-31, its first and last event dates (--covers START..END says otherwise)'
    """
    how = {
        COVERED_BY_EVENTS: "its first and last event dates (--covers START..END says otherwise)",
        COVERED_BY_FILE_NAME: "the request window in its file name",
        COVERED_BY_OPTION: "as --covers says",
    }.get(covered_by, covered_by)
    return f"{name}: covers {start} to {end}, {how}"

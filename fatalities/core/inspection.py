"""What an input holds, as ``fatalities inspect`` reports it: format, size, dates, countries.

``summarise`` is pure: a ``Loaded`` (one input, no country selection) in, an
``InputSummary`` out; ``as_frame`` flattens summaries to one row per input.
``render/inspection.py`` draws them for people and as JSON.

>>> import polars as pl
>>> from datetime import date
>>> from fatalities.io.results import Loaded, SourceReport
>>> frame = pl.DataFrame({
...     "country": ["Mali", "Mali"], "event_date": [date(2017, 1, 2), date(2018, 3, 4)],
...     "fatalities": [3, 4], "events": [1, 1],
... })
>>> report = SourceReport(path="e.csv", dialect="acled", encoding="utf-8", rows=2, events=2)
>>> summary = summarise("e.csv", Loaded(frame, [report], 0, date(2018, 3, 4)))
>>> summary.fatalities, summary.countries[0].first.isoformat()
(7, '2017-01-02')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.results import Loaded


@dataclass
class CountrySpan:
    """One country's first and last event dates and its totals."""

    country: str
    first: date
    last: date
    events: int
    fatalities: int


@dataclass
class InputSummary:
    """Everything ``inspect`` says about one input (or why it could not be read)."""

    path: str
    dialect: str = ""
    description: str = ""
    source: str = ""
    granularity: str = ""
    tables: list[str] = field(default_factory=list)
    reader: str = ""
    encoding: str = ""
    delimiter: str = ""
    date_format: str = ""
    rows: int = 0
    events: int = 0
    duplicates_dropped: int = 0
    first_date: date | None = None
    last_date: date | None = None
    coverage_end: date | None = None
    fatalities: int = 0
    countries: list[CountrySpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    #: The release each table comes from: ``2020-08-03 (largest timestamp)`` (``io.releases``).
    release: list[str] = field(default_factory=list)
    #: Releases of the same data among the tables (a folder of downloads): one line a country.
    releases: list[str] = field(default_factory=list)


def summarise(path: str, loaded: Loaded) -> InputSummary:
    """The summary of one loaded input (every country)."""
    import polars as pl

    reports = loaded.reports
    frame = loaded.frame
    spans = (
        frame.group_by("country")
        .agg(
            pl.col("event_date").min().alias("first"),
            pl.col("event_date").max().alias("last"),
            pl.col("events").sum().alias("events"),
            pl.col("fatalities").sum().alias("fatalities"),
        )
        .sort("country")
    )
    first = frame["event_date"].min() if frame.height else None
    last = frame["event_date"].max() if frame.height else None
    return InputSummary(
        path=path,
        dialect=_joined(report.dialect for report in reports),
        description=_with_vocabulary(
            _joined(report.description for report in reports), event_vocabulary(loaded)
        ),
        source=loaded.source_label,
        granularity=loaded.granularity,
        tables=[report.path for report in reports],
        reader=_joined(report.reader for report in reports),
        encoding=_joined(report.encoding for report in reports),
        delimiter=_joined(report.delimiter for report in reports if report.reader.endswith("csv")),
        date_format=_joined(report.date_format for report in reports),
        rows=sum(report.rows for report in reports),
        events=int(frame["events"].sum()) if frame.height else 0,
        duplicates_dropped=loaded.duplicates_dropped,
        first_date=first if isinstance(first, date) else None,
        last_date=last if isinstance(last, date) else None,
        coverage_end=loaded.coverage_end,
        fatalities=int(frame["fatalities"].sum()) if frame.height else 0,
        countries=[CountrySpan(*row) for row in spans.rows()],
        warnings=loaded.warnings,
        notes=loaded.notes,
        release=_releases_of(loaded),
        releases=[found.message() for found in loaded.country_releases],
    )


def releases_across(loads: list[Loaded]) -> list[str]:
    """The releases of the same data among inputs loaded one by one: one line a country
    (``io.releases``), as ``trend`` would say it loading them together."""
    from fatalities.io.releases import Span, resolve

    frames = [loaded.frame for loaded in loads if loaded.granularity == "event"]
    if len(frames) < 2:
        return []
    reports = [loaded.reports[0] for loaded in loads if loaded.granularity == "event"]
    spans = [Span(r.path, r.first_date, r.coverage_end, r.file) for r in reports]
    return [found.message() for found in resolve(frames, spans).countries]


#: How a release date was found (``SourceReport.release_basis``), in words.
_RELEASE_BASIS = {
    "timestamp": "largest timestamp",
    "file name": "date in the file name",
    "modified": "file modification date",
}


def _releases_of(loaded: Loaded) -> list[str]:
    """Each distinct release date of the tables, with how it was found."""
    found = []
    for report in loaded.reports:
        if report.release_date is None:
            text = "date unknown"
        else:
            basis = _RELEASE_BASIS.get(report.release_basis, report.release_basis)
            text = f"{report.release_date.isoformat()} ({basis})"
        if text not in found:
            found.append(text)
    return found


def event_vocabulary(loaded: Loaded) -> str:
    """Which ACLED event types an event file uses: ``pre-2019 event types (no
    sub_event_type)`` or ``2019+ event types (with sub_event_type)``; empty for
    aggregates, UCDP, and files without event types.

    >>> import polars as pl
    >>> from fatalities.io.results import Loaded, SourceReport
    >>> frame = pl.DataFrame({"event_type": ["Remote violence"], "sub_event_type": [None]},
    ...                      schema={"event_type": pl.String, "sub_event_type": pl.String})
    >>> report = SourceReport(path="e.csv", dialect="acled", encoding="utf-8")
    >>> event_vocabulary(Loaded(frame, [report], 0, None))
    'pre-2019 event types (no sub_event_type)'
    """
    from fatalities.io.dialects import by_name

    frame = loaded.frame
    dialects = [by_name(report.dialect) for report in loaded.reports]
    if not dialects or not all(
        dialect.granularity == "event" and "sub_event_type" in dialect.aliases
        for dialect in dialects
    ):
        return ""
    if "event_type" not in frame.columns or frame["event_type"].null_count() == frame.height:
        return ""
    if "sub_event_type" in frame.columns and frame["sub_event_type"].null_count() < frame.height:
        return "2019+ event types (with sub_event_type)"
    return "pre-2019 event types (no sub_event_type)"


def _with_vocabulary(description: str, vocabulary: str) -> str:
    return f"{description}; {vocabulary}" if vocabulary else description


def failed(path: str, message: str) -> InputSummary:
    """The summary of an input that could not be read: just the error."""
    return InputSummary(path=path, error=message)


def _joined(values: Any) -> str:
    return ", ".join(dict.fromkeys(str(value) for value in values if value))


#: Columns of ``as_frame``: one row per input, lists joined with "; ".
FLAT_COLUMNS: tuple[str, ...] = (
    "path", "dialect", "description", "source", "granularity", "tables", "reader",
    "encoding", "delimiter", "date_format", "rows", "events", "duplicates_dropped",
    "first_date", "last_date", "coverage_end", "fatalities", "countries", "warnings",
    "notes", "error",
)  # fmt: skip


def as_frame(summaries: list[InputSummary]) -> pl.DataFrame:
    """One row per input, for csv/tsv/ndjson/markdown: country names, tables, warnings
    and notes joined with "; " (``--format json`` keeps the per-country detail).

    >>> as_frame([failed("x.csv", "empty")]).select("path", "rows", "error").rows()
    [('x.csv', 0, 'empty')]
    """
    import polars as pl

    typed = {
        "rows": pl.Int64(),
        "events": pl.Int64(),
        "duplicates_dropped": pl.Int64(),
        "fatalities": pl.Int64(),
        "first_date": pl.Date(),
        "last_date": pl.Date(),
        "coverage_end": pl.Date(),
    }
    schema = {name: typed.get(name, pl.String()) for name in FLAT_COLUMNS}

    def flat(summary: InputSummary) -> dict[str, Any]:
        record = asdict(summary)
        record["countries"] = "; ".join(span.country for span in summary.countries)
        for name in ("tables", "warnings", "notes"):
            record[name] = "; ".join(record[name])
        return {name: record[name] for name in FLAT_COLUMNS}

    return pl.DataFrame([flat(summary) for summary in summaries], schema=schema, orient="row")

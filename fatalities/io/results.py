"""What the loader gives back: ``Loaded`` (the canonical frame and what was found) and
one ``SourceReport`` per table read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.io.coverage import (
    COVERED_BY_EVENTS,
)
from fatalities.io.dialects import Granularity
from fatalities.io.releases import CountryReleases, Release
from fatalities.io.validate import (
    Locator,
)
from fatalities.vocabulary import ReleaseMode

if TYPE_CHECKING:
    import polars as pl

    #: Re-reads a CSV table as Windows-1252 when UTF-8 fails past its head.
    _Recode = Callable[[], tuple[pl.LazyFrame, Locator]]


@dataclass
class SourceReport:
    """What loading one table found: format, size, coverage, and anything a user should know."""

    path: str
    dialect: str
    encoding: str
    #: Data rows in the table (every country; HXL row not counted).
    rows: int = 0
    #: Rows loaded: after country selection, excluded rows and skipped bad rows.
    selected: int = 0
    #: Distinct events among the loaded rows (aggregates: the sum of their ``events``).
    events: int = 0
    #: Loaded rows repeating an event already listed in this table.
    duplicates_dropped: int = 0
    date_format: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Informational lines (encoding, delimiter, format notes); never errors, even with --strict.
    notes: list[str] = field(default_factory=list)
    reader: str = "csv"
    delimiter: str = ","
    description: str = ""
    granularity: Granularity = "event"
    source_label: str = "ACLED"
    #: First and last valid date in the whole table (before any country selection).
    first_date: date | None = None
    coverage_end: date | None = None
    #: How ``first_date`` to ``coverage_end`` is known: ``events`` (first and last event
    #: dates), ``file name`` (an export's request window) or ``--covers``.
    covered_by: str = COVERED_BY_EVENTS
    #: (year, month) pairs the table holds rows for (aggregated tables only).
    months: set[tuple[int, int]] = field(default_factory=set)
    #: The release the table comes from: its date and how it was found (``io.releases``).
    release_date: date | None = None
    release_basis: str = "unknown"
    #: The file on disk (``None``: stdin, a member of an archive).
    file: Path | None = None
    #: Every country name in the table, when a country asked for is missing from it
    #: (gathered by the same scan, or from the cache entry): the closest names to it.
    country_names: list[str] | None = None


@dataclass
class Loaded:
    """The canonical frame of every input, deduplicated, plus per-table reports."""

    frame: pl.DataFrame
    reports: list[SourceReport]
    duplicates_dropped: int
    #: Last day the inputs cover, before any country selection: the latest event date,
    #: or the end of the latest month or week for aggregated data.
    coverage_end: date | None
    source_label: str = "ACLED"
    #: First date in the inputs, before any country selection (``--zero-fill`` starts there).
    coverage_start: date | None = None
    #: ``event`` rows, or ``month``/``week`` aggregates (year-to-date is then cut by month).
    granularity: Granularity = "event"
    #: The fatality estimate used, for sources that give several (UCDP ``best``/``low``/``high``).
    estimate: str | None = None
    #: Aggregated sources: year -> months the data hold rows for (a year is complete with 12).
    months_covered: dict[int, int] | None = None
    #: The countries (``countries.country_keys``) the rows were selected by while loading;
    #: empty when every country was loaded.
    countries: tuple[str, ...] = ()
    #: ``--releases``: ``newest`` (the newest release of the same data wins) or ``union``.
    release_mode: ReleaseMode = ReleaseMode.newest
    #: Every release among the inputs, newest first (``io.releases``).
    releases: tuple[Release, ...] = ()
    #: Per country held by two or more releases of the same data: what was used and dropped.
    country_releases: tuple[CountryReleases, ...] = ()
    #: Several inputs: country -> (first, last) day covered by the inputs holding it.
    #: Empty when one span (``coverage_start`` to ``coverage_end``) holds for every country.
    country_spans: dict[str, tuple[date, date]] = field(default_factory=dict)

    def span_of(self, country: str) -> tuple[date | None, date | None]:
        """The first and last day the inputs cover for ``country``."""
        return self.country_spans.get(country, (self.coverage_start, self.coverage_end))

    @property
    def warnings(self) -> list[str]:
        """Every warning of every input, prefixed by its file name."""
        return [warning for report in self.reports for warning in report.warnings]

    @property
    def notes(self) -> list[str]:
        """Every informational note of every input, each said once."""
        return list(dict.fromkeys(note for report in self.reports for note in report.notes))

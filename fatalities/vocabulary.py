"""The words of a request, with no polars: every choice a user makes (the enums behind
``--format``, ``--period``, ``--by``, ``--chart``, ``--project`` ...) and the request
dataclasses (``Selection``, ``TrendRequest``), checked for contradictions before any
file is read.

Each request also says which canonical columns it needs (``columns``), so the loader
reads only those: a plain trend reads country, date, fatalities and events; ``--by
admin1`` adds admin1, ``--region`` the region. Building a request costs nothing.

>>> request = TrendRequest(selection=Selection(countries=("Mali",)), by=(Breakdown.admin1,))
>>> request.columns()
('country', 'event_date', 'fatalities', 'events', 'admin1')
>>> TrendRequest(selection=Selection(countries=("Mali",)), first_year=2018, last_year=2010).check()
Traceback (most recent call last):
...
fatalities.errors.InputError: --from 2018 is after --to 2010; swap them
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from fatalities.errors import InputError


class OutputFormat(StrEnum):
    """Every output format; ``table`` is for people, the rest for programs."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    markdown = "markdown"


class ChartKind(StrEnum):
    """``--chart``: annual bars, a month/week line, the year-to-date pace, or none."""

    bar = "bar"
    line = "line"
    pace = "pace"
    none = "none"


class Estimate(StrEnum):
    """Which deaths estimate to count, for sources that give several (UCDP GED)."""

    best = "best"
    low = "low"
    high = "high"


class Breakdown(StrEnum):
    """Columns a series can be broken down by (``--by``)."""

    event_type = "event_type"
    sub_event_type = "sub_event_type"
    disorder_type = "disorder_type"
    admin1 = "admin1"
    admin2 = "admin2"
    actor1 = "actor1"
    actor2 = "actor2"
    location = "location"
    admin3 = "admin3"
    region = "region"
    iso = "iso"
    interaction = "interaction"
    country = "country"


class Period(StrEnum):
    """The length of one step of a series (``--period``)."""

    year = "year"
    quarter = "quarter"
    month = "month"
    week = "week"


class ChangePeriod(StrEnum):
    """Periods a change alert compares (``change --period``)."""

    week = "week"
    month = "month"


class ChangeLabel(StrEnum):
    """Change bands, mildest to strongest; ``--fail-on`` takes the kebab-case names."""

    stable = "stable"
    moderate_increase = "moderate increase"
    large_increase = "large increase"
    moderate_decrease = "moderate decrease"
    large_decrease = "large decrease"


class SeedSource(StrEnum):
    """``trend --source``: figures kept in ``seeds/``, or the local store of ``fetch``."""

    article = "article"
    acled = "acled"
    hapi = "hapi"


class Measure(StrEnum):
    """What ``change`` counts."""

    fatalities = "fatalities"
    events = "events"


class FailOn(StrEnum):
    """``change --fail-on``: exit 1 on this change or a stronger one in the same direction."""

    large_increase = "large-increase"
    moderate_increase = "moderate-increase"
    large_decrease = "large-decrease"
    moderate_decrease = "moderate-decrease"


class Per(StrEnum):
    """``--per``: people a rate is counted for."""

    hundred_thousand = "100k"
    million = "1m"

    @property
    def people(self) -> int:
        """The number of people: 100,000 or 1,000,000."""
        return 100_000 if self is Per.hundred_thousand else 1_000_000

    def column(self, measure: str) -> str:
        """The rate column of a count column.

        >>> Per("1m").column("events")
        'events_per_1m'
        """
        return f"{measure}_per_{self.value}"


class ReleaseMode(StrEnum):
    """``--releases``: ``newest`` lets the newest release of the same data win (events
    it deleted are dropped), ``union`` keeps every event of every release."""

    newest = "newest"
    union = "union"


class ProjectionMethod(StrEnum):
    """``--project``: ``auto`` is seasonal with 3+ complete earlier years, else run-rate."""

    auto = "auto"
    seasonal = "seasonal"
    run_rate = "run-rate"


def group_columns(by: Sequence[str]) -> list[str]:
    """The breakdown columns besides ``country`` (which is always a key), deduplicated.

    >>> group_columns(["admin1", "country", "admin1", "event_type"])
    ['admin1', 'event_type']
    """
    seen: list[str] = []
    for name in by:
        column = Breakdown(name).value
        if column != "country" and column not in seen:
            seen.append(column)
    return seen


#: The canonical columns every series needs.
SERIES_COLUMNS: tuple[str, ...] = ("country", "event_date", "fatalities", "events")
#: Columns the political-violence rule reads (``selection.political_violence_filter``).
POLITICAL_VIOLENCE_COLUMNS: tuple[str, ...] = ("event_type", "sub_event_type")
#: ``countries``: what ``country_list.country_summary`` reads.
COUNTRY_LIST_COLUMNS: tuple[str, ...] = SERIES_COLUMNS
#: ``inspect``: ``inspect.summarise`` also tells pre-2019 from 2019+ event types.
INSPECT_COLUMNS: tuple[str, ...] = (
    *SERIES_COLUMNS, "event_type", "sub_event_type", "timestamp",
)  # fmt: skip
#: ``diff``: ``core.diff`` compares dates, fatalities, event types, places and actors.
DIFF_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "country", "event_date", "fatalities", "event_type", "sub_event_type",
    "location", "admin1", "admin2", "actor1", "actor2",
)  # fmt: skip
#: ``summary``: ``summary.summarize`` also names the event type and admin1 with most deaths.
SUMMARY_COLUMNS: tuple[str, ...] = (*SERIES_COLUMNS, "event_type", "admin1")


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Which events count, as the user asked: places, event types, and whether to sum
    the countries into one.

    >>> Selection(countries=("Mali",)).beyond_countries
    False
    """

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    iso_codes: tuple[int, ...] = ()
    all_countries: bool = False
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    political_violence: bool = False
    civilian_targeting: bool = False
    combine: bool = False

    @property
    def beyond_countries(self) -> bool:
        """Whether anything but plain ``--country`` names is asked for."""
        return bool(
            self.regions
            or self.iso_codes
            or self.all_countries
            or self.event_types
            or self.sub_event_types
            or self.political_violence
            or self.civilian_targeting
            or self.combine
        )

    @property
    def has_place(self) -> bool:
        """Whether a country, region, ISO code or --all-countries is given (``trend``
        without one shows the file's deadliest countries).

        >>> Selection().has_place, Selection(regions=("Western Africa",)).has_place
        (False, True)
        """
        return bool(self.countries or self.regions or self.iso_codes or self.all_countries)

    def require_place(self) -> None:
        """Raise ``InputError`` unless a country, region, ISO code or --all-countries is given."""
        if not self.has_place:
            raise InputError(
                "which country? pass --country NAME (or --region, --iso, --all-countries; "
                "see `fatalities countries` for names)"
            )

    def columns(self, uses: Iterable[str] = ()) -> tuple[str, ...]:
        """The canonical columns to load: those a command ``uses`` and those the
        selection filters on (``country`` is always read).

        >>> Selection(regions=("Western Africa",), civilian_targeting=True).columns(["country"])
        ('country', 'region', 'civilian_targeting')
        """
        wanted: list[str] = list(uses)
        if self.regions:
            wanted.append("region")
        if self.iso_codes:
            wanted.append("iso")
        if self.event_types:
            wanted.append("event_type")
        if self.sub_event_types:
            wanted.append("sub_event_type")
        if self.political_violence:
            wanted.extend(POLITICAL_VIOLENCE_COLUMNS)
        if self.civilian_targeting:
            wanted.append("civilian_targeting")
        return _unique(wanted)


@dataclass(frozen=True, kw_only=True)
class TrendRequest:
    """Everything ``trend`` computes: the selection, the series' step and breakdowns,
    the appended columns, the years shown and the as-of date.

    ``as_of`` is the day year-to-date is cut at (``None``: the latest event date).
    """

    selection: Selection = field(default_factory=Selection)
    period: Period = Period.year
    by: tuple[Breakdown, ...] = ()
    top: int | None = None
    cumulative: bool = False
    derived: bool = False
    project: ProjectionMethod | None = None
    first_year: int | None = None
    last_year: int | None = None
    zero_fill: bool = False
    as_of: date | None = None
    #: The chart whose data ``compute_trend`` prepares (``none``: no chart).
    chart: ChartKind = ChartKind.none
    #: ``--per``: rates per 100,000 or per million people besides the counts.
    per: Per | None = None
    #: The most rows the series may have (``None``: no limit); more is a ``TooLargeError``.
    max_rows: int | None = None

    @property
    def groups(self) -> list[str]:
        """The breakdown columns besides ``country``."""
        return group_columns([item.value for item in self.by])

    @property
    def by_country(self) -> bool:
        """Whether ``--by country`` splits (or ranks) the countries."""
        return Breakdown.country in self.by

    @property
    def plain(self) -> bool:
        """The plain yearly table of one or more named countries (no analysis option).

        >>> TrendRequest().plain, TrendRequest(period=Period.month).plain
        (True, False)
        """
        return not (
            self.selection.beyond_countries
            or self.period is not Period.year
            or self.by
            or self.top is not None
            or self.cumulative
            or self.derived
            or self.project is not None
            or self.per is not None
        )

    def check(self) -> None:
        """Raise ``InputError`` for options that contradict each other or need another.
        No place is needed: without one, ``trend`` shows the data's deadliest countries."""
        if (
            self.first_year is not None
            and self.last_year is not None
            and self.first_year > self.last_year
        ):
            raise InputError(f"--from {self.first_year} is after --to {self.last_year}; swap them")
        if self.by_country and self.selection.combine:
            raise InputError("--combine sums the countries and --by country splits them: use one")
        if self.project is not None and self.period is not Period.year:
            raise InputError("--project works on yearly series; drop --period or --project")
        if self.cumulative and self.period not in (Period.month, Period.week):
            raise InputError(
                "--cumulative is for --period month or week (year and quarter have ytd_)"
            )
        if self.top is not None and not self.by:
            raise InputError("--top N needs --by COLUMN to know what to rank")

    def columns(self) -> tuple[str, ...]:
        """The canonical columns to load: the series', the selection's, the breakdowns'."""
        return _unique([*self.selection.columns(SERIES_COLUMNS), *self.groups])


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))

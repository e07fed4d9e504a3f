"""Every command-line option, defined once, with parsers that explain bad values.

Each option is a typer ``Annotated`` type that every command taking it uses, so
``--estimate`` or ``--project`` read and look the same everywhere; the output options
(``--format``, ``-o``, ``--quiet``, ``--debug``, ``--fail-empty``) live in
``output.py`` and are re-exported here. Choices are checked by ``choice_parser``
("did you mean ...?"), whole numbers by ``number_parser`` ("'abc' is not a year; use
e.g. 2011"), never by pydantic's generic messages. ``selection_from`` turns the
selection options into a ``request.Selection``. Only ``typer`` and cheap enums are
imported here, so ``fatalities --help`` stays fast.

>>> year = number_parser("a year", "2011")
>>> year("2017")
2017
>>> year("abc")
Traceback (most recent call last):
...
typer._click.exceptions.BadParameter: 'abc' is not a year; use e.g. 2011
>>> split_names(["Mali, Niger", "Chad"])
['Mali', 'Niger', 'Chad']
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
import typer.core

from fatalities.cli.console import (
    DebugOption,
    FailEmptyOption,
    FormatOption,
    OutputOption,
    QuietOption,
    choice_parser,
    completer,
)
from fatalities.errors import InputError
from fatalities.render.charts import MIN_WIDTH as MIN_CHART_WIDTH
from fatalities.vocabulary import (
    Breakdown,
    ChangePeriod,
    ChartKind,
    Estimate,
    FailOn,
    Measure,
    Per,
    Period,
    ProjectionMethod,
    ReleaseMode,
    SeedSource,
    Selection,
)

__all__ = [
    "AllCountries",
    "AsOf",
    "ByOption",
    "ChangePeriodOption",
    "ChartOption",
    "CivilianTargeting",
    "Combine",
    "Command",
    "Countries",
    "CumulativeOption",
    "DebugOption",
    "DerivedOption",
    "EstimateOption",
    "EventTypes",
    "FailEmptyOption",
    "FailOn",
    "FailOnOption",
    "FormatOption",
    "FromYear",
    "HeightOption",
    "IsoCodes",
    "Measure",
    "MeasureOption",
    "NoCacheOption",
    "NoChartOption",
    "OutputOption",
    "Paths",
    "PerOption",
    "PeriodOption",
    "PoliticalViolence",
    "PopulationOption",
    "ProjectOption",
    "QuietOption",
    "Regions",
    "ReleasesOption",
    "SaveChartOption",
    "SourceLineOption",
    "SourceOption",
    "StrictOption",
    "SubEventTypes",
    "ToYear",
    "TopOption",
    "TrendAsOf",
    "WideOption",
    "WidthOption",
    "ZeroFillOption",
    "number_parser",
    "parse_as_of",
    "selection_from",
    "split_names",
]


#: Lowest chart accepted from ``--height`` (rows; ``charts`` draws no fewer plot rows).
MIN_CHART_HEIGHT = 8


class Command(typer.core.TyperCommand):
    """A command whose help shows an argument by its metavar alone (``PATH``), not with
    typer's type label (``PATH <list[str]>``). Register commands with ``cls=Command``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                param.display_type_rich = _no_type  # type: ignore[method-assign]


def _no_type(ctx: Any) -> None:
    return None


def number_parser(
    noun: str, example: str, *, minimum: int | None = None, below: str = ""
) -> Callable[[str], int]:
    """A typer ``parser`` for a whole number: ``'abc' is not {noun}; use e.g. {example}``.

    Values under ``minimum`` are refused with ``below`` (``{value}`` is the value).

    >>> top = number_parser("a number of groups", "3", minimum=1, below="{value} keeps none")
    >>> top("0")
    Traceback (most recent call last):
    ...
    typer._click.exceptions.BadParameter: 0 keeps none
    """

    def parse(value: str) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                raise typer.BadParameter(f"{value!r} is not {noun}; use e.g. {example}") from None
        if minimum is not None and number < minimum:
            message = below or "{value} is less than " + str(minimum)
            raise typer.BadParameter(message.format(value=number))
        return number

    return parse


def split_names(values: list[str] | None) -> list[str]:
    """``["Mali,Niger", "Chad"]`` -> ``["Mali", "Niger", "Chad"]``: repeated and comma lists."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def parse_covers(value: str | None) -> tuple[date, date] | None:
    """``--covers START..END`` as two dates (``None`` when not given).

    >>> parse_covers("2025-04-01..2026-03-27")
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 27))
    """
    from fatalities.io.coverage import parse_window

    return None if value is None else parse_window(value)


def parse_as_of(value: str | None) -> date | None:
    """``--as-of`` as a date, or an ``InputError`` saying the expected form.

    >>> parse_as_of("2017-11-20")
    datetime.date(2017, 11, 20)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"--as-of {value!r} is not a date; use YYYY-MM-DD, e.g. 2017-11-20"
        ) from None


def selection_from(
    *,
    country: list[str] | None = None,
    region: list[str] | None = None,
    iso: list[int] | None = None,
    all_countries: bool = False,
    event_type: list[str] | None = None,
    sub_event_type: list[str] | None = None,
    political_violence: bool = False,
    civilian_targeting: bool = False,
    combine: bool = False,
) -> Selection:
    """The selection options as typed: comma lists split, empty values dropped.

    >>> selection_from(country=["Mali, Niger"], event_type=["Battles"]).countries
    ('Mali', 'Niger')
    """
    return Selection(
        countries=tuple(split_names(country)),
        regions=tuple(split_names(region)),
        iso_codes=tuple(iso or ()),
        all_countries=all_countries,
        event_types=tuple(split_names(event_type)),
        sub_event_types=tuple(split_names(sub_event_type)),
        political_violence=political_violence,
        civilian_targeting=civilian_targeting,
        combine=combine,
    )


def _listed(kind: type[StrEnum]) -> str:
    """``a, b or c``: an enum's values for help text (its metavar hides them).

    >>> _listed(Estimate)
    'best, low or high'
    """
    names = [member.value for member in kind]
    return ", ".join(names[:-1]) + " or " + names[-1]


# ---------------------------------------------------------------------------
# Inputs

Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="ACLED or UCDP files: CSV/TSV, Excel, JSON, Parquet, also .gz/.zip; "
        "directories and globs; - for stdin. Default: the bundled synthetic sample.",
        show_default=False,
        metavar="PATH",
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Warnings about the input (skipped rows) are errors.")
]
EstimateOption = Annotated[
    Estimate,
    typer.Option(
        "--estimate",
        help=f"UCDP GED deaths estimate: {_listed(Estimate)} (ACLED has one count).",
        parser=choice_parser(Estimate, "deaths estimate"),
        metavar="NAME",
        autocompletion=completer(Estimate),
    ),
]
ReleasesOption = Annotated[
    ReleaseMode,
    typer.Option(
        "--releases",
        help="Inputs that are releases of the same data (downloads of different dates): "
        "newest (the newest release wins; events it deleted are dropped) or union (every "
        "event of every release counts).",
        parser=choice_parser(ReleaseMode, "releases mode"),
        metavar="MODE",
        autocompletion=completer(ReleaseMode),
    ),
]
SourceLineOption = Annotated[
    bool,
    typer.Option(
        "--source-line",
        help="Also write the result's citation (data, release date, filters) to stderr.",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read the input files themselves: no cache entry is read or built "
        "(see `fatalities cache info`).",
    ),
]

# ---------------------------------------------------------------------------
# Which events

Countries = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        help="Country name (case-insensitive); repeat or use a comma list for several.",
        show_default=False,
        metavar="NAME",
    ),
]
Regions = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        help="ACLED region, e.g. 'Western Africa' (repeatable).",
        show_default=False,
        metavar="NAME",
    ),
]
IsoCodes = Annotated[
    list[int] | None,
    typer.Option(
        "--iso",
        help="ISO 3166 numeric country code, e.g. 466 for Mali (repeatable).",
        show_default=False,
        metavar="CODE",
        parser=number_parser("an ISO 3166 numeric code", "466 for Mali"),
    ),
]
AllCountries = Annotated[
    bool,
    typer.Option("--all-countries", help="Every country in the data."),
]
EventTypes = Annotated[
    list[str] | None,
    typer.Option(
        "--event-type",
        help="Only this ACLED event type, e.g. Battles (repeatable or comma list).",
        show_default=False,
        metavar="TYPE",
    ),
]
SubEventTypes = Annotated[
    list[str] | None,
    typer.Option(
        "--sub-event-type",
        help="Only this sub-event type, e.g. 'Armed clash' (repeatable or comma list).",
        show_default=False,
        metavar="TYPE",
    ),
]
PoliticalViolence = Annotated[
    bool,
    typer.Option(
        "--political-violence",
        help="Only political violence as ACLED defines it: Battles, Explosions/Remote "
        "violence, Violence against civilians, Riots: Mob violence (older files mapped).",
    ),
]
CivilianTargeting = Annotated[
    bool,
    typer.Option(
        "--civilian-targeting",
        help="Only events flagged 'Civilian targeting' (files from 2022 on).",
    ),
]
Combine = Annotated[
    bool,
    typer.Option("--combine", help="Sum the selected countries into one series."),
]

# ---------------------------------------------------------------------------
# Which years and dates

FromYear = Annotated[
    int | None,
    typer.Option(
        "--from",
        help="First year to show.",
        show_default=False,
        metavar="YEAR",
        parser=number_parser("a year", "2011"),
    ),
]
ToYear = Annotated[
    int | None,
    typer.Option(
        "--to",
        help="Last year to show.",
        show_default=False,
        metavar="YEAR",
        parser=number_parser("a year", "2020"),
    ),
]
TrendAsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The data as known on this date (YYYY-MM-DD): later events are left out, "
        "later years do not appear, its year is partial, and year-to-date is cut at its "
        "month and day in every year. Default: the latest event date in the selected data.",
        show_default=False,
        metavar="DATE",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The data as known on this date (YYYY-MM-DD): later events are left out. "
        "Default: the latest event date in the selection.",
        show_default=False,
        metavar="DATE",
    ),
]
CoversOption = Annotated[
    str | None,
    typer.Option(
        "--covers",
        help="The span the inputs cover, START..END (e.g. 2025-04-01..2026-03-27). "
        "Default: an export's request window from its file name "
        "(YYYY-MM-DD-YYYY-MM-DD-Country.csv), else its first and last event dates.",
        show_default=False,
        metavar="START..END",
    ),
]
ZeroFillOption = Annotated[
    bool,
    typer.Option(
        "--zero-fill",
        help="Show zero years before a country's first event too (from --from, "
        "else from the start of the data).",
    ),
]

# ---------------------------------------------------------------------------
# What the series holds

PeriodOption = Annotated[
    Period,
    typer.Option(
        "--period",
        help=f"Step of the series: {_listed(Period)}; weeks are ACLED's (Saturday to "
        "Friday), labelled by start.",
        parser=choice_parser(Period, "period"),
        metavar="PERIOD",
        autocompletion=completer(Period),
    ),
]
ByOption = Annotated[
    list[Breakdown] | None,
    typer.Option(
        "--by",
        help=f"Break down by this column (repeatable): {_listed(Breakdown)}. Long rows in "
        "CSV/JSON, a pivot on a terminal.",
        show_default=False,
        parser=choice_parser(Breakdown, "breakdown column"),
        metavar="COLUMN",
        autocompletion=completer(Breakdown),
    ),
]
TopOption = Annotated[
    int | None,
    typer.Option(
        "--top",
        help="With --by: keep the N groups with most fatalities, fold the rest into 'other'.",
        show_default=False,
        metavar="N",
        parser=number_parser(
            "a number of groups", "3", minimum=1, below="{value} keeps no group; use 1 or more"
        ),
    ),
]
#: Rows a result may have by default (``--max-rows``): a bigger one would exhaust memory.
DEFAULT_MAX_ROWS = 5_000_000
MaxRowsOption = Annotated[
    int,
    typer.Option(
        "--max-rows",
        help="Refuse a result of more rows than this (exit 2): narrow it with --top N or "
        "a coarser --period.",
        metavar="N",
        parser=number_parser(
            "a number of rows", "5000000", minimum=1, below="{value} allows no row; use 1 or more"
        ),
    ),
]
CumulativeOption = Annotated[
    bool,
    typer.Option("--cumulative", help="Month/week series: add the running total within each year."),
]
DerivedOption = Annotated[
    bool,
    typer.Option(
        "--derived",
        help="Add change from the previous period (and %), year-to-date change, rank, "
        "highest_since (year) and a 3-period rolling mean (month/week).",
    ),
]
ProjectOption = Annotated[
    ProjectionMethod | None,
    typer.Option(
        "--project",
        help="Project the as-of year's full total: seasonal, run-rate, or auto "
        "(seasonal with 3+ complete earlier years).",
        show_default=False,
        parser=choice_parser(ProjectionMethod, "projection method"),
        metavar="METHOD",
        autocompletion=completer(ProjectionMethod),
    ),
]
SourceOption = Annotated[
    SeedSource | None,
    typer.Option(
        "--source",
        help="'acled' or 'hapi' reads the local store kept by 'fatalities fetch'; "
        "'article' prints the 2017 article's figures (seeds/) instead of data.",
        show_default=False,
        parser=choice_parser(SeedSource, "source"),
        metavar="NAME",
        autocompletion=completer(SeedSource),
    ),
]

# ---------------------------------------------------------------------------
# Charts

ChartOption = Annotated[
    ChartKind | None,
    typer.Option(
        "--chart",
        help="Chart under the table: bar (years, year-to-date part marked), line "
        "(per month or week), pace (cumulative by day of year, one line per year) or "
        "none; one chart per country. Default: bar, or line with --period month/week. "
        "Drawn on stdout only with the table format.",
        show_default=False,
        parser=choice_parser(ChartKind, "chart kind"),
        metavar="KIND",
        autocompletion=completer(ChartKind),
    ),
]
NoChartOption = Annotated[bool, typer.Option("--no-chart", help="Same as --chart none.")]
SaveChartOption = Annotated[
    str | None,
    typer.Option(
        "--save-chart",
        help="Also write the chart, without colour, to FILE: plain text, or a web "
        "page when FILE ends in .html.",
        show_default=False,
        metavar="FILE",
    ),
]
WidthOption = Annotated[
    int | None,
    typer.Option(
        "--width",
        help=f"Chart width in columns, at least {MIN_CHART_WIDTH} "
        "(default: COLUMNS or the terminal's width).",
        show_default=False,
        metavar="COLUMNS",
        parser=number_parser(
            "a width in columns",
            "80",
            minimum=MIN_CHART_WIDTH,
            below="{value} columns is narrower than the narrowest chart "
            f"({MIN_CHART_WIDTH} columns)",
        ),
    ),
]
HeightOption = Annotated[
    int | None,
    typer.Option(
        "--height",
        help=f"Chart height in rows, at least {MIN_CHART_HEIGHT} "
        "(default: fits the terminal, 12 to 20).",
        show_default=False,
        metavar="ROWS",
        parser=number_parser(
            "a height in rows",
            "16",
            minimum=MIN_CHART_HEIGHT,
            below=f"{{value}} rows is lower than the lowest chart ({MIN_CHART_HEIGHT} rows)",
        ),
    ),
]

# ---------------------------------------------------------------------------
# change

ChangePeriodOption = Annotated[
    ChangePeriod | None,
    typer.Option(
        "--period",
        help="Compare weeks (ACLED's, Saturday to Friday) with the previous 4 and 52, or "
        "months with the previous 3 and 12. Default: week; month on monthly data.",
        show_default=False,
        parser=choice_parser(ChangePeriod, "change period"),
        metavar="PERIOD",
        autocompletion=completer(ChangePeriod),
    ),
]
MeasureOption = Annotated[
    Measure,
    typer.Option(
        "--measure",
        help=f"Count {_listed(Measure)}.",
        parser=choice_parser(Measure, "measure"),
        metavar="MEASURE",
        autocompletion=completer(Measure),
    ),
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when any comparison shows this change or a stronger one: "
        f"{_listed(FailOn)} (moderate-increase also fails on large-increase).",
        show_default=False,
        parser=choice_parser(FailOn, "change label"),
        metavar="CHANGE",
        autocompletion=completer(FailOn),
    ),
]

# ---------------------------------------------------------------------------
# Figures ready to publish (issue 16)

PerOption = Annotated[
    Per | None,
    typer.Option(
        "--per",
        help=f"Also give rates per {_listed(Per)} people (fatalities_per_100k, "
        "events_per_100k ...), from the World Bank population of each year.",
        show_default=False,
        parser=choice_parser(Per, "rate"),
        metavar="PEOPLE",
        autocompletion=completer(Per),
    ),
]
PopulationOption = Annotated[
    str | None,
    typer.Option(
        "--population",
        help="With --per: population figures from FILE (CSV country,year,population; "
        "country as ISO3 code or name) instead of the shipped World Bank table.",
        show_default=False,
        metavar="FILE",
    ),
]
WideOption = Annotated[
    bool,
    typer.Option("--wide", help="Keep every column and the long headers on a narrow terminal."),
]

"""The analysis side of the command line: selection and period options, ``summary``, ``change``.

``cli.py`` registers ``summary`` and ``change`` and hands ``trend`` over to
``run_trend`` when an analysis option is given. Nothing is computed here: options
are parsed into the core's arguments, and the core's frames are rendered.
Only ``typer`` and enums are imported at module level, so ``--help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities.breakdown import Breakdown
from fatalities.change import ChangeLabel, ChangePeriod
from fatalities.dialects import ACLED, Dialect, Estimate
from fatalities.errors import ExitCode, InputError
from fatalities.output import (
    Console,
    DebugOption,
    FormatOption,
    OutputOption,
    QuietOption,
    choose_format,
)
from fatalities.periods import Period
from fatalities.render import OutputFormat
from fatalities.trend_charts import ChartKind

if TYPE_CHECKING:
    import polars as pl

    from fatalities.load import Loaded


#: ``trend --period`` when not given: the plain yearly table.
DEFAULT_PERIOD = Period.year


class ProjectMethod(StrEnum):
    """``--project``: ``auto`` is seasonal with 3+ complete earlier years, else run-rate."""

    auto = "auto"
    seasonal = "seasonal"
    run_rate = "run-rate"


class FailOn(StrEnum):
    """``change --fail-on``: exit 1 on this change or a stronger one in the same direction."""

    large_increase = "large-increase"
    moderate_increase = "moderate-increase"
    large_decrease = "large-decrease"
    moderate_decrease = "moderate-decrease"


class Measure(StrEnum):
    """What ``change`` counts."""

    fatalities = "fatalities"
    events = "events"


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="ACLED export files (CSV), or - for stdin. Default: the bundled synthetic sample.",
        show_default=False,
        metavar="PATH...",
    ),
]
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
PeriodOption = Annotated[
    Period,
    typer.Option(
        "--period",
        help="Step of the series; weeks are ACLED's (Saturday to Friday), labelled by start.",
        case_sensitive=False,
    ),
]
ByOption = Annotated[
    list[Breakdown] | None,
    typer.Option(
        "--by",
        help="Break down by this column (repeatable): long rows in CSV/JSON, a pivot on a terminal.",
        show_default=False,
        case_sensitive=False,
    ),
]
TopOption = Annotated[
    int | None,
    typer.Option(
        "--top",
        help="With --by: keep the N groups with most fatalities, fold the rest into 'other'.",
        show_default=False,
        min=1,
        metavar="N",
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
    ProjectMethod | None,
    typer.Option(
        "--project",
        help="Project the as-of year's full total: seasonal, run-rate, or auto "
        "(seasonal with 3+ complete earlier years).",
        show_default=False,
        case_sensitive=False,
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Cut at this date (YYYY-MM-DD). Default: the latest event date in the selection.",
        show_default=False,
        metavar="DATE",
    ),
]
Format = FormatOption
Output = OutputOption
Debug = DebugOption
Quiet = QuietOption
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Warnings about the input (skipped rows) are errors.")
]
EstimateOption = Annotated[
    Estimate,
    typer.Option(
        "--estimate",
        help="UCDP GED deaths estimate: best, low or high (ACLED has one count).",
        case_sensitive=False,
    ),
]


@dataclass
class Selection:
    """The selection options of a command, as given."""

    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    iso_codes: list[int] = field(default_factory=list)
    all_countries: bool = False
    event_types: list[str] = field(default_factory=list)
    sub_event_types: list[str] = field(default_factory=list)
    political_violence: bool = False
    civilian_targeting: bool = False
    combine: bool = False

    @classmethod
    def from_options(
        cls,
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
        """Options as typed: comma lists split, empty values dropped."""
        from fatalities.cli import split_names

        return cls(
            countries=split_names(country),
            regions=split_names(region),
            iso_codes=list(iso or []),
            all_countries=all_countries,
            event_types=split_names(event_type),
            sub_event_types=split_names(sub_event_type),
            political_violence=political_violence,
            civilian_targeting=civilian_targeting,
            combine=combine,
        )

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

    def require_place(self) -> None:
        """Raise ``InputError`` unless a country, region, ISO code or --all-countries is given."""
        if not (self.countries or self.regions or self.iso_codes or self.all_countries):
            raise InputError(
                "which country? pass --country NAME (or --region, --iso, --all-countries; "
                "see `fatalities countries` for names)"
            )

    def apply(self, frame: pl.DataFrame, source: Dialect = ACLED) -> pl.DataFrame:
        """The selected events (``source``: the data's dialect); with ``combine``,
        relabelled as one country."""
        from fatalities.selection import combine, select

        chosen = select(
            frame,
            countries=self.countries,
            regions=self.regions,
            iso_codes=self.iso_codes,
            event_types=self.event_types,
            sub_event_types=self.sub_event_types,
            political_violence=self.political_violence,
            civilian_targeting=self.civilian_targeting,
            source=source,
        )
        if self.combine and chosen.height:
            chosen = combine(chosen)
        return chosen


def load_selected(
    paths: list[str] | None,
    selection: Selection,
    console: Console,
    *,
    estimate: Estimate = Estimate.best,
    strict: bool = False,
) -> tuple[Loaded, pl.DataFrame]:
    """Load the inputs (countries filtered while scanning) and apply the rest of the selection."""
    from fatalities.cli import load_inputs

    selection.require_place()
    loaded = load_inputs(
        paths, selection.countries, console, estimate=estimate.value, strict=strict
    )
    from fatalities.selection import scope_notes, source_dialect

    source = source_dialect(loaded)
    for note in scope_notes(source, political_violence=selection.political_violence):
        console.note(note)
    return loaded, selection.apply(loaded.frame, source)


def cut_for(as_of: date | None, events: pl.DataFrame, loaded: Loaded, console: Console) -> date:
    """The as-of date: given or the selection's latest event; for monthly or weekly
    aggregates the end of its month (said on stderr)."""
    from fatalities.series import latest_date, year_to_date_cut

    cut = as_of or latest_date(events) or loaded.coverage_end
    if cut is None:
        raise InputError("no events in the input")
    if loaded.granularity != "event":
        cut = year_to_date_cut(cut, loaded.granularity)
        console.note(
            f"{loaded.granularity}ly data: year-to-date is cut at the end of the as-of "
            f"month, {cut:%B} (1 January to {cut:%d %B} in every year)"
        )
    return cut


def check_granularity(granularity: str, period: str) -> None:
    """Weeks cannot be made from monthly totals: raise ``InputError`` when asked.

    >>> check_granularity("month", "week")
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: --period week needs event rows or weekly data; these data are monthly totals (use --period month)
    """
    if granularity == "month" and period == "week":
        raise InputError(
            "--period week needs event rows or weekly data; these data are monthly totals "
            "(use --period month)"
        )


@dataclass
class TrendRequest:
    """``trend``'s analysis options."""

    period: Period = Period.year
    by: list[Breakdown] = field(default_factory=list)
    top: int | None = None
    cumulative: bool = False
    derived: bool = False
    project: ProjectMethod | None = None
    first_year: int | None = None
    last_year: int | None = None
    zero_fill: bool = False

    def beyond_annual(self) -> bool:
        """Whether anything but the plain yearly table is asked for.

        >>> TrendRequest().beyond_annual(), TrendRequest(period=Period.month).beyond_annual()
        (False, True)
        """
        return bool(
            self.period is not Period.year
            or self.by
            or self.top is not None
            or self.cumulative
            or self.derived
            or self.project is not None
        )


def analysis_requested(selection: Selection, request: TrendRequest) -> bool:
    """Whether ``trend`` needs ``run_trend`` rather than its plain yearly path.

    >>> analysis_requested(Selection(countries=["Mali"]), TrendRequest())
    False
    """
    return selection.beyond_countries or request.beyond_annual()


def trend_frames(
    events: pl.DataFrame,
    request: TrendRequest,
    *,
    as_of: date,
    coverage_end: date | None,
    combined: bool = False,
    zero_fill_from: int | None = None,
    months_covered: dict[int, int] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The series ``trend`` prints, and the projection notes for people.

    Breakdowns are prepared (empty values labelled, ``--top`` folded), the series
    computed over every year, derived columns and projections appended, and only
    then trimmed to ``--from``/``--to`` so the first shown change has its base.
    """
    import polars as pl

    from fatalities.breakdown import fill_groups, fold_top, group_columns
    from fatalities.derived import with_derived
    from fatalities.periods import period_series
    from fatalities.projection import Method, project, projection_frame

    by_names = [item.value for item in request.by]
    groups = group_columns(by_names)
    by_country = "country" in by_names
    if by_country and combined:
        raise InputError("--combine sums the countries and --by country splits them: use one")
    if request.project is not None and request.period is not Period.year:
        raise InputError("--project works on yearly series; drop --period or --project")
    if request.cumulative and request.period not in (Period.month, Period.week):
        raise InputError("--cumulative is for --period month or week (year and quarter have ytd_)")
    if request.top is not None and not by_names:
        raise InputError("--top N needs --by COLUMN to know what to rank")
    prepared = fill_groups(events, groups)
    if request.top is not None:
        if by_country:
            prepared = fold_top(prepared, ["country"], request.top, per=())
        if groups:
            prepared = fold_top(prepared, groups, request.top, per=("country",))
    series = period_series(
        prepared,
        request.period,
        by=groups,
        as_of=as_of,
        coverage_end=coverage_end,
        cumulative=request.cumulative,
        zero_fill_from=zero_fill_from,
        months_covered=months_covered,
    )
    if request.derived:
        series = with_derived(series, request.period, by=groups)
    notes: list[str] = []
    if request.project is not None and series.height:
        method = None if request.project is ProjectMethod.auto else Method(request.project.value)
        keys = ["country", *groups]
        projected = projection_frame(series, as_of, method, by=groups)
        series = series.join(projected, on=[*keys, "year"], how="left", nulls_equal=True)
        for key, part in series.group_by(keys, maintain_order=True):
            label = " / ".join(str(value) for value in key)
            notes.append(f"{label}: {project(part, as_of, method).describe()}")
    if request.first_year is not None:
        series = series.filter(pl.col("year") >= request.first_year)
    if request.last_year is not None:
        series = series.filter(pl.col("year") <= request.last_year)
    return series, notes


def run_trend(
    paths: list[str] | None,
    selection: Selection,
    request: TrendRequest,
    *,
    as_of: date | None,
    kind: OutputFormat,
    console: Console,
    chart: ChartKind | None = None,
    save_chart: str | None = None,
    width: int | None = None,
    height: int | None = None,
    fail_empty: bool = False,
    estimate: Estimate = Estimate.best,
    strict: bool = False,
) -> None:
    """``trend`` with analysis options: select, compute, render, write, chart.

    The chart (default: bars for years, a line for months and weeks) is of the first
    country's selected events; breakdowns get none (their pivot table is the view).
    """
    from fatalities.render import render

    loaded, events = load_selected(paths, selection, console, estimate=estimate, strict=strict)
    check_granularity(loaded.granularity, request.period.value)
    cut = cut_for(as_of, events, loaded, console)
    start = loaded.coverage_start.year if loaded.coverage_start else None
    series, notes = trend_frames(
        events,
        request,
        as_of=cut,
        coverage_end=loaded.coverage_end,
        combined=selection.combine,
        zero_fill_from=(request.first_year or start) if request.zero_fill else None,
        months_covered=loaded.months_covered,
    )
    if kind is OutputFormat.table:
        console.data(trend_table(series, request, cut, loaded.coverage_end))
        for note in notes:
            console.data(f"projection: {note}")
    else:
        console.data(render(series, kind))
        for note in notes:
            console.note(f"projection: {note}")
    if series.height == 0:
        from fatalities.selection import source_dialect
        from fatalities.why_empty import emptied_by_steps, selection_steps

        culprit = emptied_by_steps(
            loaded.frame,
            selection_steps(
                regions=selection.regions,
                iso_codes=selection.iso_codes,
                event_types=selection.event_types,
                sub_event_types=selection.sub_event_types,
                political_violence=selection.political_violence,
                civilian_targeting=selection.civilian_targeting,
                first_year=request.first_year,
                last_year=request.last_year,
                source=source_dialect(loaded),
            ),
        )
        console.note(f"no rows: {culprit or 'the selection'} left no events; widen it")
        if fail_empty:
            raise typer.Exit(int(ExitCode.FAILED))
        return
    default = ChartKind.bar if request.period is Period.year else ChartKind.line
    chosen = chart or default
    if save_chart is not None and chosen is ChartKind.none:
        raise InputError("--save-chart needs a chart: drop --no-chart / --chart none")
    draw = chosen if kind is OutputFormat.table and not request.by else ChartKind.none
    if draw is ChartKind.none and save_chart is None:
        return

    def drawn(colour: bool) -> str:
        return _chart(chosen, events, request, cut, loaded.coverage_end, width, height, colour)

    if draw is not ChartKind.none:
        from fatalities.output import use_colour

        console.data(drawn(use_colour(to_file=console.to_file)))
    if save_chart is not None:
        from fatalities.output import write_atomic
        from fatalities.trend_charts import chart_file_text

        write_atomic(save_chart, chart_file_text(drawn(False), save_chart))
        console.note(f"chart written to {save_chart}")


def _chart(
    chosen: ChartKind,
    events: pl.DataFrame,
    request: TrendRequest,
    as_of: date,
    coverage_end: date | None,
    width: int | None,
    height: int | None,
    colour: bool,
) -> str:
    from fatalities.output import chart_height, terminal_width
    from fatalities.periods import period_series
    from fatalities.trend_charts import trend_chart

    return trend_chart(
        chosen,
        series=period_series(events, "year", as_of=as_of, coverage_end=coverage_end),
        events=events,
        as_of=as_of,
        coverage_end=coverage_end,
        width=terminal_width(width),
        height=chart_height(height),
        color=colour,
        period=request.period.value if request.period in (Period.month, Period.week) else "month",
        first_year=request.first_year,
        last_year=request.last_year,
    )


def trend_table(
    series: pl.DataFrame, request: TrendRequest, as_of: date, coverage_end: date | None
) -> str:
    """The series for people: a pivot for breakdowns, readable derived cells otherwise."""
    import polars as pl

    from fatalities.breakdown import group_columns, pivot
    from fatalities.render import render

    period_column = "year" if request.period is Period.year else "period"
    marked = series.with_columns(
        pl.when(pl.col("complete"))
        .then(pl.col(period_column).cast(pl.String))
        .otherwise(pl.col(period_column).cast(pl.String) + "*")
        .alias(period_column)
    )
    several = series["country"].n_unique() > 1
    footer = (
        f"\n* partial period: the data end on {coverage_end.isoformat()}"
        if coverage_end is not None and not series["complete"].all()
        else ""
    )
    groups = group_columns([item.value for item in request.by])
    by_country = any(item is Breakdown.country for item in request.by)
    if groups or by_country:
        index = ([] if by_country or not several else ["country"]) + [period_column]
        columns = groups or ["country"]
        wide = pivot(marked, columns, index=index).sort(index)
        note = "\n(fatalities; --format csv or json gives the long table with every column)"
        return render(wide, OutputFormat.table) + footer + note
    shown = _readable(marked, request)
    keep = [
        name
        for name in shown.columns
        if name not in ("complete", "period_start", "period_end")
        and not (name == "year" and request.period is not Period.year)
        and not (name == "country" and not several)
    ]
    cut = f"{as_of.day} {as_of:%b}"
    headers = {
        "ytd_fatalities": f"fatalities to {cut}",
        "ytd_events": f"events to {cut}",
        "cumulative_fatalities": "fatalities in year so far",
        "cumulative_events": "events in year so far",
        "change_pct": "change %",
        "ytd_change": f"change to {cut}",
        "ytd_change_pct": f"change to {cut} %",
        "rolling_mean_3": "3-period mean",
        "highest_since": "highest since",
        "ytd_rank": f"rank to {cut}",
        "projected_fatalities": "projected",
        "projected_low": "low",
        "projected_high": "high",
        "projection_method": "method",
        "projection_years": "years used",
    }
    return render(shown.select(keep), OutputFormat.table, headers=headers) + footer


def _readable(series: pl.DataFrame, request: TrendRequest) -> pl.DataFrame:
    """Signed, grouped changes (``+1,882``, ``+196.2%``) for the terminal.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"change": [1882, -3, None], "change_pct": [1001.06, 0.0, None]})
    >>> _readable(frame, TrendRequest()).rows()
    [('+1,882', '+1,001.1%'), ('-3', '0.0%'), (None, None)]
    """
    import polars as pl

    def signed(value: int) -> str:
        return f"{value:+,}" if value else "0"

    def percent(value: float) -> str:
        return f"{value:+,.1f}%" if value else "0.0%"

    return series.with_columns(
        *(
            pl.col(name).map_elements(signed, return_dtype=pl.String)
            for name in ("change", "ytd_change")
            if name in series.columns
        ),
        *(
            pl.col(name).map_elements(percent, return_dtype=pl.String)
            for name in ("change_pct", "ytd_change_pct")
            if name in series.columns
        ),
    )


def summary(
    paths: Paths = None,
    country: Countries = None,
    region: Regions = None,
    iso: IsoCodes = None,
    all_countries: AllCountries = False,
    event_type: EventTypes = None,
    sub_event_type: SubEventTypes = None,
    political_violence: PoliticalViolence = False,
    civilian_targeting: CivilianTargeting = False,
    combine: Combine = False,
    as_of: AsOf = None,
    project: ProjectOption = None,
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
    output_format: Format = None,
    output: Output = None,
    debug: Debug = False,
    quiet: Quiet = False,
) -> None:
    """A few plain sentences about the latest year: total to date, rank, pace, projection.

    Every number comes from the data: the year-to-date total and its date, how it
    ranks against earlier full years and against the same cut of earlier years,
    the highest-since year, a full-year projection with its range, and the event
    type and admin1 area with most fatalities. --format json gives the same facts
    as fields.

    Examples:

      fatalities summary export.csv --country Mali --as-of 2017-11-20

      fatalities summary export.csv --country Mali,Niger --combine --format json
    """
    from fatalities.cli import parse_as_of, user_errors

    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        selection = Selection.from_options(
            country, region, iso, all_countries, event_type, sub_event_type,
            political_violence, civilian_targeting, combine,
        )  # fmt: skip
        loaded, events = load_selected(paths, selection, console, estimate=estimate, strict=strict)
        cut = cut_for(parse_as_of(as_of), events, loaded, console)
        from fatalities.projection import Method
        from fatalities.summary import summarize

        method = None if project in (None, ProjectMethod.auto) else Method(project.value)
        facts = summarize(
            events,
            as_of=cut,
            coverage_end=loaded.coverage_end,
            method=method,
            months_covered=loaded.months_covered,
        )
        console.data(summary_text(facts.as_record(), kind))


def summary_text(record: dict[str, object], kind: OutputFormat) -> str:
    """The summary record as sentences (table, markdown), JSON, or one CSV/TSV row.

    >>> print(summary_text({"year": 2017, "sentences": ["One.", "Two."]}, OutputFormat.table))
    One.
    Two.
    >>> print(summary_text({"year": 2017, "projection_years": [2015, 2016], "sentences": []},
    ...                    OutputFormat.csv), end="")
    year,projection_years
    2017,2015 2016
    """
    import json

    lines = record.get("sentences")
    sentences = [str(line) for line in lines] if isinstance(lines, list) else []
    if kind is OutputFormat.table:
        return "\n".join(sentences)
    if kind is OutputFormat.markdown:
        return "\n\n".join(sentences) + "\n"
    if kind is OutputFormat.json:
        return json.dumps(record, indent=2) + "\n"
    if kind is OutputFormat.ndjson:
        return json.dumps(record) + "\n"
    import polars as pl

    from fatalities.render import render

    flat = {
        name: " ".join(str(item) for item in value) if isinstance(value, list) else value
        for name, value in record.items()
        if name != "sentences"
    }
    return render(pl.DataFrame([flat]), kind)


def change(
    paths: Paths = None,
    country: Countries = None,
    region: Regions = None,
    iso: IsoCodes = None,
    all_countries: AllCountries = False,
    event_type: EventTypes = None,
    sub_event_type: SubEventTypes = None,
    political_violence: PoliticalViolence = False,
    civilian_targeting: CivilianTargeting = False,
    combine: Combine = False,
    period: Annotated[
        ChangePeriod | None,
        typer.Option(
            "--period",
            help="Compare weeks (ACLED's, Saturday to Friday) with the previous 4 and 52, or "
            "months with the previous 3 and 12. Default: week; month on monthly data.",
            show_default=False,
        ),
    ] = None,
    measure: Annotated[
        Measure, typer.Option("--measure", help="Count fatalities or events.")
    ] = Measure.fatalities,
    as_of: AsOf = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when any comparison shows this change or a stronger one "
            "(moderate-increase also fails on large-increase).",
            show_default=False,
        ),
    ] = None,
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
    output_format: Format = None,
    output: Output = None,
    debug: Debug = False,
    quiet: Quiet = False,
) -> None:
    """The latest complete week against the previous 4 and 52 weeks (month: 3 and 12).

    Labels as ACLED's Trendfinder: large increase above +25%, moderate +10% to +25%,
    the same bands down, stable otherwise; with a mean of 2 or less and 5 or less in
    the latest period it is always stable (so 1 -> 2 is not "large"). Exit 0, or 1
    with --fail-on when that change is found.

    Examples:

      fatalities change export.csv --country Mali

      fatalities change export.csv --country Mali --period month --fail-on large-increase
    """
    from fatalities.cli import parse_as_of, user_errors

    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        selection = Selection.from_options(
            country, region, iso, all_countries, event_type, sub_event_type,
            political_violence, civilian_targeting, combine,
        )  # fmt: skip
        cut = parse_as_of(as_of)
        loaded, events = load_selected(paths, selection, console, estimate=estimate, strict=strict)
        from fatalities.change import at_least, choose_period, compare_latest, comparisons_frame

        period, period_note = choose_period(period, loaded.granularity)
        if period_note:
            console.note(period_note)
        import polars as pl

        from fatalities.render import render

        end = loaded.coverage_end
        if cut is not None:
            events = events.filter(pl.col("event_date") <= cut)
            end = min(cut, end) if end is not None else cut
        comparisons = compare_latest(events, period=period, coverage_end=end, measure=measure.value)
        frame = comparisons_frame(comparisons, measure.value)
        if kind is OutputFormat.table:
            console.data(_change_table(frame, period, measure.value))
        else:
            console.data(render(frame, kind))
        hits = []
        if fail_on is not None:
            threshold = ChangeLabel(fail_on.value.replace("-", " "))
            hits = [item for item in comparisons if at_least(item.label, threshold)]
        for item in hits:
            console.note(
                f"{item.country}: {item.label.value} against the mean of the previous "
                f"{item.window} {period.value}s (--fail-on {fail_on})"
            )
    if hits:  # after the output is written (also with -o FILE)
        raise typer.Exit(int(ExitCode.FAILED))


def _change_table(frame: pl.DataFrame, period: ChangePeriod, measure: str) -> str:
    import polars as pl

    from fatalities.render import render

    shown = frame.select(
        "country",
        pl.format("{} to {}", pl.col("period_start"), pl.col("period_end")).alias(period.value),
        measure,
        pl.format("mean of previous {} {}s", pl.col("window"), pl.lit(period.value)).alias(
            "compared with"
        ),
        pl.col("mean").round(1),
        pl.when(pl.col("change_pct").is_null())
        .then(pl.lit(""))
        .when(pl.col("change_pct") > 0)
        .then(pl.format("+{}%", pl.col("change_pct")))
        .otherwise(pl.format("{}%", pl.col("change_pct")))
        .alias("change"),
        "label",
    )
    return render(shown, OutputFormat.table)

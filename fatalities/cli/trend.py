"""``fatalities trend``: annual (or quarterly, monthly, weekly) fatalities and events,
year to date at the same calendar cut-off every year, with a terminal chart.

Options become a ``TrendRequest``; ``core.trend.compute_trend`` computes; the table and
chart renderers draw; the console writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from fatalities.cli.console import Console, choose_format, terminal_width
from fatalities.cli.errors import user_errors
from fatalities.cli.inputs import load_inputs
from fatalities.cli.options import (
    DEFAULT_MAX_ROWS,
    AllCountries,
    ByOption,
    ChartOption,
    CivilianTargeting,
    Combine,
    Countries,
    CoversOption,
    CumulativeOption,
    DebugOption,
    DerivedOption,
    EstimateOption,
    EventTypes,
    FailEmptyOption,
    FormatOption,
    FromYear,
    HeightOption,
    IsoCodes,
    MaxRowsOption,
    NoCacheOption,
    NoChartOption,
    OutputOption,
    Paths,
    PeriodOption,
    PerOption,
    PoliticalViolence,
    PopulationOption,
    ProjectOption,
    QuietOption,
    Regions,
    ReleasesOption,
    SaveChartOption,
    SourceLineOption,
    SourceOption,
    StrictOption,
    SubEventTypes,
    TopOption,
    ToYear,
    TrendAsOf,
    WideOption,
    WidthOption,
    ZeroFillOption,
    parse_as_of,
    parse_covers,
    selection_from,
    split_names,
)
from fatalities.cli.state import run_state
from fatalities.errors import ExitCode, InputError
from fatalities.vocabulary import ChartKind, Estimate, OutputFormat, Period, ReleaseMode

if TYPE_CHECKING:
    from pathlib import Path

    from fatalities.core.provenance import Source
    from fatalities.core.trend import Trend
    from fatalities.render.images import ChartFile
    from fatalities.vocabulary import TrendRequest


def trend(
    context: typer.Context,
    paths: Paths = None,
    country: Countries = None,
    from_year: FromYear = None,
    to_year: ToYear = None,
    as_of: TrendAsOf = None,
    covers: CoversOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    chart: ChartOption = None,
    no_chart: NoChartOption = False,
    save_chart: SaveChartOption = None,
    width: WidthOption = None,
    height: HeightOption = None,
    fail_empty: FailEmptyOption = False,
    region: Regions = None,
    iso: IsoCodes = None,
    all_countries: AllCountries = False,
    event_type: EventTypes = None,
    sub_event_type: SubEventTypes = None,
    political_violence: PoliticalViolence = False,
    civilian_targeting: CivilianTargeting = False,
    combine: Combine = False,
    period: PeriodOption = Period.year,
    by: ByOption = None,
    top: TopOption = None,
    cumulative: CumulativeOption = False,
    derived: DerivedOption = False,
    project: ProjectOption = None,
    zero_fill: ZeroFillOption = False,
    max_rows: MaxRowsOption = DEFAULT_MAX_ROWS,
    per: PerOption = None,
    population: PopulationOption = None,
    wide: WideOption = False,
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
    releases: ReleasesOption = ReleaseMode.newest,
    source: SourceOption = None,
    source_line: SourceLineOption = False,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
) -> None:
    """Annual and year-to-date fatalities and events for a country.

    Year-to-date counts, in every year, the events on or before the as-of date's
    month and day, so each year is cut at the same calendar day.

    Examples:

      fatalities trend --country Mali

      fatalities trend --country Mali --as-of 2017-11-20 --chart pace

      fatalities trend export.csv --country mali --format csv | sort -t, -k3 -n

      fatalities trend export.csv --country Mali -o mali.json --save-chart mali.html

      fatalities trend export.csv --country Mali --period month --by event_type --top 3

      fatalities trend export.csv --country Mali,Niger --political-violence --derived --project auto

      fatalities trend export.csv --country Mali,Niger --per 100k --save-chart sahel.png
    """
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        from fatalities.render.images import chart_file_kind, refuse_image_output

        refuse_image_output(output)
        chart_file = None if save_chart is None else chart_file_kind(save_chart)
        from fatalities.claims.seeds import seeds_input
        from fatalities.cli.store import source_paths

        paths, seed_source = source_paths(paths, source)  # --source acled/hapi: the store
        seeds = seeds_input(paths, seed_source)  # --source article, or a seeds .toml as input
        if seeds is not None:
            _print_seeds(seeds, split_names(country), kind, console)
            return
        from fatalities.render.trend_charts import default_chart
        from fatalities.vocabulary import TrendRequest

        chosen = ChartKind.none if no_chart else chart or default_chart(period)
        if save_chart is not None and chosen is ChartKind.none:
            raise InputError("--save-chart needs a chart: drop --no-chart / --chart none")
        # Breakdowns get no chart on screen: their pivot table is the view.
        on_screen = kind is OutputFormat.table and not by
        request = TrendRequest(selection=selection_from(
                country=country, region=region, iso=iso, all_countries=all_countries,
                event_type=event_type, sub_event_type=sub_event_type,
                political_violence=political_violence, civilian_targeting=civilian_targeting,
                combine=combine,
            ),
            period=period, by=tuple(by or ()), top=top, cumulative=cumulative,
            derived=derived, project=project, first_year=from_year, last_year=to_year,
            zero_fill=zero_fill, as_of=parse_as_of(as_of), per=per, max_rows=max_rows,
            chart=chosen if on_screen or save_chart is not None else ChartKind.none,
        )  # fmt: skip
        request.check()
        people = None
        if population is not None:
            if per is None:
                raise InputError("--population gives figures for --per: add --per 100k or 1m")
            from fatalities.io.population import read_population

            people = read_population(population)
        from fatalities.cli.source import source_columns

        loaded = load_inputs(
            paths, request.selection.countries, console, state, estimate=estimate.value,
            strict=strict, columns=(*request.columns(), *source_columns(kind, source_line)),
            releases=releases, covers=parse_covers(covers), summed=True,
        )  # fmt: skip
        from fatalities.cli.source import result_source
        from fatalities.core.provenance import selection_filters
        from fatalities.core.trend import compute_trend

        result = compute_trend(loaded, request, population=people)
        for note in result.notes:
            console.note(note)
        filters = selection_filters(
            request.selection, as_of=request.as_of, from_year=from_year, to_year=to_year
        )
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        table_width = None if wide or not console.on_terminal else terminal_width(width)
        _write_trend(result, request, kind, console, cited, table_width)
        if on_screen and chosen is not ChartKind.none and result.why_empty is None:
            console.data(_charts(result, width, height, console))
        if kind is OutputFormat.table:  # the table, projections and chart end with it
            from fatalities.render.text import wrap_words

            console.data(wrap_words(cited.line(), table_width))
        if result.why_empty is not None:
            console.note(result.why_empty)
            if fail_empty:
                raise typer.Exit(int(ExitCode.FAILED))
            return
        if save_chart is not None and chart_file is not None:
            _save_chart(save_chart, chart_file, result, request, width, height, console)


def _write_trend(
    result: Trend,
    request: TrendRequest,
    kind: OutputFormat,
    console: Console,
    source: Source,
    width: int | None = None,
) -> None:
    """The series as a table (projection lines under it; the body adds the chart and the
    ``Source:`` line; fitted to ``width`` columns when given) or in a machine format
    (projection lines on stderr), with its source as the format carries it."""
    from fatalities.render.provenance import table_title, with_source
    from fatalities.render.trend_table import machine_series, trend_table

    if kind is OutputFormat.table:
        table = trend_table(result.series, request, result.as_of, result.coverage_end, width=width)
        console.data(table_title(source) + table)
        for line in result.projections:
            console.data(f"projection: {line}")
        return
    from fatalities.render.text import render_chunks

    series = machine_series(result.series, kind)
    if kind in (OutputFormat.csv, OutputFormat.tsv, OutputFormat.ndjson):
        # streamed: the source changes nothing in these formats (``with_source``)
        console.stream(render_chunks(series, kind))
    else:
        console.data(with_source(series, kind, source))
    for line in result.projections:
        console.note(f"projection: {line}")


def _charts(result: Trend, width: int | None, height: int | None, console: Console | None) -> str:
    """The trend's charts at the terminal's size, coloured for ``console``'s stdout
    (``None``: no colour, for a file)."""
    from fatalities.cli.console import chart_height, terminal_width, use_colour
    from fatalities.render.trend_charts import trend_charts

    if result.chart is None:
        return ""
    return trend_charts(
        result.chart,
        width=terminal_width(width),
        height=chart_height(height),
        color=console is not None and use_colour(to_file=console.to_file),
    )


def _save_chart(
    path: str,
    chart_file: ChartFile,
    result: Trend,
    request: TrendRequest,
    width: int | None,
    height: int | None,
    console: Console,
) -> None:
    """Write the chart to ``path``: an image or Vega-Lite spec, else the text chart."""
    from fatalities.cli.console import write_atomic, write_atomic_bytes
    from fatalities.render.images import ChartFile, image_bytes, image_metadata, trend_image_spec
    from fatalities.render.trend_charts import chart_file_text

    console.refuse_input(path, "--save-chart")
    if chart_file in (ChartFile.text, ChartFile.html):
        write_atomic(path, chart_file_text(_charts(result, width, height, None), path))
    else:
        measure = "fatalities" if request.per is None else request.per.column("fatalities")
        spec = trend_image_spec(result, measure=measure)
        write_atomic_bytes(path, image_bytes(spec, chart_file, metadata=image_metadata(spec)))
    console.note(f"chart written to {path}")


def _print_seeds(path: Path, countries: list[str], kind: OutputFormat, console: Console) -> None:
    """The figures a seeds file quotes, for ``countries`` (all when none are given)."""
    from fatalities.claims.seeds import seeds_figures, seeds_note
    from fatalities.render.text import render

    figures = seeds_figures(path, countries)
    console.note(seeds_note(path))
    console.data(render(figures, kind))

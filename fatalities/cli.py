"""The ``fatalities`` command: parse options, call the core, render, map errors to exit codes.

No computation lives here. Heavy libraries (polars, plotext) are imported inside the
commands, so ``fatalities --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities import __version__
from fatalities import analysis_cli as analysis
from fatalities.cache_command import SETTINGS as CACHE_SETTINGS
from fatalities.cache_command import NoCacheOption, cache_app
from fatalities.dialects import Estimate
from fatalities.errors import ExitCode, FatalitiesError, InputError
from fatalities.output import (
    Console,
    DebugOption,
    FailEmptyOption,
    FormatOption,
    HeightOption,
    OutputOption,
    QuietOption,
    WidthOption,
    chart_height,
    choice_parser,
    choose_format,
    closed_pipe,
    terminal_width,
    use_colour,
)
from fatalities.quick_options import install as install_quick_options
from fatalities.render import OutputFormat
from fatalities.trend_charts import ChartKind

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

    from fatalities.load import Loaded

install_quick_options()  # typer checks option values without importing pydantic (0.08 s)

app = typer.Typer(
    name="fatalities",
    help="Fatality trends from ACLED-style conflict-event data, for terminals and pipes.\n\n"
    "Examples:\n\n"
    "  fatalities trend --country Mali\n\n"
    "  fatalities countries export.csv\n\n"
    "Run 'fatalities COMMAND --help' for a command's options and examples.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich would triple start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
# Shared output options (fatalities/output.py): every command that outputs data takes them.
Format = FormatOption
#: The canonical columns plain ``trend`` uses (fewer columns read: faster first runs).
TREND_COLUMNS = ("country", "event_date", "fatalities", "events")
Output = OutputOption
Debug = DebugOption
Quiet = QuietOption


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"fatalities {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Fatality trends from ACLED-style conflict-event data.

    Example: fatalities trend --country Mali
    """
    CACHE_SETTINGS.enabled = not no_cache
    CACHE_SETTINGS.pending.clear()


@contextmanager
def user_errors(debug: bool) -> Iterator[None]:
    """Translate domain errors to one stderr line and their exit code (tracebacks with --debug)."""
    try:
        yield
    except FatalitiesError as error:
        if debug:
            raise
        sys.stderr.write(f"fatalities: error: {error}\n")
        raise typer.Exit(int(error.exit_code)) from None
    except KeyboardInterrupt:
        if debug:
            raise
        sys.stderr.write("fatalities: interrupted\n")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except BrokenPipeError:
        closed_pipe()
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(
            f"fatalities: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for the traceback, and report it)\n"
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def split_names(values: list[str] | None) -> list[str]:
    """``["Mali,Niger", "Chad"]`` -> ``["Mali", "Niger", "Chad"]``.

    >>> split_names(["Mali, Niger", "Chad"])
    ['Mali', 'Niger', 'Chad']
    """
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def load_inputs(
    paths: list[str] | None,
    countries: list[str],
    console: Console,
    *,
    estimate: str = "best",
    strict: bool = False,
    columns: Collection[str] | None = None,
) -> Loaded:
    """Load the given files, or the bundled sample data (saying so on stderr).

    ``columns``: the canonical columns the command uses (default all; fewer is faster).
    Large CSV files are read from the cache when current, else cached in the background
    once the command is done (``runtime.run``).
    """
    from fatalities.cache_command import cache_dir_for_run, schedule_builds
    from fatalities.load import load
    from fatalities.resources import sample_data_path

    sources: list[str] = list(paths or [])
    if not sources:
        sample = sample_data_path()
        console.note(f"no input files given: reading the bundled synthetic sample data ({sample})")
        sources = [str(sample)]
    shown = ["<stdin>" if source == "-" else source for source in sources]
    label = "loading " + (shown[0] if len(shown) == 1 else f"{len(shown)} files")
    with console.progress(label):
        cache_dir = cache_dir_for_run()
        loaded = load(
            sources, countries=countries, estimate=estimate, strict=strict,
            columns=columns, cache_dir=cache_dir,
        )  # fmt: skip
    if cache_dir is not None:
        schedule_builds(sources, cache_dir, estimate=estimate)
    for note in loaded.notes:
        console.note(note)
    if loaded.source_label != "ACLED" or loaded.estimate:
        estimate_note = f", {loaded.estimate} estimate of deaths" if loaded.estimate else ""
        console.note(f"source: {loaded.source_label}{estimate_note}")
    for warning in loaded.warnings:
        console.note(f"warning: {warning}")
    if loaded.duplicates_dropped:
        console.note(
            f"dropped {loaded.duplicates_dropped:,} duplicate row(s) of events listed more than "
            "once (same event_id_cnty); each event counts once"
        )
    return loaded


@app.command()
def trend(
    paths: Paths = None,
    country: Countries = None,
    from_year: Annotated[
        int | None,
        typer.Option("--from", help="First year to show.", show_default=False, metavar="YEAR"),
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option("--to", help="Last year to show.", show_default=False, metavar="YEAR"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Cut year-to-date at this date's month and day (YYYY-MM-DD). "
            "Default: the latest event date in the selected data.",
            show_default=False,
            metavar="DATE",
        ),
    ] = None,
    output_format: Format = None,
    output: Output = None,
    chart: Annotated[
        ChartKind | None,
        typer.Option(
            "--chart",
            help="Chart under the table: bar (years, year-to-date part marked), line "
            "(per month), pace (cumulative by day of year, one line per year) or none. "
            "Default: bar. Drawn on stdout only with the table format.",
            show_default=False,
            metavar="KIND",
            parser=choice_parser(ChartKind, "chart kind"),
            autocompletion=lambda: [kind.value for kind in ChartKind],
        ),
    ] = None,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="Same as --chart none.")] = False,
    save_chart: Annotated[
        str | None,
        typer.Option(
            "--save-chart",
            help="Also write the chart, without colour, to FILE: plain text, or a web "
            "page when FILE ends in .html.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    width: WidthOption = None,
    height: HeightOption = None,
    fail_empty: FailEmptyOption = False,
    region: analysis.Regions = None,
    iso: analysis.IsoCodes = None,
    all_countries: analysis.AllCountries = False,
    event_type: analysis.EventTypes = None,
    sub_event_type: analysis.SubEventTypes = None,
    political_violence: analysis.PoliticalViolence = False,
    civilian_targeting: analysis.CivilianTargeting = False,
    combine: analysis.Combine = False,
    period: analysis.PeriodOption = analysis.DEFAULT_PERIOD,
    by: analysis.ByOption = None,
    top: analysis.TopOption = None,
    cumulative: analysis.CumulativeOption = False,
    derived: analysis.DerivedOption = False,
    project: analysis.ProjectOption = None,
    zero_fill: Annotated[
        bool,
        typer.Option(
            "--zero-fill",
            help="Show zero years before a country's first event too (from --from, "
            "else from the start of the data).",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings about the input (skipped rows) are errors.")
    ] = False,
    estimate: Annotated[
        Estimate,
        typer.Option(
            "--estimate",
            help="UCDP GED deaths estimate: best, low or high (ACLED has one count).",
            case_sensitive=False,
        ),
    ] = Estimate.best,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="'article' prints the 2017 article's figures (seeds/) instead of data.",
            show_default=False,
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    debug: Debug = False,
    quiet: Quiet = False,
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
    """
    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        if no_cache:
            CACHE_SETTINGS.enabled = False
        from fatalities.seeds import seeds_input

        seeds = seeds_input(paths, source)  # --source article, or a seeds .toml as input
        if seeds is not None:
            _print_seeds(seeds, split_names(country), kind, console)
            return
        if save_chart is not None and (no_chart or chart is ChartKind.none):
            raise InputError("--save-chart needs a chart: drop --no-chart / --chart none")
        selection = analysis.Selection.from_options(
            country, region, iso, all_countries, event_type, sub_event_type,
            political_violence, civilian_targeting, combine,
        )  # fmt: skip
        request = analysis.TrendRequest(
            period, list(by or []), top, cumulative, derived, project, from_year, to_year,
            zero_fill=zero_fill,
        )  # fmt: skip
        if analysis.analysis_requested(selection, request):
            analysis.run_trend(
                paths, selection, request, as_of=parse_as_of(as_of), kind=kind,
                console=console, chart=ChartKind.none if no_chart else chart,
                save_chart=save_chart, width=width, height=height, fail_empty=fail_empty,
                estimate=estimate, strict=strict,
            )  # fmt: skip
            return
        countries = split_names(country)
        if not countries:
            raise InputError(
                "which country? pass --country NAME (see `fatalities countries` for names)"
            )
        cut = parse_as_of(as_of)
        loaded = load_inputs(
            paths, countries, console, estimate=estimate.value, strict=strict,
            columns=TREND_COLUMNS,
        )  # fmt: skip
        from fatalities.series import annual, latest_date, year_to_date_cut

        cut = cut or latest_date(loaded.frame)
        if cut is not None and loaded.granularity != "event":
            cut = year_to_date_cut(cut, loaded.granularity)
            console.note(
                f"{loaded.granularity}ly data: year-to-date is cut at the end of the as-of "
                f"month, {cut:%B} (1 January to {cut:%d %B} in every year)"
            )
        start = loaded.coverage_start.year if loaded.coverage_start else None
        series = annual(
            loaded.frame,
            as_of=cut,
            coverage_end=loaded.coverage_end,
            first_year=from_year,
            last_year=to_year,
            zero_fill_from=(from_year or start) if zero_fill else None,
            months_covered=loaded.months_covered,
        )
        chart_kind = ChartKind.none if no_chart else chart or ChartKind.bar
        if kind is not OutputFormat.table:
            from fatalities.render import render

            console.data(render(series, kind))
        else:
            console.data(_trend_table(series, cut, loaded.coverage_end))
        if series.height == 0:
            _say_why_empty(console, loaded.frame, from_year, to_year, fail_empty)
            return
        draw = chart_kind if kind is OutputFormat.table else ChartKind.none
        if draw is ChartKind.none and save_chart is None:
            return
        from fatalities.trend_charts import trend_chart

        def drawn(colour: bool) -> str:
            return trend_chart(
                chart_kind,
                series=series,
                events=loaded.frame,
                as_of=cut,
                coverage_end=loaded.coverage_end,
                width=terminal_width(width),
                height=chart_height(height),
                color=colour,
                first_year=from_year,
                last_year=to_year,
            )

        if draw is not ChartKind.none:
            console.data(drawn(use_colour(to_file=console.to_file)))
        if save_chart is not None:
            _save_chart(save_chart, drawn(False), console)


def parse_as_of(value: str | None) -> date | None:
    """``--as-of`` as a date, or an ``InputError`` saying the expected form."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"--as-of {value!r} is not a date; use YYYY-MM-DD, e.g. 2017-11-20"
        ) from None


def _trend_table(series: pl.DataFrame, as_of: date | None, coverage_end: date | None) -> str:
    import polars as pl

    from fatalities.render import render

    cut = f"{as_of:%d %b}" if as_of else "as-of date"
    shown = series.with_columns(
        pl.when(pl.col("complete"))
        .then(pl.col("year").cast(pl.String))
        .otherwise(pl.col("year").cast(pl.String) + "*")
        .alias("year")
    ).drop("complete")
    headers = {
        "ytd_fatalities": f"fatalities to {cut}",
        "ytd_events": f"events to {cut}",
    }
    table = render(shown, OutputFormat.table, headers=headers)
    partial = series.filter(~pl.col("complete"))
    if partial.height and coverage_end is not None:
        table += f"\n* partial year: the data end on {coverage_end.isoformat()}"
    return table


def _say_why_empty(
    console: Console,
    events: pl.DataFrame,
    first_year: int | None,
    last_year: int | None,
    fail_empty: bool,
) -> None:
    """A note naming the filter that left no rows; exit 1 with ``--fail-empty``."""
    from fatalities.series import latest_date
    from fatalities.why_empty import emptied_by, year_range_filters

    culprit = emptied_by(events, year_range_filters(first_year, last_year)) or "the filters"
    first, last = events["event_date"].min(), latest_date(events)
    span = f" (the selected data run from {first!s} to {last!s})" if events.height else ""
    console.note(f"no rows: {culprit} left no events{span}; widen the selection")
    if fail_empty:
        raise typer.Exit(int(ExitCode.FAILED))


def _save_chart(path: str, chart: str, console: Console) -> None:
    from fatalities.output import write_atomic
    from fatalities.trend_charts import chart_file_text

    write_atomic(path, chart_file_text(chart, path))
    console.note(f"chart written to {path}")


@app.command()
def countries(
    paths: Paths = None,
    output_format: Format = None,
    output: Output = None,
    debug: Debug = False,
    quiet: Quiet = False,
) -> None:
    """Every country in the data: first and last event date, events and fatalities.

    Sorted by fatalities, most first; use it to find the exact name for --country.

    Examples:

      fatalities countries

      fatalities countries export.csv --format csv | head -5
    """
    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        loaded = load_inputs(paths, [], console)
        from fatalities.country_list import country_summary
        from fatalities.render import render

        console.data(render(country_summary(loaded.frame), kind))


def _print_seeds(path: Path, countries: list[str], kind: OutputFormat, console: Console) -> None:
    """The figures a seeds file quotes, for ``countries`` (all when none are given)."""
    from fatalities.render import render
    from fatalities.seeds import seeds_figures, seeds_note

    figures = seeds_figures(path, countries)
    console.note(seeds_note(path))
    console.data(render(figures, kind))


# `check` lives in its own module (claims against data, issue 6).
from fatalities.check_command import check as _check  # noqa: E402

app.command(name="check")(_check)
# `summary` and `change` live with the analysis options (issue 5).
app.command(name="summary")(analysis.summary)
app.command(name="change")(analysis.change)
# `inspect` describes inputs of every format (issue 4).
from fatalities.inspect_command import inspect as _inspect  # noqa: E402

app.command(name="inspect")(_inspect)
app.add_typer(cache_app, name="cache")


def main() -> None:
    """Console-script entry point: run the app; a closed stdout pipe ends quietly."""
    try:
        app()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except SystemExit as done:
        # typer ends a closed pipe met while writing help or --version with status 1,
        # after wrapping stdout in its PacifyFlushWrapper: that is a quiet success too.
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(0)
        raise
    except KeyboardInterrupt:
        sys.stderr.write("fatalities: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush is quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

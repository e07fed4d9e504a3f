"""The ``fatalities`` command: parse options, call the core, render, map errors to exit codes.

No computation lives here. Heavy libraries (polars, plotext) are imported inside the
commands, so ``fatalities --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities import __version__
from fatalities.cli import analysis
from fatalities.cli.cache import SETTINGS as CACHE_SETTINGS
from fatalities.cli.cache import apply_no_cache, cache_app, with_no_cache
from fatalities.cli.console import RUN, Console, choose_format, closed_pipe
from fatalities.cli.inputs import load_inputs
from fatalities.cli.options import (
    DEFAULT_MAX_ROWS,
    AllCountries,
    ByOption,
    ChartOption,
    CivilianTargeting,
    Combine,
    Command,
    Countries,
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
    PoliticalViolence,
    ProjectOption,
    QuietOption,
    Regions,
    SaveChartOption,
    SourceOption,
    StrictOption,
    SubEventTypes,
    TopOption,
    ToYear,
    TrendAsOf,
    WidthOption,
    ZeroFillOption,
    parse_as_of,
    selection_from,
    split_names,
)
from fatalities.cli.quick_options import install as install_quick_options
from fatalities.core.periods import Period
from fatalities.errors import ExitCode, FatalitiesError, InputError
from fatalities.io.dialects import Estimate
from fatalities.render.text import OutputFormat
from fatalities.render.trend_charts import ChartKind

if TYPE_CHECKING:
    from pathlib import Path

    from fatalities.core.request import TrendRequest
    from fatalities.core.trend import Trend

#: Names other command modules import from here.
__all__ = ["app", "load_inputs", "main", "parse_as_of", "split_names", "user_errors"]

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


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"fatalities {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    context: typer.Context,
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
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Fatality trends from ACLED-style conflict-event data.

    --no-cache, --quiet and --debug work before the command as after it.

    Example: fatalities trend --country Mali
    """
    CACHE_SETTINGS.enabled = not no_cache
    CACHE_SETTINGS.pending.clear()
    RUN.quiet, RUN.debug = quiet, debug
    RUN.command = context.invoked_subcommand or ""


@contextmanager
def user_errors(debug: bool) -> Iterator[None]:
    """Translate domain errors to one stderr line and their exit code (tracebacks with --debug,
    given after the command or before it)."""
    debug = debug or RUN.debug
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
    except BaseException as error:  # polars' PanicException is no Exception
        if debug or isinstance(error, SystemExit | GeneratorExit):
            raise
        from fatalities.cli.failures import failure_message

        message = failure_message(error)
        if message is not None:
            sys.stderr.write(f"fatalities: error: {message}\n")
            raise typer.Exit(int(ExitCode.INPUT)) from None
        if not isinstance(error, Exception):
            raise
        sys.stderr.write(
            f"fatalities: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for the traceback, and report it)\n"
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


@app.command(cls=Command)
def trend(
    paths: Paths = None,
    country: Countries = None,
    from_year: FromYear = None,
    to_year: ToYear = None,
    as_of: TrendAsOf = None,
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
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
    source: SourceOption = None,
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
    """
    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        apply_no_cache(no_cache)
        from fatalities.claims.seeds import seeds_input

        seeds = seeds_input(paths, source)  # --source article, or a seeds .toml as input
        if seeds is not None:
            _print_seeds(seeds, split_names(country), kind, console)
            return
        from fatalities.core.request import TrendRequest
        from fatalities.render.trend_charts import default_chart

        request = TrendRequest(
            selection_from(
                country, region, iso, all_countries, event_type, sub_event_type,
                political_violence, civilian_targeting, combine,
            ),
            period=period, by=tuple(by or ()), top=top, cumulative=cumulative,
            derived=derived, project=project, first_year=from_year, last_year=to_year,
            zero_fill=zero_fill, as_of=parse_as_of(as_of), max_rows=max_rows,
        )  # fmt: skip
        request.check()
        chosen = ChartKind.none if no_chart else chart or default_chart(period)
        if save_chart is not None and chosen is ChartKind.none:
            raise InputError("--save-chart needs a chart: drop --no-chart / --chart none")
        loaded = load_inputs(
            paths, request.selection.countries, console, estimate=estimate.value,
            strict=strict, columns=request.columns(),
        )  # fmt: skip
        from fatalities.core.trend import compute_trend

        result = compute_trend(loaded, request)
        for note in result.notes:
            console.note(note)
        _write_trend(result, request, kind, console)
        if result.why_empty is not None:
            console.note(result.why_empty)
            if fail_empty:
                raise typer.Exit(int(ExitCode.FAILED))
            return
        # Breakdowns get no chart on screen: their pivot table is the view.
        shown = chosen if kind is OutputFormat.table and not request.by else ChartKind.none
        if shown is not ChartKind.none:
            console.data(_charts(chosen, result, request, width, height, console))
        if save_chart is not None:
            chart_text = _charts(chosen, result, request, width, height, None)
            _save_chart(save_chart, chart_text, console)


def _write_trend(
    result: Trend, request: TrendRequest, kind: OutputFormat, console: Console
) -> None:
    """The series as a table (projection lines under it) or in a machine format
    (projection lines on stderr)."""
    from fatalities.render.text import render
    from fatalities.render.trend_table import trend_table

    if kind is OutputFormat.table:
        console.data(trend_table(result.series, request, result.as_of, result.coverage_end))
        for line in result.projections:
            console.data(f"projection: {line}")
        return
    from fatalities.render.text import MACHINE_FORMATS, render_chunks

    if kind in MACHINE_FORMATS:
        console.stream(render_chunks(result.series, kind))
    else:
        console.data(render(result.series, kind))
    for line in result.projections:
        console.note(f"projection: {line}")


def _charts(
    kind: ChartKind,
    result: Trend,
    request: TrendRequest,
    width: int | None,
    height: int | None,
    console: Console | None,
) -> str:
    """The trend's charts at the terminal's size, coloured for ``console``'s stdout
    (``None``: no colour, for a file)."""
    from fatalities.cli.console import chart_height, terminal_width, use_colour
    from fatalities.render.trend_charts import trend_charts

    return trend_charts(
        kind,
        result,
        request,
        width=terminal_width(width),
        height=chart_height(height),
        color=console is not None and use_colour(to_file=console.to_file),
    )


def _save_chart(path: str, chart: str, console: Console) -> None:
    from fatalities.cli.console import write_atomic
    from fatalities.render.trend_charts import chart_file_text

    console.refuse_input(path, "--save-chart")
    write_atomic(path, chart_file_text(chart, path))
    console.note(f"chart written to {path}")


@app.command(cls=Command)
def countries(
    paths: Paths = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
) -> None:
    """Every country in the data: first and last event date, events and fatalities.

    Sorted by fatalities, most first; use it to find the exact name for --country.

    Examples:

      fatalities countries

      fatalities countries export.csv --format csv | head -5
    """
    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        apply_no_cache(no_cache)
        from fatalities.core.request import COUNTRY_LIST_COLUMNS

        loaded = load_inputs(paths, [], console, columns=COUNTRY_LIST_COLUMNS)
        from fatalities.core.country_summary import country_summary
        from fatalities.render.text import render

        console.data(render(country_summary(loaded.frame), kind))


def _print_seeds(path: Path, countries: list[str], kind: OutputFormat, console: Console) -> None:
    """The figures a seeds file quotes, for ``countries`` (all when none are given)."""
    from fatalities.claims.seeds import seeds_figures, seeds_note
    from fatalities.render.text import render

    figures = seeds_figures(path, countries)
    console.note(seeds_note(path))
    console.data(render(figures, kind))


# `check` lives in its own module (claims against data, issue 6).
from fatalities.cli.check import check as _check  # noqa: E402

app.command(name="check", cls=Command)(with_no_cache(_check))
# `summary` and `change` live with the analysis options (issue 5).
app.command(name="summary", cls=Command)(analysis.summary)
app.command(name="change", cls=Command)(analysis.change)
# `inspect` describes inputs of every format (issue 4).
from fatalities.cli.inspect import inspect as _inspect  # noqa: E402

app.command(name="inspect", cls=Command)(_inspect)
app.add_typer(cache_app, name="cache")


def main() -> None:
    """Console-script entry point: run the app; a closed stdout pipe ends quietly."""
    try:
        with only_command(invoked_command(sys.argv[1:], os.environ)):
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


def invoked_command(args: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The command ``args`` run, when typer needs no other: not for help or the version
    before it, nor for shell completion.

    >>> invoked_command(["--quiet", "trend", "--help"], {})
    'trend'
    >>> invoked_command(["--help", "trend"], {}), invoked_command(["trend"], {"_FATALITIES_COMPLETE": "1"})
    (None, None)
    """
    if any(name.endswith("_COMPLETE") for name in environ):
        return None
    for arg in args:
        if arg in {"--help", "-h", "--version"} or arg.startswith("--install-completion"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


@contextmanager
def only_command(name: str | None) -> Iterator[None]:
    """Register only the command ``name`` (if it is one) while the app runs.

    On every run typer builds every command from its signature (about 0.02 s for all of
    them); a run needs only its own. The command's help, options and errors are the same.
    """
    commands, groups = list(app.registered_commands), list(app.registered_groups)
    kept = [info for info in commands if _command_name(info) == name]
    kept_groups = [info for info in groups if info.name == name]
    if kept or kept_groups:
        app.registered_commands[:], app.registered_groups[:] = kept, kept_groups
    try:
        yield
    finally:
        app.registered_commands[:], app.registered_groups[:] = commands, groups


def _command_name(info: typer.models.CommandInfo) -> str | None:
    """A registered command's name, as typer gives it (``trend`` for ``def trend``)."""
    if info.name:
        return info.name
    callback = info.callback
    return None if callback is None else callback.__name__.lower().replace("_", "-")


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush is quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

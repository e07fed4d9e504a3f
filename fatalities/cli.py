"""The ``fatalities`` command: parse options, call the core, render, map errors to exit codes.

No computation lives here. Heavy libraries (polars, plotext) are imported inside the
commands, so ``fatalities --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities import __version__
from fatalities.errors import ExitCode, FatalitiesError, InputError
from fatalities.render import OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.load import Loaded

app = typer.Typer(
    name="fatalities",
    help="Fatality trends from ACLED-style conflict-event data, for terminals and pipes.",
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
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, csv in a pipe.",
        show_default=False,
        case_sensitive=False,
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No notes or warnings on stderr.")]


class Console:
    """Where output goes: data to stdout, notes to stderr (unless quiet)."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet

    def data(self, text: str) -> None:
        """Write data to stdout."""
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()

    def note(self, text: str) -> None:
        """A message for the person at the terminal, on stderr."""
        if not self.quiet:
            sys.stderr.write(f"fatalities: {text}\n")


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
) -> None:
    """Fatality trends from ACLED-style conflict-event data.

    Example: fatalities trend --country Mali
    """


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
    except (typer.Exit, typer.Abort, BrokenPipeError):
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


def choose_format(requested: OutputFormat | None) -> OutputFormat:
    """The requested format, or table on a terminal and csv in a pipe."""
    if requested is not None:
        return requested
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.csv


def use_colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def terminal_width(requested: int | None) -> int:
    """``--width``, else ``COLUMNS``/the terminal's width, else 80."""
    import shutil

    if requested:
        return max(requested, 40)
    return max(shutil.get_terminal_size((80, 24)).columns, 40)


def load_inputs(paths: list[str] | None, countries: list[str], console: Console) -> Loaded:
    """Load the given files, or the bundled sample data (saying so on stderr)."""
    from fatalities.load import load
    from fatalities.resources import sample_data_path

    sources: list[str] = list(paths or [])
    if not sources:
        sample = sample_data_path()
        console.note(f"no input files given: reading the bundled synthetic sample data ({sample})")
        sources = [str(sample)]
    loaded = load(sources, countries=countries)
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
    chart: Annotated[
        bool, typer.Option("--chart/--no-chart", help="Draw a chart under the table.")
    ] = True,
    width: Annotated[
        int | None, typer.Option("--width", help="Chart width (default: terminal width).")
    ] = None,
    height: Annotated[int, typer.Option("--height", help="Chart height in rows.")] = 16,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="'article' prints the 2017 article's figures (seeds/) instead of data.",
            show_default=False,
        ),
    ] = None,
    debug: Debug = False,
    quiet: Quiet = False,
) -> None:
    """Annual and year-to-date fatalities and events for a country.

    Year-to-date counts, in every year, the events on or before the as-of date's
    month and day, so each year is cut at the same calendar day.

    Examples:

      fatalities trend --country Mali

      fatalities trend export.csv --country mali --as-of 2017-11-20 --format csv
    """
    console = Console(quiet=quiet)
    with user_errors(debug):
        kind = choose_format(output_format)
        if source is not None:
            _print_seeds(source, kind, console)
            return
        countries = split_names(country)
        if not countries:
            raise InputError(
                "which country? pass --country NAME (see `fatalities countries` for names)"
            )
        cut = parse_as_of(as_of)
        loaded = load_inputs(paths, countries, console)
        from fatalities.series import annual, latest_date

        cut = cut or latest_date(loaded.frame)
        series = annual(
            loaded.frame,
            as_of=cut,
            coverage_end=loaded.coverage_end,
            first_year=from_year,
            last_year=to_year,
        )
        if kind is not OutputFormat.table:
            from fatalities.render import render

            console.data(render(series, kind))
            return
        console.data(_trend_table(series, cut, loaded.coverage_end))
        if chart and series.height:
            console.data(_trend_chart(series, countries, width, height))


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


def _trend_chart(series: pl.DataFrame, countries: list[str], width: int | None, height: int) -> str:
    from fatalities.charts import bar_chart

    first = series["country"][0]
    one = series.filter(series["country"] == first)
    partial = one.filter(~one["complete"])["year"].to_list()
    return bar_chart(
        one["year"].to_list(),
        one["fatalities"].to_list(),
        one["ytd_fatalities"].to_list(),
        partial[-1] if partial else None,
        width=terminal_width(width),
        height=height,
        color=use_colour(),
        title=f"{first}: fatalities per year (darker: year-to-date)",
    )


def _print_seeds(source: str, kind: OutputFormat, console: Console) -> None:
    from fatalities.render import render
    from fatalities.seeds import article_series

    if source != "article":
        raise InputError(f"--source {source!r} is not known; the only source is 'article'")
    figures = article_series()
    console.note("the 2017 Military Times article's ACLED figures for Mali (seeds/)")
    console.data(render(figures, kind))


def main() -> None:
    """Console-script entry point: run the app; a closed stdout pipe ends quietly."""
    try:
        app()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("fatalities: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush is quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

"""The ``fatalities`` app: one registration line per command module.

Each command lives in ``cli/NAME.py`` and never imports this module. The app callback
takes the options given before the command (``fatalities --quiet trend``) into the run's
state (``cli.state.RunState``). Heavy libraries (polars, plotext) are imported inside
the commands, so ``fatalities --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from fatalities import __version__
from fatalities.cli import change, check, countries, diff, inspect, summary, trend
from fatalities.cli.cache import cache_app
from fatalities.cli.options import Command, DebugOption, NoCacheOption, QuietOption
from fatalities.cli.quick_options import install as install_quick_options
from fatalities.cli.state import start_run

# typer checks option values without importing pydantic: about 0.08 s a command
# (``cli/quick_options.py``; pinned to typer 0.29, whose internals it touches).
install_quick_options()

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
    from fatalities.cli.errors import user_errors
    from fatalities.cli.state import RunState

    with user_errors(RunState(debug=debug)):  # a bad FATALITIES_CACHE is a one-line error
        start_run(context, quiet=quiet, debug=debug, no_cache=no_cache)


app.command(cls=Command)(trend.trend)
app.command(cls=Command)(countries.countries)
app.command(cls=Command)(check.check)
app.command(cls=Command)(summary.summary)
app.command(cls=Command)(change.change)
app.command(cls=Command)(inspect.inspect)
app.command(cls=Command)(diff.diff)
app.add_typer(cache_app, name="cache")
# `fetch`, `store` and `auth` keep a local copy of ACLED's API data (issue 15).
from fatalities.cli.auth import auth_app  # noqa: E402
from fatalities.cli.fetch import fetch_app  # noqa: E402
from fatalities.cli.store import store_app  # noqa: E402

app.add_typer(fetch_app, name="fetch")
app.add_typer(store_app, name="store")
app.add_typer(auth_app, name="auth")

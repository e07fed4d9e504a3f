"""``fatalities countries``: every country in the data, to find the name for ``--country``."""

from __future__ import annotations

import typer

from fatalities.cli.console import Console, choose_format
from fatalities.cli.errors import user_errors
from fatalities.cli.inputs import load_inputs
from fatalities.cli.options import (
    DebugOption,
    FormatOption,
    NoCacheOption,
    OutputOption,
    Paths,
    QuietOption,
    ReleasesOption,
    SourceLineOption,
)
from fatalities.cli.state import run_state
from fatalities.cli.store import StoreSourceOption, store_paths
from fatalities.vocabulary import ReleaseMode


def countries(
    context: typer.Context,
    paths: Paths = None,
    source: StoreSourceOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    releases: ReleasesOption = ReleaseMode.newest,
    source_line: SourceLineOption = False,
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
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        paths = store_paths(paths, source)  # --source acled/hapi: the local store
        kind = choose_format(output_format, output=output)
        from fatalities.cli.source import result_source, source_columns
        from fatalities.vocabulary import COUNTRY_LIST_COLUMNS

        columns = (*COUNTRY_LIST_COLUMNS, *source_columns(kind, source_line))
        loaded = load_inputs(paths, [], console, state, columns=columns, releases=releases)
        from fatalities.core.country_summary import country_summary
        from fatalities.render.provenance import with_source

        cited = result_source(loaded, {}, kind, console, source_line=source_line)
        console.data(with_source(country_summary(loaded.frame), kind, cited))

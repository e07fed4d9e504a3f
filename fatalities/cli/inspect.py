"""``fatalities inspect``: what each input holds and how it was read. Registered in ``cli.py``.

Each input is loaded on its own (every country), summarised by ``inspect.summarise``
and shown as a block of lines, or as a JSON list with ``--format json``. An input
that cannot be read is reported with its error and the others are still shown;
the exit code is then 2. Large CSV files are read from the cache when current, as in
every data command (``--no-cache``: the files themselves).
"""

from __future__ import annotations

from typing import Annotated

import typer

from fatalities.cli.console import (
    Console,
    DebugOption,
    FormatOption,
    OutputOption,
    QuietOption,
    choose_format,
)
from fatalities.cli.options import EstimateOption, NoCacheOption
from fatalities.errors import ExitCode, FatalitiesError
from fatalities.vocabulary import Estimate, OutputFormat


def inspect(
    context: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, globs or - for stdin: any format `trend` reads.",
            show_default=False,
            metavar="PATH",
        ),
    ],
    output_format: FormatOption = None,
    estimate: EstimateOption = Estimate.best,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
) -> None:
    """Describe each input: format, encoding, rows, events, dates, countries, warnings.

    For every input: the detected dialect and source, how it was read (container,
    encoding, delimiter, date format), rows, distinct events, duplicate rows dropped,
    the date range, each country's first and last event dates and totals, the
    fatalities total, and every warning.

    Examples:

      fatalities inspect export.csv

      fatalities inspect data/ --format json | jq '.[].fatalities'
    """
    from fatalities.cli.cache import schedule_builds
    from fatalities.cli.errors import user_errors
    from fatalities.cli.inputs import check_stdin, max_input
    from fatalities.cli.state import run_state
    from fatalities.core.inspection import failed, summarise
    from fatalities.io.load import load
    from fatalities.io.readers import expand_sources
    from fatalities.io.results import Loaded
    from fatalities.render.inspection import as_json, as_text
    from fatalities.vocabulary import INSPECT_COLUMNS

    any_failed = False
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        check_stdin(paths, state)
        console.protect(paths)
        cache_dir = state.cache_reads
        summaries = []
        loads: list[Loaded] = []
        inputs = expand_sources(paths)
        for path in inputs:
            try:
                loaded = load(
                    [path], estimate=estimate.value, columns=INSPECT_COLUMNS,
                    cache_dir=cache_dir, summed=len(inputs) == 1,  # several: ids compared
                    max_input=max_input(),
                )  # fmt: skip
            except FatalitiesError as error:
                any_failed = True
                summaries.append(failed(path, str(error)))
                console.note(f"error: {error}")
                continue
            summaries.append(summarise(path, loaded))
            loads.append(loaded)
            schedule_builds(state, [path], estimate=estimate.value)
        kind = choose_format(output_format, output=output)
        if kind is OutputFormat.json:
            console.data(as_json(summaries))
        elif kind is OutputFormat.table:
            console.data("\n".join(as_text(summary) for summary in summaries))
            from fatalities.core.inspection import releases_across

            for line in releases_across(loads):  # inputs that are releases of the same data
                console.data(f"releases: {line}")
        else:  # one row per input; json keeps the per-country detail
            from fatalities.core.inspection import as_frame
            from fatalities.render.text import render

            console.data(render(as_frame(summaries), kind))
    if any_failed:
        raise typer.Exit(int(ExitCode.INPUT))

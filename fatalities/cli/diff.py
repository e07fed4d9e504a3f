"""``fatalities diff OLD NEW``: two releases of the same data compared, per period and
event by event; exit 0 when they agree, 1 when they differ, 2 on bad input (as ``diff``).

Each side is loaded on its own (its own deduplication and dialect), ``core.diff``
compares them, ``render.diff`` draws the result.
"""

from __future__ import annotations

from typing import Annotated

import typer

from fatalities.cli.console import Console, choose_format
from fatalities.cli.errors import user_errors
from fatalities.cli.inputs import load_inputs
from fatalities.cli.options import (
    AsOf,
    Countries,
    DebugOption,
    FormatOption,
    NoCacheOption,
    OutputOption,
    PeriodOption,
    QuietOption,
    ReleasesOption,
    SourceLineOption,
    StrictOption,
    parse_as_of,
    split_names,
)
from fatalities.cli.state import run_state
from fatalities.errors import ExitCode
from fatalities.vocabulary import DIFF_COLUMNS, OutputFormat, Period, ReleaseMode

Side = Annotated[
    str,
    typer.Argument(
        help="A release of the data: a file (CSV, Excel, JSON, ...), a folder or a glob.",
        show_default=False,
    ),
]
EventsOption = Annotated[
    bool,
    typer.Option(
        "--events",
        help="List the added, deleted and revised events, biggest fatality change first "
        "(CSV/TSV/NDJSON: the events instead of the periods).",
    ),
]


def diff(
    context: typer.Context,
    old: Side,
    new: Side,
    country: Countries = None,
    period: PeriodOption = Period.year,
    as_of: AsOf = None,
    events: EventsOption = False,
    releases: ReleasesOption = ReleaseMode.newest,
    strict: StrictOption = False,
    source_line: SourceLineOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
) -> None:
    """What changed between two releases of the same data: fatalities and events per
    period, and the events added, deleted and revised that explain each change.

    Events are matched by event_id_cnty after each side's own loading, so a legacy
    export can be compared with a current one. A revised event is one whose date,
    fatalities, event type, location or actors changed. Exit 0 when the two agree,
    1 when they differ, 2 on bad input.

    Examples:

      fatalities diff "Conflict Data for Mali.csv" conflict_data_mli.csv --country Mali

      fatalities diff old.csv new.csv --country Mali --events --format csv > changed.csv

      fatalities diff old.csv new.csv --period month --as-of 2019-07-25
    """
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    differ = False
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        countries = split_names(country)
        cut = parse_as_of(as_of)
        columns = (*DIFF_COLUMNS, "timestamp")
        sides = [
            load_inputs([path], countries, console, state, strict=strict, columns=columns,
                        releases=releases)
            for path in (old, new)
        ]  # fmt: skip
        from fatalities.core.diff import diff as compare
        from fatalities.core.provenance import combined_source, describe_source

        result = compare(sides[0].frame, sides[1].frame, period=period, as_of=cut)
        note = result.coverage_note()
        if note:
            console.note(note)
        filters = {"countries": countries, "period": period.value, "as_of": cut}
        from fatalities import __version__

        cited = combined_source(
            [
                describe_source(side, digests=kind is OutputFormat.json, version=__version__)
                for side in sides
            ],
            filters,
        )
        if source_line:
            console.citation(cited.line())
        from fatalities.render.diff import diff_text

        console.data(diff_text(result, kind, cited, events=events))
        differ = result.differ
    if differ:  # after the output is written (also with -o FILE)
        raise typer.Exit(int(ExitCode.FAILED))

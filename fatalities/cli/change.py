"""``fatalities change``: the latest complete week or month against the previous ones, labelled as ACLED's Trendfinder."""

from __future__ import annotations

import typer

from fatalities.cli.console import Console, choose_format
from fatalities.cli.errors import user_errors
from fatalities.cli.inputs import load_selected
from fatalities.cli.options import (
    AllCountries,
    AsOf,
    ChangePeriodOption,
    CivilianTargeting,
    Combine,
    Countries,
    CoversOption,
    DebugOption,
    EstimateOption,
    EventTypes,
    FailOnOption,
    FormatOption,
    IsoCodes,
    MeasureOption,
    NoCacheOption,
    OutputOption,
    Paths,
    PoliticalViolence,
    QuietOption,
    Regions,
    ReleasesOption,
    SourceLineOption,
    StrictOption,
    SubEventTypes,
    parse_as_of,
    parse_covers,
    selection_from,
)
from fatalities.cli.state import run_state
from fatalities.cli.store import StoreSourceOption, store_paths
from fatalities.errors import ExitCode
from fatalities.vocabulary import SERIES_COLUMNS, ChangeLabel, Estimate, Measure, ReleaseMode


def change(
    context: typer.Context,
    paths: Paths = None,
    source: StoreSourceOption = None,
    country: Countries = None,
    region: Regions = None,
    iso: IsoCodes = None,
    all_countries: AllCountries = False,
    event_type: EventTypes = None,
    sub_event_type: SubEventTypes = None,
    political_violence: PoliticalViolence = False,
    civilian_targeting: CivilianTargeting = False,
    combine: Combine = False,
    period: ChangePeriodOption = None,
    measure: MeasureOption = Measure.fatalities,
    as_of: AsOf = None,
    covers: CoversOption = None,
    fail_on: FailOnOption = None,
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
    releases: ReleasesOption = ReleaseMode.newest,
    source_line: SourceLineOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
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
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        paths = store_paths(paths, source)  # --source acled/hapi: the local store
        kind = choose_format(output_format, output=output)
        selection = selection_from(
            country=country, region=region, iso=iso, all_countries=all_countries,
            event_type=event_type, sub_event_type=sub_event_type,
            political_violence=political_violence, civilian_targeting=civilian_targeting,
            combine=combine,
        )  # fmt: skip
        cut = parse_as_of(as_of)
        from fatalities.cli.source import result_source, source_columns

        loaded, events = load_selected(
            paths, selection, console, state, estimate=estimate, strict=strict, as_of=cut,
            uses=(*SERIES_COLUMNS, *source_columns(kind, source_line)), releases=releases,
            covers=parse_covers(covers),
        )  # fmt: skip
        from fatalities.core.change import (
            at_least,
            choose_period,
            compare_latest,
            compared_with,
            comparisons_frame,
        )
        from fatalities.core.coverage import coverage_of

        period, period_note = choose_period(period, loaded.granularity)
        if period_note:
            console.note(period_note)
        comparisons = compare_latest(
            events, period=period, coverage_end=loaded.coverage_end, as_of=cut,
            measure=measure.value, coverage=coverage_of(loaded),
        )  # fmt: skip
        from fatalities.core.provenance import selection_filters
        from fatalities.render.change import change_output

        frame = comparisons_frame(comparisons, measure.value)
        filters = selection_filters(selection, as_of=cut, period=period, measure=measure)
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        console.data(change_output(frame, period, measure.value, kind, cited))
        hits = []
        if fail_on is not None:
            threshold = ChangeLabel(fail_on.value.replace("-", " "))
            hits = [item for item in comparisons if at_least(item.label, threshold)]
        for item in hits:
            console.note(
                f"{item.country}: {item.label.value} against the "
                f"{compared_with(item.periods_used, period)} (--fail-on {fail_on})"
            )
    if hits:  # after the output is written (also with -o FILE)
        raise typer.Exit(int(ExitCode.FAILED))

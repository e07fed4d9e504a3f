"""``fatalities summary``: a few plain sentences about the latest year, from the data."""

from __future__ import annotations

import typer

from fatalities.cli.console import Console, choose_format
from fatalities.cli.errors import user_errors
from fatalities.cli.inputs import load_selected
from fatalities.cli.options import (
    AllCountries,
    AsOf,
    CivilianTargeting,
    Combine,
    Countries,
    DebugOption,
    EstimateOption,
    EventTypes,
    FormatOption,
    IsoCodes,
    NoCacheOption,
    OutputOption,
    Paths,
    PoliticalViolence,
    ProjectOption,
    QuietOption,
    Regions,
    ReleasesOption,
    SourceLineOption,
    StrictOption,
    SubEventTypes,
    parse_as_of,
    selection_from,
)
from fatalities.cli.state import run_state
from fatalities.cli.store import StoreSourceOption, store_paths
from fatalities.vocabulary import SUMMARY_COLUMNS, Estimate, ReleaseMode


def summary(
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
    as_of: AsOf = None,
    project: ProjectOption = None,
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
        asked = parse_as_of(as_of)
        from fatalities.cli.source import result_source, source_columns

        loaded, events = load_selected(
            paths, selection, console, state, estimate=estimate, strict=strict,
            uses=(*SUMMARY_COLUMNS, *source_columns(kind, source_line)), as_of=asked,
            releases=releases,
        )  # fmt: skip
        from fatalities.core.trend import as_of_cut

        cut, cut_note = as_of_cut(asked, events, loaded)
        if cut_note:
            console.note(cut_note)
        from fatalities.core.summary import summarize
        from fatalities.vocabulary import ProjectionMethod

        method = (
            None if project in (None, ProjectionMethod.auto) else ProjectionMethod(project.value)
        )
        facts = summarize(
            events,
            as_of=cut,
            coverage_end=loaded.coverage_end,
            method=method,
            months_covered=loaded.months_covered,
        )
        from fatalities.core.provenance import selection_filters
        from fatalities.render.summary import summary_text

        filters = selection_filters(selection, as_of=asked)
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        console.data(summary_text(facts.as_record(), kind, cited))

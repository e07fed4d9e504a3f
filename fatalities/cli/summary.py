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
    CoversOption,
    DebugOption,
    EstimateOption,
    EventTypes,
    FormatOption,
    IsoCodes,
    NoCacheOption,
    OutputOption,
    Paths,
    PerOption,
    PoliticalViolence,
    PopulationOption,
    ProjectOption,
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
    covers: CoversOption = None,
    project: ProjectOption = None,
    per: PerOption = None,
    population: PopulationOption = None,
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
            releases=releases, covers=parse_covers(covers),
        )  # fmt: skip
        from fatalities.core.summary import summary_of
        from fatalities.vocabulary import ProjectionMethod

        method = None if project in (None, ProjectionMethod.auto) else project
        facts, notes = summary_of(loaded, events, as_of=asked, method=method)
        for note in notes:
            console.note(note)
        record = facts.as_record()
        if per is not None:
            from fatalities.core.rates import summary_with_rate
            from fatalities.io.population import read_population, shipped_population

            people = read_population(population) if population else shipped_population()
            record, rate_notes = summary_with_rate(record, people, per)
            for note in rate_notes:
                console.note(note)
        from fatalities.core.provenance import selection_filters
        from fatalities.render.summary import summary_text

        filters = selection_filters(selection, as_of=asked)
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        console.data(summary_text(record, kind, cited))

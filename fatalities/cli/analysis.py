"""``fatalities summary`` and ``fatalities change``: registered in ``cli.py``.

Options are parsed into the core's arguments (the selection into a
``request.Selection``), the core computes, and its frames are rendered. The option
types come from ``options.py``, shared with ``trend``. Only ``typer`` and enums are
imported at module level, so ``--help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import typer

from fatalities.cli.cache import apply_no_cache
from fatalities.cli.console import Console, choose_format
from fatalities.cli.options import (
    AllCountries,
    AsOf,
    ChangePeriodOption,
    CivilianTargeting,
    Combine,
    Countries,
    DebugOption,
    EstimateOption,
    EventTypes,
    FailOnOption,
    FormatOption,
    IsoCodes,
    Measure,
    MeasureOption,
    NoCacheOption,
    OutputOption,
    Paths,
    PoliticalViolence,
    ProjectOption,
    QuietOption,
    Regions,
    StrictOption,
    SubEventTypes,
    parse_as_of,
    selection_from,
)
from fatalities.core.change import ChangeLabel, ChangePeriod
from fatalities.core.request import SERIES_COLUMNS, SUMMARY_COLUMNS, ProjectMethod, Selection
from fatalities.errors import ExitCode
from fatalities.io.dialects import Estimate
from fatalities.render.text import OutputFormat

if TYPE_CHECKING:
    import polars as pl

    from fatalities.io.load import Loaded


def load_selected(
    paths: Sequence[str] | None,
    selection: Selection,
    console: Console,
    *,
    estimate: Estimate = Estimate.best,
    strict: bool = False,
    uses: Sequence[str] = SERIES_COLUMNS,
    as_of: date | None = None,
) -> tuple[Loaded, pl.DataFrame]:
    """Load the inputs (countries filtered while scanning; only the columns the command
    ``uses`` and the selection filters on) and apply the rest of the selection, saying
    on stderr what political violence means for the source and when ``as_of`` lies
    outside the data."""
    from fatalities.cli.inputs import load_inputs
    from fatalities.core.selection import scope_notes, source_dialect
    from fatalities.core.trend import as_of_outside, select_events

    selection.require_place()
    loaded = load_inputs(
        paths, selection.countries, console, estimate=estimate.value, strict=strict,
        columns=selection.columns(uses),
    )  # fmt: skip
    outside = as_of_outside(as_of, loaded.coverage_start, loaded.coverage_end)
    if outside:
        console.note(outside)
    source = source_dialect(loaded)
    for note in scope_notes(source, political_violence=selection.political_violence):
        console.note(note)
    return loaded, select_events(loaded.frame, selection, source)


def summary(
    paths: Paths = None,
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
    from fatalities.cli.app import user_errors

    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        apply_no_cache(no_cache)
        selection = selection_from(
            country, region, iso, all_countries, event_type, sub_event_type,
            political_violence, civilian_targeting, combine,
        )  # fmt: skip
        asked = parse_as_of(as_of)
        loaded, events = load_selected(
            paths, selection, console, estimate=estimate, strict=strict, uses=SUMMARY_COLUMNS,
            as_of=asked,
        )  # fmt: skip
        from fatalities.core.trend import as_of_cut

        cut, cut_note = as_of_cut(asked, events, loaded)
        if cut_note:
            console.note(cut_note)
        from fatalities.core.coverage import coverage_of
        from fatalities.core.projection import Method
        from fatalities.core.summary import summarize
        from fatalities.core.trend import as_known_on

        method = None if project in (None, ProjectMethod.auto) else Method(project.value)
        facts = summarize(
            events,
            as_of=cut,
            coverage_end=loaded.coverage_end,
            method=method,
            months_covered=loaded.months_covered,
            coverage=coverage_of(as_known_on(loaded, asked)),
        )
        console.data(summary_text(facts.as_record(), kind))


def summary_text(record: dict[str, object], kind: OutputFormat) -> str:
    """The summary record as sentences (table, markdown), JSON, or one CSV/TSV row.

    >>> print(summary_text({"year": 2017, "sentences": ["One.", "Two."]}, OutputFormat.table))
    One.
    Two.
    >>> print(summary_text({"year": 2017, "projection_years": [2015, 2016], "sentences": []},
    ...                    OutputFormat.csv), end="")
    year,projection_years
    2017,2015 2016
    """
    import json

    lines = record.get("sentences")
    sentences = [str(line) for line in lines] if isinstance(lines, list) else []
    if kind is OutputFormat.table:
        return "\n".join(sentences)
    if kind is OutputFormat.markdown:
        return "\n\n".join(sentences) + "\n"
    if kind is OutputFormat.json:
        return json.dumps(record, indent=2) + "\n"
    if kind is OutputFormat.ndjson:
        return json.dumps(record) + "\n"
    import polars as pl

    from fatalities.render.text import render

    flat = {
        name: " ".join(str(item) for item in value) if isinstance(value, list) else value
        for name, value in record.items()
        if name not in ("sentences", "covered_from", "not_comparable")  # the header stays
    }
    return render(pl.DataFrame([flat]), kind)


def change(
    paths: Paths = None,
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
    fail_on: FailOnOption = None,
    strict: StrictOption = False,
    estimate: EstimateOption = Estimate.best,
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
    from fatalities.cli.app import user_errors

    with user_errors(debug), Console(quiet=quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        apply_no_cache(no_cache)
        selection = selection_from(
            country, region, iso, all_countries, event_type, sub_event_type,
            political_violence, civilian_targeting, combine,
        )  # fmt: skip
        cut = parse_as_of(as_of)
        loaded, events = load_selected(
            paths, selection, console, estimate=estimate, strict=strict, as_of=cut
        )
        from fatalities.core.change import (
            at_least,
            choose_period,
            compare_latest,
            compared_with,
            comparisons_frame,
        )

        period, period_note = choose_period(period, loaded.granularity)
        if period_note:
            console.note(period_note)
        import polars as pl

        from fatalities.render.text import render

        end = loaded.coverage_end
        if cut is not None:
            events = events.filter(pl.col("event_date") <= cut)
            end = min(cut, end) if end is not None else cut
        from fatalities.core.coverage import coverage_of

        comparisons = compare_latest(
            events, period=period, coverage_end=end, measure=measure.value,
            coverage=coverage_of(loaded),
        )  # fmt: skip
        frame = comparisons_frame(comparisons, measure.value)
        if kind is OutputFormat.table:
            console.data(_change_table(frame, period, measure.value))
        else:
            console.data(render(frame, kind))
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


def _change_table(frame: pl.DataFrame, period: ChangePeriod, measure: str) -> str:
    import polars as pl

    from fatalities.core.change import compared_with
    from fatalities.render.text import render

    shown = frame.select(
        "country",
        pl.format("{} to {}", pl.col("period_start"), pl.col("period_end")).alias(period.value),
        measure,
        pl.col("periods_used")
        .map_elements(lambda used: compared_with(used, period), return_dtype=pl.String)
        .alias("compared with"),
        pl.col("mean").round(1),
        pl.when(pl.col("change_pct").is_null())
        .then(pl.lit(""))
        .when(pl.col("change_pct") > 0)
        .then(pl.format("+{}%", pl.col("change_pct")))
        .otherwise(pl.format("{}%", pl.col("change_pct")))
        .alias("change"),
        "label",
    )
    return render(shown, OutputFormat.table)

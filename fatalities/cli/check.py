"""``fatalities check``: claims (a claims file, or prose) against data, with an exit code.

Registered on the app in ``cli/app.py``. Parses options, calls ``claims``/``claims_text``
to read the claims and ``check`` to check them, renders the results. Exit 0 when
every claim holds, 1 when any fails or cannot be verified, 2 on input errors.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities.cli.console import (
    Console,
    DebugOption,
    FormatOption,
    OutputOption,
    QuietOption,
    choice_parser,
    choose_format,
    terminal_width,
)
from fatalities.cli.options import CoversOption, NoCacheOption, ReleasesOption, SourceLineOption
from fatalities.errors import ExitCode, InputError
from fatalities.vocabulary import OutputFormat, ProjectionMethod, ReleaseMode

if TYPE_CHECKING:
    from fatalities.claims.check import Result
    from fatalities.claims.model import Claim
    from fatalities.claims.prose import Extraction
    from fatalities.cli.state import RunState
    from fatalities.io.results import Loaded


def check(
    context: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="ACLED export files (CSV), or - for stdin. Default: the bundled synthetic sample.",
            show_default=False,
            metavar="DATA...",
        ),
    ] = None,
    claims_file: Annotated[
        str | None,
        typer.Option(
            "--claims",
            help="Claims file (TOML; see the README). Default: the 2017 article's claims "
            "in seeds/.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="Find the claims in prose instead: a text file, or - for stdin. The "
            "claims understood and the numbers skipped are listed on stderr.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="With --text: the country the claims are about. Default: the country in "
            "the data that the text names most often, or the data's only country.",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The date the claims were written (YYYY-MM-DD): the data as known that "
            "day (later events left out), the cut of year-to-date and the year 'this "
            "year' means. Overrides the claims' own as_of and a text's own date. "
            "Default: each claim's as_of, a text's dateline, else the end of coverage.",
            show_default=False,
            metavar="DATE",
        ),
    ] = None,
    covers: CoversOption = None,
    tolerance: Annotated[
        float,
        typer.Option(
            "--tolerance",
            help="Multiply the rounding steps of the qualifier table: 2 widens "
            "'just over' and 'about', 0.5 narrows them, 0 reads round figures literally.",
            min=0.0,
            metavar="X",
        ),
    ] = 1.0,
    project: Annotated[
        ProjectionMethod,
        typer.Option(
            "--project",
            help="How projection claims project the running year: auto, seasonal, run-rate.",
            metavar="METHOD",
            parser=choice_parser(ProjectionMethod, "projection method"),
        ),
    ] = ProjectionMethod.auto,
    allow_unverifiable: Annotated[
        bool,
        typer.Option(
            "--allow-unverifiable",
            help="Exit 0 when no claim fails, even if some cannot be verified (a year "
            "or span the data do not cover, a country absent).",
        ),
    ] = False,
    releases: ReleasesOption = ReleaseMode.newest,
    source_line: SourceLineOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
    quiet: QuietOption = False,
) -> None:
    """Check written claims about fatality figures against the data.

    Each claim gets a verdict, holds, fails or unverifiable, with the figures it
    was checked against. Exit 0 when every claim holds, 1 when any fails or
    cannot be verified (--allow-unverifiable: only when any fails), 2 on bad
    input: ready for CI. No claim found is left out of the count.

    Examples:

      fatalities check

      fatalities check report-data.csv --claims claims.toml

      fatalities check export.csv --text article.txt --as-of 2017-11-20
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.options import parse_as_of, parse_covers
    from fatalities.cli.state import run_state

    failed = False
    state = run_state(context, quiet=quiet, debug=debug, no_cache=no_cache)
    with user_errors(state), Console(quiet=state.quiet, output=output) as console:
        kind = choose_format(output_format, output=output)
        cut = parse_as_of(as_of)
        if text is not None and claims_file is not None:
            raise InputError("give --claims FILE or --text FILE, not both")
        stdin_users = [*(paths or []), claims_file, text].count("-")
        if stdin_users > 1:
            raise InputError("stdin (-) can feed only one of DATA, --claims and --text")
        console.protect(name for name in (claims_file, text) if name is not None)
        if text is not None:
            loaded = _load(paths, [], console, state, releases, parse_covers(covers))
            prose = _read_text(text)
            from fatalities.claims.prose import text_as_of

            named = "the text" if text == "-" else text
            cut, dated = text_as_of(prose, cut, loaded.coverage_end, named)
            console.note(dated)
            from fatalities.claims.prose import text_claims

            source = "<stdin>" if text == "-" else text
            extraction, notes = text_claims(
                prose, loaded, country=country, as_of=cut, source=source
            )
            for note in notes:
                console.note(note)
            _report_extraction(extraction, console)
            if not extraction.claims:
                from fatalities.errors import ClaimsError

                source = "<stdin>" if text == "-" else text
                raise ClaimsError(f"{source}: found no death figure with a year to check")
            claims = extraction.claims
        else:
            claims = _read_claims(claims_file, console)
            loaded = _load(
                paths, sorted({c.country for c in claims}), console, state, releases,
                parse_covers(covers),
            )  # fmt: skip
        from fatalities.claims.check import check_known, results_frame

        results = check_known(
            loaded,
            claims,
            as_of=cut,
            tolerance=tolerance,
            projection=None if project is ProjectionMethod.auto else project.value,
        )
        from fatalities.cli.source import result_source
        from fatalities.render.provenance import with_source, with_source_text

        filters = {"countries": sorted({claim.country for claim in claims}), "as_of": cut}
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        if kind is OutputFormat.table:
            from fatalities.render.claims_tables import results_table

            table = results_table(results, width=terminal_width(None))
            console.data(with_source_text(table, kind, cited))
        else:
            console.data(with_source(results_frame(results), kind, cited))
        failed = _summarise(results, console, allow_unverifiable=allow_unverifiable)
    if failed:
        raise typer.Exit(int(ExitCode.FAILED))


def _load(
    paths: list[str] | None,
    countries: list[str],
    console: Console,
    state: RunState,
    releases: ReleaseMode = ReleaseMode.newest,
    covers: tuple[date, date] | None = None,
) -> Loaded:
    from fatalities.cli.inputs import load_inputs

    # a claim about a country the data do not hold is unverifiable, not an input error
    return load_inputs(
        paths, countries, console, state, releases=releases, covers=covers,
        require_countries=False,
    )  # fmt: skip


def _read_claims(claims_file: str | None, console: Console) -> list[Claim]:
    from fatalities.claims.model import parse_claims_file, read_claims

    if claims_file is None:
        from fatalities.resources import seeds_path

        path = seeds_path()
        console.note(f"no --claims given: checking the 2017 article's claims ({path})")
        return read_claims(path).claims
    if claims_file == "-":
        return parse_claims_file(sys.stdin.read(), name="<stdin>").claims
    return read_claims(claims_file).claims


def _read_text(text: str) -> str:
    if text == "-":
        return sys.stdin.read()
    try:
        return Path(text).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"--text {text}: file not found; check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"--text {text}: cannot read it as UTF-8 text ({error})") from None


def _report_extraction(extraction: Extraction, console: Console) -> None:
    """The claims understood and the numbers skipped, on stderr."""
    if extraction.claims:
        console.note(
            f"understood {len(extraction.claims)} claim(s) about {extraction.country} "
            "(use --country to choose another):"
        )
    for claim in extraction.claims:
        console.note(f'  {claim.id}: "{claim.phrase}" -> {claim.describe()}')
    if extraction.skipped:
        console.note(f"skipped {len(extraction.skipped)} number(s):")
        for skipped in extraction.skipped:
            console.note(f'  {skipped.number}: "{skipped.context}" ({skipped.reason})')
    for note in extraction.notes:
        console.note(note)


def _summarise(
    results: list[Result], console: Console, *, allow_unverifiable: bool = False
) -> bool:
    """One stderr line with the counts of every claim found; True when any claim fails,
    or cannot be verified (unless ``allow_unverifiable``)."""
    from fatalities.claims.check import Verdict

    held = [r for r in results if r.verdict is Verdict.holds]
    failed = [r for r in results if r.verdict is Verdict.fails]
    unknown = [r for r in results if r.verdict is Verdict.unverifiable]
    parts = [f"{len(held)} of {len(results)} claim(s) hold"]
    if failed:
        parts.append(f"{len(failed)} fail: " + ", ".join(r.claim.id for r in failed))
    if unknown:
        parts.append(f"{len(unknown)} unverifiable: " + ", ".join(r.claim.id for r in unknown))
    console.note("; ".join(parts))
    return bool(failed) or (bool(unknown) and not allow_unverifiable)

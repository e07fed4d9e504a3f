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
from fatalities.cli.options import NoCacheOption, ReleasesOption, SourceLineOption
from fatalities.errors import ExitCode, InputError
from fatalities.vocabulary import OutputFormat, ProjectionMethod, ReleaseMode

if TYPE_CHECKING:
    from fatalities.claims.check import Reading, Result
    from fatalities.claims.model import Claim
    from fatalities.claims.prose import Extraction
    from fatalities.cli.state import RunState
    from fatalities.io.load import Loaded


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
            help="The date the claims were written (YYYY-MM-DD): cuts year-to-date and "
            "dates 'this year'. Overrides the claims' own as_of. Default: each claim's "
            "as_of, else the latest event date.",
            show_default=False,
            metavar="DATE",
        ),
    ] = None,
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
    cannot be verified, 2 on bad input: ready for CI.

    Examples:

      fatalities check

      fatalities check report-data.csv --claims claims.toml

      fatalities check export.csv --text article.txt --as-of 2017-11-20
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.options import parse_as_of
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
            loaded = _load(paths, [], console, state, releases)
            extraction = _extract(text, loaded, country, cut, console)
            _report_extraction(extraction, console)
            if not extraction.claims:
                from fatalities.errors import ClaimsError

                source = "<stdin>" if text == "-" else text
                raise ClaimsError(f"{source}: found no death figure with a year to check")
            claims = extraction.claims
        else:
            claims = _read_claims(claims_file, console)
            loaded = _load(paths, sorted({c.country for c in claims}), console, state, releases)
        from fatalities.claims.check import check_claims, results_frame

        results = check_claims(
            loaded.frame,
            claims,
            coverage_end=loaded.coverage_end,
            as_of=cut,
            tolerance=tolerance,
            projection=None if project is ProjectionMethod.auto else project.value,
        )
        from fatalities.cli.source import result_source
        from fatalities.render.provenance import with_source, with_source_text

        filters = {"countries": sorted({claim.country for claim in claims}), "as_of": cut}
        cited = result_source(loaded, filters, kind, console, source_line=source_line)
        if kind is OutputFormat.table:
            table = results_table(results, width=terminal_width(None))
            console.data(with_source_text(table, kind, cited))
        else:
            console.data(with_source(results_frame(results), kind, cited))
        failed = _summarise(results, console)
    if failed:
        raise typer.Exit(int(ExitCode.FAILED))


def _load(
    paths: list[str] | None,
    countries: list[str],
    console: Console,
    state: RunState,
    releases: ReleaseMode = ReleaseMode.newest,
) -> Loaded:
    from fatalities.cli.inputs import load_inputs

    return load_inputs(paths, countries, console, state, releases=releases)


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


def _extract(
    text: str, loaded: Loaded, country: str | None, cut: date | None, console: Console
) -> Extraction:
    from fatalities.claims.prose import extract_claims, main_country

    prose = _read_text(text)
    known = sorted(loaded.frame["country"].drop_nulls().unique().to_list())
    chosen = country
    if chosen is not None:
        matches = [name for name in known if name.lower() == chosen.strip().lower()]
        if not matches:
            raise InputError(
                f"--country {chosen!r} is not in the data; it holds {', '.join(known)}"
            )
        chosen = matches[0]
    else:
        chosen = main_country(prose, known)
        if chosen is None and len(known) == 1:
            chosen = known[0]
            named = "the text" if text == "-" else text
            console.note(f"{named} names no country; using the data's only country, {chosen}")
        if chosen is None:
            raise InputError(
                f"{text}: names no country of the data ({', '.join(known)}); pass --country"
            )
    source = "<stdin>" if text == "-" else text
    return extract_claims(prose, as_of=cut, country=chosen, source=source)


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


def _summarise(results: list[Result], console: Console) -> bool:
    """One stderr line with the counts; True when any claim did not hold."""
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
    return len(held) != len(results)


def results_table(results: list[Result], width: int = 80) -> str:
    """The results for people: per claim, its id and phrase, then its readings, then why.

    A claim's first reading decides its verdict; a second one (verdict in brackets)
    is the other reading: the same cut of the year as the as-of date, or the later
    full year of a projection. Reading rows are aligned across claims.
    """
    import textwrap

    from fatalities.render.text import text_table

    rows: list[list[str]] = []
    for result in results:
        reading = result.reading
        rows.append([reading.label, _value(reading), str(reading.verdict), result.expects])
        if result.same_cut is not None:
            other = result.same_cut
            rows.append([other.label, _value(other), f"({other.verdict})", ""])
    table = text_table(["reading", "value", "verdict", "expects"], rows).splitlines()
    lines = [f"  {table[0]}"]
    row = 1
    for result in results:
        phrase = result.claim.phrase or result.claim.describe()
        lines.append(_shorten(f'{result.claim.id}: "{phrase}"', width))
        count = 2 if result.same_cut is not None else 1
        lines.extend(f"  {line}" for line in table[row : row + count])
        row += count
        if result.reason:
            lines.extend(
                textwrap.wrap(
                    result.reason,
                    width=width,
                    initial_indent="  = ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
    return "\n".join(lines) + "\n"


def _value(reading: Reading) -> str:
    if reading.shown:
        return reading.shown
    return f"{reading.value:,}" if reading.value is not None else "-"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

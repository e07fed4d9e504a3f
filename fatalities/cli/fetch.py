"""``fatalities fetch acled`` and ``fatalities fetch hapi``: keep a local copy of the
data from the APIs (``fatalities.io.sync`` does the work; this module reads options,
credentials and the terminal, and says what happened on stderr)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from fatalities.cli.console import Console, DebugOption, QuietOption
from fatalities.cli.options import Command, split_names
from fatalities.errors import ExitCode, InputError

if TYPE_CHECKING:
    from pathlib import Path

    from fatalities.io.acled_api import AcledClient, Credentials, PageProgress
    from fatalities.io.http import RetryPolicy
    from fatalities.io.store import Store
    from fatalities.io.sync import AcledRequest, SyncReport

__all__ = ["POLICY", "acled_spelling", "fetch_app"]

#: Retries, backoff, timeouts and the pause between pages (``None``: the defaults of
#: ``io.http.RetryPolicy``; tests set tiny ones).
POLICY: RetryPolicy | None = None

fetch_app = typer.Typer(
    name="fetch",
    help="Keep a local copy of ACLED's events (API account needed) or HDX HAPI's monthly "
    "aggregates (no account), updated incrementally; then read it with --source acled.\n\n"
    "Examples:\n\n"
    "  fatalities fetch acled --country Mali --since 2018-01-01\n\n"
    "  fatalities fetch acled\n\n"
    "  fatalities fetch hapi --country MLI --since 2020-01",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FetchCountries = Annotated[
    list[str] | None,
    typer.Option(
        "--country", "-c", metavar="NAME", show_default=False,
        help="ACLED country name; repeat or use a comma list for several.",
    ),
]  # fmt: skip
FetchRegions = Annotated[
    list[str] | None,
    typer.Option(
        "--region", metavar="NAME", show_default=False,
        help="ACLED region (e.g. 'Western Africa'); repeat for several.",
    ),
]  # fmt: skip
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", show_default=False,
                 help="First event date (YYYY-MM-DD) of the window kept. Default: all."),
]  # fmt: skip
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", show_default=False,
                 help="Last event date (YYYY-MM-DD). Default: open, kept up to date."),
]  # fmt: skip
StoreOption = Annotated[
    str | None,
    typer.Option("--store", metavar="DIR", show_default=False,
                 help="Data directory. Default: $FATALITIES_DATA_DIR, else "
                 "$XDG_DATA_HOME/fatalities, else ~/.local/share/fatalities."),
]  # fmt: skip
AcledUrlOption = Annotated[
    str | None,
    typer.Option("--api-url", metavar="URL", show_default=False,
                 help="ACLED's base URL. Default: $ACLED_API_URL, else https://acleddata.com."),
]  # fmt: skip


@fetch_app.command(cls=Command)
def acled(
    context: typer.Context,
    country: FetchCountries = None,
    region: FetchRegions = None,
    since: SinceOption = None,
    until: UntilOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Download the windows whole again, not only changes.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Compare the store's events per country and year with ACLED's counts; "
            "print the differences and exit 1 when there are any. Changes nothing.",
        ),
    ] = False,
    store: StoreOption = None,
    api_url: AcledUrlOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Download ACLED events into the local store, or bring it up to date.

    The first run for a country or region downloads its window (--since/--until,
    default all dates). Later runs fetch only what changed since the last sync:
    events added (also late, with old dates), revised (also moved to another
    country or out of the window) and deleted at ACLED, so the store stays equal to
    ACLED's data. 'fetch acled' alone updates everything the store holds.

    Credentials: ACLED_USERNAME and ACLED_PASSWORD, else [acled] username and
    password in ~/.config/fatalities/config.toml (mode 0600, else refused). They
    are never printed; 'fatalities auth status' says which are used. The OAuth
    token is cached (mode 0600) beside the config file.

    Environment: ACLED_USERNAME, ACLED_PASSWORD, ACLED_API_URL (default
    https://acleddata.com), FATALITIES_DATA_DIR (default ~/.local/share/fatalities).

    The store is Parquet (one file per country) plus state.json, written
    atomically: an interrupted fetch leaves the previous store whole. ACLED's terms
    allow it for your own analysis: never publish it, and cite ACLED with the
    access date and filters. Exit codes: 0 done, 1 --check found differences,
    2 bad option or refused credentials, 4 server unreachable or failing.

    Examples:

      export ACLED_USERNAME=me@example.org ACLED_PASSWORD=...

      fatalities fetch acled --country Mali --since 2018-01-01

      fatalities fetch acled

      fatalities fetch acled --check

      fatalities trend --source acled --country Mali

      fatalities store info
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.state import run_state

    state = run_state(context, quiet=quiet, debug=debug)
    with user_errors(state), Console(quiet=state.quiet) as console:
        from fatalities.cli.credentials import (
            acled_url,
            require_acled_credentials,
            store_directory,
        )
        from fatalities.io.store import store_lock
        from fatalities.io.sync import AcledRequest

        request = AcledRequest(
            countries=tuple(acled_spelling(name) for name in split_names(country)),
            regions=tuple(name.strip() for name in region or () if name.strip()),
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            full=full,
        )
        credentials = require_acled_credentials()
        url = acled_url(api_url).value
        folder = store_directory("acled", store)
        with contextlib.nullcontext() if check else store_lock(folder):
            _acled(request, check, credentials, url, folder, console)


def _acled(
    request: AcledRequest,
    check: bool,
    credentials: Credentials,
    url: str,
    folder: Path,
    console: Console,
) -> None:
    """Sync (or ``--check``) the ACLED store in ``folder`` (its lock held)."""
    from fatalities.cli.credentials import token_path
    from fatalities.io.acled_api import AcledClient, TokenCache
    from fatalities.io.http import open_session
    from fatalities.io.store import Store

    local = Store.open(folder, "acled")
    progress = Progress(console)
    session = open_session(policy=POLICY, on_retry=progress.retry, agent=_agent())
    client = AcledClient(
        session,
        credentials,
        base_url=url,
        token_cache=TokenCache.for_account(token_path(), url, credentials.username),
        on_page=progress.page,
    )
    try:
        if check:
            _check(client, local, request, console, progress)
            return
        from fatalities.io.sync import sync_acled

        report = sync_acled(client, local, request, now=time.time(), api_url=url)
    finally:
        progress.clear()
        session.client.close()
    _say(report, console, session.requests, time.monotonic() - progress.started, folder)


def _check(
    client: AcledClient, local: Store, request: AcledRequest, console: Console, progress: Progress
) -> None:
    """``--check``: the store's per-year counts against the server's ``total_count``."""
    from fatalities.io.sync import store_drift
    from fatalities.render.text import render

    if not local.exists:
        raise InputError(f"{local.path}: no store to check yet; fetch first")
    rows = store_drift(client, local, request.countries)
    progress.clear()
    import polars as pl

    frame = pl.DataFrame(
        rows,
        schema={"country": pl.String, "year": pl.Int32, "store": pl.Int64,
                "server": pl.Int64, "difference": pl.Int64},
        orient="row",
    )  # fmt: skip
    drift = frame.filter(pl.col("difference") != 0)
    if drift.height == 0:
        console.note(
            f"the store matches ACLED: {frame['store'].sum():,} events in "
            f"{frame.height} country-years"
        )
        return
    console.data(render(drift, "table"))
    console.note(
        f"{drift.height} country-year(s) differ from ACLED; run 'fatalities fetch acled' "
        "to update (or --full to download again)"
    )
    raise typer.Exit(int(ExitCode.FAILED))


def _say(
    report: SyncReport, console: Console, requests: int, seconds: float, folder: object
) -> None:
    """What the sync did, on stderr."""
    if report.downloaded:
        console.note(f"ACLED: downloaded {', '.join(report.downloaded)}")
    if report.updated:
        console.note(f"ACLED: updated {', '.join(report.updated)}")
    console.note(
        f"{report.received:,} event(s) received: {report.added:,} new, {report.changed:,} "
        f"revised, {report.removed:,} removed (deleted at ACLED or moved out of the window); "
        f"{report.pages} page(s), {requests} request(s), {seconds:.1f} s"
    )
    held = ", ".join(f"{name} {rows:,}" for name, rows in sorted(report.rows.items()))
    console.note(f"store {folder}: {held or 'empty'} event(s)")
    for line in report.restrictions:
        sys.stderr.write(f"fatalities: warning: ACLED restricts this account: {line}\n")
    console.note(
        f"cite ACLED (Armed Conflict Location & Event Data) with the access date "
        f"({date.today().isoformat()}) and the filters; the store is for your own analysis, "
        "never for publication (ACLED's terms)"
    )


def acled_spelling(name: str) -> str:
    """A country as ACLED spells it (any case, or its ISO3 code); unknown names as given.

    >>> acled_spelling("mali"), acled_spelling("COD"), acled_spelling("Atlantis")
    ('Mali', 'Democratic Republic of Congo', 'Atlantis')
    """
    from fatalities.countries import country_key, iso3_names

    names = iso3_names()
    if name.strip().upper() in names:
        return names[name.strip().upper()]
    wanted = country_key(name)
    return next((known for known in names.values() if country_key(known) == wanted), name)


def _agent() -> str:
    """``fatalities/VERSION (...)``, the ``User-Agent`` of every request."""
    from fatalities import __version__
    from fatalities.io.http import user_agent

    return user_agent(__version__)


def _day(value: str | None, option: str) -> date | None:
    """A ``YYYY-MM-DD`` option as a date.

    >>> _day("2018-01-01", "--since")
    datetime.date(2018, 1, 1)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{option} {value!r}: give a date as YYYY-MM-DD, e.g. 2018-01-01"
        ) from None


def _on_terminal() -> bool:
    """Whether stderr is a terminal that can redraw a line."""
    import os

    try:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class Progress:
    """One line on stderr, redrawn per page (pages, rows, elapsed), on a terminal and
    without --quiet only; retries are said as notes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.shown = False
        self.started = time.monotonic()
        self.enabled = not console.quiet and _on_terminal()

    def page(self, where: PageProgress) -> None:
        if not self.enabled:
            return
        total = f" of {where.total:,}" if where.total is not None else ""
        elapsed = time.monotonic() - self.started
        line = (
            f"fatalities: {where.what}: page {where.pages}, {where.rows:,}{total} rows, "
            f"{elapsed:.1f} s"
        )
        width = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
        sys.stderr.write("\r" + line[:width].ljust(width))
        sys.stderr.flush()
        self.shown = True

    def retry(self, text: str) -> None:
        self.clear()
        self.console.note(text)

    def clear(self) -> None:
        if self.shown:
            width = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
            sys.stderr.write("\r" + " " * width + "\r")
            sys.stderr.flush()
            self.shown = False


AppNameOption = Annotated[
    str | None,
    typer.Option("--app-name", metavar="NAME", show_default=False,
                 help="Your application's name, for HAPI's app identifier (with --email)."),
]  # fmt: skip
EmailOption = Annotated[
    str | None,
    typer.Option("--email", metavar="EMAIL", show_default=False,
                 help="Your email, for HAPI's app identifier (with --app-name)."),
]  # fmt: skip
HapiUrlOption = Annotated[
    str | None,
    typer.Option("--api-url", metavar="URL", show_default=False,
                 help="HDX HAPI's base URL. Default: $HAPI_API_URL, else https://hapi.humdata.org."),
]  # fmt: skip


@fetch_app.command(cls=Command)
def hapi(
    context: typer.Context,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            metavar="ISO3",
            show_default=False,
            help="ISO 3166 alpha-3 code (MLI); repeat or use a comma list.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM", show_default=False, help="First month."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="YYYY-MM", show_default=False, help="Last month."),
    ] = None,
    app_name: AppNameOption = None,
    email: EmailOption = None,
    store: StoreOption = None,
    api_url: HapiUrlOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Download HDX HAPI's monthly conflict-event aggregates (from ACLED) into the store.

    No account: HAPI asks for an app identifier, from --app-name and --email, else
    HAPI_APP_IDENTIFIER, else [hapi] app_identifier in the config file. Each run
    downloads the countries' months again (the aggregates are small). HAPI's event
    types overlap (civilian_targeting is part of political_violence): they are
    stored as they come, and never summed when read.

    Environment: HAPI_APP_IDENTIFIER, HAPI_API_URL (default https://hapi.humdata.org),
    FATALITIES_DATA_DIR.

    Examples:

      fatalities fetch hapi --country MLI --since 2020-01 --app-name myapp --email me@example.org

      fatalities trend --source hapi --country Mali
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.state import run_state

    state = run_state(context, quiet=quiet, debug=debug)
    with user_errors(state), Console(quiet=state.quiet) as console:
        from fatalities.cli.credentials import hapi_identifier, hapi_url, store_directory
        from fatalities.io.hapi_api import HapiClient, month_span
        from fatalities.io.http import open_session
        from fatalities.io.store import Store, store_lock
        from fatalities.io.sync import sync_hapi

        month_span(since, until)  # checks the months before any request
        identifier = hapi_identifier(app_name, email)
        if identifier is None:
            raise InputError(
                "HDX HAPI needs an app identifier: set HAPI_APP_IDENTIFIER, or give "
                "--app-name NAME --email EMAIL"
            )
        url = hapi_url(api_url)
        folder = store_directory("hapi", store)
        progress = Progress(console)
        session = open_session(policy=POLICY, on_retry=progress.retry, agent=_agent())
        client = HapiClient(session, identifier.value, base_url=url.value, on_page=progress.page)
        try:
            with store_lock(folder):
                report = sync_hapi(
                    client, Store.open(folder, "hapi"),
                    [code.upper() for code in split_names(country)],
                    since=since, until=until, now=time.time(), api_url=url.value,
                )  # fmt: skip
        finally:
            progress.clear()
            session.client.close()
        held = ", ".join(f"{code} {rows:,}" for code, rows in sorted(report.rows.items()))
        console.note(
            f"HDX HAPI: downloaded {held} monthly row(s); {report.pages} page(s), "
            f"{session.requests} request(s) into {folder}"
        )
        console.note(
            "HAPI's event types overlap (civilian_targeting is part of political_violence): "
            "read with --source hapi, they are never summed"
        )

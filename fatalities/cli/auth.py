"""``fatalities auth status``: which credentials, URLs and store ``fetch`` would use,
and where each came from, without ever showing a username, password or token."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import typer

from fatalities.cli.console import Console, DebugOption
from fatalities.cli.options import Command

__all__ = ["auth_app"]

auth_app = typer.Typer(
    name="auth",
    help="The credentials 'fatalities fetch' uses (never shown).\n\n"
    "Example:\n\n"
    "  fatalities auth status",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@auth_app.command(cls=Command)
def status(context: typer.Context, debug: DebugOption = False) -> None:
    """Say where the ACLED account, the HAPI app identifier, the API URLs, the token
    cache and the store come from, without showing any of the secrets.

    Example:

      fatalities auth status
    """
    from fatalities.cli.errors import user_errors
    from fatalities.cli.state import run_state

    state = run_state(context, debug=debug)
    with user_errors(state), Console(quiet=state.quiet) as console:
        from fatalities.cli.credentials import (
            acled_credentials,
            acled_url,
            config_path,
            data_directory,
            hapi_identifier,
            hapi_url,
            token_path,
        )
        from fatalities.io.acled_api import TokenCache

        lines = []
        credentials = acled_credentials()
        url = acled_url(None)
        if credentials is None:
            lines.append(
                "ACLED account:    none (set ACLED_USERNAME and ACLED_PASSWORD, or "
                f"[acled] username/password in {config_path()}, mode 0600)"
            )
        else:
            lines.append(f"ACLED account:    from {credentials.origin}")
        lines.append(f"ACLED API:        {url.value} ({url.origin})")
        token = None
        if credentials is not None:
            token = TokenCache.for_account(token_path(), url.value, credentials.username).load()
        if token is None:
            lines.append(f"ACLED token:      none cached ({token_path()})")
        else:
            until = datetime.fromtimestamp(token.expires_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
            validity = "valid" if token.usable(time.time()) else "expired (renewed on next fetch)"
            lines.append(f"ACLED token:      cached, {validity} until {until} ({token_path()})")
        identifier = hapi_identifier(None, None)
        hapi = hapi_url(None)
        lines.append(
            "HAPI identifier:  "
            + (
                f"from {identifier.origin}"
                if identifier
                else "none (HAPI_APP_IDENTIFIER, or --app-name and --email)"
            )
        )
        lines.append(f"HAPI API:         {hapi.value} ({hapi.origin})")
        lines.append(f"store:            {data_directory()}")
        console.data("\n".join(lines))
        if credentials is None:
            raise typer.Exit(1)

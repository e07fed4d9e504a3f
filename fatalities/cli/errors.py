"""Errors to exit codes, once for every command: a one-line message on stderr and the
error's exit code; a traceback only with ``--debug`` (before or after the command).

The exit codes are ``errors.ExitCode`` (listed in the README).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from fatalities.cli.console import closed_pipe
from fatalities.errors import ExitCode, FatalitiesError

if TYPE_CHECKING:
    from fatalities.cli.state import RunState


@contextmanager
def user_errors(state: RunState) -> Iterator[None]:
    """Translate domain errors to one stderr line and their exit code (tracebacks with
    ``--debug``)."""
    debug = state.debug
    try:
        yield
    except FatalitiesError as error:
        if debug:
            raise
        sys.stderr.write(f"fatalities: error: {error}\n")
        raise typer.Exit(int(error.exit_code)) from None
    except KeyboardInterrupt:
        if debug:
            raise
        sys.stderr.write("fatalities: interrupted\n")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except BrokenPipeError:
        closed_pipe()
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(
            f"fatalities: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for the traceback, and report it)\n"
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None

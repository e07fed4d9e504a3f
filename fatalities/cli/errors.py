"""Errors to exit codes, once for every command: a one-line message on stderr and the
error's exit code; a traceback only with ``--debug`` (before or after the command).
Failures of the machine (a full disk, memory, a polars panic, deep nesting) are one
line and exit 2 too (``cli/failures.py``).

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
    except BaseException as error:  # polars' PanicException is no Exception
        if debug or isinstance(error, SystemExit | GeneratorExit):
            raise
        from fatalities.cli.failures import failure_message

        message = failure_message(error)
        if message is not None:
            sys.stderr.write(f"fatalities: error: {message}\n")
            raise typer.Exit(int(ExitCode.INPUT)) from None
        if not isinstance(error, Exception):
            raise
        sys.stderr.write(
            f"fatalities: internal error: {type(error).__name__}: {error} "
            "(run again with --debug for the traceback, and report it)\n"
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None

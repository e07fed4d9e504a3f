"""The ``fatalities`` process: ``run`` is the console script: ``main``, then the
background cache builds the command scheduled (after its output is written), plus the
two settings below, which are the command's and not the library's.

- ``tune_polars``: read CSV in 4 MiB chunks. Polars' default reads much further ahead:
  on a 1.2 GB export the smaller chunks halve peak memory (about 390 to 190 MiB) and
  are no slower. A value the user set is kept.
- ``exit_now``: end the process as soon as the output is flushed. Tearing down the
  interpreter (polars' buffers, typer, pydantic) costs about 0.05-0.1 s and nothing
  is left to do by then: output files are already closed and renamed into place,
  and background cache builders run detached.

>>> import os
>>> tune_polars({})["POLARS_CSV_CHUNK_SIZE"]
'4194304'
>>> tune_polars({"POLARS_CSV_CHUNK_SIZE": "1000"})["POLARS_CSV_CHUNK_SIZE"]
'1000'
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fatalities.cli.state import RunState

#: Bytes of CSV polars parses per chunk (``POLARS_CSV_CHUNK_SIZE``).
CSV_CHUNK_BYTES = 4 * 1024 * 1024


def run() -> None:
    """Console-script entry point: tune polars, run the app with this run's state, start
    the cache builds it scheduled, and exit without teardown (not under ``--debug``)."""
    tune_polars()
    from fatalities.cli.failures import standard_streams, wants_file_output

    if "stdout" in standard_streams() and not wants_file_output(sys.argv[1:]):
        sys.stderr.write(
            "fatalities: error: stdout is closed, so the data has nowhere to go; "
            "redirect it (> FILE), pipe it, or use -o FILE\n"
        )
        exit_now(2)
    from fatalities.cli.cache import start_pending_builds
    from fatalities.cli.state import RunState

    state = RunState()
    code: object = 0
    try:
        main(state)
    except SystemExit as done:
        code = done.code
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        start_pending_builds(state)
    if state.debug:
        sys.exit(exit_code(code))
    exit_now(code)


def main(state: RunState | None = None) -> None:
    """Run the app (on ``state``, made from the environment by the app callback when not
    given); a closed stdout pipe ends quietly, Ctrl-C with one line and status 130."""
    from fatalities.cli.app import app
    from fatalities.errors import ExitCode

    try:
        app(obj=state)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except SystemExit as done:
        # typer ends a closed pipe met while writing help or --version with status 1,
        # after wrapping stdout in its PacifyFlushWrapper: that is a quiet success too.
        if done.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(0)
        raise
    except KeyboardInterrupt:
        sys.stderr.write("fatalities: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush is quiet."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def tune_polars(environ: MutableMapping[str, str] | None = None) -> MutableMapping[str, str]:
    """Set polars' CSV chunk size in ``environ`` (default: this process's) unless set."""
    env = os.environ if environ is None else environ
    env.setdefault("POLARS_CSV_CHUNK_SIZE", str(CSV_CHUNK_BYTES))
    return env


def exit_code(code: object) -> int:
    """The exit status ``sys.exit(code)`` would give (a message is written to stderr).

    >>> exit_code(None), exit_code(2), exit_code(True)
    (0, 2, 1)
    """
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    sys.stderr.write(f"{code}\n")
    return 1


def exit_now(code: object) -> None:
    """Flush stdout and stderr and end the process with ``code``, skipping teardown.

    A reader that has gone away (``| head``) ends it quietly with status 0.
    """
    status = exit_code(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 0
    except (OSError, ValueError) as error:  # a full disk, /dev/full
        with contextlib.suppress(OSError, ValueError):
            reason = getattr(error, "strerror", None) or str(error)
            sys.stderr.write(f"fatalities: error: cannot write the output: {reason}\n")
        status = status or 2
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)

"""Failures of the machine rather than of the data, each said in one line (exit 2).

A full disk or ``/dev/full``, a closed stream, memory running out, input nested too
deeply for the parsers, or a panic inside polars is no bug of this program: the user
gets one line saying what happened and what to try, never a traceback (``--debug``
still shows it). ``standard_streams`` makes a closed stdin, stdout or stderr (``>&-``)
an ordinary case before anything runs.

>>> failure_message(OSError(28, "No space left on device"))
'cannot write: No space left on device (a full disk?); free some space or write elsewhere'
>>> failure_message(MemoryError())
'out of memory; narrow the question (--country, --from-year, --top N, a coarser --period) or use a machine with more memory'
>>> failure_message(ValueError("x")) is None
True
"""

from __future__ import annotations

import errno
import os
import sys

#: Standard streams found closed when the process started (``>&-``), by name.
CLOSED: set[str] = set()


def failure_message(error: BaseException) -> str | None:
    """The one-line message for a failure of the machine, or ``None`` for anything else."""
    if isinstance(error, MemoryError) or type(error).__name__ == "PanicException":
        if isinstance(error, MemoryError) or "memory" in str(error).lower():
            return (
                "out of memory; narrow the question (--country, --from-year, --top N, "
                "a coarser --period) or use a machine with more memory"
            )
        first = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
        return (
            f"the data engine (polars) stopped: {first[:200]}; narrow the question "
            "(--country, --top N, a coarser --period) or report it"
        )
    if isinstance(error, RecursionError):
        return (
            "the input is nested too deeply to read (JSON or TOML thousands of levels deep); "
            "pass a flat export"
        )
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        where = f" {error.filename}" if error.filename else ""
        if error.errno in {errno.ENOSPC, errno.EDQUOT}:
            return (
                f"cannot write{where}: {reason} (a full disk?); free some space or write elsewhere"
            )
        if error.errno == errno.EBADF:
            return "a standard stream is closed; run with stdout and stderr open (or -o FILE)"
        if error.errno in {errno.ENAMETOOLONG}:
            return f"a file name is too long{where}; choose a shorter one"
        return f"cannot read or write{where}: {reason}"
    return None


def standard_streams() -> set[str]:
    """Reopen closed standard streams on ``/dev/null`` (so writing to them is no crash)
    and return the names of those that were closed."""
    closed: set[str] = set()
    for descriptor, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if _is_open(descriptor) and getattr(sys, name) is not None:
            continue
        closed.add(name)
        try:
            if not _is_open(descriptor):
                opened = os.open(os.devnull, os.O_RDWR)
                if opened != descriptor:
                    os.dup2(opened, descriptor)
                    os.close(opened)
            setattr(sys, name, open(descriptor, mode, closefd=False))  # noqa: SIM115
        except OSError:
            continue
    CLOSED.update(closed)
    return closed


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def wants_file_output(args: list[str]) -> bool:
    """Whether the command line sends data to a file (``-o FILE``, ``--output``).

    >>> wants_file_output(["trend", "-o", "x.csv"]), wants_file_output(["trend"])
    (True, False)
    """
    return any(arg in {"-o", "--output"} or arg.startswith(("--output=", "-o")) for arg in args)

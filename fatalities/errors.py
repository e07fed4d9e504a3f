"""Errors a user can act on, each carrying the exit code the CLI returns.

Raised once where a problem is detected, translated once in ``cli.py``.

>>> err = InputError("data.csv: no 'fatalities' column; found: a, b")
>>> int(err.exit_code)
2
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit code the ``fatalities`` command can return (listed in the README)."""

    OK = 0
    #: ``check``: a claim fails; ``trend --fail-empty``: nothing matched; ``change --fail-on``;
    #: ``diff``: the two releases differ.
    FAILED = 1
    #: Bad input or usage: missing file, unreadable data, unknown country, bad option.
    INPUT = 2
    #: An unexpected internal error (a bug: please report it, with ``--debug`` output).
    INTERNAL = 3
    #: ``fetch``: a server could not be reached, or kept failing after every retry.
    NETWORK = 4
    #: Interrupted with Ctrl-C.
    INTERRUPTED = 130


class FatalitiesError(Exception):
    """Base class: a one-line message that says what is wrong and what to do."""

    exit_code: ExitCode = ExitCode.INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(FatalitiesError):
    """A file is missing, unreadable, or not data this tool understands."""


class SelectionError(FatalitiesError):
    """A filter names something the data does not hold (an unknown country, say)."""


class ClaimsError(FatalitiesError):
    """A claims file or claim text cannot be understood."""


class TooLargeError(FatalitiesError):
    """A result would have more rows than ``--max-rows`` allows."""


class AuthError(FatalitiesError):
    """A server refused the credentials or the account's access (never quotes a secret)."""


class FetchError(FatalitiesError):
    """A server could not be reached, or answered with errors after every retry."""

    exit_code = ExitCode.NETWORK

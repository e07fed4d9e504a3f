"""One run's state, made once and passed explicitly (as httpie passes its ``Environment``).

The console entry (``cli.main.run``) makes a ``RunState`` from the environment and hands
it to the app as its context object; the app callback applies the options given before
the command (``fatalities --quiet trend``), and each command applies its own with
``run_state``. Nothing about a run is kept in module globals.

- ``quiet`` / ``debug``: ``--quiet`` and ``--debug``, before or after the command.
- ``cache_mode``: ``FATALITIES_CACHE=auto|read|off`` (``--no-cache`` is ``off``): ``auto``
  reads current entries and builds missing ones in the background, ``read`` only reads,
  ``off`` neither.
- ``cache_dir`` and ``cache_max_bytes`` (``FATALITIES_CACHE_MAX``, default 2 GiB): where
  entries live and how large the directory may grow before the least recently used
  entries are evicted.
- ``pending_builds``: cache builds to start once the command's output is written.

>>> state = RunState.from_environment({"FATALITIES_CACHE": "read", "FATALITIES_CACHE_DIR": "/c"})
>>> state.cache_mode.value, state.cache_reads.as_posix(), state.cache_builds
('read', '/c', False)
>>> state.apply(no_cache=True).cache_reads is None
True
>>> RunState.from_environment({"FATALITIES_CACHE_MAX": "10M"}).cache_max_bytes
10485760
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from fatalities.errors import InputError

if TYPE_CHECKING:
    import typer

#: The cache directory's default size cap (``FATALITIES_CACHE_MAX``).
DEFAULT_CACHE_MAX = 2 * 1024**3
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


class CacheMode(StrEnum):
    """``FATALITIES_CACHE``: read and build, only read, or neither."""

    auto = "auto"
    read = "read"
    off = "off"


@dataclass(frozen=True)
class PendingBuild:
    """Files to cache once the command is done, where, and with which estimate."""

    sources: tuple[str, ...]
    cache_dir: Path
    estimate: str = "best"


@dataclass
class RunState:
    """What this run was asked for beyond a command's own options (see the module doc)."""

    quiet: bool = False
    debug: bool = False
    #: The command being run (``trend``), for messages that show a command line.
    command: str = ""
    cache_mode: CacheMode = CacheMode.auto
    cache_dir: Path | None = None
    cache_max_bytes: int = DEFAULT_CACHE_MAX
    pending_builds: list[PendingBuild] = field(default_factory=list)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RunState:
        """The state the environment asks for (the cache's variables), before any option."""
        return cls().read_environment(environ)

    def read_environment(self, environ: Mapping[str, str] | None = None) -> RunState:
        """Take the cache's variables from ``environ`` (default this process's); ``self``."""
        env = os.environ if environ is None else environ
        mode_text = env.get("FATALITIES_CACHE", "").strip().lower() or "auto"
        try:
            mode = CacheMode(mode_text)
        except ValueError:
            raise InputError(
                f"FATALITIES_CACHE={mode_text!r} is not a cache mode; use auto, read or off"
            ) from None
        self.cache_dir = cache_directory(env)
        if self.cache_dir is not None and not _home_exists(env):
            self.cache_dir = None  # a missing $HOME is never created (a service, a container)
        self.cache_mode = mode if self.cache_dir is not None else CacheMode.off
        self.cache_max_bytes = parse_size(env.get("FATALITIES_CACHE_MAX", ""), DEFAULT_CACHE_MAX)
        return self

    def apply(
        self, *, quiet: bool = False, debug: bool = False, no_cache: bool = False
    ) -> RunState:
        """Add a command's own ``--quiet``, ``--debug`` and ``--no-cache``; returns ``self``."""
        self.quiet = self.quiet or quiet
        self.debug = self.debug or debug
        if no_cache:
            self.cache_mode = CacheMode.off
        return self

    @property
    def cache_reads(self) -> Path | None:
        """The cache directory to read entries from, or ``None`` (``off``)."""
        return None if self.cache_mode is CacheMode.off else self.cache_dir

    @property
    def cache_builds(self) -> bool:
        """Whether missing entries are built in the background (``auto`` only)."""
        return self.cache_mode is CacheMode.auto and self.cache_dir is not None


def start_run(
    context: typer.Context, *, quiet: bool = False, debug: bool = False, no_cache: bool = False
) -> RunState:
    """The app callback's part: the state given to the app (or a new one), with the
    environment read and the options given before the command applied."""
    state = context.find_object(RunState)
    if state is None:
        state = RunState()
        context.obj = state
    state.debug = state.debug or debug
    state.read_environment()
    state.command = context.invoked_subcommand or ""
    return state.apply(quiet=quiet, no_cache=no_cache)


def run_state(
    context: typer.Context, *, quiet: bool = False, debug: bool = False, no_cache: bool = False
) -> RunState:
    """This run's state (made from the environment when the app was called without one),
    with a command's own ``--quiet``, ``--debug`` and ``--no-cache`` applied."""
    state = context.find_object(RunState)
    if state is None:
        state = RunState.from_environment()
        context.obj = state
    return state.apply(quiet=quiet, debug=debug, no_cache=no_cache)


def cache_directory(environ: Mapping[str, str]) -> Path | None:
    """Where cache entries live (XDG rules; ``FATALITIES_CACHE_DIR`` overrides); ``None``
    without ``$HOME`` or any of those variables: then nothing is cached or created.

    >>> cache_directory({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"}).as_posix()
    '/x/cache/fatalities'
    >>> cache_directory({}) is None
    True
    """
    override = environ.get("FATALITIES_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():  # the XDG spec ignores relative paths
        return Path(xdg) / "fatalities"
    home = environ.get("HOME", "").strip()
    return Path(home) / ".cache" / "fatalities" if home else None


def _home_exists(environ: Mapping[str, str]) -> bool:
    """False when the cache would live under a ``$HOME`` that does not exist (no
    ``FATALITIES_CACHE_DIR`` or absolute ``XDG_CACHE_HOME`` names another place).

    >>> _home_exists({"HOME": "/nonexistent/home"}), _home_exists({"XDG_CACHE_HOME": "/x"})
    (False, True)
    """
    if environ.get("FATALITIES_CACHE_DIR", "").strip():
        return True
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return True
    home = environ.get("HOME", "").strip()
    return bool(home) and Path(home).is_dir()


def parse_size(text: str, default: int) -> int:
    """Bytes from ``2G``, ``500M``, ``1024`` (``default`` when empty).

    >>> parse_size("2G", 0), parse_size("", 7), parse_size("1.5k", 0)
    (2147483648, 7, 1536)
    """
    cleaned = text.strip().upper().removesuffix("IB").removesuffix("B")
    if not cleaned:
        return default
    unit = cleaned[-1] if cleaned[-1] in _UNITS else ""
    number = cleaned[: -1 if unit else None].strip()
    try:
        value = float(number)
    except ValueError:
        raise InputError(
            f"FATALITIES_CACHE_MAX={text!r} is not a size; write it as 2G, 500M or a byte count"
        ) from None
    if value < 0:
        raise InputError(f"FATALITIES_CACHE_MAX={text!r} is negative; give a size such as 2G")
    return int(value * _UNITS[unit])

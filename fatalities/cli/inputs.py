"""The inputs of a data command: the files given (or the bundled sample), loaded with
the cache, and what the loader found said on stderr.

``load_inputs`` is what every data command calls: it picks the sources, refuses ``-``
when stdin is a terminal (``check_stdin``), shows a spinner on a slow load, reads large CSV files from the cache when current (and
schedules a background build otherwise), and passes every note and warning of the
loader to the console.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from fatalities.errors import InputError

if TYPE_CHECKING:
    from fatalities.cli.console import Console
    from fatalities.io.load import Loaded


def load_inputs(
    paths: Sequence[str] | None,
    countries: Sequence[str],
    console: Console,
    *,
    estimate: str = "best",
    strict: bool = False,
    columns: Collection[str] | None = None,
) -> Loaded:
    """Load the given files, or the bundled sample data (saying so on stderr).

    ``columns``: the canonical columns the command uses (default all; fewer is faster).
    Large CSV files are read from the cache when current, else cached in the background
    once the command is done (``runtime.run``).
    """
    from fatalities.cli.cache import cache_dir_for_run, schedule_builds
    from fatalities.io.load import load
    from fatalities.resources import sample_data_path

    sources: list[str] = list(paths or [])
    check_stdin(sources)
    if not sources:
        sample = sample_data_path()
        console.note(f"no input files given: reading the bundled synthetic sample data ({sample})")
        sources = [str(sample)]
    console.protect(sources)
    shown = ["<stdin>" if source == "-" else source for source in sources]
    label = "loading " + (shown[0] if len(shown) == 1 else f"{len(shown)} files")
    with console.progress(label):
        cache_dir = cache_dir_for_run()
        loaded = load(
            sources, countries=list(countries), estimate=estimate, strict=strict,
            columns=columns, cache_dir=cache_dir, max_input=max_input(),
        )  # fmt: skip
    if cache_dir is not None:
        schedule_builds(sources, cache_dir, estimate=estimate)
    for note in loaded.notes:
        console.note(note)
    if loaded.source_label != "ACLED" or loaded.estimate:
        estimate_note = f", {loaded.estimate} estimate of deaths" if loaded.estimate else ""
        console.note(f"source: {loaded.source_label}{estimate_note}")
    for warning in loaded.warnings:
        console.note(f"warning: {warning}")
    if loaded.duplicates_dropped:
        console.note(
            f"dropped {loaded.duplicates_dropped:,} duplicate row(s) of events listed more than "
            "once (same event_id_cnty); each event counts once"
        )
    return loaded


def check_stdin(sources: Sequence[str]) -> None:
    """Refuse ``-`` when stdin is a terminal: nobody types an export, and the wait for
    one would look like a hang (that Ctrl-C does not end)."""
    from fatalities.cli.console import RUN, stdin_is_terminal
    from fatalities.cli.failures import CLOSED

    if "-" in sources and "stdin" in CLOSED:
        command = RUN.command or "trend"
        raise InputError(
            f"- reads stdin, but stdin is closed; pipe a file in (cat export.csv | fatalities {command} - ...)"
        )
    if "-" in sources and stdin_is_terminal():
        command = RUN.command or "trend"
        raise InputError(
            "- reads stdin, but stdin is a terminal; pipe a file in "
            f"(cat export.csv | fatalities {command} - ...)"
        )


def max_input(environ: Mapping[str, str] | None = None) -> int | None:
    """``FATALITIES_MAX_INPUT`` in bytes (``20GiB``, ``500MiB``), or ``None`` for the
    loader's default; a value that is no size is an ``InputError``.

    >>> max_input({"FATALITIES_MAX_INPUT": "1KiB"}), max_input({})
    (1024, None)
    """
    import os

    from fatalities.io.spool import parse_size

    env = os.environ if environ is None else environ
    text = env.get("FATALITIES_MAX_INPUT", "").strip()
    return parse_size(text) if text else None

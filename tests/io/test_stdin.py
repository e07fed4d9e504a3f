"""`-` reads stdin: piped data works, and a terminal on stdin is an error at once
(not a silent wait for typed CSV that ignores Ctrl-C)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "acled_sample.csv"

COMMANDS = [
    ["trend", "-", "--country", "Mali"],
    ["countries", "-"],
    ["summary", "-", "--country", "Mali"],
    ["change", "-", "--country", "Mali"],
    ["inspect", "-"],
    ["check", "-"],
]


def run(args: list[str], stdin: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FATALITIES_CACHE_DIR": os.devnull + "/none", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "fatalities", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=20,
        cwd=ROOT,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_a_terminal_on_stdin_is_an_error_not_a_wait(args: list[str]) -> None:
    main, secondary = pty.openpty()
    try:
        done = run(args, stdin=secondary)
    finally:
        os.close(secondary)
        os.close(main)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert (
        "fatalities: error: - reads stdin, but stdin is a terminal; pipe a file in "
        f"(cat export.csv | fatalities {args[0]} - ...)"
    ) in done.stderr


def test_piped_stdin_still_reads() -> None:
    with SAMPLE.open("rb") as handle:
        done = run(["trend", "-", "--country", "Mali", "--format", "csv"], stdin=handle.fileno())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "country,year,fatalities,events,ytd_fatalities,ytd_events,complete\n"
    )

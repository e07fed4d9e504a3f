"""`fatalities trend` in a real terminal (tmux): the chart fits, the partial year shows,
colour only without NO_COLOR. Skipped when tmux is not installed (.ci/run installs it)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
FATALITIES = Path(sys.executable).parent / "fatalities"
DONE = "__fatalities_done__"
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def columns_of(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


class Terminal:
    """A detached tmux session of a given size on a private server."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [str(TMUX), "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
        )
        return done.stdout

    def run(self, command: str, columns: int, rows: int = 60) -> tuple[str, str]:
        """Run ``command`` in a fresh ``columns`` x ``rows`` window; the screen, plain and raw."""
        name = f"w{uuid.uuid4().hex[:8]}"
        shell = f"{command}; echo {DONE}; sleep 600"
        self.tmux("new-session", "-d", "-s", name, "-x", str(columns), "-y", str(rows), shell)
        try:
            deadline = time.monotonic() + 120
            plain = ""
            while time.monotonic() < deadline:
                plain = self.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", name)
                if DONE in plain:
                    break
                time.sleep(0.1)
            assert DONE in plain, f"the command did not finish:\n{plain}"
            raw = self.tmux("capture-pane", "-p", "-J", "-e", "-S", "-200", "-t", name)
            return plain.split(DONE)[0], raw.split(DONE)[0]
        finally:
            self.tmux("kill-session", "-t", name)


@pytest.fixture(scope="module")
def terminal() -> Iterator[Terminal]:
    if not FATALITIES.exists():
        pytest.skip("the fatalities console script is not installed beside this Python")
    term = Terminal(f"fatalities-test-{os.getpid()}")
    try:
        yield term
    finally:
        subprocess.run(
            [str(TMUX), "-L", term.socket, "kill-server"], capture_output=True, check=False
        )


def trend(*, colour: bool) -> str:
    env = "env -u COLUMNS -u LINES " + (
        "-u NO_COLOR TERM=xterm-256color" if colour else "NO_COLOR=1"
    )
    return f"{env} {shlex.quote(str(FATALITIES))} trend --country Mali --quiet"


@pytest.mark.parametrize("columns", [80, 120])
def test_trend_chart_fits_the_terminal_and_labels_the_partial_year(
    terminal: Terminal, columns: int
) -> None:
    plain, raw = terminal.run(trend(colour=False), columns)
    lines = plain.splitlines()
    assert lines[0] == "Synthetic sample data, not ACLED figures", plain  # the bundled sample
    assert lines[1].startswith("country"), plain  # a table, as on any terminal
    source = next(i for i, line in enumerate(lines) if line.startswith("Source: "))
    lines = lines[:source]  # the citation is one line, however wide: the terminal wraps it
    assert "2020*" in plain  # the partial year in the table and under its bar
    assert "partial year" in plain
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    assert bottom - top >= 8, plain  # a chart under the table
    widest = max(columns_of(line.rstrip()) for line in lines)
    assert widest <= columns, plain
    frame = next(line for line in lines if "┌" in line)
    assert columns_of(frame.rstrip()) > columns - 10  # the chart uses the terminal's width
    assert not ESCAPE.search(raw), "NO_COLOR output has escape codes"
    assert "\x1b" not in raw


@pytest.mark.parametrize("columns", [80, 120])
def test_colour_is_used_on_a_terminal_without_no_color(terminal: Terminal, columns: int) -> None:
    plain, raw = terminal.run(trend(colour=True), columns)
    assert ESCAPE.search(raw), "expected coloured bars on a terminal"
    lines = plain.split("\nSource: ")[0].splitlines()  # the citation wraps as it must
    assert max(columns_of(line.rstrip()) for line in lines) <= columns


def test_a_slow_load_shows_a_spinner_on_stderr_then_wipes_it(
    terminal: Terminal, tmp_path: Path
) -> None:
    """stdin is held back until the spinner shows, so the load is slow whatever the machine."""
    flag = tmp_path / "go"
    sample = Path(__file__).resolve().parents[2] / "sample_data" / "acled_sample.csv"
    feeder = (
        f"(while [ ! -e {shlex.quote(str(flag))} ]; do sleep 0.05; done; "
        f"cat {shlex.quote(str(sample))})"
    )
    command = (
        f"{feeder} | env -u COLUMNS -u LINES NO_COLOR=1 {shlex.quote(str(FATALITIES))} "
        "trend - --country Mali --format csv > /dev/null"
    )
    name = f"s{uuid.uuid4().hex[:8]}"
    terminal.tmux(
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "80",
        "-y",
        "20",
        f"{command}; echo {DONE}; sleep 600",
    )
    try:
        deadline = time.monotonic() + 120
        screen = ""
        while time.monotonic() < deadline and "loading <stdin>" not in screen:
            screen = terminal.tmux("capture-pane", "-p", "-t", name)
            time.sleep(0.05)
        assert "fatalities: loading <stdin> ..." in screen, screen
        flag.touch()
        while time.monotonic() < deadline and DONE not in screen:
            screen = terminal.tmux("capture-pane", "-p", "-t", name)
            time.sleep(0.05)
        assert DONE in screen
        assert "loading" not in screen  # wiped: no trace once the load is done
    finally:
        terminal.tmux("kill-session", "-t", name)

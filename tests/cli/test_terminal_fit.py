"""Tables that fit the terminal (issue 16), in a real terminal (tmux) at 50 and 80 columns:
``trend --derived`` on the real Mali file has no wrapped row and no split header; --wide
keeps every column. Skipped when tmux or the real data is missing."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator

import pytest

from fatalities.render.trend_table import short_headers
from tests.cli.test_terminal import FATALITIES, TMUX, Terminal, columns_of
from tests.conftest import real_file

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
YEAR_ROW = re.compile(r"^\s*(\d{4})\*?\s")
LONG_HEADERS = {
    "year", "fatalities", "events", "fatalities to 31 Jul", "events to 31 Jul", "change",
    "change %", "change to 31 Jul", "change to 31 Jul %", "rank", "rank to 31 Jul",
    "highest since",
}  # fmt: skip


@pytest.fixture(scope="module")
def terminal() -> Iterator[Terminal]:
    if not FATALITIES.exists():
        pytest.skip("the fatalities console script is not installed beside this Python")
    term = Terminal(f"fatalities-fit-{os.getpid()}")
    try:
        yield term
    finally:
        subprocess.run(
            [str(TMUX), "-L", term.socket, "kill-server"], capture_output=True, check=False
        )


def derived(*extra: str) -> str:
    mali = real_file("acled-events", "hdx_conflict_data_mli.csv")
    args = " ".join(shlex.quote(arg) for arg in extra)
    return (
        f"env -u COLUMNS -u LINES NO_COLOR=1 {shlex.quote(str(FATALITIES))} trend "
        f"{shlex.quote(str(mali))} --country Mali --derived --quiet {args}"
    )


@pytest.mark.parametrize("columns", [50, 80])
def test_derived_table_fits_without_wrapped_rows_or_split_headers(
    terminal: Terminal, columns: int
) -> None:
    plain, _ = terminal.run(derived(), columns, rows=120)
    lines = plain.splitlines()
    # capture-pane -J joins a wrapped line back into one: none may be wider than the screen
    assert max(columns_of(line.rstrip()) for line in lines) <= columns, plain
    header = lines[0].split()
    labels = [label for label in re.split(r"\s{2,}", lines[0].strip())]
    assert header[0] == "year" and "fatalities" in header, plain
    allowed = LONG_HEADERS | set(short_headers().values())
    assert set(labels) <= allowed, labels  # whole headers only, never half a word
    years = [int(match.group(1)) for line in lines if (match := YEAR_ROW.match(line))]
    assert years[:24] == list(range(1997, 2021)), plain  # one line per year, in order
    row_2018 = next(line for line in lines if line.lstrip().startswith("2018 "))
    assert "1,747" in row_2018 and "1,134" in row_2018  # fatalities and to-date stay
    if columns == 50:
        assert "not shown:" in plain and "--wide" in plain
        assert "ytd = fatalities to 31 Jul" in plain


def test_wide_keeps_every_column(terminal: Terminal) -> None:
    plain, _ = terminal.run(derived("--wide", "--no-chart"), 80, rows=60)
    header = plain.splitlines()[0]
    assert "highest since" in header and "events to 31 Jul" in header
    assert "not shown" not in plain

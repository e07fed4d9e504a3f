"""fatalities/output.py: format choice, atomic files, colour, width, spinner, suggestions."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
import typer

from fatalities.cli import console as output
from fatalities.cli.console import (
    Console,
    chart_height,
    choice_parser,
    choose_format,
    closest,
    terminal_width,
    use_colour,
    write_atomic,
)
from fatalities.vocabulary import ChartKind, OutputFormat


@pytest.mark.parametrize(
    ("requested", "out", "terminal", "expected"),
    [
        (None, None, True, "table"),
        (None, None, False, "csv"),
        ("json", None, True, "json"),
        ("table", None, False, "table"),
        (None, "x.csv", True, "csv"),
        (None, "x.TSV", True, "tsv"),
        (None, "x.json", False, "json"),
        (None, "x.jsonl", False, "ndjson"),
        (None, "x.ndjson", False, "ndjson"),
        (None, "x.md", False, "markdown"),
        (None, "x.txt", False, "table"),
        (None, "x", True, "csv"),
        ("markdown", "x.csv", True, "markdown"),
    ],
)
def test_choose_format(
    requested: str | None, out: str | None, terminal: bool, expected: str
) -> None:
    chosen = choose_format(
        OutputFormat(requested) if requested else None, output=out, stdout_is_terminal=terminal
    )
    assert chosen == OutputFormat(expected)


@pytest.mark.parametrize(
    ("typed", "kind", "suggestion"),
    [
        ("tabel", OutputFormat, "table"),
        ("jsno", OutputFormat, "json"),
        ("markdwn", OutputFormat, "markdown"),
        ("paec", ChartKind, "pace"),
        ("lien", ChartKind, "line"),
        ("nnoe", ChartKind, "none"),
    ],
)
def test_misspelt_values_suggest_the_closest(typed: str, kind: type, suggestion: str) -> None:
    parse = choice_parser(kind, "value")
    with pytest.raises(typer.BadParameter, match=f"did you mean {suggestion}\\?"):
        parse(typed)


def test_values_are_case_insensitive_and_far_ones_get_no_guess() -> None:
    assert choice_parser(OutputFormat, "format")("JSON") is OutputFormat.json
    with pytest.raises(typer.BadParameter) as caught:
        choice_parser(OutputFormat, "format")("zzzzzz")
    assert "did you mean" not in str(caught.value)
    assert "choose from table, csv" in str(caught.value)
    assert closest("qq", ["bar"]) is None


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    write_atomic(target, "new,content\n")
    assert target.read_text() == "new,content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_write_leaves_nothing_half_written_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_console_writes_the_file_only_when_the_block_succeeds(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    with Console(quiet=True, output=good) as console:
        console.data("a,b")
        console.data("1,2\n")
    assert good.read_text() == "a,b\n1,2\n"
    with pytest.raises(RuntimeError), Console(quiet=True, output=bad) as console:
        console.data("a,b")
        raise RuntimeError("boom")
    assert not bad.exists()
    assert list(tmp_path.glob(".*")) == []


@pytest.mark.parametrize(
    ("env", "terminal", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_colour_only_on_a_terminal_without_no_color(
    env: dict[str, str], terminal: bool, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(output, "_isatty", lambda stream: terminal)
    assert use_colour() is expected
    assert use_colour(to_file=True) is False


def test_width_and_height_follow_columns_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    monkeypatch.setenv("LINES", "50")
    assert terminal_width(None) == 132
    assert terminal_width(100) == 100
    assert terminal_width(35) == 35  # --width as given (options.py refuses less than 30)
    monkeypatch.setenv("COLUMNS", "20")
    assert terminal_width(None) == output.MIN_WIDTH
    assert chart_height(None) == 20
    assert chart_height(30) == 30
    monkeypatch.setenv("LINES", "24")
    assert chart_height(None) == 16


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal and signals its first write."""

    def __init__(self) -> None:
        super().__init__()
        self.written = threading.Event()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)


def test_spinner_appears_on_a_slow_load_and_leaves_no_trace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stderr = FakeTerminal()
    monkeypatch.setattr(output.sys, "stderr", stderr)
    monkeypatch.setattr(output, "PROGRESS_DELAY", 0.0)
    monkeypatch.delenv("TERM", raising=False)
    with Console().progress("loading x.csv"):
        assert stderr.written.wait(30)
    shown = stderr.getvalue()
    assert "loading x.csv" in shown
    assert "\x1b" not in shown
    last = shown.rsplit("\r", 2)[-2]  # the final wipe: spaces only
    assert last.strip() == ""


@pytest.mark.parametrize("quiet", [True, False])
def test_no_spinner_on_a_fast_load_or_when_quiet(
    quiet: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    stderr = FakeTerminal()
    monkeypatch.setattr(output.sys, "stderr", stderr)
    monkeypatch.setattr(output, "PROGRESS_DELAY", 0.0 if quiet else 600.0)
    with Console(quiet=quiet).progress("loading"):
        pass
    assert stderr.getvalue() == ""


def test_no_spinner_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr(output.sys, "stderr", stderr)
    monkeypatch.setattr(output, "PROGRESS_DELAY", 0.0)
    with Console().progress("loading"):
        pass
    assert stderr.getvalue() == ""


def test_o_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from fatalities.errors import InputError

    with (
        pytest.raises(InputError, match="does not exist"),
        Console(output=tmp_path / "nope" / "x.csv"),
    ):
        pass
    assert os.listdir(tmp_path) == []

"""Command-line conventions: help with examples, fast help, quiet, Ctrl-C, closed pipes,
empty results, suggestions for misspelt option values, completion."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / "fatalities"
HEADER = "country,year,fatalities,events,ytd_fatalities,ytd_events,complete"


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as the words that invoke it (groups included)."""
    import typer.main

    paths: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        paths.append(words)
        for name, child in sorted(getattr(command, "commands", {}).items()):
            walk(child, [*words, name])

    walk(typer.main.get_command(app), [])
    return paths


def python_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env["NO_COLOR"] = "1"
    return env


def test_every_command_and_the_app_show_an_example_in_help() -> None:
    paths = command_paths()
    assert {("trend",), ("countries",)} <= {tuple(words) for words in paths}
    for args in paths:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout, args
        assert "fatalities " in result.stdout.split("Example", 1)[1], args


@pytest.mark.parametrize("args", [["--help"], ["trend", "--help"], ["countries", "--help"]])
def test_help_imports_neither_polars_nor_plotext_nor_rich(args: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['fatalities', *{args!r}]\n"
        "from fatalities.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'polars', 'plotext', 'rich'})\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=python_env()
    )
    assert done.stderr == "[]"
    assert "Usage:" in done.stdout


def test_quiet_silences_notes_but_not_errors() -> None:
    loud = runner.invoke(app, ["trend", "--country", "Mali", "--format", "csv"])
    assert "no input files given" in loud.stderr
    quiet = runner.invoke(app, ["trend", "--country", "Mali", "--format", "csv", "--quiet"])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    failing = runner.invoke(app, ["trend", "--country", "Maly", "--quiet"])
    assert failing.exit_code == 2
    assert "did you mean Mali" in failing.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["trend", "--country", "Mali", "--format", "tabel"], "did you mean table?"),
        (["trend", "--country", "Mali", "--format", "jsn"], "did you mean json?"),
        (["trend", "--country", "Mali", "--chart", "paec"], "did you mean pace?"),
        (["countries", "--format", "markdwon"], "did you mean markdown?"),
        (["summary", "--country", "Mali", "--format", "jsno"], "did you mean json?"),
        (["change", "--country", "Mali", "--format", "nsjson"], "did you mean ndjson?"),
        (["check", "--format", "cvs"], "did you mean csv?"),
        (["inspect", "x.csv", "--format", "tbale"], "did you mean table?"),
        (["trend", "--country", "Maly"], "did you mean Mali?"),
    ],
)
def test_misspelt_values_suggest_the_closest_and_exit_2(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "culprit"),
    [
        (["--from", "2030"], "--from 2030"),
        (["--to", "1990"], "--to 1990"),
    ],
)
def test_an_empty_result_names_the_filter_and_prints_only_the_header(
    args: list[str], culprit: str
) -> None:
    result = runner.invoke(app, ["trend", "--country", "Mali", "--format", "csv", *args])
    assert result.exit_code == 0
    assert result.stdout == HEADER + "\n"
    assert f"no rows: {culprit} left no events" in result.stderr
    table = runner.invoke(app, ["trend", "--country", "Mali", "--format", "table", *args])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()  # the sample's title, the header, no chart, the source
    assert lines[0] == "Synthetic sample data, not ACLED figures"
    assert lines[1].startswith("country") and lines[2].startswith("Source: ")
    assert len(lines) == 3
    failing = runner.invoke(app, ["trend", "--country", "Mali", "--fail-empty", *args])
    assert failing.exit_code == 1
    assert culprit in failing.stderr


def test_fail_empty_does_not_fail_a_non_empty_result() -> None:
    result = runner.invoke(app, ["trend", "--country", "Mali", "--fail-empty", "--format", "csv"])
    assert result.exit_code == 0


def test_ctrl_c_exits_130_with_one_line() -> None:
    # ``trend -`` waits on stdin, which stays open: the interrupt arrives mid-command.
    process = subprocess.Popen(
        [sys.executable, "-m", "fatalities", "trend", "-", "--country", "Mali"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=python_env(),
    )
    try:
        # Wait for the CLI to be running (importing polars takes a moment) before the signal.
        assert process.stdin is not None
        import time

        maps = Path(f"/proc/{process.pid}/maps")
        if not maps.exists():
            pytest.skip("needs /proc to see when the command is running")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "polars" not in maps.read_text():
            time.sleep(0.05)  # polars is loaded just before stdin is read
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert out == b""
    assert err.decode().splitlines() == ["fatalities: interrupted"]


@pytest.mark.parametrize(
    "command",
    [
        "trend --country Mali --format csv",
        "trend --country Mali --format json",
        "trend --country Mali --format table --width 80",
        "countries --format ndjson",
        "check --format json",
        "summary --country Mali --format json",
        "change --country Mali --format json",
        "inspect sample_data/acled_sample.csv --format json",
    ],
)
def test_a_closed_pipe_ends_quietly_with_status_0(command: str) -> None:
    script = (
        f"{sys.executable} -m fatalities {command} --quiet | head -1; echo ${{PIPESTATUS[0]}} >&2"
    )
    done = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=python_env(),
        cwd=ROOT,
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == "0\n"


@pytest.mark.parametrize(
    "command",
    [
        "trend --country Mali --format csv",
        "trend --country Mali --format table --width 80",
        "countries",
        "check --format json",
        "summary --country Mali --format json",
        "change --country Mali",
        "inspect sample_data/acled_sample.csv",
        "--version",
        "trend --help",
    ],
)
def test_a_pipe_closed_before_the_first_write_ends_quietly(command: str) -> None:
    """The reader is gone before the command starts: the first write surely fails (EPIPE)."""
    quiet = [] if command.startswith("-") or "--help" in command else ["--quiet"]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "fatalities", *command.split(), *quiet],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=python_env(),
            cwd=ROOT,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


def test_completion_is_typers_and_completes_option_values() -> None:
    if not SCRIPT.exists():
        pytest.skip("the fatalities console script is not installed beside this Python")
    shown = runner.invoke(app, ["--show-completion", "bash"])
    assert shown.exit_code == 0
    assert "_FATALITIES_COMPLETE" in shown.stdout or "complete" in shown.stdout
    env = {**python_env(), "_FATALITIES_COMPLETE": "complete_bash"}
    for words, expected in [
        ("fatalities trend --chart p", ["pace"]),
        ("fatalities trend --format ", ["table", "csv", "tsv", "json", "ndjson", "markdown"]),
    ]:
        done = subprocess.run(
            [str(SCRIPT)],
            env={
                **env,
                "COMP_WORDS": words,
                "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stdout.split() == expected, done.stderr


@pytest.mark.parametrize(
    ("args", "culprit"),
    [
        (["--event-type", "Protests", "--political-violence"], "--political-violence"),
        (["--event-type", "Protests", "--from", "2030"], "--from 2030"),
        (["--period", "month", "--to", "1990"], "--to 1990"),
    ],
)
def test_analysis_filters_that_empty_the_result_are_named(args: list[str], culprit: str) -> None:
    result = runner.invoke(app, ["trend", "--country", "Mali", "--format", "csv", *args])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1  # the header alone
    assert f"no rows: {culprit} left no events" in result.stderr
    failing = runner.invoke(app, ["trend", "--country", "Mali", "--fail-empty", *args])
    assert failing.exit_code == 1

"""Help reads as documentation: no raw type placeholders, the same option looks the same
in every command, and PATH says what can be read."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

runner = CliRunner()
COMMANDS = [
    ["trend"], ["countries"], ["check"], ["summary"], ["change"], ["inspect"],
    ["cache", "info"], ["cache", "clear"], ["cache", "build"],
]  # fmt: skip
#: typer's type labels: <str>, <int>, <list[str]>, <year|month>, ...
PLACEHOLDER = re.compile(r"<[\w|\[\]., -]+>")


def help_text(command: list[str]) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_no_raw_type_placeholders(command: list[str]) -> None:
    text = help_text(command)
    assert PLACEHOLDER.findall(text) == []
    assert "PATH..." not in text  # "[PATH]..." in the usage line, "PATH" in the list


@pytest.mark.parametrize(
    ("option", "shown", "commands"),
    [
        ("--estimate", "--estimate NAME", ["trend", "summary", "change", "inspect", "cache build"]),
        ("--project", "--project METHOD", ["trend", "summary", "check"]),
        ("--format", "-f, --format FORMAT",
         ["trend", "countries", "check", "summary", "change", "inspect", "cache info"]),
        ("--as-of", "--as-of DATE", ["trend", "summary", "change", "check"]),
        ("--country", "-c, --country NAME", ["trend", "summary", "change", "check"]),
        ("--no-cache", "--no-cache", ["trend", "countries", "summary", "change", "inspect",
                                      "check"]),
    ],
)  # fmt: skip
def test_an_option_looks_the_same_in_every_command(
    option: str, shown: str, commands: list[str]
) -> None:
    for command in commands:
        lines = [line.strip() for line in help_text(command.split()).splitlines()]
        assert any(line.startswith(shown + " ") or line == shown for line in lines), command


@pytest.mark.parametrize("command", ["trend", "countries", "summary", "change"])
def test_path_says_what_can_be_read(command: str) -> None:
    text = " ".join(help_text([command]).split())
    for word in ["CSV", "Excel", "JSON", "Parquet", ".gz", ".zip", "UCDP", "directories",
                 "globs", "- for stdin", "bundled synthetic sample"]:  # fmt: skip
        assert word in text, word
    assert f"Usage: fatalities {command} [OPTIONS] [PATH]..." in text

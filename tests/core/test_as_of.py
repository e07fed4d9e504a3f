"""--as-of outside the data is kept (the user may mean it) but said on stderr, with the
data's span, by every command that takes it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.resources import sample_data_path

runner = CliRunner()


def sample_span() -> tuple[str, str]:
    """First and last event date of the bundled sample, read with the csv module."""
    with Path(sample_data_path()).open(encoding="utf-8", newline="") as handle:
        dates = [row["event_date"] for row in csv.DictReader(handle)]
    return min(dates), max(dates)


COMMANDS = {
    "trend": ["trend", "-c", "Mali", "-f", "csv"],
    "trend analysis": ["trend", "-c", "Mali", "--period", "month", "-f", "csv"],
    "summary": ["summary", "-c", "Mali", "-f", "json"],
    "change": ["change", "-c", "Mali", "-f", "csv"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize(("as_of", "side"), [("2030-01-01", "after"), ("1990-01-01", "before")])
def test_an_as_of_date_outside_the_data_is_warned_about(name: str, as_of: str, side: str) -> None:
    first, last = sample_span()
    result = runner.invoke(app, [*COMMANDS[name], "--as-of", as_of])
    assert result.exit_code in (0, 2), result.output
    warning = f"warning: --as-of {as_of} is {side} the data, which run from {first} to {last}"
    assert warning in result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("as_of", ["2017-11-20", "2020-07-31"])
def test_an_as_of_date_inside_the_data_is_not(name: str, as_of: str) -> None:
    result = runner.invoke(app, [*COMMANDS[name], "--as-of", as_of])
    assert result.exit_code == 0, result.output
    assert "--as-of" not in result.stderr

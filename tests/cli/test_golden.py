"""Golden snapshots of tables and every chart kind at --width 80, on the bundled sample.

Each file in tests/data/golden/ starts with the command line, then its exact stdout
(NO_COLOR, table format). After an intended change, regenerate them with

    uv run pytest tests/cli/test_golden.py --update-golden

and review the diff like code.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
MALI = ["--country", "Mali", "--format", "table", "--width", "80"]

#: Snapshot name -> fatalities arguments (all on the bundled synthetic sample data).
CASES: dict[str, list[str]] = {
    "trend_table": ["trend", *MALI, "--as-of", "2017-11-20", "--chart", "none"],
    "trend_bar": ["trend", *MALI, "--as-of", "2017-11-20", "--chart", "bar"],
    "trend_bar_partial_year": ["trend", *MALI, "--from", "2010", "--chart", "bar"],
    "trend_line_month": ["trend", *MALI, "--from", "2018", "--chart", "line"],
    "trend_line_week": ["trend", *MALI, "--from", "2020", "--period", "week", "--chart", "line"],
    "trend_pace": ["trend", *MALI, "--as-of", "2017-11-20", "--chart", "pace"],
    "trend_pace_2020": ["trend", *MALI, "--from", "2012", "--chart", "pace"],
    "countries_table": ["countries", "--format", "table"],
    "trend_markdown": [
        "trend",
        "--country",
        "Mali",
        "--as-of",
        "2017-11-20",
        "--format",
        "markdown",
    ],
}


def snapshot(args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    for name in ("COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return f"# fatalities {shlex.join(args)}\n{result.stdout}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_the_golden_snapshot(
    name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = GOLDEN / f"{name}.txt"
    text = snapshot(CASES[name], monkeypatch)
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}; run pytest {__file__} --update-golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from {path}; if the change is intended, run "
        "`uv run pytest tests/cli/test_golden.py --update-golden` and review the diff"
    )


def test_every_snapshot_file_has_a_case() -> None:
    assert {path.stem for path in GOLDEN.glob("*.txt")} <= set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshots_fit_80_columns_and_have_no_escape_codes(name: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if not path.exists():
        pytest.skip("snapshot not written yet")
    text = path.read_text(encoding="utf-8")
    assert "\x1b" not in text
    if "--chart" in CASES[name] and "none" not in CASES[name]:
        chart = text.split("┌", 1)[1].split("\nSource: ", 1)[0]  # the citation is one line
        assert all(len(line) <= 80 for line in chart.splitlines())

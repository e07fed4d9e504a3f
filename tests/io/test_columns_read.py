"""Every data command asks the loader only for the columns it uses, and that never
changes what it prints.

Each command runs twice: as it is, recording the ``columns`` it passes to
``load``, and with ``load`` made to read every column. The output must be the same.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.io import load as load_module
from fatalities.io.results import Loaded
from tests.conftest import REALDATA

HERE = Path(__file__).resolve().parents[1]
EVENTS = str(HERE / "data" / "analysis" / "events.csv")
OLD = str(HERE / "data" / "analysis" / "old_types.csv")
SERIES = {"country", "event_date", "fatalities", "events"}

#: Command (without input and format) -> the columns beyond the series' it must read.
COMMANDS: dict[str, tuple[list[str], set[str]]] = {
    "countries": (["countries"], set()),
    "inspect": (["inspect"], {"event_type", "sub_event_type"}),
    "summary": (["summary", "-c", "Mali"], {"event_type", "admin1"}),
    "summary pv": (["summary", "-c", "Mali", "--political-violence"],
                   {"event_type", "admin1", "sub_event_type"}),
    "change": (["change", "-c", "Mali", "--period", "month"], set()),
    "change region": (["change", "--region", "Western Africa"], {"region"}),
    "trend all": (["trend", "--all-countries"], set()),
    "trend by admin2": (["trend", "-c", "Mali", "--by", "admin2"], {"admin2"}),
}  # fmt: skip

#: Inputs every command is run on (real files when ../shared/realdata is present).
INPUTS = [
    EVENTS,
    OLD,
    str(REALDATA / "acled-events" / "hdx_conflict_data_mli.csv"),
    str(REALDATA / "acled-events" / "2017-01-01-2019-02-27-Mali.csv"),
    str(REALDATA / "acled-aggregated" / "acled_mali_summary.xlsx"),
    str(REALDATA / "ucdp-ged" / "ged191.csv"),
]


def run(
    monkeypatch: pytest.MonkeyPatch, args: list[str], *, every_column: bool
) -> tuple[str, list[Collection[str] | None]]:
    """stdout (with the exit code) and the ``columns`` each ``load`` call asked for."""
    asked: list[Collection[str] | None] = []
    real_load = load_module.load

    def recording_load(*positional: Any, **named: Any) -> Loaded:
        asked.append(named.get("columns"))
        if every_column:
            named["columns"] = None
        return real_load(*positional, **named)

    monkeypatch.setattr(load_module, "load", recording_load)
    result = CliRunner().invoke(app, ["--no-cache", *args, "--format", "json"])
    return f"exit {result.exit_code}\n{result.stdout}", asked


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_asks_for_its_columns_only(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    args, extra = COMMANDS[name]
    _, asked = run(monkeypatch, [args[0], EVENTS, *args[1:]], every_column=False)
    assert asked, "load was not called"
    # JSON carries the source, whose release date is the largest ``timestamp``
    wanted = SERIES | extra | {"timestamp"}
    assert all(columns is not None and set(columns) == wanted for columns in asked)


@pytest.mark.parametrize("source", INPUTS, ids=lambda path: Path(path).name)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_reading_fewer_columns_prints_the_same(
    monkeypatch: pytest.MonkeyPatch, name: str, source: str
) -> None:
    if not Path(source).exists():
        pytest.skip(f"real data not available: {source}")
    args, _ = COMMANDS[name]
    command = [args[0], source, *args[1:]]
    fewer, _ = run(monkeypatch, command, every_column=False)
    every, _ = run(monkeypatch, command, every_column=True)
    assert fewer == every

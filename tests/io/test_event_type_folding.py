"""Event-type names folded across ACLED vintages (case, spacing, older spellings), as
dialect data; the filters and breakdowns see one name. Fixture: a small synthetic file
in the old uppercase layout, tests/data/legacy/acled-2015-asia-variants.csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.io.dialects import ACLED, ACLED_LEGACY, ACLED_SPELLINGS
from fatalities.io.names import fold_names, name_key

runner = CliRunner()
LEGACY = Path(__file__).parents[1] / "data" / "legacy" / "acled-2015-asia-variants.csv"


def trend(*args: str) -> tuple[list[dict[str, str]], str]:
    result = runner.invoke(app, ["trend", str(LEGACY), *args, "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout))), result.stderr


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Violence Against Civilians", "Violence against civilians"),
        ("VIOLENCE AGAINST CIVILIANS", "Violence against civilians"),
        (
            "Battle-Non-state actors overtake territory",
            "Battle-Non-state actor overtakes territory",
        ),
        ("Battle - No change of territory", "Battle-No change of territory"),
        ("Explosions / Remote  violence", "Explosions/Remote violence"),
        ("Mob Violence", "Mob violence"),
        ("Something else", "Something else"),
    ],
)
def test_fold_names(written: str, folded: str) -> None:
    column = "sub_event_type" if written == "Mob Violence" else "event_type"
    frame, count = fold_names(pl.DataFrame({column: [written]}), ACLED)
    assert frame[column].to_list() == [folded]
    assert count == (0 if written == folded else 1)


def test_every_spelling_names_a_canonical_type() -> None:
    names = set(ACLED.canonical_names["event_type"])
    assert set(ACLED_SPELLINGS.values()) <= names
    assert ACLED_LEGACY.canonical_names == ACLED.canonical_names
    assert len({name_key(name) for name in names}) == len(names)


def test_political_violence_keeps_the_variant_spellings() -> None:
    expected = {"India": (16, 5), "Myanmar": (7, 2)}  # all but Riots/Protests
    for country, (fatalities, events) in expected.items():
        (row,), _ = trend("-c", country, "--political-violence")
        assert (int(row["fatalities"]), int(row["events"])) == (fatalities, events)
    assert (
        "2 row(s) spell an event or sub-event type another way"
        in trend("-c", "India", "--political-violence")[1]
    )


def test_event_type_and_by_event_type_see_one_name() -> None:
    (row,), _ = trend("-c", "India", "--event-type", "Violence against civilians")
    assert (row["fatalities"], row["events"]) == ("9", "2")
    rows, _ = trend("-c", "India", "--by", "event_type")
    groups = [row["event_type"] for row in rows]
    assert groups.count("Violence against civilians") == 1
    assert "Violence Against Civilians" not in groups
    assert "Battle-Non-state actor overtakes territory" in groups

"""Every output format of every data command parses with a standard parser.

csv and tsv with the csv module, json and ndjson with json, markdown with
markdown-it-py (a GFM table); the same rows and columns in every format.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

runner = CliRunner()

#: Data commands and the arguments that make them print a table (bundled sample data).
COMMANDS: dict[str, list[str]] = {
    "trend": ["trend", "--country", "Mali", "--as-of", "2017-11-20"],
    "countries": ["countries"],
    "change": ["change", "--country", "Mali"],
    "check": ["check", "--as-of", "2017-11-20"],
}
#: Commands whose output is one record (a JSON object, one CSV row).
RECORD_COMMANDS: dict[str, list[str]] = {
    "summary": ["summary", "--country", "Mali", "--as-of", "2017-11-20"],
}


def rows_from(fmt: str, text: str) -> list[dict[str, str]]:
    """Parse ``text`` in ``fmt`` with a standard parser into rows of strings."""
    if fmt in ("csv", "tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    if fmt == "json":  # rows beside their source: {"rows": [...], "source": {...}}
        data = json.loads(text)
        assert set(data) == {"rows", "source"}
        return [{k: _plain(v) for k, v in row.items()} for row in data["rows"]]
    if fmt == "ndjson":
        return [{k: _plain(v) for k, v in json.loads(line).items()} for line in text.splitlines()]
    assert fmt == "markdown"
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(text)
    cells: list[list[str]] = []
    for token in tokens:
        if token.type == "table_close":  # a Source: paragraph follows the table
            break
        if token.type == "tr_open":
            cells.append([])
        elif token.type == "inline" and cells:
            cells[-1].append(token.content)
    header, *body = cells
    assert body or text.count("\n") == 2
    return [dict(zip(header, row, strict=True)) for row in body]


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("fmt", ["tsv", "json", "ndjson", "markdown"])
def test_every_format_gives_the_csv_rows(command: str, fmt: str) -> None:
    expected = rows_from("csv", run([*COMMANDS[command], "--format", "csv"]))
    assert expected, "the command printed no rows"
    got = rows_from(fmt, run([*COMMANDS[command], "--format", fmt]))
    if command == "trend" and fmt in ("json", "ndjson"):
        # JSON rows also carry the span each row covers; CSV keeps its header
        assert all(row.keys() >= {"covered_from", "covered_to"} for row in got)
        got = [{k: v for k, v in row.items() if not k.startswith("covered_")} for row in got]
    assert got == expected


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_machine_formats_have_plain_numbers_and_snake_case_columns(command: str) -> None:
    rows = rows_from("csv", run([*COMMANDS[command], "--format", "csv"]))
    for name in rows[0]:
        assert name == name.lower() and " " not in name, name
    for row in rows:
        for value in row.values():
            assert not (value.replace(",", "").isdigit() and "," in value), value


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("suffix", [".csv", ".json", ".ndjson", ".tsv", ".md"])
def test_o_file_gets_the_format_of_its_suffix(command: str, suffix: str, tmp_path: Path) -> None:
    fmt = {".md": "markdown"}.get(suffix, suffix[1:])
    target = tmp_path / f"out{suffix}"
    result = runner.invoke(app, [*COMMANDS[command], "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text() == run([*COMMANDS[command], "--format", fmt])


def test_countries_lists_every_country_by_fatalities() -> None:
    rows = rows_from("csv", run(["countries", "--format", "csv"]))
    assert list(rows[0]) == [
        "country",
        "first_event_date",
        "last_event_date",
        "events",
        "fatalities",
    ]
    fatalities = [int(row["fatalities"]) for row in rows]
    assert fatalities == sorted(fatalities, reverse=True)
    assert {row["country"] for row in rows} == {"Mali", "Burkina Faso", "Niger"}
    assert all(row["first_event_date"] <= row["last_event_date"] for row in rows)


@pytest.mark.parametrize("command", sorted(RECORD_COMMANDS))
def test_record_commands_parse_in_every_format(command: str) -> None:
    args = RECORD_COMMANDS[command]
    (row,) = rows_from("csv", run([*args, "--format", "csv"]))
    (tsv_row,) = rows_from("tsv", run([*args, "--format", "tsv"]))
    assert tsv_row == row
    record = json.loads(run([*args, "--format", "json"]))
    assert isinstance(record, dict)
    assert set(row) <= set(record)
    (line,) = run([*args, "--format", "ndjson"]).splitlines()
    assert json.loads(line) == record
    markdown_it = pytest.importorskip("markdown_it")
    text = run([*args, "--format", "markdown"])
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(text)
    assert any(token.type in ("paragraph_open", "table_open") for token in tokens)


@pytest.mark.parametrize("command", sorted(COMMANDS | RECORD_COMMANDS))
def test_a_pipe_gets_csv_by_default(command: str) -> None:
    args = (COMMANDS | RECORD_COMMANDS)[command]
    assert run(args) == run([*args, "--format", "csv"])


def test_inspect_has_every_format_one_row_per_input() -> None:
    sample = str(Path(__file__).resolve().parents[2] / "sample_data" / "acled_sample.csv")
    args = ["inspect", sample, "--quiet"]
    rows = rows_from("csv", run([*args, "--format", "csv"]))
    assert [row["path"] for row in rows] == [sample]
    assert rows[0]["countries"] == "Burkina Faso; Mali; Niger"
    for fmt in ("tsv", "ndjson", "markdown"):
        assert rows_from(fmt, run([*args, "--format", fmt])) == rows, fmt
    detail = json.loads(run([*args, "--format", "json"]))
    assert [item["path"] for item in detail] == [sample]
    assert {c["country"] for c in detail[0]["countries"]} == {"Burkina Faso", "Mali", "Niger"}

"""Bad option values: one plain line naming the option and the value, exit 2.

Every enum option suggests the closest value and lists the choices (like --format);
every whole-number option says what it expects with an example. No pydantic text
("Value error", "Input should be ...") ever reaches the user.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

runner = CliRunner()
TREND = ["trend", "-c", "Mali"]

#: (arguments, fragments the error must hold)
BAD_VALUES: list[tuple[list[str], list[str]]] = [
    ([*TREND, "--period", "decade"],
     ["'--period'", "'decade' is not a period", "(choose from year, quarter, month, week)"]),
    ([*TREND, "--period", "mnoth"], ["did you mean month?"]),
    ([*TREND, "--by", "province"], ["'--by'", "'province' is not a breakdown column", "admin1"]),
    ([*TREND, "--by", "admn1"], ["did you mean admin1?"]),
    ([*TREND, "--project", "seasnal"], ["'seasnal' is not a projection method",
                                        "did you mean seasonal?"]),
    ([*TREND, "--estimate", "hihg"], ["'hihg' is not a deaths estimate", "did you mean high?"]),
    ([*TREND, "--source", "articel"], ["'articel' is not a source", "did you mean article?"]),
    ([*TREND, "--from", "abc"], ["'--from'", "'abc' is not a year; use e.g. 2011"]),
    ([*TREND, "--to", "2o20"], ["'--to'", "'2o20' is not a year; use e.g. 2020"]),
    ([*TREND, "--top", "x"], ["'--top'", "'x' is not a number of groups; use e.g. 3"]),
    ([*TREND, "--top", "0"], ["'--top'", "0 keeps no group; use 1 or more"]),
    ([*TREND, "--iso", "mali"], ["'--iso'", "'mali' is not an ISO 3166 numeric code; "
                                 "use e.g. 466 for Mali"]),
    ([*TREND, "--width", "wide"], ["'--width'", "'wide' is not a width in columns"]),
    ([*TREND, "--height", "tall"], ["'--height'", "'tall' is not a height in rows"]),
    (["summary", "-c", "Mali", "--project", "linear"], ["'linear' is not a projection method"]),
    (["change", "-c", "Mali", "--period", "year"],
     ["'year' is not a change period", "(choose from week, month)"]),
    (["change", "-c", "Mali", "--measure", "deaths"], ["'deaths' is not a measure"]),
    (["change", "-c", "Mali", "--fail-on", "large"], ["'large' is not a change label"]),
    (["change", "-c", "Mali", "--fail-on", "large-increse"], ["did you mean large-increase?"]),
    (["inspect", "x.csv", "--estimate", "hgh"], ["'hgh' is not a deaths estimate"]),
    (["cache", "build", "x.csv", "--estimate", "hgh"], ["'hgh' is not a deaths estimate"]),
]  # fmt: skip


@pytest.mark.parametrize(("args", "fragments"), BAD_VALUES, ids=lambda v: " ".join(v)[:40])
def test_a_bad_value_is_one_plain_line_and_exit_2(args: list[str], fragments: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Value error" not in result.stderr
    assert "Input should be" not in result.stderr


@pytest.mark.parametrize(
    ("args", "column"),
    [
        (["--period", "QUARTER"], "period"),
        (["--by", "Event_Type"], "event_type"),
        (["--project", "Run-Rate"], "projected_fatalities"),
    ],
)
def test_choices_are_case_insensitive(args: list[str], column: str) -> None:
    result = runner.invoke(app, [*TREND, "-f", "csv", "-q", *args])
    assert result.exit_code == 0, result.stderr
    assert column in result.stdout.splitlines()[0]


def test_whole_numbers_still_read_as_numbers() -> None:
    result = runner.invoke(
        app, ["trend", "--iso", "466", "--from", " 2018", "--to", "2019", "-f", "csv", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ["2018", "2019"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2018", "--to", "2010"], "--from 2018 is after --to 2010"),
        (["--from", "2019", "--to", "2018", "--period", "month"], "--from 2019 is after --to 2018"),
        (["--from", "2019", "--to", "2018", "--political-violence"],
         "--from 2019 is after --to 2018"),
    ],
)  # fmt: skip
def test_years_the_wrong_way_round_are_a_usage_error(args: list[str], message: str) -> None:
    for fmt in ("csv", "table"):
        result = runner.invoke(app, [*TREND, "-f", fmt, *args])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"fatalities: error: {message}" in result.stderr
        assert "left no events" not in result.stderr


def test_the_same_first_and_last_year_is_one_year() -> None:
    result = runner.invoke(app, [*TREND, "-f", "csv", "-q", "--from", "2017", "--to", "2017"])
    assert result.exit_code == 0
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ["2017"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--width", "10"], "10 columns is narrower than the narrowest chart (30 columns)"),
        (["--width", "0"], "0 columns is narrower than the narrowest chart (30 columns)"),
        (["--width", "-5"], "-5 columns is narrower than the narrowest chart (30 columns)"),
        (["--width", "29"], "29 columns is narrower than the narrowest chart (30 columns)"),
        (["--height", "7"], "7 rows is lower than the lowest chart (8 rows)"),
        (["--height", "0"], "0 rows is lower than the lowest chart (8 rows)"),
        (["--height", "-1"], "-1 rows is lower than the lowest chart (8 rows)"),
    ],
)
def test_charts_too_small_to_draw_are_refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*TREND, "-f", "table", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize("width", [30, 35, 41, 80])
@pytest.mark.parametrize("kind", ["bar", "line", "pace"])
def test_a_chart_is_as_wide_as_asked(width: int, kind: str) -> None:
    args = [*TREND, "-f", "table", "-q", "--chart", kind, "--width", str(width)]
    result = runner.invoke(app, [*args, "--as-of", "2017-11-20", "--height", "8"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    table_end = max(i for i, line in enumerate(lines) if line.startswith("* 1997: the data"))
    chart = "\n".join(lines[table_end + 1 :])
    chart, source = chart.rstrip("\n").rsplit("\n", 1)  # the output ends with its source
    assert source.startswith("Source: ")
    assert max(len(line) for line in chart.splitlines()) == width

"""`trend --chart`, `--no-chart`, `--save-chart` and `-o` from the command line."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app

runner = CliRunner()
MALI = ["trend", "--country", "Mali", "--as-of", "2017-11-20", "--width", "80", "--quiet"]
#: A line that only a drawn chart has (plotext's frame corner).
FRAME = "┌"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*MALI, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("kind", "marks"),
    [
        ("bar", ["fatalities per year", "2017*", "* partial year (2017, to date)"]),
        ("line", ["fatalities per month"]),
        ("pace", ["cumulative fatalities by day of year", "as of 20 Nov", "2017 (to 20 Nov)"]),
    ],
)
def test_each_chart_kind_draws_under_the_table(kind: str, marks: list[str]) -> None:
    code, out, _ = run("--format", "table", "--chart", kind)
    assert code == 0
    table, chart = out.split(FRAME, 1)
    assert table.startswith("Synthetic sample data, not ACLED figures\ncountry")
    chart, source = chart.rstrip("\n").rsplit("\n", 1)  # the output ends with its source
    assert source.startswith("Source: synthetic sample data")
    for mark in marks:
        assert mark in out, mark
    assert all(len(line) <= 80 for line in chart.splitlines())


@pytest.mark.parametrize("args", [["--chart", "none"], ["--no-chart"]])
def test_no_chart(args: list[str]) -> None:
    code, out, _ = run("--format", "table", *args)
    assert code == 0
    assert FRAME not in out
    table, source = out.rstrip().rsplit("\n", 1)
    assert "* partial year: the data end on 2017-11-20" in table  # as known on --as-of
    assert table.endswith("* 1997: the data cover 1997-01-09 to 1997-12-31 only")
    assert source.startswith("Source: ")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "ndjson", "markdown"])
@pytest.mark.parametrize("kind", ["bar", "pace"])
def test_charts_never_go_to_stdout_in_machine_formats(fmt: str, kind: str) -> None:
    code, out, _ = run("--format", fmt, "--chart", kind)
    assert code == 0
    assert FRAME not in out and "█" not in out


@pytest.mark.parametrize("kind", ["bar", "line", "pace"])
def test_save_chart_writes_text_and_html(kind: str, tmp_path: Path) -> None:
    _, table_out, _ = run("--format", "table", "--chart", kind)
    chart = FRAME + table_out.split(FRAME, 1)[1].split("Source: ", 1)[0]  # the chart alone
    title = table_out.split(FRAME, 1)[0].splitlines()[-1]
    text_file, page = tmp_path / "chart.txt", tmp_path / "chart.html"
    code, out, _ = run("--format", "csv", "--chart", kind, "--save-chart", str(text_file))
    assert code == 0
    assert out.startswith("country,year,")  # the data still goes to stdout
    saved = text_file.read_text(encoding="utf-8")
    assert saved.endswith(chart) and title in saved
    assert "\x1b" not in saved
    code, _, _ = run("--format", "csv", "--chart", kind, "--save-chart", str(page))
    assert code == 0
    web = page.read_text(encoding="utf-8")
    assert web.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in web
    body = web.split("<pre>", 1)[1].split("</pre>", 1)[0]
    assert html.unescape(body) + "\n" == saved


def test_save_chart_without_a_chart_is_an_error(tmp_path: Path) -> None:
    code, out, err = run("--no-chart", "--save-chart", str(tmp_path / "c.txt"))
    assert out == ""  # checked before any output
    assert code == 2
    assert "--save-chart needs a chart" in err
    assert not (tmp_path / "c.txt").exists()


def test_o_with_the_table_format_writes_table_and_chart_without_colour(tmp_path: Path) -> None:
    target = tmp_path / "mali.txt"
    code, out, _ = run("-o", str(target), "--chart", "bar")
    assert code == 0
    assert out == ""
    written = target.read_text(encoding="utf-8")
    assert written.startswith("Synthetic sample data, not ACLED figures\ncountry")
    assert FRAME in written and "\x1b" not in written
    assert written.rstrip().splitlines()[-1].startswith("Source: synthetic sample data")


def test_o_writes_nothing_when_the_command_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["trend", "--country", "Maly", "-o", str(target)])
    assert result.exit_code == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_o_keeps_the_old_file_when_the_command_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    result = runner.invoke(app, ["trend", "--country", "Maly", "-o", str(target)])
    assert result.exit_code == 2
    assert target.read_text() == "previous\n"


def test_save_chart_without_a_chart_fails_before_output_in_the_analysis_path_too(
    tmp_path: Path,
) -> None:
    code, out, err = run(
        "--period", "month", "--chart", "none", "--save-chart", str(tmp_path / "c")
    )
    assert code == 2
    assert out == ""
    assert "--save-chart needs a chart" in err


# ---------------------------------------------------------------------------
# Several countries: one chart each, in the order asked; --combine: one chart

SEVERAL = ["trend", "--as-of", "2017-11-20", "--width", "60", "--quiet", "--format", "table"]


def chart_titles(out: str) -> list[str]:
    """The title line of each chart, in order (the line above each top frame)."""
    lines = out.splitlines()
    return [lines[at - 1].strip() for at, line in enumerate(lines) if FRAME in line]


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("bar", "fatalities per year"),
        ("line", "fatalities per month"),
        ("pace", "cumulative fatalities by day of year"),
    ],
)
@pytest.mark.parametrize("asked", [["Niger", "Mali"], ["mali", "niger"]])
def test_several_countries_get_a_chart_each_in_the_order_asked(
    kind: str, title: str, asked: list[str]
) -> None:
    result = runner.invoke(app, [*SEVERAL, "--country", ",".join(asked), "--chart", kind])
    assert result.exit_code == 0, result.stderr
    titles = chart_titles(result.stdout)
    assert [name.split(":")[0] for name in titles] == [name.title() for name in asked]
    assert all(title in name for name in titles)
    charts = result.stdout.split(FRAME, 1)[1].split("\nSource: ", 1)[0]  # then the citation
    assert all(len(line) <= 60 for line in charts.splitlines())


def test_combined_countries_get_one_chart() -> None:
    result = runner.invoke(app, [*SEVERAL, "--country", "Niger,Mali", "--combine"])
    assert result.exit_code == 0, result.stderr
    assert chart_titles(result.stdout) == [
        "Mali + Niger: fatalities per year (darker: year-to-date)"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "csv"],
        ["--format", "csv", "--period", "quarter"],
        ["--format", "csv", "--derived"],
        ["--format", "json", "--by", "event_type"],
    ],
)
def test_rows_keep_the_order_the_countries_were_asked_in(args: list[str]) -> None:
    result = runner.invoke(app, ["trend", "-c", "Niger", "-c", "Mali", "--quiet", *args])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if "json" in args:  # the rows, without the source that names the countries too
        out = json.dumps(json.loads(out)["rows"])
    countries = [name for name in ("Niger", "Mali") if name in out]
    first = {name: out.index(f"{name}") for name in countries}
    assert first["Niger"] < first["Mali"]
    assert out.rindex("Niger") < out.index("Mali")


def test_a_breakdown_table_keeps_the_order_the_countries_were_asked_in() -> None:
    result = runner.invoke(
        app, ["trend", "-c", "Niger,Mali", "--by", "event_type", "--format", "table", "--quiet"]
    )
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:] if line[:1].isalpha()]
    assert rows.index("Mali") > max(at for at, name in enumerate(rows) if name == "Niger")


def test_many_countries_chart_only_the_deadliest_and_say_so(tmp_path: Path) -> None:
    rows = ["event_id_cnty,event_date,country,fatalities"]
    rows += [f"E{n},2016-0{1 + n % 5}-01,Country{n:02d},{n}" for n in range(10)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(
        app, ["trend", str(path), "--all-countries", "--format", "table", "--width", "80"]
    )
    assert result.exit_code == 0, result.stderr
    titles = [line.strip() for line in result.stdout.splitlines() if "fatalities per year" in line]
    assert [title.split(":")[0] for title in titles] == [f"Country{n:02d}" for n in range(4, 10)]
    assert "charts for the 6 deadliest of 10 countries" in result.stdout

"""``change``: which earlier periods the latest one is compared with, and monthly data."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from fatalities.cli.app import app
from fatalities.core.change import WINDOWS, choose_period, compare_latest
from fatalities.errors import InputError
from fatalities.vocabulary import ChangePeriod
from tests.conftest import real_file

MONTHLY = Path(__file__).parents[1] / "data" / "dialects" / "acled_monthly.xlsx"


def monthly_events(values: list[int]) -> pl.DataFrame:
    """One row per month from January 2015, dated the first of the month."""
    days = [date(2015 + i // 12, i % 12 + 1, 1) for i in range(len(values))]
    return pl.DataFrame(
        {"country": ["Mali"] * len(values), "event_date": days, "fatalities": values}
    )


def test_months_are_compared_with_the_previous_3_and_12() -> None:
    values = [100] * 9 + [10, 20, 30, 60]  # 13 months: 12 before the latest (60)
    results = compare_latest(monthly_events(values), period="month", coverage_end=date(2016, 1, 31))
    assert [(r.window, r.periods_used) for r in results] == [(3, 3), (12, 12)]
    assert results[0].mean == pytest.approx(20.0)
    assert results[1].mean == pytest.approx((900 + 60) / 12)
    assert results[0].period_start == date(2016, 1, 1)


def test_weeks_keep_4_and_52() -> None:
    assert WINDOWS[ChangePeriod.week] == (4, 52)
    assert WINDOWS[ChangePeriod.month] == (3, 12)


@pytest.mark.parametrize(
    ("requested", "granularity", "period", "noted"),
    [
        (None, "event", ChangePeriod.week, False),
        (None, "week", ChangePeriod.week, False),
        (None, "month", ChangePeriod.month, True),
        ("month", "event", ChangePeriod.month, False),
        ("month", "month", ChangePeriod.month, False),
        ("week", "event", ChangePeriod.week, False),
    ],
)
def test_choose_period(
    requested: str | None, granularity: str, period: ChangePeriod, noted: bool
) -> None:
    chosen, note = choose_period(requested, granularity)
    assert chosen is period
    assert (note is not None) is noted


def test_weeks_of_monthly_data_are_refused() -> None:
    with pytest.raises(InputError, match="--period month"):
        choose_period("week", "month")


def test_change_on_monthly_data_switches_to_months_with_a_note() -> None:
    result = CliRunner().invoke(app, ["change", str(MONTHLY), "-c", "Mali", "-f", "table"])
    assert result.exit_code == 0, result.stderr
    assert "monthly data: comparing the latest month with the mean of the previous 3 and 12" in (
        result.stderr
    )
    lines = result.stdout.splitlines()
    assert "month" in lines[0].split()
    # the fixture holds one month before the latest: the label counts what was averaged
    assert "mean of previous 1 month " in lines[1]
    assert "mean of previous 1 month " in lines[2]


def test_asking_for_weeks_of_monthly_data_is_still_an_error() -> None:
    result = CliRunner().invoke(app, ["change", str(MONTHLY), "-c", "Mali", "--period", "week"])
    assert result.exit_code == 2
    assert "use --period month" in result.stderr


def test_help_and_labels_say_which_periods() -> None:
    text = CliRunner().invoke(app, ["change", "--help"], terminal_width=200).stdout
    assert "previous 4 and 52" in text and "3 and 12" in text
    assert "previous 52 months" not in text


def test_real_monthly_file_compares_april_2026_with_3_and_12_months() -> None:
    import fastexcel

    path = real_file("acled-aggregated", "acled_mali_summary.xlsx")
    sheet = fastexcel.read_excel(str(path)).load_sheet_by_name("Data").to_polars()
    months = {name: i for i, name in enumerate(
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"], 1)}  # fmt: skip
    totals: dict[tuple[int, int], int] = {}
    for row in sheet.iter_rows(named=True):
        key = (int(row["Year"]), months[row["Month"]])
        totals[key] = totals.get(key, 0) + int(row["Fatalities"])
    ordered = [totals[key] for key in sorted(totals)]
    latest, before = ordered[-1], ordered[:-1]
    assert max(totals) == (2026, 4)

    result = CliRunner().invoke(app, ["change", str(path), "-c", "Mali", "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "monthly data" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["period_start"], r["window"]) for r in rows] == [
        ("2026-04-01", "3"),
        ("2026-04-01", "12"),
    ]
    assert [int(r["fatalities"]) for r in rows] == [latest, latest]
    assert float(rows[0]["mean"]) == pytest.approx(sum(before[-3:]) / 3, abs=0.01)
    assert float(rows[1]["mean"]) == pytest.approx(sum(before[-12:]) / 12, abs=0.01)

"""The library API: a small, pinned ``__all__`` that works as documented, call after call,
without printing, exiting or reading the environment."""

from __future__ import annotations

import pkgutil
from datetime import date

import pytest
from typer.testing import CliRunner

import fatalities as fx
from fatalities.cli.app import app

PUBLIC = [
    "ClaimsError",
    "ExitCode",
    "FatalitiesError",
    "InputError",
    "Period",
    "ProjectionMethod",
    "Selection",
    "SelectionError",
    "TrendRequest",
    "__version__",
    "annual",
    "changes",
    "check",
    "load",
    "periods",
    "project",
    "read_claims",
    "sample_data",
    "summarize",
    "trend",
    "year_to_date",
]


def test_all_is_pinned() -> None:
    assert sorted(fx.__all__) == sorted(PUBLIC)
    for name in fx.__all__:
        assert getattr(fx, name) is not None


def test_no_public_name_is_also_a_module_name() -> None:
    modules = {info.name for info in pkgutil.iter_modules(fx.__path__)}
    assert not modules & set(fx.__all__), modules & set(fx.__all__)


def test_load_works_twice_and_stays_a_function(capsys: pytest.CaptureFixture[str]) -> None:
    first = fx.load(countries=["Mali"])
    second = fx.load([fx.sample_data()], countries=["mali"])
    assert callable(fx.load)
    assert first.frame.height == second.frame.height > 0
    assert capsys.readouterr() == ("", "")  # nothing printed


def test_trend_equals_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    request = fx.TrendRequest(selection=fx.Selection(countries=("Mali",)), as_of=date(2017, 11, 20))
    result = fx.trend(fx.load(countries=["Mali"]), request)
    assert capsys.readouterr() == ("", "")
    run = CliRunner().invoke(
        app, ["trend", "--country", "Mali", "--as-of", "2017-11-20", "-f", "csv", "-q"]
    )
    assert run.exit_code == 0
    # the CSV keeps its header; the library's rows also carry their covered span
    shown = result.series.drop("covered_from", "covered_to")
    assert shown.write_csv().strip().splitlines() == run.stdout.strip().splitlines()


def test_year_to_date_and_annual_agree_with_each_other() -> None:
    events = fx.load(countries=["Mali"]).frame
    cut = date(2013, 11, 20)
    ytd = fx.year_to_date(events, cut)
    whole = fx.annual(events, as_of=cut)
    assert ytd["ytd_fatalities"].to_list() == whole["ytd_fatalities"].to_list()
    assert (whole["ytd_fatalities"] <= whole["fatalities"]).all()


def test_errors_carry_exit_codes() -> None:
    with pytest.raises(fx.FatalitiesError) as caught:
        fx.load(["no-such-file.csv"])
    assert int(caught.value.exit_code) == int(fx.ExitCode.INPUT)
    with pytest.raises(fx.InputError):
        fx.trend(fx.load(countries=["Mali"]), fx.TrendRequest(first_year=2018, last_year=2010))
    # no place asked for (issue 16): the data's one country
    alone = fx.trend(fx.load(countries=["Mali"]), fx.TrendRequest())
    assert alone.series["country"].unique().to_list() == ["Mali"]


def test_selection_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        fx.Selection(("Mali",))  # type: ignore[misc]


def test_claims_check_through_the_api() -> None:
    from fatalities.resources import seeds_path

    claims = fx.read_claims(seeds_path())
    results = fx.check(fx.load(countries=["Mali"]), claims, as_of=date(2017, 11, 20))
    assert len(results) == len(claims) > 0

"""The analysis core (periods, breakdowns, derived columns, projection, selection, change).

Properties with hypothesis over random event frames, then tables of small exact cases.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatalities.core.breakdown import fill_groups, fold_top, pivot
from fatalities.core.change import at_least, compare_latest, label_change, whole_periods
from fatalities.core.derived import derived_columns, with_derived
from fatalities.core.periods import period_series, week_start
from fatalities.core.projection import elapsed_share, project, project_events
from fatalities.core.selection import combine, select
from fatalities.core.series import annual
from fatalities.errors import SelectionError
from fatalities.vocabulary import ChangeLabel, Period, ProjectionMethod

PERIODS = list(Period)
GROUP_COLUMNS = ["event_type", "admin1"]

# ---------------------------------------------------------------------------
# Random event frames

day_strategy = st.dates(min_value=date(2014, 1, 1), max_value=date(2018, 12, 31))
event_strategy = st.tuples(
    st.sampled_from(["Mali", "Niger"]),
    day_strategy,
    st.integers(min_value=0, max_value=60),
    st.sampled_from(["Battles", "Riots", "Protests", None]),
    st.sampled_from(["Mopti", "Gao", "Kidal", "Diffa", None]),
)


def frame_of(rows: list[tuple[str, date, int, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "country": pl.String,
            "event_date": pl.Date,
            "fatalities": pl.Int64,
            "event_type": pl.String,
            "admin1": pl.String,
        },
        orient="row",
    )


events_strategy = st.lists(event_strategy, min_size=1, max_size=40).map(frame_of)
coverage_strategy = st.dates(min_value=date(2018, 12, 31), max_value=date(2019, 3, 1))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def totals_by(frame: pl.DataFrame, keys: list[str]) -> dict[tuple[object, ...], int]:
    grouped = frame.group_by(keys).agg(pl.col("fatalities").sum(), pl.col("events").sum())
    return {
        tuple(row[:-2]): (row[-2], row[-1])  # type: ignore[misc]
        for row in grouped.rows()
    }


@SETTINGS
@given(events=events_strategy, period=st.sampled_from(PERIODS), coverage=coverage_strategy)
def test_period_series_sum_to_the_annual_figures(
    events: pl.DataFrame, period: Period, coverage: date
) -> None:
    series = period_series(events, period, coverage_end=coverage)
    yearly = annual(events, coverage_end=coverage)
    # ACLED weeks run across 1 January (a week's year is its Saturday's): they sum to
    # the total over the span, the other periods to each year's figure.
    keys = ["country"] if period is Period.week else ["country", "year"]
    assert totals_by(series, keys) == totals_by(yearly, keys)


@SETTINGS
@given(
    events=events_strategy,
    coverage=coverage_strategy,
    as_of=day_strategy,
    zero_fill_from=st.none() | st.integers(min_value=2010, max_value=2016),
    months_covered=st.none()
    | st.dictionaries(st.integers(2013, 2019), st.integers(1, 12), min_size=1, max_size=5),
)
def test_year_period_series_is_exactly_series_annual(
    events: pl.DataFrame,
    coverage: date,
    as_of: date,
    zero_fill_from: int | None,
    months_covered: dict[int, int] | None,
) -> None:
    # ``trend`` computes plain yearly series with ``annual``: they must be the same frame.
    options = {"zero_fill_from": zero_fill_from, "months_covered": months_covered}
    series = period_series(events, "year", as_of=as_of, coverage_end=coverage, **options)
    assert series.equals(annual(events, as_of=as_of, coverage_end=coverage, **options))


@SETTINGS
@given(
    events=events_strategy,
    period=st.sampled_from(PERIODS),
    by=st.sampled_from([["event_type"], ["admin1"], ["event_type", "admin1"]]),
    top=st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
)
def test_group_totals_add_up_to_the_ungrouped_total(
    events: pl.DataFrame, period: Period, by: list[str], top: int | None
) -> None:
    prepared = fill_groups(events, by)
    if top is not None:
        prepared = fold_top(prepared, by, top)
    grouped = period_series(prepared, period, by=by, coverage_end=date(2019, 1, 1))
    plain = period_series(events, period, coverage_end=date(2019, 1, 1))
    keys = ["country", "year"] if period is Period.year else ["country", "period"]
    assert totals_by(grouped, keys) == totals_by(plain, keys)
    if top is not None:
        named = grouped.filter(pl.col(by[0]) != "other").select(by).unique()
        per_country = (
            grouped.filter(pl.col(by[0]) != "other")
            .group_by("country")
            .agg(pl.struct(by).n_unique().alias("groups"))
        )
        assert named.height <= top * 2
        assert per_country["groups"].max() <= top  # type: ignore[operator]


@SETTINGS
@given(events=events_strategy, period=st.sampled_from(PERIODS), start=st.integers(2005, 2014))
def test_zero_fill_adds_rows_but_never_changes_totals(
    events: pl.DataFrame, period: Period, start: int
) -> None:
    plain = period_series(events, period, coverage_end=date(2019, 1, 1))
    filled = period_series(events, period, coverage_end=date(2019, 1, 1), zero_fill_from=start)
    assert filled.height >= plain.height
    assert filled["fatalities"].sum() == plain["fatalities"].sum() == events["fatalities"].sum()
    assert filled["events"].sum() == events.height


@SETTINGS
@given(events=events_strategy, period=st.sampled_from(PERIODS))
def test_every_period_in_coverage_is_present_once(events: pl.DataFrame, period: Period) -> None:
    series = period_series(events, period, coverage_end=date(2019, 1, 1))
    for _, part in series.group_by("country"):
        if period is Period.year:
            years = part["year"].to_list()
            assert years == list(range(years[0], years[-1] + 1))
            continue
        starts = part["period_start"].to_list()
        ends = part["period_end"].to_list()
        assert len(set(starts)) == len(starts)
        # the period holding 1 January of the first year (a week: its Saturday)
        first_year = (starts[0] + timedelta(days=6)).year if period is Period.week else None
        if first_year is not None:
            assert starts[0] == week_start(date(first_year, 1, 1))
        else:
            assert starts[0] == date(starts[0].year, 1, 1)
        # contiguous: each period starts the day after the previous one ends
        assert all(
            nxt == end + timedelta(days=1) for end, nxt in zip(ends, starts[1:], strict=False)
        )
        assert ends[-1] >= date(2019, 1, 1) >= starts[-1]


@SETTINGS
@given(events=events_strategy, period=st.sampled_from([Period.month, Period.week]))
def test_cumulative_ends_each_year_at_the_annual_total(
    events: pl.DataFrame, period: Period
) -> None:
    series = period_series(events, period, coverage_end=date(2019, 1, 1), cumulative=True)
    last = series.group_by("country", "year").agg(pl.col("cumulative_fatalities").last())
    yearly = annual(events, coverage_end=date(2019, 1, 1))
    if period is Period.week:  # weeks belong to their Saturday's year
        yearly = series.group_by("country", "year").agg(
            pl.col("fatalities").sum(), pl.col("events").sum()
        )
    assert totals_by(
        last.rename({"cumulative_fatalities": "fatalities"}).with_columns(events=pl.lit(0)),
        ["country", "year"],
    ) == {key: (value[0], 0) for key, value in totals_by(yearly, ["country", "year"]).items()}


@SETTINGS
@given(events=events_strategy, period=st.sampled_from(PERIODS), seed=st.integers(0, 1000))
def test_row_order_never_changes_a_result(events: pl.DataFrame, period: Period, seed: int) -> None:
    shuffled = events.sample(fraction=1.0, shuffle=True, seed=seed)
    one = with_derived(period_series(events, period, coverage_end=date(2019, 1, 1)), period)
    two = with_derived(period_series(shuffled, period, coverage_end=date(2019, 1, 1)), period)
    assert one.equals(two)


@SETTINGS
@given(
    events=events_strategy.filter(lambda frame: frame["country"].n_unique() == 1),
    year=st.integers(2014, 2018),
    method=st.sampled_from([ProjectionMethod.run_rate, ProjectionMethod.seasonal]),
)
def test_projection_of_a_complete_year_equals_its_total(
    events: pl.DataFrame, year: int, method: ProjectionMethod
) -> None:
    as_of = date(year, 12, 31)
    series = annual(events, as_of=as_of, coverage_end=date(2019, 1, 1), zero_fill_from=2010)
    total = series.filter(pl.col("year") == year)["fatalities"].item()
    usable = series.filter((pl.col("year") < year) & (pl.col("fatalities") > 0)).height
    if method is ProjectionMethod.seasonal and usable == 0:
        with pytest.raises(SelectionError):
            project(series, as_of, method)
        return
    result = project(series, as_of, method)
    assert result.projected == pytest.approx(total)
    if result.low is not None and result.high is not None:
        assert result.low == pytest.approx(total) == result.high


# ---------------------------------------------------------------------------
# Weeks, labels, completeness


def test_acled_weeks_start_on_saturday() -> None:
    assert [week_start(date(2017, 11, day)) for day in (17, 18, 19, 24, 25)] == [
        date(2017, 11, 11),
        date(2017, 11, 18),
        date(2017, 11, 18),
        date(2017, 11, 18),
        date(2017, 11, 25),
    ]


def test_a_week_crossing_new_year_is_one_acled_week_of_its_saturday_year() -> None:
    events = frame_of(
        [("Mali", date(2015, 12, 31), 7, None, None), ("Mali", date(2016, 1, 1), 5, None, None)]
    )
    weekly = period_series(events, "week", coverage_end=date(2016, 1, 8))
    rows = weekly.select("year", "period", "period_start", "period_end", "fatalities").rows()
    assert rows[-2:] == [
        (2015, "2015-12-26", date(2015, 12, 26), date(2016, 1, 1), 12),
        (2016, "2016-01-02", date(2016, 1, 2), date(2016, 1, 8), 0),
    ]
    assert all(start.weekday() == 5 for start in weekly["period_start"])
    # whole ACLED weeks (for change alerts) are the same weeks
    whole = whole_periods(events, "week")
    assert whole.rows() == [("Mali", date(2015, 12, 26), date(2016, 1, 1), 12)]


@pytest.mark.parametrize(
    ("period", "label"),
    [("year", "2017"), ("quarter", "2017-Q4"), ("month", "2017-11"), ("week", "2017-11-18")],
)
def test_period_labels(period: str, label: str) -> None:
    events = frame_of([("Mali", date(2017, 11, 20), 1, None, None)])
    series = period_series(events, period, coverage_end=date(2017, 11, 20))
    column = "year" if period == "year" else "period"
    assert str(series[column][-1]) == label
    assert series["complete"][-1] is False


def test_quarter_year_to_date_sums_to_the_annual_year_to_date() -> None:
    events = frame_of(
        [
            ("Mali", date(2016, 2, 1), 3, None, None),
            ("Mali", date(2016, 11, 20), 4, None, None),
            ("Mali", date(2016, 11, 21), 5, None, None),
            ("Mali", date(2017, 11, 20), 6, None, None),
        ]
    )
    quarters = period_series(events, "quarter", as_of=date(2017, 11, 20))
    ytd = quarters.group_by("year").agg(pl.col("ytd_fatalities").sum()).sort("year").rows()
    assert ytd == [(2016, 7), (2017, 6)]


# ---------------------------------------------------------------------------
# Breakdowns


def test_fold_top_is_per_country_and_keeps_totals() -> None:
    events = frame_of(
        [
            ("Mali", date(2017, 1, 1), 9, "Battles", "Mopti"),
            ("Mali", date(2017, 1, 2), 5, "Battles", "Gao"),
            ("Mali", date(2017, 1, 3), 1, "Battles", "Kidal"),
            ("Niger", date(2017, 1, 3), 1, "Battles", "Diffa"),
            ("Niger", date(2017, 1, 4), 8, "Battles", None),
        ]
    )
    folded = fold_top(fill_groups(events, ["admin1"]), ["admin1"], 1)
    assert folded["admin1"].to_list() == ["Mopti", "other", "other", "other", "(none)"]
    assert folded["fatalities"].sum() == events["fatalities"].sum()


def test_pivot_orders_groups_by_size_with_other_last_and_a_total() -> None:
    long = pl.DataFrame(
        {
            "period": ["2017-01"] * 3,
            "admin1": ["other", "Gao", "Mopti"],
            "fatalities": [50, 1, 5],
        }
    )
    wide = pivot(long, ["admin1"], index=["period"])
    assert wide.columns == ["period", "Mopti", "Gao", "other", "total"]
    assert wide.row(0) == ("2017-01", 5, 1, 50, 56)


# ---------------------------------------------------------------------------
# Derived columns


YEARS = pl.DataFrame(
    {
        "country": ["Mali"] * 6,
        "year": [2012, 2013, 2014, 2015, 2016, 2017],
        "fatalities": [538, 883, 382, 883, 320, 0],
        "ytd_fatalities": [536, 856, 369, 378, 0, 0],
    }
)


def test_derived_year_columns() -> None:
    derived = with_derived(YEARS, "year")
    assert derived.columns == [*YEARS.columns, *derived_columns("year")]
    assert derived["change"].to_list() == [None, 345, -501, 501, -563, -320]
    assert derived["change_pct"].to_list() == [None, 64.1, -56.7, 131.2, -63.8, -100.0]
    assert derived["ytd_change"].to_list() == [None, 320, -487, 9, -378, 0]
    # no percent from a zero base
    assert derived["ytd_change_pct"].to_list()[-1] is None
    # ties share the best rank
    assert derived["rank"].to_list() == [3, 1, 4, 1, 5, 6]
    # the most recent earlier year with strictly more; none when it is the highest
    assert derived["highest_since"].to_list() == [None, None, 2013, None, 2015, 2016]


def test_derived_rolling_mean_and_groups_stay_apart() -> None:
    months = pl.DataFrame(
        {
            "country": ["Mali"] * 4 + ["Niger"] * 4,
            "period_start": [date(2017, m, 1) for m in range(1, 5)] * 2,
            "year": [2017] * 8,
            "fatalities": [3, 6, 9, 12, 100, 100, 100, 100],
        }
    )
    derived = with_derived(months, "month")
    assert derived["rolling_mean_3"].to_list() == [None, None, 6.0, 9.0, None, None, 100.0, 100.0]
    assert derived["change"].to_list() == [None, 3, 3, 3, None, 0, 0, 0]


# ---------------------------------------------------------------------------
# Projection


def test_seasonal_projection_uses_the_mean_share_and_its_spread() -> None:
    series = pl.DataFrame(
        {
            "country": ["Mali"] * 5,
            "year": [2013, 2014, 2015, 2016, 2017],
            "fatalities": [100, 100, 200, 100, 0],
            "ytd_fatalities": [80, 90, 180, 100, 90],
            "complete": [True, True, True, True, False],
        }
    )
    result = project(series, date(2017, 11, 20))
    assert result.method is ProjectionMethod.seasonal
    assert result.years_used == (2013, 2014, 2015, 2016)
    assert result.share == pytest.approx((0.8 + 0.9 + 0.9 + 1.0) / 4)
    assert result.projected == pytest.approx(90 / 0.9)
    assert (result.low, result.high) == (pytest.approx(90.0), pytest.approx(112.5))
    assert "2013-2016" in result.describe()


def test_run_rate_is_the_default_with_fewer_than_three_earlier_years() -> None:
    series = pl.DataFrame(
        {
            "country": ["Mali"] * 3,
            "year": [2015, 2016, 2017],
            "fatalities": [10, 0, 50],
            "ytd_fatalities": [5, 0, 50],
            "complete": [True, True, False],
        }
    )
    result = project(series, date(2017, 7, 2))
    assert result.method is ProjectionMethod.run_rate
    assert result.share == pytest.approx(183 / 365) == elapsed_share(date(2017, 7, 2))
    assert result.projected == pytest.approx(50 / (183 / 365))
    assert result.low is None and result.high is None


def test_projection_needs_one_country() -> None:
    series = pl.DataFrame(
        {
            "country": ["Mali", "Niger"],
            "year": [2017, 2017],
            "fatalities": [1, 1],
            "ytd_fatalities": [1, 1],
            "complete": [False, False],
        }
    )
    with pytest.raises(SelectionError, match="one country"):
        project(series, date(2017, 5, 1))


def test_project_events_cuts_the_year_at_as_of() -> None:
    events = frame_of(
        [
            ("Mali", date(2016, 3, 1), 10, None, None),
            ("Mali", date(2017, 3, 1), 4, None, None),
            ("Mali", date(2017, 9, 1), 40, None, None),
        ]
    )
    result = project_events(events, date(2017, 6, 30), "run-rate")
    assert result.ytd == 4


# ---------------------------------------------------------------------------
# Selection


SELECTABLE = pl.DataFrame(
    {
        "country": ["Mali", "Mali", "Niger", "Mali", "Mali", "Mali"],
        "region": ["Western Africa"] * 6,
        "iso": [466, 466, 562, 466, 466, 466],
        "event_type": [
            "Battles",
            "Riots",
            "Riots",
            "Remote violence",
            "Riots/Protests",
            "Protests",
        ],
        "sub_event_type": [
            "Armed clash",
            "Mob violence",
            "Violent demonstration",
            None,
            None,
            None,
        ],
        "civilian_targeting": [None, "Civilian targeting", None, None, None, None],
        "fatalities": [1, 2, 4, 8, 16, 32],
    }
)


@pytest.mark.parametrize(
    ("options", "fatalities"),
    [
        ({}, 63),
        ({"countries": ["MALI"]}, 59),
        ({"iso_codes": [562]}, 4),
        ({"regions": ["western africa"]}, 63),
        ({"event_types": ["riots"]}, 6),
        ({"sub_event_types": ["Mob violence"]}, 2),
        ({"political_violence": True}, 11),
        ({"civilian_targeting": True}, 2),
        ({"political_violence": True, "countries": ["Niger"]}, 0),
    ],
)
def test_select(options: dict[str, object], fatalities: int) -> None:
    assert select(SELECTABLE, **options)["fatalities"].sum() == fatalities  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"regions": ["Westren Africa"]},
            "no region 'westren africa' in the selected data; did you mean Western Africa?",
        ),
        ({"iso_codes": [999]}, "no ISO code '999'"),
        ({"event_types": ["Battle"]}, "did you mean Battles?"),
    ],
)
def test_select_names_what_is_missing(options: dict[str, object], message: str) -> None:
    with pytest.raises(SelectionError, match=message.replace("?", r"\?")):
        select(SELECTABLE, **options)  # type: ignore[arg-type]


def test_civilian_targeting_needs_the_column() -> None:
    with pytest.raises(SelectionError, match="no civilian_targeting column"):
        select(SELECTABLE.with_columns(civilian_targeting=pl.lit(None)), civilian_targeting=True)


def test_combine_relabels_every_country() -> None:
    assert combine(SELECTABLE)["country"].unique().to_list() == ["Mali + Niger"]


# ---------------------------------------------------------------------------
# Change alerts


@pytest.mark.parametrize(
    ("latest", "mean", "label"),
    [
        (126, 100, "large increase"),
        (125, 100, "moderate increase"),
        (111, 100, "moderate increase"),
        (110, 100, "stable"),
        (90, 100, "stable"),
        (89, 100, "moderate decrease"),
        (75, 100, "moderate decrease"),
        (74, 100, "large decrease"),
        (2, 1, "stable"),  # minimum-count rule: 1 -> 2 is not "large"
        (5, 2, "stable"),
        (6, 2, "large increase"),
        (5, 2.5, "large increase"),
        (0, 2, "stable"),
        (6, 0, "large increase"),
        (0, 0, "stable"),
    ],
)
def test_change_labels(latest: int, mean: float, label: str) -> None:
    assert label_change(latest, mean) == label


def test_at_least_follows_direction() -> None:
    assert at_least(ChangeLabel.large_increase, ChangeLabel.large_increase)
    assert not at_least(ChangeLabel.large_decrease, ChangeLabel.moderate_increase)
    assert at_least(ChangeLabel.large_decrease, ChangeLabel.moderate_decrease)


def test_compare_latest_uses_the_latest_complete_week_and_zero_weeks() -> None:
    # weeks of Saturday 2017-10-07 .. ; one event in each of four weeks, none in the fifth,
    # then 20 in the sixth; coverage ends on a Wednesday, so the seventh week is partial
    rows = [
        ("Mali", date(2017, 10, 7), 4, None, None),
        ("Mali", date(2017, 10, 14), 4, None, None),
        ("Mali", date(2017, 10, 21), 4, None, None),
        ("Mali", date(2017, 10, 28), 4, None, None),
        ("Mali", date(2017, 11, 11), 20, None, None),
        ("Mali", date(2017, 11, 20), 99, None, None),
    ]
    results = compare_latest(frame_of(rows), coverage_end=date(2017, 11, 22), windows=(4, 52))
    four, year = results
    assert (four.period_start, four.period_end, four.latest) == (
        date(2017, 11, 11),
        date(2017, 11, 17),
        20,
    )
    assert four.mean == pytest.approx((4 + 4 + 4 + 0) / 4)
    assert four.label is ChangeLabel.large_increase
    assert (year.periods_used, year.mean) == (5, pytest.approx(16 / 5))

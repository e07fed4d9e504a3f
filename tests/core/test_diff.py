"""``core.diff``: every period's change is explained by the events added, deleted and
revised (properties), and the real 2019 -> 2020 HDX Mali releases."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fatalities.core.diff import diff
from fatalities.errors import InputError
from fatalities.io.load import load
from tests.conftest import real_file

START = date(2016, 1, 1)

event = st.tuples(st.integers(0, 40), st.integers(0, 900), st.integers(0, 20))
sides = st.dictionaries(st.integers(0, 25), st.tuples(event, event), max_size=25)
presence = st.sampled_from(["both", "old", "new"])


def frame(rows: list[tuple[str, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "event_id_cnty": [row[0] for row in rows],
            "country": ["Mali"] * len(rows),
            "event_date": [START + timedelta(days=row[1]) for row in rows],
            "fatalities": [row[2] for row in rows],
        },
        schema={"event_id_cnty": pl.String, "country": pl.String, "event_date": pl.Date,
                "fatalities": pl.Int64},
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    sides,
    st.lists(presence, min_size=26, max_size=26),
    st.sampled_from(["year", "quarter", "month"]),
)
def test_changes_add_up_in_every_period(
    events: dict[int, tuple[tuple[int, int, int], tuple[int, int, int]]],
    where: list[str],
    period: str,
) -> None:
    old_rows, new_rows = [], []
    for key, ((_, day_a, deaths_a), (_, day_b, deaths_b)) in events.items():
        name = f"MLI{key}"
        if where[key] in ("both", "old"):
            old_rows.append((name, day_a, deaths_a))
        if where[key] in ("both", "new"):
            new_rows.append((name, day_b, deaths_b))
    result = diff(frame(old_rows), frame(new_rows), period=period)
    periods = result.periods
    assert periods.filter(
        pl.col("fatality_change")
        != pl.col("added_fatalities") - pl.col("deleted_fatalities") + pl.col("revised_fatalities")
    ).is_empty()
    assert periods.filter(
        pl.col("event_change") != pl.col("added") - pl.col("deleted") + pl.col("moved")
    ).is_empty()
    assert int(periods["old_fatalities"].sum()) == sum(row[2] for row in old_rows)
    assert int(periods["new_fatalities"].sum()) == sum(row[2] for row in new_rows)
    assert result.counts["added"] == sum(1 for key in events if where[key] == "new")
    assert result.counts["deleted"] == sum(1 for key in events if where[key] == "old")
    assert result.differ == bool(result.events.height)


def test_a_side_diffed_with_itself_agrees() -> None:
    same = frame([("A", 1, 3), ("B", 40, 0)])
    result = diff(same, same)
    assert not result.differ
    assert result.events.is_empty()
    assert result.periods["fatality_change"].to_list() == [0]


def test_what_a_revision_changed_is_named() -> None:
    old = frame([("A", 1, 3), ("B", 2, 1)]).with_columns(
        pl.Series("actor1", ["X", "Y"]), pl.Series("location", ["Gao", "Kidal"])
    )
    new = frame([("A", 5, 3), ("B", 2, 1)]).with_columns(
        pl.Series("actor1", ["X", "Z"]), pl.Series("location", ["Gao", "Kidal"])
    )
    result = diff(old, new)
    changed = dict(zip(result.events["event_id_cnty"], result.events["changed"], strict=True))
    assert changed == {"A": "date", "B": "actors"}
    assert result.revised_fields == {"date": 1, "actors": 1}


def test_aggregates_cannot_be_diffed() -> None:
    rows = frame([("A", 1, 3)]).with_columns(pl.lit(None, dtype=pl.String).alias("event_id_cnty"))
    with pytest.raises(InputError, match="no event ids"):
        diff(rows, rows)


def test_real_hdx_2019_to_2020_explains_2017_and_2018() -> None:
    old = load([real_file("acled-events", "hdx_Conflict Data for Mali.csv")], countries=["Mali"])
    new = load([real_file("acled-events", "hdx_conflict_data_mli.csv")], countries=["Mali"])
    result = diff(old.frame, new.frame)
    rows = {row["period"]: row for row in result.periods.iter_rows(named=True)}
    assert (rows["2017"]["old_fatalities"], rows["2017"]["new_fatalities"]) == (950, 948)
    assert (rows["2018"]["old_fatalities"], rows["2018"]["new_fatalities"]) == (1762, 1747)
    assert (rows["2017"]["deleted"], rows["2017"]["deleted_fatalities"]) == (6, 4)
    assert (rows["2018"]["deleted"], rows["2018"]["deleted_fatalities"]) == (4, 15)
    assert (rows["2017"]["old_events"], rows["2017"]["new_events"]) == (478, 473)
    for year in ("2017", "2018"):
        row = rows[year]
        assert row["fatality_change"] == (
            row["added_fatalities"] - row["deleted_fatalities"] + row["revised_fatalities"]
        )
    assert result.counts["deleted"] == 11

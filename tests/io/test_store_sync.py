"""The store kept equal to the (fake) server: first download, revisions, late
additions, moves, deletions, restrictions, atomic commits, and a property: after any
sequence of server changes and fetches, the store equals the server."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatalities.io import store as store_module
from fatalities.io.acled_api import AcledClient, Credentials
from fatalities.io.http import RetryPolicy, open_session
from fatalities.io.store import Store, read_store_input
from fatalities.io.sync import AcledRequest, SyncReport, store_drift, sync_acled
from tests.fakes.acled_server import PASSWORD, USERNAME, FakeAcled, make_event, synthetic_events

OLD = int(time.time()) - 30 * 86_400
TRACKED = ("Mali", "Niger")
SINCE = "2019-01-01"


def client_for(server: FakeAcled) -> AcledClient:
    session = open_session(
        policy=RetryPolicy(attempts=3, base_delay=0.0, page_pause=0.0),
        transport=httpx.WSGITransport(app=server),
        sleep=lambda seconds: None,
    )
    return AcledClient(
        session, Credentials(USERNAME, PASSWORD), base_url="http://acled.test", page_size=50
    )


def sync(server: FakeAcled, folder: Path, request: AcledRequest | None = None) -> SyncReport:
    return sync_acled(
        client_for(server), Store.open(folder, "acled"), request or AcledRequest(),
        now=time.time(), api_url="http://acled.test",
    )  # fmt: skip


def first_request() -> AcledRequest:
    return AcledRequest(countries=TRACKED, since=date.fromisoformat(SINCE))


def server_view(server: FakeAcled, since: str = SINCE) -> dict[str, dict[str, str]]:
    """What the store should hold: the tracked countries' visible events in the window."""
    return {
        row["event_id_cnty"]: row
        for row in server.visible()
        if row["country"] in TRACKED and row["event_date"] >= since
    }


def store_view(folder: Path) -> dict[str, dict[str, Any]]:
    frame = Store.open(folder, "acled").frame()
    return {row["event_id_cnty"]: row for row in frame.to_dicts()}


def new_server(count: int = 400) -> FakeAcled:
    server = FakeAcled(shortfall=3)
    server.put(synthetic_events(count, countries=("Mali", "Niger", "Sudan"), timestamp=OLD))
    return server


def test_first_fetch_then_changes_then_an_update_gives_the_server(tmp_path: Path) -> None:
    server = new_server()
    first = sync(server, tmp_path, first_request())
    assert store_view(tmp_path) == server_view(server)
    assert first.downloaded and not first.updated
    mali = sorted(
        key
        for key, row in server.events.items()
        if row["country"] == "Mali" and row["event_date"] >= SINCE
    )
    server.revise(mali[0], fatalities=999)  # revised
    server.revise(mali[1], country="Niger")  # moved to another stored country
    server.revise(mali[2], event_date="2015-06-01")  # moved out of the window
    server.delete(mali[3])  # deleted
    server.put([make_event(90_001, "Mali", date(2019, 3, 1), 7, 0)], stamp=True)  # late, old date
    server.put([make_event(90_002, "Sudan", date(2020, 3, 1), 7, 0)], stamp=True)  # not stored
    served_before = len(server.log)
    update = sync(server, tmp_path)
    assert store_view(tmp_path) == server_view(server)
    assert update.updated and not update.downloaded
    assert (update.added, update.changed, update.removed) == (1, 2, 2)
    assert update.received == 4  # only what changed came over the wire
    data_calls = [path for _, path, _ in server.log[served_before:] if path != "/oauth/token"]
    assert data_calls == ["/api/acled/read", "/api/deleted/read"]  # one page of each
    moved = Store.open(tmp_path, "acled").frame(["Niger"])
    assert mali[1] in moved["event_id_cnty"].to_list()


def test_an_unchanged_country_keeps_its_file(tmp_path: Path) -> None:
    server = new_server()
    sync(server, tmp_path, first_request())
    before = Store.open(tmp_path, "acled").countries
    niger = next(
        key
        for key, row in server.events.items()
        if row["country"] == "Niger" and row["event_date"] >= SINCE
    )
    server.revise(niger, fatalities=5)
    sync(server, tmp_path)
    after = Store.open(tmp_path, "acled").countries
    assert after["Mali"].file == before["Mali"].file
    assert after["Niger"].file != before["Niger"].file
    assert sorted(path.name for path in (tmp_path / "data").iterdir()) == sorted(
        Path(entry.file).name for entry in after.values()
    )


def test_full_downloads_again_and_removes_what_the_server_lost(tmp_path: Path) -> None:
    server = new_server()
    sync(server, tmp_path, first_request())
    gone = next(
        key
        for key, row in server.events.items()
        if row["country"] == "Mali" and row["event_date"] >= SINCE
    )
    del server.events[gone]  # vanished without a deletion record
    report = sync(server, tmp_path, AcledRequest(full=True))
    assert report.downloaded
    assert store_view(tmp_path) == server_view(server)


def test_a_new_window_is_downloaded_whole(tmp_path: Path) -> None:
    server = new_server()
    sync(server, tmp_path, first_request())
    sync(server, tmp_path, AcledRequest(countries=TRACKED, since=date(2018, 1, 1)))
    assert store_view(tmp_path) == server_view(server, since="2018-01-01")
    assert Store.open(tmp_path, "acled").countries["Mali"].since == "2018-01-01"


def test_a_region_is_stored_per_country(tmp_path: Path) -> None:
    server = new_server()
    sync(server, tmp_path, AcledRequest(regions=("western africa",), until=date(2022, 12, 31)))
    stored = Store.open(tmp_path, "acled")
    assert sorted(stored.countries) == ["Mali", "Niger"]
    assert stored.countries["Mali"].until == "2022-12-31"
    assert stored.countries["Mali"].coverage_end == "2022-12-31"
    assert stored.subscriptions[0].value == "Western Africa"


def test_a_recency_restriction_is_recorded_and_caps_coverage(tmp_path: Path) -> None:
    server = new_server()
    server.recency_cutoff = date(2022, 6, 30)
    report = sync(server, tmp_path, first_request())
    assert any("2022-06-30" in line for line in report.restrictions)
    entry = Store.open(tmp_path, "acled").countries["Mali"]
    assert entry.coverage_end == "2022-06-30"
    assert entry.restrictions["date_recency"]["date"] == "2022-06-30"
    assert store_view(tmp_path) == server_view(server)
    found = read_store_input(tmp_path, "acled", ["mali"])
    assert found.coverage_end == date(2022, 6, 30)
    assert found.coverage_start == date(2019, 1, 1)


def test_drift_is_zero_after_a_sync_and_shows_server_changes(tmp_path: Path) -> None:
    server = new_server(200)
    sync(server, tmp_path, first_request())
    assert all(
        row[4] == 0 for row in store_drift(client_for(server), Store.open(tmp_path, "acled"))
    )
    server.put([make_event(90_003, "Mali", date(2021, 5, 5), 1, 0)], stamp=True)
    drift = [
        row for row in store_drift(client_for(server), Store.open(tmp_path, "acled")) if row[4]
    ]
    assert drift == [("Mali", 2021, drift[0][2], drift[0][2] + 1, -1)]


def test_a_commit_that_fails_midway_leaves_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = new_server()
    sync(server, tmp_path, first_request())
    before = store_view(tmp_path)
    state = (tmp_path / "state.json").read_bytes()
    for key in list(server.events)[:40]:
        server.revise(key, fatalities=1234)
    written: list[Path] = []
    real = store_module._write_parquet

    def write_then_fail(frame: Any, path: Path) -> None:
        if written:
            raise OSError("disk full")
        real(frame, path)
        written.append(path)

    monkeypatch.setattr(store_module, "_write_parquet", write_then_fail)
    with pytest.raises(OSError):
        sync(server, tmp_path)
    assert (tmp_path / "state.json").read_bytes() == state
    assert store_view(tmp_path) == before
    monkeypatch.undo()
    sync(server, tmp_path)  # the next run cleans up and catches up
    assert store_view(tmp_path) == server_view(server)
    assert not written[0].exists()


CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(("Mali", "Niger", "Sudan")),
                  st.dates(date(2015, 1, 1), date(2024, 12, 31)), st.integers(0, 50)),
        st.tuples(st.just("revise"), st.integers(0, 10_000), st.integers(0, 50)),
        st.tuples(st.just("move"), st.integers(0, 10_000), st.sampled_from(TRACKED)),
        st.tuples(st.just("redate"), st.integers(0, 10_000),
                  st.dates(date(2015, 1, 1), date(2024, 12, 31))),
        st.tuples(st.just("delete"), st.integers(0, 10_000)),
        st.tuples(st.just("fetch")),
    ),
    max_size=25,
)  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=CHANGES, page_size=st.sampled_from((7, 50)))
def test_after_any_changes_and_fetches_the_store_equals_the_server(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[Any, ...]], page_size: int
) -> None:
    folder = tmp_path_factory.mktemp("store")
    server = FakeAcled(shortfall=2)
    server.put(synthetic_events(60, countries=("Mali", "Niger", "Sudan"), timestamp=OLD))
    client = client_for(server)
    client.page_size = page_size
    request: AcledRequest | None = first_request()
    number = 100_000
    for change in [*changes, ("fetch",)]:
        keys = sorted(server.events)
        kind = change[0]
        if kind == "fetch":
            sync_acled(client, Store.open(folder, "acled"), request or AcledRequest(),
                       now=time.time(), api_url="http://acled.test")  # fmt: skip
            request = None
        elif kind == "add":
            number += 1
            server.put([make_event(number, change[1], change[2], change[3], 0)], stamp=True)
        elif keys and kind == "revise":
            server.revise(keys[change[1] % len(keys)], fatalities=change[2])
        elif (
            keys
            and kind == "move"
            and server.events[keys[change[1] % len(keys)]]["country"] in TRACKED
        ):
            server.revise(keys[change[1] % len(keys)], country=change[2])
        elif keys and kind == "redate":
            server.revise(keys[change[1] % len(keys)], event_date=change[2].isoformat())
        elif keys and kind == "delete":
            server.delete(keys[change[1] % len(keys)])
    assert store_view(folder) == server_view(server)


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    from fatalities.errors import InputError
    from fatalities.io.store import store_lock

    with (
        store_lock(tmp_path),
        pytest.raises(InputError, match="another fetch"),
        store_lock(tmp_path),
    ):
        pass
    with store_lock(tmp_path):  # released
        pass

"""The ACLED client against the fake server, in-process: paging, tokens, retries,
errors and restrictions."""

from __future__ import annotations

import stat
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from fatalities.errors import AuthError, ExitCode, FetchError
from fatalities.io.acled_api import AcledClient, Credentials, EventQuery, TokenCache
from fatalities.io.http import RetryPolicy, open_session, user_agent
from tests.fakes.acled_server import PASSWORD, USERNAME, FakeAcled, Fault, synthetic_events

BASE = "http://acled.test"
OLD = int(time.time()) - 30 * 86_400


def make_client(
    server: Any,
    *,
    page_size: int = 100,
    password: str = PASSWORD,
    cache: TokenCache | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[AcledClient, list[float]]:
    """A client talking to ``server`` in-process; waits are recorded, not slept."""
    waits: list[float] = []
    policy = RetryPolicy(attempts=4, base_delay=0.01, max_delay=30.0, page_pause=0.0)
    session = open_session(
        policy=policy, transport=transport or httpx.WSGITransport(app=server),
        sleep=waits.append, agent=user_agent("9.9"),
    )  # fmt: skip
    client = AcledClient(
        session, Credentials(USERNAME, password, origin="the test"), base_url=BASE,
        token_cache=cache, page_size=page_size,
    )  # fmt: skip
    return client, waits


def loaded_server(count: int = 1000, **options: Any) -> FakeAcled:
    server = FakeAcled(**options)
    server.put(synthetic_events(count, timestamp=OLD))
    return server


def ids(rows: list[dict[str, str]]) -> set[str]:
    return {row["event_id_cnty"] for row in rows}


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"shortfall": 7},  # pages shorter than the limit before the end
        {"shortfall": 7, "hide_total": True},  # no total_count: read until an empty page
        {"cursor_paging": True},
        {"cursor_paging": True, "shortfall": 3},
    ],
    ids=["full-pages", "short-pages", "short-pages-no-total", "cursor", "cursor-short"],
)
def test_a_listing_reads_every_event_once(options: dict[str, Any]) -> None:
    server = loaded_server(**options)
    client, _ = make_client(server)
    listing = client.events(EventQuery(countries=("Mali", "Niger")))
    expected = {
        row["event_id_cnty"]
        for row in server.events.values()
        if row["country"] in {"Mali", "Niger"}
    }
    assert ids(listing.rows) == expected
    assert len(listing.rows) == len(expected)
    pages = [query for method, path, query in server.log if path == "/api/acled/read"]
    assert all(query["with_total"] == "true" and query["limit"] == "100" for query in pages)
    if options.get("cursor_paging"):
        assert any("cursor" in query for query in pages)


def test_rows_repeated_on_a_later_page_count_once() -> None:
    rows = synthetic_events(5, timestamp=OLD)
    newer = {**rows[2], "fatalities": "77", "timestamp": str(OLD + 10)}
    pages = {1: rows[:3], 2: [newer, *rows[3:]], 3: []}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200, json={"access_token": "a", "refresh_token": "r", "expires_in": 600}
            )
        page = int(request.url.params["page"])
        return httpx.Response(200, json={"data": pages[page], "total_count": 6})

    client, _ = make_client(None, transport=httpx.MockTransport(answer))
    listing = client.events(EventQuery(countries=("Mali",)))
    assert len(listing.rows) == 5
    assert listing.repeated == 1
    assert {row["event_id_cnty"]: row["fatalities"] for row in listing.rows}[
        rows[2]["event_id_cnty"]
    ] == "77"


def test_an_expired_token_is_refreshed_once_and_the_page_retried() -> None:
    server = loaded_server(token_uses=2)
    client, _ = make_client(server)
    listing = client.events(EventQuery(countries=("Mali",)))
    assert len(listing.rows) == sum(row["country"] == "Mali" for row in server.events.values())
    grants = [query for method, path, query in server.log if path == "/oauth/token"]
    assert len(grants) >= 2  # the first token, then refreshes after each 401


def test_a_refused_refresh_falls_back_to_the_password() -> None:
    server = loaded_server(20)
    client, _ = make_client(server)
    client.events(EventQuery(countries=("Mali",)))
    server.expire_tokens()
    server._refresh.clear()  # refresh tokens refused too
    assert client.events(EventQuery(countries=("Mali",))).rows


def test_the_token_cache_is_private_and_reused(tmp_path: Path) -> None:
    server = loaded_server(20)
    cache = TokenCache.for_account(tmp_path / "token.json", BASE, USERNAME)
    first, _ = make_client(server, cache=cache)
    first.events(EventQuery(countries=("Mali",)))
    assert stat.S_IMODE((tmp_path / "token.json").stat().st_mode) == 0o600
    assert USERNAME not in (tmp_path / "token.json").read_text()
    second, _ = make_client(server, cache=cache)
    second.events(EventQuery(countries=("Mali",)))
    grants = [path for method, path, query in server.log if path == "/oauth/token"]
    assert len(grants) == 1
    other = TokenCache.for_account(tmp_path / "token.json", BASE, "someone@else.org")
    assert other.load() is None


def test_wrong_credentials_are_an_auth_error_without_the_password() -> None:
    server = loaded_server(5)
    client, _ = make_client(server, password="wrong-password-123")
    with pytest.raises(AuthError) as raised:
        client.events(EventQuery(countries=("Mali",)))
    assert raised.value.exit_code is ExitCode.INPUT
    assert "wrong-password-123" not in str(raised.value)
    assert USERNAME not in str(raised.value)


def test_403_says_the_account_has_no_access() -> None:
    client, _ = make_client(loaded_server(5, forbidden=True))
    with pytest.raises(AuthError, match="403"):
        client.events(EventQuery(countries=("Mali",)))


@pytest.mark.parametrize(
    ("status", "headers", "least_wait"),
    [(429, {"Retry-After": "3"}, 3.0), (500, {}, 0.0), (524, {}, 0.0), (503, {}, 0.0)],
)
def test_retryable_statuses_are_retried_and_recovered(
    status: int, headers: dict[str, str], least_wait: float
) -> None:
    server = loaded_server(900)
    server.faults.append(Fault(status, times=2, headers=headers, after=1))  # mid-listing
    client, waits = make_client(server)
    listing = client.events(EventQuery(countries=("Mali",)))
    assert len(listing.rows) == 300
    assert len(waits) == 2 and min(waits) >= least_wait
    assert client.session.retries == 2


def test_connection_errors_are_retried() -> None:
    server = loaded_server(10)
    inner = httpx.WSGITransport(app=server)
    failures = [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")]

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/acled/read" and failures:
            raise failures.pop()
        return inner.handle_request(request)

    client, waits = make_client(server, transport=httpx.MockTransport(flaky))
    assert client.events(EventQuery(countries=("Mali",))).rows
    assert len(waits) == 2


def test_retries_are_capped_and_the_error_names_no_query() -> None:
    server = loaded_server(10)
    server.faults.append(Fault(500, times=99))
    client, waits = make_client(server)
    with pytest.raises(FetchError) as raised:
        client.events(EventQuery(countries=("Mali",)))
    assert raised.value.exit_code is ExitCode.NETWORK
    assert "HTTP 500 after 4 tries" in str(raised.value)
    assert "country" not in str(raised.value) and "?" not in str(raised.value)
    assert len(waits) == 3
    assert waits == sorted(waits)  # exponential backoff


def test_a_retry_after_beyond_the_cap_ends_the_retries() -> None:
    server = loaded_server(10)
    server.faults.append(Fault(429, headers={"Retry-After": "3600"}))
    client, waits = make_client(server)
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        client.events(EventQuery(countries=("Mali",)))
    assert waits == []


def test_a_recency_restriction_is_data_not_zeros() -> None:
    server = loaded_server(200, recency_cutoff=date(2020, 6, 30))
    client, _ = make_client(server)
    listing = client.events(EventQuery(countries=("Mali",), since=date(2023, 1, 1)))
    assert listing.rows == []
    assert listing.restrictions["date_recency"]["date"] == "2020-06-30"


def test_requests_carry_the_user_agent_and_no_secret_in_urls() -> None:
    seen: list[httpx.Request] = []
    server = loaded_server(10)
    inner = httpx.WSGITransport(app=server)

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return inner.handle_request(request)

    client, _ = make_client(server, transport=httpx.MockTransport(spy))
    client.events(EventQuery(countries=("Mali",)))
    assert all(request.headers["User-Agent"] == user_agent("9.9") for request in seen)
    token = client.token().access_token
    for request in seen:
        assert PASSWORD not in str(request.url) and token not in str(request.url)
        assert USERNAME not in str(request.url)
    assert PASSWORD not in repr(client) and token not in repr(client)


def test_deletions_honour_the_timestamp() -> None:
    server = loaded_server(10)
    server.deleted.extend([("MLI1", 100), ("MLI4", 200), ("NER2", 300)])
    client, _ = make_client(server)
    assert client.deletions(200) == [("MLI4", 200), ("NER2", 300)]
    query = next(q for m, path, q in server.log if path == "/api/deleted/read")
    assert query["deleted_timestamp_where"] == ">="


def test_a_token_about_to_expire_is_renewed_before_use() -> None:
    server = loaded_server(300, token_lifetime=30)  # inside the 60 s margin: never usable
    client, _ = make_client(server)
    assert len(client.events(EventQuery(countries=("Mali",))).rows) == 100
    assert len(client.events(EventQuery(countries=("Niger",))).rows) == 100
    grants = [path for _, path, _ in server.log if path == "/oauth/token"]
    assert len(grants) == 2  # a new token before each use, never a 401 first
    assert client.session.retries == 0

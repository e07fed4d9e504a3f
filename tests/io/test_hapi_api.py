"""The HDX HAPI client against the fake HAPI server, in-process."""

from __future__ import annotations

import httpx
import pytest

from fatalities.errors import AuthError, InputError
from fatalities.io.hapi_api import HapiClient, app_identifier, month_span
from fatalities.io.http import RetryPolicy, open_session
from tests.fakes.acled_server import Fault
from tests.fakes.hapi_server import FakeHapi, hapi_rows


def client_for(server: FakeHapi, identifier: str = "abc", page_size: int = 100) -> HapiClient:
    session = open_session(
        policy=RetryPolicy(attempts=3, base_delay=0.0, page_pause=0.0),
        transport=httpx.WSGITransport(app=server),
        sleep=lambda seconds: None,
    )
    return HapiClient(session, identifier, base_url="http://hapi.test", page_size=page_size)


def test_pages_by_offset_until_an_empty_page() -> None:
    server = FakeHapi(rows=hapi_rows() + hapi_rows("NER", "Niger"))
    server.faults.append(Fault(524))
    rows, pages = client_for(server).conflict_events("MLI", since="2021-01", until="2022-06")
    expected = [
        row for row in server.rows
        if row["location_code"] == "MLI" and "2021-01" <= row["reference_period_start"][:7] <= "2022-06"
    ]  # fmt: skip
    assert rows == expected
    assert pages == len(expected) // 100 + 1 + (len(expected) % 100 > 0)
    asked = server.log[-1]
    assert (asked["start_date"], asked["end_date"], asked["output_format"]) == (
        "2021-01-01", "2022-06-30", "json",
    )  # fmt: skip


def test_without_an_identifier_hapi_refuses() -> None:
    with pytest.raises(Exception, match="HTTP 400"):
        client_for(FakeHapi(rows=hapi_rows()), identifier="").conflict_events("MLI")


def test_refused_identifier_is_an_auth_error() -> None:
    server = FakeHapi(rows=hapi_rows())
    server.faults.append(Fault(403))
    with pytest.raises(AuthError, match="HAPI_APP_IDENTIFIER"):
        client_for(server).conflict_events("MLI")


def test_months_and_identifiers() -> None:
    assert app_identifier("a", "b@c.org") == "YTpiQGMub3Jn"
    assert month_span(None, "2023-02") == (None, "2023-02-28")
    with pytest.raises(InputError, match="YYYY-MM"):
        month_span("2023", None)

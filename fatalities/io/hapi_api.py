"""A client for HDX HAPI's conflict-event aggregates (from ACLED; no account needed).

``GET {base}/api/v2/coordination-context/conflict-events`` with ``location_code``,
``start_date``, ``end_date``, ``limit`` (at most 10,000), ``offset`` and
``output_format=json``, identified by an ``app_identifier`` (base64 of
``application:email``). Rows are monthly events and fatalities per admin area and
event type; HAPI's three event types overlap (``civilian_targeting`` is part of
``political_violence``), so they are stored as they come and never summed here.

>>> app_identifier("fatalities", "me@example.org")
'ZmF0YWxpdGllczptZUBleGFtcGxlLm9yZw=='
"""

from __future__ import annotations

import base64
import calendar
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fatalities.errors import AuthError, FetchError, InputError

if TYPE_CHECKING:
    from fatalities.io.acled_api import PageProgress
    from fatalities.io.http import Session

__all__ = ["DEFAULT_HAPI_URL", "HAPI_PAGE_SIZE", "HapiClient", "app_identifier", "month_span"]

DEFAULT_HAPI_URL = "https://hapi.humdata.org"
EVENTS_PATH = "/api/v2/coordination-context/conflict-events"
#: HAPI's largest page.
HAPI_PAGE_SIZE = 10_000


def app_identifier(application: str, email: str) -> str:
    """HAPI's ``app_identifier``: base64 of ``application:email``."""
    return base64.b64encode(f"{application}:{email}".encode()).decode()


def month_span(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """First and last day of ``YYYY-MM`` months (either may be absent).

    >>> month_span("2020-01", "2024-02")
    ('2020-01-01', '2024-02-29')
    >>> month_span("2020-13", None)
    Traceback (most recent call last):
    ...
    fatalities.errors.InputError: --since 2020-13: give a month as YYYY-MM, e.g. 2020-01
    """
    first = last = None
    for label, value in (("--since", since), ("--until", until)):
        if value is None:
            continue
        try:
            year, month = (int(part) for part in value.split("-"))
            days = calendar.monthrange(year, month)[1]
        except (ValueError, calendar.IllegalMonthError):
            raise InputError(f"{label} {value}: give a month as YYYY-MM, e.g. 2020-01") from None
        if label == "--since":
            first = f"{year:04d}-{month:02d}-01"
        else:
            last = f"{year:04d}-{month:02d}-{days:02d}"
    return first, last


@dataclass
class HapiClient:
    """HDX HAPI over one ``Session``."""

    session: Session
    identifier: str
    base_url: str = DEFAULT_HAPI_URL
    page_size: int = HAPI_PAGE_SIZE
    on_page: Callable[[PageProgress], None] | None = None

    def conflict_events(
        self, location: str, *, since: str | None = None, until: str | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Every monthly row for ``location`` (ISO3) between months ``since`` and
        ``until`` (``YYYY-MM``), and the number of pages read."""
        from fatalities.io.acled_api import PageProgress

        first, last = month_span(since, until)
        rows: list[dict[str, Any]] = []
        offset, pages = 0, 0
        url = self.base_url.rstrip("/") + EVENTS_PATH
        while True:
            params = {
                "location_code": location,
                "output_format": "json",
                "limit": str(self.page_size),
                "offset": str(offset),
                "app_identifier": self.identifier,
            }
            if first:
                params["start_date"] = first
            if last:
                params["end_date"] = last
            response = self.session.get(url, params=params)
            if response.status_code in {401, 403}:
                raise AuthError(
                    f"HDX HAPI refused the app identifier (HTTP {response.status_code}); set "
                    "HAPI_APP_IDENTIFIER, or give --app-name and --email"
                )
            if response.status_code >= 400:
                raise FetchError(
                    f"HDX HAPI {EVENTS_PATH}: HTTP {response.status_code} for location "
                    f"{location}; check the ISO3 code and the months"
                )
            try:
                document = response.json()
            except ValueError:
                raise FetchError(f"HDX HAPI {EVENTS_PATH}: the answer is not JSON") from None
            page = document.get("data") if isinstance(document, dict) else document
            if not isinstance(page, list):
                raise FetchError(f"HDX HAPI {EVENTS_PATH}: no 'data' list in the answer")
            pages += 1
            rows.extend(page)
            if self.on_page is not None:
                self.on_page(PageProgress(f"HAPI {location}", pages, len(rows), None))
            if not page:
                return rows, pages
            offset += len(page)
            self.session.pause()

"""A fake ACLED API: a small WSGI app with the real API's shapes and misbehaviours.

It serves synthetic events from memory and can be changed between fetches (events
added late with old dates, revised, moved to another country, deleted). It speaks
the OAuth password and refresh grants, pages with short pages before the end (or a
cursor), and on demand answers 401 (expired tokens), 403, 429 with ``Retry-After``,
500 and 524, or a ``date_recency`` restriction.

Use it in-process (``httpx.WSGITransport(app=server)``) or on 127.0.0.1 in a thread
(``serve(server)``), never on the network.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

USERNAME = "analyst@example.org"
PASSWORD = "correct-horse-battery-staple"

#: Country -> (ISO 3166 numeric, ISO3, region, region code, admin1 names).
COUNTRIES: dict[str, tuple[int, str, str, int, tuple[str, ...]]] = {
    "Mali": (466, "MLI", "Western Africa", 1, ("Mopti", "Gao", "Timbuktu", "Segou")),
    "Niger": (562, "NER", "Western Africa", 1, ("Tillaberi", "Diffa", "Tahoua")),
    "Burkina Faso": (854, "BFA", "Western Africa", 1, ("Sahel", "Est", "Nord")),
    "Sudan": (729, "SDN", "Northern Africa", 5, ("Khartoum", "North Darfur")),
}
EVENT_TYPES = (
    ("Battles", "Armed clash", "Political violence", ""),
    ("Violence against civilians", "Attack", "Political violence", "Civilian targeting"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence", ""),
    ("Protests", "Peaceful protest", "Demonstrations", ""),
    ("Riots", "Mob violence", "Demonstrations", ""),
)


def make_event(
    number: int,
    country: str,
    event_date: date,
    fatalities: int,
    timestamp: int,
    kind: int = 0,
) -> dict[str, str]:
    """One event as the API sends it: every value a string."""
    iso, iso3, region, _, admin1s = COUNTRIES[country]
    event_type, sub_event_type, disorder, civilian = EVENT_TYPES[kind % len(EVENT_TYPES)]
    return {
        "event_id_cnty": f"{iso3}{number}",
        "event_date": event_date.isoformat(),
        "year": str(event_date.year),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": "Unidentified Armed Group",
        "interaction": "Political militia-Civilians",
        "civilian_targeting": civilian,
        "iso": str(iso),
        "region": region,
        "country": country,
        "admin1": admin1s[number % len(admin1s)],
        "admin2": "",
        "fatalities": str(fatalities),
        "timestamp": str(timestamp),
    }


def synthetic_events(
    count: int,
    *,
    countries: Iterable[str] = ("Mali", "Niger", "Burkina Faso"),
    first: date = date(2018, 1, 1),
    last: date = date(2024, 12, 31),
    timestamp: int = 1_700_000_000,
    seed: int = 0,
    start_number: int = 1,
) -> list[dict[str, str]]:
    """``count`` reproducible events spread over ``countries`` and the dates."""
    chosen = list(countries)
    rng = random.Random(seed)
    span = (last - first).days
    return [
        make_event(
            start_number + index,
            chosen[index % len(chosen)],
            first + timedelta(days=rng.randrange(span + 1)),
            rng.choice((0, 0, 0, 1, 2, 3, 5, 8, 13, 40)),
            timestamp,
            kind=rng.randrange(len(EVENT_TYPES)),
        )
        for index in range(count)
    ]


@dataclass
class Fault:
    """An error to answer instead of the real thing, ``times`` times, on ``path``."""

    status: int
    path: str = "/api/acled/read"
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    #: Answer only after this many matching requests succeeded (mid-listing faults).
    after: int = 0


@dataclass
class FakeAcled:
    """The fake API's state; call it as a WSGI app."""

    users: dict[str, str] = field(default_factory=lambda: {USERNAME: PASSWORD})
    #: ``expires_in`` of new tokens (seconds).
    token_lifetime: int = 86400
    #: A token dies after this many data requests (``None``: only by time).
    token_uses: int | None = None
    #: Every other page is this many rows short of the limit (0: full pages).
    shortfall: int = 0
    #: Page with ``next_cursor`` instead of ``page`` numbers.
    cursor_paging: bool = False
    #: Omit ``total_count`` even when asked (old or odd servers).
    hide_total: bool = False
    #: ``date_recency``: only events on or before this date are served.
    recency_cutoff: date | None = None
    #: Every data request is refused with 403 (no API access, terms not accepted).
    forbidden: bool = False
    #: Seconds to sleep before answering a data request.
    delay: float = 0.0
    clock: Callable[[], float] = time.time
    events: dict[str, dict[str, str]] = field(default_factory=dict)
    deleted: list[tuple[str, int]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    #: (method, path, query) of every request; the query never holds a secret.
    log: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    #: Every raw request line and header value seen, to prove no secret leaks into URLs.
    urls: list[str] = field(default_factory=list)
    #: The ``User-Agent`` of every request.
    agents: list[str] = field(default_factory=list)
    #: Seconds spent answering (to tell the server's share of a benchmark's time).
    busy: float = 0.0
    _access: dict[str, list[float]] = field(default_factory=dict)
    _refresh: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- changing the data ------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def put(self, rows: Iterable[dict[str, str]], *, stamp: bool = False) -> None:
        """Add or replace events (``stamp``: their ``timestamp`` becomes now)."""
        with self._lock:
            for row in rows:
                copy = dict(row)
                if stamp:
                    copy["timestamp"] = str(self.now())
                self.events[copy["event_id_cnty"]] = copy

    def revise(self, event_id: str, **changes: object) -> None:
        """Change an event's values (its ``timestamp`` becomes now)."""
        with self._lock:
            row = dict(self.events[event_id])
            for name, value in changes.items():
                row[name] = str(value)
            if "event_date" in changes:
                row["year"] = str(row["event_date"])[:4]
            if "country" in changes:
                iso, _, region, _, _ = COUNTRIES[str(changes["country"])]
                row["iso"], row["region"] = str(iso), region
            row["timestamp"] = str(self.now())
            self.events[event_id] = row

    def delete(self, event_id: str) -> None:
        with self._lock:
            del self.events[event_id]
            self.deleted.append((event_id, self.now()))

    def visible(self) -> list[dict[str, str]]:
        """The events an account sees (after the recency restriction)."""
        rows = list(self.events.values())
        if self.recency_cutoff is not None:
            cutoff = self.recency_cutoff.isoformat()
            rows = [row for row in rows if row["event_date"] <= cutoff]
        return rows

    # -- WSGI -------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = {
            key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()
        }
        with self._lock:
            self.log.append((method, path, query))
            self.urls.append(f"{path}?{environ.get('QUERY_STRING', '')}")
            self.agents.append(environ.get("HTTP_USER_AGENT", ""))
        started = time.perf_counter()
        status, headers, body = self.answer(method, path, query, environ)
        start_response(
            f"{status} {_REASONS.get(status, 'Status')}",
            [("Content-Type", "application/json"), *headers.items()],
        )
        encoded = json.dumps(body).encode()
        self.busy += time.perf_counter() - started
        return [encoded]

    def answer(
        self, method: str, path: str, query: dict[str, str], environ: dict[str, Any]
    ) -> tuple[int, dict[str, str], Any]:
        fault = self._fault(path)
        if fault is not None:
            return fault.status, fault.headers, {"status": fault.status, "error": "fault"}
        if path == "/oauth/token" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                k: v[-1] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()
            }
            return self._token(form)
        if path in {"/api/acled/read", "/api/deleted/read"}:
            if self.delay:
                time.sleep(self.delay)
            bearer = environ.get("HTTP_AUTHORIZATION", "")
            if not self._authorised(bearer):
                return 401, {}, {"status": 401, "error": "Unauthorized"}
            if self.forbidden:
                return 403, {}, {"status": 403, "error": "Access denied"}
            rows = self._events(query) if path == "/api/acled/read" else self._deleted(query)
            return 200, {}, self._page(rows, query)
        return 404, {}, {"status": 404, "error": "Not found"}

    def _fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path != path or fault.times <= 0:
                    continue
                if fault.after > 0:
                    fault.after -= 1
                    return None
                fault.times -= 1
                return fault
        return None

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if form.get("client_id") != "acled":
            return 400, {}, {"error": "invalid_client"}
        grant = form.get("grant_type")
        with self._lock:
            if grant == "password":
                if self.users.get(form.get("username", "")) != form.get("password") or not form.get(
                    "password"
                ):
                    return (
                        400,
                        {},
                        {
                            "error": "invalid_grant",
                            "error_description": "The user credentials were incorrect.",
                        },
                    )
            elif grant == "refresh_token":
                if form.get("refresh_token") not in self._refresh:
                    return (
                        400,
                        {},
                        {"error": "invalid_grant", "error_description": "Invalid refresh token"},
                    )
                self._refresh.discard(form["refresh_token"])
            else:
                return 400, {}, {"error": "unsupported_grant_type"}
            access, refresh = secrets.token_hex(16), secrets.token_hex(16)
            uses = float(self.token_uses) if self.token_uses is not None else float("inf")
            self._access[access] = [self.clock() + self.token_lifetime, uses]
            self._refresh.add(refresh)
        return (
            200,
            {},
            {
                "token_type": "Bearer",
                "expires_in": self.token_lifetime,
                "access_token": access,
                "refresh_token": refresh,
            },
        )

    def _authorised(self, bearer: str) -> bool:
        token = bearer.removeprefix("Bearer ").strip()
        with self._lock:
            state = self._access.get(token)
            if state is None or state[0] <= self.clock() or state[1] <= 0:
                return False
            state[1] -= 1
            return True

    def expire_tokens(self) -> None:
        """Every access token issued so far stops working (refresh tokens still do)."""
        with self._lock:
            self._access.clear()

    def _events(self, query: dict[str, str]) -> list[dict[str, str]]:
        rows = self.visible()
        if "country" in query:
            wanted = {name.lower() for name in query["country"].split("|")}
            rows = [row for row in rows if row["country"].lower() in wanted]
        if "region" in query:
            codes = {int(code) for code in query["region"].split("|")}
            rows = [row for row in rows if COUNTRIES[row["country"]][3] in codes]
        if "event_date" in query:
            where = query.get("event_date_where", "=")
            if where == "BETWEEN":
                low, high = query["event_date"].split("|")
                rows = [row for row in rows if low <= row["event_date"] <= high]
            elif where == ">=":
                rows = [row for row in rows if row["event_date"] >= query["event_date"]]
            elif where == "<=":
                rows = [row for row in rows if row["event_date"] <= query["event_date"]]
            else:
                rows = [row for row in rows if row["event_date"] == query["event_date"]]
        if "timestamp" in query:
            since = int(query["timestamp"])
            rows = [row for row in rows if int(row["timestamp"]) >= since]
        rows.sort(key=lambda row: (row["event_date"], row["event_id_cnty"]), reverse=True)
        if "fields" in query:
            names = query["fields"].split("|")
            rows = [{name: row[name] for name in names if name in row} for row in rows]
        return rows

    def _deleted(self, query: dict[str, str]) -> list[dict[str, str]]:
        since = int(query.get("deleted_timestamp", "0"))
        return [
            {"event_id_cnty": event_id, "deleted_timestamp": str(stamp)}
            for event_id, stamp in self.deleted
            if stamp >= since
        ]

    def _page(self, rows: list[dict[str, str]], query: dict[str, str]) -> dict[str, Any]:
        limit = int(query.get("limit", "5000"))
        if self.cursor_paging and "cursor" in query:
            number, start = (int(part) for part in query["cursor"].split(":"))
        else:
            number = int(query.get("page", "1"))
            start = sum(self._page_size(limit, index) for index in range(1, number))
        size = self._page_size(limit, number)
        page = rows[start : start + size]
        body: dict[str, Any] = {"status": 200, "success": True, "last_update": 0}
        if query.get("with_total") == "true" and not self.hide_total:
            body["count"] = len(page)
            body["total_count"] = len(rows)
        body["data"] = page
        if self.recency_cutoff is not None:
            body["data_query_restrictions"] = {
                "date_recency": {
                    "date": self.recency_cutoff.isoformat(),
                    "quantity": 12,
                    "unit": "Months",
                }
            }
        if self.cursor_paging:
            following = start + size
            body["next_cursor"] = f"{number + 1}:{following}" if following < len(rows) else None
        return body

    def _page_size(self, limit: int, number: int) -> int:
        if self.shortfall and number % 2 == 1:
            return max(1, limit - self.shortfall)
        return limit


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
    524: "A Timeout Occurred",
}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(app: Callable[..., Any]) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

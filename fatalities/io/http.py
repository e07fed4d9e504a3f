"""One polite, patient HTTP session for the fetch clients (ACLED, HDX HAPI).

``Session.get``/``Session.post`` send a request and retry it, with exponential backoff
and jitter, on what a later attempt can cure: HTTP 429 (waiting at least its
``Retry-After``), 5xx and Cloudflare's 524, and connection errors and timeouts. After
``RetryPolicy.attempts`` tries a ``FetchError`` names the host and path, never the
query or the body (which may hold a credential). Everything else (2xx, 4xx) is the
caller's to read.

Nothing here prints: progress goes to a callback, waits to an injectable ``sleep``,
so tests run without real pauses.

>>> RetryPolicy().delay(0, jitter=0.0), RetryPolicy().delay(3, jitter=0.0)
(1.0, 8.0)
>>> RetryPolicy(max_delay=5.0).delay(10, jitter=0.0)
5.0
>>> retry_after_seconds("7"), retry_after_seconds("soon"), retry_after_seconds(None)
(7.0, None, None)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fatalities.errors import FetchError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "RETRY_STATUSES",
    "RetryPolicy",
    "Session",
    "open_session",
    "retry_after_seconds",
    "user_agent",
]


def user_agent(version: str) -> str:
    """The ``User-Agent`` sent with every request: who is asking, so a server's
    operators can tell.

    >>> user_agent("1.2.0")
    'fatalities/1.2.0 (command-line fatality trends from ACLED data)'
    """
    return f"fatalities/{version} (command-line fatality trends from ACLED data)"


#: Statuses worth another try: rate limited, server errors, Cloudflare's origin timeout.
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504, 520, 522, 524})


@dataclass(frozen=True)
class RetryPolicy:
    """How patient a session is. Tests pass tiny delays; the defaults suit ACLED's API."""

    #: Tries per request, the first one included.
    attempts: int = 6
    #: First backoff (seconds); doubled on every further try.
    base_delay: float = 1.0
    #: No single wait is longer (a longer ``Retry-After`` ends the retries instead).
    max_delay: float = 120.0
    #: Up to this fraction is added at random to each backoff, so clients spread out.
    jitter: float = 0.25
    #: Pause between the pages of one listing, to be a polite client.
    page_pause: float = 0.5
    #: Seconds to connect, and to wait for each read of an answer.
    connect_timeout: float = 10.0
    read_timeout: float = 120.0

    def delay(self, attempt: int, *, jitter: float | None = None) -> float:
        """The wait before try ``attempt + 2`` (``attempt`` counts from 0)."""
        share = random.random() * self.jitter if jitter is None else jitter
        return float(min(self.max_delay, self.base_delay * 2**attempt * (1 + share)))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number, or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass
class Session:
    """An ``httpx.Client`` with retries, request counts and a progress callback."""

    client: httpx.Client
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    #: Called with a short description of each wait (``"HTTP 429: waiting 2.0 s"``).
    on_retry: Callable[[str], None] | None = None
    #: Requests sent (every try counted) and retries among them.
    requests: int = 0
    retries: int = 0

    def get(self, url: str, *, params: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None) -> httpx.Response:  # fmt: skip
        """GET ``url``, retried as the policy says."""
        return self.send("GET", url, params=params, headers=headers)

    def post(self, url: str, *, data: Mapping[str, str] | None = None,
             headers: Mapping[str, str] | None = None) -> httpx.Response:  # fmt: skip
        """POST a form to ``url``, retried as the policy says."""
        return self.send("POST", url, data=data, headers=headers)

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request, trying again on a retryable status or connection error."""
        import httpx

        where = _where(url)
        problem = ""
        for attempt in range(self.policy.attempts):
            self.requests += 1
            try:
                response = self.client.request(
                    method, url, params=params, data=data, headers=headers
                )
            except httpx.TransportError as error:
                problem = _transport_problem(error)
                wait = self.policy.delay(attempt)
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status_code}"
                wait = self.policy.delay(attempt)
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                if asked is not None:
                    if asked > self.policy.max_delay:
                        raise FetchError(
                            f"{where}: {problem}, and the server asks to wait {asked:.0f} s "
                            "before the next request; try again later"
                        )
                    wait = max(asked, min(wait, asked + self.policy.base_delay))
            if attempt + 1 == self.policy.attempts:
                break
            self.retries += 1
            if self.on_retry is not None:
                self.on_retry(f"{where}: {problem}; trying again in {wait:.1f} s")
            self.sleep(wait)
        raise FetchError(
            f"{where}: {problem} after {self.policy.attempts} tries; "
            "the server may be down or overloaded: try again later"
        )

    def pause(self) -> None:
        """The polite pause between two pages."""
        if self.policy.page_pause > 0:
            self.sleep(self.policy.page_pause)


def open_session(
    *,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[str], None] | None = None,
    agent: str = user_agent("unknown"),
) -> Session:
    """A session with explicit timeouts and the tool's ``User-Agent`` (``agent``).

    ``transport`` replaces the network (``httpx.WSGITransport`` around a fake server
    in tests); by default the client ignores proxy variables only if httpx does.
    """
    import httpx

    chosen = policy or RetryPolicy()
    timeout = httpx.Timeout(chosen.read_timeout, connect=chosen.connect_timeout)
    client = httpx.Client(
        timeout=timeout,
        headers={"User-Agent": agent, "Accept": "application/json"},
        transport=transport,
        follow_redirects=True,
    )
    return Session(client=client, policy=chosen, sleep=sleep, on_retry=on_retry)


def _where(url: str) -> str:
    """``host/path`` of ``url``: never its query, which may name an app or an account.

    >>> _where("https://acleddata.com/api/acled/read?country=Mali")
    'acleddata.com/api/acled/read'
    """
    rest = url.split("://", 1)[-1]
    return rest.split("?", 1)[0].split("#", 1)[0]


def _transport_problem(error: Exception) -> str:
    """What went wrong on the wire, in a few words (the exception's class, not its text,
    which could quote a URL)."""
    names = {
        "ConnectError": "cannot connect",
        "ConnectTimeout": "connection timed out",
        "ReadTimeout": "no answer in time",
        "WriteTimeout": "request timed out",
        "PoolTimeout": "no free connection",
        "RemoteProtocolError": "connection closed mid-answer",
        "ReadError": "connection broken",
    }
    return names.get(type(error).__name__, type(error).__name__)

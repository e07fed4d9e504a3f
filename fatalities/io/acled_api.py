"""A client for ACLED's API: OAuth tokens, paged event listings, deletions.

- Token: ``POST {base}/oauth/token`` with the password grant (``client_id=acled``);
  refreshed with the refresh grant, or the password grant again when that fails. A
  data call answered 401 refreshes once and tries once more. Tokens are cached in a
  file of mode 0600, written atomically (``TokenCache``).
- Events: ``GET {base}/api/acled/read`` page by page. Pages can be shorter than the
  limit before the end, so a listing stops on an empty page or once ``total_count``
  rows were read, never on a short page; a ``next_cursor`` is followed when the
  server gives one. Rows repeated across pages count once (``event_id_cnty``).
- Deletions: ``GET {base}/api/deleted/read`` since a timestamp.
- ``data_query_restrictions`` (``date_recency``: an account that may read only older
  events) come back as data in ``Listing.restrictions``, so that the caller says so,
  instead of an empty answer being read as zero deaths.

No credential or token ever goes into a URL, a message or a ``repr``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatalities.errors import AuthError, FetchError, InputError

if TYPE_CHECKING:
    import httpx

    from fatalities.io.http import Session

__all__ = [
    "DEFAULT_ACLED_URL",
    "REGION_CODES",
    "AcledClient",
    "Credentials",
    "EventQuery",
    "Listing",
    "PageProgress",
    "Token",
    "TokenCache",
    "region_code",
]

DEFAULT_ACLED_URL = "https://acleddata.com"
TOKEN_PATH = "/oauth/token"
READ_PATH = "/api/acled/read"
DELETED_PATH = "/api/deleted/read"
#: Rows asked for per page (ACLED's own clients use 5,000).
PAGE_SIZE = 5000
#: A token this close to its expiry (seconds) is renewed before use.
EXPIRY_MARGIN = 60.0

#: ACLED's region names -> the codes its API filters on (``region=1|2``).
REGION_CODES: dict[str, int] = {
    "Western Africa": 1,
    "Middle Africa": 2,
    "Eastern Africa": 3,
    "Southern Africa": 4,
    "Northern Africa": 5,
    "South Asia": 7,
    "Southeast Asia": 9,
    "Middle East": 11,
    "Europe": 12,
    "Caucasus and Central Asia": 13,
    "Central America": 14,
    "South America": 15,
    "Caribbean": 16,
    "East Asia": 17,
    "North America": 18,
    "Oceania": 19,
    "Antarctica": 20,
}


def region_code(name: str) -> int:
    """ACLED's code for a region name (any case) or a code given as digits.

    >>> region_code("western africa"), region_code("11")
    (1, 11)
    """
    if name.strip().isdigit():
        return int(name)
    for known, code in REGION_CODES.items():
        if known.lower() == name.strip().lower():
            return code
    raise InputError(f"--region {name!r} is not an ACLED region; known: {', '.join(REGION_CODES)}")


@dataclass(frozen=True)
class Credentials:
    """An ACLED account. ``origin`` says where they were read, for messages; the
    values never appear in a ``repr``.

    >>> Credentials("a@b.org", "secret", origin="the environment")
    Credentials(origin='the environment')
    """

    username: str = field(repr=False)
    password: str = field(repr=False)
    origin: str = ""


@dataclass(frozen=True)
class Token:
    """An OAuth access token, its refresh token and when it expires (epoch seconds).

    >>> Token("abc", "def", 100.0)
    Token(expires_at=100.0)
    """

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: float

    def usable(self, now: float) -> bool:
        """Whether the access token is still good for a while at ``now``."""
        return self.expires_at - EXPIRY_MARGIN > now


@dataclass(frozen=True)
class TokenCache:
    """One account's tokens in a JSON file of mode 0600, replaced atomically.

    ``account`` (a hash of the API's URL and the username, never the name itself)
    keeps one account's tokens from serving another.
    """

    path: Path
    account: str

    @staticmethod
    def for_account(path: Path, base_url: str, username: str) -> TokenCache:
        digest = hashlib.sha256(f"{base_url.rstrip('/')}\n{username}".encode()).hexdigest()
        return TokenCache(path, digest[:32])

    def load(self) -> Token | None:
        """The cached token, or ``None`` (no file, another account, unreadable)."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            if document.get("account") != self.account:
                return None
            return Token(
                str(document["access_token"]),
                document.get("refresh_token"),
                float(document["expires_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, token: Token) -> None:
        """Write the token atomically, readable by its owner only."""
        document = {
            "account": self.account,
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expires_at": token.expires_at,
        }
        write_private(self.path, json.dumps(document))

    def clear(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600 from the first byte, via a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class EventQuery:
    """What to list: countries or regions, an event-date window, events changed since."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    #: Only events whose ``timestamp`` (last change at ACLED) is at or after this.
    changed_since: int | None = None
    fields: tuple[str, ...] = ()

    def params(self) -> dict[str, str]:
        """The API's query parameters for this listing.

        >>> EventQuery(("Mali", "Niger"), since=date(2020, 1, 1)).params()["event_date"]
        '2020-01-01'
        >>> EventQuery(("Mali",), since=date(2020, 1, 1), until=date(2020, 12, 31)).params()
        {'_format': 'json', 'export_type': 'monadic', 'country': 'Mali', 'event_date': '2020-01-01|2020-12-31', 'event_date_where': 'BETWEEN'}
        """
        params = {"_format": "json", "export_type": "monadic"}
        if self.countries:
            params["country"] = "|".join(self.countries)
        if self.regions:
            params["region"] = "|".join(str(region_code(name)) for name in self.regions)
        if self.since and self.until:
            params["event_date"] = f"{self.since.isoformat()}|{self.until.isoformat()}"
            params["event_date_where"] = "BETWEEN"
        elif self.since:
            params["event_date"] = self.since.isoformat()
            params["event_date_where"] = ">="
        elif self.until:
            params["event_date"] = self.until.isoformat()
            params["event_date_where"] = "<="
        if self.changed_since is not None:
            params["timestamp"] = str(self.changed_since)
            params["timestamp_where"] = ">="
        if self.fields:
            params["fields"] = "|".join(self.fields)
        return params


@dataclass(frozen=True)
class PageProgress:
    """Where a listing is: pages and rows read, and the total the server announced."""

    what: str
    pages: int
    rows: int
    total: int | None


@dataclass
class Listing:
    """The rows of a listing (each event once), and what the server said about them."""

    rows: list[dict[str, Any]]
    #: ``data_query_restrictions`` as the server gave them (empty: none).
    restrictions: dict[str, Any] = field(default_factory=dict)
    total_count: int | None = None
    pages: int = 0
    #: Rows that repeated an event already read on an earlier page.
    repeated: int = 0


@dataclass
class AcledClient:
    """ACLED's API over one ``Session``, for one account.

    ``now`` is the clock used for token expiry; ``on_page`` hears each page read.
    """

    session: Session
    credentials: Credentials
    base_url: str = DEFAULT_ACLED_URL
    token_cache: TokenCache | None = None
    now: Callable[[], float] = time.time
    page_size: int = PAGE_SIZE
    on_page: Callable[[PageProgress], None] | None = None
    _token: Token | None = field(default=None, repr=False)

    # -- tokens ------------------------------------------------------------------

    def token(self) -> Token:
        """A usable token: this run's, the cached one, a refreshed one, or a new one."""
        if self._token is None and self.token_cache is not None:
            self._token = self.token_cache.load()
        if self._token is not None and self._token.usable(self.now()):
            return self._token
        return self.renew()

    def renew(self) -> Token:
        """A new token: by the refresh grant when there is a refresh token, else (or
        when it is refused) by the password grant."""
        previous = self._token
        token = None
        if previous is not None and previous.refresh_token:
            token = self._grant(
                {
                    "grant_type": "refresh_token",
                    "refresh_token": previous.refresh_token,
                    "client_id": "acled",
                },
                refreshing=True,
            )
        if token is None:
            token = self._grant(
                {
                    "grant_type": "password",
                    "username": self.credentials.username,
                    "password": self.credentials.password,
                    "client_id": "acled",
                    "scope": "authenticated",
                },
                refreshing=False,
            )
        assert token is not None
        self._token = token
        if self.token_cache is not None:
            self.token_cache.save(token)
        return token

    def _grant(self, form: Mapping[str, str], *, refreshing: bool) -> Token | None:
        response = self.session.post(self._url(TOKEN_PATH), data=form)
        if response.status_code in {400, 401, 403}:
            if refreshing:
                return None
            origin = f" from {self.credentials.origin}" if self.credentials.origin else ""
            raise AuthError(
                f"ACLED refused the username and password{origin} (HTTP "
                f"{response.status_code}); check them, then see `fatalities auth status`"
            )
        _check_status(response, "ACLED's token endpoint")
        try:
            answer = response.json()
            access = str(answer["access_token"])
        except (ValueError, KeyError, TypeError):
            raise FetchError(
                "ACLED's token endpoint answered without an access token; try again later"
            ) from None
        lifetime = float(answer.get("expires_in") or 3600)
        return Token(access, answer.get("refresh_token"), self.now() + lifetime)

    # -- data --------------------------------------------------------------------

    def get_json(self, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        """GET an API path with the bearer token; a 401 renews the token once."""
        url = self._url(path)
        for attempt in (1, 2):
            token = self.token() if attempt == 1 else self.renew()
            response = self.session.get(
                url, params=params, headers={"Authorization": f"Bearer {token.access_token}"}
            )
            if response.status_code != 401:
                break
        if response.status_code == 401:
            if self.token_cache is not None:
                self.token_cache.clear()
            raise AuthError(
                "ACLED refused the access token twice (HTTP 401), even a new one; "
                "check the account at acleddata.com, then see `fatalities auth status`"
            )
        if response.status_code == 403:
            raise AuthError(
                "ACLED refused access (HTTP 403): this account has no API access, or has "
                "not accepted ACLED's terms of use; log in at acleddata.com to check"
            )
        _check_status(response, f"ACLED {path}")
        try:
            document = response.json()
        except ValueError:
            raise FetchError(f"ACLED {path}: the answer is not JSON; try again later") from None
        if not isinstance(document, dict):
            raise FetchError(f"ACLED {path}: unexpected answer (not a JSON object)")
        if document.get("success") is False or document.get("error"):
            message = document.get("error") or document.get("messages") or "no reason given"
            raise FetchError(f"ACLED {path}: the server reported an error: {_short(message)}")
        return document

    def pages(self, path: str, params: Mapping[str, str], what: str) -> Iterator[dict[str, Any]]:
        """Every page of a listing, until an empty page, ``total_count`` rows, or the
        end of the cursor chain (short pages do not end it)."""
        page, cursor, read, pages = 1, None, 0, 0
        previous: tuple[str, str, int] | None = None
        while True:
            asked = {**params, "limit": str(self.page_size), "with_total": "true"}
            if cursor is None:
                asked["page"] = str(page)
            else:
                asked["cursor"] = str(cursor)
            document = self.get_json(path, asked)
            rows = document.get("data") or []
            if not isinstance(rows, list):
                raise FetchError(f"ACLED {path}: 'data' is not a list of rows")
            pages += 1
            read += len(rows)
            edges = (_key(rows[0]), _key(rows[-1]), len(rows)) if rows else None
            if edges is not None and edges == previous:
                raise FetchError(
                    f"ACLED {path}: page {pages} repeats page {pages - 1}; the server ignores "
                    "the paging parameters, so the listing cannot be read whole"
                )
            previous = edges
            total = _int_or_none(document.get("total_count"))
            if self.on_page is not None:
                self.on_page(PageProgress(what, pages, read, total))
            yield document
            if not rows or (total is not None and read >= total):
                return
            if "next_cursor" in document:  # cursor paging: follow the chain to its end
                cursor = document.get("next_cursor")
                if not cursor:
                    return
            else:
                page += 1
            self.session.pause()

    def events(self, query: EventQuery) -> Listing:
        """Every event the query matches, each once (the latest ``timestamp`` kept)."""
        rows: dict[str, dict[str, Any]] = {}
        listing = Listing(rows=[])
        for document in self.pages(READ_PATH, query.params(), "events"):
            listing.pages += 1
            restrictions = document.get("data_query_restrictions")
            if isinstance(restrictions, dict) and restrictions:
                listing.restrictions = restrictions
            total = _int_or_none(document.get("total_count"))
            if total is not None:
                listing.total_count = total
            for row in document.get("data") or []:
                key = str(row.get("event_id_cnty"))
                kept = rows.get(key)
                if kept is not None:
                    listing.repeated += 1
                    if _int(kept.get("timestamp")) > _int(row.get("timestamp")):
                        continue
                rows[key] = row
        listing.rows = list(rows.values())
        return listing

    def count(self, query: EventQuery) -> tuple[int, dict[str, Any]]:
        """How many events the query matches (``total_count``), and any restrictions."""
        params = {**query.params(), "limit": "1", "page": "1", "with_total": "true"}
        params["fields"] = "event_id_cnty"
        document = self.get_json(READ_PATH, params)
        total = _int_or_none(document.get("total_count"))
        if total is None:
            total = _int_or_none(document.get("count"))
        if total is None:
            raise FetchError("ACLED did not say how many events match (no total_count)")
        restrictions = document.get("data_query_restrictions")
        return total, restrictions if isinstance(restrictions, dict) else {}

    def deletions(self, since: int) -> list[tuple[str, int]]:
        """``(event_id_cnty, deleted_timestamp)`` of events deleted at or after ``since``."""
        params = {
            "_format": "json",
            "deleted_timestamp": str(since),
            "deleted_timestamp_where": ">=",
        }
        deleted: dict[str, int] = {}
        for document in self.pages(DELETED_PATH, params, "deletions"):
            for row in document.get("data") or []:
                key = str(row.get("event_id_cnty"))
                deleted[key] = max(deleted.get(key, 0), _int(row.get("deleted_timestamp")))
        return sorted(deleted.items())

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def restriction_cutoff(restrictions: Mapping[str, Any]) -> date | None:
    """The last event date an account may read under a ``date_recency`` restriction.

    >>> restriction_cutoff({"date_recency": {"date": "2025-08-29", "quantity": 12}})
    datetime.date(2025, 8, 29)
    >>> restriction_cutoff({}) is None
    True
    """
    recency = restrictions.get("date_recency")
    if isinstance(recency, Mapping) and recency.get("date"):
        try:
            return date.fromisoformat(str(recency["date"])[:10])
        except ValueError:
            return None
    return None


def describe_restrictions(restrictions: Mapping[str, Any]) -> list[str]:
    """One sentence per restriction, for stderr and ``store info``.

    >>> describe_restrictions({"date_recency": {"date": "2025-08-29", "quantity": 12,
    ...                                          "unit": "Months"}})
    ['date_recency: this account reads only events on or before 2025-08-29 (older than 12 months); later events are missing, not zero']
    """
    lines = []
    for name, detail in restrictions.items():
        if name == "date_recency" and isinstance(detail, Mapping):
            cutoff = restriction_cutoff(restrictions)
            age = ""
            if detail.get("quantity") is not None:
                age = (
                    f" (older than {detail.get('quantity')} {str(detail.get('unit', '')).lower()})"
                )
                age = age.replace(" )", ")")
            lines.append(
                f"date_recency: this account reads only events on or before {cutoff}{age}; "
                "later events are missing, not zero"
            )
        else:
            lines.append(f"{name}: {_short(detail)}")
    return lines


def _check_status(response: httpx.Response, where: str) -> None:
    if response.status_code >= 400:
        raise FetchError(f"{where}: HTTP {response.status_code}; try again later")


def _key(row: object) -> str:
    return str(row.get("event_id_cnty")) if isinstance(row, dict) else str(row)


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _int_or_none(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def _short(value: object, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."

"""A fake HDX HAPI conflict-events endpoint: monthly rows per admin2 and event type,
paged by ``offset``/``limit``, answering 400 without an ``app_identifier`` and, on
demand, 429/500/524 (see ``acled_server.Fault``)."""

from __future__ import annotations

import calendar
import json
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.fakes.acled_server import Fault

PATH = "/api/v2/coordination-context/conflict-events"
#: HAPI's event types: civilian_targeting is a subset of political_violence.
EVENT_TYPES = ("political_violence", "civilian_targeting", "demonstration")


def hapi_rows(
    location: str = "MLI",
    name: str = "Mali",
    *,
    first_year: int = 2020,
    last_year: int = 2024,
    admin2: tuple[str, ...] = ("Bandiagara", "Gao", "Mopti"),
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Monthly rows as HAPI gives them: numbers as numbers, demonstrations without deaths."""
    rng = random.Random(seed)
    rows = []
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            days = calendar.monthrange(year, month)[1]
            for index, area in enumerate(admin2):
                violence = rng.randrange(0, 30)
                against_civilians = rng.randrange(0, violence + 1)
                deaths = rng.randrange(0, 60)
                for event_type, events, fatalities in (
                    ("political_violence", violence, deaths),
                    ("civilian_targeting", against_civilians, rng.randrange(0, deaths + 1)),
                    ("demonstration", rng.randrange(0, 5), None),
                ):
                    rows.append({
                        "location_code": location, "location_name": name,
                        "admin1_code": f"{location}0{index}", "admin1_name": area,
                        "admin2_code": f"{location}0{index}01", "admin2_name": area,
                        "admin_level": 2, "event_type": event_type, "events": events,
                        "fatalities": fatalities,
                        "reference_period_start": f"{year}-{month:02d}-01T00:00:00",
                        "reference_period_end": f"{year}-{month:02d}-{days}T23:59:59.999999",
                    })  # fmt: skip
    return rows


@dataclass
class FakeHapi:
    rows: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    log: list[dict[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        with self._lock:
            self.log.append(query)
            fault = next((f for f in self.faults if f.times > 0), None)
            if fault is not None:
                fault.times -= 1
        if fault is not None:
            status, headers, body = fault.status, fault.headers, {"detail": "fault"}
        elif environ.get("PATH_INFO") != PATH:
            status, headers, body = 404, {}, {"detail": "Not Found"}
        elif not query.get("app_identifier"):
            status, headers, body = 400, {}, {"detail": "app_identifier is required"}
        else:
            status, headers, body = 200, {}, {"data": self._select(query)}
        start_response(f"{status} X", [("Content-Type", "application/json"), *headers.items()])
        return [json.dumps(body).encode()]

    def _select(self, query: dict[str, str]) -> list[dict[str, Any]]:
        rows = [row for row in self.rows if row["location_code"] == query.get("location_code")]
        if "start_date" in query:
            rows = [
                row for row in rows if row["reference_period_start"][:10] >= query["start_date"]
            ]
        if "end_date" in query:
            rows = [row for row in rows if row["reference_period_start"][:10] <= query["end_date"]]
        offset, limit = int(query.get("offset", "0")), int(query.get("limit", "10000"))
        return rows[offset : offset + limit]

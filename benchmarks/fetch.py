"""Benchmark ``fetch acled`` against the test suite's fake ACLED server on 127.0.0.1:
a first download of N synthetic events, then an update after revisions, late additions
and deletions on the server. Prints request counts, rows moved, timings and store size,
and checks that the store equals the server after each step.

    uv run python benchmarks/fetch.py                 # 50,000 events
    uv run python benchmarks/fetch.py --events 5000 --page-pause 0.5

The polite pause between pages is 0 by default here (the real default is 0.5 s, which
adds 0.5 s per page after the first); the figures are the client's and the store's
own cost, plus loopback HTTP and the fake server's JSON.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fatalities.io.acled_api import AcledClient, Credentials  # noqa: E402
from fatalities.io.http import RetryPolicy, open_session  # noqa: E402
from fatalities.io.store import Store  # noqa: E402
from fatalities.io.sync import AcledRequest, sync_acled  # noqa: E402
from tests.fakes.acled_server import (  # noqa: E402
    PASSWORD,
    USERNAME,
    FakeAcled,
    make_event,
    serve,
    synthetic_events,
)

COUNTRIES = ("Mali", "Niger", "Burkina Faso")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--page-pause", type=float, default=0.0)
    parser.add_argument("--page-size", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    import polars  # noqa: F401  (loaded before timing: its import is every command's cost)

    server = FakeAcled()
    old = int(time.time()) - 30 * 86_400
    server.put(
        synthetic_events(options.events, countries=COUNTRIES, timestamp=old, seed=options.seed)
    )
    folder = Path(tempfile.mkdtemp(prefix="fetch-bench-"))
    with serve(server) as url:
        session = open_session(policy=RetryPolicy(page_pause=options.page_pause))
        client = AcledClient(
            session, Credentials(USERNAME, PASSWORD), base_url=url, page_size=options.page_size
        )
        print(f"fake ACLED server {url}: {options.events:,} events in {', '.join(COUNTRIES)}")
        print(f"page size {options.page_size:,}, pause between pages {options.page_pause} s")
        step(server, session, client, folder, "first fetch", AcledRequest(countries=COUNTRIES))

        rng = random.Random(options.seed)
        keys = sorted(server.events)
        revised = rng.sample(keys, k=max(1, len(keys) // 100))
        for key in revised:
            server.revise(key, fatalities=rng.randrange(0, 50))
        deleted = rng.sample(sorted(set(keys) - set(revised)), k=max(1, len(keys) // 250))
        for key in deleted:
            server.delete(key)
        added = [
            make_event(10_000_000 + n, COUNTRIES[n % 3], date(2019, 1, 1 + n % 28), n % 7, 0)
            for n in range(max(1, len(keys) // 100))
        ]
        server.put(added, stamp=True)
        print(
            f"server changes: {len(revised):,} revised, {len(added):,} added late "
            f"(2019 dates), {len(deleted):,} deleted"
        )
        step(server, session, client, folder, "update", AcledRequest())


def step(
    server: FakeAcled,
    session: object,
    client: AcledClient,
    folder: Path,
    label: str,
    request: AcledRequest,
) -> None:
    before = len(server.log)
    busy = server.busy
    requests_before = client.session.requests
    started = time.perf_counter()
    report = sync_acled(
        client, Store.open(folder, "acled"), request, now=time.time(), api_url="bench"
    )
    seconds = time.perf_counter() - started
    served = server.busy - busy
    calls = server.log[before:]
    by_path: dict[str, int] = {}
    for _, path, _ in calls:
        by_path[path] = by_path.get(path, 0) + 1
    store = Store.open(folder, "acled")
    frame = store.frame()
    stored = {row["event_id_cnty"]: row for row in frame.to_dicts()}
    expected = {key: row for key, row in server.events.items() if row["country"] in COUNTRIES}
    equal = stored == expected
    print(
        f"{label}: {seconds:.2f} s ({served:.2f} s in the fake server, "
        f"{seconds - served:.2f} s client and store), {client.session.requests - requests_before} request(s) "
        f"({', '.join(f'{path} {count}' for path, count in sorted(by_path.items()))}), "
        f"{report.pages} page(s), {report.received:,} event(s) received: {report.added:,} new, "
        f"{report.changed:,} revised, {report.removed:,} removed; store {len(stored):,} events, "
        f"{store.size() / 1e6:.2f} MB; store equals server: {equal}"
    )
    if not equal:
        raise SystemExit("the store differs from the server")


if __name__ == "__main__":
    main()

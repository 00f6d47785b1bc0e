"""Ack latency of impl-bot against a bare Bolt app, with 20 concurrent clients and 5,000 projects (a script,
not a test).

Both apps run as separate processes on the same server stack (waitress behind the same WSGI edge, see
`bench/bare_app.py`), against the fake Slack Web API, with the same database of N projects seeded in bulk
from one made by the real use case. C client threads send signed requests the way Slack does and time each
HTTP answer (the ack Slack waits up to 3 s for):

- `/impl help`: answered in the ack itself;
- `/impl status`: acked at once, the lead's portfolio page then reaches the response_url;
- a block action: the status page's "next page" button, acked, then the page is replaced.

Rounds alternate between the two apps so that noise from this shared machine falls on both. Every status
answer impl-bot owes is awaited before the next round, so its background work weighs on its own acks.
Prints p50 / p95 / p99 per kind and app, and the ratio impl-bot / bare at p99 (target: at most 2x).

    python bench/ack_latency.py [--projects 5000] [--clients 20] [--requests 1000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.processes import SIGNING_SECRET, bare_bolt, impl_bot  # noqa: E402
from bench.seed import fresh_database, grant_lead, seed_due, seed_steady  # noqa: E402
from bench.stats import percentiles  # noqa: E402
from bot.server import prefer_latency  # noqa: E402
from bot.calendar import BusinessCalendar  # noqa: E402
from bot.process import load_process  # noqa: E402
from handlers import ids  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.fake_slack import TEAM_ID, FakeSlack  # noqa: E402
from tests.slack_driver import SlackDriver  # noqa: E402

GYE = ZoneInfo("America/Guayaquil")
LEAD = "ULEAD"
KINDS = ("/impl help", "/impl status", "block action (next page)")


def seed(url: str, projects: int) -> None:
    db = Database.from_url(url)
    migrate.upgrade(db.engine)
    process, cal, now = load_process(), BusinessCalendar.default(), datetime.now(GYE)
    grant_lead(db, TEAM_ID, LEAD, now)
    seed_steady(db, process, cal, team_id=TEAM_ID, count=projects - 100, now=now)
    seed_due(db, process, cal, team_id=TEAM_ID, count=100, entered=now - timedelta(hours=3))  # some urgency
    db.dispose()


def next_page_value(fake: FakeSlack) -> str:
    """The value of the "next page" button of the last status page the app sent."""
    for call in reversed(fake.calls_to("response_url")):
        for block in call.args.get("blocks") or []:
            for element in block.get("elements") or []:
                if element.get("action_id") == ids.STATUS_PAGE and json.loads(element["value"]).get("o"):
                    return element["value"]
    raise RuntimeError("no status page with a next page was answered")


def send(driver: SlackDriver, kind: str, page_value: str):
    if kind == KINDS[0]:
        return driver.command(LEAD, "help")
    if kind == KINDS[1]:
        return driver.command(LEAD, "status")
    return driver.click(LEAD, ids.STATUS_PAGE, page_value)


def burst(driver: SlackDriver, kind: str, page_value: str, clients: int, per_client: int) -> list[float]:
    """`clients` threads sending `per_client` requests each, as fast as answered; the latency of each."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client() -> None:
        start.wait()
        mine = []
        for _ in range(per_client):
            response = send(driver, kind, page_value)
            if response.status != 200:
                errors.append(f"{response.status} {response.body[:200]!r}")
            mine.append(response.elapsed)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000, help="per kind and app")
    parser.add_argument("--rounds", type=int, default=5, help="alternations between the two apps")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a new schema); default a SQLite file")
    args = parser.parse_args()
    per_client = max(1, args.requests // (args.clients * args.rounds))
    prefer_latency()  # the 20 client threads share this interpreter: let each read its answer promptly

    fake = FakeSlack().start()
    results: dict[tuple[str, str], list[float]] = {}
    try:
        with fresh_database(args.postgres, "acks") as url, tempfile.TemporaryDirectory() as logs:
            started = time.perf_counter()
            seed(url, args.projects)
            print(f"{args.projects} projects seeded in {time.perf_counter() - started:.1f} s", flush=True)
            apps = [impl_bot(api_url=fake.api_url, database_url=url, log_dir=Path(logs)),
                    bare_bolt(api_url=fake.api_url, database_url=url, log_dir=Path(logs))]
            try:
                drivers = {app.name: SlackDriver(app.url, SIGNING_SECRET, fake) for app in apps}
                real = drivers["impl-bot"]
                real.command(LEAD, "status")  # warm up, and a real "next page" button to click
                fake.wait_for("response_url", 1, timeout=30)
                page_value = next_page_value(fake)
                for kind in KINDS:
                    for name, driver in drivers.items():  # warm-up of this kind (not counted)
                        burst(driver, kind, page_value, args.clients, 1)
                    for r in range(args.rounds):
                        for app in (apps if r % 2 == 0 else apps[::-1]):
                            before = len(fake.calls_to("response_url"))
                            latencies = burst(drivers[app.name], kind, page_value, args.clients, per_client)
                            results.setdefault((kind, app.name), []).extend(latencies)
                            if app.name == "impl-bot" and kind != KINDS[0]:  # every answer owed, delivered
                                fake.wait_for("response_url", before + len(latencies), timeout=120)
            finally:
                for app in apps:
                    app.stop()
    finally:
        fake.stop()

    backend = "PostgreSQL" if args.postgres else "SQLite"
    total = args.clients * per_client * args.rounds
    print(f"\n{backend}, {args.projects} projects, {args.clients} concurrent clients, {total} requests per kind and app")
    print(f"{'':28} {'app':10} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind in KINDS:
        for name in ("bare-bolt", "impl-bot"):
            p50, p95, p99 = percentiles(results[(kind, name)]).values()
            print(f"{kind:28} {name:10} {p50 * 1000:6.1f}ms {p95 * 1000:6.1f}ms {p99 * 1000:6.1f}ms")
    print()
    for kind in KINDS:
        ratio = percentiles(results[(kind, "impl-bot")])["p99"] / percentiles(results[(kind, "bare-bolt")])["p99"]
        print(f"ratio impl-bot / bare Bolt at p99, {kind}: {ratio:.2f}x")
    print("Slack's limit for the ack is 3000 ms.")


if __name__ == "__main__":
    main()

"""Peak memory of the running app with 100,000 projects, against a bare Bolt app (a script, not a test).

Seeds N projects in bulk (from one made by the real use case), starts `impl-bot run` and the bare Bolt app
(`bench/bare_app.py`) as processes on the same server stack, lets impl-bot's first reminders pass run (it
plans and sends what is due and reads the whole portfolio for the lead's digest), then uses it as a lead would:
status pages, the App Home, and a CSV export of the whole portfolio. Prints resident memory (VmRSS) after
start and the peak (VmHWM) read from /proc, for both apps, and the ratio.

    python bench/peak_memory.py [--projects 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ack_latency import LEAD, next_page_value, seed  # noqa: E402
from bench.processes import SIGNING_SECRET, App, bare_bolt, impl_bot  # noqa: E402
from bench.seed import fresh_database  # noqa: E402
from handlers import ids  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_driver import SlackDriver  # noqa: E402


def cpu_ticks(app: App) -> int:
    fields = Path(f"/proc/{app.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def settle(app: App, quiet: float = 3.0, limit: float = 600.0) -> None:
    """Wait until the process has used no CPU for `quiet` seconds (its background work is done)."""
    deadline = time.monotonic() + limit
    last, since = cpu_ticks(app), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_ticks(app)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def use_as_a_lead(app: App, fake: FakeSlack, pages: int) -> list[tuple[str, float, int]]:
    """Status pages, the App Home, then a CSV export of everything: (step, seconds, peak KiB so far) each."""
    driver, steps = SlackDriver(app.url, SIGNING_SECRET, fake), []

    def step(name: str, action) -> None:
        began = time.perf_counter()
        action()
        steps.append((name, time.perf_counter() - began, app.memory()["VmHWM"]))

    def turn_pages() -> None:
        before = len(fake.calls_to("response_url"))
        driver.command(LEAD, "status")
        fake.wait_for("response_url", before + 1, timeout=120)
        for _ in range(pages):
            before = len(fake.calls_to("response_url"))
            driver.click(LEAD, ids.STATUS_PAGE, next_page_value(fake))
            fake.wait_for("response_url", before + 1, timeout=120)

    def open_home() -> None:
        for _ in range(3):
            before = len(fake.calls_to("views.publish"))
            driver.event({"type": "app_home_opened", "user": LEAD, "tab": "home", "channel": "D0LEAD"})
            fake.wait_for("views.publish", before + 1, timeout=120)

    def export() -> None:
        before = len(fake.calls_to("files.completeUploadExternal"))
        driver.click(LEAD, ids.STATUS_EXPORT, next_page_value(fake))
        fake.wait_for("files.completeUploadExternal", before + 1, timeout=600)

    step(f"/impl status and {pages} more pages", turn_pages)
    step("App Home opened 3 times", open_home)
    step("CSV export of the whole portfolio", export)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=20, help="status pages the lead turns")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a new schema); default a SQLite file")
    args = parser.parse_args()

    fake = FakeSlack().start()
    rows = []
    try:
        with fresh_database(args.postgres, "memory") as url, tempfile.TemporaryDirectory() as logs:
            started = time.perf_counter()
            seed(url, args.projects)
            print(f"{args.projects} projects seeded in {time.perf_counter() - started:.1f} s", flush=True)
            for launch in (bare_bolt, impl_bot):
                app = launch(api_url=fake.api_url, database_url=url, log_dir=Path(logs))
                try:
                    settle(app)  # impl-bot: the first reminders pass
                    after_start = app.memory()
                    if app.name == "impl-bot":
                        steps = use_as_a_lead(app, fake, args.pages)
                        settle(app)
                    rows.append((app.name, after_start["VmRSS"], app.memory()["VmRSS"], app.memory()["VmHWM"]))
                finally:
                    app.stop()
    finally:
        fake.stop()

    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{backend}, {args.projects} projects; memory in MiB")
    print(f"{'app':10} {'RSS after start':>16} {'RSS after use':>14} {'peak (VmHWM)':>13}")
    for name, start_rss, end_rss, peak in rows:
        print(f"{name:10} {start_rss / 1024:16.1f} {end_rss / 1024:14.1f} {peak / 1024:13.1f}")
    print("\nimpl-bot, used as a lead:")
    for name, seconds, peak in steps:
        print(f"  {name:40} {seconds:6.1f} s   peak so far {peak / 1024:6.1f} MiB")
    (_, _, _, bare_peak), (_, _, _, real_peak) = rows
    print(f"\nratio impl-bot / bare Bolt, peak memory: {real_peak / bare_peak:.2f}x "
          f"(before the export: {steps[-2][2] / bare_peak:.2f}x)")


if __name__ == "__main__":
    main()

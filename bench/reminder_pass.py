"""One reminders pass at 1,000 / 10,000 / 100,000 projects with the same number due (a script, not a test).

For each size: N open projects in steady state (contacted, assigned, start scheduled, their reminders
planned for later, copied in bulk from one project made by the real use case), then D new projects that nobody contacted
(their contact is "at risk" now). Timed, with the real pass, the real sender and the fake Slack Web API
over HTTP:

- the pass with D projects due: plans the D changed projects and sends 2·D messages (lead + thread);
- an idle pass: nothing changed, nothing due (what every minute costs in steady state);
- the morning-digest pass: once a day per lead; it reads only the projects the database pre-selects as
  needing the lead (here the due ones), not the whole portfolio.

The smallest size is the baseline, measured in the same run; the script prints the ratio largest/smallest.

    python bench/reminder_pass.py [--sizes 1000,10000,100000] [--due 50] [--repeats 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import update  # noqa: E402

from bench.seed import fresh_database, grant_lead, seed_due, seed_steady  # noqa: E402
from bot.bootstrap import make_calendar, make_deps, make_reminders  # noqa: E402
from bot.clock import FrozenClock  # noqa: E402
from bot.process import load_process  # noqa: E402
from bot.reminders import Kind  # noqa: E402
from storage import migrate  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import ReminderOutbox  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.fake_slack import TEAM_ID, FakeSlack  # noqa: E402

GYE = ZoneInfo("America/Guayaquil")
NOW = datetime(2026, 12, 7, 16, 0, tzinfo=GYE)  # Monday 16:00: contacts of projects entered at 09:00 are at risk
LEAD = "ULEAD"


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def measure(fake: FakeSlack, postgres: str | None, size: int, due: int, repeats: int) -> dict[str, object]:
    process = load_process()
    with fresh_database(postgres, f"r{size}") as url:
        settings = make_settings(fake, url)
        db = Database.from_url(url)
        migrate.upgrade(db.engine)
        clock = FrozenClock(NOW)
        deps = make_deps(settings, clock=clock, process=process, db=db)
        cal = make_calendar(settings)
        reminders = make_reminders(settings, deps)
        grant_lead(db, TEAM_ID, LEAD, NOW)
        seed_time, _ = timed(lambda: seed_steady(db, process, cal, team_id=TEAM_ID, count=size, now=NOW))

        # Today's digest (late but once): nothing needs the lead yet, so it is not sent (cancelled).
        digest_time, report = timed(lambda: reminders.run(now=NOW))
        assert report.sent + report.cancelled == 1, report
        idle = [timed(lambda: reminders.run(now=NOW))[0] for _ in range(repeats)]

        passes = []
        for r in range(repeats):
            seed_due(db, process, cal, team_id=TEAM_ID, count=due, entered=NOW - timedelta(hours=7),
                     first_ruc=500_000 + r * due)
            elapsed, report = timed(lambda: reminders.run(now=NOW))
            assert report.sent == 2 * due and report.failed == 0, report
            passes.append(elapsed)

        with db.transaction() as session:  # the digest once more, to time it again
            session.execute(update(ReminderOutbox).where(ReminderOutbox.kind == Kind.DIGEST.value)
                            .values(status="pendiente", due_at=NOW - timedelta(minutes=1)))
        digest_again, _ = timed(lambda: reminders.run(now=NOW))
        db.dispose()
    return {"size": size, "seed": seed_time, "due": statistics.median(passes), "due_max": max(passes),
            "idle": statistics.median(idle), "digest": min(digest_time, digest_again)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--due", type=int, default=50, help="projects due in each measured pass")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL URL (a new schema per size); default SQLite files")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    fake = FakeSlack().start()
    try:
        results = []
        for size in sizes:
            results.append(measure(fake, args.postgres, size, args.due, args.repeats))
            r = results[-1]
            print(f"{size:>7} projects seeded in {r['seed']:.1f} s", flush=True)
    finally:
        fake.stop()

    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{backend}; {args.due} projects due per pass ({2 * args.due} messages); median of {args.repeats}")
    print(f"{'projects':>9} {'pass with due':>14} {'(max)':>9} {'idle pass':>10} {'digest pass':>12}")
    for r in results:
        print(f"{r['size']:>9} {r['due'] * 1000:12.0f}ms {r['due_max'] * 1000:7.0f}ms "
              f"{r['idle'] * 1000:8.1f}ms {r['digest'] * 1000:10.0f}ms")
    first, last = results[0], results[-1]
    label = f"{last['size'] // 1000}k / {first['size'] // 1000}k"
    print(f"\nratio {label}: pass with due {last['due'] / first['due']:.2f}x, idle pass "
          f"{last['idle'] / first['idle']:.2f}x, digest pass {last['digest'] / first['digest']:.2f}x")


if __name__ == "__main__":
    main()

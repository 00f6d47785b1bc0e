"""How fast `/impl status` answers a lead with thousands of projects (a script, not a test).

Seeds N projects, serves the real app over HTTP (waitress) against the fake Slack Web API, and sends signed
`/impl status` requests as the lead: it measures the ack (the HTTP answer Slack waits up to 3 s for) and the
full answer (until the portfolio page reached the response_url). The baseline, measured in the same run, is
`/impl help`, answered in the ack itself. Prints p50/p95/p99 and the ratios.

    python bench/status_latency.py [--projects 5000] [--requests 200] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.seed import valid_ruc  # noqa: E402
from bench.stats import percentiles  # noqa: E402
from bot.calendar import BusinessCalendar  # noqa: E402
from bot.clock import FrozenClock  # noqa: E402
from bot.permissions import Actor, Role  # noqa: E402
from bot.process import load_process  # noqa: E402
from bot.projects import IntakeForm, validate_intake  # noqa: E402
from bot.usecases import projects as project_cases  # noqa: E402
from storage import roles as role_store  # noqa: E402
from storage.models import Project  # noqa: E402
from tests.conftest import RunningBot, make_settings  # noqa: E402
from tests.fake_slack import TEAM_ID, FakeSlack  # noqa: E402

GYE = ZoneInfo("America/Guayaquil")
LEAD = "ULEAD"


def seed(bot: RunningBot, projects: int) -> None:
    process, cal = load_process(), BusinessCalendar.default()
    admin = Actor("UADMIN", frozenset({Role.ADMIN}))
    now = bot.clock.now()
    with bot.db.transaction() as session:
        role_store.replace(session, TEAM_ID, LEAD, {"lead"}, may_create_issuers=False, by="UADMIN", at=now)
    for start in range(0, projects, 500):
        with bot.db.transaction() as session:
            for n in range(start, min(projects, start + 500)):
                entered = now - timedelta(hours=n % 400)
                intake, _ = validate_intake(IntakeForm(
                    client_name=f"Cliente {n:05d}", ruc=valid_ruc(n), product="comercial", size="mediana",
                    issuer_type="sociedad", billing_type="anual", implemented_by="interno",
                    prerequisites=frozenset({"contrato_firmado", "factura_emitida", "primer_pago"})), process)
                snap = project_cases.start_project(session, team_id=TEAM_ID, actor=admin, intake=intake,
                                                   process=process, now=entered, origin_channel_id="C0CARDS", cal=cal)
                row = session.get(Project, snap.id)
                row.implementer_id = f"UIMPL{n % 12}"
                if n % 3 == 0:
                    row.contacted_at = entered + timedelta(hours=1)
                project_cases.refresh_deadlines(row, cal)


def measure(bot: RunningBot, fake: FakeSlack, text: str, requests: int, *, until_answer: bool):
    acks, answers = [], []
    for _ in range(requests):
        before = len(fake.calls_to("response_url"))
        started = time.perf_counter()
        response = bot.slack.command(LEAD, text)
        acks.append(time.perf_counter() - started)
        assert response.status == 200
        if until_answer:
            fake.wait_for("response_url", before + 1, timeout=30)
            answers.append(time.perf_counter() - started)
    return acks, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()

    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        bot = RunningBot(make_settings(fake, url), FrozenClock(datetime(2026, 12, 7, 11, 0, tzinfo=GYE)), fake).start()
        try:
            started = time.perf_counter()
            seed(bot, args.projects)
            print(f"seeded {args.projects} projects in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")
            measure(bot, fake, "status", 5, until_answer=True)  # warm up
            help_acks, _ = measure(bot, fake, "help", args.requests, until_answer=False)
            status_acks, status_answers = measure(bot, fake, "status", args.requests, until_answer=True)
        finally:
            bot.stop()
            fake.stop()
    rows = [("/impl help (baseline: answer in the ack)", percentiles(help_acks)),
            ("/impl status ack", percentiles(status_acks)),
            ("/impl status full answer (page 1 of 15)", percentiles(status_answers))]
    print(f"\n{args.requests} sequential requests each, {args.projects} projects in the workspace")
    print(f"{'':45} {'p50':>9} {'p95':>9} {'p99':>9}")
    for name, p in rows:
        print(f"{name:45} {p['p50'] * 1000:8.1f}ms {p['p95'] * 1000:8.1f}ms {p['p99'] * 1000:8.1f}ms")
    base = percentiles(help_acks)
    print(f"\nratio status ack / help ack (p99): {percentiles(status_acks)['p99'] / base['p99']:.2f}x")
    print(f"ratio status full answer / help ack (p99): {percentiles(status_answers)['p99'] / base['p99']:.2f}x")
    print(f"Slack's limit is 3000 ms for the ack; the full answer p99 is "
          f"{percentiles(status_answers)['p99'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""`impl-bot tick` as a real process: a dry run changes nothing; two ticks at once send each reminder once;
a tick killed in the middle of a pass loses and duplicates nothing."""

from __future__ import annotations

import collections
import signal
import subprocess
import time
from datetime import datetime

import pytest
from stdnum.ec import ci

from bot.calendar import BusinessCalendar
from bot.permissions import Actor, Role
from bot.process import load_process
from bot.projects import IntakeForm, validate_intake
from bot.usecases import projects as project_cases
from storage import migrate
from storage import roles as role_store
from storage.db import Database, make_engine
from tests.conftest import GYE, SIGNING_SECRET
from tests.fake_slack import TEAM_ID
from tests.test_cli import IMPL_BOT, clean_env

pytestmark = pytest.mark.skipif(IMPL_BOT is None, reason="the impl-bot console script is not installed")

MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=GYE)
AT_RISK = "2026-12-07T16:00:00-05:00"  # 6 business hours after entering: the contact is at risk


def ruc(n: int) -> str:
    """A valid natural-person RUC: a cédula (the check digit that validates) plus establishment 001."""
    first = f"17{n:07d}"
    return next(first + d for d in "0123456789" if ci.is_valid(first + d)) + "001"


def seed(url: str, projects: int) -> None:
    """Projects in Implementation since Monday 09:00, with their cards, and one lead."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    db = Database(engine)
    process = load_process()
    admin = Actor("UADMIN", frozenset({Role.ADMIN}))
    with db.transaction() as session:
        role_store.replace(session, TEAM_ID, "ULEAD", {"lead"}, may_create_issuers=False, by="UADMIN", at=MONDAY_9)
        for n in range(projects):
            intake, _ = validate_intake(IntakeForm(
                client_name=f"Cliente {n}", ruc=ruc(n), product="facturacion", size="pequena",
                issuer_type="sociedad", billing_type="anual", implemented_by="interno",
                prerequisites=frozenset({"contrato_firmado", "factura_emitida", "primer_pago"})), process)
            project = project_cases.start_project(session, team_id=TEAM_ID, actor=admin, intake=intake,
                                                  process=process, now=MONDAY_9, origin_channel_id="C0CARDS",
                                                  cal=BusinessCalendar.default())
            project_cases.set_card(session, team_id=TEAM_ID, project_id=project.id, channel_id="C0CARDS",
                                   ts=f"1765000000.{n:06d}")
    db.dispose()


def tick(fake, url, *args, wait=True, batch=100):
    env = clean_env(SLACK_BOT_TOKEN="xoxb-tick", SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url,
                    DATABASE_URL=url, IMPL_REMINDER_BATCH=str(batch))
    proc = subprocess.Popen([IMPL_BOT, "tick", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if wait:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        return out
    return proc


def delivered(fake):
    """Messages Slack accepted, as (channel, thread, text): each should appear exactly once."""
    return [(c.args["channel"], c.args.get("thread_ts"), c.args["text"]) for c in fake.calls_to("chat.postMessage")
            if "_failed" not in c.args]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tick.db'}"
    return request.getfixturevalue("postgres_schema_url").replace("postgresql+psycopg://", "postgresql://")


def test_dry_run_prints_what_would_be_sent_and_changes_nothing(tmp_path, fake_slack):
    url = f"sqlite:///{tmp_path / 'dry.db'}"
    seed(url, 2)
    out = tick(fake_slack, url, "--at", AT_RISK, "--dry-run")
    assert "→ DM ULEAD · Cliente 0 · Contacto en riesgo" in out
    assert "→ hilo del proyecto · Cliente 1 · Contacto en riesgo" in out
    assert "Simulación (no se envió ni cambió nada): 5 mensaje(s) se enviarían." in out  # 2×2 + the digest
    assert delivered(fake_slack) == []
    out = tick(fake_slack, url, "--at", AT_RISK)  # nothing was consumed by the dry run
    assert "enviados 5" in out and len(delivered(fake_slack)) == 5


def test_two_ticks_at_the_same_moment_send_each_reminder_once(db_url, fake_slack):
    seed(db_url, 25)
    # Instance A blocks on its first message, holding its claimed rows, while instance B passes: B must send
    # everything else and A only what it claimed, once released.
    fake_slack.hold("chat.postMessage", drop=False)
    first = tick(fake_slack, db_url, "--at", AT_RISK, wait=False, batch=2)
    assert fake_slack.holding.wait(60), "the first instance never sent anything"
    second = tick(fake_slack, db_url, "--at", AT_RISK, wait=False, batch=2)
    out_second, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    fake_slack.release()
    out_first, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    sent = [int(out.split("enviados ")[1].split(" ")[0]) for out in (out_first, out_second)]
    assert all(sent), f"both instances should have sent part of the reminders, sent: {sent}"
    messages = delivered(fake_slack)
    duplicates = [m for m, n in collections.Counter(messages).items() if n > 1]
    assert duplicates == []
    assert len(messages) == 25 * 2 + 1  # the lead's DM and the thread for each project, and one digest


def test_a_tick_killed_mid_pass_loses_and_duplicates_nothing(db_url, fake_slack):
    seed(db_url, 3)
    fake_slack.hold("chat.postMessage", drop=True)
    proc = tick(fake_slack, db_url, "--at", AT_RISK, wait=False)
    assert fake_slack.holding.wait(60), "the tick never tried to send"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    fake_slack.release()
    time.sleep(0.2)
    # Its claims expire after the lease (5 minutes): a later pass sends everything, once.
    tick(fake_slack, db_url, "--at", "2026-12-07T16:06:00-05:00")
    messages = delivered(fake_slack)
    assert sorted(set(messages)) == sorted(messages)
    assert len(messages) == 3 * 2 + 1
    tick(fake_slack, db_url, "--at", "2026-12-07T16:20:00-05:00")
    assert len(delivered(fake_slack)) == 3 * 2 + 1

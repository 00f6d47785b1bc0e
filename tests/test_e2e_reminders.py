"""Reminders end to end: the real pass, the outbox and the fake Slack, travelling in time with the clock."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from bot.i18n import t
from bot.reminders import Kind
from storage.models import Project, ReminderOutbox, WorkSession
from tests.conftest import CHANNEL, GYE, IMPLEMENTER, LEAD
from tests.helpers import start_project, texts


def at(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=GYE)


def run(bot, when):
    bot.clock.set(when)
    return bot.runtime.reminders.run()


def dms(bot, user, *, digests=False):
    """Messages delivered to a person (the morning digest left out unless asked for)."""
    calls = [c for c in bot.fake.calls_to("chat.postMessage") if c.args.get("channel") == user and "_failed" not in c.args]
    return [c for c in calls if digests == c.args.get("text", "").startswith("Pendientes de hoy")]


def posted(bot, call):
    """The message Slack stored for a chat.postMessage call (with its channel and ts)."""
    channel = "D" + call.args["channel"][1:] if call.args["channel"][:1] in "UW" else call.args["channel"]
    return next(m for m in bot.fake.messages.values() if m["channel"] == channel and m.get("text") == call.args["text"])


def thread_reminders(bot, project):
    return [m for m in bot.fake.thread(CHANNEL, project.card_ts) if m.get("blocks") and any(
        e.get("action_id") == "reminder.snooze" for b in m["blocks"] if b["type"] == "actions" for e in b["elements"])]


def statuses(bot):
    with bot.db.transaction() as session:
        return dict(session.execute(select(ReminderOutbox.status, func.count()).group_by(ReminderOutbox.status)).all())


def test_contact_at_risk_reaches_the_lead_and_the_thread_once(bot):
    project = start_project(bot)  # Monday 09:00: at risk at 16:00, deadline Tuesday 09:00
    report = run(bot, at(2026, 12, 7, 9, 1))
    assert report.planned > 0 and len(dms(bot, LEAD, digests=True)) == 1  # today's digest, late but once
    run(bot, at(2026, 12, 7, 15, 59))
    assert dms(bot, LEAD) == []
    report = run(bot, at(2026, 12, 7, 16, 0))
    assert report.sent == 2  # the lead's DM and the project's thread
    [dm] = dms(bot, LEAD)
    assert "Ferretería Andina S.A." in dm.args["text"] and "martes 8 de diciembre, 09:00" in dm.args["text"]
    buttons = [e["action_id"] for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["reminder.done", "reminder.snooze", "reminder.view"]
    assert len(thread_reminders(bot, project)) == 1
    for minute in range(1, 4):  # later passes send nothing again
        assert run(bot, at(2026, 12, 7, 16, minute)).sent == 0
    assert len(dms(bot, LEAD)) == 1


def test_registering_the_contact_cancels_its_reminders(bot):
    project = start_project(bot)
    run(bot, at(2026, 12, 7, 9, 1))
    bot.clock.set(at(2026, 12, 7, 11))
    with bot.db.transaction() as session:
        project = session.scalars(select(Project)).one()
        project.contacted_at, project.updated_at = at(2026, 12, 7, 10), at(2026, 12, 7, 11)
    run(bot, at(2026, 12, 8, 10))
    assert dms(bot, LEAD) == [] and thread_reminders(bot, project) == []
    assert statuses(bot).get("cancelado", 0) >= 4  # at risk and breached, for the lead and the thread


def test_slack_429_then_500_then_ok_delivers_once(bot):
    start_project(bot)
    run(bot, at(2026, 12, 7, 9, 1))
    bot.fake.fail("chat.postMessage", status=429, retry_after=30)
    first = run(bot, at(2026, 12, 7, 16, 0))
    assert first.retried >= 1 and first.sent == 1  # one of the two got the 429
    assert run(bot, at(2026, 12, 7, 16, 0, )).sent == 0  # Retry-After not over yet
    bot.fake.fail("chat.postMessage", status=500)
    second = run(bot, at(2026, 12, 7, 16, 1))
    assert second.retried == 1 and second.sent == 0
    third = run(bot, at(2026, 12, 7, 16, 10))  # after the backoff
    assert third.sent == 1
    assert run(bot, at(2026, 12, 7, 16, 20)).sent == 0
    delivered = [c for c in bot.fake.calls_to("chat.postMessage") if "_failed" not in c.args
                 and "vence el" in c.args.get("text", "")]
    assert len(delivered) == 2  # once to the lead, once to the thread — never twice


def test_a_permanent_error_is_recorded_and_surfaced_to_the_lead(bot):
    bot.fake.unreachable_channels.add("C0GONE")
    project = start_project(bot, channel="C0GONE")  # the card fell back to the creator's DM
    with bot.db.transaction() as session:
        session.get(Project, project.id).card_channel_id = "C0GONE"
        session.get(Project, project.id).updated_at = bot.clock.now()
    run(bot, at(2026, 12, 7, 9, 1))
    report = run(bot, at(2026, 12, 7, 16, 0))
    assert report.failed == 1 and report.sent == 1
    notice = [c for c in dms(bot, LEAD) if c.args["text"].startswith("⚠️ No pude entregar")]
    assert notice and "not_in_channel" in notice[0].args["text"]
    assert statuses(bot)["fallido"] == 1
    digest = run(bot, at(2026, 12, 8, 8, 30))
    assert digest.sent >= 1
    text = texts(dms(bot, LEAD, digests=True)[-1].args["blocks"])
    assert t("reminders.digest.failures") in text


def test_reminders_missed_during_downtime_arrive_once_collapsed_per_project(bot):
    project = start_project(bot)
    with bot.db.transaction() as session:
        session.add(WorkSession(team_id=project.team_id, project_id=project.id, starts_at=at(2026, 12, 8, 11),
                                duration_minutes=60, status="agendada", attendees=[IMPLEMENTER],
                                created_by=LEAD, created_at=bot.clock.now(), updated_at=bot.clock.now()))
        session.get(Project, project.id).updated_at = bot.clock.now()
    run(bot, at(2026, 12, 7, 9, 1))
    # Down from Monday 09:01 to Tuesday 10:30: at risk (expired at the deadline), breached, the day-before and
    # the hour-before reminders all fell due meanwhile.
    report = run(bot, at(2026, 12, 8, 10, 30))
    assert report.expired >= 1
    lead_dms = dms(bot, LEAD)
    implementer_dms = dms(bot, IMPLEMENTER)
    assert len(lead_dms) == 1  # one message for the project: the breach (at risk expired at the deadline)
    assert len(dms(bot, LEAD, digests=True)) == 2  # Monday's (sent at 09:01) and today's
    assert len(implementer_dms) == 1  # day before and hour before, collapsed into one message
    assert texts(implementer_dms[0].args["blocks"]).count("Ferretería Andina S.A.") == 2
    assert len(thread_reminders(bot, project)) == 1  # one collapsed message in the thread
    assert run(bot, at(2026, 12, 8, 10, 31)).sent == 0


def test_the_lead_gets_one_morning_digest_and_can_mute_it(bot):
    start_project(bot)
    start_project(bot, client="Comercial del Pacífico", ruc="1792060346001")
    run(bot, at(2026, 12, 10, 8, 29))
    before = len(dms(bot, LEAD, digests=True))
    run(bot, at(2026, 12, 10, 8, 30))
    run(bot, at(2026, 12, 10, 9, 0))
    digests = dms(bot, LEAD, digests=True)[before:]
    assert len(digests) == 1
    shown = texts(digests[0].args["blocks"])
    assert t("reminders.digest.kind.inicio_sin_agendar") in shown and "Comercial del Pacífico" in shown

    bot.slack.command(LEAD, "recordatorios")
    bot.fake.wait_for("views.open", 3)
    modal = bot.fake.last_view("reminder_mutes")
    wanted = [o["value"] for o in modal["blocks"][1]["element"]["options"] if o["value"] != Kind.DIGEST.value]
    assert bot.slack.submit(LEAD, modal, {"mutes.kinds": wanted}).json()["response_action"] == "update"
    run(bot, at(2026, 12, 11, 8, 30))
    assert dms(bot, LEAD, digests=True)[before:] == digests
    assert statuses(bot)["silenciado"] == 1


def test_buttons_done_snooze_and_view(bot):
    project = start_project(bot)
    with bot.db.transaction() as session:
        row = session.get(Project, project.id)
        row.implementer_id, row.updated_at = IMPLEMENTER, bot.clock.now()
        session.add(WorkSession(team_id=project.team_id, project_id=project.id, starts_at=at(2026, 12, 9, 10),
                                duration_minutes=60, status="agendada", attendees=[IMPLEMENTER],
                                created_by=LEAD, created_at=bot.clock.now(), updated_at=bot.clock.now()))
    run(bot, at(2026, 12, 7, 9, 1))
    run(bot, at(2026, 12, 8, 16, 0))
    [reminder] = [c for c in dms(bot, IMPLEMENTER) if "mañana hay sesión" in c.args["text"]]
    buttons = {e["action_id"]: e for b in reminder.args["blocks"] if b["type"] == "actions" for e in b["elements"]}

    message = posted(bot, reminder)
    updates = len(bot.fake.calls_to("chat.update"))
    bot.slack.click(IMPLEMENTER, "reminder.snooze", buttons["reminder.snooze"]["value"], message=message)
    update = bot.fake.wait_for("chat.update", updates + 1)[-1]
    assert "lo dio por visto" in update.args["text"]  # snoozing a day would be after the session
    assert "mañana hay sesión" in texts(update.args["blocks"])  # the reminder stays readable, without buttons
    assert not [b for b in update.args["blocks"] if b["type"] == "actions"]

    bot.slack.click(IMPLEMENTER, "reminder.view", buttons["reminder.view"]["value"], message=message)
    card = bot.fake.wait_for("response_url")[-1]
    assert "🏢 Ferretería Andina S.A." in texts(card.args["blocks"])

    [lead_dm] = [c for c in dms(bot, LEAD) if "vence el" in c.args["text"] or "venció" in c.args["text"]][:1] or [None]
    assert lead_dm is not None
    lead_buttons = {e["action_id"]: e for b in lead_dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]}
    lead_message = posted(bot, lead_dm)
    updates = len(bot.fake.calls_to("chat.update"))
    bot.slack.click(LEAD, "reminder.snooze", lead_buttons["reminder.snooze"]["value"], message=lead_message)
    assert "lo pospuso hasta el" in bot.fake.wait_for("chat.update", updates + 1)[-1].args["text"]
    with bot.db.transaction() as session:
        snoozed = session.scalars(select(ReminderOutbox).where(ReminderOutbox.occurrence.contains("~1"))).all()
    assert snoozed and all(r.status == "pendiente" for r in snoozed)
    assert run(bot, snoozed[0].deliver_at.astimezone(GYE)).sent >= 1

    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(LEAD, "reminder.done", lead_buttons["reminder.done"]["value"], message=lead_message)
    bot.fake.wait_for("views.open", opened + 1)
    assert bot.fake.last_view()["callback_id"] == "contact"  # "Hecho" opens the form that records it


def test_someone_else_cannot_act_on_a_personal_reminder(bot):
    start_project(bot)
    run(bot, at(2026, 12, 7, 9, 1))
    run(bot, at(2026, 12, 7, 16, 0))
    [dm] = dms(bot, LEAD)
    snooze = next(e for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "reminder.snooze")
    bot.slack.click("USTRANGER", "reminder.snooze", snooze["value"])
    assert bot.fake.wait_for("response_url")[-1].args["text"].startswith("No puedes")


def test_follow_up_due_on_a_saturday_arrives_monday_at_08(bot):
    project = start_project(bot)
    with bot.db.transaction() as session:
        row = session.get(Project, project.id)
        row.stage, row.go_live_on, row.implementer_id = "produccion", date(2026, 12, 5), IMPLEMENTER
        row.updated_at = bot.clock.now()
    run(bot, at(2026, 12, 7, 9, 1))
    run(bot, at(2026, 12, 19, 10, 0))  # Saturday, two weeks after go-live
    assert [c for c in dms(bot, IMPLEMENTER) if "seguimiento" in c.args["text"]] == []
    run(bot, at(2026, 12, 21, 7, 59))
    run(bot, at(2026, 12, 21, 8, 0))
    assert len([c for c in dms(bot, IMPLEMENTER) if "seguimiento" in c.args["text"]]) == 1


def test_dry_run_shows_what_would_be_sent_and_changes_nothing(bot):
    start_project(bot)
    before = statuses(bot)
    report = bot.runtime.reminders.run(now=at(2026, 12, 7, 16, 0), dry_run=True)
    assert {m.recipient for m in report.messages} >= {LEAD}
    assert statuses(bot) == before and dms(bot, LEAD) == []
    assert Kind.CONTACT_AT_RISK in {item.kind for m in report.messages for item in m.items}

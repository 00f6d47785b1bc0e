"""Step 3 end to end: plan sessions, reschedule and cancel them; the timeline, the .ics files and the warnings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from icalendar import Calendar

from bot.i18n import t
from storage.models import Project
from tests.conftest import BILLING, CHANNEL, GYE, IMPLEMENTER, LEAD
from tests.helpers import start_project, texts


def assigned_project(bot, **changes):
    project = start_project(bot, **changes)
    with bot.db.transaction() as session:
        session.get(Project, project.id).implementer_id = IMPLEMENTER
    return project


def epoch(*args) -> int:
    return int(datetime(*args, tzinfo=GYE).timestamp())


def open_plan(bot, user, project):
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(user, "card.plan_session", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view("plan_session")


def answers(when, **extra):
    return {"plan.when": when, "plan.duration": "120", "plan.modality": "virtual",
            "plan.place": "https://meet.example/abc", "plan.attendees": [IMPLEMENTER, LEAD],
            "plan.client_attendees": "Juan Pérez, Ana Ruiz", "plan.steps": ["crear_empresa", "plugins"], **extra}


def uploads(bot, count):
    bot.fake.wait_for("files.completeUploadExternal", count)
    return [f for f in bot.fake.files.values()]


def event_of(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = [c for c in calendar.walk("VEVENT")]
    return calendar, event


def timeline(bot, project):
    return next(m for m in bot.fake.thread(CHANNEL, project.card_ts)
                if m.get("text", "").startswith("Cronograma de"))


def test_plan_a_session_with_its_ics_the_timeline_and_the_card(bot):
    project = assigned_project(bot)
    modal = open_plan(bot, IMPLEMENTER, project)
    blocks = {b.get("block_id"): b for b in modal["blocks"]}
    # Monday 09:00 now: the form proposes the next business hour, with the implementer invited.
    assert blocks["plan.when"]["element"]["initial_date_time"] == epoch(2026, 12, 7, 10, 0)
    assert blocks["plan.attendees"]["element"]["initial_users"] == [IMPLEMENTER]

    body = bot.slack.submit(IMPLEMENTER, modal, answers(epoch(2026, 12, 8, 10, 0), **{"plan.steps": []})).json()
    assert body == {"response_action": "errors", "errors": {"plan.steps": t("sessions.error.steps")}}

    assert bot.slack.submit(IMPLEMENTER, modal, answers(epoch(2026, 12, 8, 10, 0))).body == b""
    [ics] = uploads(bot, 1)
    assert ics["channel"] == CHANNEL and ics["thread_ts"] == project.card_ts and ics["filename"].endswith(".ics")
    assert ics["initial_comment"] == t("sessions.thread.scheduled", user=IMPLEMENTER,
                                       when="martes 8 de diciembre de 2026, 10:00", duration="2 h")
    calendar, event = event_of(ics["content"])
    assert event.decoded("dtstart").astimezone(GYE) == datetime(2026, 12, 8, 10, 0, tzinfo=GYE)
    assert str(event["dtstart"].params["TZID"]) == "America/Guayaquil"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert str(event["location"]) == "https://meet.example/abc"
    assert "4. Creación de la empresa y usuario administrador" in str(event["description"])
    assert str(calendar["method"]) == "PUBLISH"

    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == project.card_ts)
    shown = texts(timeline(bot, project)["blocks"])
    assert "*mar 8 dic, 10:00–12:00* · Virtual · pasos 4, 5" in shown
    assert f"<@{IMPLEMENTER}>, <@{LEAD}>, Juan Pérez, Ana Ruiz" in shown
    card = texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])
    assert f"*{t('card.next_session')}*\nmartes 8 de diciembre, 10:00" in card


def test_reschedule_keeps_the_uid_and_cancel_sends_a_cancellation(bot):
    project = assigned_project(bot)
    bot.slack.submit(IMPLEMENTER, open_plan(bot, IMPLEMENTER, project), answers(epoch(2026, 12, 8, 10, 0)))
    [first] = uploads(bot, 1)
    _, first_event = event_of(first["content"])
    bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text", "").startswith("Cronograma de"))
    line = timeline(bot, project)
    menu = next(b["accessory"] for b in line["blocks"] if "accessory" in b)
    reschedule_value = next(o["value"] for o in menu["options"] if json.loads(o["value"])["a"] == "r")

    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.choose(IMPLEMENTER, "timeline.session_menu", reschedule_value, message_ts=line["ts"])
    bot.fake.wait_for("views.open", opened + 1)
    modal = bot.fake.last_view("reschedule")
    assert bot.slack.submit(IMPLEMENTER, modal, {"plan.when": epoch(2026, 12, 9, 15, 0)}).body == b""
    second = uploads(bot, 2)[-1]
    assert second["initial_comment"] == t("sessions.thread.rescheduled", user=IMPLEMENTER,
                                          before="martes 8 de diciembre de 2026, 10:00",
                                          when="miércoles 9 de diciembre de 2026, 15:00")
    _, moved = event_of(second["content"])
    assert str(moved["uid"]) == str(first_event["uid"])
    assert int(moved["sequence"]) == int(first_event["sequence"]) + 1
    assert moved.decoded("dtstart").astimezone(GYE) == datetime(2026, 12, 9, 15, 0, tzinfo=GYE)
    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == line["ts"])
    assert "*mié 9 dic, 15:00–17:00*" in texts(bot.fake.message(CHANNEL, line["ts"])["blocks"])

    cancel_value = next(o["value"] for o in menu["options"] if json.loads(o["value"])["a"] == "c")
    bot.slack.choose(IMPLEMENTER, "timeline.session_menu", cancel_value, message_ts=line["ts"])
    bot.fake.wait_for("views.open", opened + 2)
    assert bot.slack.submit(IMPLEMENTER, bot.fake.last_view("cancel_session"), {}).body == b""
    third = uploads(bot, 3)[-1]
    calendar, cancelled = event_of(third["content"])
    assert str(calendar["method"]) == "CANCEL" and str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first_event["uid"]) and int(cancelled["sequence"]) == 2
    bot.fake.wait_for("chat.update", where=lambda c: t("sessions.timeline_empty") in texts(c.args["blocks"]))
    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == project.card_ts
                      and t("card.no_sessions") in texts(c.args["blocks"]))


def test_outside_hours_and_double_booking_need_confirmation(bot):
    project = assigned_project(bot)
    other = assigned_project(bot, client="Comercial del Pacífico", ruc="1792060346001")
    bot.slack.submit(IMPLEMENTER, open_plan(bot, IMPLEMENTER, other), answers(epoch(2026, 12, 8, 10, 0)))
    uploads(bot, 1)

    modal = open_plan(bot, IMPLEMENTER, project)
    body = bot.slack.submit(IMPLEMENTER, modal, answers(epoch(2026, 12, 8, 11, 0))).json()
    clash = t("sessions.warning.clash", client="Comercial del Pacífico", when="martes 8 de diciembre, 10:00")
    assert body == {"response_action": "errors", "errors": {
        "plan.when": t("sessions.warning.needs_override", warnings=clash)}}
    saturday = bot.slack.submit(IMPLEMENTER, modal, answers(epoch(2026, 12, 12, 9, 0))).json()
    assert t("schedule.warning.weekend", day="sábado") in saturday["errors"]["plan.when"]

    bot.slack.submit(IMPLEMENTER, modal, answers(epoch(2026, 12, 8, 11, 0), **{"plan.override": ["si"]}))
    second = uploads(bot, 2)[-1]
    assert second["initial_comment"].endswith(t("thread.warning", warning=clash))


def test_agendar_sessions_join_the_same_schedule(bot):
    project = assigned_project(bot)
    bot.slack.command(IMPLEMENTER, "agendar Ferretería Andina mañana a las 10")
    reply = bot.fake.wait_for("response_url")[0].args
    confirm = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "schedule.confirm")
    bot.slack.click(IMPLEMENTER, confirm["action_id"], confirm["value"])
    uploads(bot, 1)
    bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text", "").startswith("Cronograma de"))
    assert "*mar 8 dic, 10:00–11:00*" in texts(timeline(bot, project)["blocks"])


def test_others_cannot_plan_sessions(bot):
    project = assigned_project(bot)
    bot.slack.click(BILLING, "card.plan_session", str(project.id), message_ts=project.card_ts)
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"].startswith("No puedes agendar sesiones de este proyecto.")


def test_a_failed_ics_upload_still_announces_the_session_and_updates_the_schedule(bot):
    project = assigned_project(bot)
    bot.fake.fail("upload", status=500)
    bot.slack.submit(IMPLEMENTER, open_plan(bot, IMPLEMENTER, project), answers(epoch(2026, 12, 8, 10, 0)))
    note = bot.fake.wait_for("chat.postMessage", where=lambda c: "No pude adjuntar" in c.args.get("text", ""))[0]
    assert note.args["thread_ts"] == project.card_ts
    assert note.args["text"].startswith(t("sessions.thread.scheduled", user=IMPLEMENTER,
                                          when="martes 8 de diciembre de 2026, 10:00", duration="2 h"))
    bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text", "").startswith("Cronograma de"))
    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == project.card_ts)
    assert bot.fake.files == {}

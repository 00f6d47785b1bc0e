"""The lead's intake actions on the card, end to end: contact, implementer, kickoff, and the two SLA clocks."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.i18n import t
from tests.conftest import ADMIN, ADVISOR, BILLING, CHANNEL, GYE, IMPLEMENTER, LEAD, STRANGER
from tests.helpers import audit, projects, start_project, texts

# The bot fixture's clock: Monday 7 December 2026, 09:00. A project entering now must be contacted by
# Tuesday 09:00 (8 business hours) and start by Monday 14 December, 17:00 (5 business days).


def card(bot, project):
    return texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])


def open_modal(bot, user, action_id, project, callback_id):
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(user, action_id, str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view(callback_id)


def submit_and_wait(bot, user, view, answers):
    """Submit a modal that is accepted; wait until the card was updated and its thread told."""
    in_thread = lambda call: bool(call.args.get("thread_ts"))  # noqa: E731
    updates = len(bot.fake.calls_to("chat.update"))
    told = len([c for c in bot.fake.calls_to("chat.postMessage") if in_thread(c)])
    response = bot.slack.submit(user, view, answers)
    assert response.status == 200 and response.body == b"", response.body
    bot.fake.wait_for("chat.update", updates + 1)
    bot.fake.wait_for("chat.postMessage", told + 1, where=in_thread)
    return response


def epoch(*args) -> int:
    return int(datetime(*args, tzinfo=GYE).timestamp())


def test_the_card_shows_both_clocks_with_deadlines_in_spanish(bot):
    project = start_project(bot)
    shown = card(bot, project)
    assert t("sla.line", state=t("sla.state.pendiente"), name=t("sla.name.contact"),
             detail=t("sla.detail.open", deadline="martes 8 de diciembre, 09:00", left="8 h")) in shown
    assert t("sla.line", state=t("sla.state.pendiente"), name=t("sla.name.kickoff"),
             detail=t("sla.detail.open", deadline="lunes 14 de diciembre, 17:00", left="47 h")) in shown
    assert "Estado al lunes 7 de diciembre, 09:00" in shown
    for button in ("card.register_contact", "card.assign", "card.schedule_kickoff"):
        assert t(button) in shown


def test_clocks_are_recomputed_when_the_card_is_shown_again(bot):
    start_project(bot)
    bot.clock.set(datetime(2026, 12, 7, 16, 0, tzinfo=GYE))  # 6 of 8 business hours used
    bot.slack.command(LEAD, "status andina")
    shown = texts(bot.fake.wait_for("response_url")[-1].args["blocks"])
    assert f"{t('sla.state.en_riesgo')} *{t('sla.name.contact')}*" in shown
    bot.clock.set(datetime(2026, 12, 8, 11, 0, tzinfo=GYE))
    bot.slack.command(LEAD, "status andina")
    shown = texts(bot.fake.wait_for("response_url", 2)[-1].args["blocks"])
    assert t("sla.detail.breached", deadline="martes 8 de diciembre, 09:00", over="2 h") in shown


def test_register_contact_stops_the_contact_clock(bot):
    project = start_project(bot)
    bot.clock.advance(hours=2)
    modal = open_modal(bot, LEAD, "card.contact", project, "contact")
    when_block = next(b for b in modal["blocks"] if b.get("block_id") == "contact.when")
    assert when_block["element"]["initial_date_time"] == int(bot.clock.now().timestamp())

    submit_and_wait(bot, LEAD, modal, {"contact.when": epoch(2026, 12, 7, 10, 15), "contact.channel": "llamada",
                                       "contact.notes": "Explicamos el proceso <b>y</b> & acordamos fecha."})
    [stored] = projects(bot)
    assert stored.contacted_at == datetime(2026, 12, 7, 10, 15, tzinfo=GYE)
    assert stored.contact_channel == "llamada"
    shown = card(bot, project)
    assert t("sla.line", state=t("sla.state.cumplido"), name=t("sla.name.contact"),
             detail=t("sla.detail.contact_cumplido", when="lunes 7 de diciembre, 10:15", channel="Llamada",
                      deadline="martes 8 de diciembre, 09:00")) in shown
    assert t("card.register_contact") not in shown
    thread = bot.fake.wait_for("chat.postMessage", 2, where=lambda c: c.args.get("thread_ts"))[-1].args["text"]
    assert thread.startswith(f"📞 <@{LEAD}> registró el contacto")
    assert "&lt;b&gt;y&lt;/b&gt; &amp; acordamos" in thread  # user text escaped, no markup injected
    assert [e.action for e in audit(bot, project.id)][-1] == "project.contact"


def test_a_late_contact_is_met_late(bot):
    project = start_project(bot)
    bot.clock.set(datetime(2026, 12, 8, 11, 0, tzinfo=GYE))
    modal = open_modal(bot, LEAD, "card.contact", project, "contact")
    submit_and_wait(bot, LEAD, modal, {"contact.when": epoch(2026, 12, 8, 10, 0), "contact.channel": "whatsapp"})
    assert t("sla.state.cumplido_tarde") in card(bot, project)


def test_a_contact_in_the_future_is_refused_inline(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.contact", project, "contact")
    body = bot.slack.submit(LEAD, modal, {"contact.when": epoch(2026, 12, 7, 15, 0), "contact.channel": "correo"}).json()
    assert body == {"response_action": "errors", "errors": {"contact.when": t("contact.error.future")}}
    assert projects(bot)[0].contacted_at is None


@pytest.mark.parametrize("action_id", ["card.contact", "card.assign", "card.kickoff"])
@pytest.mark.parametrize("user", [BILLING, IMPLEMENTER])
def test_only_the_lead_or_an_admin_may_use_the_intake_actions(bot, action_id, user):
    project = start_project(bot)
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(user, action_id, str(project.id), message_ts=project.card_ts)
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["text"].startswith("No puedes ")
    assert "Solo pueden hacerlo: Jefe de Implementación o Administrador." in reply.args["text"]
    assert len(bot.fake.calls_to("views.open")) == opened


def test_a_submission_by_a_non_lead_is_refused_too(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.contact", project, "contact")
    body = bot.slack.submit(BILLING, modal, {"contact.when": epoch(2026, 12, 7, 8, 30), "contact.channel": "correo"}).json()
    assert body["response_action"] == "errors"
    assert "Jefe de Implementación" in body["errors"]["contact.when"]
    assert projects(bot)[0].contacted_at is None


def test_assign_an_implementer_who_gets_a_dm_with_the_card(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.assign", project, "assign")
    assert f"<@{IMPLEMENTER}>" in texts(modal["blocks"]) and f"<@{ADVISOR}>" in texts(modal["blocks"])

    refused = bot.slack.submit(LEAD, modal, {"assign.user": STRANGER}).json()
    assert refused == {"response_action": "errors", "errors": {"assign.user": t("assign.error.not_assignable")}}

    submit_and_wait(bot, LEAD, modal, {"assign.user": IMPLEMENTER})
    assert projects(bot)[0].implementer_id == IMPLEMENTER
    dm = bot.fake.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == IMPLEMENTER)[0]
    permalink = bot.fake.calls_to("chat.getPermalink")[0]
    assert permalink.args["message_ts"] == project.card_ts
    assert f"https://fake.slack.com/archives/{CHANNEL}/p{project.card_ts}" in dm.args["text"]
    assert "Ferretería Andina S.A." in dm.args["text"]
    shown = card(bot, project)
    assert f"*{t('card.implementer')}*\n<@{IMPLEMENTER}>" in shown and t("card.reassign") in shown


def test_an_advisor_may_be_assigned_and_the_advisor_who_implements_starts_assigned(bot):
    project = start_project(bot, implemented_by="asesor", advisor=ADVISOR)
    assert project.implementer_id == ADVISOR
    modal = open_modal(bot, ADMIN, "card.assign", project, "assign")
    submit_and_wait(bot, ADMIN, modal, {"assign.user": IMPLEMENTER})
    thread = bot.fake.thread(CHANNEL, project.card_ts)[-1]["text"]
    assert thread == t("thread.reassigned", user=ADMIN, before=ADVISOR, implementer=IMPLEMENTER)


def kickoff_answers(when: int, **extra):
    return {"kickoff.when": when, "kickoff.modality": "virtual", "kickoff.place": "https://meet.example/abc", **extra}


def test_kickoff_within_the_deadline_is_met(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.kickoff", project, "kickoff")
    assert "lunes 14 de diciembre, 17:00" in texts(modal["blocks"])
    submit_and_wait(bot, LEAD, modal, kickoff_answers(epoch(2026, 12, 10, 10, 0)))
    stored = projects(bot)[0]
    assert stored.kickoff_at == datetime(2026, 12, 10, 10, tzinfo=GYE) and not stored.kickoff_client_decision
    shown = card(bot, project)
    assert t("sla.line", state=t("sla.state.cumplido"), name=t("sla.name.kickoff"),
             detail=t("sla.detail.kickoff_cumplido", when="jueves 10 de diciembre, 10:00",
                      deadline="lunes 14 de diciembre, 17:00")) in shown
    assert t("card.reschedule_kickoff") in shown


def test_a_start_after_the_deadline_needs_the_clients_decision_and_a_reason(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.kickoff", project, "kickoff")
    late = epoch(2026, 12, 16, 9, 0)
    body = bot.slack.submit(LEAD, modal, kickoff_answers(late)).json()
    assert body == {"response_action": "errors", "errors": {
        "kickoff.when": t("kickoff.error.too_late", latest="lunes 14 de diciembre, 17:00")}}
    body = bot.slack.submit(LEAD, modal, kickoff_answers(late, **{"kickoff.decision": ["si"]})).json()
    assert body == {"response_action": "errors", "errors": {"kickoff.reason": t("kickoff.error.reason_missing")}}
    assert projects(bot)[0].kickoff_at is None

    submit_and_wait(bot, LEAD, modal, kickoff_answers(
        late, **{"kickoff.decision": ["si"], "kickoff.reason": "El contador vuelve de vacaciones el 16."}))
    stored = projects(bot)[0]
    assert stored.kickoff_client_decision and stored.kickoff_reason == "El contador vuelve de vacaciones el 16."
    assert f"{t('sla.state.dispensado')} *{t('sla.name.kickoff')}*" in card(bot, project)
    thread = bot.fake.thread(CHANNEL, project.card_ts)[-1]["text"]
    assert "por decisión del cliente: «El contador vuelve de vacaciones el 16.»" in thread


def test_a_start_in_the_past_is_refused(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.kickoff", project, "kickoff")
    body = bot.slack.submit(LEAD, modal, kickoff_answers(epoch(2026, 12, 7, 8, 0))).json()
    assert body["errors"] == {"kickoff.when": t("kickoff.error.past")}


def test_after_a_breach_the_lead_can_still_schedule_and_it_counts_as_late(bot):
    project = start_project(bot)
    bot.clock.set(datetime(2026, 12, 15, 9, 0, tzinfo=GYE))  # the kickoff deadline passed yesterday
    modal = open_modal(bot, LEAD, "card.kickoff", project, "kickoff")
    submit_and_wait(bot, LEAD, modal, kickoff_answers(epoch(2026, 12, 16, 10, 0)))
    assert f"{t('sla.state.cumplido_tarde')} *{t('sla.name.kickoff')}*" in card(bot, project)


def test_a_kickoff_on_a_holiday_is_accepted_with_a_warning_in_the_thread(bot):
    project = start_project(bot)
    modal = open_modal(bot, LEAD, "card.kickoff", project, "kickoff")
    bot.clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=GYE))  # after the deadline, to pick Christmas Day
    submit_and_wait(bot, LEAD, modal, kickoff_answers(epoch(2026, 12, 25, 10, 0), **{
        "kickoff.decision": ["si"], "kickoff.reason": "Pedido del cliente"}))
    thread = bot.fake.thread(CHANNEL, project.card_ts)[-1]["text"]
    assert "⚠️ Ese día es feriado (Navidad)." in thread


def test_intake_actions_need_the_project_in_implementation(bot):
    project = start_project(bot, prerequisites=[])
    bot.slack.click(LEAD, "card.contact", str(project.id), message_ts=project.card_ts)
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"] == t("intake.error.not_in_implementation")


def test_every_change_is_audited_once(bot):
    project = start_project(bot)
    open_and_submit = [
        ("card.contact", "contact", {"contact.when": epoch(2026, 12, 7, 8, 45), "contact.channel": "reunion"}),
        ("card.assign", "assign", {"assign.user": IMPLEMENTER}),
        ("card.kickoff", "kickoff", kickoff_answers(epoch(2026, 12, 9, 9, 0))),
    ]
    for action_id, callback, answers in open_and_submit:
        submit_and_wait(bot, LEAD, open_modal(bot, LEAD, action_id, project, callback), answers)
    assert [e.action for e in audit(bot, project.id)] == [
        "project.start", "project.contact", "project.assign", "project.kickoff"]

"""The time log end to end: `/impl horas`, the card's modal, the 80 % and exceeded warnings, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bot.i18n import t
from storage.models import Project, TimeEntry
from tests.conftest import BILLING, CHANNEL, IMPLEMENTER, LEAD, STRANGER
from tests.helpers import audit, start_project, texts


def assigned(bot):
    project = start_project(bot)  # Mi Negocio Contable, mediana: 12 h estimated
    with bot.db.transaction() as session:
        session.get(Project, project.id).implementer_id = IMPLEMENTER
    return project


def entries(bot):
    with bot.db.transaction() as session:
        return [(e.user_id, e.step_id, e.hours, e.worked_on) for e in session.scalars(select(TimeEntry).order_by(TimeEntry.id))]


def horas(bot, user, text):
    before = len(bot.fake.calls_to("response_url"))
    bot.slack.command(user, f"horas {text}")
    return bot.fake.wait_for("response_url", before + 1)[-1].args["text"]


def test_log_hours_from_the_command_with_a_step(bot):
    project = assigned(bot)
    reply = horas(bot, IMPLEMENTER, "Ferretería Andina 1,5 capacitación")
    assert reply == t("hours.saved", hours="1,5 h", step=t("hours.on_step", number=9, step="Capacitación"),
                      client="Ferretería Andina S.A.", total="1,5 h", estimate="12 h")
    assert entries(bot) == [(IMPLEMENTER, "capacitacion", Decimal("1.50"), date(2026, 12, 7))]
    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == project.card_ts)
    assert "*Horas*\n1,5 h de 12 h (12 %)" in texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])
    assert [e.action for e in audit(bot, project.id)][-1] == "hours.log"


def test_warnings_at_80_percent_and_when_the_estimate_is_exceeded(bot):
    project = assigned(bot)
    horas(bot, IMPLEMENTER, "Ferretería Andina 9")
    horas(bot, IMPLEMENTER, "Ferretería Andina 1")  # 10 of 12 h: over 80 %
    warning = bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text", "").startswith("⚠️ Las horas"))
    assert warning[0].args["text"] == t("hours.warning", total="10 h", estimate="12 h")
    assert warning[0].args["thread_ts"] == project.card_ts
    horas(bot, IMPLEMENTER, "Ferretería Andina 1")  # 11 h: no second warning
    horas(bot, LEAD, "Ferretería Andina 2h")  # 13 h: exceeded
    exceeded = bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text", "").startswith("🔴"))
    assert exceeded[0].args["text"] == t("hours.exceeded", total="13 h", estimate="12 h")
    warnings = [c for c in bot.fake.calls_to("chat.postMessage") if c.args.get("text", "").startswith(("⚠️ Las", "🔴"))]
    assert len(warnings) == 2


def test_log_hours_from_the_cards_modal(bot):
    project = assigned(bot)
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(IMPLEMENTER, "card.hours", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    modal = bot.fake.last_view("hours")
    body = bot.slack.submit(IMPLEMENTER, modal, {"hours.hours": "30"}).json()
    assert body == {"response_action": "errors", "errors": {"hours.hours": t("hours.error.amount")}}
    body = bot.slack.submit(IMPLEMENTER, modal, {"hours.hours": "2.5", "hours.step": "plugins",
                                                 "hours.notes": "password abc123"}).json()
    assert body["errors"] == {"hours.notes": t("steps.error.credential")}
    body = bot.slack.submit(IMPLEMENTER, modal, {"hours.hours": "2.5", "hours.step": "plugins"}).json()
    assert body["response_action"] == "update"
    assert "Registré 2,5 h en el paso 5 (Activación de plugins)" in texts(body["view"]["blocks"])
    assert entries(bot) == [(IMPLEMENTER, "plugins", Decimal("2.50"), date(2026, 12, 7))]

    horas(bot, IMPLEMENTER, "Ferretería Andina 1")  # no step
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(IMPLEMENTER, "card.hours", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    assert "Por paso: 5. Activación de plugins 2,5 h · sin paso 1 h" in texts(bot.fake.last_view("hours")["blocks"])


def test_only_the_assigned_implementer_the_lead_or_an_admin_log_hours(bot):
    assigned(bot)
    for user in (STRANGER, BILLING, "UOTHERIMPL"):
        reply = horas(bot, user, "Ferretería Andina 1")
        assert reply.startswith("No puedes"), reply
    assert entries(bot) == []


def test_command_mistakes_are_explained(bot):
    assigned(bot)
    assert horas(bot, IMPLEMENTER, "Ferretería Andina") == t("hours.error.usage")
    assert horas(bot, IMPLEMENTER, "Ferretería Andina 2 bailoterapia") == t("hours.error.step", step="bailoterapia")
    assert horas(bot, IMPLEMENTER, "Nadie 2") == t("status.none", query="Nadie")

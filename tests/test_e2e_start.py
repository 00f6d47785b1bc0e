"""`/impl start` end to end: real app over HTTP, signed requests, fake Slack Web API."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import t
from bot.projects import Stage
from tests.conftest import ADVISOR, BILLING, CHANNEL, IMPLEMENTER, LEAD, RunningBot, make_settings
from tests.helpers import FORM, audit, open_start, projects, start_project, texts


def test_all_prerequisites_met_enters_implementation_with_a_card(bot, process):
    project = start_project(bot)

    assert project.stage is Stage.IMPLEMENTATION
    assert project.entered_implementation_at == bot.clock.now()
    assert project.process_version == process.version
    assert project.estimated_hours == 12.0
    assert project.card_channel_id == CHANNEL and project.card_ts

    card = bot.fake.message(CHANNEL, project.card_ts)
    assert card["text"] == t("card.fallback", client="Ferretería Andina S.A.", ruc="1790085783001",
                             stage=t("stage.implementacion"))
    shown = texts(card["blocks"])
    for expected in ("🏢 Ferretería Andina S.A.", "1790085783001", "Mi Negocio Contable", "Mediana",
                     "Sociedad", "Suscripción anual", "Departamento de implementación", "✅ Contrato firmado"):
        assert expected in shown
    [first] = bot.fake.thread(CHANNEL, project.card_ts)
    assert first["text"] == t("thread.created_ready", user=BILLING)
    assert [e.action for e in audit(bot, project.id)] == ["project.start"]


def test_missing_prerequisites_wait_until_completed_from_the_card(bot):
    project = start_project(bot, prerequisites=["contrato_firmado"])
    assert project.stage is Stage.PREREQUISITES and project.entered_implementation_at is None
    card = bot.fake.message(CHANNEL, project.card_ts)
    assert t("card.complete_prerequisites") in texts(card["blocks"])
    assert "⬜ Factura emitida" in texts(card["blocks"])

    # The next morning the lead completes them from the card's button.
    bot.clock.advance(hours=24)
    bot.slack.click(LEAD, "card.prerequisites", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 2)  # the start form was the first
    modal = bot.fake.last_view("prerequisites")
    ticked = [o["value"] for o in modal["blocks"][1]["element"]["initial_options"]]
    assert ticked == ["contrato_firmado"]

    response = bot.slack.submit(LEAD, modal, {"prerequisites.met": ["contrato_firmado", "factura_emitida", "primer_pago"]})
    assert response.status == 200 and response.body == b""
    bot.fake.wait_for("chat.update")
    bot.fake.wait_for("chat.postMessage", 3)

    [updated] = projects(bot)
    assert updated.stage is Stage.IMPLEMENTATION
    assert updated.entered_implementation_at == bot.clock.now()
    card = bot.fake.message(CHANNEL, project.card_ts)
    assert t("stage.implementacion") in texts(card["blocks"])
    assert t("card.complete_prerequisites") not in texts(card["blocks"])
    thread = [m["text"] for m in bot.fake.thread(CHANNEL, project.card_ts)]
    assert thread[-1] == t("thread.entered_implementation", user=LEAD)
    assert len(bot.fake.calls_to("chat.postMessage")) == 3  # card + 2 thread messages, no new top-level post
    assert [e.action for e in audit(bot, project.id)] == ["project.start", "project.prerequisites"]


def test_partial_prerequisites_keep_the_project_waiting(bot):
    project = start_project(bot, prerequisites=[])
    bot.slack.click(BILLING, "card.prerequisites", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 2)
    bot.slack.submit(BILLING, bot.fake.last_view("prerequisites"), {"prerequisites.met": ["factura_emitida"]})
    bot.fake.wait_for("chat.postMessage", 3)
    [updated] = projects(bot)
    assert updated.stage is Stage.PREREQUISITES
    assert updated.met_prerequisites == {"factura_emitida"}
    last = bot.fake.thread(CHANNEL, project.card_ts)[-1]["text"]
    assert last == t("thread.prerequisites_updated", user=BILLING, missing="Contrato firmado, Primer pago realizado")


def test_implementer_may_not_complete_prerequisites(bot):
    project = start_project(bot, prerequisites=[])
    bot.slack.click(IMPLEMENTER, "card.prerequisites", str(project.id), message_ts=project.card_ts)
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert "Facturación y cobro" in reply.args["text"] and "Jefe de Implementación" in reply.args["text"]
    assert bot.fake.calls_to("views.open") == [bot.fake.calls_to("views.open")[0]]  # only the start modal


def test_refused_submission_of_prerequisites_keeps_the_modal_open(bot):
    project = start_project(bot, prerequisites=[])
    bot.slack.click(BILLING, "card.prerequisites", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 2)
    response = bot.slack.submit(IMPLEMENTER, bot.fake.last_view("prerequisites"), {"prerequisites.met": ["primer_pago"]})
    assert response.json()["response_action"] == "errors"
    assert "Facturación y cobro" in response.json()["errors"]["prerequisites.met"]
    assert projects(bot)[0].met_prerequisites == frozenset()


def test_ruc_errors_are_inline_and_nothing_is_created(bot):
    view = open_start(bot)
    for ruc, key in (("12345", "ruc.length"), ("17900857830AB", "ruc.digits"), ("9990085783001", "ruc.province"),
                     ("1714307104001", "ruc.checksum")):
        response = bot.slack.submit(BILLING, view, {**FORM, "start.ruc": ruc})
        assert response.status == 200
        assert response.json() == {"response_action": "errors", "errors": {"start.ruc": t(key)}}
    assert projects(bot) == []
    assert bot.fake.calls_to("chat.postMessage") == []


def test_company_ruc_failing_modulo_11_is_accepted_with_a_visible_warning(bot):
    project = start_project(bot, ruc="1793213150001")
    assert project.ruc_checksum_warning
    assert t("card.ruc_warning") in texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])


def test_a_ruc_with_an_open_project_is_refused_naming_the_project(bot):
    first = start_project(bot)
    view = open_start(bot)
    response = bot.slack.submit(BILLING, view, {**FORM, "start.client": "Otra razón social"})
    assert response.json() == {
        "response_action": "errors",
        "errors": {"start.ruc": t("start.error.duplicate", client="Ferretería Andina S.A.", id=first.id)},
    }


def test_advisor_who_implements_must_have_the_advisor_role(bot):
    view = open_start(bot)
    wrong = {**FORM, "start.implemented_by": "asesor", "start.advisor": IMPLEMENTER}
    assert bot.slack.submit(BILLING, view, wrong).json() == {
        "response_action": "errors", "errors": {"start.advisor": t("start.error.not_advisor")}
    }
    missing = {**FORM, "start.implemented_by": "asesor"}
    assert bot.slack.submit(BILLING, view, missing).json()["errors"] == {"start.advisor": t("start.error.advisor_missing")}

    project = start_project(bot, implemented_by="asesor", advisor=ADVISOR)
    assert project.advisor_id == ADVISOR
    assert f"Asesor comercial: <@{ADVISOR}>" in texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])


def test_people_without_permission_are_told_who_may_start_projects(bot):
    response = bot.slack.command(IMPLEMENTER, "start")
    assert response.status == 200
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["text"].startswith("No puedes iniciar proyectos de implementación.")
    assert "Facturación y cobro" in reply.args["text"]
    assert bot.fake.calls_to("views.open") == []


def test_a_closed_modal_keeps_what_was_typed(bot):
    view = open_start(bot)
    typed = {"start.client": "Comercial Ñandú", "start.ruc": "17900", "start.product": "comercial",
             "start.prerequisites": ["primer_pago"]}
    assert bot.slack.close(BILLING, view, typed).status == 200

    reopened = open_start(bot)
    blocks = {b.get("block_id"): b for b in reopened["blocks"]}
    assert blocks["start.client"]["element"]["initial_value"] == "Comercial Ñandú"
    assert blocks["start.ruc"]["element"]["initial_value"] == "17900"
    assert blocks["start.product"]["element"]["initial_option"]["value"] == "comercial"
    assert [o["value"] for o in blocks["start.prerequisites"]["element"]["initial_options"]] == ["primer_pago"]
    assert "initial_option" not in blocks["start.size"]["element"]

    # Once the project is created the draft is gone: the next form starts empty.
    bot.slack.submit(BILLING, reopened, FORM)
    bot.fake.wait_for("chat.postMessage", 2)
    fresh = open_start(bot)
    assert "initial_value" not in {b.get("block_id"): b for b in fresh["blocks"]}["start.client"]["element"]


def test_cards_go_to_the_configured_channel(fake_slack, database_url, clock):
    bot = RunningBot(make_settings(fake_slack, database_url, channel="C0IMPL"), clock, fake_slack).start()
    try:
        project = start_project(bot, user="UADMIN", channel="C0OTHER")
        assert project.card_channel_id == "C0IMPL"
    finally:
        bot.stop()


def test_a_channel_the_bot_cannot_post_in_falls_back_to_the_creators_dm(bot):
    bot.fake.unreachable_channels.add("C0PRIVATE")
    project = start_project(bot, channel="C0PRIVATE")
    assert project.card_channel_id == "D" + BILLING[1:]
    notices = [c.args["text"] for c in bot.fake.calls_to("chat.postMessage") if c.args["channel"] == BILLING]
    assert t("card.unreachable", channel="C0PRIVATE") in notices


def test_projects_survive_a_restart(bot):
    project = start_project(bot)
    bot.restart()
    bot.slack.command(LEAD, "status ferreteria andina")
    [reply] = bot.fake.wait_for("response_url")
    assert "🏢 Ferretería Andina S.A." in texts(reply.args["blocks"])
    assert projects(bot)[0].id == project.id


def test_entered_at_is_the_completion_instant_not_the_creation(bot):
    project = start_project(bot, prerequisites=["contrato_firmado", "factura_emitida"])
    bot.clock.advance(hours=3)
    bot.slack.click(BILLING, "card.prerequisites", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 2)
    bot.slack.submit(BILLING, bot.fake.last_view("prerequisites"),
                     {"prerequisites.met": ["contrato_firmado", "factura_emitida", "primer_pago"]})
    bot.fake.wait_for("chat.update")
    [updated] = projects(bot)
    assert updated.entered_implementation_at == project.created_at + timedelta(hours=3)


def test_slack_rate_limits_and_server_errors_are_retried_and_the_card_arrives_once(bot):
    bot.fake.fail("chat.postMessage", status=429, retry_after=1)
    bot.fake.fail("chat.postMessage", status=500)
    bot.fake.fail("chat.postMessage", status=503)
    project = start_project(bot)
    posts = bot.fake.calls_to("chat.postMessage")
    assert [c.args.get("_failed") for c in posts] == [429, 500, 503, None, None]  # retried, then card + thread
    assert posts[1].at - posts[0].at >= 0.9  # Retry-After was honoured
    cards = [c for c in posts if "_failed" not in c.args and not c.args.get("thread_ts")]
    assert len(cards) == 1 and project.card_ts

"""Steps 1 and 2 end to end: the questionnaire across pages (never losing an answer), its summary and plugin
recommendations, and the client's project owner."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n import t
from storage.models import DiscoveryAnswers, PluginRecommendation, Project
from tests.conftest import BILLING, CHANNEL, IMPLEMENTER, LEAD, STRANGER
from tests.helpers import audit, projects, start_project, texts

PAGE_1 = {"q.giro": "Ferretería mayorista y minorista", "q.flujo_operativo": "Compran a 20 proveedores...",
          "q.vendedores_externos": "si", "q.vendedores_cuantos": "3", "q.locales": "2"}
PAGE_2 = {"q.organigrama": "Gerente, contador, jefe de bodega", "q.importaciones": "si",
          "q.sistema_actual": "si", "q.sistema_cual": "Excel", "q.necesidades": "Inventario en tiempo real"}
PAGE_3 = {"q.promociones": "no", "q.comisiones": "ventas", "q.otras": "Facturan desde dos locales"}


def assigned_project(bot):
    project = start_project(bot)
    with bot.db.transaction() as session:
        session.get(Project, project.id).implementer_id = IMPLEMENTER
    return project


def open_questionnaire(bot, user, project):
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(user, "card.discovery", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view("discovery")


def submit_page(bot, user, view, answers):
    response = bot.slack.submit(user, view, answers)
    assert response.status == 200
    body = response.json()
    assert body["response_action"] == "update", body
    return {**body["view"], "id": view["id"]}  # Slack keeps the view's id when it is updated


def stored_answers(bot, project):
    with bot.db.transaction() as session:
        row = session.get(DiscoveryAnswers, project.id)
        return (dict(row.answers), row.completed_at) if row else ({}, None)


def prefilled(view, block_id):
    element = next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"]
    return element.get("initial_value") or (element.get("initial_option") or {}).get("value")


def test_questionnaire_across_pages_with_a_close_midway_then_summary_and_recommendations(bot):
    project = assigned_project(bot)
    page_1 = open_questionnaire(bot, IMPLEMENTER, project)
    assert page_1["title"]["text"] == "Conocimiento · 1/3"
    assert page_1["notify_on_close"] is True
    kinds = {b["block_id"]: b["element"]["type"] for b in page_1["blocks"] if b["type"] == "input"}
    assert kinds == {"q.giro": "plain_text_input", "q.flujo_operativo": "plain_text_input",
                     "q.vendedores_externos": "radio_buttons", "q.vendedores_cuantos": "number_input",
                     "q.locales": "number_input"}

    page_2 = submit_page(bot, IMPLEMENTER, page_1, PAGE_1)
    assert page_2["title"]["text"] == "Conocimiento · 2/3"
    assert stored_answers(bot, project)[0]["vendedores_cuantos"] == 3  # page 1 saved on submit

    # Half of page 2, then the modal is closed: nothing typed is lost.
    half = {"q.organigrama": PAGE_2["q.organigrama"], "q.importaciones": "si"}
    assert bot.slack.close(IMPLEMENTER, page_2, half).status == 200
    bot.fake.wait_for("chat.update", where=lambda c: "6/11 respondidas" in texts(c.args["blocks"]))
    assert stored_answers(bot, project)[0]["organigrama"] == PAGE_2["q.organigrama"]

    # Reopening resumes on page 2 with every answer prefilled.
    resumed = open_questionnaire(bot, IMPLEMENTER, project)
    assert resumed["title"]["text"] == "Conocimiento · 2/3"
    assert prefilled(resumed, "q.organigrama") == PAGE_2["q.organigrama"]
    assert prefilled(resumed, "q.importaciones") == "si"
    assert "6/11 respondidas" in texts(resumed["blocks"])

    page_3 = submit_page(bot, IMPLEMENTER, resumed, PAGE_2)
    done = submit_page(bot, IMPLEMENTER, page_3, PAGE_3)
    assert t("discovery.saved_complete", total=11) in texts(done["blocks"])
    answers, completed_at = stored_answers(bot, project)
    assert completed_at == bot.clock.now()
    assert answers["comisiones"] == "ventas" and answers["locales"] == 2

    # The summary and the recommendations, in the card's thread.
    thread = lambda: bot.fake.thread(CHANNEL, project.card_ts)  # noqa: E731
    bot.fake.wait_for("chat.postMessage", where=lambda c: "Plugins recomendados" in c.args.get("text", ""))
    summary = next(m for m in thread() if m["text"] == t("discovery.summary_fallback", client="Ferretería Andina S.A."))
    shown = texts(summary["blocks"])
    assert "*¿Tiene vendedores externos?*\nSí (3)" in shown and "*¿Pagan comisiones?*\nPor ventas" in shown
    assert "*¿Usa actualmente otro sistema?*\nSí (Excel)" in shown
    recs = next(m for m in thread() if m["text"].startswith("Plugins recomendados"))
    shown = texts(recs["blocks"])
    for plugin, reason in [("Importaciones", "La empresa realiza importaciones."), ("Comisiones", "La empresa paga comisiones."),
                           ("Multibodega y sucursales", "La empresa tiene varios locales comerciales."),
                           ("Vendedores", "La empresa tiene vendedores externos.")]:
        assert t("discovery.recommendation", plugin=plugin, reason=reason) in shown
    assert "Promociones" not in shown  # they answered "no"
    assert "✅ Completo (11/11)" in texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])

    # The implementer accepts one and rejects another; the message updates in place.
    buttons = [e for b in recs["blocks"] if b["type"] == "actions" for e in b["elements"]]
    accept = next(b for b in buttons if b["action_id"] == "recommendation.accept" and '"importaciones"' in b["value"])
    reject = next(b for b in buttons if b["action_id"] == "recommendation.reject" and '"comisiones"' in b["value"])
    for button in (accept, reject):
        updates = len(bot.fake.calls_to("chat.update"))
        bot.slack.click(IMPLEMENTER, button["action_id"], button["value"], message_ts=recs["ts"])
        bot.fake.wait_for("chat.update", updates + 1)
    updated = texts(bot.fake.message(CHANNEL, recs["ts"])["blocks"])
    assert t("discovery.decided.aceptada", user=IMPLEMENTER) in updated
    assert t("discovery.decided.rechazada", user=IMPLEMENTER) in updated
    with bot.db.transaction() as session:
        statuses = {r.plugin_id: r.status for r in session.scalars(select(PluginRecommendation))}
    assert statuses == {"importaciones": "aceptada", "comisiones": "rechazada", "multibodega": "pendiente",
                        "vendedores": "pendiente"}


def test_answers_stay_editable_after_completion_without_repeating_the_summary(bot):
    project = assigned_project(bot)
    view = open_questionnaire(bot, IMPLEMENTER, project)
    for answers in (PAGE_1, PAGE_2, PAGE_3):
        view = submit_page(bot, IMPLEMENTER, view, answers)
    bot.fake.wait_for("chat.postMessage", where=lambda c: "Plugins recomendados" in c.args.get("text", ""))
    posts = len(bot.fake.calls_to("chat.postMessage"))

    again = open_questionnaire(bot, LEAD, project)
    assert again["title"]["text"] == "Conocimiento · 1/3"
    assert prefilled(again, "q.giro") == PAGE_1["q.giro"]
    submit_page(bot, LEAD, again, {**PAGE_1, "q.giro": "Ferretería y materiales de construcción"})
    assert stored_answers(bot, project)[0]["giro"] == "Ferretería y materiales de construcción"
    assert len(bot.fake.calls_to("chat.postMessage")) == posts  # no second summary
    assert [e.action for e in audit(bot, project.id)].count("discovery.answers") == 4


def test_a_yes_needs_its_follow_up_and_counts_must_be_numbers(bot):
    project = assigned_project(bot)
    page_1 = open_questionnaire(bot, IMPLEMENTER, project)
    body = bot.slack.submit(IMPLEMENTER, page_1, {**PAGE_1, "q.vendedores_cuantos": None}).json()
    assert body == {"response_action": "errors",
                    "errors": {"q.vendedores_cuantos": t("discovery.error.follow_up_missing")}}
    assert stored_answers(bot, project) == ({}, None)


def test_only_the_assigned_implementer_the_lead_or_an_admin_work_on_the_steps(bot):
    project = start_project(bot)  # nobody assigned yet
    for user in (IMPLEMENTER, BILLING, STRANGER):
        before = len(bot.fake.calls_to("response_url"))
        bot.slack.click(user, "card.discovery", str(project.id), message_ts=project.card_ts)
        reply = bot.fake.wait_for("response_url", before + 1)[-1]
        assert reply.args["text"].startswith("No puedes trabajar en los pasos de este proyecto.")
        assert "el implementador asignado" in reply.args["text"]
    assert open_questionnaire(bot, LEAD, project)["title"]["text"] == "Conocimiento · 1/3"


def test_the_clients_project_owner_is_validated_and_shown_on_the_card(bot):
    project = assigned_project(bot)
    bot.slack.click(IMPLEMENTER, "card.owner", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 2)  # the start form was the first
    modal = bot.fake.last_view("owner")
    bad = {"owner.name": "María Pérez", "owner.role": "Contadora", "owner.email": "maria@", "owner.phone": "12345"}
    body = bot.slack.submit(IMPLEMENTER, modal, bad).json()
    assert body == {"response_action": "errors",
                    "errors": {"owner.email": t("owner.error.email"), "owner.phone": t("owner.error.phone")}}

    good = {**bad, "owner.email": "Maria.Perez@FerreteriaAndina.com.ec", "owner.phone": "099 123 4567"}
    assert bot.slack.submit(IMPLEMENTER, modal, good).body == b""
    bot.fake.wait_for("chat.update")
    stored = projects(bot)[0]
    assert (stored.owner_name, stored.owner_email, stored.owner_phone) == (
        "María Pérez", "maria.perez@ferreteriaandina.com.ec", "+593991234567")
    card = texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])
    assert "María Pérez (Contadora) · maria.perez@ferreteriaandina.com.ec · 099 123 4567" in card

    landline = {**good, "owner.phone": "+593 2 234 5678"}
    bot.slack.click(IMPLEMENTER, "card.owner", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", 3)
    reopened = bot.fake.last_view("owner")
    assert prefilled(reopened, "owner.phone") == "099 123 4567"
    assert bot.slack.submit(IMPLEMENTER, reopened, landline).body == b""
    bot.fake.wait_for("chat.update", 2)
    assert projects(bot)[0].owner_phone == "+59322345678"

"""Steps 4–11 end to end: a project worked from step 4 to closure through the real modals, with every refusal."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bot.i18n import t
from bot.permissions import Role
from bot.projects import Stage
from storage.models import DevRequest, DiscoveryAnswers, PluginRecommendation, Project, WorkSession
from tests.conftest import CHANNEL, GYE, IMPLEMENTER, LEAD, STRANGER
from tests.helpers import audit, projects, start_project, texts

ISSUER = "UISSUER"  # an implementer flagged "may create issuer companies"
PO = "UPRODUCT"


def prepared_project(bot):
    """A contable project (accounting edition, annual renewal) assigned to IMPLEMENTER, with steps 1–3 done
    through their own forms elsewhere and arranged here directly: discovery complete with 'importaciones'
    accepted, project owner set, one session with attendees."""
    bot.grant(ISSUER, Role.IMPLEMENTER, may_create_issuers=True)
    bot.grant(PO, Role.PRODUCT_OWNER)
    project = start_project(bot)
    now = bot.clock.now()
    answers = {"giro": "x", "flujo_operativo": "x", "vendedores_externos": "no", "locales": 1, "organigrama": "x",
               "importaciones": "si", "sistema_actual": "no", "necesidades": "x", "promociones": "no",
               "comisiones": "no", "otras": "x"}
    with bot.db.transaction() as session:
        row = session.get(Project, project.id)
        row.implementer_id = IMPLEMENTER
        row.owner_name, row.owner_role, row.owner_email, row.owner_phone = "María", "Contadora", "m@x.ec", "+593991234567"
        session.add(DiscoveryAnswers(project_id=project.id, answers=answers, updated_at=now, updated_by=IMPLEMENTER,
                                     completed_at=now))
        session.add(PluginRecommendation(project_id=project.id, plugin_id="importaciones", reason="r", status="aceptada",
                                         created_at=now, decided_by=IMPLEMENTER, decided_at=now))
        session.add(WorkSession(team_id=project.team_id, project_id=project.id, starts_at=now + timedelta(days=1),
                                duration_minutes=120, status="agendada", attendees=[IMPLEMENTER], steps=["crear_empresa"],
                                created_by=IMPLEMENTER, created_at=now, updated_at=now))
    return project


def card(bot, project):
    return texts(bot.fake.message(CHANNEL, project.card_ts)["blocks"])


def open_step(bot, user, project, step_id, callback="step"):
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.choose(user, "card.step_select", f"{project.id}:{step_id}", message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view(callback)


def save(bot, user, view, answers):
    """Submit a step's modal that is accepted; returns the notice shown."""
    updates = len(bot.fake.calls_to("chat.update"))
    body = bot.slack.submit(user, view, answers).json()
    assert body and body["response_action"] == "update", body
    bot.fake.wait_for("chat.update", updates + 1)
    return texts(body["view"]["blocks"])


def errors(bot, user, view, answers):
    body = bot.slack.submit(user, view, answers).json()
    assert body["response_action"] == "errors", body
    return body["errors"]


def refusal_to(bot, user, project, step_id):
    before = len(bot.fake.calls_to("response_url"))
    bot.slack.choose(user, "card.step_select", f"{project.id}:{step_id}", message_ts=project.card_ts)
    return bot.fake.wait_for("response_url", before + 1)[-1].args["text"]


def test_a_project_from_step_4_to_closure(bot):
    project = prepared_project(bot)
    bot.slack.command(LEAD, "status andina")
    shown = texts(bot.fake.wait_for("response_url")[-1].args["blocks"])
    assert "▰▰▰▱▱▱▱▱▱▱▱ 3/11" in shown and "👉 4. Creación de la empresa" in shown
    assert t("card.work_on_step", number=4, step="Creación de la empresa y usuario administrador") in shown

    # Step 4 is restricted: an implementer without the flag is refused, naming who may.
    text = refusal_to(bot, IMPLEMENTER, project, "crear_empresa")
    assert text.startswith("No puedes completar la creación de la empresa")
    assert "los implementadores habilitados para crear empresas emisoras" in text

    step4 = open_step(bot, ISSUER, project, "crear_empresa")
    assert t("steps.credentials_warning") in texts(step4["blocks"])
    all4 = ["empresa_creada", "usuario_admin", "credenciales_crm", "credenciales_enviadas"]
    assert errors(bot, ISSUER, step4, {"step.checked": all4, "step.notes": "Usuario admin, clave: Andina2026!"}) == {
        "step.notes": t("steps.error.credential"), "step.sent_on": t("steps.error.sent_on")}
    notice = save(bot, ISSUER, step4, {"step.checked": all4, "step.sent_on": "2026-12-07",
                                       "step.recipient": "m@x.ec", "step.notes": "Credenciales en el CRM."})
    assert t("steps.done", number=4, step="Creación de la empresa y usuario administrador") in notice
    with bot.db.transaction() as session:
        stored = str(session.execute(select(Project)).scalars().one().__dict__)
    assert "Andina2026" not in stored

    # Step 5: the accepted recommendation is marked, and must be activated.
    step5 = open_step(bot, IMPLEMENTER, project, "plugins")
    plugins = next(b for b in step5["blocks"] if b.get("block_id") == "step.activated")["element"]["options"]
    assert next(o for o in plugins if o["value"] == "importaciones")["description"]["text"] == t("steps.plugin_recommended")
    assert errors(bot, IMPLEMENTER, step5, {"step.checked": ["plugins_activados"], "step.activated": ["comisiones"]}) == {
        "step.checked": t("steps.error.plugins_missing", plugins="Importaciones")}
    save(bot, IMPLEMENTER, step5, {"step.checked": ["plugins_activados"], "step.activated": ["importaciones"]})

    # Step 6: each data set loaded with its count, or not applicable.
    step6 = open_step(bot, IMPLEMENTER, project, "migracion")
    loads = {"step.status.clientes": "cargado", "step.records.clientes": "120", "step.status.proveedores": "cargado",
             "step.status.inventario": "no_aplica"}
    assert errors(bot, IMPLEMENTER, step6, loads) == {"step.records.proveedores": t("steps.error.records")}
    notice = save(bot, IMPLEMENTER, step6, {**loads, "step.records.proveedores": "35"})
    assert t("steps.done", number=6, step="Migración y carga de datos") in notice

    # Steps 7 and 8: their checklists; a half-ticked one is saved as progress, not completed.
    step7 = open_step(bot, IMPLEMENTER, project, "parametrizacion")
    items7 = [o["value"] for o in step7["blocks"][1]["element"]["options"]]
    assert t("steps.saved", number=7, step="Parametrización y configuración") in save(
        bot, IMPLEMENTER, step7, {"step.checked": items7[:3]})
    save(bot, IMPLEMENTER, open_step(bot, IMPLEMENTER, project, "parametrizacion"), {"step.checked": items7})
    step8 = open_step(bot, IMPLEMENTER, project, "seguridades")
    save(bot, IMPLEMENTER, step8, {"step.checked": ["usuarios", "roles", "permisos"]})

    # Go-live is refused while training is incomplete; the form says why before submitting.
    golive = open_step(bot, IMPLEMENTER, project, "salida_produccion", callback="go_live")
    assert t("golive.blocker.training") in texts(golive["blocks"])
    acta = {"golive.on": "2026-12-07", "golive.link": "https://crm.minegocio.com.ec/lead/1/acta.pdf",
            "golive.checked": ["acta_firmada", "desarrollos"]}
    refused = errors(bot, IMPLEMENTER, golive, acta)
    assert refused == {"golive.file": t("golive.error.blocked", blockers=t("golive.blocker.training"))}
    assert errors(bot, IMPLEMENTER, golive, {**acta, "golive.link": None}) == {"golive.file": t("golive.error.acta")}

    # Step 9: every module of the accounting edition, dated.
    step9 = open_step(bot, IMPLEMENTER, project, "capacitacion")
    modules = ["introduccion", "inventarios", "ventas", "compras", "cuentas_cobrar", "cuentas_pagar", "contabilidad",
               "gerencial"]
    dated = {f"step.on.{m}": "2026-12-07" for m in modules}
    missing_date = {**dated, "step.on.gerencial": None, "step.modules_done": modules}
    assert errors(bot, IMPLEMENTER, step9, missing_date) == {"step.on.gerencial": t("steps.error.training_date")}
    assert t("steps.saved", number=9, step="Capacitación") in save(
        bot, IMPLEMENTER, step9, {**dated, "step.modules_done": modules[:-1]})
    save(bot, IMPLEMENTER, open_step(bot, IMPLEMENTER, project, "capacitacion"),
         {**dated, "step.modules_done": modules, "step.attendees.ventas": "Ana, Luis"})

    # A custom development goes to the product owner; go-live waits for the answer.
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(IMPLEMENTER, "card.development", str(project.id), message_ts=project.card_ts)
    bot.fake.wait_for("views.open", opened + 1)
    dev_modal = bot.fake.last_view("development")
    bot.slack.submit(IMPLEMENTER, dev_modal, {"dev.description": "Reporte de ventas por vendedor y local",
                                              "dev.asked_by": "María", "dev.urgency": "alta"})
    dm = bot.fake.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == PO)[0]
    assert "Reporte de ventas por vendedor y local" in texts(dm.args["blocks"])
    golive = open_step(bot, IMPLEMENTER, project, "salida_produccion", callback="go_live")
    refused = errors(bot, IMPLEMENTER, golive, acta)["golive.file"]
    assert t("golive.blocker.dev_requests", count=1) in refused

    viable = next(e for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "development.viable")
    opened = len(bot.fake.calls_to("views.open"))
    bot.slack.click(PO, viable["action_id"], viable["value"], channel="D" + PO[1:])
    bot.fake.wait_for("views.open", opened + 1)
    answer = bot.fake.last_view("development_answer")
    assert bot.slack.submit(PO, answer, {"dev.cost": "si", "dev.amount": "1200.50", "dev.priority": "alta"}).body == b""
    answered = bot.fake.wait_for("chat.postMessage", where=lambda c: "El Product Owner respondió" in c.args.get("text", ""))
    assert "*Viable* · con costo de $1.200,50 · prioridad Alta" in answered[0].args["text"]
    bot.fake.wait_for("chat.update", where=lambda c: c.args["channel"] == "D" + PO[1:])
    with bot.db.transaction() as session:
        request = session.scalars(select(DevRequest)).one()
        assert (request.status, request.amount, request.priority) == ("viable", Decimal("1200.50"), "alta")

    # Go-live with the signed acta uploaded in the modal.
    golive = open_step(bot, IMPLEMENTER, project, "salida_produccion", callback="go_live")
    assert "⛔" not in texts(golive["blocks"])
    updates = len(bot.fake.calls_to("chat.update"))
    body = bot.slack.submit(IMPLEMENTER, golive, {**acta, "golive.link": None,
                                                  "golive.file": [{"id": "F0ACTA", "name": "acta-firmada.pdf"}]})
    assert body.body == b""
    bot.fake.wait_for("chat.update", updates + 1)
    stored = projects(bot)[0]
    assert stored.stage is Stage.PRODUCTION and stored.go_live_on == date(2026, 12, 7)
    assert stored.renewal_on == date(2027, 12, 7)  # annual billing: same day next year
    prompt = bot.fake.wait_for("chat.postMessage", where=lambda c: "fecha renovación" in c.args.get("text", ""))[0]
    assert f"<@{LEAD}>" in prompt.args["text"] and "martes 7 de diciembre de 2027" in prompt.args["text"]
    thread = [m["text"] for m in bot.fake.thread(CHANNEL, project.card_ts)]
    assert any("acta-firmada.pdf" in m for m in thread)

    # Only the lead confirms the renewal date; that completes step 10.
    confirm = next(e for b in prompt.args["blocks"] if b["type"] == "actions" for e in b["elements"])
    bot.slack.click(IMPLEMENTER, confirm["action_id"], confirm["value"], message_ts=prompt.args.get("ts", "1.0"))
    assert bot.fake.wait_for("response_url")[-1].args["text"].startswith("No puedes confirmar la fecha de renovación")
    posted_ts = next(m["ts"] for m in bot.fake.thread(CHANNEL, project.card_ts) if "fecha renovación" in m["text"])
    bot.slack.click(LEAD, confirm["action_id"], confirm["value"], message_ts=posted_ts)
    bot.fake.wait_for("chat.update", where=lambda c: c.args.get("ts") == posted_ts)
    assert projects(bot)[0].renewal_confirmed_at == bot.clock.now()
    bot.fake.wait_for("chat.update", where=lambda c: c.args["ts"] == project.card_ts
                      and "▰▰▰▰▰▰▰▰▰▰▱ 10/11" in texts(c.args["blocks"]))

    # Step 11: not before two weeks; then the accounting check closes the project.
    step11 = open_step(bot, IMPLEMENTER, project, "seguimiento")
    early = errors(bot, IMPLEMENTER, step11, {"step.result": "sin_descuadres", "step.checked": ["revision"]})
    assert early == {"step.checked": t("steps.error.follow_up_early", due="2026-12-21")}
    bot.clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=GYE))
    step11 = open_step(bot, IMPLEMENTER, project, "seguimiento")
    assert errors(bot, IMPLEMENTER, step11, {"step.result": "corregidos", "step.checked": ["revision"]}) == {
        "step.fixed": t("steps.error.fixed")}
    notice = save(bot, IMPLEMENTER, step11, {"step.result": "corregidos", "step.fixed": "2", "step.checked": ["revision"]})
    assert t("steps.closed") in notice
    closed = projects(bot)[0]
    assert closed.stage is Stage.CLOSED and closed.closed_at == bot.clock.now()
    shown = card(bot, project)
    assert "▰▰▰▰▰▰▰▰▰▰▰ 11/11" in shown and t("card.closed", when="lunes 21 de diciembre, 09:00") in shown
    bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("text") == t("steps.thread.closed", user=IMPLEMENTER)
                      and c.args.get("thread_ts") == project.card_ts)

    # One audit entry per change, in order.
    actions = [e.action for e in audit(bot, project.id)]
    assert actions == ["project.start", "step.save", "step.save", "step.save", "step.save", "step.save", "step.save",
                       "step.save", "step.save", "development.request", "development.answer", "project.go_live",
                       "project.renewal_confirmed", "step.save", "project.close"]


def test_satisfaction_check_closes_a_non_accounting_project(bot):
    project = start_project(bot, product="facturacion")
    with bot.db.transaction() as session:
        row = session.get(Project, project.id)
        row.implementer_id, row.stage, row.go_live_on = IMPLEMENTER, "produccion", date(2026, 11, 20)
    step11 = open_step(bot, IMPLEMENTER, project, "seguimiento")
    assert "step.result" not in {b.get("block_id") for b in step11["blocks"]}
    save(bot, IMPLEMENTER, step11, {"step.satisfaction": "5", "step.checked": ["revision"]})
    assert projects(bot)[0].stage is Stage.CLOSED


def test_others_may_not_work_on_the_steps(bot):
    project = prepared_project(bot)
    for user in (STRANGER, "UBILLING"):
        assert refusal_to(bot, user, project, "parametrizacion").startswith(
            "No puedes trabajar en los pasos de este proyecto.")


def test_history_shows_the_latest_changes(bot):
    project = prepared_project(bot)
    save(bot, IMPLEMENTER, open_step(bot, IMPLEMENTER, project, "seguridades"),
         {"step.checked": ["usuarios", "roles", "permisos"]})
    before = len(bot.fake.calls_to("response_url"))
    bot.slack.click(LEAD, "card.history", str(project.id), message_ts=project.card_ts)
    reply = bot.fake.wait_for("response_url", before + 1)[-1].args
    shown = texts(reply["blocks"])
    assert reply["response_type"] == "ephemeral"
    lines = [line for line in shown.splitlines() if line.startswith("• ")]
    assert lines[0] == t("history.line", when="lun 7 dic, 09:00", user=IMPLEMENTER,
                         what=t("history.action.step.save") + " (seguridades)")
    assert lines[-1].endswith(t("history.action.project.start"))

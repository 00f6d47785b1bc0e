"""Every surface the app can produce, rendered with hard cases and checked against Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.permissions import Actor, Role
from bot.projects import Field, ProjectSnapshot, Stage
from handlers.blocks.card import project_card
from handlers.blocks.help import help_message
from handlers.blocks.home import home_view
from handlers.blocks.notice import notice_modal
from handlers.blocks.prerequisites import prerequisites_modal
from handlers.blocks.roles import roles_modal, roles_saved
from handlers.blocks.start import start_modal
from handlers.blocks.status import matches_message
from tests.helpers import texts
from tests.slack_limits import check_message, check_view

GYE = ZoneInfo("America/Guayaquil")
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
HOSTILE = ("<!channel> Pérez & Hijos <b>Cía.</b> " * 10)[:200]


def project(**changes) -> ProjectSnapshot:
    base = dict(
        id=123456, team_id="T1", client_name="Ferretería Andina S.A.", ruc="1790085783001", ruc_kind="sociedad",
        ruc_checksum_warning=False, product="contable", company_size="mediana", issuer_type="sociedad",
        billing_type="anual", implemented_by="interno", advisor_id=None, estimated_hours=12.0,
        stage=Stage.IMPLEMENTATION, process_version="2026.12.1", created_at=NOW, created_by="U1",
        entered_implementation_at=NOW, closed_at=None, card_channel_id="C1", card_ts="1.1",
        met_prerequisites=frozenset({"contrato_firmado", "factura_emitida", "primer_pago"}),
    )
    return ProjectSnapshot(**{**base, **changes})


PROJECTS = {
    "implementation": project(),
    "pending_with_warning": project(stage=Stage.PREREQUISITES, ruc_checksum_warning=True, entered_implementation_at=None,
                                    met_prerequisites=frozenset()),
    "advisor": project(implemented_by="asesor", advisor_id="UADVISOR"),
    "hostile_name": project(client_name=HOSTILE),
    "unknown_catalog_ids": project(product="retirado", company_size="xl", issuer_type="?", billing_type="?",
                                   estimated_hours=None),
}


@pytest.mark.parametrize("name", PROJECTS)
def test_project_cards(process, name):
    body = project_card(PROJECTS[name], process, GYE)
    assert check_message(body) == []


def test_user_text_cannot_ping_the_channel_or_inject_links(process):
    body = matches_message(HOSTILE, [project(client_name=HOSTILE)], 1, process)
    mrkdwn = texts(body["blocks"])
    assert "<!channel>" not in mrkdwn and "&lt;!channel&gt;" in mrkdwn
    assert "<b>" not in mrkdwn


def test_card_header_is_plain_text_so_the_name_shows_as_typed(process):
    card = project_card(project(client_name="Pérez & Hijos"), process, GYE)
    assert card["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "🏢 Pérez & Hijos", "emoji": True}}


@pytest.mark.parametrize("unknown", [None, "borrar", "x" * 5000])
def test_help(unknown):
    assert check_message(help_message(unknown)) == []


@pytest.mark.parametrize(
    "draft",
    [
        None,
        {Field.CLIENT: "Ferretería", Field.RUC: "1790085783001", Field.PRODUCT: "contable", Field.SIZE: "grande",
         Field.ISSUER_TYPE: "sociedad", Field.BILLING_TYPE: "anual", Field.IMPLEMENTED_BY: "asesor",
         Field.ADVISOR: "UADVISOR", Field.PREREQUISITES: ["primer_pago"]},
        # A draft written under an older process file: unknown values are dropped, not shown.
        {Field.CLIENT: "x" * 500, Field.PRODUCT: "retirado", Field.PREREQUISITES: ["otro"], Field.ADVISOR: 42},
    ],
)
def test_start_modal(process, draft):
    view = start_modal(process, draft, channel_id="C0123")
    assert check_view(view) == []


def test_prerequisites_modal(process):
    for snapshot in PROJECTS.values():
        assert check_view(prerequisites_modal(snapshot, process)) == []


def test_roles_modal_with_a_huge_team():
    team = {role: [f"U{n:08d}" for n in range(300)] for role in Role}
    assert check_view(roles_modal(team)) == []
    view = roles_modal(team, user_id="U1", roles=frozenset(Role), may_create_issuers=True, configured_admin=True)
    assert check_view(view) == []
    assert check_view(roles_saved("U1", frozenset(Role))) == []


@pytest.mark.parametrize("count,total", [(0, 0), (2, 2), (10, 500)])
def test_status_matches(process, count, total):
    projects = [project(id=n, client_name=HOSTILE) for n in range(count)]
    assert check_message(matches_message("q" * 3000, projects, total, process)) == []


@pytest.mark.parametrize("roles", [frozenset(), frozenset({Role.BILLING}), frozenset(Role)])
def test_home(roles):
    assert check_view(home_view(Actor("U1", roles))) == []


def test_notice():
    assert check_view(notice_modal("impl-bot", "x" * 5000)) == []


def test_the_checker_itself_catches_violations():
    """A limits checker that never fails proves nothing."""
    assert check_message({"blocks": [{"type": "divider"}] * 51, "text": "x"})
    assert check_message({"blocks": [{"type": "divider"}]})  # no text fallback
    assert check_view({"type": "modal", "title": {"type": "plain_text", "text": "x" * 25}, "blocks": [{"type": "divider"}]})
    assert check_view({"type": "modal", "title": {"type": "plain_text", "text": "x"},
                       "blocks": [{"type": "input", "block_id": "a", "label": {"type": "plain_text", "text": "l"},
                                   "element": {"type": "plain_text_input", "action_id": "v"}}]})  # no submit
    option = {"text": {"type": "plain_text", "text": "x" * 76}, "value": "v"}
    assert check_view({"type": "home", "blocks": [{"type": "actions", "elements": [
        {"type": "static_select", "action_id": "a", "options": [option]}]}]})
    radio = [{"text": {"type": "plain_text", "text": str(n)}, "value": str(n)} for n in range(11)]
    assert check_view({"type": "home", "blocks": [{"type": "actions", "elements": [
        {"type": "radio_buttons", "action_id": "a", "options": radio}]}]})


# -- issue 3: clocks on the card, intake modals, /impl agendar ------------------------------------------

from datetime import timedelta  # noqa: E402

from bot.calendar import BusinessCalendar  # noqa: E402
from bot.sla import SlaState, project_clocks  # noqa: E402
from handlers.blocks.intake import assign_modal, contact_modal, kickoff_modal  # noqa: E402
from handlers.blocks.schedule import (  # noqa: E402
    choose_project_message,
    confirm_message,
    examples_message,
    scheduled_message,
    session_modal,
)

CAL = BusinessCalendar.default()
ENTERED = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "now", "states"),
    [
        ({}, ENTERED + timedelta(hours=1), (SlaState.PENDING, SlaState.PENDING)),
        ({}, ENTERED + timedelta(days=10), (SlaState.BREACHED, SlaState.BREACHED)),
        ({"contacted_at": ENTERED + timedelta(hours=1), "contact_channel": "llamada", "contact_notes": HOSTILE,
          "kickoff_at": ENTERED + timedelta(days=2), "kickoff_modality": "virtual", "kickoff_place": HOSTILE,
          "implementer_id": "UIMPL", "next_session_at": ENTERED + timedelta(days=3)},
         ENTERED + timedelta(days=1), (SlaState.MET, SlaState.MET)),
        ({"contacted_at": ENTERED + timedelta(days=2), "contact_channel": "retirado",
          "kickoff_at": ENTERED + timedelta(days=20), "kickoff_client_decision": True, "kickoff_reason": HOSTILE * 10,
          "kickoff_modality": "?", "kickoff_place": "x"},
         ENTERED + timedelta(days=3), (SlaState.MET_LATE, SlaState.WAIVED)),
    ],
)
def test_cards_with_both_clocks(process, changes, now, states):
    snapshot = project(entered_implementation_at=ENTERED, **changes)
    clocks = project_clocks(snapshot, now, CAL)
    assert tuple(c.state for c in clocks) == states
    body = project_card(snapshot, process, GYE, clocks=clocks, now=now)
    assert check_message(body) == []
    assert "<!channel>" not in texts(body["blocks"])


def test_intake_modals(process):
    snapshot = project(client_name=HOSTILE, kickoff_place="p" * 600, kickoff_reason="r" * 3000,
                       kickoff_client_decision=True, implementer_id="U1")
    assert check_view(contact_modal(snapshot, process, NOW)) == []
    many = [f"U{n:08d}" for n in range(400)]
    assert check_view(assign_modal(snapshot, many, many)) == []
    assert check_view(assign_modal(project(), [], [])) == []
    assert check_view(kickoff_modal(snapshot, process, deadline=NOW, suggested=NOW, tz=GYE)) == []


@pytest.mark.parametrize("warning", [None, "Ese día es feriado (Navidad)."])
def test_agendar_messages(warning):
    snapshot = project(client_name=HOSTILE)
    assert check_message(confirm_message(snapshot, NOW, GYE, warning)) == []
    assert check_message(scheduled_message(snapshot, NOW, GYE, created=True)) == []
    assert check_message(examples_message("x" * 4000)) == []
    assert check_message(choose_project_message("q" * 500, [snapshot] * 5, 900)) == []
    assert check_view(session_modal(snapshot, NOW, metadata='{"p": 1, "r": "' + "u" * 2000 + '"}')) == []


# -- issue 4: questionnaire, owner, schedule -------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from bot.discovery import pages  # noqa: E402
from bot.sessions import SessionView  # noqa: E402
from handlers.blocks.discovery import page_modal, recommendations_message, saved_modal, summary_message  # noqa: E402
from handlers.blocks.owner import owner_modal  # noqa: E402
from handlers.blocks.sessions import (  # noqa: E402
    cancel_modal,
    plan_session_modal,
    reschedule_modal,
    timeline_message,
)

FULL = {"giro": "g" * 3000, "flujo_operativo": "f" * 3000, "vendedores_externos": "si", "vendedores_cuantos": 100000,
        "locales": 3, "organigrama": HOSTILE, "importaciones": "no", "sistema_actual": "si", "sistema_cual": "s" * 3000,
        "necesidades": "n" * 3000, "promociones": "si", "comisiones": "ambas", "otras": "o" * 3000}


@pytest.mark.parametrize("answers", [{}, FULL, {"comisiones": "retirada", "locales": "x"}])
def test_questionnaire_pages(process, answers):
    for page in pages(process):
        assert check_view(page_modal(project(client_name=HOSTILE), process, page, answers)) == []
    assert check_message(summary_message(project(client_name=HOSTILE), answers, process)) == []
    assert check_view(saved_modal(3, 11, [q.label for q in process.questionnaire])) == []


def test_recommendations_in_every_state(process):
    recs = [SimpleNamespace(plugin_id=p.id, reason=HOSTILE, status=status, decided_by="U1")
            for p, status in zip(process.plugins, ["pendiente", "aceptada", "rechazada"] * 3)]
    assert check_message(recommendations_message(project(), recs, process)) == []
    assert check_message(recommendations_message(project(), [], process)) == []


def test_owner_modal():
    assert check_view(owner_modal(project())) == []
    filled = project(owner_name="n" * 200, owner_role="r" * 120, owner_email="e" * 240 + "@x.ec", owner_phone="+593991234567")
    assert check_view(owner_modal(filled)) == []


def session_view(n: int, **changes) -> SessionView:
    base = dict(id=n, project_id=1, starts_at=NOW + timedelta(hours=n), duration_minutes=90, modality="virtual",
                place=HOSTILE, attendees=tuple(f"U{i:08d}" for i in range(30)), client_attendees=HOSTILE * 5,
                steps=("crear_empresa", "plugins", "retirado"), sequence=0, cancelled=False, created_by="U1")
    return SessionView(**{**base, **changes})


@pytest.mark.parametrize("count", [0, 1, 60])
def test_timeline(process, count):
    body = timeline_message(project(client_name=HOSTILE), [session_view(n) for n in range(count)], process, GYE)
    assert check_message(body) == []


def test_session_modals(process):
    assert check_view(plan_session_modal(project(client_name=HOSTILE), process, starts_at=NOW,
                                         attendees=[f"U{n:08d}" for n in range(10)])) == []
    assert check_view(reschedule_modal(project(), session_view(1), GYE)) == []
    assert check_view(cancel_modal(project(client_name=HOSTILE), session_view(1), GYE)) == []


# -- issue 5: steps 4–11, go-live, developments, hours, history ------------------------------------------

from datetime import date as _date  # noqa: E402
from decimal import Decimal  # noqa: E402

from bot.steps import StepRecord  # noqa: E402
from handlers.blocks.steps import step_modal  # noqa: E402
from handlers.blocks.work import (  # noqa: E402
    development_answer_modal,
    development_dm,
    development_modal,
    go_live_modal,
    history_message,
    hours_modal,
    renewal_done,
    renewal_prompt,
)

RECORDS = {
    "crear_empresa": StepRecord("crear_empresa", frozenset({"empresa_creada"}), {"sent_on": "2026-12-07",
                                                                                 "recipient": "x" * 254}, HOSTILE),
    "migracion": StepRecord("migracion", frozenset(), {"datasets": {"clientes": {"status": "cargado", "records": 10**7}}}),
    "capacitacion": StepRecord("capacitacion", frozenset(), {"modules": {"ventas": {"done": True, "on": "2026-12-07",
                                                                                    "attendees": "a" * 500}}}),
    "seguimiento": StepRecord("seguimiento", frozenset({"revision"}), {"result": "corregidos", "fixed": 3}),
}


@pytest.mark.parametrize("product", ["contable", "facturacion"])
def test_every_step_modal(process, product):
    snapshot = project(client_name=HOSTILE, product=product, step_records=RECORDS, accepted_plugins=frozenset({"importaciones"}),
                       go_live_on=_date(2026, 12, 7), owner_email="m@x.ec")
    for step in process.steps:
        assert check_view(step_modal(snapshot, process, step)) == [], step.id


@pytest.mark.parametrize("stage", [Stage.IMPLEMENTATION, Stage.PRODUCTION, Stage.CLOSED])
def test_cards_along_the_steps(process, stage):
    snapshot = project(stage=stage, step_records=RECORDS, hours_logged=13.25, go_live_on=_date(2026, 12, 7),
                       renewal_on=_date(2027, 12, 7), closed_at=NOW if stage is Stage.CLOSED else None,
                       entered_implementation_at=ENTERED)
    clocks = project_clocks(snapshot, NOW, CAL)
    body = project_card(snapshot, process, GYE, clocks=clocks, now=NOW)
    assert check_message(body) == []
    assert len(body["blocks"]) <= 50


def test_go_live_renewal_developments_hours_history(process):
    snapshot = project(client_name=HOSTILE)
    blockers = ["la capacitación (paso 9) no está completa.", "falta el acta"] * 20
    assert check_view(go_live_modal(snapshot, process.step("salida_produccion"), blockers, _date(2026, 12, 7))) == []
    assert check_message(renewal_prompt(snapshot, _date(2027, 12, 7), "renovación anual", [f"U{n:08d}" for n in range(50)])) == []
    assert check_message(renewal_done(snapshot, _date(2027, 12, 7), "U1")) == []
    assert check_view(development_modal(snapshot)) == []
    for status in ("pendiente", "viable", "no_viable"):
        request = SimpleNamespace(id=1, description=HOSTILE * 10, asked_by="a" * 200, urgency="alta", created_by="U1",
                                  status=status, has_cost=True, amount=Decimal("1200.50"), priority="media",
                                  answered_by="U2", answer_notes=HOSTILE)
        assert check_message(development_dm(request, snapshot, "https://fake/link")) == []
        assert check_view(development_answer_modal(request, status == "viable")) == []
    assert check_view(hours_modal(snapshot, process, _date(2026, 12, 7), "capacitacion")) == []
    every_step = {s.id: Decimal("23.75") for s in process.steps} | {None: Decimal("1")}
    assert check_view(hours_modal(snapshot, process, _date(2026, 12, 7), by_step=every_step)) == []
    entries = [SimpleNamespace(action=a, at=NOW, actor_id="U1", details={"before": HOSTILE, "after": HOSTILE, "step": "x"})
               for a in ["project.start", "step.save", "desconocida"] * 5]
    assert check_message(history_message(snapshot, entries, GYE)) == []


# -- issue 6: reminders, the digest, the mutes form -------------------------------------------------------

from bot.reminders import SENT_ALONE, THREAD, DigestItem, Item, Kind, Outgoing, ProjectFacts  # noqa: E402
from handlers.blocks.reminders import digest_message, mutes_modal, reminder_message  # noqa: E402

FACTS = ProjectFacts(project_id=1, team_id="T1", client_name=HOSTILE, stage="implementacion", entered_at=NOW,
                     contacted_at=None, kickoff_at=None, implementer_id="U1", updated_at=NOW)


@pytest.mark.parametrize("recipient", ["U1", THREAD])
def test_reminder_messages(recipient):
    items = tuple(Item(n, kind, {"deadline": NOW.isoformat(), "starts_at": NOW.isoformat(), "since": NOW.isoformat(),
                                 "go_live_on": "2026-12-07"}) for n, kind in enumerate(SENT_ALONE) for _ in range(5))
    assert check_message(reminder_message(Outgoing("T1", recipient, FACTS, items), GYE)) == []
    only_dev = (Item(1, Kind.DEV_UNANSWERED, {}),)
    body = reminder_message(Outgoing("T1", recipient, FACTS, only_dev), GYE)
    assert check_message(body) == []
    assert "reminder.done" not in str(body)  # a product owner answers with Viable / No viable instead


def test_digest_with_hundreds_of_projects():
    items = tuple(DigestItem(kind, n, HOSTILE, NOW) for n in range(500) for kind in (Kind.CONTACT_BREACHED, Kind.UNASSIGNED))
    failures = tuple(SimpleNamespace(kind="contacto_vencido", last_error="x" * 300) for _ in range(40))
    body = digest_message(Outgoing("T1", "U1", None, (Item(1, Kind.DIGEST, {}),), items, failures), GYE)
    assert check_message(body) == []


def test_mutes_modal():
    assert check_view(mutes_modal(set())) == []
    assert check_view(mutes_modal({k.value for k in Kind})) == []


# -- issue 7: the portfolio page and the App Home dashboards ----------------------------------------------

from bot.portfolio import ImplementerDashboard, LeadDashboard, Page, View  # noqa: E402
from handlers.blocks.portfolio import status_page  # noqa: E402

SUMMARY = {"open": 5000, "prerrequisitos": 100, "implementacion": 4000, "produccion": 900, "breached": 300,
           "at_risk": 400, "unassigned": 250}


@pytest.mark.parametrize("offset,total", [(0, 5000), (15, 31), (4995, 5000), (0, 0)])
@pytest.mark.parametrize("view", [View.PORTFOLIO, View.MINE, View.BREACHED, View.IMPLEMENTER])
def test_portfolio_pages(process, offset, total, view):
    projects = [project(id=n, client_name=HOSTILE, entered_implementation_at=ENTERED, implementer_id="UIMPL",
                        hours_logged=12.5, next_session_at=NOW) for n in range(min(15, total))]
    page = Page(view, "U1", SUMMARY, projects, total, offset, 15, True)
    body = status_page(page, process, NOW, CAL)
    assert check_message(body) == []


def test_homes_at_full_size(process):
    many = [project(id=n, client_name=HOSTILE, entered_implementation_at=ENTERED) for n in range(8)]
    load = {f"U{n:08d}": {"open": n, "hours": Decimal("37.5")} for n in range(40)}
    lead = LeadDashboard(SUMMARY, many, many, load)
    sessions = [(session_view(n), HOSTILE) for n in range(5)]
    mine = ImplementerDashboard(many, 250, sessions)
    view = home_view(Actor("U1", frozenset(Role)), lead=lead, mine=mine, process=process, now=NOW, cal=CAL)
    assert check_view(view) == []
    assert check_view(home_view(Actor("U1", frozenset({Role.IMPLEMENTER})), mine=ImplementerDashboard([], 0, []),
                                process=process, now=NOW, cal=CAL)) == []

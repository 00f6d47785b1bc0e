"""The lead's portfolio end to end with 300 projects: pages within Slack's limits, order by urgency, filters,
who sees what, the App Home, the CSV export and the chart."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from stdnum.ec import ci

from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.permissions import Actor, Role
from bot.projects import IntakeForm, validate_intake
from bot.usecases import projects as project_cases
from handlers.exports import COLUMNS
from storage.models import Project
from tests.conftest import ADMIN, GYE, IMPLEMENTER, LEAD
from tests.fake_slack import TEAM_ID
from tests.helpers import texts

OTHER = "UOTHERIMPL"
N = 300


def ruc(n: int) -> str:
    first = f"17{n:07d}"
    return next(first + d for d in "0123456789" if ci.is_valid(first + d)) + "001"


@pytest.fixture
def portfolio(bot, process):
    """300 projects entered over the last two weeks: breached, at risk, running, contacted, kicked off, closed."""
    bot.grant(OTHER, Role.IMPLEMENTER)
    cal = BusinessCalendar.default()
    admin = Actor(ADMIN, frozenset({Role.ADMIN}))
    now = bot.clock.now()
    with bot.db.transaction() as session:
        for n in range(N):
            entered = now - timedelta(hours=n * 1.1)
            prerequisites = set() if n % 25 == 0 else {"contrato_firmado", "factura_emitida", "primer_pago"}
            intake, _ = validate_intake(IntakeForm(
                client_name=f"Cliente {n:03d}", ruc=ruc(n), product="facturacion", size="pequena",
                issuer_type="sociedad", billing_type="anual", implemented_by="interno",
                prerequisites=frozenset(prerequisites)), process)
            snap = project_cases.start_project(session, team_id=TEAM_ID, actor=admin, intake=intake, process=process,
                                               now=entered, origin_channel_id="C0CARDS", cal=cal)
            row = session.get(Project, snap.id)
            row.implementer_id = IMPLEMENTER if n % 3 == 0 else (OTHER if n % 3 == 1 else None)
            if n % 4 == 0 and row.entered_implementation_at:
                row.contacted_at = entered + timedelta(hours=1)
            if n % 8 == 0 and row.contacted_at:
                row.kickoff_at = entered + timedelta(days=2)
            if n % 50 == 49:
                row.closed_at, row.stage = now, "cerrado"
            project_cases.refresh_deadlines(row, cal)
    return N


def status(bot, user, text=""):
    before = len(bot.fake.calls_to("response_url"))
    bot.slack.command(user, f"status {text}".strip())
    return bot.fake.wait_for("response_url", before + 1)[-1].args


def pages(bot, user, first):
    """Follow 'Siguiente' to the end; every page is checked against Slack's limits by the fake."""
    reply, seen = first, [first]
    while True:
        buttons = {e["action_id"]: e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]}
        nxt = next((e for e in buttons.values() if e["action_id"] == "status.page" and "▶" in e["text"]["text"]), None)
        if nxt is None:
            return seen
        before = len(bot.fake.calls_to("response_url"))
        bot.slack.click(user, "status.page", nxt["value"])
        reply = bot.fake.wait_for("response_url", before + 1)[-1].args
        assert reply["replace_original"] is True
        seen.append(reply)


def rows_of(reply):
    return [b for b in reply["blocks"] if b["type"] == "section" and b.get("accessory", {}).get("action_id") ==
            "status.show_project"]


def test_the_leads_portfolio_pages_by_urgency_within_limits(bot, portfolio):
    first = status(bot, LEAD)
    shown = texts(first["blocks"])
    assert "📊 Portafolio de implementación" in shown
    assert "*294* abiertos" in shown and "1–15 de 294" in shown
    assert len(first["blocks"]) <= 50
    every = pages(bot, LEAD, first)
    assert len(every) == 20 and "286–294 de 294" in texts(every[-1]["blocks"])
    lines = [texts([row]) for page in every for row in rows_of(page)]
    assert len(lines) == 294 and len(set(lines)) == 294
    rank = [0 if "🔴" in line else 1 if "⚠️" in line else 2 if "⏳" in line else 3 for line in lines]
    assert rank == sorted(rank), "breached first, then at risk, then the rest"
    assert rank[0] == 0 and 3 in rank
    previous = next(e for b in every[1]["blocks"] if b["type"] == "actions" for e in b["elements"] if "◀" in e["text"]["text"])
    assert json.loads(previous["value"])["o"] == 0


def test_filters(bot, portfolio):
    breached = status(bot, LEAD, "vencidos")
    assert "🔴 Proyectos con plazos vencidos" in texts(breached["blocks"])
    assert all("🔴" in texts([row]) for row in rows_of(breached))
    of_other = status(bot, LEAD, f"<@{OTHER}|otro>")
    assert all(f"<@{OTHER}>" in texts([row]) for row in rows_of(of_other))
    one = status(bot, LEAD, "Cliente 042")
    assert "🏢 Cliente 042" in texts(one["blocks"])
    mine = status(bot, IMPLEMENTER, "mios")
    assert "1–15 de 98" in texts(mine["blocks"])


def test_implementers_see_only_their_own(bot, portfolio):
    reply = status(bot, IMPLEMENTER)
    shown = texts(reply["blocks"])
    assert "📊 Mis proyectos" in shown and "de 98" in shown
    every = pages(bot, IMPLEMENTER, reply)
    assert all(f"<@{IMPLEMENTER}>" in texts([row]) for page in every for row in rows_of(page))
    assert not any(f"<@{OTHER}>" in texts(page["blocks"]) for page in every)


def test_app_home_for_a_lead_and_an_implementer(bot, portfolio):
    bot.slack.event({"type": "app_home_opened", "user": LEAD, "channel": "D1", "tab": "home"})
    bot.slack.event({"type": "app_home_opened", "user": IMPLEMENTER, "channel": "D2", "tab": "home"})
    bot.fake.wait_for("views.publish", 2)
    lead, implementer = bot.fake.homes[LEAD], bot.fake.homes[IMPLEMENTER]
    assert len(lead["blocks"]) <= 100 and len(implementer["blocks"]) <= 100
    lead_text = texts(lead["blocks"])
    for expected in ("📊 Portafolio", "🔴 Plazos vencidos", "👤 Sin implementador", "Carga del equipo",
                     f"<@{IMPLEMENTER}>: 98 proyecto(s)"):
        assert expected in lead_text
    mine = texts(implementer["blocks"])
    assert "🛠️ Mis proyectos (98)" in mine
    steps = [b["accessory"] for b in implementer["blocks"] if b.get("accessory", {}).get("action_id") == "card.step"]
    assert steps and all(s["value"].endswith(":conocimiento") for s in steps)  # nobody started step 1 yet


def test_the_home_is_republished_only_when_it_changed(bot, portfolio):
    bot.slack.event({"type": "app_home_opened", "user": LEAD, "channel": "D1", "tab": "home"})
    bot.fake.wait_for("views.publish")
    bot.runtime.reminders.run()  # projects were planned for the first time: the Home may change
    publishes = len(bot.fake.calls_to("views.publish"))
    bot.runtime.reminders.run()  # nothing changed
    assert len(bot.fake.calls_to("views.publish")) == publishes
    with bot.db.transaction() as session:
        project = session.query(Project).filter_by(client_name="Cliente 001").one()
        project.implementer_id, project.updated_at = IMPLEMENTER, bot.clock.now()
    bot.runtime.reminders.run()
    assert len(bot.fake.calls_to("views.publish")) == publishes + 1


def test_csv_export_opens_in_a_spreadsheet(bot, portfolio):
    reply = status(bot, LEAD)
    export = next(e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "status.export")
    bot.slack.click(LEAD, "status.export", export["value"])
    bot.fake.wait_for("files.completeUploadExternal", timeout=60)
    [upload] = bot.fake.files.values()
    assert upload["channel"] == "D" + LEAD[1:] and upload["filename"].endswith(".csv")
    content = upload["content"]
    assert content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [t(f"export.column.{c}") for c in COLUMNS]
    assert len(table) == 1 + N and all(len(row) == len(COLUMNS) for row in table)
    by_client = {row[1]: row for row in table[1:]}
    assert by_client["Cliente 000"][COLUMNS.index("implementer")] == f"Persona {IMPLEMENTER}"
    assert by_client["Cliente 049"][COLUMNS.index("closed_at")] != ""


def test_weekly_chart_is_a_png(bot, portfolio):
    status(bot, LEAD, "gráfico")
    bot.fake.wait_for("files.completeUploadExternal", timeout=60)
    [upload] = bot.fake.files.values()
    assert upload["content"].startswith(b"\x89PNG\r\n\x1a\n") and len(upload["content"]) > 5000
    assert upload["filename"].endswith(".png")


def test_the_monday_digest_comes_with_the_chart(bot, portfolio):
    bot.runtime.reminders.run(now=datetime(2026, 12, 14, 8, 30, tzinfo=GYE))  # a Monday
    bot.fake.wait_for("files.completeUploadExternal", timeout=60)
    assert any(f["content"].startswith(b"\x89PNG") and f["channel"] == "D" + LEAD[1:] for f in bot.fake.files.values())

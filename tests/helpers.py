"""Shared steps of the end-to-end tests: what users do, and what was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.projects import ProjectSnapshot
from storage import projects as project_store
from storage.models import AuditEntry, Project
from tests.conftest import BILLING, CHANNEL, RunningBot

FORM: dict[str, Any] = {
    "start.client": "Ferretería Andina S.A.",
    "start.ruc": "1790085783001",
    "start.product": "contable",
    "start.size": "mediana",
    "start.issuer_type": "sociedad",
    "start.billing_type": "anual",
    "start.implemented_by": "interno",
    "start.prerequisites": ["contrato_firmado", "factura_emitida", "primer_pago"],
}


def open_start(bot: RunningBot, user: str = BILLING, channel: str = CHANNEL) -> dict[str, Any]:
    opened = len(bot.fake.calls_to("views.open"))
    response = bot.slack.command(user, "start", channel)
    assert response.status == 200
    bot.fake.wait_for("views.open", opened + 1)
    return bot.fake.last_view("start_project")


def start_project(bot: RunningBot, user: str = BILLING, channel: str = CHANNEL, **changes: Any) -> ProjectSnapshot:
    """Run /impl start and submit the form; wait until the card's thread message was posted."""
    in_thread = lambda call: bool(call.args.get("thread_ts"))  # noqa: E731
    threads = len([c for c in bot.fake.calls_to("chat.postMessage") if in_thread(c)])
    view = open_start(bot, user, channel)
    answers = {**FORM, **{f"start.{k}": v for k, v in changes.items()}}
    response = bot.slack.submit(user, view, answers)
    assert response.status == 200 and response.body == b"", response.body
    bot.fake.wait_for("chat.postMessage", threads + 1, where=in_thread)  # the card's first thread message
    [project] = [p for p in projects(bot) if p.ruc == answers["start.ruc"].replace(" ", "")]
    return project


def projects(bot: RunningBot) -> list[ProjectSnapshot]:
    with bot.db.transaction() as session:
        return [project_store.snapshot(p) for p in session.scalars(select(Project).order_by(Project.id))]


def audit(bot: RunningBot, project_id: int | None = None) -> list[AuditEntry]:
    with bot.db.transaction() as session:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if project_id is not None:
            stmt = stmt.where(AuditEntry.project_id == project_id)
        return list(session.scalars(stmt))


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in a list of blocks, for 'the user sees X' assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)

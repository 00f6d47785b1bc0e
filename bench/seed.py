"""Seeding many projects fast for the benchmarks: one project made by the real use case, copied in bulk.

The template goes through `start_project` (validation, deadlines, prerequisites) and through a real
reminders pass, so its outbox rows are what the planner really produces; the copies differ in id, name,
RUC, entry time and outbox keys, and count as planned (the steady state of a running bot).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from stdnum.ec import ci

from bot.calendar import BusinessCalendar
from bot.config import database_url
from bot.permissions import Actor, Role
from bot.process import ProcessDefinition
from bot.projects import IntakeForm, validate_intake
from bot.usecases import projects as project_cases
from bot.usecases.reminders import run_pass
from bot.reminders import SendResult
from storage import roles as role_store
from storage.db import Database
from storage.models import Project, ProjectPrerequisite, ReminderOutbox

CHUNK = 5000
ADMIN = Actor("UADMIN", frozenset({Role.ADMIN}))


class Discard:
    """A sender for the template's planning pass (nothing is due then, so nothing is sent)."""

    def send(self, message) -> SendResult:
        return SendResult(ok=True, channel="D0", ts="1.0")

    def report_failure(self, *args) -> None:
        pass


def ruc(n: int) -> str:
    """A unique 13-digit RUC-shaped string (the database does not check the digit; the form does)."""
    return f"{n + 1:010d}001"


def valid_ruc(n: int) -> str:
    """A valid natural person's RUC (cédula with its check digit + 001), different for each n."""
    first = f"17{n:07d}"
    return next(first + d for d in "0123456789" if ci.is_valid(first + d)) + "001"


def intake(process: ProcessDefinition, name: str, ruc_: str = "1790085783001"):
    form = IntakeForm(client_name=name, ruc=ruc_, product="comercial", size="mediana", issuer_type="sociedad",
                      billing_type="anual", implemented_by="interno",
                      prerequisites=frozenset({"contrato_firmado", "factura_emitida", "primer_pago"}))
    value, errors = validate_intake(form, process)
    assert not errors, errors
    return value


def grant_lead(db: Database, team_id: str, lead: str, now: datetime) -> None:
    with db.transaction() as session:
        role_store.replace(session, team_id, lead, {Role.LEAD.value}, may_create_issuers=False, by="UADMIN", at=now)


def seed_steady(db: Database, process: ProcessDefinition, cal: BusinessCalendar, *, team_id: str, count: int,
                now: datetime, implementers: int = 12) -> None:
    """`count` open projects under way (contacted, assigned, start scheduled), their reminders planned for later
    than `now`: nothing in them needs the lead, as in the steady state of a well-run portfolio."""
    entered = now - timedelta(days=1)
    with db.transaction() as session:
        snap = project_cases.start_project(session, team_id=team_id, actor=ADMIN, intake=intake(process, "Plantilla"),
                                           process=process, now=entered, origin_channel_id="C0CARDS", cal=cal)
        row = session.get(Project, snap.id)
        row.contacted_at, row.contact_channel, row.contacted_by = entered + timedelta(hours=1), "llamada", "ULEAD"
        row.implementer_id, row.assigned_at, row.assigned_by = "UIMPL0", entered + timedelta(hours=1), "ULEAD"
        row.kickoff_at, row.kickoff_modality, row.kickoff_place = now + timedelta(days=2), "virtual", "Meet"
        row.kickoff_scheduled_at, row.kickoff_scheduled_by = entered + timedelta(hours=1), "ULEAD"
        row.card_channel_id, row.card_ts = "C0CARDS", "1700000000.000100"
        project_cases.refresh_deadlines(row, cal)
    run_pass(db, Discard(), now=entered + timedelta(hours=2), cal=cal, instance="seed", plan_limit=10)
    with db.transaction() as session:
        template = dict(session.execute(select(Project.__table__).where(Project.id == snap.id)).mappings().one())
        prerequisites = [dict(r) for r in session.execute(
            select(ProjectPrerequisite.__table__).where(ProjectPrerequisite.project_id == snap.id)).mappings()]
        outbox = [dict(r) for r in session.execute(
            select(ReminderOutbox.__table__).where(ReminderOutbox.project_id == snap.id)).mappings()]
        first = session.scalar(select(Project.id).order_by(Project.id.desc()).limit(1)) + 1
    later = [r for r in outbox if r["status"] == "pendiente"]
    shift = max((now + timedelta(days=7) - min(r["due_at"] for r in later)), timedelta(0)) if later else timedelta(0)
    for start in range(0, count - 1, CHUNK):
        ids = range(first + start, first + min(count - 1, start + CHUNK))
        with db.transaction() as session:
            session.execute(insert(Project.__table__), [_project(template, pid, implementers) for pid in ids])
            session.execute(insert(ProjectPrerequisite.__table__), [
                {**_without(p, "id"), "project_id": pid} for pid in ids for p in prerequisites])
            rows = [_outbox(r, pid, shift) for pid in ids for r in later]
            if rows:
                session.execute(insert(ReminderOutbox.__table__), rows)
    if db.engine.dialect.name == "postgresql":  # ids were given explicitly: move the sequence past them
        with db.transaction() as session:
            session.execute(text("SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))"))


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}


def _project(template: dict[str, Any], pid: int, implementers: int) -> dict[str, Any]:
    return {**template, "id": pid, "client_name": f"Cliente {pid:06d}", "client_key": f"cliente {pid:06d}",
            "ruc": ruc(pid), "implementer_id": f"UIMPL{pid % implementers}",
            "card_ts": f"1700000000.{pid:06d}", "reminders_planned_version": template["version"]}


def _outbox(row: dict[str, Any], pid: int, shift: timedelta) -> dict[str, Any]:
    key = f"{row['team_id']}:{pid}:{row['kind']}:{row['occurrence']}:{row['recipient']}"
    moved = {k: row[k] + shift for k in ("deliver_at", "due_at", "expires_at") if row[k] is not None}
    return {**_without(row, "id"), **moved, "key": key, "project_id": pid}


def seed_due(db: Database, process: ProcessDefinition, cal: BusinessCalendar, *, team_id: str, count: int,
             entered: datetime, first_ruc: int = 900_000) -> list[int]:
    """`count` projects that just entered Implementation and nobody contacted: planned by the next pass."""
    ids = []
    with db.transaction() as session:
        for n in range(count):
            snap = project_cases.start_project(
                session, team_id=team_id, actor=ADMIN, intake=intake(process, f"Nuevo {n:04d}", valid_ruc(first_ruc + n)),
                process=process, now=entered, origin_channel_id="C0CARDS", cal=cal)
            row = session.get(Project, snap.id)
            row.card_channel_id, row.card_ts = "C0CARDS", f"1700000001.{n:06d}"
            ids.append(snap.id)
    return ids


@contextmanager
def fresh_database(postgres_url: str | None, name: str) -> Iterator[str]:
    """An empty database for one measurement: a temporary SQLite file, or a new PostgreSQL schema (dropped
    afterwards) selected through the URL's search_path."""
    if not postgres_url:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/{name}.db"
        return
    base = database_url({"DATABASE_URL": postgres_url})
    schema = f"bench_{name}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

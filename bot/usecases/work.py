"""The time log, custom-development requests and the project's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.credentials import looks_like_credential
from bot.developments import PRIORITIES, URGENCIES
from bot.errors import DomainError, NotFound
from bot.hours import thresholds_crossed
from bot.permissions import Action, Actor, require
from bot.projects import ProjectSnapshot
from bot.usecases.projects import load, snapshot_of
from storage import audit
from storage import steps as step_store
from storage.models import DevRequest, TimeEntry



@dataclass(frozen=True)
class HoursLogged:
    project: ProjectSnapshot
    hours: Decimal
    total: Decimal
    estimate: Decimal | None
    crossed: list[str]  # "warning" (80 %) and/or "exceeded"


def log_hours(
    session, *, team_id: str, actor: Actor, project_id: int, hours: Decimal, step_id: str | None, worked_on: date,
    notes: str, now: datetime,
) -> HoursLogged:
    project = load(session, team_id, project_id)
    require(actor, Action.LOG_HOURS, assignee=project.implementer_id)
    if project.closed_at is not None:
        raise DomainError("schedule.error.closed")
    if looks_like_credential(notes):
        raise DomainError("steps.error.credential")
    before = step_store.total_hours(session, project.id)
    session.add(TimeEntry(team_id=team_id, project_id=project.id, step_id=step_id, hours=hours, worked_on=worked_on,
                          user_id=actor.user_id, notes=notes.strip() or None, created_at=now))
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="hours.log", at=now,
                 hours=str(hours), step=step_id, worked_on=worked_on.isoformat(),
                 before=str(before), after=str(before + hours))
    session.flush()
    estimate = Decimal(str(project.estimated_hours)) if project.estimated_hours else None
    total = before + hours
    return HoursLogged(snapshot_of(session, project, now), hours, total, estimate,
                       thresholds_crossed(before, total, estimate))


def hours_by_step(session, project_id: int) -> dict[str | None, Decimal]:
    return step_store.hours_by_step(session, project_id)


def request_development(
    session, *, team_id: str, actor: Actor, project_id: int, description: str, asked_by: str, urgency: str,
    now: datetime,
) -> tuple[ProjectSnapshot, DevRequest]:
    project = load(session, team_id, project_id)
    require(actor, Action.REQUEST_DEVELOPMENT, assignee=project.implementer_id)
    if urgency not in URGENCIES or not description.strip() or not asked_by.strip():
        raise DomainError("developments.error.invalid")
    row = DevRequest(team_id=team_id, project_id=project.id, description=description.strip(), asked_by=asked_by.strip(),
                     urgency=urgency, status=step_store.DEV_PENDING, created_by=actor.user_id, created_at=now, messages=[])
    session.add(row)
    session.flush()
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                 action="development.request", at=now, request=row.id, urgency=urgency)
    return snapshot_of(session, project, now), row


def development(session, *, team_id: str, request_id: int) -> DevRequest:
    row = step_store.dev_request(session, team_id, request_id)
    if row is None:
        raise NotFound("developments.error.not_found")
    return row


def answer_development(
    session, *, team_id: str, actor: Actor, request_id: int, viable: bool, has_cost: bool, amount: Decimal | None,
    priority: str, notes: str, now: datetime,
) -> tuple[ProjectSnapshot, DevRequest, str | None]:
    """Returns the project, the request and who had answered before (None the first time)."""
    require(actor, Action.ANSWER_DEVELOPMENT)
    row = development(session, team_id=team_id, request_id=request_id)
    if priority not in PRIORITIES:
        raise DomainError("developments.error.invalid")
    before = row.answered_by
    row.status = step_store.DEV_VIABLE if viable else step_store.DEV_NOT_VIABLE
    row.has_cost, row.amount = has_cost, amount if has_cost else None
    row.priority, row.answer_notes = priority, notes.strip() or None
    row.answered_by, row.answered_at = actor.user_id, now
    project = load(session, team_id, row.project_id)
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                 action="development.answer", at=now, request=row.id, status=row.status, priority=priority,
                 has_cost=has_cost, amount=str(amount) if amount is not None else None)
    return snapshot_of(session, project, now), row, before


def set_development_messages(session, *, team_id: str, request_id: int, messages: list[list[str]]) -> None:
    development(session, team_id=team_id, request_id=request_id).messages = messages


def history(session, *, team_id: str, actor: Actor, project_id: int, limit: int,
            now: datetime) -> tuple[ProjectSnapshot, list]:
    """The latest audit entries of a project, newest first."""
    require(actor, Action.VIEW_PROJECTS)
    project = load(session, team_id, project_id)
    return snapshot_of(session, project, now), audit.for_project(session, project.id, limit=limit)

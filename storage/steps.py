"""Recorded steps (4–11), time entries and custom-development requests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.steps import StepRecord
from storage.models import DevRequest, ProjectStep, TimeEntry, WorkSession
from storage.projects import SESSION_SCHEDULED

DEV_PENDING, DEV_VIABLE, DEV_NOT_VIABLE = "pendiente", "viable", "no_viable"


def record_of(row: ProjectStep) -> StepRecord:
    return StepRecord(step_id=row.step_id, checked=frozenset(row.checked or ()), details=dict(row.details or {}),
                      notes=row.notes, completed_at=row.completed_at)


def records(session: Session, project_id: int) -> dict[str, StepRecord]:
    rows = session.scalars(select(ProjectStep).where(ProjectStep.project_id == project_id))
    return {row.step_id: record_of(row) for row in rows}


def save(session: Session, project_id: int, step_id: str, *, checked: list[str], details: dict, notes: str | None,
         completed_at: datetime | None, by: str, at: datetime) -> ProjectStep:
    row = session.get(ProjectStep, (project_id, step_id))
    if row is None:
        row = ProjectStep(project_id=project_id, step_id=step_id, updated_at=at, updated_by=by)
        session.add(row)
    row.checked, row.details, row.notes = checked, details, notes
    if completed_at is not None and row.completed_at is None:
        row.completed_at, row.completed_by = completed_at, by
    elif completed_at is None:
        row.completed_at, row.completed_by = None, None
    row.updated_at, row.updated_by = at, by
    return row


def session_counts(session: Session, project_id: int) -> tuple[int, int]:
    """(scheduled sessions, of which without any attendee)."""
    rows = session.scalars(select(WorkSession).where(WorkSession.project_id == project_id,
                                                      WorkSession.status == SESSION_SCHEDULED))
    rows = list(rows)
    return len(rows), sum(1 for r in rows if not r.attendees and not r.client_attendees)


def hours_by_step(session: Session, project_id: int) -> dict[str | None, Decimal]:
    stmt = (select(TimeEntry.step_id, func.sum(TimeEntry.hours)).where(TimeEntry.project_id == project_id)
            .group_by(TimeEntry.step_id))
    return {step: Decimal(total or 0) for step, total in session.execute(stmt)}


def total_hours(session: Session, project_id: int) -> Decimal:
    total = session.scalar(select(func.sum(TimeEntry.hours)).where(TimeEntry.project_id == project_id))
    return Decimal(total or 0)


def dev_requests(session: Session, project_id: int) -> list[DevRequest]:
    stmt = select(DevRequest).where(DevRequest.project_id == project_id).order_by(DevRequest.id)
    return list(session.scalars(stmt))


def dev_request(session: Session, team_id: str, request_id: int) -> DevRequest | None:
    row = session.get(DevRequest, request_id)
    return row if row is not None and row.team_id == team_id else None

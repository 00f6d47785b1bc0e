"""Working sessions (the implementation schedule)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Project, WorkSession
from storage.projects import SESSION_SCHEDULED

SESSION_CANCELLED = "cancelada"


def add_if_new(session: Session, *, team_id: str, project_id: int, starts_at: datetime, created_by: str,
               now: datetime, **details) -> WorkSession | None:
    """A new scheduled session, or None when the same project already has one at that time."""
    stmt = select(WorkSession.id).where(
        WorkSession.project_id == project_id, WorkSession.starts_at == starts_at,
        WorkSession.status == SESSION_SCHEDULED,
    )
    if session.scalar(stmt) is not None:
        return None
    row = WorkSession(team_id=team_id, project_id=project_id, starts_at=starts_at, status=SESSION_SCHEDULED,
                      created_by=created_by, created_at=now, updated_at=now, **details)
    session.add(row)
    session.flush()
    return row


def get(session: Session, team_id: str, session_id: int) -> WorkSession | None:
    row = session.get(WorkSession, session_id)
    return row if row is not None and row.team_id == team_id else None


def scheduled(session: Session, project_id: int) -> list[WorkSession]:
    stmt = (
        select(WorkSession)
        .where(WorkSession.project_id == project_id, WorkSession.status == SESSION_SCHEDULED)
        .order_by(WorkSession.starts_at, WorkSession.id)
    )
    return list(session.scalars(stmt))


def busy(session: Session, team_id: str, implementer_id: str, around: datetime, *,
         exclude: int | None = None) -> list[tuple[WorkSession, str]]:
    """Scheduled sessions of the implementer's projects within a day of `around`, with each client's name."""
    stmt = (
        select(WorkSession, Project.client_name)
        .join(Project, Project.id == WorkSession.project_id)
        .where(
            WorkSession.team_id == team_id,
            Project.implementer_id == implementer_id,
            WorkSession.status == SESSION_SCHEDULED,
            WorkSession.starts_at >= around - timedelta(days=1),
            WorkSession.starts_at <= around + timedelta(days=1),
        )
    )
    if exclude is not None:
        stmt = stmt.where(WorkSession.id != exclude)
    return [(row, name) for row, name in session.execute(stmt)]

"""Working sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import WorkSession
from storage.projects import SESSION_SCHEDULED


def add_if_new(session: Session, *, team_id: str, project_id: int, starts_at: datetime, created_by: str,
               now: datetime) -> bool:
    stmt = select(WorkSession.id).where(
        WorkSession.project_id == project_id, WorkSession.starts_at == starts_at,
        WorkSession.status == SESSION_SCHEDULED,
    )
    if session.scalar(stmt) is not None:
        return False
    session.add(WorkSession(team_id=team_id, project_id=project_id, starts_at=starts_at, status=SESSION_SCHEDULED,
                            created_by=created_by, created_at=now, updated_at=now))
    session.flush()
    return True


def scheduled(session: Session, project_id: int) -> list[WorkSession]:
    stmt = (
        select(WorkSession)
        .where(WorkSession.project_id == project_id, WorkSession.status == SESSION_SCHEDULED)
        .order_by(WorkSession.starts_at)
    )
    return list(session.scalars(stmt))

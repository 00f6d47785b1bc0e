"""The audit trail: one entry per change, in the change's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry


def record(
    session: Session,
    *,
    team_id: str,
    actor_id: str,
    action: str,
    at: datetime,
    project_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        AuditEntry(team_id=team_id, project_id=project_id, actor_id=actor_id, action=action, at=at, details=details)
    )


def for_project(session: Session, project_id: int, *, limit: int = 20) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.project_id == project_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def ever(session: Session, team_id: str, action: str) -> bool:
    """Whether the team's trail has any entry of `action`."""
    return session.scalar(select(AuditEntry.id).where(AuditEntry.team_id == team_id, AuditEntry.action == action)
                          .limit(1)) is not None

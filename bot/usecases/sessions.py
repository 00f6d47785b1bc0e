"""Working sessions of a project: `/impl agendar` and the implementation schedule."""

from __future__ import annotations

from datetime import datetime

from bot.errors import DomainError
from bot.permissions import Action, Actor, require
from bot.projects import ProjectSnapshot
from bot.usecases.projects import load, snapshot_of
from storage import audit
from storage import sessions as session_store


def schedule_session(
    session, *, team_id: str, actor: Actor, project_id: int, starts_at: datetime, now: datetime
) -> tuple[ProjectSnapshot, bool]:
    """Schedule a session; returns the project and whether a new session was created.

    Confirming the same time twice (a double click, a retried request) creates one session.
    """
    project = load(session, team_id, project_id)
    require(actor, Action.SCHEDULE_SESSION, assignee=project.implementer_id)
    if project.closed_at is not None:
        raise DomainError("schedule.error.closed")
    if starts_at <= now:
        raise DomainError("schedule.error.past")
    created = session_store.add_if_new(session, team_id=team_id, project_id=project.id, starts_at=starts_at,
                                       created_by=actor.user_id, now=now)
    if created:
        project.updated_at = now
        audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                     action="session.schedule", at=now, starts_at=starts_at.isoformat())
    return snapshot_of(session, project, now), created

"""Working sessions: `/impl agendar` and the implementation schedule (step 3)."""

from __future__ import annotations

from datetime import datetime

from bot.errors import DomainError, NotFound
from bot.permissions import Action, Actor, require
from bot.projects import ProjectSnapshot
from bot.sessions import Busy, SessionForm, SessionView
from bot.usecases.projects import load, snapshot_of
from storage import audit
from storage import sessions as session_store
from storage.sessions import SESSION_CANCELLED

DEFAULT_MINUTES = 60


def view_of(row) -> SessionView:
    return SessionView(
        id=row.id, project_id=row.project_id, starts_at=row.starts_at, duration_minutes=row.duration_minutes,
        modality=row.modality, place=row.place, attendees=tuple(row.attendees or ()),
        client_attendees=row.client_attendees, steps=tuple(row.steps or ()), sequence=row.sequence,
        cancelled=row.status == SESSION_CANCELLED, created_by=row.created_by,
    )


def _open_project(session, team_id: str, actor: Actor, project_id: int):
    project = load(session, team_id, project_id)
    require(actor, Action.SCHEDULE_SESSION, assignee=project.implementer_id)
    if project.closed_at is not None:
        raise DomainError("schedule.error.closed")
    return project


def schedule_session(
    session, *, team_id: str, actor: Actor, project_id: int, starts_at: datetime, now: datetime,
    form: SessionForm | None = None,
) -> tuple[ProjectSnapshot, SessionView | None]:
    """Schedule a session; None instead of the session when the same time was already scheduled.

    Confirming the same time twice (a double click, a retried request) creates one session.
    """
    project = _open_project(session, team_id, actor, project_id)
    if starts_at <= now:
        raise DomainError("schedule.error.past")
    details = {"duration_minutes": DEFAULT_MINUTES}
    if form is not None:
        details = {
            "duration_minutes": form.duration_minutes, "modality": form.modality, "place": form.place.strip() or None,
            "attendees": list(form.attendees), "client_attendees": form.client_attendees.strip() or None,
            "steps": list(form.steps),
        }
    row = session_store.add_if_new(session, team_id=team_id, project_id=project.id, starts_at=starts_at,
                                   created_by=actor.user_id, now=now, **details)
    if row is None:
        return snapshot_of(session, project, now), None
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="session.schedule",
                 at=now, session_id=row.id, starts_at=starts_at.isoformat())
    return snapshot_of(session, project, now), view_of(row)


def _load_session(session, team_id: str, actor: Actor, session_id: int):
    row = session_store.get(session, team_id, session_id)
    if row is None:
        raise NotFound("sessions.error.not_found")
    if row.status == SESSION_CANCELLED:
        raise DomainError("sessions.error.cancelled")
    project = _open_project(session, team_id, actor, row.project_id)
    return row, project


def reschedule(
    session, *, team_id: str, actor: Actor, session_id: int, starts_at: datetime, now: datetime
) -> tuple[ProjectSnapshot, SessionView, datetime]:
    """Move a session; returns the project, the session and its previous start."""
    row, project = _load_session(session, team_id, actor, session_id)
    if starts_at <= now:
        raise DomainError("schedule.error.past")
    before = row.starts_at
    row.starts_at, row.sequence, row.updated_at = starts_at, row.sequence + 1, now
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                 action="session.reschedule", at=now, session_id=row.id, before=before.isoformat(),
                 after=starts_at.isoformat())
    return snapshot_of(session, project, now), view_of(row), before


def cancel(session, *, team_id: str, actor: Actor, session_id: int, now: datetime) -> tuple[ProjectSnapshot, SessionView]:
    row, project = _load_session(session, team_id, actor, session_id)
    row.status, row.sequence, row.cancelled_at, row.updated_at = SESSION_CANCELLED, row.sequence + 1, now, now
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="session.cancel",
                 at=now, session_id=row.id, starts_at=row.starts_at.isoformat())
    return snapshot_of(session, project, now), view_of(row)


def for_edit(session, *, team_id: str, actor: Actor, session_id: int, now: datetime) -> tuple[ProjectSnapshot, SessionView]:
    row, project = _load_session(session, team_id, actor, session_id)
    return snapshot_of(session, project, now), view_of(row)


def timeline(session, project_id: int) -> list[SessionView]:
    return [view_of(row) for row in session_store.scheduled(session, project_id)]


def busy(session, *, team_id: str, implementer_id: str | None, around: datetime,
         exclude: int | None = None) -> list[Busy]:
    """Other sessions of the same implementer near `around`, for the double-booking warning."""
    if implementer_id is None:
        return []
    rows = session_store.busy(session, team_id, implementer_id, around, exclude=exclude)
    return [Busy(row.starts_at, row.duration_minutes, name) for row, name in rows]


def set_timeline_message(session, *, team_id: str, project_id: int, ts: str) -> None:
    load(session, team_id, project_id).timeline_ts = ts

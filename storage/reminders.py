"""The reminders outbox: planning rows idempotently, claiming due rows atomically, recording the outcome.

Claiming is safe with several instances: on PostgreSQL due rows are selected FOR UPDATE SKIP LOCKED and
marked 'sending' in the same transaction; on SQLite (one writer at a time) each row is claimed by a
conditional UPDATE that only succeeds while it is still claimable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.projects import Stage
from bot.reminders import ProjectFacts, SessionFact
from storage.models import DevRequest, Project, ProjectStep, ReminderMute, ReminderOutbox, RoleGrant, WorkSession
from storage.projects import SESSION_SCHEDULED
from storage.steps import DEV_PENDING

PENDING, SENDING, SENT = "pendiente", "enviando", "enviado"
CANCELLED, EXPIRED, FAILED, MUTED, DONE, SNOOZED = "cancelado", "vencido", "fallido", "silenciado", "hecho", "pospuesto"
FINAL = (SENT, CANCELLED, EXPIRED, FAILED, MUTED, DONE, SNOOZED)
SESSION_LOOKBACK = timedelta(days=3)


def stale_projects(session: Session, limit: int) -> list[Project]:
    """Open projects changed since their reminders were last planned (a partial index keeps this cheap)."""
    stmt = (select(Project).where(Project.closed_at.is_(None), Project.reminders_planned_version != Project.version)
            .order_by(Project.id).limit(limit))
    return list(session.scalars(stmt))


def project(session: Session, project_id: int) -> Project | None:
    return session.get(Project, project_id)


def mark_planned(session: Session, project_id: int, version: int) -> None:
    # A Core UPDATE: it does not bump the project's version the way an ORM change would.
    session.execute(update(Project).where(Project.id == project_id).values(reminders_planned_version=version))


def team_roles(session: Session, team_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(leads, product owners) of a workspace."""
    rows = session.execute(select(RoleGrant.user_id, RoleGrant.role).where(
        RoleGrant.team_id == team_id, RoleGrant.role.in_(("lead", "product_owner"))).order_by(RoleGrant.user_id))
    leads, owners = [], []
    for user_id, role in rows:
        (leads if role == "lead" else owners).append(user_id)
    return tuple(leads), tuple(owners)


def facts(session: Session, project: Project, now: datetime, roles: tuple[tuple[str, ...], tuple[str, ...]]) -> ProjectFacts:
    sessions = session.scalars(select(WorkSession).where(
        WorkSession.project_id == project.id, WorkSession.status == SESSION_SCHEDULED,
        WorkSession.starts_at >= now - SESSION_LOOKBACK).order_by(WorkSession.starts_at))
    pending = session.execute(select(DevRequest.id, DevRequest.created_at).where(
        DevRequest.project_id == project.id, DevRequest.status == DEV_PENDING).order_by(DevRequest.id))
    follow_up = session.get(ProjectStep, (project.id, "seguimiento"))
    return ProjectFacts(
        project_id=project.id, team_id=project.team_id, client_name=project.client_name, stage=project.stage,
        entered_at=project.entered_implementation_at, contacted_at=project.contacted_at, kickoff_at=project.kickoff_at,
        implementer_id=project.implementer_id, updated_at=project.updated_at, leads=roles[0], product_owners=roles[1],
        sessions=tuple(SessionFact(s.id, s.starts_at, s.duration_minutes,
                                   tuple(s.attendees or ()) or ((project.implementer_id,) if project.implementer_id else ()))
                       for s in sessions),
        go_live_on=project.go_live_on, renewal_confirmed_at=project.renewal_confirmed_at,
        follow_up_done=follow_up is not None and follow_up.completed_at is not None,
        pending_dev_requests=tuple((rid, created) for rid, created in pending),
        closed=project.closed_at is not None, card_channel_id=project.card_channel_id, card_ts=project.card_ts,
    )


def light_facts(project, roles: tuple[tuple[str, ...], tuple[str, ...]]) -> ProjectFacts:
    """The facts the lead's digest needs: the project's own columns only (no query per project).
    `project` is a Project or a row of `digest_candidates`."""
    return ProjectFacts(
        project_id=project.id, team_id=project.team_id, client_name=project.client_name, stage=project.stage,
        entered_at=project.entered_implementation_at, contacted_at=project.contacted_at, kickoff_at=project.kickoff_at,
        implementer_id=project.implementer_id, updated_at=project.updated_at, leads=roles[0], product_owners=roles[1],
        go_live_on=project.go_live_on, renewal_confirmed_at=project.renewal_confirmed_at,
        closed=project.closed_at is not None,
    )


# What bot.reminders.digest_items reads; a narrow row instead of a whole project.
DIGEST_COLUMNS = (Project.id, Project.team_id, Project.client_name, Project.stage, Project.entered_implementation_at,
                  Project.contacted_at, Project.kickoff_at, Project.implementer_id, Project.updated_at,
                  Project.go_live_on, Project.renewal_confirmed_at, Project.closed_at)


def digest_candidates(session: Session, team_id: str) -> Iterable[Any]:
    """Open projects that may need the lead today: in implementation with the contact, kickoff or implementer
    still missing, or live with the renewal date unconfirmed (bot.reminders.digest_items decides). Projects
    under way are filtered out by the database, so the digest does not read the whole portfolio."""
    implementation = and_(Project.stage == Stage.IMPLEMENTATION.value, or_(
        Project.contacted_at.is_(None), Project.kickoff_at.is_(None), Project.implementer_id.is_(None)))
    production = and_(Project.stage == Stage.PRODUCTION.value, Project.go_live_on.is_not(None),
                      Project.renewal_confirmed_at.is_(None))
    stmt = (select(*DIGEST_COLUMNS)
            .where(Project.team_id == team_id, Project.closed_at.is_(None), or_(implementation, production))
            .order_by(Project.id).execution_options(yield_per=1000))
    return session.execute(stmt)


def teams_with_leads(session: Session) -> list[str]:
    return list(session.scalars(select(RoleGrant.team_id).where(RoleGrant.role == "lead").distinct()))


def insert_missing(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert rows whose key is new; existing keys are left untouched (planning is idempotent)."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(ReminderOutbox).values(rows).on_conflict_do_nothing(index_elements=["key"])
    return len(session.execute(stmt.returning(ReminderOutbox.id)).all())  # rowcount is unreliable here


def cancel_obsolete(session: Session, project_id: int, keep: set[tuple[str, str]], now: datetime) -> int:
    """Pending rows of a project that no rule asks for any more (a contact registered, a session moved)."""
    rows = session.scalars(select(ReminderOutbox).where(ReminderOutbox.project_id == project_id,
                                                        ReminderOutbox.status == PENDING))
    cancelled = 0
    for row in rows:
        if (row.kind, base_occurrence(row.occurrence)) not in keep:
            row.status, row.updated_at = CANCELLED, now
            cancelled += 1
    return cancelled


def base_occurrence(occurrence: str) -> str:
    """A snoozed copy's occurrence is the original's plus '~n'."""
    return occurrence.split("~", 1)[0]


def claim(session: Session, *, now: datetime, instance: str, lease: timedelta, limit: int) -> list[ReminderOutbox]:
    claimable = or_(
        and_(ReminderOutbox.status == PENDING, ReminderOutbox.due_at <= now),
        and_(ReminderOutbox.status == SENDING, ReminderOutbox.claimed_until < now),  # an instance died mid-pass
    )
    stmt = select(ReminderOutbox).where(claimable).order_by(ReminderOutbox.due_at, ReminderOutbox.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        rows = list(session.scalars(stmt.with_for_update(skip_locked=True)))
        for row in rows:
            row.status, row.claimed_by, row.claimed_until, row.updated_at = SENDING, instance, now + lease, now
        return rows
    claimed = []
    for row_id in session.scalars(stmt.with_only_columns(ReminderOutbox.id)):
        result = session.execute(update(ReminderOutbox).where(ReminderOutbox.id == row_id, claimable).values(
            status=SENDING, claimed_by=instance, claimed_until=now + lease, updated_at=now))
        if result.rowcount == 1:
            claimed.append(row_id)
    session.flush()
    return list(session.scalars(select(ReminderOutbox).where(ReminderOutbox.id.in_(claimed)))) if claimed else []


def finish(session: Session, ids: list[int], status: str, now: datetime, *, instance: str,
           channel: str | None = None, ts: str | None = None, error: str | None = None) -> None:
    """Record the outcome of rows this instance claimed (a row reclaimed by another instance is left alone)."""
    values: dict[str, Any] = {"status": status, "updated_at": now, "claimed_until": None}
    if status == SENT:
        values.update(sent_at=now, message_channel=channel, message_ts=ts, last_error=None)
    if error is not None:
        values["last_error"] = error[:200]
    session.execute(update(ReminderOutbox).where(ReminderOutbox.id.in_(ids), ReminderOutbox.status == SENDING,
                                                 ReminderOutbox.claimed_by == instance).values(**values))


def retry(session: Session, ids: list[int], due_at: datetime, error: str, now: datetime, *, instance: str) -> None:
    session.execute(update(ReminderOutbox).where(ReminderOutbox.id.in_(ids), ReminderOutbox.status == SENDING,
                                                 ReminderOutbox.claimed_by == instance).values(
        status=PENDING, due_at=due_at, attempts=ReminderOutbox.attempts + 1, last_error=error[:200],
        claimed_until=None, updated_at=now))


def by_message(session: Session, channel: str, ts: str) -> list[ReminderOutbox]:
    return list(session.scalars(select(ReminderOutbox).where(ReminderOutbox.message_channel == channel,
                                                             ReminderOutbox.message_ts == ts)))


def by_ids(session: Session, team_id: str, ids: list[int]) -> list[ReminderOutbox]:
    return list(session.scalars(select(ReminderOutbox).where(ReminderOutbox.team_id == team_id,
                                                             ReminderOutbox.id.in_(ids))))


def muted_kinds(session: Session, team_id: str, user_id: str) -> set[str]:
    return set(session.scalars(select(ReminderMute.kind).where(ReminderMute.team_id == team_id,
                                                               ReminderMute.user_id == user_id)))


def set_muted(session: Session, team_id: str, user_id: str, kinds: set[str], now: datetime) -> None:
    current = muted_kinds(session, team_id, user_id)
    for kind in current - kinds:
        session.delete(session.get(ReminderMute, (team_id, user_id, kind)))
    for kind in kinds - current:
        session.add(ReminderMute(team_id=team_id, user_id=user_id, kind=kind, created_at=now))


def recent_failures(session: Session, team_id: str, since: datetime) -> list[ReminderOutbox]:
    stmt = (select(ReminderOutbox).where(ReminderOutbox.team_id == team_id, ReminderOutbox.status == FAILED,
                                         ReminderOutbox.updated_at >= since).order_by(ReminderOutbox.id))
    return list(session.scalars(stmt))

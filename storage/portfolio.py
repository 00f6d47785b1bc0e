"""Portfolio queries: one page ordered by urgency, the summary, and the facts of only the projects shown.

Urgency is computed in the database from the running SLA clock stored on each project (deadline and at-risk
moment): breached first, then at risk, then by the next deadline. Only the page shown is loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import DevRequest, DiscoveryAnswers, PluginRecommendation, Project, ProjectStep, TimeEntry, WorkSession
from storage.projects import SESSION_SCHEDULED


def urgency(now: datetime):
    """0 breached, 1 at risk, 2 running, 3 no SLA clock running."""
    return case(
        (Project.sla_deadline_at < now, 0),
        (Project.sla_at_risk_at <= now, 1),
        (Project.sla_deadline_at.is_not(None), 2),
        else_=3,
    )


def scope(team_id: str, *, user_id: str | None = None, involvement: str = "all", breached_at: datetime | None = None,
          implementer: str | None = None, include_closed: bool = False, unassigned: bool = False) -> list:
    """WHERE clauses for a portfolio: a workspace, optionally one person's projects or only breached ones."""
    where = [Project.team_id == team_id]
    if not include_closed:
        where.append(Project.closed_at.is_(None))
    if implementer:
        where.append(or_(Project.implementer_id == implementer, Project.advisor_id == implementer))
    if involvement == "mine" and user_id:
        where.append(or_(Project.implementer_id == user_id, Project.advisor_id == user_id))
    elif involvement == "created" and user_id:
        where.append(Project.created_by == user_id)
    elif involvement == "developments":
        where.append(exists().where(DevRequest.project_id == Project.id))
    if breached_at is not None:
        where.append(Project.sla_deadline_at < breached_at)
    if unassigned:
        where += [Project.implementer_id.is_(None), Project.stage == "implementacion"]
    return where


def page(session: Session, where: list, now: datetime, *, limit: int, offset: int) -> tuple[list[Project], int]:
    total = session.scalar(select(func.count()).select_from(Project).where(*where)) or 0
    stmt = (select(Project).where(*where)
            .order_by(urgency(now), Project.sla_deadline_at.is_(None), Project.sla_deadline_at, Project.id)
            .limit(limit).offset(offset))
    return list(session.scalars(stmt)), total


def summary(session: Session, team_id: str, now: datetime, where: list | None = None) -> dict[str, int]:
    """Open projects by stage, breached, at risk and without implementer — one aggregate query."""
    where = where or scope(team_id)
    u = urgency(now)
    row = session.execute(select(
        func.count(),
        func.sum(case((Project.stage == "prerrequisitos", 1), else_=0)),
        func.sum(case((Project.stage == "implementacion", 1), else_=0)),
        func.sum(case((Project.stage == "produccion", 1), else_=0)),
        func.sum(case((u == 0, 1), else_=0)),
        func.sum(case((u == 1, 1), else_=0)),
        func.sum(case((and_(Project.stage == "implementacion", Project.implementer_id.is_(None)), 1), else_=0)),
    ).where(*where)).one()
    keys = ("open", "prerrequisitos", "implementacion", "produccion", "breached", "at_risk", "unassigned")
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def page_facts(session: Session, ids: list[int], now: datetime) -> dict[int, dict]:
    """Everything the portfolio shows about these projects, in a handful of queries (not one per project)."""
    facts: dict[int, dict] = {i: {"records": {}, "discovery": None, "accepted": set(), "pending_recs": 0,
                                  "sessions": 0, "without_attendees": 0, "next_session": None, "pending_devs": 0,
                                  "hours": Decimal(0)} for i in ids}
    if not ids:
        return facts
    for row in session.scalars(select(ProjectStep).where(ProjectStep.project_id.in_(ids))):
        facts[row.project_id]["records"][row.step_id] = row
    for row in session.scalars(select(DiscoveryAnswers).where(DiscoveryAnswers.project_id.in_(ids))):
        facts[row.project_id]["discovery"] = row
    for row in session.scalars(select(PluginRecommendation).where(PluginRecommendation.project_id.in_(ids))):
        if row.status == "aceptada":
            facts[row.project_id]["accepted"].add(row.plugin_id)
        elif row.status == "pendiente":
            facts[row.project_id]["pending_recs"] += 1
    for row in session.scalars(select(WorkSession).where(WorkSession.project_id.in_(ids),
                                                         WorkSession.status == SESSION_SCHEDULED)):
        f = facts[row.project_id]
        f["sessions"] += 1
        f["without_attendees"] += 0 if (row.attendees or row.client_attendees) else 1
        if row.starts_at >= now and (f["next_session"] is None or row.starts_at < f["next_session"]):
            f["next_session"] = row.starts_at
    for project_id, count in session.execute(select(DevRequest.project_id, func.count()).where(
            DevRequest.project_id.in_(ids), DevRequest.status == "pendiente").group_by(DevRequest.project_id)):
        facts[project_id]["pending_devs"] = count
    for project_id, total in session.execute(select(TimeEntry.project_id, func.sum(TimeEntry.hours)).where(
            TimeEntry.project_id.in_(ids)).group_by(TimeEntry.project_id)):
        facts[project_id]["hours"] = Decimal(total or 0)
    return facts


def all_in(session: Session, where: list, batch: int = 500) -> Iterable[list[Project]]:
    """Every project in scope, in batches (for the CSV export)."""
    last = 0
    while True:
        rows = list(session.scalars(select(Project).where(*where, Project.id > last).order_by(Project.id).limit(batch)))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def load_by_implementer(session: Session, team_id: str, since: datetime) -> dict[str, dict]:
    """Open projects and hours logged since `since`, per implementer (or advisor who implements)."""
    load: dict[str, dict] = defaultdict(lambda: {"open": 0, "hours": Decimal(0)})
    for user_id, count in session.execute(select(Project.implementer_id, func.count()).where(
            Project.team_id == team_id, Project.closed_at.is_(None), Project.implementer_id.is_not(None))
            .group_by(Project.implementer_id)):
        load[user_id]["open"] = count
    for user_id, total in session.execute(select(TimeEntry.user_id, func.sum(TimeEntry.hours)).where(
            TimeEntry.team_id == team_id, TimeEntry.created_at >= since).group_by(TimeEntry.user_id)):
        load[user_id]["hours"] = Decimal(total or 0)
    return dict(load)


def sessions_of(session: Session, team_id: str, user_id: str, now: datetime, limit: int) -> list[tuple[WorkSession, str]]:
    """The next sessions of someone's projects (as implementer) or where they attend."""
    stmt = (select(WorkSession, Project.client_name).join(Project, Project.id == WorkSession.project_id)
            .where(WorkSession.team_id == team_id, WorkSession.status == SESSION_SCHEDULED, WorkSession.starts_at >= now,
                   WorkSession.starts_at < now + timedelta(days=30), Project.implementer_id == user_id)
            .order_by(WorkSession.starts_at).limit(limit))
    return [(row, name) for row, name in session.execute(stmt)]


def entered_since(session: Session, team_id: str, since: datetime) -> list[tuple]:
    """(entered, contacted, kickoff, client decision) of projects that entered Implementation since `since`."""
    stmt = select(Project.entered_implementation_at, Project.contacted_at, Project.kickoff_at,
                  Project.kickoff_client_decision).where(Project.team_id == team_id,
                                                         Project.entered_implementation_at >= since)
    return list(session.execute(stmt))


def backfill_deadlines(session: Session, compute, limit: int) -> int:
    """Projects from before deadlines were stored: fill them in (a Core UPDATE, no version bump)."""
    stmt = (select(Project.id, Project.entered_implementation_at, Project.contacted_at, Project.kickoff_at)
            .where(Project.closed_at.is_(None), Project.entered_implementation_at.is_not(None),
                   Project.sla_deadline_at.is_(None), or_(Project.contacted_at.is_(None), Project.kickoff_at.is_(None)))
            .limit(limit))
    rows = list(session.execute(stmt))
    for project_id, entered, contacted, kickoff in rows:
        deadline, at_risk = compute(entered, contacted, kickoff)
        session.execute(update(Project).where(Project.id == project_id).values(sla_deadline_at=deadline,
                                                                               sla_at_risk_at=at_risk))
    return len(rows)

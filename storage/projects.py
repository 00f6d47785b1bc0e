"""Project queries. Functions take a session and never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.projects import ProjectSnapshot, Stage
from storage.models import DiscoveryAnswers, Project, ProjectPrerequisite, WorkSession

SESSION_SCHEDULED = "agendada"


def get(session: Session, team_id: str, project_id: int) -> Project | None:
    project = session.get(Project, project_id)
    return project if project is not None and project.team_id == team_id else None


def open_by_ruc(session: Session, team_id: str, ruc: str) -> Project | None:
    stmt = select(Project).where(Project.team_id == team_id, Project.ruc == ruc, Project.closed_at.is_(None))
    return session.scalars(stmt).first()


def search(session: Session, team_id: str, key: str, *, limit: int, open_only: bool = False) -> tuple[list[Project], int]:
    """Projects whose client key contains `key` (or whose RUC starts with it); open ones first.

    Returns up to `limit` projects and the total number of matches.
    """
    if key.isdigit():
        condition = Project.ruc.startswith(key)
    else:
        condition = Project.client_key.contains(key, autoescape=True)
    where = (Project.team_id == team_id, condition) + ((Project.closed_at.is_(None),) if open_only else ())
    total = session.scalar(select(func.count()).select_from(Project).where(*where)) or 0
    stmt = (
        select(Project)
        .where(*where)
        .order_by(Project.closed_at.is_not(None), Project.client_key, Project.id)
        .limit(limit)
    )
    return list(session.scalars(stmt)), total


def set_prerequisites(session: Session, project: Project, met: Iterable[str], *, by: str, at: datetime) -> None:
    """Make the set of met prerequisites exactly `met`, keeping who/when of the ones already met."""
    met = set(met)
    for row in list(project.prerequisites):
        if row.prerequisite_id not in met:
            project.prerequisites.remove(row)
    for prerequisite_id in sorted(met - project.met_prerequisites):
        project.prerequisites.append(ProjectPrerequisite(prerequisite_id=prerequisite_id, met_at=at, met_by=by))


def next_session_at(session: Session, project_id: int, after: datetime) -> datetime | None:
    stmt = (
        select(func.min(WorkSession.starts_at))
        .where(WorkSession.project_id == project_id, WorkSession.status == SESSION_SCHEDULED, WorkSession.starts_at >= after)
    )
    return session.scalar(stmt)


def snapshot(project: Project, *, next_session: datetime | None = None,
             discovery: DiscoveryAnswers | None = None) -> ProjectSnapshot:
    return ProjectSnapshot(
        id=project.id,
        team_id=project.team_id,
        client_name=project.client_name,
        ruc=project.ruc,
        ruc_kind=project.ruc_kind,
        ruc_checksum_warning=project.ruc_checksum_warning,
        product=project.product,
        company_size=project.company_size,
        issuer_type=project.issuer_type,
        billing_type=project.billing_type,
        implemented_by=project.implemented_by,
        advisor_id=project.advisor_id,
        estimated_hours=project.estimated_hours,
        stage=Stage(project.stage),
        process_version=project.process_version,
        created_at=project.created_at,
        created_by=project.created_by,
        entered_implementation_at=project.entered_implementation_at,
        closed_at=project.closed_at,
        card_channel_id=project.card_channel_id,
        card_ts=project.card_ts,
        met_prerequisites=project.met_prerequisites,
        contacted_at=project.contacted_at,
        contact_channel=project.contact_channel,
        contact_notes=project.contact_notes,
        contacted_by=project.contacted_by,
        implementer_id=project.implementer_id,
        kickoff_at=project.kickoff_at,
        kickoff_modality=project.kickoff_modality,
        kickoff_place=project.kickoff_place,
        kickoff_client_decision=project.kickoff_client_decision,
        kickoff_reason=project.kickoff_reason,
        next_session_at=next_session,
        owner_name=project.owner_name,
        owner_role=project.owner_role,
        owner_email=project.owner_email,
        owner_phone=project.owner_phone,
        timeline_ts=project.timeline_ts,
        discovery=dict(discovery.answers) if discovery else {},
        discovery_completed_at=discovery.completed_at if discovery else None,
        go_live_on=project.go_live_on,
        renewal_on=project.renewal_on,
        renewal_confirmed_at=project.renewal_confirmed_at,
    )

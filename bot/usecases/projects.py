"""Project use cases: start a project, complete its prerequisites, find projects."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.calendar import BusinessCalendar
from bot.errors import Conflict, NotFound
from bot.i18n import t
from bot.permissions import Action, Actor, Role, require
from bot.process import ProcessDefinition
from bot.projects import Field, Intake, ProjectSnapshot, Stage, missing_prerequisites, stage_for
from bot.search import search_key
from bot.sla import open_deadline
from bot.usecases.roles import actor_for
from storage import audit
from storage import projects as project_store
from storage import portfolio as portfolio_store
from storage import steps as step_store
from storage.models import Project


def check_new_project(session, team_id: str, intake: Intake) -> dict[Field, str]:
    """The checks of the start form that need the database."""
    errors: dict[Field, str] = {}
    existing = project_store.open_by_ruc(session, team_id, intake.ruc.number)
    if existing is not None:
        errors[Field.RUC] = t("start.error.duplicate", client=existing.client_name, id=existing.id)
    if intake.advisor_id is not None:
        advisor = actor_for(session, team_id, intake.advisor_id, admins=())
        if not advisor.has(Role.ADVISOR):
            errors[Field.ADVISOR] = t("start.error.not_advisor")
    return errors


def start_project(
    session,
    *,
    team_id: str,
    actor: Actor,
    intake: Intake,
    process: ProcessDefinition,
    now: datetime,
    origin_channel_id: str | None,
    cal: BusinessCalendar,
) -> ProjectSnapshot:
    require(actor, Action.START_PROJECT)
    errors = check_new_project(session, team_id, intake)
    if errors:
        raise Conflict("start.error.conflict", problems=" ".join(errors.values()))
    stage = stage_for(intake.prerequisites, process)
    project = Project(
        team_id=team_id,
        client_name=intake.client_name,
        client_key=search_key(intake.client_name),
        ruc=intake.ruc.number,
        ruc_kind=intake.ruc.kind.value,
        ruc_checksum_warning=intake.ruc.checksum_warning,
        product=intake.product,
        company_size=intake.size,
        issuer_type=intake.issuer_type,
        billing_type=intake.billing_type,
        implemented_by=intake.implemented_by,
        advisor_id=intake.advisor_id,
        # When the commercial advisor implements, the project is assigned to them from the start.
        implementer_id=intake.advisor_id,
        assigned_at=now if intake.advisor_id else None,
        assigned_by=actor.user_id if intake.advisor_id else None,
        estimated_hours=process.estimate_hours(intake.product, intake.size),
        stage=stage.value,
        process_version=process.version,
        created_at=now,
        created_by=actor.user_id,
        entered_implementation_at=now if stage is Stage.IMPLEMENTATION else None,
        origin_channel_id=origin_channel_id,
        updated_at=now,
    )
    refresh_deadlines(project, cal)
    session.add(project)
    project_store.set_prerequisites(session, project, intake.prerequisites, by=actor.user_id, at=now)
    session.flush()
    audit.record(
        session,
        team_id=team_id,
        project_id=project.id,
        actor_id=actor.user_id,
        action="project.start",
        at=now,
        stage=stage.value,
        prerequisites=sorted(intake.prerequisites),
        process_version=process.version,
    )
    return project_store.snapshot(project)


def refresh_deadlines(project: Project, cal: BusinessCalendar) -> None:
    """Keep the running SLA clock's deadline on the project, for ordering portfolios by urgency."""
    project.sla_deadline_at, project.sla_at_risk_at = open_deadline(
        project.entered_implementation_at, project.contacted_at, project.kickoff_at, cal)


def snapshot_of(session, project: Project, now: datetime) -> ProjectSnapshot:
    """The project as the rest of the app sees it (with what its steps, card and reminders need)."""
    return snapshots(session, [project], now)[0]


def snapshots(session, projects: list[Project], now: datetime) -> list[ProjectSnapshot]:
    """Many projects at once, in a handful of queries: a portfolio page loads only what it shows."""
    session.flush()
    facts = portfolio_store.page_facts(session, [p.id for p in projects], now)
    result = []
    for project in projects:
        f = facts[project.id]
        result.append(replace(
            project_store.snapshot(project, next_session=f["next_session"], discovery=f["discovery"]),
            step_records={step_id: step_store.record_of(row) for step_id, row in f["records"].items()},
            accepted_plugins=frozenset(f["accepted"]),
            pending_recommendations=f["pending_recs"],
            sessions=f["sessions"],
            sessions_without_attendees=f["without_attendees"],
            pending_dev_requests=f["pending_devs"],
            hours_logged=float(f["hours"]),
        ))
    return result


def load(session, team_id: str, project_id: int) -> Project:
    project = project_store.get(session, team_id, project_id)
    if project is None:
        raise NotFound("project.not_found")
    return project


def view(session, *, team_id: str, actor: Actor, project_id: int, now: datetime) -> ProjectSnapshot:
    require(actor, Action.VIEW_PROJECTS)
    return snapshot_of(session, load(session, team_id, project_id), now)


def complete_prerequisites(
    session,
    *,
    team_id: str,
    actor: Actor,
    project_id: int,
    met: frozenset[str],
    process: ProcessDefinition,
    now: datetime,
    cal: BusinessCalendar,
) -> tuple[ProjectSnapshot, bool]:
    """Record the prerequisites now met. Returns the project and whether it just entered Implementation."""
    require(actor, Action.COMPLETE_PREREQUISITES)
    project = load(session, team_id, project_id)
    if Stage(project.stage) is not Stage.PREREQUISITES:
        raise Conflict("prerequisites.error.already_done")
    before = sorted(project.met_prerequisites)
    met = met & process.ids("prerequisites")
    project_store.set_prerequisites(session, project, met, by=actor.user_id, at=now)
    entered = not missing_prerequisites(met, process)
    if entered:
        project.stage = Stage.IMPLEMENTATION.value
        project.entered_implementation_at = now
        refresh_deadlines(project, cal)
    project.updated_at = now
    audit.record(
        session,
        team_id=team_id,
        project_id=project.id,
        actor_id=actor.user_id,
        action="project.prerequisites",
        at=now,
        before=before,
        after=sorted(met),
        stage=project.stage,
    )
    return snapshot_of(session, project, now), entered


def set_card(session, *, team_id: str, project_id: int, channel_id: str, ts: str) -> None:
    project = load(session, team_id, project_id)
    project.card_channel_id = channel_id
    project.card_ts = ts


def find(
    session, *, team_id: str, actor: Actor, query: str, limit: int, now: datetime, open_only: bool = False
) -> tuple[list[ProjectSnapshot], int]:
    require(actor, Action.VIEW_PROJECTS)
    key = search_key(query)
    if key.replace(" ", "").isdigit():
        key = key.replace(" ", "")  # a RUC typed in groups: "1790 0857 83001"
    if not key:
        return [], 0
    projects, total = project_store.search(session, team_id, key, limit=limit, open_only=open_only)
    return [snapshot_of(session, p, now) for p in projects], total

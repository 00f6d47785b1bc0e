"""The lead's intake actions: register the contact, assign the implementer, schedule the kickoff."""

from __future__ import annotations

from datetime import datetime

from bot.calendar import BusinessCalendar
from bot.errors import Conflict, DomainError
from bot.intake import ContactForm, KickoffForm, validate_contact, validate_kickoff
from bot.permissions import ASSIGNABLE_ROLES, Action, Actor, require
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot, Stage
from bot.sla import kickoff_deadline
from bot.usecases.projects import load, refresh_deadlines, snapshot_of
from bot.usecases.roles import actor_for
from storage import audit


def _in_implementation(project) -> None:
    if Stage(project.stage) is not Stage.IMPLEMENTATION or project.entered_implementation_at is None:
        raise Conflict("intake.error.not_in_implementation")


def register_contact(
    session, *, team_id: str, actor: Actor, project_id: int, form: ContactForm, process: ProcessDefinition,
    now: datetime, cal: BusinessCalendar,
) -> ProjectSnapshot:
    require(actor, Action.REGISTER_CONTACT)
    project = load(session, team_id, project_id)
    _in_implementation(project)
    if validate_contact(form, now, process):
        raise DomainError("contact.error.invalid")
    before = project.contacted_at
    project.contacted_at = form.when
    project.contact_channel = form.channel
    project.contact_notes = form.notes.strip() or None
    project.contacted_by = actor.user_id
    project.updated_at = now
    refresh_deadlines(project, cal)
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.contact",
                 at=now, before=before.isoformat() if before else None, after=form.when.isoformat(),
                 channel=form.channel)
    return snapshot_of(session, project, now)


def check_assignee(session, team_id: str, user_id: str) -> bool:
    person = actor_for(session, team_id, user_id, admins=())
    return bool(person.roles & ASSIGNABLE_ROLES)


def assign_implementer(
    session, *, team_id: str, actor: Actor, project_id: int, implementer_id: str, now: datetime
) -> tuple[ProjectSnapshot, str | None]:
    """Returns the project and who implemented it before (None if nobody)."""
    require(actor, Action.ASSIGN_IMPLEMENTER)
    project = load(session, team_id, project_id)
    _in_implementation(project)
    if not check_assignee(session, team_id, implementer_id):
        raise DomainError("assign.error.not_assignable")
    before = project.implementer_id
    project.implementer_id = implementer_id
    project.assigned_at = now
    project.assigned_by = actor.user_id
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.assign",
                 at=now, before=before, after=implementer_id)
    return snapshot_of(session, project, now), before


def schedule_kickoff(
    session, *, team_id: str, actor: Actor, project_id: int, form: KickoffForm, process: ProcessDefinition,
    cal: BusinessCalendar, now: datetime,
) -> ProjectSnapshot:
    require(actor, Action.SCHEDULE_KICKOFF)
    project = load(session, team_id, project_id)
    _in_implementation(project)
    deadline = kickoff_deadline(project.entered_implementation_at, cal)
    if validate_kickoff(form, now=now, deadline=deadline, process=process, cal=cal):
        raise DomainError("kickoff.error.invalid")
    before = project.kickoff_at
    decided = form.client_decision and form.when > deadline
    project.kickoff_at = form.when
    project.kickoff_modality = form.modality
    project.kickoff_place = form.place.strip()
    project.kickoff_client_decision = decided
    project.kickoff_reason = form.reason.strip() if decided else None
    project.kickoff_scheduled_at = now
    project.kickoff_scheduled_by = actor.user_id
    project.updated_at = now
    refresh_deadlines(project, cal)
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.kickoff",
                 at=now, before=before.isoformat() if before else None, after=form.when.isoformat(),
                 modality=form.modality, client_decision=decided)
    return snapshot_of(session, project, now)

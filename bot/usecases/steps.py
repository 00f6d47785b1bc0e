"""Steps 4–11: save a step's form, go live (with its gates), confirm the renewal date, close the project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.errors import Conflict, DomainError
from bot.permissions import Action, Actor, require
from bot.process import ProcessDefinition, renewal_date
from bot.projects import ProjectSnapshot, Stage
from bot.steps import StepForm, StepState, check_form, facts_of, go_live_blockers, states_of
from bot.usecases.projects import load, snapshot_of
from storage import audit
from storage import steps as step_store

GO_LIVE_STEP, FOLLOW_UP_STEP = "salida_produccion", "seguimiento"
# Stages in which each step may be worked: everything during implementation; the follow-up after go-live.
STAGES = {FOLLOW_UP_STEP: (Stage.PRODUCTION,)}


@dataclass(frozen=True)
class StepSaved:
    project: ProjectSnapshot
    complete: bool
    was_complete: bool
    closed: bool


def permission_for(step) -> Action:
    return Action.CREATE_ISSUER if step.restricted else Action.WORK_PROJECT


def _check_stage(project, step_id: str) -> None:
    allowed = STAGES.get(step_id, (Stage.IMPLEMENTATION, Stage.PRODUCTION))
    if Stage(project.stage) not in allowed:
        key = "steps.error.follow_up_before_go_live" if step_id == FOLLOW_UP_STEP else "intake.error.not_in_implementation"
        raise Conflict(key)


def open_step(session, *, team_id: str, actor: Actor, project_id: int, step_id: str, process: ProcessDefinition,
              now: datetime) -> ProjectSnapshot:
    """Check that `actor` may work on this step now; returns the project (with its step records)."""
    project = load(session, team_id, project_id)
    step = process.step(step_id)
    require(actor, permission_for(step), assignee=project.implementer_id)
    _check_stage(project, step_id)
    return snapshot_of(session, project, now)


def save_step(
    session, *, team_id: str, actor: Actor, project_id: int, step_id: str, form: StepForm,
    process: ProcessDefinition, now: datetime, today: date,
) -> StepSaved:
    project = load(session, team_id, project_id)
    step = process.step(step_id)
    require(actor, permission_for(step), assignee=project.implementer_id)
    _check_stage(project, step_id)
    current = snapshot_of(session, project, now)
    complete, errors = check_form(step, form, process, facts_of(current, process), today=today,
                                  go_live=project.go_live_on)
    if errors:
        raise DomainError("steps.error.invalid")
    before = current.step_records.get(step_id)
    was_complete = before is not None and before.completed_at is not None
    step_store.save(session, project.id, step_id, checked=sorted(form.checked), details=form.details,
                    notes=form.notes.strip() or None, completed_at=now if complete else None, by=actor.user_id, at=now)
    closed = complete and step_id == FOLLOW_UP_STEP and project.closed_at is None
    if closed:
        project.stage, project.closed_at = Stage.CLOSED.value, now
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="step.save", at=now,
                 step=step_id, before={"checked": sorted(before.checked) if before else [],
                                       "complete": was_complete, "details": before.details if before else {}},
                 after={"checked": sorted(form.checked), "complete": complete, "details": form.details})
    if closed:
        audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.close",
                     at=now, before=Stage.PRODUCTION.value, after=Stage.CLOSED.value)
    return StepSaved(snapshot_of(session, project, now), complete, was_complete, closed)


def go_live(
    session, *, team_id: str, actor: Actor, project_id: int, go_live_on: date, acta: dict, checked: frozenset[str],
    notes: str, process: ProcessDefinition, now: datetime,
) -> tuple[ProjectSnapshot, date]:
    """Step 10: refused until training is complete, the signed acta is attached and developments answered."""
    project = load(session, team_id, project_id)
    require(actor, Action.WORK_PROJECT, assignee=project.implementer_id)
    if Stage(project.stage) is not Stage.IMPLEMENTATION:
        raise Conflict("golive.error.stage")
    current = snapshot_of(session, project, now)
    facts = facts_of(current, process)
    states = {step.id: state for step, state in states_of(current, process)}
    blockers = go_live_blockers(states, facts, acta)
    if blockers:
        raise Conflict("golive.error.blocked", blockers=" ".join(blockers))
    billing = next((b for b in process.billing_types if b.id == project.billing_type), None)
    renewal = renewal_date(go_live_on, billing.renewal if billing else "anual")
    project.stage, project.go_live_on, project.renewal_on = Stage.PRODUCTION.value, go_live_on, renewal
    project.updated_at = now
    step_store.save(session, project.id, GO_LIVE_STEP, checked=sorted(checked),
                    details={"go_live_on": go_live_on.isoformat(), "acta": acta}, notes=notes.strip() or None,
                    completed_at=None, by=actor.user_id, at=now)
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.go_live",
                 at=now, before=Stage.IMPLEMENTATION.value, after=Stage.PRODUCTION.value,
                 go_live_on=go_live_on.isoformat(), renewal_on=renewal.isoformat())
    return snapshot_of(session, project, now), renewal


def confirm_renewal(session, *, team_id: str, actor: Actor, project_id: int, now: datetime) -> ProjectSnapshot:
    """The lead updated "fecha renovación" of the issuer: step 10 is complete."""
    require(actor, Action.CONFIRM_RENEWAL)
    project = load(session, team_id, project_id)
    if project.renewal_on is None:
        raise Conflict("golive.error.no_renewal")
    if project.renewal_confirmed_at is None:
        project.renewal_confirmed_at, project.renewal_confirmed_by = now, actor.user_id
        record = step_store.records(session, project.id).get(GO_LIVE_STEP)
        checked = sorted(set(record.checked if record else ()) | {"fecha_renovacion"})
        step_store.save(session, project.id, GO_LIVE_STEP, checked=checked, details=record.details if record else {},
                        notes=record.notes if record else None, completed_at=now, by=actor.user_id, at=now)
        project.updated_at = now
        audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                     action="project.renewal_confirmed", at=now, renewal_on=project.renewal_on.isoformat())
    return snapshot_of(session, project, now)


def state_of(project: ProjectSnapshot, process: ProcessDefinition, step_id: str) -> StepState:
    return dict((s.id, st) for s, st in states_of(project, process))[step_id]

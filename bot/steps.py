"""The 11 steps of the process: each step's state, what completes it, and the gates of go-live.

Steps 1–3 are derived from their own data (questionnaire, project owner, schedule). Steps 4–11 are
recorded through their forms: a checklist from the process file plus, for some steps, details (who
received the credentials, the plugins activated, each data load, each training module, the acta, the
follow-up result). A step is complete when everything its rule asks for is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.credentials import looks_like_credential
from bot.discovery import is_complete, progress
from bot.i18n import t
from bot.process import ProcessDefinition, Step

DERIVED_STEPS = ("conocimiento", "responsable", "cronograma")
DATASET_STATUSES = ("pendiente", "en_proceso", "cargado", "no_aplica")
DATASET_DONE = ("cargado", "no_aplica")
FOLLOW_UP_RESULTS = ("sin_descuadres", "corregidos", "pendiente")
SATISFACTION = ("1", "2", "3", "4", "5")
NOTES_MAX = 2000
RECORDS_MAX = 10_000_000


class StepState(StrEnum):
    PENDING = "pendiente"
    IN_PROGRESS = "en_curso"
    DONE = "completo"


@dataclass(frozen=True)
class StepRecord:
    """What was recorded for one step (steps 4–11)."""

    step_id: str
    checked: frozenset[str] = frozenset()
    details: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class Facts:
    """What the derived steps and the gates need to know about a project."""

    discovery_answered: int = 0
    discovery_complete: bool = False
    pending_recommendations: int = 0
    accepted_plugins: frozenset[str] = frozenset()
    owner_set: bool = False
    sessions: int = 0
    sessions_without_attendees: int = 0
    pending_dev_requests: int = 0
    accounting: bool = False


def facts_of(project, process: ProcessDefinition) -> Facts:
    """The facts of a project snapshot (bot.projects.ProjectSnapshot) that steps and gates depend on."""
    product = process.product(project.product)
    return Facts(
        discovery_answered=progress(project.discovery, process)[0],
        discovery_complete=is_complete(project.discovery, process),
        pending_recommendations=project.pending_recommendations,
        accepted_plugins=project.accepted_plugins,
        owner_set=bool(project.owner_name),
        sessions=project.sessions,
        sessions_without_attendees=project.sessions_without_attendees,
        pending_dev_requests=project.pending_dev_requests,
        accounting=bool(product and product.accounting),
    )


def states_of(project, process: ProcessDefinition) -> list[tuple[Step, StepState]]:
    return step_states(process, project.step_records, facts_of(project, process))


def step_states(process: ProcessDefinition, records: dict[str, StepRecord], facts: Facts) -> list[tuple[Step, StepState]]:
    return [(step, _state(step.id, records.get(step.id), facts)) for step in process.steps]


def _state(step_id: str, record: StepRecord | None, facts: Facts) -> StepState:
    if step_id == "conocimiento":
        if facts.discovery_complete and not facts.pending_recommendations:
            return StepState.DONE
        return StepState.IN_PROGRESS if facts.discovery_answered else StepState.PENDING
    if step_id == "responsable":
        return StepState.DONE if facts.owner_set else StepState.PENDING
    if step_id == "cronograma":
        if facts.sessions and not facts.sessions_without_attendees:
            return StepState.DONE
        return StepState.IN_PROGRESS if facts.sessions else StepState.PENDING
    if record is None:
        return StepState.PENDING
    if record.completed_at is not None:
        return StepState.DONE
    return StepState.IN_PROGRESS if (record.checked or record.details or record.notes) else StepState.PENDING


def current_step(states: list[tuple[Step, StepState]]) -> Step | None:
    """The first step not yet complete (None when all are)."""
    return next((step for step, state in states if state is not StepState.DONE), None)


def progress_bar(done: int, total: int) -> str:
    """'▰▰▰▰▰▰▱▱▱▱▱ 6/11'."""
    return f"{'▰' * done}{'▱' * (total - done)} {done}/{total}"


# -- forms of steps 4–11 ----------------------------------------------------------------------------

@dataclass(frozen=True)
class StepForm:
    """What a step's modal submitted: the ticked checklist, notes, and the step's own details."""

    checked: frozenset[str] = frozenset()
    notes: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def check_form(step: Step, form: StepForm, process: ProcessDefinition, facts: Facts, *,
               today: date, go_live: date | None = None) -> tuple[bool, dict[str, str]]:
    """Validate a step's form. Returns (complete, errors keyed by field: 'notes', 'checked', or a detail key)."""
    errors: dict[str, str] = {}
    if len(form.notes) > NOTES_MAX:
        errors["notes"] = t("discovery.error.too_long", max=NOTES_MAX)
    for key, value in [("notes", form.notes), *((k, v) for k, v in form.details.items() if isinstance(v, str))]:
        if looks_like_credential(value):
            errors[key] = t("steps.error.credential")
    items = {i.id for i in step.checklist}
    all_ticked = items <= form.checked
    rule = _RULES.get(step.id)
    complete = all_ticked
    if rule is not None:
        complete, more = rule(step, form, process, facts, today=today, go_live=go_live)
        errors.update({k: v for k, v in more.items() if k not in errors})
    return (complete and not errors), errors


def _credentials(step, form, process, facts, **_):
    """Step 4: the credentials' delivery is recorded (when and to whom), never the credentials."""
    errors: dict[str, str] = {}
    sent = "credenciales_enviadas" in form.checked
    if sent and not form.details.get("sent_on"):
        errors["sent_on"] = t("steps.error.sent_on")
    recipient = (form.details.get("recipient") or "").strip()
    if sent and not recipient:
        errors["recipient"] = t("steps.error.recipient")
    return {i.id for i in step.checklist} <= form.checked, errors


def _plugins(step, form, process, facts, **_):
    """Step 5: the plugins activated must include every recommendation accepted in step 1."""
    activated = set(form.details.get("activated") or ())
    missing = facts.accepted_plugins - activated
    errors = {}
    if missing and "plugins_activados" in form.checked:
        names = ", ".join(process.label("plugins", p) for p in sorted(missing))
        errors["checked"] = t("steps.error.plugins_missing", plugins=names)
    return ({i.id for i in step.checklist} <= form.checked) and not missing, errors


def _migration(step, form, process, facts, **_):
    """Step 6: every data set loaded (with how many records) or marked as not applicable."""
    datasets = form.details.get("datasets") or {}
    errors = {}
    complete = True
    for item in step.checklist:
        entry = datasets.get(item.id) or {}
        status, records = entry.get("status"), entry.get("records")
        if status == "cargado" and not records:
            errors[f"records.{item.id}"] = t("steps.error.records")
        if status not in DATASET_DONE:
            complete = False
    return complete, errors


def _training(step, form, process, facts, **_):
    """Step 9: every module required for the product, done and dated."""
    modules = form.details.get("modules") or {}
    required = [m for m in process.training_modules if facts.accounting or not m.accounting_only]
    errors = {}
    for module in process.training_modules:
        entry = modules.get(module.id) or {}
        if entry.get("done") and not entry.get("on"):
            errors[f"on.{module.id}"] = t("steps.error.training_date")
    complete = all((modules.get(m.id) or {}).get("done") and (modules.get(m.id) or {}).get("on") for m in required)
    return complete, errors


def _follow_up(step, form, process, facts, *, today: date, go_live: date | None, **_):
    """Step 11: two weeks after go-live; accounting edition checks unbalanced entries, others satisfaction."""
    errors: dict[str, str] = {}
    if go_live is None:
        errors["checked"] = t("steps.error.follow_up_before_go_live")
        return False, errors
    due = go_live + timedelta(days=step.follow_up_days or 14)
    if today < due:
        errors["checked"] = t("steps.error.follow_up_early", due=due.isoformat())
    if facts.accounting:
        result = form.details.get("result")
        if result not in FOLLOW_UP_RESULTS:
            errors["result"] = t("start.error.choose")
        if result == "corregidos" and not form.details.get("fixed"):
            errors["fixed"] = t("steps.error.fixed")
        done = result in ("sin_descuadres", "corregidos")
    else:
        done = form.details.get("satisfaction") in SATISFACTION
        if not done:
            errors["satisfaction"] = t("start.error.choose")
    return done and {i.id for i in step.checklist} <= form.checked, errors


_RULES = {
    "crear_empresa": _credentials,
    "plugins": _plugins,
    "migracion": _migration,
    "capacitacion": _training,
    "seguimiento": _follow_up,
}


# -- go-live ----------------------------------------------------------------------------------------

def go_live_blockers(states: dict[str, StepState], facts: Facts, acta: dict[str, Any] | None = None, *,
                     with_acta: bool = True) -> list[str]:
    """What stops go-live: training not complete, no signed acta, custom developments unanswered.

    `with_acta=False` leaves the acta out (the go-live form itself is where it is attached).
    """
    blockers = []
    if states.get("capacitacion") is not StepState.DONE:
        blockers.append(t("golive.blocker.training"))
    if with_acta and not acta:
        blockers.append(t("golive.blocker.acta"))
    if facts.pending_dev_requests:
        blockers.append(t("golive.blocker.dev_requests", count=facts.pending_dev_requests))
    return blockers

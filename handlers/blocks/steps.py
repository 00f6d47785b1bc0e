"""Steps 4–11: the card's steps section and each step's modal (checklist, notes and the step's details)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.process import ProcessDefinition, Step
from bot.projects import ProjectSnapshot
from bot.steps import DATASET_STATUSES, FOLLOW_UP_RESULTS, NOTES_MAX, SATISFACTION, StepRecord, StepState, progress_bar
from handlers import ids
from handlers.blocks.intake import text_element
from handlers.blocks.kit import (
    button,
    clip,
    context,
    escape,
    input_block,
    modal,
    option,
    plain,
    section,
)

STATE_EMOJI = {StepState.DONE: "✅", StepState.IN_PROGRESS: "🔄", StepState.PENDING: "⬜"}


def step_block(key: str) -> str:
    return f"{ids.STEP_BLOCK_PREFIX}{key}"


def step_value(project_id: int, step_id: str) -> str:
    return f"{project_id}:{step_id}"


def steps_text(states: list[tuple[Step, StepState]], current: Step | None) -> str:
    done = sum(1 for _, state in states if state is StepState.DONE)
    lines = [f"*{t('card.steps')}* {progress_bar(done, len(states))}"]
    for step, state in states:
        marker = "👉" if current is not None and step.id == current.id else STATE_EMOJI[state]
        lines.append(f"{marker} {step.number}. {escape(step.label)}")
    return "\n".join(lines)


def steps_actions(project: ProjectSnapshot, process: ProcessDefinition, current: Step | None) -> list[dict[str, Any]]:
    elements = []
    if current is not None:
        label = t("card.work_on_step", number=current.number, step=current.label)
        elements.append(button(label, ids.CARD_STEP, step_value(project.id, current.id), style="primary"))
    elements.append({
        "type": "static_select", "action_id": ids.CARD_STEP_SELECT, "placeholder": plain(t("card.go_to_step")),
        "options": [option(f"{s.number}. {s.label}", step_value(project.id, s.id)) for s in process.steps],
    })
    return elements


def project_buttons(project: ProjectSnapshot) -> list[dict[str, Any]]:
    value = str(project.id)
    buttons = []
    if project.is_open:
        buttons += [button(t("card.log_hours"), ids.CARD_HOURS, value),
                    button(t("card.request_development"), ids.CARD_DEVELOPMENT, value)]
    buttons.append(button(t("card.history"), ids.CARD_HISTORY, value))
    return buttons


# -- step modals ------------------------------------------------------------------------------------

def _checkboxes(options: list[dict[str, Any]], ticked: set[str]) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.INPUT, "options": options}
    initial = [o for o in options if o["value"] in ticked]
    if initial:
        element["initial_options"] = initial
    return element


def _checklist(step: Step, record: StepRecord | None, *, optional: bool = True) -> dict[str, Any]:
    options = [option(i.label, i.id) for i in step.checklist]
    return input_block(step_block("checked"), t("steps.checklist"), _checkboxes(options, set(record.checked) if record else set()),
                       optional=optional)


def _notes(record: StepRecord | None) -> dict[str, Any]:
    return input_block(step_block("notes"), t("steps.notes"),
                       text_element(record.notes if record else None, NOTES_MAX, multiline=True), optional=True,
                       hint=t("steps.notes_hint"))


def _select(options: list[dict[str, Any]], selected: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "static_select", "action_id": ids.INPUT, "options": options}
    chosen = next((o for o in options if o["value"] == selected), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


def _date(initial: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": ids.INPUT}
    if initial:
        element["initial_date"] = initial
    return element


def _number(initial: Any, *, decimal: bool = False, minimum: str = "0", maximum: str = "10000000") -> dict[str, Any]:
    element: dict[str, Any] = {"type": "number_input", "action_id": ids.INPUT, "is_decimal_allowed": decimal,
                               "min_value": minimum, "max_value": maximum}
    if initial not in (None, ""):
        element["initial_value"] = str(initial)
    return element


def _credentials_blocks(step, record, project):
    details = record.details if record else {}
    return [
        context(t("steps.credentials_warning")),
        _checklist(step, record),
        input_block(step_block("sent_on"), t("steps.sent_on"), _date(details.get("sent_on")), optional=True),
        input_block(step_block("recipient"), t("steps.recipient"),
                    text_element(details.get("recipient") or project.owner_email, 254), optional=True,
                    hint=t("steps.recipient_hint")),
    ]


def _plugins_blocks(step, record, project, process):
    activated = set((record.details if record else {}).get("activated") or ())
    options = []
    for plugin in process.plugins:
        opt = option(plugin.label, plugin.id)
        if plugin.id in project.accepted_plugins:
            opt["description"] = plain(t("steps.plugin_recommended"), 75)
        options.append(opt)
    return [
        input_block(step_block("activated"), t("steps.plugins_activated"), _checkboxes(options, activated),
                    optional=True),
        _checklist(step, record),
    ]


def _migration_blocks(step, record):
    datasets = (record.details if record else {}).get("datasets") or {}
    status_options = [option(t(f"steps.dataset.{s}"), s) for s in DATASET_STATUSES]
    blocks = []
    for item in step.checklist:
        entry = datasets.get(item.id) or {}
        blocks.append(input_block(step_block(f"status.{item.id}"), item.label,
                                  _select(status_options, entry.get("status") or "pendiente")))
        blocks.append(input_block(step_block(f"records.{item.id}"), t("steps.records", dataset=item.label),
                                  _number(entry.get("records")), optional=True))
        if item.url:
            blocks.append(context(t("steps.tutorial", url=item.url)))
    return blocks


def _training_blocks(record, process, project):
    modules = (record.details if record else {}).get("modules") or {}
    product = process.product(project.product)
    accounting = bool(product and product.accounting)
    options = []
    for m in process.training_modules:
        opt = option(m.label, m.id)
        if m.accounting_only and not accounting:
            opt["description"] = plain(t("steps.optional_module"), 75)
        options.append(opt)
    done = {m for m, entry in modules.items() if entry.get("done")}
    blocks = [input_block(step_block("modules_done"), t("steps.modules_done"), _checkboxes(options, done), optional=True)]
    for m in process.training_modules:
        entry = modules.get(m.id) or {}
        blocks.append(input_block(step_block(f"on.{m.id}"), t("steps.module_date", module=m.label), _date(entry.get("on")),
                                  optional=True))
        blocks.append(input_block(step_block(f"attendees.{m.id}"), t("steps.module_attendees", module=m.label),
                                  text_element(entry.get("attendees"), 500), optional=True))
    return blocks


def _follow_up_blocks(step, record, project, process):
    details = record.details if record else {}
    product = process.product(project.product)
    due = project.go_live_on + timedelta(days=step.follow_up_days or 14) if project.go_live_on else None
    blocks = [context(t("steps.follow_up_due", due=fmt.day(due) if due else "—"))]
    if product and product.accounting:
        options = [option(t(f"steps.result.{r}"), r) for r in FOLLOW_UP_RESULTS]
        blocks.append(input_block(step_block("result"), t("steps.result_label"), _select(options, details.get("result"))))
        blocks.append(input_block(step_block("fixed"), t("steps.fixed"), _number(details.get("fixed")), optional=True))
    else:
        options = [option(t(f"steps.satisfaction.{s}"), s) for s in SATISFACTION]
        element: dict[str, Any] = {"type": "radio_buttons", "action_id": ids.INPUT, "options": options}
        chosen = next((o for o in options if o["value"] == details.get("satisfaction")), None)
        if chosen:
            element["initial_option"] = chosen
        blocks.append(input_block(step_block("satisfaction"), t("steps.satisfaction_label"), element))
    blocks.append(_checklist(step, record))
    return blocks


def step_modal(project: ProjectSnapshot, process: ProcessDefinition, step: Step) -> dict[str, Any]:
    record = project.step_records.get(step.id)
    blocks = [section(t("steps.intro", number=step.number, step=escape(step.label), description=escape(step.description),
                        client=escape(project.client_name)))]
    if step.id == "crear_empresa":
        blocks += _credentials_blocks(step, record, project)
    elif step.id == "plugins":
        blocks += _plugins_blocks(step, record, project, process)
    elif step.id == "migracion":
        blocks += _migration_blocks(step, record)
    elif step.id == "capacitacion":
        blocks += _training_blocks(record, process, project)
    elif step.id == "seguimiento":
        blocks += _follow_up_blocks(step, record, project, process)
    else:
        blocks.append(_checklist(step, record))
    blocks.append(_notes(record))
    return modal(ids.STEP_VIEW, clip(t("steps.title", number=step.number), 24), blocks, submit=t("common.save"),
                 close=t("common.cancel"), private_metadata=json.dumps({"p": project.id, "s": step.id}))


def step_saved_text(step: Step, complete: bool, closed: bool) -> str:
    if closed:
        return t("steps.closed")
    return t("steps.done" if complete else "steps.saved", number=step.number, step=step.label)


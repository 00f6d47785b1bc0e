"""Go-live, the renewal prompt, custom-development requests, the time log and the history."""

from __future__ import annotations

import json
from datetime import date, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import catalog, t
from bot.process import ProcessDefinition, Step
from bot.projects import ProjectSnapshot
from bot.developments import PRIORITIES, URGENCIES
from handlers import ids
from handlers.blocks.intake import text_element
from handlers.blocks.kit import (
    actions,
    button,
    clip,
    context,
    escape,
    input_block,
    message,
    modal,
    option,
    plain,
    section,
)

HISTORY_LIMIT = 15


def block(prefix: str, key: str) -> str:
    return f"{prefix}{key}"


def _radio(options: list[dict[str, Any]], selected: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": ids.INPUT, "options": options}
    chosen = next((o for o in options if o["value"] == selected), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return element


# -- Step 10: go-live ----------------------------------------------------------------------------------

def go_live_modal(project: ProjectSnapshot, step: Step, blockers: list[str], today: date) -> dict[str, Any]:
    g = ids.GO_LIVE_BLOCK_PREFIX
    blocks = [section(t("golive.intro", client=escape(project.client_name)))]
    if blockers:
        blocks.append(context(t("golive.blockers", blockers=" ".join(blockers))))
    checklist = [option(i.label, i.id) for i in step.checklist if i.id != "fecha_renovacion"]
    blocks += [
        input_block(block(g, "on"), t("golive.on"), {"type": "datepicker", "action_id": ids.INPUT,
                                                     "initial_date": today.isoformat()}),
        input_block(block(g, "file"), t("golive.acta_file"), {"type": "file_input", "action_id": ids.INPUT,
                                                              "filetypes": ["pdf", "jpg", "jpeg", "png"], "max_files": 1},
                    optional=True, hint=t("golive.acta_hint")),
        input_block(block(g, "link"), t("golive.acta_link"),
                    text_element(None, 1000, placeholder="https://crm.minegocio.com.ec/…"), optional=True),
        input_block(block(g, "checked"), t("steps.checklist"),
                    {"type": "checkboxes", "action_id": ids.INPUT, "options": checklist}),
        input_block(block(g, "notes"), t("steps.notes"), text_element(None, 2000, multiline=True), optional=True),
    ]
    return modal(ids.GO_LIVE_VIEW, t("golive.title"), blocks, submit=t("golive.submit"), close=t("common.cancel"),
                 private_metadata=str(project.id))


def renewal_prompt(project: ProjectSnapshot, renewal: date, period_label: str, leads: list[str]) -> dict[str, Any]:
    who = " ".join(f"<@{u}>" for u in leads) or t("roles.name.lead")
    text = t("golive.renewal_ask", who=who, client=escape(project.client_name), renewal=fmt.day(renewal),
             period=escape(period_label))
    return message(text, [section(text), actions(button(t("golive.renewal_confirm"), ids.RENEWAL_CONFIRM, str(project.id),
                                                        style="primary"))])


def renewal_done(project: ProjectSnapshot, renewal: date, user_id: str) -> dict[str, Any]:
    text = t("golive.renewal_done", client=escape(project.client_name), renewal=fmt.day(renewal), user=user_id)
    return message(text, [section(text)])


# -- custom developments --------------------------------------------------------------------------------

def development_modal(project: ProjectSnapshot) -> dict[str, Any]:
    d = ids.DEVELOPMENT_BLOCK_PREFIX
    urgencies = [option(t(f"developments.level.{u}"), u) for u in URGENCIES]
    blocks = [
        section(t("developments.intro", client=escape(project.client_name))),
        input_block(block(d, "description"), t("developments.description"),
                    text_element(None, 2000, multiline=True, placeholder=t("developments.description_placeholder"))),
        input_block(block(d, "asked_by"), t("developments.asked_by"),
                    text_element(project.owner_name, 200, placeholder=t("developments.asked_by_placeholder"))),
        input_block(block(d, "urgency"), t("developments.urgency"), _radio(urgencies, "media")),
    ]
    return modal(ids.DEVELOPMENT_VIEW, t("developments.title"), blocks, submit=t("developments.submit"),
                 close=t("common.cancel"), private_metadata=str(project.id))


def development_summary(request, project: ProjectSnapshot) -> str:
    return t("developments.summary", client=escape(project.client_name), description=clip(escape(request.description), 1500),
             asked_by=escape(request.asked_by), urgency=t(f"developments.level.{request.urgency}"),
             requester=request.created_by)


def answer_text(request) -> str:
    verdict = t("developments.viable") if request.status == "viable" else t("developments.not_viable")
    cost = t("developments.cost_amount", amount=fmt.money(request.amount)) if request.has_cost and request.amount is not None \
        else (t("developments.cost_yes") if request.has_cost else t("developments.cost_no"))
    text = t("developments.answer", verdict=verdict, cost=cost, priority=t(f"developments.level.{request.priority}"),
             user=request.answered_by)
    if request.answer_notes:
        text += t("developments.answer_notes", notes=escape(request.answer_notes))
    return text


def development_dm(request, project: ProjectSnapshot, link: str | None) -> dict[str, Any]:
    """The message to each product owner; once answered, it shows the answer instead of the buttons."""
    text = development_summary(request, project)
    blocks = [section(text)]
    if link:
        blocks.append(context(t("developments.card_link", link=link)))
    if request.status == "pendiente":
        value = str(request.id)
        blocks.append(actions(button(t("developments.viable"), ids.DEVELOPMENT_VIABLE, value, style="primary"),
                              button(t("developments.not_viable"), ids.DEVELOPMENT_NOT_VIABLE, value, style="danger")))
    else:
        blocks.append(section(answer_text(request)))
    return message(t("developments.fallback", client=project.client_name), blocks)


def development_answer_modal(request, viable: bool) -> dict[str, Any]:
    d = ids.DEVELOPMENT_BLOCK_PREFIX
    yes_no = [option(t("discovery.yes"), "si"), option(t("discovery.no"), "no")]
    priorities = [option(t(f"developments.level.{p}"), p) for p in PRIORITIES]
    verdict = t("developments.viable") if viable else t("developments.not_viable")
    blocks = [
        section(t("developments.answer_intro", verdict=verdict, description=clip(escape(request.description), 2000))),
        input_block(block(d, "cost"), t("developments.has_cost"), _radio(yes_no, "no")),
        input_block(block(d, "amount"), t("developments.amount"),
                    {"type": "number_input", "action_id": ids.INPUT, "is_decimal_allowed": True, "min_value": "0",
                     "max_value": "10000000"}, optional=True, hint=t("developments.amount_hint")),
        input_block(block(d, "priority"), t("developments.priority"), _radio(priorities, request.urgency)),
        input_block(block(d, "notes"), t("developments.notes"), text_element(None, 2000, multiline=True), optional=True),
    ]
    return modal(ids.DEVELOPMENT_ANSWER_VIEW, t("developments.answer_title"), blocks, submit=t("developments.answer_submit"),
                 close=t("common.cancel"), private_metadata=json.dumps({"r": request.id, "v": viable}))


# -- time log -------------------------------------------------------------------------------------------

def hours_by_step_text(by_step: dict[str | None, Any], process: ProcessDefinition) -> str:
    """'Por paso: 4. Creación de la empresa… 2 h · 9. Capacitación 1,5 h · sin paso 1 h'."""
    parts = [f"{s.number}. {s.label} {fmt.hours(float(by_step[s.id]))}" for s in process.steps if by_step.get(s.id)]
    if by_step.get(None):
        parts.append(t("hours.without_step", hours=fmt.hours(float(by_step[None]))))
    return t("hours.by_step", steps=" · ".join(parts)) if parts else t("hours.none_yet")


def hours_modal(project: ProjectSnapshot, process: ProcessDefinition, today: date,
                step_id: str | None = None, by_step: dict[str | None, Any] | None = None) -> dict[str, Any]:
    h = ids.HOURS_BLOCK_PREFIX
    steps = [option(f"{s.number}. {s.label}", s.id) for s in process.steps]
    step_select: dict[str, Any] = {"type": "static_select", "action_id": ids.INPUT, "options": steps,
                                   "placeholder": plain(t("hours.step_placeholder"))}
    chosen = next((o for o in steps if o["value"] == step_id), None)
    if chosen:
        step_select["initial_option"] = chosen
    blocks = [
        section(t("hours.intro", client=escape(project.client_name), logged=fmt.hours(project.hours_logged),
                  estimate=fmt.hours(project.estimated_hours or 0))),
        context(clip(hours_by_step_text(by_step or {}, process), 3000)),
        input_block(block(h, "hours"), t("hours.amount"),
                    {"type": "number_input", "action_id": ids.INPUT, "is_decimal_allowed": True, "min_value": "0.25",
                     "max_value": "24"}, hint=t("hours.amount_hint")),
        input_block(block(h, "step"), t("hours.step"), step_select, optional=True),
        input_block(block(h, "on"), t("hours.on"), {"type": "datepicker", "action_id": ids.INPUT,
                                                    "initial_date": today.isoformat()}),
        input_block(block(h, "notes"), t("steps.notes"), text_element(None, 2000, multiline=True), optional=True),
    ]
    return modal(ids.HOURS_VIEW, t("hours.title"), blocks, submit=t("common.save"), close=t("common.cancel"),
                 private_metadata=str(project.id))


def hours_text(project: ProjectSnapshot) -> str:
    if not project.estimated_hours:
        return fmt.hours(project.hours_logged)
    share = round(100 * project.hours_logged / project.estimated_hours)
    return t("card.hours_value", logged=fmt.hours(project.hours_logged), estimate=fmt.hours(project.estimated_hours),
             share=share)


# -- history ---------------------------------------------------------------------------------------------

def _change(details: dict[str, Any]) -> str:
    before, after = details.get("before"), details.get("after")
    simple = (str, int, float, type(None))
    if isinstance(before, simple) and isinstance(after, simple) and before != after:
        return t("history.change", before=escape(str(before or "—")), after=escape(str(after or "—")))
    return ""


def history_message(project: ProjectSnapshot, entries: list, tz: tzinfo) -> dict[str, Any]:
    title = t("history.title", client=escape(project.client_name))
    lines = []
    for entry in entries:
        key = f"history.action.{entry.action}"
        what = t(key) if key in catalog() else escape(entry.action)
        if entry.action in ("step.save",) and entry.details.get("step"):
            what += f" ({escape(str(entry.details['step']))})"
        lines.append(t("history.line", when=fmt.short(entry.at, tz), user=entry.actor_id, what=what)
                     + _change(entry.details))
    body = "\n".join(lines) if lines else t("history.empty")
    return message(title, [section(title), section(clip(body, 3000)), context(t("history.footer", limit=HISTORY_LIMIT))])



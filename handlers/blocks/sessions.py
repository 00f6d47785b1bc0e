"""Step 3, Cronograma: the session form, reschedule and cancel modals, and the timeline in the thread."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from bot.sessions import CLIENT_ATTENDEES_MAX, DURATIONS, PLACE_MAX, SessionField, SessionView, duration_label
from handlers import ids
from handlers.blocks.intake import datetime_element, radio, text_element
from handlers.blocks.kit import context, escape, header, input_block, message, modal, option, plain, section

TIMELINE_MAX = 40  # sessions listed in the timeline message (each is one block; messages allow 50)


def plan_block(field: SessionField) -> str:
    return f"{ids.PLAN_BLOCK_PREFIX}{field.value}"


def _override() -> dict[str, Any]:
    return {"type": "checkboxes", "action_id": ids.INPUT, "options": [option(t("sessions.override"), "si")]}


def step_option(process: ProcessDefinition, step_id: str) -> dict[str, Any]:
    step = process.step(step_id)
    return option(f"{step.number}. {step.label}", step.id)


def plan_session_modal(
    project: ProjectSnapshot, process: ProcessDefinition, *, starts_at: datetime, attendees: list[str]
) -> dict[str, Any]:
    duration = {"type": "static_select", "action_id": ids.INPUT,
                "options": [option(duration_label(m), str(m)) for m in DURATIONS],
                "initial_option": option(duration_label(60), "60")}
    people: dict[str, Any] = {"type": "multi_users_select", "action_id": ids.INPUT,
                              "placeholder": plain(t("sessions.attendees_placeholder"))}
    if attendees:
        people["initial_users"] = attendees
    steps = {"type": "multi_static_select", "action_id": ids.INPUT, "placeholder": plain(t("sessions.steps_placeholder")),
             "options": [step_option(process, s.id) for s in process.steps]}
    blocks = [
        section(t("sessions.intro", client=escape(project.client_name))),
        input_block(plan_block(SessionField.WHEN), t("sessions.when"), datetime_element(starts_at)),
        input_block(plan_block(SessionField.DURATION), t("sessions.duration"), duration),
        input_block(plan_block(SessionField.MODALITY), t("kickoff.modality"), radio(process.modalities, None)),
        input_block(plan_block(SessionField.PLACE), t("kickoff.place"),
                    text_element(None, PLACE_MAX, placeholder=t("kickoff.place_placeholder")), optional=True),
        input_block(plan_block(SessionField.ATTENDEES), t("sessions.attendees"), people, optional=True),
        input_block(plan_block(SessionField.CLIENT_ATTENDEES), t("sessions.client_attendees"),
                    text_element(None, CLIENT_ATTENDEES_MAX, placeholder=t("sessions.client_attendees_placeholder")),
                    optional=True),
        input_block(plan_block(SessionField.STEPS), t("sessions.steps"), steps),
        input_block(plan_block(SessionField.OVERRIDE), t("schedule.override_label"), _override(), optional=True),
    ]
    return modal(ids.PLAN_SESSION_VIEW, t("sessions.title"), blocks, submit=t("schedule.submit"),
                 close=t("common.cancel"), private_metadata=str(project.id))


def reschedule_modal(project: ProjectSnapshot, view: SessionView, tz: tzinfo) -> dict[str, Any]:
    blocks = [
        section(t("sessions.reschedule_intro", client=escape(project.client_name), when=fmt.when_with_year(view.starts_at, tz))),
        input_block(plan_block(SessionField.WHEN), t("sessions.new_when"), datetime_element(view.starts_at)),
        input_block(plan_block(SessionField.OVERRIDE), t("schedule.override_label"), _override(), optional=True),
    ]
    return modal(ids.RESCHEDULE_VIEW, t("sessions.reschedule_title"), blocks, submit=t("sessions.reschedule_submit"),
                 close=t("common.cancel"), private_metadata=str(view.id))


def cancel_modal(project: ProjectSnapshot, view: SessionView, tz: tzinfo) -> dict[str, Any]:
    text = t("sessions.cancel_confirm", client=escape(project.client_name), when=fmt.when_with_year(view.starts_at, tz))
    return modal(ids.CANCEL_SESSION_VIEW, t("sessions.cancel_title"), [section(text)],
                 submit=t("sessions.cancel_submit"), close=t("sessions.cancel_back"), private_metadata=str(view.id))


def session_line(view: SessionView, process: ProcessDefinition, tz: tzinfo) -> str:
    when = t("sessions.span", start=fmt.short(view.starts_at, tz), end=fmt.time(view.ends_at, tz))
    parts = [f"*{when}*"]
    if view.modality:
        parts.append(escape(process.label("modalities", view.modality)))
    if view.steps:
        parts.append(t("sessions.steps_short", steps=", ".join(str(process.step(s).number) for s in view.steps
                                                                 if s in process.ids("steps"))))
    line = " · ".join(parts)
    people = [f"<@{u}>" for u in view.attendees] + ([escape(view.client_attendees)] if view.client_attendees else [])
    if people:
        line += "\n👥 " + ", ".join(people)
    if view.place:
        line += "\n📍 " + escape(view.place)
    return line


def timeline_message(project: ProjectSnapshot, sessions: list[SessionView], process: ProcessDefinition,
                     tz: tzinfo) -> dict[str, Any]:
    blocks = [header(t("sessions.timeline_title", client=project.client_name))]
    if not sessions:
        blocks.append(section(t("sessions.timeline_empty")))
    for view in sessions[:TIMELINE_MAX]:
        menu = {"type": "overflow", "action_id": ids.TIMELINE_SESSION_MENU, "options": [
            option(t("sessions.menu_reschedule"), json.dumps({"s": view.id, "a": "r"})),
            option(t("sessions.menu_cancel"), json.dumps({"s": view.id, "a": "c"})),
        ]}
        blocks.append(section(session_line(view, process, tz), accessory=menu))
    if len(sessions) > TIMELINE_MAX:
        blocks.append(context(t("sessions.timeline_more", count=len(sessions) - TIMELINE_MAX)))
    blocks.append(context(t("sessions.timeline_footer")))
    return message(t("sessions.timeline_fallback", client=project.client_name, count=len(sessions)), blocks)

"""`/impl agendar`: the read-back with Confirmar / Cambiar, the session modal, the examples."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.intake import datetime_element
from handlers.blocks.kit import actions, button, context, escape, input_block, message, modal, option, section


def action_value(project_id: int, when: datetime) -> str:
    return json.dumps({"p": project_id, "t": int(when.timestamp())}, separators=(",", ":"))


def confirm_message(project: ProjectSnapshot, when: datetime, tz: tzinfo, warning: str | None) -> dict[str, Any]:
    text = t("schedule.confirm", client=escape(project.client_name), when=fmt.when_with_year(when, tz))
    blocks = [section(text)]
    if warning:
        blocks.append(context(t("schedule.warning.line", warning=warning)))
    value = action_value(project.id, when)
    confirm = t("schedule.confirm_anyway") if warning else t("schedule.confirm_button")
    blocks.append(actions(button(confirm, ids.SCHEDULE_CONFIRM, value, style="primary"),
                          button(t("schedule.change"), ids.SCHEDULE_CHANGE, value)))
    return message(text, blocks)


def scheduled_message(project: ProjectSnapshot, when: datetime, tz: tzinfo, *, created: bool) -> dict[str, Any]:
    key = "schedule.done" if created else "schedule.already"
    text = t(key, client=escape(project.client_name), when=fmt.when_with_year(when, tz))
    return message(text, [section(text)])


def examples_message(typed: str) -> dict[str, Any]:
    text = t("schedule.unreadable", typed=escape(typed) if typed else "—")
    return message(text, [section(text), context(t("schedule.examples"))])


def choose_project_message(query: str, projects: list[ProjectSnapshot], total: int) -> dict[str, Any]:
    names = "\n".join(f"• {escape(p.client_name)} (RUC {p.ruc})" for p in projects)
    text = t("schedule.several", count=total, query=escape(query), names=names)
    return message(text, [section(text)])


def session_modal(project: ProjectSnapshot, when: datetime, *, metadata: str) -> dict[str, Any]:
    override = {"type": "checkboxes", "action_id": ids.INPUT, "options": [option(t("schedule.override"), "si")]}
    blocks = [
        section(t("schedule.modal_intro", client=escape(project.client_name))),
        input_block(ids.SESSION_WHEN_BLOCK, t("schedule.when"), datetime_element(when)),
        input_block(ids.SESSION_OVERRIDE_BLOCK, t("schedule.override_label"), override, optional=True),
    ]
    return modal(ids.SESSION_VIEW, t("schedule.title"), blocks, submit=t("schedule.submit"), close=t("common.cancel"),
                 private_metadata=metadata)

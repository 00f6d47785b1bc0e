"""The modal that completes a project's prerequisites."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.kit import escape, input_block, modal, option, section


def prerequisites_modal(project: ProjectSnapshot, process: ProcessDefinition) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": ids.INPUT,
        "options": [option(p.label, p.id) for p in process.prerequisites],
    }
    met = [option(p.label, p.id) for p in process.prerequisites if p.id in project.met_prerequisites]
    if met:
        element["initial_options"] = met
    blocks = [
        section(t("prerequisites.intro", client=escape(project.client_name))),
        input_block(ids.PREREQUISITES_BLOCK, t("prerequisites.label"), element, optional=True),
    ]
    return modal(
        ids.PREREQUISITES_VIEW,
        t("prerequisites.title"),
        blocks,
        submit=t("common.save"),
        close=t("common.cancel"),
        private_metadata=str(project.id),
    )

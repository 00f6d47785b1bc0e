"""The modal that completes a project's prerequisites."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.kit import escape, input_block, modal, option, section


def prerequisites_element(process: ProcessDefinition, met: Iterable[str]) -> dict[str, Any]:
    """Checkboxes of the process's prerequisites, the met ones ticked (unknown ids ignored)."""
    met = set(met)
    element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": ids.INPUT,
        "options": [option(p.label, p.id) for p in process.prerequisites],
    }
    ticked = [option(p.label, p.id) for p in process.prerequisites if p.id in met]
    if ticked:
        element["initial_options"] = ticked
    return element


def prerequisites_modal(project: ProjectSnapshot, process: ProcessDefinition) -> dict[str, Any]:
    element = prerequisites_element(process, project.met_prerequisites)
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

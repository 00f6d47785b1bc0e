"""Answers of `/impl status <cliente>`."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.kit import button, context, escape, message, section


def matches_message(
    query: str, projects: list[ProjectSnapshot], total: int, process: ProcessDefinition
) -> dict[str, Any]:
    if not projects:
        return message(t("status.none", query=query), [section(t("status.none", query=escape(query)))])
    blocks = [section(t("status.several", count=total, query=escape(query)))]
    for p in projects:
        line = t(
            "status.line",
            client=escape(p.client_name),
            ruc=p.ruc,
            stage=t(f"stage.{p.stage.value}"),
            product=escape(process.label("products", p.product)),
        )
        blocks.append(section(line, accessory=button(t("status.show"), ids.STATUS_SHOW_PROJECT, str(p.id))))
    if total > len(projects):
        blocks.append(context(t("status.more", shown=len(projects), total=total)))
    return message(t("status.several", count=total, query=query), blocks)

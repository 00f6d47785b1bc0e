"""The project card: one message per project, updated in place."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot, Stage
from handlers import ids
from handlers.blocks.kit import actions, button, context, escape, fields, header, message, section


def implementer_text(project: ProjectSnapshot, process: ProcessDefinition) -> str:
    label = escape(process.label("implementers", project.implemented_by))
    if project.implemented_by == "asesor" and project.advisor_id:
        return f"{label}: <@{project.advisor_id}>"
    return label


def prerequisites_text(project: ProjectSnapshot, process: ProcessDefinition) -> str:
    lines = [
        f"{'✅' if p.id in project.met_prerequisites else '⬜'} {p.label}" for p in process.prerequisites
    ]
    return "\n".join(lines)


def project_card(project: ProjectSnapshot, process: ProcessDefinition, tz: tzinfo) -> dict[str, Any]:
    stage = t(f"stage.{project.stage.value}")
    blocks = [
        header(t("card.title", client=project.client_name)),
        fields(
            (t("card.ruc"), project.ruc),
            (t("card.stage"), stage),
            (t("card.product"), escape(process.label("products", project.product))),
            (t("card.size"), escape(process.label("company_sizes", project.company_size))),
            (t("card.issuer_type"), escape(process.label("issuer_types", project.issuer_type))),
            (t("card.billing_type"), escape(process.label("billing_types", project.billing_type))),
            (t("card.implemented_by"), implementer_text(project, process)),
            (t("card.estimate"), fmt.hours(project.estimated_hours) if project.estimated_hours else "—"),
        ),
        section(f"*{t('card.prerequisites')}*\n{escape(prerequisites_text(project, process))}"),
    ]
    if project.ruc_checksum_warning:
        blocks.append(context(t("card.ruc_warning")))
    if project.stage is Stage.PREREQUISITES:
        blocks.append(context(t("card.prerequisites_pending")))
        blocks.append(
            actions(button(t("card.complete_prerequisites"), ids.CARD_PREREQUISITES, str(project.id), style="primary"))
        )
    elif project.entered_implementation_at is not None:
        blocks.append(context(t("card.entered", when=fmt.when(project.entered_implementation_at, tz))))
    blocks.append(
        context(
            t(
                "card.footer",
                user=project.created_by,
                when=fmt.when(project.created_at, tz),
                version=project.process_version,
                id=project.id,
            )
        )
    )
    return message(t("card.fallback", client=project.client_name, ruc=project.ruc, stage=stage), blocks)

"""The project card: one message per project, updated in place."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot, Stage
from bot.sla import SlaClock, SlaState
from handlers import ids
from bot.discovery import progress
from handlers.blocks.kit import actions, button, context, escape, fields, header, message, section
from bot.steps import current_step, states_of
from handlers.blocks.owner import owner_text
from handlers.blocks.steps import project_buttons, steps_actions, steps_text
from handlers.blocks.work import hours_text


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


def contact_line(clock: SlaClock, project: ProjectSnapshot, process: ProcessDefinition, tz: tzinfo) -> str:
    deadline = fmt.when(clock.deadline, tz)
    if clock.state in (SlaState.MET, SlaState.MET_LATE):
        channel = escape(process.label("contact_channels", project.contact_channel))
        detail = t(f"sla.detail.contact_{clock.state.value}", when=fmt.when(clock.stopped_at, tz), channel=channel,
                   deadline=deadline, over=fmt.hours(clock.hours_over))
    else:
        detail = _open_detail(clock, deadline)
    return t("sla.line", state=t(f"sla.state.{clock.state.value}"), name=t("sla.name.contact"), detail=detail)


def kickoff_line(clock: SlaClock, project: ProjectSnapshot, tz: tzinfo) -> str:
    deadline = fmt.when(clock.deadline, tz)
    if clock.state in (SlaState.MET, SlaState.MET_LATE, SlaState.WAIVED):
        detail = t(f"sla.detail.kickoff_{clock.state.value}", when=fmt.when(clock.stopped_at, tz), deadline=deadline,
                   over=fmt.hours(clock.hours_over), reason=escape(project.kickoff_reason or ""))
    else:
        detail = _open_detail(clock, deadline)
    return t("sla.line", state=t(f"sla.state.{clock.state.value}"), name=t("sla.name.kickoff"), detail=detail)


def _open_detail(clock: SlaClock, deadline: str) -> str:
    if clock.state is SlaState.BREACHED:
        return t("sla.detail.breached", deadline=deadline, over=fmt.hours(clock.hours_over))
    return t("sla.detail.open", deadline=deadline, left=fmt.hours(clock.hours_left))


def kickoff_text(project: ProjectSnapshot, process: ProcessDefinition, tz: tzinfo) -> str:
    if project.kickoff_at is None:
        return t("card.not_scheduled")
    modality = escape(process.label("modalities", project.kickoff_modality))
    place = escape(project.kickoff_place or "")
    return t("card.kickoff_value", when=fmt.when(project.kickoff_at, tz), modality=modality, place=place)


def lead_buttons(project: ProjectSnapshot) -> list[dict[str, Any]]:
    value = str(project.id)
    buttons = []
    if project.contacted_at is None:
        buttons.append(button(t("card.register_contact"), ids.CARD_CONTACT, value, style="primary"))
    assign = "card.reassign" if project.implementer_id else "card.assign"
    buttons.append(button(t(assign), ids.CARD_ASSIGN, value))
    kickoff = "card.reschedule_kickoff" if project.kickoff_at else "card.schedule_kickoff"
    buttons.append(button(t(kickoff), ids.CARD_KICKOFF, value))
    return buttons


def discovery_text(project: ProjectSnapshot, process: ProcessDefinition) -> str:
    answered, total = progress(project.discovery, process)
    if answered == total:
        return t("card.discovery_complete", total=total)
    return t("card.discovery_progress", answered=answered, total=total)


def work_buttons(project: ProjectSnapshot) -> list[dict[str, Any]]:
    value = str(project.id)
    return [
        button(t("card.discovery_button"), ids.CARD_DISCOVERY, value),
        button(t("card.owner_button"), ids.CARD_OWNER, value),
        button(t("card.plan_session"), ids.CARD_PLAN_SESSION, value),
    ]


def project_card(
    project: ProjectSnapshot,
    process: ProcessDefinition,
    tz: tzinfo,
    *,
    clocks: tuple[SlaClock, SlaClock] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
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
        if clocks is not None:
            contact, kickoff = clocks
            lines = [contact_line(contact, project, process, tz), kickoff_line(kickoff, project, tz)]
            blocks.append(section(f"*{t('card.deadlines')}*\n" + "\n".join(lines)))
        next_session = fmt.when(project.next_session_at, tz) if project.next_session_at else t("card.no_sessions")
        blocks.append(
            fields(
                (t("card.implementer"), f"<@{project.implementer_id}>" if project.implementer_id else t("card.unassigned")),
                (t("card.kickoff"), kickoff_text(project, process, tz)),
                (t("card.next_session"), next_session),
                (t("card.owner"), owner_text(project)),
                (t("card.discovery"), discovery_text(project, process)),
                (t("card.hours"), hours_text(project)),
            )
        )
        states = states_of(project, process)
        current = current_step(states) if project.is_open else None
        blocks.append(section(steps_text(states, current)))
        if project.stage is Stage.PRODUCTION and project.go_live_on:
            renewal = (t("card.renewal_confirmed") if project.renewal_confirmed_at else t("card.renewal_pending"))
            blocks.append(context(t("card.in_production", go_live=fmt.day(project.go_live_on),
                                    renewal=fmt.day(project.renewal_on) if project.renewal_on else "—", state=renewal)))
        if project.closed_at is not None:
            blocks.append(context(t("card.closed", when=fmt.when(project.closed_at, tz))))
        if project.stage is Stage.IMPLEMENTATION and project.is_open:
            blocks.append(actions(*lead_buttons(project)))
            blocks.append(actions(*work_buttons(project)))
        if project.is_open:
            blocks.append(actions(*steps_actions(project, process, current)))
        blocks.append(actions(*project_buttons(project)))
    footer = t(
        "card.footer",
        user=project.created_by,
        when=fmt.when(project.created_at, tz),
        version=project.process_version,
        id=project.id,
    )
    if now is not None and clocks is not None:
        footer += t("card.as_of", when=fmt.when(now, tz))
    blocks.append(context(footer))
    return message(t("card.fallback", client=project.client_name, ruc=project.ruc, stage=stage), blocks)

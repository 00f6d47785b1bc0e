"""The lead's intake modals: register the contact, assign the implementer, schedule the kickoff."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.intake import NOTES_MAX, PLACE_MAX, ContactField, KickoffField
from bot.process import Item, ProcessDefinition
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.kit import context, escape, input_block, modal, option, plain, section


def contact_block(field: ContactField) -> str:
    return f"contact.{field.value}"


def kickoff_block(field: KickoffField) -> str:
    return f"kickoff.{field.value}"


def datetime_element(initial: datetime | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datetimepicker", "action_id": ids.INPUT}
    if initial is not None:
        element["initial_date_time"] = int(initial.timestamp())
    return element


def radio(items: tuple[Item, ...], selected: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": ids.INPUT,
                               "options": [option(i.label, i.id) for i in items]}
    chosen = next((i for i in items if i.id == selected), None)
    if chosen is not None:
        element["initial_option"] = option(chosen.label, chosen.id)
    return element


def text_element(initial: str | None, max_length: int, *, multiline: bool = False, placeholder: str = "") -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": ids.INPUT, "max_length": max_length,
                               "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def contact_modal(project: ProjectSnapshot, process: ProcessDefinition, now: datetime) -> dict[str, Any]:
    blocks = [
        section(t("contact.intro", client=escape(project.client_name))),
        input_block(contact_block(ContactField.WHEN), t("contact.when"), datetime_element(now)),
        input_block(contact_block(ContactField.CHANNEL), t("contact.channel"), radio(process.contact_channels, None)),
        input_block(contact_block(ContactField.NOTES), t("contact.notes"),
                    text_element(None, NOTES_MAX, multiline=True, placeholder=t("contact.notes_placeholder")),
                    optional=True),
    ]
    return modal(ids.CONTACT_VIEW, t("contact.title"), blocks, submit=t("common.save"), close=t("common.cancel"),
                 private_metadata=str(project.id))


def assign_modal(project: ProjectSnapshot, implementers: list[str], advisors: list[str]) -> dict[str, Any]:
    picker: dict[str, Any] = {"type": "users_select", "action_id": ids.INPUT, "placeholder": plain(t("assign.pick"))}
    if project.implementer_id:
        picker["initial_user"] = project.implementer_id
    people = lambda users: ", ".join(f"<@{u}>" for u in users) or t("roles.nobody")  # noqa: E731
    blocks = [
        section(t("assign.intro", client=escape(project.client_name))),
        input_block(ids.ASSIGN_BLOCK, t("assign.who"), picker),
        context(t("assign.eligible", implementers=people(implementers), advisors=people(advisors))),
    ]
    return modal(ids.ASSIGN_VIEW, t("assign.title"), blocks, submit=t("assign.submit"), close=t("common.cancel"),
                 private_metadata=str(project.id))


def kickoff_modal(
    project: ProjectSnapshot, process: ProcessDefinition, *, deadline: datetime, suggested: datetime, tz: tzinfo
) -> dict[str, Any]:
    decision: dict[str, Any] = {"type": "checkboxes", "action_id": ids.INPUT,
                                "options": [option(t("kickoff.decision_option"), "si")]}
    if project.kickoff_client_decision:
        decision["initial_options"] = [option(t("kickoff.decision_option"), "si")]
    blocks = [
        section(t("kickoff.intro", client=escape(project.client_name), deadline=fmt.when(deadline, tz))),
        input_block(kickoff_block(KickoffField.WHEN), t("kickoff.when"), datetime_element(project.kickoff_at or suggested)),
        input_block(kickoff_block(KickoffField.MODALITY), t("kickoff.modality"),
                    radio(process.modalities, project.kickoff_modality)),
        input_block(kickoff_block(KickoffField.PLACE), t("kickoff.place"),
                    text_element(project.kickoff_place, PLACE_MAX, placeholder=t("kickoff.place_placeholder"))),
        input_block(kickoff_block(KickoffField.DECISION), t("kickoff.decision"), decision, optional=True,
                    hint=t("kickoff.decision_hint")),
        input_block(kickoff_block(KickoffField.REASON), t("kickoff.reason"),
                    text_element(project.kickoff_reason, NOTES_MAX, multiline=True), optional=True),
    ]
    return modal(ids.KICKOFF_VIEW, t("kickoff.title"), blocks, submit=t("common.save"), close=t("common.cancel"),
                 private_metadata=str(project.id))

"""The `/impl start` modal: one form, prefilled from the user's draft."""

from __future__ import annotations

import json
from typing import Any

from bot.i18n import t
from bot.process import Item, ProcessDefinition
from bot.projects import CLIENT_NAME_MAX, Field
from handlers import ids
from handlers.blocks.kit import context, input_block, modal, option, plain
from handlers.blocks.prerequisites import prerequisites_element


def block_id(field: Field) -> str:
    return f"{ids.START_BLOCK_PREFIX}{field.value}"


def _select(items: tuple[Item, ...], placeholder: str, selected: Any) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.INPUT,
        "placeholder": plain(placeholder, 150),
        "options": [option(i.label, i.id) for i in items],
    }
    chosen = next((i for i in items if i.id == selected), None)
    if chosen is not None:
        element["initial_option"] = option(chosen.label, chosen.id)
    return element


def _text(initial: Any, placeholder: str, max_length: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.INPUT,
        "placeholder": plain(placeholder, 150),
        "max_length": max_length,
    }
    if isinstance(initial, str) and initial:
        element["initial_value"] = initial[:max_length]
    return element


def start_modal(process: ProcessDefinition, draft: dict[str, Any] | None, *, channel_id: str | None) -> dict[str, Any]:
    draft = draft or {}
    implementers = {
        "type": "radio_buttons",
        "action_id": ids.INPUT,
        "options": [option(i.label, i.id) for i in process.implementers],
    }
    chosen = next((i for i in process.implementers if i.id == draft.get(Field.IMPLEMENTED_BY)), None)
    if chosen is not None:
        implementers["initial_option"] = option(chosen.label, chosen.id)

    advisor: dict[str, Any] = {"type": "users_select", "action_id": ids.INPUT, "placeholder": plain(t("start.advisor_placeholder"))}
    if isinstance(draft.get(Field.ADVISOR), str):
        advisor["initial_user"] = draft[Field.ADVISOR]

    met = draft.get(Field.PREREQUISITES)
    prerequisites = prerequisites_element(process, met if isinstance(met, list) else [])

    blocks = [
        context(t("start.intro")),
        input_block(
            block_id(Field.CLIENT),
            t("start.client"),
            _text(draft.get(Field.CLIENT), t("start.client_placeholder"), CLIENT_NAME_MAX),
        ),
        input_block(
            block_id(Field.RUC),
            t("start.ruc"),
            _text(draft.get(Field.RUC), t("start.ruc_placeholder"), 20),
            hint=t("start.ruc_hint"),
        ),
        input_block(block_id(Field.PRODUCT), t("start.product"), _select(process.products, t("start.choose"), draft.get(Field.PRODUCT))),
        input_block(block_id(Field.SIZE), t("start.size"), _select(process.company_sizes, t("start.choose"), draft.get(Field.SIZE))),
        input_block(
            block_id(Field.ISSUER_TYPE),
            t("start.issuer_type"),
            _select(process.issuer_types, t("start.choose"), draft.get(Field.ISSUER_TYPE)),
        ),
        input_block(
            block_id(Field.BILLING_TYPE),
            t("start.billing_type"),
            _select(process.billing_types, t("start.choose"), draft.get(Field.BILLING_TYPE)),
        ),
        input_block(block_id(Field.IMPLEMENTED_BY), t("start.implemented_by"), implementers),
        input_block(block_id(Field.ADVISOR), t("start.advisor"), advisor, optional=True, hint=t("start.advisor_hint")),
        input_block(
            block_id(Field.PREREQUISITES),
            t("start.prerequisites"),
            prerequisites,
            optional=True,
            hint=t("start.prerequisites_hint"),
        ),
    ]
    return modal(
        ids.START_VIEW,
        t("start.title"),
        blocks,
        submit=t("start.submit"),
        close=t("common.cancel"),
        private_metadata=json.dumps({"channel": channel_id}) if channel_id else "",
        notify_on_close=True,
    )

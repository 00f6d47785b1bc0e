"""Tell a user something, on whatever surface their request came from."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.errors import DomainError, PermissionDenied
from bot.i18n import t
from bot.permissions import ASSIGNEE_MAY, ISSUER_CREATORS_MAY, Action, allowed_roles
from handlers.blocks.notice import notice_modal

log = logging.getLogger(__name__)


def refusal(action: str) -> str:
    """'Solo pueden hacerlo: Facturación y cobro, Jefe de Implementación o Administrador.'"""
    names = [t(f"roles.name.{r.value}") for r in allowed_roles(Action(action))]
    if Action(action) in ASSIGNEE_MAY:
        names.insert(0, t("permissions.assignee"))
    if Action(action) in ISSUER_CREATORS_MAY:
        names.insert(-1, t("permissions.issuer_creators"))
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {t('common.or')} {names[-1]}"
    return t("permissions.denied", what=t(f"permissions.action.{action}"), who=who)


def error_text(error: DomainError) -> str:
    if isinstance(error, PermissionDenied):
        return refusal(error.action)
    return t(error.key, **error.values)


def tell(client: WebClient, body: dict[str, Any], text: str, *, respond=None) -> None:
    """Ephemeral reply where Slack gave a response_url; a notice modal from the Home tab; else a DM."""
    if respond is not None and body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    trigger_id = body.get("trigger_id")
    if trigger_id and body.get("type") == "block_actions":
        client.views_open(trigger_id=trigger_id, view=notice_modal(t("common.notice_title"), text))
        return
    user_id = (body.get("user") or {}).get("id") or body.get("user_id")
    if user_id:
        client.chat_postMessage(channel=user_id, text=text)

"""A one-message modal, for answers to actions that have no message to reply to (App Home)."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from handlers import ids
from handlers.blocks.kit import modal, section


def notice_modal(title: str, text: str) -> dict[str, Any]:
    return modal(ids.NOTICE_VIEW, title, [section(text)], close=t("common.close"))

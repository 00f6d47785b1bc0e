"""Step 2: the client's project owner."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.owner import EMAIL_MAX, NAME_MAX, ROLE_MAX, OwnerField, phone_display
from bot.projects import ProjectSnapshot
from handlers import ids
from handlers.blocks.intake import text_element
from handlers.blocks.kit import escape, input_block, modal, section


def owner_block(field: OwnerField) -> str:
    return f"owner.{field.value}"


def owner_text(project: ProjectSnapshot) -> str:
    if not project.owner_name:
        return t("card.no_owner")
    return t("card.owner_value", name=escape(project.owner_name), role=escape(project.owner_role or ""),
             email=escape(project.owner_email or ""),
             phone=phone_display(project.owner_phone) if project.owner_phone else "")


def owner_modal(project: ProjectSnapshot) -> dict[str, Any]:
    phone = phone_display(project.owner_phone) if project.owner_phone else None
    blocks = [
        section(t("owner.intro", client=escape(project.client_name))),
        input_block(owner_block(OwnerField.NAME), t("owner.name"), text_element(project.owner_name, NAME_MAX)),
        input_block(owner_block(OwnerField.ROLE), t("owner.role"),
                    text_element(project.owner_role, ROLE_MAX, placeholder=t("owner.role_placeholder"))),
        input_block(owner_block(OwnerField.EMAIL), t("owner.email"),
                    text_element(project.owner_email, EMAIL_MAX, placeholder="nombre@empresa.com.ec")),
        input_block(owner_block(OwnerField.PHONE), t("owner.phone"), text_element(phone, 20, placeholder="099 123 4567"),
                    hint=t("owner.phone_hint")),
    ]
    return modal(ids.OWNER_VIEW, t("owner.title"), blocks, submit=t("common.save"), close=t("common.cancel"),
                 private_metadata=str(project.id))

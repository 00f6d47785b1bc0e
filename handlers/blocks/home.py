"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.permissions import Action, Actor, Role, can
from handlers import ids
from handlers.blocks.kit import actions, button, context, divider, header, section
from handlers.blocks.help import SUBCOMMANDS


def home_view(actor: Actor) -> dict[str, Any]:
    names = ", ".join(t(f"roles.name.{r.value}") for r in Role if r in actor.roles)
    blocks = [header(t("home.title")), section(t("home.intro"))]
    blocks.append(section(t("home.your_roles", roles=names) if names else t("home.no_roles")))
    buttons = []
    if can(actor, Action.START_PROJECT):
        buttons.append(button(t("home.start"), ids.HOME_START, style="primary"))
    if can(actor, Action.MANAGE_ROLES):
        buttons.append(button(t("home.roles"), ids.HOME_ROLES))
    if actor.roles:
        buttons.append(button(t("home.mutes"), ids.HOME_MUTES))
    if buttons:
        blocks.append(actions(*buttons))
    blocks.append(divider())
    blocks.append(section(t("home.commands")))
    blocks.append(context(*(t(f"help.{name}.usage") for name in SUBCOMMANDS)))
    return {"type": "home", "blocks": blocks}


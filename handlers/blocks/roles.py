"""The `/impl roles` modal: pick a person, tick their roles; the current team below."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.permissions import Role
from handlers import ids
from handlers.blocks.kit import context, divider, input_block, modal, option, plain, section
from handlers.blocks.notice import notice_modal

MAY_CREATE_ISSUERS = "may_create_issuers"


def role_options() -> list[dict[str, Any]]:
    return [option(t(f"roles.name.{r.value}"), r.value) for r in Role] + [
        option(t("roles.may_create_issuers"), MAY_CREATE_ISSUERS)
    ]


def team_text(team: dict[Role, list[str]]) -> str:
    lines = []
    for role, users in team.items():
        people = ", ".join(f"<@{u}>" for u in users) if users else t("roles.nobody")
        lines.append(f"*{t(f'roles.name.{role.value}')}*: {people}")
    return "\n".join(lines)


def roles_modal(
    team: dict[Role, list[str]],
    *,
    user_id: str | None = None,
    roles: frozenset[Role] = frozenset(),
    may_create_issuers: bool = False,
    configured_admin: bool = False,
) -> dict[str, Any]:
    picker: dict[str, Any] = {"type": "users_select", "action_id": ids.ROLES_USER_SELECT, "placeholder": plain(t("roles.pick"))}
    if user_id:
        picker["initial_user"] = user_id
    blocks = [
        section(t("roles.intro")),
        input_block(ids.ROLES_USER_BLOCK, t("roles.person"), picker, dispatch_action=True),
    ]
    if user_id:
        element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.INPUT, "options": role_options()}
        ticked = [o for o in role_options() if o["value"] in {r.value for r in roles}]
        if may_create_issuers:
            ticked += [o for o in role_options() if o["value"] == MAY_CREATE_ISSUERS]
        if ticked:
            element["initial_options"] = ticked
        hint = t("roles.hint_configured_admin") if configured_admin else t("roles.hint")
        blocks.append(
            input_block(f"{ids.ROLES_CHECKS_BLOCK_PREFIX}{user_id}", t("roles.roles"), element, optional=True, hint=hint)
        )
    blocks += [divider(), section(team_text(team), block_id=ids.ROLES_TEAM_BLOCK), context(t("roles.footer"))]
    return modal(ids.ROLES_VIEW, t("roles.title"), blocks, submit=t("common.save"), close=t("common.cancel"))


def roles_saved(user_id: str, roles: frozenset[Role]) -> dict[str, Any]:
    names = ", ".join(t(f"roles.name.{r.value}") for r in Role if r in roles) or t("roles.none")
    return notice_modal(t("roles.title"), t("roles.saved", user=user_id, roles=names))

"""`/impl roles`: grant and revoke roles (lead or admin; lead and admin roles by admins only)."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.errors import DomainError
from bot.i18n import t
from bot.permissions import PRIVILEGED_ROLES, Action, Role, can
from bot.usecases import roles as role_cases
from handlers import ids
from handlers.blocks.roles import MAY_CREATE_ISSUERS, roles_modal, roles_saved
from handlers.deps import Deps, team_of
from handlers.replies import error_text, refusal, tell
from handlers.state import read_values

_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


def open_roles_modal(*, ack, body, client, respond, context, deps: Deps, **_) -> None:
    ack()
    team_id = team_of(context)
    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, context["user_id"], deps.admins)
        team = role_cases.team(session, team_id, deps.admins)
    if not can(actor, Action.MANAGE_ROLES):
        tell(client, body, refusal(Action.MANAGE_ROLES), respond=respond)
        return
    client.views_open(trigger_id=body["trigger_id"], view=roles_modal(team))


def _modal_for(deps: Deps, team_id: str, user_id: str):
    with deps.db.transaction() as session:
        person = role_cases.actor_for(session, team_id, user_id, admins=())
        team = role_cases.team(session, team_id, deps.admins)
    return roles_modal(
        team,
        user_id=user_id,
        roles=person.roles,
        may_create_issuers=person.may_create_issuers,
        configured_admin=user_id in deps.admins,
    )


def _submitted(view) -> tuple[str | None, str | None, set[str]]:
    """(selected user, user whose checkboxes are shown, ticked values)."""
    values = read_values(view)
    selected = values.get(ids.ROLES_USER_BLOCK)
    shown, ticked = None, set()
    for block_id, value in values.items():
        if block_id.startswith(ids.ROLES_CHECKS_BLOCK_PREFIX):
            shown = block_id[len(ids.ROLES_CHECKS_BLOCK_PREFIX) :]
            ticked = set(value or [])
    return (selected if isinstance(selected, str) and _USER.match(selected) else None), shown, ticked


def register(app: App, deps: Deps) -> None:
    @app.action(ids.HOME_ROLES)
    def home_roles(ack, body, client, context):
        context["user_id"] = body["user"]["id"]
        open_roles_modal(ack=ack, body=body, client=client, respond=None, context=context, deps=deps)

    @app.action(ids.ROLES_USER_SELECT)
    def pick_user(ack, body, action, client, context):
        ack()
        user_id = action.get("selected_user")
        if not isinstance(user_id, str) or not _USER.match(user_id):
            return
        view = body["view"]
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=_modal_for(deps, team_of(context), user_id))

    @app.view(ids.ROLES_VIEW)
    def submit_roles(ack, body, view, client, context):
        team_id, actor_id = team_of(context), body["user"]["id"]
        user_id, shown, ticked = _submitted(view)
        checks_block = f"{ids.ROLES_CHECKS_BLOCK_PREFIX}{shown}"
        if user_id is None or shown != user_id:
            ack(response_action="errors", errors={ids.ROLES_USER_BLOCK: t("roles.error.pick")})
            return
        roles = {Role(v) for v in ticked if v in Role.__members__.values()}
        may_create = MAY_CREATE_ISSUERS in ticked
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, actor_id, deps.admins)
            current = role_cases.actor_for(session, team_id, user_id, admins=()).roles
        if not can(actor, Action.MANAGE_ROLES):
            ack(response_action="errors", errors={checks_block: refusal(Action.MANAGE_ROLES)})
            return
        if (current ^ roles) & PRIVILEGED_ROLES and not can(actor, Action.MANAGE_PRIVILEGED_ROLES):
            ack(response_action="errors", errors={checks_block: refusal(Action.MANAGE_PRIVILEGED_ROLES)})
            return
        if may_create and Role.IMPLEMENTER not in roles:
            ack(response_action="errors", errors={checks_block: t("roles.error.issuers_needs_implementer")})
            return
        # A one-row write, done before answering so that the confirmation shows what was really saved.
        try:
            with deps.db.transaction() as session:
                role_cases.set_roles(
                    session,
                    team_id=team_id,
                    actor=actor,
                    user_id=user_id,
                    roles=roles,
                    may_create_issuers=may_create,
                    now=deps.clock.now(),
                )
        except DomainError as exc:
            ack(response_action="errors", errors={checks_block: error_text(exc)})
            return
        effective = frozenset(roles | ({Role.ADMIN} if user_id in deps.admins else set()))
        ack(response_action="update", view=roles_saved(user_id, effective))

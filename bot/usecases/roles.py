"""Roles: who the actor is, and granting/revoking roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.errors import DomainError
from bot.permissions import PRIVILEGED_ROLES, Action, Actor, Role, require
from storage import audit
from storage import roles as role_store


def actor_for(session, team_id: str, user_id: str, admins: Iterable[str]) -> Actor:
    grants = role_store.of_user(session, team_id, user_id)
    roles = {Role(g.role) for g in grants if g.role in Role.__members__.values()}
    if user_id in admins:
        roles.add(Role.ADMIN)
    may_create = any(g.may_create_issuers for g in grants if g.role == Role.IMPLEMENTER)
    return Actor(user_id=user_id, roles=frozenset(roles), may_create_issuers=may_create)


def set_roles(
    session,
    *,
    team_id: str,
    actor: Actor,
    user_id: str,
    roles: set[Role],
    may_create_issuers: bool,
    now: datetime,
) -> set[Role]:
    """Make `user_id`'s granted roles exactly `roles`. Returns the roles that changed."""
    require(actor, Action.MANAGE_ROLES)
    if may_create_issuers and Role.IMPLEMENTER not in roles:
        raise DomainError("roles.error.issuers_needs_implementer")
    current = {Role(g.role) for g in role_store.of_user(session, team_id, user_id)}
    current_flag = any(g.may_create_issuers for g in role_store.of_user(session, team_id, user_id))
    changed = current ^ roles
    if changed & PRIVILEGED_ROLES:
        require(actor, Action.MANAGE_PRIVILEGED_ROLES)
    if not changed and current_flag == may_create_issuers:
        return set()
    role_store.replace(
        session,
        team_id,
        user_id,
        {r.value for r in roles},
        may_create_issuers=may_create_issuers,
        by=actor.user_id,
        at=now,
    )
    audit.record(
        session,
        team_id=team_id,
        actor_id=actor.user_id,
        action="roles.set",
        at=now,
        user=user_id,
        before=sorted(r.value for r in current),
        after=sorted(r.value for r in roles),
        may_create_issuers={"before": current_flag, "after": may_create_issuers},
    )
    return changed


def team(session, team_id: str, admins: Iterable[str]) -> dict[Role, list[str]]:
    """Every role with its holders (configured admins included), for display."""
    holders: dict[Role, list[str]] = {role: [] for role in Role}
    for user_id in sorted(admins):
        holders[Role.ADMIN].append(user_id)
    for grant in role_store.all_grants(session, team_id):
        if grant.role in Role.__members__.values() and grant.user_id not in holders[Role(grant.role)]:
            holders[Role(grant.role)].append(grant.user_id)
    return holders


def issuer_creators(session, team_id: str) -> list[str]:
    return [g.user_id for g in role_store.all_grants(session, team_id) if g.may_create_issuers]


INSTALLER = "roles.installer"  # the audit entry of the first install's admin grant


def welcome_installer(session, *, team_id: str, user_id: str, now: datetime) -> bool:
    """The first person to install the bot in a workspace becomes its admin, so someone there can grant
    roles. Reinstalling (e.g. by someone else, to update scopes) changes no roles, even if nobody is admin
    any more: from then on admins are granted in the bot, or by IMPL_ADMINS. True if granted."""
    if audit.ever(session, team_id, INSTALLER) or any(g.role == Role.ADMIN
                                                     for g in role_store.all_grants(session, team_id)):
        return False
    grants = role_store.of_user(session, team_id, user_id)
    current = {g.role for g in grants}
    role_store.replace(session, team_id, user_id, current | {Role.ADMIN.value},
                       may_create_issuers=any(g.may_create_issuers for g in grants), by=user_id, at=now)
    audit.record(session, team_id=team_id, actor_id=user_id, action=INSTALLER, at=now,
                 user=user_id, before=sorted(current), after=sorted(current | {Role.ADMIN.value}))
    return True

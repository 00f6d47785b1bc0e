"""Who may do what: every permission rule of the bot, in one table, checked on the server.

Handlers may hide buttons for convenience, but every action calls `require(actor, action)` first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    LEAD = "lead"
    IMPLEMENTER = "implementer"
    ADVISOR = "advisor"
    BILLING = "billing"
    PRODUCT_OWNER = "product_owner"


class Action(StrEnum):
    START_PROJECT = "start_project"
    COMPLETE_PREREQUISITES = "complete_prerequisites"
    VIEW_PROJECTS = "view_projects"
    MANAGE_ROLES = "manage_roles"
    MANAGE_PRIVILEGED_ROLES = "manage_privileged_roles"
    REGISTER_CONTACT = "register_contact"
    ASSIGN_IMPLEMENTER = "assign_implementer"
    SCHEDULE_KICKOFF = "schedule_kickoff"
    SCHEDULE_SESSION = "schedule_session"
    WORK_PROJECT = "work_project"
    CREATE_ISSUER = "create_issuer"
    LOG_HOURS = "log_hours"
    REQUEST_DEVELOPMENT = "request_development"
    ANSWER_DEVELOPMENT = "answer_development"
    CONFIRM_RENEWAL = "confirm_renewal"


# Admins may do everything; they are implied in every row.
RULES: dict[Action, frozenset[Role]] = {
    Action.START_PROJECT: frozenset({Role.BILLING, Role.LEAD}),
    Action.COMPLETE_PREREQUISITES: frozenset({Role.BILLING, Role.LEAD}),
    Action.VIEW_PROJECTS: frozenset(Role) - {Role.ADMIN},
    Action.MANAGE_ROLES: frozenset({Role.LEAD}),
    # Granting or revoking admin or lead: admins only (a lead cannot promote anyone to lead or admin).
    Action.MANAGE_PRIVILEGED_ROLES: frozenset(),
    # The lead's intake actions.
    Action.REGISTER_CONTACT: frozenset({Role.LEAD}),
    Action.ASSIGN_IMPLEMENTER: frozenset({Role.LEAD}),
    Action.SCHEDULE_KICKOFF: frozenset({Role.LEAD}),
    Action.SCHEDULE_SESSION: frozenset({Role.LEAD}),
    # The implementation steps: the assigned implementer (below), the lead, an admin.
    Action.WORK_PROJECT: frozenset({Role.LEAD}),
    # Step 4 is restricted: the lead, and implementers flagged "may create issuer companies" (below).
    Action.CREATE_ISSUER: frozenset({Role.LEAD}),
    Action.LOG_HOURS: frozenset({Role.LEAD}),
    Action.REQUEST_DEVELOPMENT: frozenset({Role.LEAD}),
    Action.ANSWER_DEVELOPMENT: frozenset({Role.PRODUCT_OWNER}),
    Action.CONFIRM_RENEWAL: frozenset({Role.LEAD}),
}

# Actions also allowed to the person assigned to implement that project.
ASSIGNEE_MAY = frozenset({Action.SCHEDULE_SESSION, Action.WORK_PROJECT, Action.LOG_HOURS,
                          Action.REQUEST_DEVELOPMENT})

# Actions also allowed to implementers flagged "may create issuer companies".
ISSUER_CREATORS_MAY = frozenset({Action.CREATE_ISSUER})

# Who may be assigned to implement a project.
ASSIGNABLE_ROLES = frozenset({Role.IMPLEMENTER, Role.ADVISOR})

PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.LEAD})


@dataclass(frozen=True)
class Actor:
    user_id: str
    roles: frozenset[Role] = frozenset()
    may_create_issuers: bool = False

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles


def can(actor: Actor, action: Action, *, assignee: str | None = None) -> bool:
    """May `actor` do `action`? `assignee` is who implements the project the action is about."""
    if actor.is_admin or actor.roles & RULES[action]:
        return True
    if action in ISSUER_CREATORS_MAY and actor.may_create_issuers and actor.has(Role.IMPLEMENTER):
        return True
    return action in ASSIGNEE_MAY and assignee is not None and assignee == actor.user_id


def require(actor: Actor, action: Action, *, assignee: str | None = None) -> None:
    if not can(actor, action, assignee=assignee):
        raise PermissionDenied(action)


def allowed_roles(action: Action) -> tuple[Role, ...]:
    """The roles that may do `action`, admin last, in the order of the Role enum."""
    return tuple(r for r in Role if r in RULES[action]) + (Role.ADMIN,)

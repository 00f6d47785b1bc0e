"""Role grants per workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import RoleGrant


def of_user(session: Session, team_id: str, user_id: str) -> list[RoleGrant]:
    stmt = select(RoleGrant).where(RoleGrant.team_id == team_id, RoleGrant.user_id == user_id)
    return list(session.scalars(stmt))


def all_grants(session: Session, team_id: str) -> list[RoleGrant]:
    stmt = select(RoleGrant).where(RoleGrant.team_id == team_id).order_by(RoleGrant.role, RoleGrant.user_id)
    return list(session.scalars(stmt))


def replace(
    session: Session,
    team_id: str,
    user_id: str,
    roles: set[str],
    *,
    may_create_issuers: bool,
    by: str,
    at: datetime,
) -> None:
    """Make the user's roles exactly `roles`; grants that stay keep their original date."""
    current = {g.role: g for g in of_user(session, team_id, user_id)}
    for role, grant in current.items():
        if role not in roles:
            session.delete(grant)
        else:
            grant.may_create_issuers = may_create_issuers and role == "implementer"
    for role in roles - set(current):
        session.add(
            RoleGrant(
                team_id=team_id,
                user_id=user_id,
                role=role,
                may_create_issuers=may_create_issuers and role == "implementer",
                granted_by=by,
                granted_at=at,
            )
        )
    session.flush()

"""Drafts of forms a user closed or could not submit yet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.models import Draft


def load(session: Session, team_id: str, user_id: str, form: str) -> dict[str, Any] | None:
    draft = session.get(Draft, (team_id, user_id, form))
    return dict(draft.values) if draft is not None else None


def save(session: Session, team_id: str, user_id: str, form: str, values: dict[str, Any], at: datetime) -> None:
    draft = session.get(Draft, (team_id, user_id, form))
    if draft is None:
        session.add(Draft(team_id=team_id, user_id=user_id, form=form, values=values, updated_at=at))
    else:
        draft.values = values
        draft.updated_at = at


def discard(session: Session, team_id: str, user_id: str, form: str) -> None:
    draft = session.get(Draft, (team_id, user_id, form))
    if draft is not None:
        session.delete(draft)

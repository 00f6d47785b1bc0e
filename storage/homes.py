"""What each person's App Home last showed (a hash), so it is republished only when it changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import HomeView


def last_hash(session: Session, team_id: str, user_id: str) -> str | None:
    row = session.get(HomeView, (team_id, user_id))
    return row.content_hash if row else None


def remember(session: Session, team_id: str, user_id: str, content_hash: str, at: datetime) -> None:
    row = session.get(HomeView, (team_id, user_id))
    if row is None:
        session.add(HomeView(team_id=team_id, user_id=user_id, content_hash=content_hash, published_at=at))
    else:
        row.content_hash, row.published_at = content_hash, at


def users(session: Session, team_id: str) -> list[str]:
    return list(session.scalars(select(HomeView.user_id).where(HomeView.team_id == team_id).order_by(HomeView.user_id)))

"""The bot token of a workspace, from slack_sdk's installation tables (several workspaces, OAuth)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import SLACK_BOTS


def bot_token(session: Session, client_id: str, team_id: str) -> str | None:
    """The newest bot token installed in `team_id`, whether or not the workspace is part of an Enterprise
    Grid (slack_sdk's own lookup needs the enterprise id, which work outside a request does not have)."""
    bots = SLACK_BOTS.c
    return session.scalar(select(bots.bot_token).where(bots.client_id == client_id, bots.team_id == team_id,
                                                       bots.bot_token.is_not(None))
                          .order_by(bots.installed_at.desc(), bots.id.desc()).limit(1))

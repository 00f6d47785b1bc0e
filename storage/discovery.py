"""Questionnaire answers and plugin recommendations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import DiscoveryAnswers, PluginRecommendation

PENDING, ACCEPTED, REJECTED = "pendiente", "aceptada", "rechazada"


def get(session: Session, project_id: int) -> DiscoveryAnswers | None:
    return session.get(DiscoveryAnswers, project_id)


def save(session: Session, project_id: int, answers: dict[str, Any], *, by: str, at: datetime) -> DiscoveryAnswers:
    row = session.get(DiscoveryAnswers, project_id)
    if row is None:
        row = DiscoveryAnswers(project_id=project_id, answers=answers, updated_at=at, updated_by=by)
        session.add(row)
    else:
        row.answers = answers
        row.updated_at = at
        row.updated_by = by
    return row


def recommendations(session: Session, project_id: int) -> list[PluginRecommendation]:
    stmt = select(PluginRecommendation).where(PluginRecommendation.project_id == project_id)
    return list(session.scalars(stmt))


def add_recommendations(session: Session, project_id: int, found: list[tuple[str, str]], at: datetime) -> list[str]:
    """Record recommendations not seen before (decisions already taken are kept). Returns the new plugin ids."""
    known = {r.plugin_id for r in recommendations(session, project_id)}
    new = [(plugin, reason) for plugin, reason in found if plugin not in known]
    for plugin, reason in new:
        session.add(PluginRecommendation(project_id=project_id, plugin_id=plugin, reason=reason, status=PENDING,
                                         created_at=at))
    session.flush()
    return [plugin for plugin, _ in new]

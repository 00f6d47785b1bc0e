"""Step 1 (the questionnaire and its plugin recommendations) and step 2 (the client's project owner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.discovery import Answers, is_complete, progress, recommendations
from bot.errors import DomainError, NotFound
from bot.owner import Owner
from bot.permissions import Action, Actor, require
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from bot.usecases.projects import load, snapshot_of
from storage import audit
from storage import discovery as discovery_store


@dataclass(frozen=True)
class Saved:
    project: ProjectSnapshot
    answers: Answers
    answered: int
    total: int
    completed_now: bool  # this save answered the last question
    new_recommendations: list[tuple[str, str]]  # (plugin id, reason) not recommended before


def answers_of(session, *, team_id: str, actor: Actor, project_id: int, now: datetime) -> tuple[ProjectSnapshot, Answers]:
    project = load(session, team_id, project_id)
    require(actor, Action.WORK_PROJECT, assignee=project.implementer_id)
    row = discovery_store.get(session, project.id)
    return snapshot_of(session, project, now), dict(row.answers) if row else {}


def save_page(
    session, *, team_id: str, actor: Actor, project_id: int, page_answers: Answers, process: ProcessDefinition,
    now: datetime,
) -> Saved:
    """Merge one page's answers into the project's; on the first completion, derive the recommendations."""
    project = load(session, team_id, project_id)
    require(actor, Action.WORK_PROJECT, assignee=project.implementer_id)
    row = discovery_store.get(session, project.id)
    before = dict(row.answers) if row else {}
    answers = {**before, **page_answers}
    row = discovery_store.save(session, project.id, answers, by=actor.user_id, at=now)
    complete = is_complete(answers, process)
    completed_now = complete and row.completed_at is None
    if completed_now:
        row.completed_at = now
    new: list[tuple[str, str]] = []
    if complete:
        found = recommendations(answers, process)
        added = set(discovery_store.add_recommendations(session, project.id, found, now))
        new = [(plugin, reason) for plugin, reason in found if plugin in added]
    changed = {k: v for k, v in answers.items() if before.get(k) != v}
    if changed:
        project.updated_at = now
        audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="discovery.answers",
                     at=now, before={k: before.get(k) for k in changed}, after=changed)
    answered, total = progress(answers, process)
    return Saved(snapshot_of(session, project, now), answers, answered, total, completed_now, new)


def set_recommendations_message(session, project_id: int, ts: str) -> None:
    row = discovery_store.get(session, project_id)
    if row is not None:
        row.recommendations_ts = ts


def decide(
    session, *, team_id: str, actor: Actor, project_id: int, plugin_id: str, accept: bool, now: datetime
) -> tuple[ProjectSnapshot, list]:
    """Accept or reject a recommended plugin (accepted ones become items of step 5). Returns all of them."""
    project = load(session, team_id, project_id)
    require(actor, Action.WORK_PROJECT, assignee=project.implementer_id)
    found = {r.plugin_id: r for r in discovery_store.recommendations(session, project.id)}
    if plugin_id not in found:
        raise NotFound("discovery.error.no_recommendation")
    row = found[plugin_id]
    status = discovery_store.ACCEPTED if accept else discovery_store.REJECTED
    if row.status != status:
        audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id,
                     action="discovery.recommendation", at=now, plugin=plugin_id, before=row.status, after=status)
        row.status, row.decided_by, row.decided_at = status, actor.user_id, now
        project.updated_at = now
    return snapshot_of(session, project, now), list(found.values())


def recommendations_message_ts(session, project_id: int) -> str | None:
    row = discovery_store.get(session, project_id)
    return row.recommendations_ts if row else None


def set_owner(session, *, team_id: str, actor: Actor, project_id: int, owner: Owner, now: datetime) -> ProjectSnapshot:
    project = load(session, team_id, project_id)
    require(actor, Action.WORK_PROJECT, assignee=project.implementer_id)
    if project.closed_at is not None:
        raise DomainError("schedule.error.closed")
    before = {"name": project.owner_name, "role": project.owner_role, "email": project.owner_email,
              "phone": project.owner_phone}
    project.owner_name, project.owner_role = owner.name, owner.role
    project.owner_email, project.owner_phone = owner.email, owner.phone
    project.updated_at = now
    audit.record(session, team_id=team_id, project_id=project.id, actor_id=actor.user_id, action="project.owner",
                 at=now, before=before, after={"name": owner.name, "role": owner.role, "email": owner.email,
                                                "phone": owner.phone})
    return snapshot_of(session, project, now)


"""`/impl agendar <cliente> <cuándo>`: read the date back, confirm or change it, schedule the session."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App
from slack_sdk.webhook import WebhookClient

from bot import fmt
from bot.agenda import split_client_and_when
from bot.errors import DomainError
from bot.i18n import t
from bot.intake import off_hours_warning
from bot.permissions import Action, can
from bot.projects import ProjectSnapshot
from bot.usecases import projects as project_cases
from bot.usecases import roles as role_cases
from bot.usecases import sessions as session_cases
from handlers import ids
from handlers.blocks.schedule import (
    choose_project_message,
    confirm_message,
    examples_message,
    scheduled_message,
    session_modal,
)
from handlers.deps import Deps, team_of
from handlers.intake import epoch
from handlers.projects import load_for
from handlers.replies import error_text, refusal, tell
from handlers.sessions import announce, session_note
from handlers.state import choices, read_values

CHOICES_SHOWN = 5


def agendar(*, ack, args, body, client, respond, context, deps: Deps, **_) -> None:
    ack()
    now = deps.clock.now()
    split = split_client_and_when(args, now.astimezone(deps.tz))
    if split is None:
        respond(**examples_message(args), response_type="ephemeral")
        return
    query, when = split
    team_id = team_of(context)
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, context["user_id"], deps.admins)
            projects, total = project_cases.find(session, team_id=team_id, actor=actor, query=query,
                                                 limit=CHOICES_SHOWN, now=now, open_only=True)
    except DomainError as exc:
        respond(text=error_text(exc), response_type="ephemeral")
        return
    if total == 0:
        respond(text=t("status.none", query=query), response_type="ephemeral")
        return
    if total > 1:
        respond(**choose_project_message(query, projects, total), response_type="ephemeral")
        return
    project = projects[0]
    if not can(actor, Action.SCHEDULE_SESSION, assignee=project.implementer_id):
        respond(text=refusal(Action.SCHEDULE_SESSION), response_type="ephemeral")
        return
    if when <= now:
        respond(text=t("schedule.error.past_typed", when=fmt.when_with_year(when, deps.tz)), response_type="ephemeral")
        return
    warning = off_hours_warning(when, deps.calendar)
    respond(**confirm_message(project, when, deps.tz, warning), response_type="ephemeral")


def _value(raw: Any) -> tuple[int, datetime] | None:
    """(project id, start) from an untrusted button value."""
    try:
        data = json.loads(raw)
        project_id, when = data["p"], epoch(data["t"])
    except (TypeError, ValueError, KeyError):
        return None
    if isinstance(project_id, bool) or not isinstance(project_id, int) or when is None:
        return None
    return project_id, when


def _schedule(deps: Deps, client, team_id: str, user_id: str, project_id: int, when: datetime):
    """Schedule the session in the project's schedule and announce it like any other. Returns (project, created)."""
    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        project, created = session_cases.schedule_session(session, team_id=team_id, actor=actor,
                                                          project_id=project_id, starts_at=when, now=deps.clock.now())
    if created is not None:
        announce(client, deps, project, created, session_note(user_id, created, deps))
    return project, created is not None


def register(app: App, deps: Deps) -> None:
    @app.action(ids.SCHEDULE_CONFIRM)
    def confirm(ack, body, action, client, respond, context):
        ack()
        parsed = _value(action.get("value"))
        if parsed is None:
            return
        try:
            project, created = _schedule(deps, client, team_of(context), body["user"]["id"], *parsed)
        except DomainError as exc:
            tell(client, body, error_text(exc), respond=respond)
            return
        respond(**scheduled_message(project, parsed[1], deps.tz, created=created), response_type="ephemeral",
                replace_original=True)

    @app.action(ids.SCHEDULE_CHANGE)
    def change(ack, body, action, client, respond, context):
        ack()
        parsed = _value(action.get("value"))
        if parsed is None:
            return
        project_id, when = parsed
        loaded = load_for(deps, Action.SCHEDULE_SESSION, body, client, respond, team_of(context), project_id)
        if loaded is None:
            return
        project = loaded[1]
        metadata = json.dumps({"p": project_id, "r": body.get("response_url") or ""})
        client.views_open(trigger_id=body["trigger_id"], view=session_modal(project, when, metadata=metadata))

    @app.view(ids.SESSION_VIEW)
    def submit_session(ack, body, view, client, context):
        team_id, user_id, now = team_of(context), body["user"]["id"], deps.clock.now()
        try:
            metadata = json.loads(view.get("private_metadata") or "{}")
            project_id, response_url = int(metadata["p"]), str(metadata.get("r") or "")
        except (ValueError, KeyError, TypeError):
            ack()
            return
        values = read_values(view)
        when = epoch(values.get(ids.SESSION_WHEN_BLOCK))
        override = "si" in choices(values.get(ids.SESSION_OVERRIDE_BLOCK))
        error = None
        if when is None:
            error = t("schedule.error.when_missing")
        elif when <= now:
            error = t("schedule.error.past_typed", when=fmt.when_with_year(when, deps.tz))
        elif (warning := off_hours_warning(when, deps.calendar)) and not override:
            error = t("schedule.warning.needs_override", warning=warning)
        if error:
            ack(response_action="errors", errors={ids.SESSION_WHEN_BLOCK: error})
            return
        ack()
        try:
            project, created = _schedule(deps, client, team_id, user_id, project_id, when)
        except DomainError as exc:
            tell(client, body, error_text(exc))
            return
        _replace_prompt(deps, response_url, project, when, created)


def _replace_prompt(deps: Deps, url: str, project: ProjectSnapshot, when: datetime, created: bool) -> None:
    """Replace the ephemeral read-back, so its Confirmar button cannot schedule the old time too."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or parts.netloc not in deps.response_hosts:
        return
    WebhookClient(url).send(**scheduled_message(project, when, deps.tz, created=created), response_type="ephemeral",
                            replace_original=True)

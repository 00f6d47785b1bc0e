"""The App Home tab: published when opened, and republished when what it shows changed (not more often)."""

from __future__ import annotations

import hashlib
import json
import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.permissions import Role
from bot.usecases import portfolio as portfolio_cases
from bot.usecases.roles import actor_for
from handlers import ids
from handlers.clients import NotInstalled, TeamClients
from handlers.blocks.home import home_view
from handlers.deps import Deps, team_of
from handlers.projects import open_start_modal
from storage import homes

log = logging.getLogger(__name__)


def build(deps: Deps, team_id: str, user_id: str) -> dict:
    now = deps.clock.now()
    with deps.db.transaction() as session:
        actor = actor_for(session, team_id, user_id, deps.admins)
        lead = (portfolio_cases.lead_dashboard(session, team_id=team_id, now=now, cal=deps.calendar)
                if portfolio_cases.sees_everything(actor) else None)
        mine = (portfolio_cases.implementer_dashboard(session, team_id=team_id, user_id=user_id, now=now)
                if actor.roles & {Role.IMPLEMENTER, Role.ADVISOR} else None)
    return home_view(actor, lead=lead, mine=mine, process=deps.process, now=now, cal=deps.calendar)


def publish(deps: Deps, client: WebClient, team_id: str, user_id: str, *, force: bool = False) -> bool:
    """Publish the user's Home if its content changed since the last time (or always with `force`)."""
    view = build(deps, team_id, user_id)
    digest = hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
    with deps.db.transaction() as session:
        if not force and homes.last_hash(session, team_id, user_id) == digest:
            return False
    client.views_publish(user_id=user_id, view=view)
    with deps.db.transaction() as session:
        homes.remember(session, team_id, user_id, digest, deps.clock.now())
    return True


def refresh(deps: Deps, clients: TeamClients, teams: set[str]) -> int:
    """After a reminders pass: republish, where they changed, the Homes of people of the teams touched."""
    published = 0
    for team_id in sorted(teams):
        with deps.db.transaction() as session:
            users = homes.users(session, team_id)
        try:
            client = clients.for_team(team_id)
        except NotInstalled:
            continue
        for user_id in users:
            try:
                published += publish(deps, client, team_id, user_id)
            except SlackApiError as exc:
                log.warning("could not republish a Home tab: %s", exc.response.get("error"))
    return published


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event, client, context):
        if event.get("tab") != "home":
            return
        publish(deps, client, team_of(context), event["user"], force=True)

    @app.action(ids.HOME_START)
    def home_start(ack, body, client, context):
        context["user_id"] = body["user"]["id"]
        open_start_modal(ack=ack, body=body, client=client, respond=None, context=context, deps=deps)

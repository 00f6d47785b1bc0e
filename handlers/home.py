"""The App Home tab and its buttons."""

from __future__ import annotations

from slack_bolt import App

from bot.usecases.roles import actor_for
from handlers import ids
from handlers.blocks.home import home_view
from handlers.deps import Deps, team_of
from handlers.projects import open_start_modal


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def home_opened(event, client, context):
        if event.get("tab") != "home":
            return
        user_id = event["user"]
        with deps.db.transaction() as session:
            actor = actor_for(session, team_of(context), user_id, deps.admins)
        client.views_publish(user_id=user_id, view=home_view(actor))

    @app.action(ids.HOME_START)
    def home_start(ack, body, client, context):
        context["user_id"] = body["user"]["id"]
        open_start_modal(ack=ack, body=body, client=client, respond=None, context=context, deps=deps)

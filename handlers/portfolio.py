"""`/impl status`: the portfolio by urgency with pagination, the CSV export and the weekly chart (by DM)."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import DomainError
from bot.i18n import t
from bot.portfolio import StatusQuery, View
from bot.usecases import portfolio as portfolio_cases
from bot.usecases import roles as role_cases
from handlers import ids
from handlers.blocks.portfolio import status_page
from handlers.charts import weekly_chart
from handlers.deps import Deps, team_of
from handlers.exports import filename, portfolio_csv
from handlers.replies import error_text, tell

log = logging.getLogger(__name__)


def _query(raw: Any) -> tuple[StatusQuery, int] | None:
    try:
        data = json.loads(raw)
        return StatusQuery(View(data["v"]), str(data.get("x") or "")), max(0, int(data.get("o") or 0))
    except (TypeError, ValueError, KeyError):
        return None


def show_page(deps: Deps, respond, team_id: str, user_id: str, query: StatusQuery, offset: int, *,
              replace: bool = False) -> None:
    try:
        with deps.db.transaction() as session:
            actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
            page = portfolio_cases.page(session, team_id=team_id, actor=actor, query=query, now=deps.clock.now(),
                                        offset=offset)
    except DomainError as exc:
        respond(text=error_text(exc), response_type="ephemeral")
        return
    respond(**status_page(page, deps.process, deps.clock.now(), deps.calendar), response_type="ephemeral",
            replace_original=replace)


def dm_channel(client: WebClient, user_id: str) -> str:
    return client.conversations_open(users=user_id)["channel"]["id"]


def send_chart(deps: Deps, client: WebClient, team_id: str, user_id: str, channel: str | None = None) -> None:
    """The weekly chart as a PNG, to the person's DM (or `channel`)."""
    now = deps.clock.now()
    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        summary, weeks = portfolio_cases.compliance(session, team_id=team_id, actor=actor, now=now, cal=deps.calendar)
    png = weekly_chart(summary, weeks)
    client.files_upload_v2(channel=channel or dm_channel(client, user_id), content=png,
                           filename=f"implementacion-{now.astimezone(deps.tz):%Y-%m-%d}.png",
                           title=t("chart.title"), initial_comment=t("chart.comment"))


def send_export(deps: Deps, client: WebClient, team_id: str, user_id: str, query: StatusQuery) -> None:
    now = deps.clock.now()
    names: dict[str, str] = {}

    def name_of(uid: str) -> str:
        if uid not in names:
            try:
                profile = client.users_info(user=uid)["user"]
                names[uid] = profile.get("real_name") or profile.get("name") or uid
            except SlackApiError:
                names[uid] = uid
        return names[uid]

    with deps.db.transaction() as session:
        actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
        content = portfolio_csv(portfolio_cases.export(session, team_id=team_id, actor=actor, query=query, now=now),
                                deps.process, now, deps.calendar, name_of)
    client.files_upload_v2(channel=dm_channel(client, user_id), content=content, filename=filename(now, deps.calendar),
                           title=t("export.title"), initial_comment=t("export.comment"))


def register(app: App, deps: Deps) -> None:
    @app.action(ids.STATUS_PAGE)
    def turn_page(ack, body, action, client, respond, context):
        ack()
        parsed = _query(action.get("value"))
        if parsed:
            deps.later(lambda: show_page(deps, respond, team_of(context), body["user"]["id"], *parsed, replace=True),
                       body=body, client=client, context=context, respond=respond)

    @app.action(ids.STATUS_EXPORT)
    def export(ack, body, action, client, respond, context):
        ack()
        parsed = _query(action.get("value"))
        if parsed is None:
            return
        respond(text=t("export.preparing"), response_type="ephemeral", replace_original=False)

        def work() -> None:
            try:
                send_export(deps, client, team_of(context), body["user"]["id"], parsed[0])
            except DomainError as exc:
                tell(client, body, error_text(exc), respond=respond)

        deps.later(work, long=True, body=body, client=client, context=context, respond=respond)

    @app.action(ids.STATUS_CHART)
    def chart(ack, body, action, client, respond, context):
        ack()
        respond(text=t("chart.preparing"), response_type="ephemeral", replace_original=False)

        def work() -> None:
            try:
                send_chart(deps, client, team_of(context), body["user"]["id"])
            except DomainError as exc:
                tell(client, body, error_text(exc), respond=respond)

        deps.later(work, long=True, body=body, client=client, context=context, respond=respond)

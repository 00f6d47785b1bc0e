"""Publishing a project's card and its thread: the only place that posts about projects."""

from __future__ import annotations

import logging
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.projects import ProjectSnapshot
from bot.sla import project_clocks
from bot.usecases import projects as project_cases
from handlers.blocks.card import project_card
from handlers.deps import Deps

log = logging.getLogger(__name__)

# Errors that mean "the bot cannot post there": fall back to the creator's DM instead of losing the card.
UNREACHABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


def card_body(deps: Deps, project: ProjectSnapshot) -> dict:
    """The card as of now, with both SLA clocks computed from the project's timestamps."""
    now = deps.clock.now()
    clocks = project_clocks(project, now, deps.calendar)
    return project_card(project, deps.process, deps.tz, clocks=clocks, now=now)


def permalink(client: WebClient, project: ProjectSnapshot) -> str | None:
    if not (project.card_channel_id and project.card_ts):
        return None
    return client.chat_getPermalink(channel=project.card_channel_id, message_ts=project.card_ts)["permalink"]


def publish(
    client: WebClient, deps: Deps, project: ProjectSnapshot, channel_id: str | None, user_id: str
) -> ProjectSnapshot:
    """Post a new card in `channel_id` (or the creator's DM when the bot cannot post there)."""
    body = card_body(deps, project)
    target = channel_id or user_id
    try:
        response = client.chat_postMessage(channel=target, **body)
    except SlackApiError as exc:
        if exc.response.get("error") not in UNREACHABLE or target == user_id:
            raise
        log.info("card channel unreachable (%s); sending project %s to the creator", exc.response["error"], project.id)
        client.chat_postMessage(channel=user_id, text=t("card.unreachable", channel=target))
        response = client.chat_postMessage(channel=user_id, **body)
    channel, ts = response["channel"], response["ts"]
    with deps.db.transaction() as session:
        project_cases.set_card(session, team_id=project.team_id, project_id=project.id, channel_id=channel, ts=ts)
    return replace(project, card_channel_id=channel, card_ts=ts)


def refresh(client: WebClient, deps: Deps, project: ProjectSnapshot) -> None:
    if project.card_channel_id and project.card_ts:
        body = card_body(deps, project)
        client.chat_update(channel=project.card_channel_id, ts=project.card_ts, **body)


def thread(client: WebClient, project: ProjectSnapshot, text: str) -> None:
    """Activity goes into the card's thread, never as a new top-level message."""
    if project.card_channel_id and project.card_ts:
        client.chat_postMessage(channel=project.card_channel_id, thread_ts=project.card_ts, text=text)

"""What the listeners need, wired by the composition root (bot.bootstrap)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.calendar import BusinessCalendar
from bot.clock import Clock
from bot.process import ProcessDefinition
from storage.db import Database


@dataclass(frozen=True)
class Deps:
    db: Database
    clock: Clock
    process: ProcessDefinition
    tz: ZoneInfo
    admins: frozenset[str]
    card_channel: str | None
    calendar: BusinessCalendar
    # Where Slack's response_url may point (hooks.slack.com, or the Web API's host for GovSlack and tests).
    response_hosts: frozenset[str] = frozenset({"hooks.slack.com"})
    # Runs heavy work after the ack (a portfolio page, an export, a chart) on a few threads of its own
    # (handlers.background), with the request (body, client, context, respond) to tell its user of a failure;
    # `long=True` for work that may take long (exports, charts), which gets a queue of its own.
    # Inline by default, where a failure reaches Bolt's error handler.
    later: Callable[..., None] = lambda work, long=False, **request: work()


def team_of(context) -> str:
    """The workspace of a request (enterprise installs without a team fall back to the enterprise)."""
    return context.get("team_id") or context.get("enterprise_id") or ""

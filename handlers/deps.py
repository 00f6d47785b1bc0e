"""What the listeners need, wired by the composition root (bot.bootstrap)."""

from __future__ import annotations

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


def team_of(context) -> str:
    """The workspace of a request (enterprise installs without a team fall back to the enterprise)."""
    return context.get("team_id") or context.get("enterprise_id") or ""

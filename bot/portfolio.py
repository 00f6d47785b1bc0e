"""The lead's portfolio: reading `/impl status` arguments, and SLA compliance per week for the chart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.calendar import BusinessCalendar
from bot.projects import ProjectSnapshot
from bot.search import search_key
from bot.sla import SlaState, contact_clock, kickoff_clock

PAGE_SIZE = 15
CHART_WEEKS = 8
_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$")


class View(StrEnum):
    PORTFOLIO = "portafolio"
    MINE = "mios"
    BREACHED = "vencidos"
    IMPLEMENTER = "implementador"
    CLIENT = "cliente"
    CHART = "grafico"


@dataclass(frozen=True)
class StatusQuery:
    view: View
    value: str = ""  # the implementer's user id, or the client's name / RUC


def parse_status(args: str) -> StatusQuery:
    """'' → portfolio; 'mios' / 'vencidos' / 'grafico' → those views; '<@U123|ana>' → that implementer's; else a client."""
    text = (args or "").strip()
    if not text:
        return StatusQuery(View.PORTFOLIO)
    mention = _MENTION.match(text)
    if mention:
        return StatusQuery(View.IMPLEMENTER, mention.group(1))
    key = search_key(text)
    for view in (View.MINE, View.BREACHED, View.CHART):
        if key == view.value:
            return StatusQuery(view)
    return StatusQuery(View.CLIENT, text)


@dataclass(frozen=True)
class WeekCompliance:
    week: date  # the Monday
    contact: float | None  # share met on time, of the clocks already resolved (None: nothing resolved yet)
    kickoff: float | None
    entered: int


def compliance_by_week(rows: list[tuple], now: datetime, cal: BusinessCalendar, weeks: int = CHART_WEEKS) -> list[WeekCompliance]:
    """SLA compliance of the projects that entered Implementation in each of the last `weeks` weeks.

    A clock counts once it is resolved: met, met late, waived (counts as met: the client decided) or breached.
    """
    today = now.astimezone(cal.tz).date()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    buckets: dict[date, dict[str, list[bool]]] = {first + timedelta(weeks=n): {"contact": [], "kickoff": [], "n": []}
                                                  for n in range(weeks)}
    for entered, contacted, kickoff, decision in rows:
        if entered is None:
            continue
        day = entered.astimezone(cal.tz).date()
        monday = day - timedelta(days=day.weekday())
        if monday not in buckets:
            continue
        bucket = buckets[monday]
        bucket["n"].append(True)
        for name, clock in (("contact", contact_clock(entered, contacted, now, cal)),
                            ("kickoff", kickoff_clock(entered, kickoff, now, cal, client_decision=decision))):
            if clock.state in (SlaState.MET, SlaState.WAIVED):
                bucket[name].append(True)
            elif clock.state in (SlaState.MET_LATE, SlaState.BREACHED):
                bucket[name].append(False)
    share = lambda values: (sum(values) / len(values)) if values else None  # noqa: E731
    return [WeekCompliance(week, share(b["contact"]), share(b["kickoff"]), len(b["n"])) for week, b in buckets.items()]


@dataclass(frozen=True)
class Page:
    view: View
    value: str
    summary: dict[str, int]
    projects: list[ProjectSnapshot]
    total: int
    offset: int
    limit: int
    whole_team: bool  # the person sees the workspace's portfolio (lead or admin)


@dataclass(frozen=True)
class LeadDashboard:
    summary: dict[str, int]
    breached: list[ProjectSnapshot]
    unassigned: list[ProjectSnapshot]
    load: dict[str, dict]


@dataclass(frozen=True)
class ImplementerDashboard:
    projects: list[ProjectSnapshot]
    total: int
    sessions: list[tuple]



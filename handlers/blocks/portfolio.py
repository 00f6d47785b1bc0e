"""`/impl status`: the portfolio page ordered by urgency, with pagination, export and chart buttons."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot import fmt
from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.portfolio import Page, View
from bot.process import ProcessDefinition
from bot.projects import ProjectSnapshot
from bot.sla import SlaState, project_clocks
from bot.steps import StepState, progress_bar, states_of
from handlers import ids
from handlers.blocks.kit import actions, button, clip, context, escape, header, message, section

URGENT = {SlaState.BREACHED: "🔴", SlaState.AT_RISK: "⚠️", SlaState.PENDING: "⏳"}


def deadline_text(project: ProjectSnapshot, now: datetime, cal: BusinessCalendar) -> str:
    """The next thing due, in words: a running SLA clock, the next session, or nothing."""
    clocks = project_clocks(project, now, cal)
    if clocks is not None:
        for name, clock in zip(("contact", "kickoff"), clocks, strict=True):
            if clock.state.open:
                key = "portfolio.deadline_breached" if clock.state is SlaState.BREACHED else "portfolio.deadline_open"
                return t(key, emoji=URGENT[clock.state], what=t(f"sla.name.{name}"), when=fmt.when(clock.deadline, cal.tz))
    if project.next_session_at:
        return t("portfolio.next_session", when=fmt.when(project.next_session_at, cal.tz))
    return t("portfolio.no_deadline")


def project_line(project: ProjectSnapshot, process: ProcessDefinition, now: datetime, cal: BusinessCalendar) -> str:
    states = states_of(project, process)
    done = sum(1 for _, state in states if state is StepState.DONE)
    who = f"<@{project.implementer_id}>" if project.implementer_id else t("portfolio.unassigned")
    hours = t("portfolio.hours", logged=fmt.hours(project.hours_logged), estimate=fmt.hours(project.estimated_hours or 0))
    return t("portfolio.line", client=escape(project.client_name), stage=t(f"stage.{project.stage.value}"),
             bar=progress_bar(done, len(states)), who=who, deadline=deadline_text(project, now, cal), hours=hours)


def summary_text(summary: dict[str, int]) -> str:
    return t("portfolio.summary", **summary)


def page_value(view: View, value: str, offset: int) -> str:
    return json.dumps({"v": view.value, "x": value, "o": offset}, separators=(",", ":"))


def status_page(page: Page, process: ProcessDefinition, now: datetime, cal: BusinessCalendar) -> dict[str, Any]:
    title = t(f"portfolio.title.{page.view.value}") if page.whole_team or page.view is not View.PORTFOLIO \
        else t("portfolio.title.own")
    blocks = [header(title), section(summary_text(page.summary))]
    if not page.projects:
        blocks.append(section(t("portfolio.empty")))
    for project in page.projects:
        blocks.append(section(clip(project_line(project, process, now, cal), 3000),
                              accessory=button(t("status.show"), ids.STATUS_SHOW_PROJECT, str(project.id))))
    first, last = (page.offset + 1, page.offset + len(page.projects)) if page.projects else (0, 0)
    blocks.append(context(t("portfolio.range", first=first, last=last, total=page.total)))
    buttons = []
    if page.offset > 0:
        buttons.append(button(t("portfolio.previous"), ids.STATUS_PAGE,
                              page_value(page.view, page.value, max(0, page.offset - page.limit))))
    if page.offset + page.limit < page.total:
        buttons.append(button(t("portfolio.next"), ids.STATUS_PAGE, page_value(page.view, page.value, page.offset + page.limit)))
    buttons.append(button(t("portfolio.export"), ids.STATUS_EXPORT, page_value(page.view, page.value, 0)))
    buttons.append(button(t("portfolio.chart"), ids.STATUS_CHART, page_value(page.view, page.value, 0)))
    blocks.append(actions(*buttons))
    return message(t("portfolio.fallback", title=title, first=first, last=last, total=page.total), blocks)


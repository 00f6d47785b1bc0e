"""The App Home: for leads the portfolio at a glance, for implementers their projects and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import fmt
from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.permissions import Action, Actor, Role, can
from bot.portfolio import ImplementerDashboard, LeadDashboard
from bot.process import ProcessDefinition
from bot.steps import current_step, states_of
from handlers import ids
from handlers.blocks.help import SUBCOMMANDS
from handlers.blocks.kit import actions, button, clip, context, divider, escape, header, section
from handlers.blocks.portfolio import deadline_text, project_line, summary_text
from handlers.blocks.steps import step_value

LOAD_SHOWN = 15


def _buttons(actor: Actor) -> list[dict[str, Any]]:
    buttons = []
    if can(actor, Action.START_PROJECT):
        buttons.append(button(t("home.start"), ids.HOME_START, style="primary"))
    if can(actor, Action.MANAGE_ROLES):
        buttons.append(button(t("home.roles"), ids.HOME_ROLES))
    if actor.roles:
        buttons.append(button(t("home.mutes"), ids.HOME_MUTES))
    return buttons


def home_view(actor: Actor, *, lead: LeadDashboard | None = None, mine: ImplementerDashboard | None = None,
              process: ProcessDefinition | None = None, now: datetime | None = None,
              cal: BusinessCalendar | None = None) -> dict[str, Any]:
    names = ", ".join(t(f"roles.name.{r.value}") for r in Role if r in actor.roles)
    blocks = [header(t("home.title")), section(t("home.intro"))]
    blocks.append(section(t("home.your_roles", roles=names) if names else t("home.no_roles")))
    buttons = _buttons(actor)
    if buttons:
        blocks.append(actions(*buttons))
    if lead is not None and process and now and cal:
        blocks += _lead_blocks(lead, process, now, cal)
    if mine is not None and process and now and cal:
        blocks += _implementer_blocks(mine, process, now, cal)
    blocks.append(divider())
    blocks.append(section(t("home.commands")))
    blocks.append(context(*(t(f"help.{name}.usage") for name in SUBCOMMANDS)))
    return {"type": "home", "blocks": blocks}


def _lead_blocks(lead: LeadDashboard, process, now, cal) -> list[dict[str, Any]]:
    blocks = [divider(), header(t("home.portfolio")), section(summary_text(lead.summary))]
    if lead.breached:
        blocks.append(section(f"*{t('home.breached')}*"))
        for p in lead.breached:
            blocks.append(section(clip(project_line(p, process, now, cal), 3000),
                                  accessory=button(t("status.show"), ids.STATUS_SHOW_PROJECT, str(p.id))))
    if lead.unassigned:
        lines = [f"• {escape(p.client_name)} — {deadline_text(p, now, cal)}" for p in lead.unassigned]
        blocks.append(section(clip(f"*{t('home.unassigned')}*\n" + "\n".join(lines), 3000)))
    if lead.load:
        rows = sorted(lead.load.items(), key=lambda item: (-item[1]["open"], item[0]))[:LOAD_SHOWN]
        lines = [t("home.load_line", user=u, open=v["open"], hours=fmt.hours(float(v["hours"]))) for u, v in rows]
        blocks.append(section(clip(f"*{t('home.load')}*\n" + "\n".join(lines), 3000)))
    blocks.append(context(t("home.portfolio_hint")))
    return blocks


def _implementer_blocks(mine: ImplementerDashboard, process, now, cal) -> list[dict[str, Any]]:
    blocks = [divider(), header(t("home.my_projects", count=mine.total))]
    if not mine.projects:
        blocks.append(section(t("home.no_projects")))
    for p in mine.projects:
        current = current_step(states_of(p, process))
        accessory = (button(t("home.work_on", number=current.number), ids.CARD_STEP, step_value(p.id, current.id))
                     if current is not None else button(t("status.show"), ids.STATUS_SHOW_PROJECT, str(p.id)))
        blocks.append(section(clip(project_line(p, process, now, cal), 3000), accessory=accessory))
    if mine.total > len(mine.projects):
        blocks.append(context(t("home.more_projects", count=mine.total - len(mine.projects))))
    if mine.sessions:
        lines = [t("home.session_line", when=fmt.when(s.starts_at, cal.tz), client=escape(name)) for s, name in mine.sessions]
        blocks.append(section(f"*{t('home.next_sessions')}*\n" + "\n".join(lines)))
    return blocks



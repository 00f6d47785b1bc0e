"""The portfolio: pages ordered by urgency for `/impl status`, the export, the chart and the App Home dashboards.

Who sees what: leads and admins the whole workspace; implementers and advisors the projects they implement;
billing the projects they registered; product owners the projects with custom-development requests.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.calendar import BusinessCalendar
from bot.permissions import Action, Actor, Role, require
from bot.portfolio import (
    PAGE_SIZE,
    ImplementerDashboard,
    LeadDashboard,
    Page,
    StatusQuery,
    View,
    WeekCompliance,
    compliance_by_week,
)
from bot.sla import open_deadline
from bot.usecases.projects import snapshots
from storage import portfolio as store


def sees_everything(actor: Actor) -> bool:
    return actor.is_admin or actor.has(Role.LEAD)


def _involvement(actor: Actor) -> str:
    if sees_everything(actor):
        return "all"
    if actor.roles & {Role.IMPLEMENTER, Role.ADVISOR}:
        return "mine"
    if actor.has(Role.BILLING):
        return "created"
    if actor.has(Role.PRODUCT_OWNER):
        return "developments"
    return "mine"


def _where(team_id: str, actor: Actor, query: StatusQuery, now: datetime, *, include_closed: bool = False) -> list:
    involvement = "mine" if query.view is View.MINE else _involvement(actor)
    return store.scope(team_id, user_id=actor.user_id, involvement=involvement,
                       breached_at=now if query.view is View.BREACHED else None,
                       implementer=query.value if query.view is View.IMPLEMENTER else None,
                       include_closed=include_closed)


def page(session, *, team_id: str, actor: Actor, query: StatusQuery, now: datetime, offset: int = 0,
         limit: int = PAGE_SIZE) -> Page:
    require(actor, Action.VIEW_PROJECTS)
    where = _where(team_id, actor, query, now)
    projects, total = store.page(session, where, now, limit=limit, offset=max(0, offset))
    summary = store.summary(session, team_id, now, where if not sees_everything(actor) or query.view is not View.PORTFOLIO
                            else None)
    return Page(query.view, query.value, summary, snapshots(session, projects, now), total, max(0, offset), limit,
                sees_everything(actor))


def export(session, *, team_id: str, actor: Actor, query: StatusQuery, now: datetime):
    """Every project in the person's portfolio (closed ones too), in batches of snapshots."""
    require(actor, Action.VIEW_PROJECTS)
    for batch in store.all_in(session, _where(team_id, actor, query, now, include_closed=True)):
        yield snapshots(session, batch, now)


def compliance(session, *, team_id: str, actor: Actor, now: datetime, cal: BusinessCalendar) -> tuple[dict, list[WeekCompliance]]:
    """(open projects by stage, SLA compliance of the last weeks) for the weekly chart."""
    require(actor, Action.VIEW_PROJECTS)
    since = now - timedelta(weeks=9)
    return store.summary(session, team_id, now), compliance_by_week(store.entered_since(session, team_id, since), now, cal)


def lead_dashboard(session, *, team_id: str, now: datetime, cal: BusinessCalendar, limit: int = 8) -> LeadDashboard:
    local = now.astimezone(cal.tz)
    week_start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    breached, _ = store.page(session, store.scope(team_id, breached_at=now), now, limit=limit, offset=0)
    unassigned, _ = store.page(session, store.scope(team_id, unassigned=True), now, limit=limit, offset=0)
    return LeadDashboard(store.summary(session, team_id, now), snapshots(session, breached, now),
                         snapshots(session, unassigned, now), store.load_by_implementer(session, team_id, week_start))


def implementer_dashboard(session, *, team_id: str, user_id: str, now: datetime, limit: int = 8) -> ImplementerDashboard:
    projects, total = store.page(session, store.scope(team_id, user_id=user_id, involvement="mine"), now,
                                 limit=limit, offset=0)
    return ImplementerDashboard(snapshots(session, projects, now), total,
                                store.sessions_of(session, team_id, user_id, now, 5))


def backfill_deadlines(session, cal: BusinessCalendar, limit: int) -> int:
    """Store the deadline of up to `limit` projects that predate the column; how many there were."""
    return store.backfill_deadlines(session, lambda e, c, k: open_deadline(e, c, k, cal), limit)

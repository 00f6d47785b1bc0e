"""One reminders pass: plan what changed, claim what is due, re-check it, send it once, record the outcome.

The pass is the same for `impl-bot run` (every minute) and `impl-bot tick`. Several instances may run it
at the same time: rows are claimed atomically and only their claimer records the outcome.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.calendar import BusinessCalendar
from bot.reminders import (
    DIGEST_ITEMS,
    Item,
    Kind,
    Outgoing,
    ProjectFacts,
    THREAD,
    SendResult,
    digest_due,
    digest_items,
    plan,
)
from bot.usecases.portfolio import backfill_deadlines
from storage import reminders as store

LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)
BACKFILL_BATCH = 500  # projects given a stored deadline per pass, for those older than the column
MIN_RETRY = timedelta(seconds=1)


class Sender(Protocol):
    def send(self, message: Outgoing) -> SendResult: ...

    def report_failure(self, team_id: str, leads: tuple[str, ...], message: Outgoing, error: str) -> None: ...


@dataclass
class PassReport:
    planned: int = 0
    cancelled: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    muted: int = 0
    backfilled: int = 0  # projects from before stored deadlines, given theirs in this pass
    messages: list[Outgoing] = field(default_factory=list)
    teams: set[str] = field(default_factory=set)  # workspaces whose projects changed or were reminded
    roles: dict[str, tuple] = field(default_factory=dict, repr=False)  # per-pass cache of each team's roles

    def roles_of(self, session, team_id: str) -> tuple:
        if team_id not in self.roles:
            self.roles[team_id] = store.team_roles(session, team_id)
        return self.roles[team_id]


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def _rows(f: ProjectFacts, now: datetime, cal: BusinessCalendar) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    candidates = plan(f, cal)
    rows = []
    for c in candidates:
        if c.expires_at is not None and c.deliver_at >= c.expires_at:
            continue  # would arrive too late to matter (e.g. a session booked for the next hour)
        for recipient in c.recipients:
            rows.append({
                "key": f"{f.team_id}:{f.project_id}:{c.kind.value}:{c.occurrence}:{recipient}",
                "team_id": f.team_id, "project_id": f.project_id, "kind": c.kind.value, "occurrence": c.occurrence,
                "recipient": recipient, "deliver_at": c.deliver_at, "expires_at": c.expires_at, "due_at": c.deliver_at,
                "status": store.PENDING, "attempts": 0, "values": _json(c.values), "created_at": now, "updated_at": now,
            })
    return rows, {c.key for c in candidates}


def _plan_changed(session, now: datetime, cal: BusinessCalendar, limit: int, report: PassReport) -> None:
    for project in store.stale_projects(session, limit):
        report.teams.add(project.team_id)
        rows, keep = _rows(store.facts(session, project, now, report.roles_of(session, project.team_id)), now, cal)
        report.planned += store.insert_missing(session, rows)
        report.cancelled += store.cancel_obsolete(session, project.id, keep, now)
        store.mark_planned(session, project.id, project.version)


def _plan_digests(session, now: datetime, cal: BusinessCalendar, report: PassReport) -> None:
    today = now.astimezone(cal.tz).date()
    due = digest_due(today, cal)
    if due is None:
        return
    rows = []
    for team_id in store.teams_with_leads(session):
        leads, _ = store.team_roles(session, team_id)
        for lead in leads:
            rows.append({
                "key": f"{team_id}:-:{Kind.DIGEST.value}:{today.isoformat()}:{lead}", "team_id": team_id,
                "project_id": None, "kind": Kind.DIGEST.value, "occurrence": today.isoformat(), "recipient": lead,
                "deliver_at": due, "expires_at": cal.closing_time(today), "due_at": due, "status": store.PENDING,
                "attempts": 0, "values": {}, "created_at": now, "updated_at": now,
            })
    report.planned += store.insert_missing(session, rows)


def _check(session, rows: list, now: datetime, cal: BusinessCalendar, instance: str,
           report: PassReport) -> Outgoing | None:
    """Re-check claimed rows of one project and recipient against fresh facts; returns what is still to send."""
    first = rows[0]
    finish = lambda ids, status: store.finish(session, ids, status, now, instance=instance)  # noqa: E731
    if first.kind == Kind.DIGEST.value:
        return _check_digest(session, first, now, cal, instance, report)
    project = store.project(session, first.project_id)
    if project is None or project.closed_at is not None:
        finish([r.id for r in rows], store.CANCELLED)
        report.cancelled += len(rows)
        return None
    f = store.facts(session, project, now, report.roles_of(session, project.team_id))
    current = {c.key for c in plan(f, cal)}
    muted = store.muted_kinds(session, first.team_id, first.recipient) if first.recipient != THREAD else set()
    keep = []
    for row in rows:
        if row.expires_at is not None and now >= row.expires_at:
            finish([row.id], store.EXPIRED)
            report.expired += 1
        elif (row.kind, store.base_occurrence(row.occurrence)) not in current:
            finish([row.id], store.CANCELLED)
            report.cancelled += 1
        elif row.kind in muted:
            finish([row.id], store.MUTED)
            report.muted += 1
        else:
            keep.append(row)
    if not keep:
        return None
    items = tuple(Item(r.id, Kind(r.kind), dict(r.values or {})) for r in sorted(keep, key=lambda r: (r.deliver_at, r.id)))
    return Outgoing(first.team_id, first.recipient, f, items)


def _check_digest(session, row, now: datetime, cal: BusinessCalendar, instance: str, report: PassReport):
    if row.expires_at is not None and now >= row.expires_at:
        store.finish(session, [row.id], store.EXPIRED, now, instance=instance)
        report.expired += 1
        return None
    if Kind.DIGEST.value in store.muted_kinds(session, row.team_id, row.recipient):
        store.finish(session, [row.id], store.MUTED, now, instance=instance)
        report.muted += 1
        return None
    roles = report.roles_of(session, row.team_id)
    items = []
    for project in store.digest_candidates(session, row.team_id):
        items += digest_items(store.light_facts(project, roles), now, cal)
    order = {kind: n for n, kind in enumerate(DIGEST_ITEMS)}
    items.sort(key=lambda i: (order[i.kind], i.since, i.project_id))
    failures = tuple(store.recent_failures(session, row.team_id, now - timedelta(days=1)))
    if not items and not failures:
        store.finish(session, [row.id], store.CANCELLED, now, instance=instance)  # nothing pending: no ping
        report.cancelled += 1
        return None
    return Outgoing(row.team_id, row.recipient, None, (Item(row.id, Kind.DIGEST, {}),), tuple(items), failures)


def _deliver(db, sender: Sender, tx, rows: list, attempts: dict[int, int], now: datetime, cal: BusinessCalendar,
             instance: str, dry_run: bool, report: PassReport) -> None:
    """Re-check one group of claimed rows, send it as one message, record the outcome."""
    with tx() as session:
        message = _check(session, rows, now, cal, instance, report)
    if message is None:
        return
    report.messages.append(message)
    if dry_run:
        return
    result = sender.send(message)
    ids = [item.row_id for item in message.items]
    leads: tuple[str, ...] = ()
    with db.transaction() as session:
        if result.ok:
            store.finish(session, ids, store.SENT, now, instance=instance, channel=result.channel, ts=result.ts)
            report.sent += len(ids)
            report.teams.add(message.team_id)
        elif result.permanent:
            store.finish(session, ids, store.FAILED, now, instance=instance, error=result.error)
            report.failed += len(ids)
            leads, _ = report.roles_of(session, message.team_id)
        else:
            wait = timedelta(seconds=result.retry_after) if result.retry_after else _backoff(max(attempts[i] for i in ids))
            wait = max(wait, MIN_RETRY)  # never again in this pass
            store.retry(session, ids, now + wait, result.error or "retry", now, instance=instance)
            report.retried += len(ids)
    if result.permanent:
        sender.report_failure(message.team_id, leads, message, result.error or "error")


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** attempts), MAX_BACKOFF)


def run_pass(
    db, sender: Sender, *, now: datetime, cal: BusinessCalendar, instance: str, dry_run: bool = False,
    plan_limit: int = 1000, claim_limit: int = 100, backfill: bool = True,
) -> PassReport:
    """One pass. With `dry_run`, everything happens in a transaction that is rolled back and nothing is sent:
    `report.messages` lists what would have been sent. `backfill` looks for projects without a stored deadline
    (older than the column); that scan reads every open project, so a runner stops asking once a pass finds
    fewer than `BACKFILL_BATCH` (see `backfill_finished`)."""
    report = PassReport()

    @contextmanager
    def tx():
        if dry_run:
            yield scratch
        else:
            with db.transaction() as session:
                yield session

    with db.scratch() if dry_run else _nothing() as scratch:
        with tx() as session:
            if backfill:
                report.backfilled = backfill_deadlines(session, cal, BACKFILL_BATCH)
            _plan_changed(session, now, cal, plan_limit, report)
            _plan_digests(session, now, cal, report)
        while True:  # batch after batch, until nothing due is left (other instances take their own batches)
            with tx() as session:
                claimed = store.claim(session, now=now, instance=instance, lease=LEASE, limit=claim_limit)
                groups: dict[tuple, list] = defaultdict(list)
                for row in claimed:
                    groups[(row.kind == Kind.DIGEST.value, row.project_id, row.recipient)].append(row)
                attempts = {row.id: row.attempts for row in claimed}
            if not claimed:
                break
            for rows in groups.values():
                _deliver(db, sender, tx, rows, attempts, now, cal, instance, dry_run, report)
    return report


def backfill_finished(report: PassReport) -> bool:
    """Whether every project has its deadline stored after this pass, so later passes can skip the scan."""
    return report.backfilled < BACKFILL_BATCH


@contextmanager
def _nothing():
    yield None

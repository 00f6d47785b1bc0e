"""What is reminded, to whom and when: pure rules over a project's facts and the business calendar.

Every rule yields *candidates*: (kind, occurrence, due time, recipients). The outbox stores one row per
candidate and recipient under a unique key, so a reminder is planned once however many times the rules
run, and a pass re-checks each due row against fresh candidates before sending (a contact registered in
the meantime cancels the contact reminder).

Delivery happens in working hours: a reminder due at night, on a weekend or on a holiday goes out at the
next opening, except the one an hour before a session. The lead's non-urgent items (kickoff not scheduled
or breached, renewal date not confirmed, projects without implementer) are not sent one by one: they go in
one morning digest at 08:30. The contact SLA is urgent (8 business hours) and reaches the lead at once,
in the project's thread and by DM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.calendar import BusinessCalendar
from bot.sla import AT_RISK_FRACTION, CONTACT_HOURS, contact_deadline, kickoff_deadline

THREAD = "#thread"  # recipient: the project's thread in its channel
DIGEST_TIME = time(8, 30)
DAY_BEFORE_TIME = time(16, 0)
NO_PROGRESS_HOURS = 2
IDLE_BUSINESS_HOURS = 24  # 3 business days of 8 hours
DEV_ANSWER_BUSINESS_HOURS = 16  # 2 business days
KICKOFF_REMINDER_DAY = 3
FOLLOW_UP_DAYS = 14


class Kind(StrEnum):
    CONTACT_AT_RISK = "contacto_en_riesgo"
    CONTACT_BREACHED = "contacto_vencido"
    KICKOFF_UNSCHEDULED = "inicio_sin_agendar"
    KICKOFF_BREACHED = "inicio_vencido"
    SESSION_DAY_BEFORE = "sesion_dia_antes"
    SESSION_HOUR_BEFORE = "sesion_hora_antes"
    SESSION_NO_PROGRESS = "sesion_sin_avance"
    IDLE = "proyecto_sin_actividad"
    FOLLOW_UP_DUE = "seguimiento"
    RENEWAL_UNCONFIRMED = "renovacion_sin_confirmar"
    DEV_UNANSWERED = "desarrollo_sin_respuesta"
    UNASSIGNED = "sin_implementador"
    DIGEST = "resumen_diario"


# Kinds sent on their own (the others are items of the lead's digest).
SENT_ALONE = frozenset({
    Kind.CONTACT_AT_RISK, Kind.CONTACT_BREACHED, Kind.SESSION_DAY_BEFORE, Kind.SESSION_HOUR_BEFORE,
    Kind.SESSION_NO_PROGRESS, Kind.IDLE, Kind.FOLLOW_UP_DUE, Kind.DEV_UNANSWERED,
})
DIGEST_ITEMS = (Kind.CONTACT_BREACHED, Kind.CONTACT_AT_RISK, Kind.KICKOFF_BREACHED, Kind.KICKOFF_UNSCHEDULED,
                Kind.RENEWAL_UNCONFIRMED, Kind.UNASSIGNED)
URGENT = frozenset({Kind.SESSION_HOUR_BEFORE})  # delivered even outside working hours
# What a person may mute (their own DMs and the digest). Thread messages are the team's and stay.
MUTABLE = (Kind.CONTACT_AT_RISK, Kind.CONTACT_BREACHED, Kind.SESSION_DAY_BEFORE, Kind.SESSION_HOUR_BEFORE,
           Kind.SESSION_NO_PROGRESS, Kind.IDLE, Kind.FOLLOW_UP_DUE, Kind.DEV_UNANSWERED, Kind.DIGEST)


@dataclass(frozen=True)
class SessionFact:
    id: int
    starts_at: datetime
    duration_minutes: int
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules need to know about one project (plain values, read from the database)."""

    project_id: int
    team_id: str
    client_name: str
    stage: str
    entered_at: datetime | None
    contacted_at: datetime | None
    kickoff_at: datetime | None
    implementer_id: str | None
    updated_at: datetime
    leads: tuple[str, ...] = ()
    product_owners: tuple[str, ...] = ()
    sessions: tuple[SessionFact, ...] = ()
    go_live_on: date | None = None
    renewal_confirmed_at: datetime | None = None
    follow_up_done: bool = False
    pending_dev_requests: tuple[tuple[int, datetime], ...] = ()
    closed: bool = False
    card_channel_id: str | None = None
    card_ts: str | None = None


@dataclass(frozen=True)
class Candidate:
    kind: Kind
    occurrence: str
    due_at: datetime  # when the rule fires
    deliver_at: datetime  # when it may be sent (working hours, except urgent kinds)
    expires_at: datetime | None  # after this it is stale and is not sent (e.g. a session that started)
    recipients: tuple[str, ...]
    values: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind.value, self.occurrence


def deliver_time(kind: Kind, due_at: datetime, cal: BusinessCalendar) -> datetime:
    return due_at.astimezone(cal.tz) if kind in URGENT else cal.next_opening(due_at)


def _candidate(kind: Kind, occurrence: str, due: datetime, recipients, cal: BusinessCalendar, *,
               expires: datetime | None = None, **values) -> Candidate | None:
    recipients = tuple(dict.fromkeys(r for r in recipients if r))
    if not recipients:
        return None
    return Candidate(kind, occurrence, due, deliver_time(kind, due, cal), expires, recipients, values)


def plan(f: ProjectFacts, cal: BusinessCalendar) -> list[Candidate]:
    """Every reminder this project calls for now or later, from its current state."""
    if f.closed:
        return []
    found: list[Candidate | None] = []
    in_implementation = f.stage == "implementacion" and f.entered_at is not None
    if in_implementation and f.contacted_at is None:
        deadline = contact_deadline(f.entered_at, cal)
        at_risk = cal.add_business_hours(f.entered_at, CONTACT_HOURS * AT_RISK_FRACTION)
        to_leads = (*f.leads, THREAD)
        found.append(_candidate(Kind.CONTACT_AT_RISK, "1", at_risk, to_leads, cal, expires=deadline, deadline=deadline))
        found.append(_candidate(Kind.CONTACT_BREACHED, "1", deadline + timedelta(minutes=1), to_leads, cal,
                                deadline=deadline))
    for s in f.sessions:
        occurrence = f"{s.id}@{s.starts_at.isoformat()}"
        audience = (*s.attendees, THREAD)
        day_before = _previous_business_day(s.starts_at.astimezone(cal.tz).date(), cal)
        found.append(_candidate(Kind.SESSION_DAY_BEFORE, occurrence,
                                datetime.combine(day_before, DAY_BEFORE_TIME, tzinfo=cal.tz), audience, cal,
                                expires=s.starts_at, starts_at=s.starts_at))
        found.append(_candidate(Kind.SESSION_HOUR_BEFORE, occurrence, s.starts_at - timedelta(hours=1), audience, cal,
                                expires=s.starts_at, starts_at=s.starts_at))
        end = s.starts_at + timedelta(minutes=s.duration_minutes)
        if f.updated_at < s.starts_at:  # nothing recorded since the session started
            found.append(_candidate(Kind.SESSION_NO_PROGRESS, occurrence, cal.add_business_hours(end, NO_PROGRESS_HOURS),
                                    (f.implementer_id,), cal, starts_at=s.starts_at))
    if f.stage in ("implementacion", "produccion"):
        found.append(_candidate(Kind.IDLE, f.updated_at.isoformat(), cal.add_business_hours(f.updated_at, IDLE_BUSINESS_HOURS),
                                (f.implementer_id,), cal, since=f.updated_at))
    if f.stage == "produccion" and f.go_live_on is not None and not f.follow_up_done:
        due = cal.next_opening(datetime.combine(f.go_live_on + timedelta(days=FOLLOW_UP_DAYS), time(0), tzinfo=cal.tz))
        found.append(_candidate(Kind.FOLLOW_UP_DUE, f.go_live_on.isoformat(), due, (f.implementer_id,), cal,
                                go_live_on=f.go_live_on))
    for request_id, created_at in f.pending_dev_requests:
        found.append(_candidate(Kind.DEV_UNANSWERED, str(request_id),
                                cal.add_business_hours(created_at, DEV_ANSWER_BUSINESS_HOURS), f.product_owners, cal,
                                request_id=request_id))
    return [c for c in found if c is not None]


def _previous_business_day(day: date, cal: BusinessCalendar) -> date:
    previous = day - timedelta(days=1)
    while not cal.is_business_day(previous):
        previous -= timedelta(days=1)
    return previous


# -- the lead's digest ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestItem:
    kind: Kind
    project_id: int
    client_name: str
    since: datetime  # when it became pending (a deadline, a due moment)


def digest_items(f: ProjectFacts, now: datetime, cal: BusinessCalendar) -> list[DigestItem]:
    """What the lead should act on today for this project."""
    if f.closed:
        return []
    items = []
    if f.stage == "implementacion" and f.entered_at is not None:
        if f.contacted_at is None:
            deadline = contact_deadline(f.entered_at, cal)
            kind = Kind.CONTACT_BREACHED if now > deadline else Kind.CONTACT_AT_RISK
            items.append(DigestItem(kind, f.project_id, f.client_name, deadline))
        if f.kickoff_at is None:
            deadline = kickoff_deadline(f.entered_at, cal)
            third = cal.opening_time(cal.add_business_days(f.entered_at.astimezone(cal.tz).date(), KICKOFF_REMINDER_DAY))
            if now > deadline:
                items.append(DigestItem(Kind.KICKOFF_BREACHED, f.project_id, f.client_name, deadline))
            elif now >= third:
                items.append(DigestItem(Kind.KICKOFF_UNSCHEDULED, f.project_id, f.client_name, deadline))
        if f.implementer_id is None:
            items.append(DigestItem(Kind.UNASSIGNED, f.project_id, f.client_name, f.entered_at))
    if f.stage == "produccion" and f.go_live_on is not None and f.renewal_confirmed_at is None:
        due = cal.opening_time(cal.add_business_days(f.go_live_on, 1))
        if now >= due:
            items.append(DigestItem(Kind.RENEWAL_UNCONFIRMED, f.project_id, f.client_name, due))
    return items


def digest_due(day: date, cal: BusinessCalendar) -> datetime | None:
    """08:30 of a business day (None on days off)."""
    return datetime.combine(day, DIGEST_TIME, tzinfo=cal.tz) if cal.is_business_day(day) else None


# -- what the pass hands to the sender ------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    row_id: int
    kind: Kind
    values: dict[str, Any]


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient: a project's due reminders (collapsed), or a lead's digest."""

    team_id: str
    recipient: str  # a user id, or THREAD for the project's thread
    facts: ProjectFacts | None
    items: tuple[Item, ...] = ()
    digest: tuple[DigestItem, ...] = ()
    failures: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SendResult:
    ok: bool
    channel: str | None = None
    ts: str | None = None
    retry_after: float | None = None  # seconds, when Slack said when to retry
    permanent: bool = False
    error: str | None = None



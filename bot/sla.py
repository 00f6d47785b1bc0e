"""The two promises of the process, as clocks in business time.

- Contact: the lead contacts the client within 8 business hours of entering Implementation.
- Kickoff: the implementation starts no later than the closing time of the 5th business day after
  the day the project entered Implementation, unless the client decides otherwise.

A clock's state is derived from timestamps every time it is read, never stored as a flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.calendar import BusinessCalendar
from bot.projects import ProjectSnapshot

CONTACT_HOURS = 8
KICKOFF_BUSINESS_DAYS = 5
AT_RISK_FRACTION = 0.75


class SlaState(StrEnum):
    PENDING = "pendiente"
    AT_RISK = "en_riesgo"
    BREACHED = "vencido"
    MET = "cumplido"
    MET_LATE = "cumplido_tarde"
    WAIVED = "dispensado"

    @property
    def open(self) -> bool:
        """The clock is still running (nothing has stopped it yet)."""
        return self in (SlaState.PENDING, SlaState.AT_RISK, SlaState.BREACHED)


@dataclass(frozen=True)
class SlaClock:
    state: SlaState
    started_at: datetime
    deadline: datetime
    stopped_at: datetime | None
    used_fraction: float  # share of the business-time window used so far (or when stopped)
    hours_left: float  # business hours until the deadline (0 when past or stopped)
    hours_over: float = 0.0  # business hours past the deadline (breached: until now; met late: until stopped)


def contact_deadline(entered_at: datetime, cal: BusinessCalendar) -> datetime:
    return cal.add_business_hours(entered_at, CONTACT_HOURS)


def kickoff_deadline(entered_at: datetime, cal: BusinessCalendar) -> datetime:
    entered_day = entered_at.astimezone(cal.tz).date()
    return cal.closing_time(cal.add_business_days(entered_day, KICKOFF_BUSINESS_DAYS))


def _clock(
    started_at: datetime,
    deadline: datetime,
    stopped_at: datetime | None,
    now: datetime,
    cal: BusinessCalendar,
    *,
    waived: bool = False,
) -> SlaClock:
    window = cal.business_hours_between(started_at, deadline)
    until = stopped_at if stopped_at is not None else now
    used = cal.business_hours_between(started_at, until) / window if window else 1.0
    if waived:
        state = SlaState.WAIVED
    elif stopped_at is not None:
        state = SlaState.MET if stopped_at <= deadline else SlaState.MET_LATE
    elif now > deadline:
        state = SlaState.BREACHED
    elif used >= AT_RISK_FRACTION:
        state = SlaState.AT_RISK
    else:
        state = SlaState.PENDING
    left = cal.business_hours_between(now, deadline) if state.open else 0.0
    over = cal.business_hours_between(deadline, until) if state in (SlaState.BREACHED, SlaState.MET_LATE) else 0.0
    return SlaClock(state, started_at, deadline, stopped_at, used, left, over)


def contact_clock(entered_at: datetime, contacted_at: datetime | None, now: datetime, cal: BusinessCalendar) -> SlaClock:
    """Stopped by the first contact with the client."""
    return _clock(entered_at, contact_deadline(entered_at, cal), contacted_at, now, cal)


def kickoff_clock(
    entered_at: datetime,
    kickoff_at: datetime | None,
    now: datetime,
    cal: BusinessCalendar,
    *,
    client_decision: bool = False,
) -> SlaClock:
    """Stopped by scheduling the start: met when the start is on or before the deadline.

    A later start decided by the client (with a reason recorded by the lead) is dispensado.
    """
    deadline = kickoff_deadline(entered_at, cal)
    waived = kickoff_at is not None and kickoff_at > deadline and client_decision
    return _clock(entered_at, deadline, kickoff_at, now, cal, waived=waived)


def project_clocks(project: ProjectSnapshot, now: datetime, cal: BusinessCalendar) -> tuple[SlaClock, SlaClock] | None:
    """(contact, kickoff) for a project in Implementation; None before it entered Implementation."""
    if project.entered_implementation_at is None:
        return None
    entered = project.entered_implementation_at
    return (
        contact_clock(entered, project.contacted_at, now, cal),
        kickoff_clock(entered, project.kickoff_at, now, cal, client_decision=project.kickoff_client_decision),
    )


def open_deadline(
    entered_at: datetime | None,
    contacted_at: datetime | None,
    kickoff_at: datetime | None,
    cal: BusinessCalendar,
) -> tuple[datetime | None, datetime | None]:
    """(deadline, at-risk moment) of the SLA clock still running, earliest first; (None, None) when none is.

    Stored on the project (recomputed whenever entry, contact or kickoff change) so that a portfolio of
    thousands of projects is ordered by urgency in the database; states are still derived from timestamps.
    """
    if entered_at is None:
        return None, None
    if contacted_at is None:
        return contact_deadline(entered_at, cal), cal.add_business_hours(entered_at, CONTACT_HOURS * AT_RISK_FRACTION)
    if kickoff_at is None:
        deadline = kickoff_deadline(entered_at, cal)
        window = cal.business_hours_between(entered_at, deadline)
        return deadline, cal.add_business_hours(entered_at, window * AT_RISK_FRACTION)
    return None, None

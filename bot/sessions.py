"""Step 3, Cronograma: the rules of a working session (when, how long, who, which steps) and clashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot import fmt
from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.intake import off_hours_warning
from bot.process import ProcessDefinition

# Session lengths offered, in minutes.
DURATIONS = (30, 60, 90, 120, 180, 240)
PLACE_MAX = 500
CLIENT_ATTENDEES_MAX = 1000


class SessionField(StrEnum):
    WHEN = "when"
    DURATION = "duration"
    MODALITY = "modality"
    PLACE = "place"
    ATTENDEES = "attendees"
    CLIENT_ATTENDEES = "client_attendees"
    STEPS = "steps"
    OVERRIDE = "override"


@dataclass(frozen=True)
class SessionForm:
    starts_at: datetime | None
    duration_minutes: int | None
    modality: str | None
    place: str = ""
    attendees: tuple[str, ...] = ()
    client_attendees: str = ""
    steps: tuple[str, ...] = field(default_factory=tuple)
    override: bool = False


@dataclass(frozen=True)
class SessionView:
    id: int
    project_id: int
    starts_at: datetime
    duration_minutes: int
    modality: str | None
    place: str | None
    attendees: tuple[str, ...]
    client_attendees: str | None
    steps: tuple[str, ...]
    sequence: int
    cancelled: bool
    created_by: str

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Busy:
    """Another session of the same implementer, for clash detection."""

    starts_at: datetime
    duration_minutes: int
    client_name: str


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return t("sessions.minutes", m=rest)
    return t("sessions.hours", h=hours) if not rest else t("sessions.hours_minutes", h=hours, m=rest)


def default_start(now: datetime, cal: BusinessCalendar) -> datetime:
    """The next full business hour after `now` (e.g. 09:20 → 10:00; Friday 17:30 → Monday 08:00)."""
    local = now.astimezone(cal.tz)
    next_hour = (local + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return cal.next_opening(next_hour)


def ends_at(starts_at: datetime, minutes: int) -> datetime:
    return starts_at + timedelta(minutes=minutes)


def clashes(starts_at: datetime, minutes: int, others: list[Busy]) -> list[Busy]:
    end = ends_at(starts_at, minutes)
    return [b for b in others if b.starts_at < end and starts_at < ends_at(b.starts_at, b.duration_minutes)]


def warnings(form: SessionForm, cal: BusinessCalendar, busy: list[Busy]) -> list[str]:
    """Reasons to double-check a session: outside working hours, a holiday, the implementer double-booked."""
    found = []
    off = off_hours_warning(form.starts_at, cal)
    if off is None and not cal.is_business_time(ends_at(form.starts_at, form.duration_minutes) - timedelta(minutes=1)):
        off = t("schedule.warning.off_hours")
    if off:
        found.append(off)
    for other in clashes(form.starts_at, form.duration_minutes, busy):
        found.append(t("sessions.warning.clash", client=other.client_name, when=fmt.when(other.starts_at, cal.tz)))
    return found


def validate_session(form: SessionForm, *, now: datetime, process: ProcessDefinition) -> dict[SessionField, str]:
    errors: dict[SessionField, str] = {}
    if form.starts_at is None:
        errors[SessionField.WHEN] = t("schedule.error.when_missing")
    elif form.starts_at <= now:
        errors[SessionField.WHEN] = t("schedule.error.past")
    if form.duration_minutes not in DURATIONS:
        errors[SessionField.DURATION] = t("start.error.choose")
    if form.modality not in process.ids("modalities"):
        errors[SessionField.MODALITY] = t("start.error.choose")
    if len(form.place) > PLACE_MAX:
        errors[SessionField.PLACE] = t("kickoff.error.place_long", max=PLACE_MAX)
    if len(form.client_attendees) > CLIENT_ATTENDEES_MAX:
        errors[SessionField.CLIENT_ATTENDEES] = t("owner.error.too_long", max=CLIENT_ATTENDEES_MAX)
    if not form.steps:
        errors[SessionField.STEPS] = t("sessions.error.steps")
    elif set(form.steps) - process.ids("steps"):
        errors[SessionField.STEPS] = t("start.error.choose")
    return errors

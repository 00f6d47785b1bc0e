"""One working session as an iCalendar file (RFC 5545), built with the ``icalendar`` package.

Pure domain code: no Slack, no database and no wall clock. Every moment comes in as an argument
(``now`` becomes DTSTAMP), naive datetimes are rejected with ``ValueError``.

* DTSTART/DTEND are written in the wall time of ``tz`` with ``TZID`` and a matching VTIMEZONE, so
  calendar apps show the session at the hour agreed in Ecuador whatever the reader's zone is.
* UID is stable per session and SEQUENCE grows at every reschedule/cancellation: a calendar app
  that already imported the session replaces it (or removes it, for METHOD:CANCEL) instead of
  adding a second one.
* Only display names are known (no e-mail addresses), and an ATTENDEE/ORGANIZER needs an address
  (and RFC 5546 forbids ATTENDEE in METHOD:PUBLISH), so the organizer and the attendees are
  written as lines at the end of DESCRIPTION instead of being invented as addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Mi Negocio//impl-bot//ES"
MAX_DURATION_MINUTES = 24 * 60


@dataclass(frozen=True)
class SessionEvent:
    uid: str                 # stable per session, e.g. "sesion-42@impl-bot.T0001"
    sequence: int            # 0 when first scheduled, +1 at every reschedule/cancel
    starts_at: datetime      # timezone-aware (any zone)
    duration_minutes: int
    summary: str             # e.g. "Implementación Mi Negocio · Ferretería Andina S.A."
    description: str         # free text (steps covered, modality, attendees...)
    location: str | None     # address or meeting link
    organizer_name: str | None = None
    attendees: tuple[str, ...] = ()   # display names only (no e-mail addresses are known)
    cancelled: bool = False
    url: str | None = None   # link to the project's Slack card

    def __post_init__(self) -> None:
        if not self.uid or not self.uid.strip():
            raise ValueError("a session event needs a UID")
        if isinstance(self.sequence, bool) or not isinstance(self.sequence, int) or self.sequence < 0:
            raise ValueError(f"SEQUENCE must be an integer ≥ 0, got {self.sequence!r}")
        _require_aware(self.starts_at, "starts_at")
        if isinstance(self.duration_minutes, bool) or not isinstance(self.duration_minutes, int) \
                or not 1 <= self.duration_minutes <= MAX_DURATION_MINUTES:
            raise ValueError(f"duration must be 1..{MAX_DURATION_MINUTES} minutes, got {self.duration_minutes!r}")
        if not self.summary or not self.summary.strip():
            raise ValueError("a session event needs a summary")

    @property
    def ends_at(self) -> datetime:
        """Exact instant the session ends (elapsed time, correct across DST changes in any zone)."""
        return (self.starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)).astimezone(
            self.starts_at.tzinfo)


def session_ics(event: SessionEvent, *, tz: ZoneInfo, now: datetime) -> bytes:
    """The session as an ``.ics`` file: one VEVENT plus its VTIMEZONE, CRLF lines, folded by the library."""
    _require_aware(now, "now")
    _require_aware(event.starts_at, "starts_at")
    if not isinstance(tz, ZoneInfo) or not tz.key:
        raise ValueError("tz must be a named zoneinfo.ZoneInfo (its key becomes the TZID)")

    start = event.starts_at.astimezone(tz)
    end = event.ends_at.astimezone(tz)

    calendar = Calendar()  # not Calendar.new(): that adds a random calendar UID (non-reproducible output)
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = "CANCEL" if event.cancelled else "PUBLISH"

    vevent = Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=now.astimezone(UTC),
        start=start,
        end=end,
        summary=event.summary,
        description=_description(event) or None,
        location=event.location or None,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
        url=event.url or None,
    )
    calendar.add_component(vevent)
    # A VTIMEZONE covering the event with a year of margin: short, and the same bytes for the same input.
    calendar.add_missing_timezones(first_date=date(start.year - 1, 1, 1), last_date=date(end.year + 2, 1, 1))
    if calendar.get_missing_tzids():
        raise ValueError(f"no VTIMEZONE can be built for {tz.key!r}")
    return calendar.to_ical()


def _description(event: SessionEvent) -> str:
    lines = [event.description] if event.description and event.description.strip() else []
    extra = []
    if event.organizer_name:
        extra.append(f"Organiza: {event.organizer_name}")
    if event.attendees:
        extra.append(f"Participantes: {', '.join(event.attendees)}")
    if extra:
        lines.append("\n".join(extra))
    return "\n\n".join(lines)


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got the naive {value.isoformat()}")

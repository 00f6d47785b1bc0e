"""The lead's intake actions: what makes a contact, an assignment or a kickoff acceptable.

Pure rules over simple values; the use cases call them with the project's state and `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot import fmt
from bot.calendar import BusinessCalendar
from bot.i18n import t
from bot.process import ProcessDefinition

# A contact registered "now" may carry a timestamp a little ahead of the server's clock.
CLOCK_TOLERANCE = timedelta(minutes=5)
NOTES_MAX = 2000
PLACE_MAX = 500


class ContactField(StrEnum):
    WHEN = "when"
    CHANNEL = "channel"
    NOTES = "notes"


class KickoffField(StrEnum):
    WHEN = "when"
    MODALITY = "modality"
    PLACE = "place"
    DECISION = "decision"
    REASON = "reason"


@dataclass(frozen=True)
class ContactForm:
    when: datetime | None
    channel: str | None
    notes: str = ""


@dataclass(frozen=True)
class KickoffForm:
    when: datetime | None
    modality: str | None
    place: str = ""
    client_decision: bool = False
    reason: str = ""


def validate_contact(form: ContactForm, now: datetime, process: ProcessDefinition) -> dict[ContactField, str]:
    errors: dict[ContactField, str] = {}
    if form.when is None:
        errors[ContactField.WHEN] = t("contact.error.when_missing")
    elif form.when > now + CLOCK_TOLERANCE:
        errors[ContactField.WHEN] = t("contact.error.future")
    if form.channel not in process.ids("contact_channels"):
        errors[ContactField.CHANNEL] = t("start.error.choose")
    if len(form.notes) > NOTES_MAX:
        errors[ContactField.NOTES] = t("contact.error.notes_long", max=NOTES_MAX)
    return errors


def validate_kickoff(
    form: KickoffForm, *, now: datetime, deadline: datetime, process: ProcessDefinition, cal: BusinessCalendar
) -> dict[KickoffField, str]:
    """A start later than the deadline needs the client's decision and its reason.

    Once the deadline has passed, the lead must still be able to schedule the start: it is then
    recorded as met late (no error), unless the client decided the later date.
    """
    errors: dict[KickoffField, str] = {}
    if form.when is None:
        errors[KickoffField.WHEN] = t("kickoff.error.when_missing")
    elif form.when <= now:
        errors[KickoffField.WHEN] = t("kickoff.error.past")
    elif form.when > deadline and now <= deadline and not form.client_decision:
        errors[KickoffField.WHEN] = t("kickoff.error.too_late", latest=fmt.when(deadline, cal.tz))
    if form.modality not in process.ids("modalities"):
        errors[KickoffField.MODALITY] = t("start.error.choose")
    if not form.place.strip():
        errors[KickoffField.PLACE] = t("kickoff.error.place_missing")
    elif len(form.place) > PLACE_MAX:
        errors[KickoffField.PLACE] = t("kickoff.error.place_long", max=PLACE_MAX)
    if form.client_decision and not form.reason.strip():
        errors[KickoffField.REASON] = t("kickoff.error.reason_missing")
    elif len(form.reason) > NOTES_MAX:
        errors[KickoffField.REASON] = t("contact.error.notes_long", max=NOTES_MAX)
    return errors


def off_hours_warning(when: datetime, cal: BusinessCalendar) -> str | None:
    """Why `when` is not a good time for a session (outside working hours, weekend or holiday), or None."""
    local = when.astimezone(cal.tz)
    holiday = cal.holiday_name(local.date())
    if holiday:
        return t("schedule.warning.holiday", holiday=holiday)
    if not cal.is_business_day(local.date()):
        return t("schedule.warning.weekend", day=fmt.weekday(local))
    if not cal.is_business_time(local):
        return t("schedule.warning.off_hours")
    return None

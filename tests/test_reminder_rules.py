"""Every reminder rule with the business calendar: when it is due, when it may be delivered, to whom."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import BusinessCalendar
from bot.reminders import THREAD, Kind, ProjectFacts, SessionFact, digest_due, digest_items, plan

GYE = ZoneInfo("America/Guayaquil")
CAL = BusinessCalendar.default()
LEAD, IMPL, PO = "ULEAD", "UIMPL", "UPO"


def at(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=GYE)


def facts(**changes) -> ProjectFacts:
    base = dict(project_id=1, team_id="T1", client_name="Ferretería", stage="implementacion",
                entered_at=at(2026, 12, 7, 9), contacted_at=None, kickoff_at=None, implementer_id=IMPL,
                updated_at=at(2026, 12, 7, 9), leads=(LEAD,), product_owners=(PO,))
    return ProjectFacts(**{**base, **changes})


def found(f: ProjectFacts, kind: Kind):
    return [c for c in plan(f, CAL) if c.kind is kind]


def test_contact_at_risk_at_75_percent_and_breached_after_the_deadline():
    [risk] = found(facts(), Kind.CONTACT_AT_RISK)
    assert (risk.due_at, risk.deliver_at, risk.expires_at) == (at(2026, 12, 7, 16), at(2026, 12, 7, 16), at(2026, 12, 8, 9))
    assert risk.recipients == (LEAD, THREAD)
    [breached] = found(facts(), Kind.CONTACT_BREACHED)
    assert breached.deliver_at == at(2026, 12, 8, 9, 1) and breached.recipients == (LEAD, THREAD)


def test_a_contact_stops_both():
    registered = facts(contacted_at=at(2026, 12, 7, 10))
    assert found(registered, Kind.CONTACT_AT_RISK) == found(registered, Kind.CONTACT_BREACHED) == []


def test_due_at_night_goes_out_at_the_next_opening():
    # Entered Monday 13:30 (lunch, counts from 14:00): the deadline is Tuesday 13:00, so the breach is due at
    # 13:01, during lunch, and is delivered at 14:00.
    [breached] = found(facts(entered_at=at(2026, 12, 7, 13, 30)), Kind.CONTACT_BREACHED)
    assert breached.due_at == at(2026, 12, 8, 13, 1) and breached.deliver_at == at(2026, 12, 8, 14, 0)


SESSION = SessionFact(7, at(2026, 12, 8, 10), 60, (IMPL, "UCLIENTE"))


def test_session_the_day_before_at_16_and_one_hour_before():
    f = facts(sessions=(SESSION,))
    [day] = found(f, Kind.SESSION_DAY_BEFORE)
    [hour] = found(f, Kind.SESSION_HOUR_BEFORE)
    assert day.deliver_at == at(2026, 12, 7, 16) and hour.deliver_at == at(2026, 12, 8, 9)
    assert day.recipients == (IMPL, "UCLIENTE", THREAD) and day.expires_at == SESSION.starts_at


def test_monday_sessions_are_reminded_on_friday_and_early_ones_outside_working_hours():
    monday = SessionFact(8, at(2026, 12, 14, 10), 60, (IMPL,))
    [day] = found(facts(sessions=(monday,)), Kind.SESSION_DAY_BEFORE)
    assert day.deliver_at == at(2026, 12, 11, 16)
    early = SessionFact(9, at(2026, 12, 8, 7, 30), 60, (IMPL,))
    [hour] = found(facts(sessions=(early,)), Kind.SESSION_HOUR_BEFORE)
    assert hour.deliver_at == at(2026, 12, 8, 6, 30)  # the one reminder sent outside working hours


def test_a_moved_session_is_a_new_occurrence():
    moved = SessionFact(7, at(2026, 12, 9, 10), 60, (IMPL,))
    assert found(facts(sessions=(SESSION,)), Kind.SESSION_HOUR_BEFORE)[0].occurrence != \
        found(facts(sessions=(moved,)), Kind.SESSION_HOUR_BEFORE)[0].occurrence


def test_no_progress_two_business_hours_after_the_session_ends():
    [late] = found(facts(sessions=(SESSION,)), Kind.SESSION_NO_PROGRESS)
    # Ends 11:00 + 2 business hours = 13:00, which starts lunch: delivered at 14:00.
    assert (late.due_at, late.deliver_at, late.recipients) == (at(2026, 12, 8, 13), at(2026, 12, 8, 14), (IMPL,))
    progressed = facts(sessions=(SESSION,), updated_at=at(2026, 12, 8, 10, 30))
    assert found(progressed, Kind.SESSION_NO_PROGRESS) == []


def test_idle_after_three_business_days():
    [idle] = found(facts(updated_at=at(2026, 12, 9, 16)), Kind.IDLE)
    assert idle.deliver_at == at(2026, 12, 14, 16) and idle.recipients == (IMPL,)


def test_a_reminder_due_on_a_saturday_arrives_monday_at_08():
    # Go-live on Saturday 5 December: the follow-up is due on Saturday 19 December.
    [follow_up] = found(facts(stage="produccion", go_live_on=date(2026, 12, 5)), Kind.FOLLOW_UP_DUE)
    assert follow_up.deliver_at == at(2026, 12, 21, 8, 0)
    assert found(facts(stage="produccion", go_live_on=date(2026, 12, 5), follow_up_done=True), Kind.FOLLOW_UP_DUE) == []


def test_over_a_holiday_too():
    [follow_up] = found(facts(stage="produccion", go_live_on=date(2026, 12, 11)), Kind.FOLLOW_UP_DUE)
    assert follow_up.deliver_at == at(2026, 12, 28, 8, 0)  # Friday 25 December is Christmas


def test_unanswered_development_after_two_business_days():
    [dev] = found(facts(pending_dev_requests=((3, at(2026, 12, 7, 9)),)), Kind.DEV_UNANSWERED)
    assert dev.deliver_at == at(2026, 12, 9, 9) and dev.recipients == (PO,)


def test_nobody_to_remind_means_no_reminder():
    assert found(facts(implementer_id=None), Kind.IDLE) == []
    assert found(facts(closed=True), Kind.IDLE) == []


@pytest.mark.parametrize(
    ("now", "changes", "kinds"),
    [
        (at(2026, 12, 7, 10), {}, [Kind.CONTACT_AT_RISK]),
        (at(2026, 12, 8, 10), {}, [Kind.CONTACT_BREACHED]),
        (at(2026, 12, 10, 8), {"contacted_at": at(2026, 12, 7, 10)}, [Kind.KICKOFF_UNSCHEDULED]),  # 3rd business day
        (at(2026, 12, 9, 16), {"contacted_at": at(2026, 12, 7, 10)}, []),
        (at(2026, 12, 15, 8), {"contacted_at": at(2026, 12, 7, 10)}, [Kind.KICKOFF_BREACHED]),
        (at(2026, 12, 15, 8), {"contacted_at": at(2026, 12, 7, 10), "kickoff_at": at(2026, 12, 10, 9),
                               "implementer_id": None}, [Kind.UNASSIGNED]),
        (at(2026, 12, 8, 9), {"stage": "produccion", "go_live_on": date(2026, 12, 7)}, [Kind.RENEWAL_UNCONFIRMED]),
        (at(2026, 12, 7, 16), {"stage": "produccion", "go_live_on": date(2026, 12, 7)}, []),
        (at(2026, 12, 8, 9), {"stage": "produccion", "go_live_on": date(2026, 12, 7),
                              "renewal_confirmed_at": at(2026, 12, 7, 17)}, []),
    ],
)
def test_the_leads_digest_items(now, changes, kinds):
    assert [i.kind for i in digest_items(facts(**changes), now, CAL)] == kinds


def test_the_digest_is_at_0830_on_business_days_only():
    assert digest_due(date(2026, 12, 7), CAL) == at(2026, 12, 7, 8, 30)
    assert digest_due(date(2026, 12, 12), CAL) is None  # Saturday
    assert digest_due(date(2026, 12, 25), CAL) is None  # Christmas

"""Both SLA clocks, table-driven across weekends and Ecuador's holidays."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import BusinessCalendar
from bot.sla import SlaState, contact_clock, contact_deadline, kickoff_clock, kickoff_deadline

GYE = ZoneInfo("America/Guayaquil")
UTC = ZoneInfo("UTC")
CAL = BusinessCalendar.default()


def at(y, mo, d, h=0, mi=0, tz=GYE):
    return datetime(y, mo, d, h, mi, tzinfo=tz)


@pytest.mark.parametrize(
    ("entered", "deadline"),
    [
        (at(2026, 12, 7, 9), at(2026, 12, 8, 9)),  # Monday 09:00: 7 h left today, the 8th is Tuesday
        (at(2026, 12, 7, 8), at(2026, 12, 7, 17)),  # a full day lands exactly on 17:00, not Tuesday 08:00
        (at(2026, 12, 7, 10, 30), at(2026, 12, 8, 10, 30)),
        (at(2026, 12, 7, 12, 30), at(2026, 12, 8, 12, 30)),  # across lunch
        (at(2026, 12, 4, 15), at(2026, 12, 7, 15)),  # Friday afternoon → Monday
        (at(2026, 12, 5, 10), at(2026, 12, 7, 17)),  # Saturday counts from Monday's opening
        (at(2026, 12, 7, 19), at(2026, 12, 8, 17)),  # after hours counts from the next opening
        (at(2026, 12, 7, 13, 30), at(2026, 12, 8, 13)),  # lunch counts from 14:00; ends exactly at 13:00
        (at(2026, 12, 24, 16), at(2026, 12, 28, 16)),  # Christmas (Friday 25) skipped
        (at(2026, 12, 31, 12), at(2027, 1, 4, 12)),  # New Year (Friday 1 January) skipped
        (at(2027, 2, 5, 14), at(2027, 2, 10, 13)),  # Carnival Monday 8 and Tuesday 9 skipped
        (at(2027, 3, 25, 15), at(2027, 3, 29, 15)),  # Good Friday 26 March skipped
        (at(2027, 8, 6, 13, 30), at(2027, 8, 10, 13)),  # moved holiday: Monday 9 off, Tuesday 10 worked
        (at(2026, 12, 7, 21, tz=UTC), at(2026, 12, 8, 16)),  # input in UTC (16:00 local), output local
    ],
)
def test_contact_deadline(entered, deadline):
    result = contact_deadline(entered, CAL)
    assert result == deadline
    assert result.tzinfo == GYE


@pytest.mark.parametrize(
    ("entered", "deadline"),
    [
        (at(2026, 12, 7, 9), at(2026, 12, 14, 17)),  # Monday → next Monday 17:00
        (at(2026, 12, 7, 20), at(2026, 12, 14, 17)),  # entering after hours: still Monday's count
        (at(2026, 12, 5, 11), at(2026, 12, 11, 17)),  # Saturday → Friday
        (at(2026, 12, 18, 10), at(2026, 12, 28, 17)),  # Christmas skipped
        (at(2026, 12, 28, 10), at(2027, 1, 5, 17)),  # New Year skipped
        (at(2027, 2, 3, 10), at(2027, 2, 12, 17)),  # Carnival skipped
        (at(2027, 3, 22, 10), at(2027, 3, 30, 17)),  # Good Friday skipped
        (at(2027, 8, 2, 10), at(2027, 8, 10, 17)),  # Monday 9 August off, Tuesday 10 worked
    ],
)
def test_kickoff_deadline(entered, deadline):
    assert kickoff_deadline(entered, CAL) == deadline


def test_company_closures_move_deadlines():
    closed = BusinessCalendar.default(closures=["2026-12-08"])
    assert contact_deadline(at(2026, 12, 7, 12), closed) == at(2026, 12, 9, 12)
    assert kickoff_deadline(at(2026, 12, 7, 9), closed) == at(2026, 12, 15, 17)


ENTERED = at(2026, 12, 7, 8)  # contact deadline Monday 17:00; kickoff deadline Monday 14 December 17:00


@pytest.mark.parametrize(
    ("now", "contacted", "state", "hours_left"),
    [
        (at(2026, 12, 7, 10), None, SlaState.PENDING, 6.0),
        (at(2026, 12, 7, 14), None, SlaState.PENDING, 3.0),  # 5 of 8 hours used (lunch does not count)
        (at(2026, 12, 7, 15), None, SlaState.AT_RISK, 2.0),  # 6 of 8 hours used = 75 %
        (at(2026, 12, 7, 17), None, SlaState.AT_RISK, 0.0),  # at the deadline, not yet past it
        (at(2026, 12, 7, 17, 1), None, SlaState.BREACHED, 0.0),
        (at(2026, 12, 9, 9), None, SlaState.BREACHED, 0.0),
        (at(2026, 12, 9, 9), at(2026, 12, 7, 12), SlaState.MET, 0.0),
        (at(2026, 12, 9, 9), at(2026, 12, 7, 17), SlaState.MET, 0.0),  # on the deadline is on time
        (at(2026, 12, 9, 9), at(2026, 12, 8, 9), SlaState.MET_LATE, 0.0),
    ],
)
def test_contact_states(now, contacted, state, hours_left):
    clock = contact_clock(ENTERED, contacted, now, CAL)
    assert clock.state is state
    assert clock.hours_left == pytest.approx(hours_left)
    assert clock.deadline == at(2026, 12, 7, 17)


def test_at_risk_uses_business_time_not_wall_time():
    # Entered Friday 15:00: by Saturday noon no business time has passed, so it is not at risk.
    entered = at(2026, 12, 4, 15)
    assert contact_clock(entered, None, at(2026, 12, 5, 12), CAL).state is SlaState.PENDING
    assert contact_clock(entered, None, at(2026, 12, 5, 12), CAL).used_fraction == pytest.approx(2 / 8)
    # Monday 12:00: 2 + 4 = 6 of 8 business hours used.
    assert contact_clock(entered, None, at(2026, 12, 7, 12), CAL).state is SlaState.AT_RISK


@pytest.mark.parametrize(
    ("now", "kickoff", "decision", "state"),
    [
        (at(2026, 12, 11, 10), None, False, SlaState.PENDING),  # 34 of 48 business hours
        (at(2026, 12, 11, 14), None, False, SlaState.AT_RISK),  # 37 of 48 ≥ 75 %
        (at(2026, 12, 15, 8), None, False, SlaState.BREACHED),
        (at(2026, 12, 8, 9), at(2026, 12, 14, 10), False, SlaState.MET),
        (at(2026, 12, 8, 9), at(2026, 12, 14, 17), False, SlaState.MET),
        (at(2026, 12, 8, 9), at(2026, 12, 16, 10), True, SlaState.WAIVED),  # later, by the client's decision
        (at(2026, 12, 8, 9), at(2026, 12, 10, 10), True, SlaState.MET),  # on time: no waiver needed
        (at(2026, 12, 16, 9), at(2026, 12, 17, 10), False, SlaState.MET_LATE),  # scheduled after the breach
    ],
)
def test_kickoff_states(now, kickoff, decision, state):
    assert kickoff_clock(ENTERED, kickoff, now, CAL, client_decision=decision).state is state


def test_states_are_derived_from_time_not_stored():
    clock_then = contact_clock(ENTERED, None, at(2026, 12, 7, 10), CAL)
    clock_later = contact_clock(ENTERED, None, at(2026, 12, 8, 10), CAL)
    assert (clock_then.state, clock_later.state) == (SlaState.PENDING, SlaState.BREACHED)


def test_hours_over_the_deadline_are_business_hours():
    breached = contact_clock(ENTERED, None, at(2026, 12, 8, 10), CAL)  # deadline Monday 17:00
    assert breached.hours_over == pytest.approx(2.0)  # Tuesday 08:00–10:00; the night does not count
    late = contact_clock(ENTERED, at(2026, 12, 8, 9), at(2026, 12, 9, 9), CAL)
    assert (late.state, late.hours_over) == (SlaState.MET_LATE, pytest.approx(1.0))
    assert contact_clock(ENTERED, None, at(2026, 12, 7, 10), CAL).hours_over == 0.0


def test_the_open_deadline_is_the_running_clock_with_its_at_risk_moment():
    from bot.sla import open_deadline

    assert open_deadline(None, None, None, CAL) == (None, None)
    assert open_deadline(ENTERED, None, None, CAL) == (at(2026, 12, 7, 17), at(2026, 12, 7, 15))  # 6 of 8 h
    deadline, risk = open_deadline(ENTERED, at(2026, 12, 7, 10), None, CAL)
    assert deadline == at(2026, 12, 14, 17) and risk == at(2026, 12, 11, 12)  # 36 of 48 business hours
    assert open_deadline(ENTERED, at(2026, 12, 7, 10), at(2026, 12, 9, 9), CAL) == (None, None)

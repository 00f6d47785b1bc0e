"""Tests for bot.calendar.BusinessCalendar.

Every holiday date asserted here was checked against the output of
``holidays.country_holidays("EC", years=..., language="es")`` (holidays 0.109,
with observed=True and observed=False) and against the 2016 transfer rule
(Tue -> previous Mon; Wed/Thu -> following Fri; Sat -> previous Fri;
Sun -> following Mon; 1 Jan, 25 Dec and Carnival are not moved to Mon/Fri).

Weekdays used below (America/Guayaquil, UTC-5, no DST):
  2026-11-02 Mon (Difuntos) · 2026-11-03 Tue (Cuenca) · 2026-11-09 Mon
  2026-12-24 Thu · 2026-12-25 Fri (Navidad) · 2026-12-31 Thu · 2027-01-01 Fri
  2027-02-08 Mon / 02-09 Tue (Carnaval) · 2027-03-26 Fri (Viernes Santo)
  2027-08-09 Mon (off, observed) · 2027-08-10 Tue (original date, worked)
  2027-12-24 Fri (Navidad observed; 25 is Sat) · 2027-12-31 Fri (Año Nuevo
  2028 observed; 2028-01-01 is Sat)
"""

from __future__ import annotations

import ast
import dataclasses
import random
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest

import bot.calendar as calmod
from bot.calendar import CLOSURE_NAME, BusinessCalendar

GYE = ZoneInfo("America/Guayaquil")
UTC = timezone.utc
CAL = BusinessCalendar.default()
CLOSURE_DAY = date(2026, 11, 20)  # a Friday
CAL_CLOSURE = BusinessCalendar.default(closures=[CLOSURE_DAY])


def G(y, m, d, hh=0, mm=0, ss=0):
    """Aware datetime in America/Guayaquil."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=GYE)


def assert_same(result: datetime, expected: datetime) -> None:
    assert result == expected
    assert result.tzinfo == GYE, f"result not in calendar zone: {result!r}"
    assert result.utcoffset() == timedelta(hours=-5)


# --------------------------------------------------------------------------- #
# Package pin and the day-off table
# --------------------------------------------------------------------------- #
def test_holidays_package_is_the_pinned_version():
    # The EC rules change between releases; re-verify the tables below on upgrade.
    assert holidays.__version__ == "0.109"


@pytest.mark.parametrize(
    "day, name",
    [
        # late 2026
        (date(2026, 11, 2), "Día de Difuntos"),
        (date(2026, 11, 3), "Independencia de Cuenca"),
        (date(2026, 12, 25), "Navidad"),
        (date(2027, 1, 1), "Año Nuevo"),
        # 2027
        (date(2027, 2, 8), "Carnaval"),
        (date(2027, 2, 9), "Carnaval"),
        (date(2027, 3, 26), "Viernes Santo"),
        (date(2027, 4, 30), "Día del Trabajo (observado)"),  # 1 May is a Saturday
        (date(2027, 5, 24), "Batalla de Pichincha"),  # Monday: not moved
        (date(2027, 8, 9), "Primer Grito de Independencia (observado)"),  # 10 Aug is a Tuesday
        (date(2027, 10, 8), "Independencia de Guayaquil (observado)"),  # 9 Oct is a Saturday
        (date(2027, 11, 1), "Día de Difuntos (observado)"),  # 2 Nov is a Tuesday
        (date(2027, 11, 3), "Independencia de Cuenca"),  # Wednesday: package does not move it
        (date(2027, 12, 24), "Navidad (observado)"),  # 25 Dec is a Saturday
        (date(2027, 12, 31), "Año Nuevo (observado)"),  # 1 Jan 2028 is a Saturday
    ],
)
def test_days_off(day, name):
    assert CAL.holiday_name(day) == name
    assert CAL.is_holiday(day)
    assert not CAL.is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 8, 10),  # original Tuesday of a holiday moved to Monday 9 Aug
        date(2027, 11, 2),  # original Tuesday of Difuntos, moved to Monday 1 Nov
        date(2026, 12, 24),  # Christmas Eve is not a holiday
        date(2026, 12, 31),  # 1 Jan 2027 is a Friday: nothing moved to 31 Dec 2026
        date(2027, 2, 10),  # Ash Wednesday
        date(2027, 3, 25),  # Holy Thursday
        date(2027, 3, 29),  # Monday after Easter
        date(2027, 12, 27),
        date(2027, 12, 30),
        date(2028, 1, 3),  # Monday after the Saturday 1 Jan 2028
        date(2026, 11, 4),
        date(2026, 11, 9),
    ],
)
def test_working_days_near_holidays(day):
    assert CAL.holiday_name(day) is None
    assert not CAL.is_holiday(day)
    assert CAL.is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 1, 2),  # Saturday after New Year
        date(2027, 5, 1),  # Saturday original of Labour Day (taken Friday 30 Apr)
        date(2027, 12, 25),  # Saturday original of Christmas (taken Friday 24 Dec)
        date(2028, 1, 1),  # Saturday original of New Year (taken Friday 31 Dec 2027)
        date(2026, 11, 14),
        date(2026, 11, 15),
    ],
)
def test_weekend_days_are_closed_and_moved_originals_have_no_name(day):
    assert not CAL.is_business_day(day)
    assert CAL.holiday_name(day) is None


def test_package_lists_both_dates_for_moved_holiday():
    """Documents what the package returns: original AND "(observado)" dates."""
    es = holidays.country_holidays("EC", years=2027, language="es")
    assert es.get(date(2027, 8, 10)) == "Primer Grito de Independencia"
    assert es.get(date(2027, 8, 9)) == "Primer Grito de Independencia (observado)"
    en = holidays.country_holidays("EC", years=2027, language="en_US")
    assert en.get(date(2027, 8, 9)) == "Declaration of Independence of Quito (observed)"
    # ...and the calendar keeps only the day actually taken off.
    assert not CAL.is_business_day(date(2027, 8, 9))
    assert CAL.is_business_day(date(2027, 8, 10))


def _easter(year: int) -> date:
    """Anonymous Gregorian algorithm (independent of the holidays package)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


# weekday of the original date -> offset of the day actually taken off (2016 law)
_TRANSFER = {0: 0, 1: -1, 2: +2, 3: +1, 4: 0, 5: -1, 6: +1}


@pytest.mark.parametrize("year", range(2018, 2041))
def test_2016_transfer_rule_oracle(year):
    """Holidays that follow the general rule, checked with an independent oracle."""
    for month, day, name in [
        (5, 1, "Día del Trabajo"),
        (5, 24, "Batalla de Pichincha"),
        (8, 10, "Primer Grito de Independencia"),
        (10, 9, "Independencia de Guayaquil"),
    ]:
        original = date(year, month, day)
        taken = original + timedelta(days=_TRANSFER[original.weekday()])
        assert not CAL.is_business_day(taken), (original, taken)
        assert CAL.holiday_name(taken).startswith(name), (original, taken)
        if taken != original:
            assert CAL.holiday_name(original) is None, original
            if original.weekday() < 5:  # Tue/Wed/Thu original: it is worked
                assert CAL.is_business_day(original), original

    # Carnival (Mon+Tue), Good Friday: never moved.
    easter = _easter(year)
    for offset, name in [(-48, "Carnaval"), (-47, "Carnaval"), (-2, "Viernes Santo")]:
        assert CAL.holiday_name(easter + timedelta(days=offset)) == name
    assert CAL.is_business_day(easter - timedelta(days=46))  # Ash Wednesday

    # 1 January and 25 December on a weekday stay on their own date.
    for original, name in [(date(year, 1, 1), "Año Nuevo"), (date(year, 12, 25), "Navidad")]:
        if original.weekday() < 5:
            assert CAL.holiday_name(original) == name
            neighbours = [original - timedelta(days=1), original + timedelta(days=1)]
            for other in neighbours:
                if other.weekday() < 5 and other.month == original.month:
                    assert CAL.is_business_day(other), other


def test_company_closure():
    assert CAL.is_business_day(CLOSURE_DAY)
    assert not CAL_CLOSURE.is_business_day(CLOSURE_DAY)
    assert CAL_CLOSURE.holiday_name(CLOSURE_DAY) == CLOSURE_NAME
    # a closure on a national holiday keeps the holiday's name
    both = BusinessCalendar.default(closures=[date(2026, 12, 25), "2026-12-24"])
    assert both.holiday_name(date(2026, 12, 25)) == "Navidad"
    assert both.holiday_name(date(2026, 12, 24)) == CLOSURE_NAME


# --------------------------------------------------------------------------- #
# add_business_hours
# --------------------------------------------------------------------------- #
ADD_CASES = [
    # ordinary day
    ("ordinary", G(2026, 11, 9, 9), 1, G(2026, 11, 9, 10)),
    ("full day ends at closing", G(2026, 11, 9, 8), 8, G(2026, 11, 9, 17)),
    ("last hour ends at closing", G(2026, 11, 9, 16), 1, G(2026, 11, 9, 17)),
    ("morning ends at lunch", G(2026, 11, 9, 12), 1, G(2026, 11, 9, 13)),
    ("morning block exact", G(2026, 11, 9, 8), 5, G(2026, 11, 9, 13)),
    ("just past closing -> next day", G(2026, 11, 9, 8), 8.25, G(2026, 11, 10, 8, 15)),
    # lunch break
    ("crosses lunch", G(2026, 11, 9, 12, 30), 1, G(2026, 11, 9, 14, 30)),
    ("starts at lunch start", G(2026, 11, 9, 13), 1, G(2026, 11, 9, 15)),
    ("starts during lunch", G(2026, 11, 9, 13, 30), 1, G(2026, 11, 9, 15)),
    ("starts at afternoon opening", G(2026, 11, 9, 14), 1, G(2026, 11, 9, 15)),
    # before opening / after closing / weekend
    ("before opening", G(2026, 11, 9, 7), 1, G(2026, 11, 9, 9)),
    ("at midnight", G(2026, 11, 9, 0), 2, G(2026, 11, 9, 10)),
    ("at closing", G(2026, 11, 9, 17), 1, G(2026, 11, 10, 9)),
    ("after closing", G(2026, 11, 9, 20), 1, G(2026, 11, 10, 9)),
    ("friday evening", G(2026, 11, 13, 18), 1, G(2026, 11, 16, 9)),
    ("saturday", G(2026, 11, 14, 10), 2, G(2026, 11, 16, 10)),
    ("sunday", G(2026, 11, 15, 23, 59), 6, G(2026, 11, 16, 15)),
    ("friday afternoon into monday", G(2026, 11, 13, 16), 8, G(2026, 11, 16, 16)),
    ("one working week", G(2026, 11, 9, 10), 40, G(2026, 11, 16, 10)),
    # zero hours
    ("zero in business time", G(2026, 11, 9, 10, 7), 0, G(2026, 11, 9, 10, 7)),
    ("zero at opening", G(2026, 11, 9, 8), 0, G(2026, 11, 9, 8)),
    ("zero at lunch", G(2026, 11, 9, 13), 0, G(2026, 11, 9, 14)),
    ("zero at closing", G(2026, 11, 9, 17), 0, G(2026, 11, 10, 8)),
    ("zero on sunday", G(2026, 11, 15, 12), 0, G(2026, 11, 16, 8)),
    ("zero on holiday", G(2027, 8, 9, 9), 0, G(2027, 8, 10, 8)),
    # fractional hours
    ("half hour", G(2026, 11, 9, 8), 0.5, G(2026, 11, 9, 8, 30)),
    ("7.25 hours", G(2026, 11, 9, 8), 7.25, G(2026, 11, 9, 16, 15)),
    ("quarter to lunch", G(2026, 11, 9, 12, 45), 0.25, G(2026, 11, 9, 13)),
    ("half hour across lunch", G(2026, 11, 9, 12, 45), 0.5, G(2026, 11, 9, 14, 15)),
    ("one minute", G(2026, 11, 9, 16, 59), 1 / 60, G(2026, 11, 9, 17)),
    ("seconds kept", G(2026, 11, 9, 9, 0, 30), 1, G(2026, 11, 9, 10, 0, 30)),
    ("int-like 2.0", G(2026, 11, 9, 9), 2.0, G(2026, 11, 9, 11)),
    # national holidays
    ("Difuntos+Cuenca 2026", G(2026, 10, 30, 16), 2, G(2026, 11, 4, 9)),
    ("Christmas 2026", G(2026, 12, 24, 16), 2, G(2026, 12, 28, 9)),
    ("New Year 2027", G(2026, 12, 31, 16), 2, G(2027, 1, 4, 9)),
    ("31 Dec 2026 is worked", G(2026, 12, 30, 16), 2, G(2026, 12, 31, 9)),
    ("Carnival 2027", G(2027, 2, 5, 16), 2, G(2027, 2, 10, 9)),
    ("start on Carnival Monday", G(2027, 2, 8, 10), 8, G(2027, 2, 10, 17)),
    ("Good Friday 2027", G(2027, 3, 25, 16), 2, G(2027, 3, 29, 9)),
    ("Aug 2027: Monday 9 off", G(2027, 8, 6, 16), 2, G(2027, 8, 10, 9)),
    ("Aug 2027: start on the Monday off", G(2027, 8, 9, 10), 1, G(2027, 8, 10, 9)),
    ("Aug 2027: Tuesday 10 worked", G(2027, 8, 10, 10), 1, G(2027, 8, 10, 11)),
    ("Nov 2027: Tue 2 worked, Wed 3 off", G(2027, 11, 2, 16), 2, G(2027, 11, 4, 9)),
    ("Christmas 2027 on Friday 24", G(2027, 12, 23, 16), 2, G(2027, 12, 27, 9)),
    ("New Year 2028 on Friday 31", G(2027, 12, 30, 16), 2, G(2028, 1, 3, 9)),
    ("two weeks over Christmas 2026", G(2026, 12, 21, 8), 72, G(2027, 1, 4, 17)),
]


@pytest.mark.parametrize("label, start, hours, expected", ADD_CASES, ids=[c[0] for c in ADD_CASES])
def test_add_business_hours(label, start, hours, expected):
    assert_same(CAL.add_business_hours(start, hours), expected)


@pytest.mark.parametrize(
    "start, hours, expected",
    [
        (G(2026, 11, 19, 16), 2, G(2026, 11, 23, 9)),  # closure Friday 20 Nov skipped
        (G(2026, 11, 20, 10), 1, G(2026, 11, 23, 9)),  # start on the closure
        (G(2026, 11, 19, 8), 16, G(2026, 11, 23, 17)),
    ],
)
def test_add_business_hours_with_closure(start, hours, expected):
    assert_same(CAL_CLOSURE.add_business_hours(start, hours), expected)
    # without the closure, the same Friday is worked
    assert CAL.add_business_hours(start, hours) != expected


@pytest.mark.parametrize(
    "start, hours, expected",
    [
        # 13:00 UTC = 08:00 Guayaquil
        (datetime(2026, 11, 9, 13, tzinfo=UTC), 1, G(2026, 11, 9, 9)),
        # 14:00 CET (UTC+1 in November) = 08:00 Guayaquil
        (datetime(2026, 11, 9, 14, tzinfo=ZoneInfo("Europe/Madrid")), 8, G(2026, 11, 9, 17)),
        # 00:30 JST Tuesday = 10:30 Monday in Guayaquil
        (datetime(2026, 11, 10, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo")), 1, G(2026, 11, 9, 11, 30)),
        # Saturday 03:00 UTC is still Friday 22:00 in Guayaquil
        (datetime(2026, 11, 14, 3, tzinfo=UTC), 1, G(2026, 11, 16, 9)),
        # Monday 9 Aug 2027 10:00 UTC = 05:00 on the holiday
        (datetime(2027, 8, 9, 10, tzinfo=UTC), 1, G(2027, 8, 10, 9)),
        # fixed offsets, and Galápagos (UTC-6): 07:00 there = 08:00 here
        (datetime(2026, 11, 9, 8, tzinfo=timezone(timedelta(hours=-5))), 1, G(2026, 11, 9, 9)),
        (datetime(2026, 11, 9, 7, tzinfo=ZoneInfo("Pacific/Galapagos")), 1, G(2026, 11, 9, 9)),
        # New York in summer (UTC-4): 12:00 there = 11:00 here
        (datetime(2027, 7, 5, 12, tzinfo=ZoneInfo("America/New_York")), 2, G(2027, 7, 5, 13)),
    ],
)
def test_add_business_hours_other_zones(start, hours, expected):
    assert_same(CAL.add_business_hours(start, hours), expected)


@pytest.mark.parametrize("hours", [-1, -0.25, float("nan"), float("inf")])
def test_add_business_hours_rejects_bad_hours(hours):
    with pytest.raises(ValueError):
        CAL.add_business_hours(G(2026, 11, 9, 9), hours)


# --------------------------------------------------------------------------- #
# business_hours_between
# --------------------------------------------------------------------------- #
BETWEEN_CASES = [
    ("full day", G(2026, 11, 9, 8), G(2026, 11, 9, 17), 8.0),
    ("whole calendar day", G(2026, 11, 9), G(2026, 11, 10), 8.0),
    ("lunch does not count", G(2026, 11, 9, 12), G(2026, 11, 9, 14), 1.0),
    ("across lunch", G(2026, 11, 9, 12, 30), G(2026, 11, 9, 14, 30), 1.0),
    ("inside lunch", G(2026, 11, 9, 13, 10), G(2026, 11, 9, 13, 50), 0.0),
    ("fractional", G(2026, 11, 9, 8), G(2026, 11, 9, 16, 15), 7.25),
    ("over the weekend", G(2026, 11, 13, 16), G(2026, 11, 16, 9), 2.0),
    ("weekend only", G(2026, 11, 14), G(2026, 11, 16), 0.0),
    ("night only", G(2026, 11, 9, 17), G(2026, 11, 10, 8), 0.0),
    ("one week", G(2026, 11, 9, 8), G(2026, 11, 16, 8), 40.0),
    ("equal", G(2026, 11, 9, 10), G(2026, 11, 9, 10), 0.0),
    ("reversed", G(2026, 11, 9, 12), G(2026, 11, 9, 10), 0.0),
    ("Difuntos+Cuenca week 2026", G(2026, 11, 2), G(2026, 11, 9), 24.0),
    ("Christmas week 2026", G(2026, 12, 21), G(2026, 12, 28), 32.0),
    ("New Year week 2027", G(2026, 12, 28), G(2027, 1, 4), 32.0),
    ("Carnival week 2027", G(2027, 2, 8), G(2027, 2, 15), 24.0),
    ("Holy week 2027", G(2027, 3, 22), G(2027, 3, 29), 32.0),
    ("Aug 2027 Fri..Tue", G(2027, 8, 6, 8), G(2027, 8, 11, 8), 16.0),
    ("Aug 2027 Monday 9 is off", G(2027, 8, 9), G(2027, 8, 10), 0.0),
    ("Aug 2027 Tuesday 10 is worked", G(2027, 8, 10), G(2027, 8, 11), 8.0),
    ("Nov 2027 week", G(2027, 11, 1), G(2027, 11, 8), 24.0),
    ("last week of 2027", G(2027, 12, 27), G(2028, 1, 3), 32.0),
    (
        "mixed zones",
        datetime(2026, 11, 9, 13, tzinfo=UTC),
        datetime(2026, 11, 9, 23, tzinfo=ZoneInfo("Europe/Madrid")),  # 17:00 GYE
        8.0,
    ),
]


@pytest.mark.parametrize("label, start, end, expected", BETWEEN_CASES, ids=[c[0] for c in BETWEEN_CASES])
def test_business_hours_between(label, start, end, expected):
    result = CAL.business_hours_between(start, end)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, abs=1e-9)


def test_business_hours_between_with_closure():
    start, end = G(2026, 11, 16), G(2026, 11, 23)
    assert CAL.business_hours_between(start, end) == 40.0
    assert CAL_CLOSURE.business_hours_between(start, end) == 32.0


def _random_moments(seed: int, count: int):
    rng = random.Random(seed)
    base = G(2026, 10, 1)
    span_minutes = int((G(2028, 1, 15) - base).total_seconds() // 60)
    for _ in range(count):
        start = base + timedelta(minutes=rng.randrange(0, span_minutes, 5))
        hours = rng.choice([0, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 5, 7.25, 8, 9, 16, 24, 40, 41.5, 80, 123.25])
        yield start, hours


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_between_is_inverse_of_add(seed):
    for start, hours in _random_moments(seed, 200):
        deadline = CAL.add_business_hours(start, hours)
        assert deadline >= start
        assert CAL.business_hours_between(start, deadline) == pytest.approx(hours, abs=1e-9), (start, hours)
        # the deadline is business time or the end of a working interval
        if hours > 0:
            assert CAL.is_business_time(deadline - timedelta(seconds=1)), (start, hours, deadline)
        else:
            assert CAL.is_business_time(deadline)
        # the same, computed from another zone
        same_in_utc = CAL.add_business_hours(start.astimezone(UTC), hours)
        assert same_in_utc == deadline and same_in_utc.tzinfo == GYE


@pytest.mark.parametrize("seed", [4, 5])
def test_add_composes(seed):
    """add(add(s, a), b) == add(s, a + b) for b > 0."""
    rng = random.Random(seed)
    for start, a in _random_moments(seed, 150):
        b = rng.choice([0.25, 1, 2.5, 8, 13])
        assert CAL.add_business_hours(CAL.add_business_hours(start, a), b) == CAL.add_business_hours(
            start, a + b
        ), (start, a, b)


def test_long_span_is_fast_and_consistent():
    start = G(2026, 11, 2, 8)
    deadline = CAL.add_business_hours(start, 4000)  # ~2 years of working hours
    assert CAL.is_business_time(deadline - timedelta(seconds=1))
    assert CAL.business_hours_between(start, deadline) == pytest.approx(4000)


# --------------------------------------------------------------------------- #
# is_business_time / next_opening / opening_time / closing_time
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "dt, expected",
    [
        (G(2026, 11, 9, 7, 59, 59), False),
        (G(2026, 11, 9, 8), True),
        (G(2026, 11, 9, 12, 59, 59), True),
        (G(2026, 11, 9, 13), False),
        (G(2026, 11, 9, 13, 59), False),
        (G(2026, 11, 9, 14), True),
        (G(2026, 11, 9, 16, 59, 59), True),
        (G(2026, 11, 9, 17), False),
        (G(2026, 11, 14, 10), False),  # Saturday
        (G(2026, 12, 25, 10), False),  # Christmas
        (G(2026, 12, 31, 10), True),
        (G(2027, 2, 9, 10), False),  # Carnival Tuesday
        (G(2027, 3, 26, 10), False),  # Good Friday
        (G(2027, 8, 9, 10), False),  # observed holiday
        (G(2027, 8, 10, 10), True),  # original date, worked
        (datetime(2026, 11, 9, 15, tzinfo=UTC), True),  # 10:00 GYE
        (datetime(2026, 11, 9, 18, 30, tzinfo=UTC), False),  # 13:30 GYE
        (datetime(2026, 11, 9, 22, tzinfo=UTC), False),  # 17:00 GYE
    ],
)
def test_is_business_time(dt, expected):
    assert CAL.is_business_time(dt) is expected


@pytest.mark.parametrize(
    "dt, expected",
    [
        (G(2026, 11, 9, 10, 15), G(2026, 11, 9, 10, 15)),
        (G(2026, 11, 9, 6), G(2026, 11, 9, 8)),
        (G(2026, 11, 9, 13), G(2026, 11, 9, 14)),
        (G(2026, 11, 9, 17), G(2026, 11, 10, 8)),
        (G(2026, 11, 13, 17, 30), G(2026, 11, 16, 8)),
        (G(2026, 12, 24, 18), G(2026, 12, 28, 8)),
        (G(2026, 12, 31, 18), G(2027, 1, 4, 8)),
        (G(2027, 2, 6, 9), G(2027, 2, 10, 8)),
        (G(2027, 8, 7, 9), G(2027, 8, 10, 8)),
        (G(2027, 12, 30, 18), G(2028, 1, 3, 8)),
        (datetime(2026, 11, 9, 14, 30, tzinfo=UTC), G(2026, 11, 9, 9, 30)),
        (datetime(2026, 11, 9, 1, tzinfo=UTC), G(2026, 11, 9, 8)),  # Sunday 20:00 GYE
    ],
)
def test_next_opening(dt, expected):
    assert_same(CAL.next_opening(dt), expected)


def test_opening_and_closing_time():
    assert_same(CAL.opening_time(date(2026, 11, 9)), G(2026, 11, 9, 8))
    assert_same(CAL.closing_time(date(2026, 11, 9)), G(2026, 11, 9, 17))
    assert_same(CAL.closing_time(date(2027, 8, 10)), G(2027, 8, 10, 17))
    for closed in (date(2026, 11, 14), date(2026, 12, 25), date(2027, 8, 9)):
        with pytest.raises(ValueError):
            CAL.closing_time(closed)
        with pytest.raises(ValueError):
            CAL.opening_time(closed)
    with pytest.raises(ValueError):
        CAL_CLOSURE.closing_time(CLOSURE_DAY)


# --------------------------------------------------------------------------- #
# add_business_days / business_days_between
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2026, 11, 9), 0, date(2026, 11, 9)),
        (date(2026, 11, 14), 0, date(2026, 11, 16)),  # Saturday -> Monday
        (date(2027, 8, 9), 0, date(2027, 8, 10)),  # holiday -> next business day
        (date(2026, 11, 9), 1, date(2026, 11, 10)),
        (date(2026, 11, 13), 1, date(2026, 11, 16)),  # across a weekend
        (date(2026, 11, 14), 1, date(2026, 11, 16)),  # from a Saturday
        (date(2026, 11, 9), 5, date(2026, 11, 16)),
        (date(2026, 10, 30), 1, date(2026, 11, 4)),  # weekend + Difuntos + Cuenca
        (date(2026, 12, 23), 3, date(2026, 12, 29)),  # Christmas 2026
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # 31 Dec worked, 1 Jan off
        (date(2027, 2, 5), 1, date(2027, 2, 10)),  # Carnival
        (date(2027, 3, 25), 1, date(2027, 3, 29)),  # Good Friday
        (date(2027, 8, 6), 1, date(2027, 8, 10)),  # Monday 9 Aug off, Tuesday worked
        (date(2027, 10, 29), 1, date(2027, 11, 2)),  # Mon 1 Nov off, Tue 2 worked
        (date(2027, 10, 29), 2, date(2027, 11, 4)),  # ...and Wed 3 Nov off
        (date(2027, 12, 23), 2, date(2027, 12, 28)),  # Fri 24 Dec off
        (date(2027, 12, 30), 1, date(2028, 1, 3)),  # Fri 31 Dec off
    ],
)
def test_add_business_days(start, n, expected):
    assert CAL.add_business_days(start, n) == expected
    if n >= 1:
        assert CAL.business_days_between(start, expected) == n
        assert CAL.business_days_between(expected, start) == -n


def test_add_business_days_with_closure_and_validation():
    assert CAL.add_business_days(date(2026, 11, 19), 1) == date(2026, 11, 20)
    assert CAL_CLOSURE.add_business_days(date(2026, 11, 19), 1) == date(2026, 11, 23)
    with pytest.raises(ValueError):
        CAL.add_business_days(date(2026, 11, 9), -1)
    assert CAL.business_days_between(date(2026, 11, 9), date(2026, 11, 9)) == 0


# --------------------------------------------------------------------------- #
# Input validation, construction, immutability, purity
# --------------------------------------------------------------------------- #
NAIVE = datetime(2026, 11, 9, 9)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.is_business_time(NAIVE),
        lambda: CAL.add_business_hours(NAIVE, 1),
        lambda: CAL.add_business_hours(NAIVE, 0),
        lambda: CAL.business_hours_between(NAIVE, G(2026, 11, 10)),
        lambda: CAL.business_hours_between(G(2026, 11, 8), NAIVE),
        lambda: CAL.next_opening(NAIVE),
        lambda: CAL.is_business_day(NAIVE),
        lambda: CAL.closing_time(NAIVE),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError):
        call()


def test_date_functions_accept_aware_datetimes_as_local_date():
    # 2027-08-10 02:00 UTC is still Monday 9 Aug (holiday) in Guayaquil
    assert not CAL.is_business_day(datetime(2027, 8, 10, 2, tzinfo=UTC))
    assert CAL.is_business_day(datetime(2027, 8, 10, 6, tzinfo=UTC))


def test_default_constructor_and_custom_zone():
    assert BusinessCalendar() == BusinessCalendar.default()
    assert CAL.tz == GYE
    galapagos = BusinessCalendar.default(tz="Pacific/Galapagos")
    result = galapagos.add_business_hours(datetime(2026, 11, 9, 14, tzinfo=UTC), 1)  # 08:00 UTC-6
    assert result == datetime(2026, 11, 9, 9, tzinfo=ZoneInfo("Pacific/Galapagos"))
    assert result.tzinfo == ZoneInfo("Pacific/Galapagos")


def test_custom_schedule_with_saturday_morning():
    weekdays = {d: [(time(9), time(18))] for d in range(5)}
    cal = BusinessCalendar(tz=GYE, schedule={**weekdays, 5: [(time(9), time(12))]})
    assert_same(cal.add_business_hours(G(2026, 11, 13, 17), 2), G(2026, 11, 14, 10))
    assert_same(cal.closing_time(date(2026, 11, 14)), G(2026, 11, 14, 12))
    assert cal.business_hours_between(G(2026, 11, 9), G(2026, 11, 16)) == 48.0
    # Sat 9 Oct 2027 holiday is taken on Friday 8 Oct: the Saturday is worked.
    assert not cal.is_business_day(date(2027, 10, 8))
    assert cal.is_business_day(date(2027, 10, 9))


@pytest.mark.parametrize(
    "schedule",
    [
        {0: [(time(13), time(8))]},  # closes before opening
        {0: [(time(8), time(12)), (time(11), time(14))]},  # overlap
        {7: [(time(8), time(12))]},  # bad weekday
        {},  # never open
        {0: [("08:00", "12:00")]},  # not datetime.time
    ],
)
def test_invalid_schedules_are_rejected(schedule):
    with pytest.raises(ValueError):
        BusinessCalendar(schedule=schedule)


def test_calendar_is_immutable_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CAL.closures = frozenset()  # type: ignore[misc]
    assert hash(CAL) == hash(BusinessCalendar.default())
    assert CAL_CLOSURE.closures == frozenset({CLOSURE_DAY})


def test_module_is_pure():
    source = Path(calmod.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow"}:
            pytest.fail(f"wall clock read at line {node.lineno}")
    assert not {"slack_sdk", "slack_bolt", "sqlalchemy", "time"} & imported


def test_holiday_lookup_is_cached():
    calmod._national_days_off.cache_clear()
    for _ in range(3):
        for offset in range(365):
            CAL.is_business_day(date(2027, 1, 1) + timedelta(days=offset))
    info = calmod._national_days_off.cache_info()
    weekdays = sum(1 for offset in range(365) if (date(2027, 1, 1) + timedelta(days=offset)).weekday() < 5)
    assert info.misses == 1  # one build for the year, then dictionary look-ups
    assert info.hits == 3 * weekdays - 1  # weekends short-circuit before the look-up

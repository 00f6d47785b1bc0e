"""Business-time arithmetic for Ecuador (pure domain code).

``BusinessCalendar`` answers "is this working time?", "what is the deadline
N working hours after this moment?" and "how many working hours passed
between these two moments?" for a weekly office schedule, Ecuador's national
holidays (``holidays`` package, country ``EC``) and extra company closures.

Design rules:

* No Slack, no database and no wall clock: every moment comes in as an
  argument. Callers pass ``now`` explicitly.
* Every public function accepts timezone-aware datetimes in *any* zone, rejects
  naive ones with ``ValueError`` and returns datetimes in the calendar's zone.
* Working intervals are half-open ``[open, close)``: 17:00 is not working
  time, but a deadline that consumes the last minute of the day *is* 17:00
  (Monday 08:00 + 8 h = Monday 17:00, 12:00 + 1 h = 13:00).

Holidays moved by Ecuador's 2016 law
------------------------------------
The ``holidays`` package (pinned version, see DOMAIN.md) lists both the
original date of a moved holiday and an extra "<name> (observado)" entry on
the day actually taken off. Only the observed day is a day off; the original
weekday is worked (2027: Tuesday 10 August is worked, Monday 9 August is off).
This module does not hard-code dates or weekday rules: it builds the package's
calendar twice (``observed=True`` and ``observed=False``); every entry present
only in the observed build is an observed entry, and its source is the
original entry whose name, formatted with the package's observed label, gives
the observed name (nearest such date within a week, possibly in the adjacent
year, e.g. 31 Dec 2027 observed for 1 Jan 2028). Those source entries are
dropped; everything else stays a day off. Results are cached per year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays as _holidays

__all__ = [
    "BusinessCalendar",
    "CLOSURE_NAME",
    "DEFAULT_SCHEDULE",
    "DEFAULT_TZ",
]

DEFAULT_TZ = "America/Guayaquil"

#: Monday–Friday 08:00–13:00 and 14:00–17:00 (8 h/day, 40 h/week); weekends closed.
DEFAULT_SCHEDULE: Mapping[int, tuple[tuple[time, time], ...]] = MappingProxyType(
    {
        weekday: ((time(8, 0), time(13, 0)), (time(14, 0), time(17, 0)))
        for weekday in range(5)
    }
)

#: Name reported by ``holiday_name`` for a configured company closure.
CLOSURE_NAME = "Cierre de la empresa"

# Safety net: this many consecutive days without working time means the
# configuration can never open again (instead of looping forever).
_MAX_CLOSED_DAYS = 3700

_ONE_DAY = timedelta(days=1)
_ONE_HOUR = timedelta(hours=1)
_ZERO = timedelta(0)

Schedule = tuple[tuple[tuple[time, time], ...], ...]


# --------------------------------------------------------------------------- #
# National holidays (cached per country/language/year)
# --------------------------------------------------------------------------- #
def _observed_labels(hol: _holidays.HolidayBase) -> tuple[str, ...]:
    """The package's observed-name templates (e.g. ``"%s (observado)"``), translated."""
    labels = []
    for attr in ("observed_label", "observed_label_before", "observed_estimated_label"):
        raw = getattr(hol, attr, None)
        if isinstance(raw, str) and raw:
            translated = hol.tr(raw)
            if "%s" in translated and translated not in labels:
                labels.append(translated)
    return tuple(labels)


def _source_of_observed(
    observed_day: date,
    observed_name: str,
    originals: Sequence[tuple[date, str]],
    labels: Sequence[str],
) -> tuple[date, str] | None:
    """Find the original (date, name) entry an observed entry was moved from."""
    nearby = [
        (day, name)
        for day, name in originals
        if day != observed_day and abs((day - observed_day).days) <= 7
    ]
    exact = [(d, n) for d, n in nearby if any(lbl % n == observed_name for lbl in labels)]
    candidates = exact or [(d, n) for d, n in nearby if n and n in observed_name]
    if not candidates:
        return None
    return min(candidates, key=lambda item: (abs((item[0] - observed_day).days), item[0]))


@lru_cache(maxsize=None)
def _national_days_off(country: str, language: str, year: int) -> Mapping[date, str]:
    """Days of ``year`` actually taken off for national holidays -> name(s).

    Moved holidays appear only on their observed date (with the package's
    "(observado)" name); the original date is dropped unless another,
    unmoved holiday falls on it too.
    """
    years = range(year - 1, year + 2)  # observed dates may cross a year boundary
    with_observed = _holidays.country_holidays(
        country, years=years, language=language, observed=True, expand=False
    )
    without_observed = _holidays.country_holidays(
        country, years=years, language=language, observed=False, expand=False
    )
    originals = [(day, name) for day in sorted(without_observed) for name in without_observed.get_list(day)]
    original_set = set(originals)
    labels = _observed_labels(with_observed)

    moved: set[tuple[date, str]] = set()
    for day in sorted(with_observed):
        for name in with_observed.get_list(day):
            if (day, name) in original_set:
                continue
            source = _source_of_observed(day, name, originals, labels)
            if source is not None:
                moved.add(source)

    days_off: dict[date, str] = {}
    for day in sorted(with_observed):
        if day.year != year:
            continue
        names = [name for name in with_observed.get_list(day) if (day, name) not in moved]
        if names:
            days_off[day] = "; ".join(names)
    return MappingProxyType(days_off)


# --------------------------------------------------------------------------- #
# Normalisation helpers
# --------------------------------------------------------------------------- #
def _normalize_schedule(schedule: Mapping[int, Iterable[tuple[time, time]]] | Sequence) -> Schedule:
    if isinstance(schedule, Mapping):
        items = dict(schedule)
    else:
        seq = tuple(schedule)
        if len(seq) != 7:
            raise ValueError("a schedule sequence must have 7 entries (Monday..Sunday)")
        items = dict(enumerate(seq))
    for weekday in items:
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise ValueError(f"schedule weekday must be an int 0 (Monday)..6 (Sunday), got {weekday!r}")

    days: list[tuple[tuple[time, time], ...]] = []
    for weekday in range(7):
        intervals = []
        for interval in items.get(weekday, ()) or ():
            try:
                opens, closes = interval
            except (TypeError, ValueError):
                raise ValueError(f"schedule interval must be an (open, close) pair, got {interval!r}") from None
            for value in (opens, closes):
                if not isinstance(value, time):
                    raise ValueError(f"schedule times must be datetime.time, got {value!r}")
                if value.tzinfo is not None:
                    raise ValueError("schedule times must be naive (local to the calendar's zone)")
            if not opens < closes:
                raise ValueError(f"schedule interval must open before it closes: {opens}–{closes}")
            intervals.append((opens, closes))
        intervals.sort()
        merged: list[tuple[time, time]] = []
        for opens, closes in intervals:
            if merged and opens < merged[-1][1]:
                raise ValueError(f"overlapping schedule intervals on weekday {weekday}")
            if merged and opens == merged[-1][1]:
                merged[-1] = (merged[-1][0], closes)  # touching intervals: merge
            else:
                merged.append((opens, closes))
        days.append(tuple(merged))
    if not any(days):
        raise ValueError("the weekly schedule has no working time at all")
    return tuple(days)


def _normalize_closures(closures: Iterable[date | str]) -> frozenset[date]:
    result = set()
    for item in closures or ():
        if isinstance(item, datetime):
            raise ValueError(f"closures must be dates, not datetimes: {item!r}")
        if isinstance(item, str):
            item = date.fromisoformat(item.strip())
        if not isinstance(item, date):
            raise ValueError(f"closures must be datetime.date values, got {item!r}")
        result.add(item)
    return frozenset(result)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Real elapsed time (correct even across a UTC-offset change)."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


# --------------------------------------------------------------------------- #
# BusinessCalendar
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class BusinessCalendar:
    """Immutable business calendar: zone + weekly schedule + holidays + closures.

    ``schedule`` maps weekday (0 = Monday .. 6 = Sunday) to ``(open, close)``
    ``datetime.time`` intervals in the calendar's zone; missing weekdays are
    closed. It is stored normalised as a 7-tuple (index = weekday).
    ``closures`` are extra company days off (dates or ISO strings), treated
    like holidays. National holidays come from the ``holidays`` package
    (``country``/``language``).
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    schedule: Schedule = field(default_factory=lambda: DEFAULT_SCHEDULE)  # type: ignore[assignment]
    closures: frozenset[date] = frozenset()
    country: str = "EC"
    language: str = "es"

    def __post_init__(self) -> None:
        tz = self.tz
        if isinstance(tz, str):
            tz = ZoneInfo(tz)
        if not isinstance(tz, ZoneInfo):
            raise ValueError(f"tz must be a zoneinfo.ZoneInfo or a zone name, got {tz!r}")
        object.__setattr__(self, "tz", tz)
        object.__setattr__(self, "schedule", _normalize_schedule(self.schedule))
        object.__setattr__(self, "closures", _normalize_closures(self.closures))

    @classmethod
    def default(cls, closures: Iterable[date | str] = (), tz: str = DEFAULT_TZ) -> "BusinessCalendar":
        """Ecuadorian calendar with the default office hours and the given closures."""
        return cls(tz=ZoneInfo(tz), closures=_normalize_closures(closures))

    # ------------------------------------------------------------------ #
    # Input handling
    # ------------------------------------------------------------------ #
    def _local(self, dt: datetime) -> datetime:
        if not isinstance(dt, datetime):
            raise TypeError(f"expected a timezone-aware datetime, got {type(dt).__name__}")
        if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
            raise ValueError(f"naive datetime not allowed (attach a time zone): {dt!r}")
        return dt.astimezone(self.tz)

    def _as_date(self, d: date) -> date:
        """Accept a date, or an aware datetime (its local date in the calendar's zone)."""
        if isinstance(d, datetime):
            return self._local(d).date()
        if not isinstance(d, date):
            raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
        return d

    def _plus(self, start: datetime, delta: timedelta) -> datetime:
        return (start.astimezone(timezone.utc) + delta).astimezone(self.tz)

    @staticmethod
    def _hours(hours: float) -> timedelta:
        if isinstance(hours, bool):
            raise TypeError("hours must be a number, not a bool")
        value = float(hours)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"hours must be a finite number >= 0, got {hours!r}")
        return timedelta(hours=value)

    def _intervals(self, d: date) -> tuple[tuple[datetime, datetime], ...]:
        """Working intervals of local date ``d`` as aware datetimes (empty if closed)."""
        if not self.is_business_day(d):
            return ()
        tz = self.tz
        return tuple(
            (datetime.combine(d, opens, tzinfo=tz), datetime.combine(d, closes, tzinfo=tz))
            for opens, closes in self.schedule[d.weekday()]
        )

    # ------------------------------------------------------------------ #
    # Days
    # ------------------------------------------------------------------ #
    def holiday_name(self, d: date) -> str | None:
        """Name of the holiday/closure that makes ``d`` a day off, else ``None``.

        National holidays use the package's Spanish names; a moved holiday is
        named on its observed day (e.g. "Primer Grito de Independencia
        (observado)") and its original weekday returns ``None`` (it is worked).
        """
        d = self._as_date(d)
        name = _national_days_off(self.country, self.language, d.year).get(d)
        if name is not None:
            return name
        if d in self.closures:
            return CLOSURE_NAME
        return None

    def is_holiday(self, d: date) -> bool:
        """True if ``d`` is a national day off or a company closure."""
        return self.holiday_name(d) is not None

    def is_business_day(self, d: date) -> bool:
        """True if ``d`` has working hours: scheduled weekday, not a holiday/closure."""
        d = self._as_date(d)
        if not self.schedule[d.weekday()]:
            return False
        if d in self.closures:
            return False
        return d not in _national_days_off(self.country, self.language, d.year)

    def next_business_day(self, d: date) -> date:
        """``d`` if it is a business day, else the first business day after it."""
        d = self._as_date(d)
        closed = 0
        while not self.is_business_day(d):
            closed += 1
            if closed > _MAX_CLOSED_DAYS:
                raise ValueError("no business day found: the calendar never opens")
            d += _ONE_DAY
        return d

    def add_business_days(self, d: date, n: int) -> date:
        """The ``n``-th business day after ``d`` (n >= 0).

        ``n == 0`` returns ``d`` if it is a business day, else the next one.
        ``d`` itself need not be a business day: Saturday + 1 = Monday.
        """
        d = self._as_date(d)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError("n must be an int")
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return self.next_business_day(d)
        for _ in range(n):
            d = self.next_business_day(d + _ONE_DAY)
        return d

    def business_days_between(self, a: date, b: date) -> int:
        """Business days ``x`` with ``a < x <= b`` (negative if ``b < a``).

        Inverse of ``add_business_days``: ``business_days_between(a,
        add_business_days(a, n)) == n`` for ``n >= 1``.
        """
        a, b = self._as_date(a), self._as_date(b)
        if b < a:
            return -self.business_days_between(b, a)
        count = 0
        d = a + _ONE_DAY
        while d <= b:
            if self.is_business_day(d):
                count += 1
            d += _ONE_DAY
        return count

    def opening_time(self, d: date) -> datetime:
        """Start of the first working interval of business day ``d`` (aware).

        Raises ``ValueError`` if ``d`` is not a business day.
        """
        d = self._as_date(d)
        intervals = self._intervals(d)
        if not intervals:
            raise ValueError(f"{d.isoformat()} is not a business day")
        return intervals[0][0]

    def closing_time(self, d: date) -> datetime:
        """End of the last working interval of business day ``d`` (aware).

        Raises ``ValueError`` if ``d`` is not a business day.
        """
        d = self._as_date(d)
        intervals = self._intervals(d)
        if not intervals:
            raise ValueError(f"{d.isoformat()} is not a business day")
        return intervals[-1][1]

    # ------------------------------------------------------------------ #
    # Moments
    # ------------------------------------------------------------------ #
    def is_business_time(self, dt: datetime) -> bool:
        """True if ``dt`` lies inside a working interval ``[open, close)``."""
        local = self._local(dt)
        return any(opens <= local < closes for opens, closes in self._intervals(local.date()))

    def next_opening(self, dt: datetime) -> datetime:
        """``dt`` (in the calendar's zone) if it is business time, else the next opening."""
        local = self._local(dt)
        d = local.date()
        closed = 0
        while True:
            intervals = self._intervals(d)
            for opens, closes in intervals:
                if local < opens:
                    return opens
                if local < closes:
                    return local
            closed = 0 if intervals else closed + 1
            if closed > _MAX_CLOSED_DAYS:
                raise ValueError("no opening found: the calendar never opens")
            d += _ONE_DAY

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """Moment after ``hours`` of working time counted from ``start``.

        A start outside working hours counts from the next opening. A deadline
        that uses up an interval exactly ends at that interval's close (16:00 +
        1 h = 17:00, 12:00 + 1 h = 13:00). ``hours == 0`` returns
        ``next_opening(start)``. Walks interval by interval, day by day.
        """
        remaining = self._hours(hours)
        local = self._local(start)
        if remaining == _ZERO:
            return self.next_opening(local)
        d = local.date()
        closed = 0
        while True:
            intervals = self._intervals(d)
            for opens, closes in intervals:
                if closes <= local:
                    continue
                segment_start = local if local > opens else opens
                available = _elapsed(segment_start, closes)
                if remaining <= available:
                    return self._plus(segment_start, remaining)
                remaining -= available
            closed = 0 if intervals else closed + 1
            if closed > _MAX_CLOSED_DAYS:
                raise ValueError("cannot add business hours: the calendar never opens")
            d += _ONE_DAY

    def business_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours in ``[start, end)``; ``0.0`` when ``end <= start``."""
        s, e = self._local(start), self._local(end)
        if e <= s:
            return 0.0
        total = _ZERO
        d, last = s.date(), e.date()
        while d <= last:
            for opens, closes in self._intervals(d):
                lo = s if s > opens else opens
                hi = e if e < closes else closes
                if hi > lo:
                    total += _elapsed(lo, hi)
            d += _ONE_DAY
        return total / _ONE_HOUR

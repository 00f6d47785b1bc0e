"""Dates and numbers as Ecuadorians read them (Babel, es_EC). Stored times are UTC; shown local."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "es_EC"


def when(dt: datetime, tz: tzinfo) -> str:
    """'lunes 7 de diciembre, 15:00'."""
    return format_datetime(dt, "EEEE d 'de' MMMM, HH:mm", tzinfo=tz, locale=LOCALE)


def when_with_year(dt: datetime, tz: tzinfo) -> str:
    """'lunes 7 de diciembre de 2026, 15:00'."""
    return format_datetime(dt, "EEEE d 'de' MMMM 'de' y, HH:mm", tzinfo=tz, locale=LOCALE)


def day(d: date) -> str:
    """'lunes 7 de diciembre de 2026'."""
    return format_date(d, "EEEE d 'de' MMMM 'de' y", locale=LOCALE)


def hours(value: float) -> str:
    """'1,5 h'."""
    return f"{format_decimal(round(value, 2), locale=LOCALE)} h"


def weekday(dt: datetime) -> str:
    """'sábado'."""
    return format_datetime(dt, "EEEE", tzinfo=dt.tzinfo, locale=LOCALE)


def short(dt: datetime, tz: tzinfo) -> str:
    """'mar 8 dic, 10:00' — for compact timelines."""
    return format_datetime(dt, "EEE d MMM, HH:mm", tzinfo=tz, locale=LOCALE).replace(".", "")


def time(dt: datetime, tz: tzinfo) -> str:
    """'11:00'."""
    return format_datetime(dt, "HH:mm", tzinfo=tz, locale=LOCALE)


def money(amount) -> str:
    """'$1.200,50' (US dollars, Ecuador's currency)."""
    return format_currency(amount, "USD", locale=LOCALE)

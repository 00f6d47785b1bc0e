"""Read the dates and times that people in Ecuador type in Spanish.

`parse_when(text, now)` returns an aware datetime in the zone of `now`, or None when the text
cannot be read with certainty. It never guesses: the caller reads the date back to the user for
confirmation, and a None lets it ask again instead of scheduling something wrong.

How it works: the text is normalized (lower case, accents and punctuation stripped, number words
and ordinals turned into digits), then small regular expressions take out, one at a time, the
parts of a date: an offset ("en 3 dias"), a calendar date ("15/12", "15 de diciembre"), a time
("a las 10", "10h30", "3 pm"), a weekday ("el proximo lunes") and a relative day ("hoy",
"manana", "pasado manana"). Whatever is left must be filler ("el", "para"); any other word left
over makes the whole text unreadable. dateparser is not used: see bench/dates_accuracy.py.

Grammar (after normalization):
    relative day  hoy | manana | pasado manana
    weekday       [el|este|esta] [proximo|siguiente] <dia> [que viene|proximo|siguiente]
    date          2026-12-15 | 15/12[/2026|/26] | 15-12[-2026] |
                  [el] 15 [de] diciembre|dic [de|del 2026];  "1ro", "primero" = 1
    time          [a las|a la|para las] 10 | 10:30 | 10h30 | 10h | 10hrs | 9am | 3:30 pm |
                  10 de la manana | 4 de la tarde | 8 de la noche | 2 de la madrugada |
                  10 y media | 10 y cuarto | 10 y 20 (multiples of 5) | 4 menos cuarto | 12m |
                  [a|al|el] mediodia | 12 del mediodia   (optional "en punto", "hrs"/"horas")
    offset        en|dentro de <n> minutos|horas|dias|semanas | en media hora
Number words up to sixty are understood ("en dos dias", "a la una", "en treinta minutos").

Rules on the ambiguous points:
* A bare time needs a marker: "a las", minutes (":30", "h30"), "h", am/pm, "de la tarde"...;
  a lone number ("9", "el lunes 9") is unreadable, and so is "10 horas" (a time or a duration?).
* Office hours: an hour from 1 to 6 written without a leading zero and without am/pm or
  "de la manana/madrugada" is afternoon ("a las 3" = 15:00, "4:30" = 16:30); 7 to 12 is read
  as written ("a las 7" = 07:00). "03:00" and "3 de la manana" stay 03:00. 13-23 are 24h.
* Qualifiers must agree with the hour: "13 de la manana", "12 de la noche", "12 am" (midnight
  or noon? people mix them up) are unreadable. "12 pm" and "12m" are noon.
* No time given: 08:00, the start of the working day. Offsets in days/weeks keep the time of
  `now` unless a time is given ("en 3 dias a las 10"); offsets in minutes/hours are added to
  `now` and cannot take a time.
* Weekdays ("lunes", "este lunes", "el proximo lunes", "el lunes que viene") are always the next
  such day STRICTLY after today: on a Friday "viernes" and "este viernes" are in 7 days.
* A date without a year is the next such date, today included: typed on 4 December, "4/12" is
  today at 08:00 even if that is past, exactly like "hoy" (the caller refuses past times).
  29/02 without a year is the next 29 February that exists. An explicit year is kept even if
  the date is past. Two-digit years are 20xx.
* A time alone is its next occurrence: today if strictly after `now`, otherwise tomorrow.
  With a day ("hoy a las 10") the day wins even if the result is past.
* A weekday next to another day must agree with it ("martes 15 de diciembre" only if the 15th
  is a Tuesday, "hoy viernes" only on a Friday); otherwise the text is unreadable.
* Impossible dates ("31/02", "32/13") are unreadable; there is no month-first fallback.
* Not supported, so None: "ayer", "la proxima semana", "el lunes de la proxima semana",
  "el 15" (day of month alone), "en un mes", "manana en la tarde", "medianoche".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone, tzinfo

__all__ = ["DEFAULT_TIME", "parse_when"]

DEFAULT_TIME = time(8, 0)  # start of the working day, used when no time is given

WEEKDAYS = {
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
}

MONTHS = {
    "enero": 1, "ene": 1,
    "febrero": 2, "feb": 2,
    "marzo": 3, "mar": 3,
    "abril": 4, "abr": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "jun": 6,
    "julio": 7, "jul": 7,
    "agosto": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "sept": 9, "sep": 9, "set": 9,
    "octubre": 10, "oct": 10,
    "noviembre": 11, "nov": 11,
    "diciembre": 12, "dic": 12,
}  # fmt: skip

RELATIVE_DAYS = {"hoy": 0, "manana": 1, "pasado manana": 2}

_UNITS = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
NUMBER_WORDS = {
    "un": 1, "una": 1, "primero": 1,
    **{word: n for n, word in enumerate(_UNITS, start=1)},
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiun": 21, "veintiuna": 21,
    **{"veinti" + word: 20 + n for n, word in enumerate(_UNITS, start=1)},
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
}  # fmt: skip

# Time-of-day qualifiers: (adds 12 to hours 1-11?, 24h hours it may produce).
DAY_PARTS = {
    "am": (False, range(1, 12)),
    "manana": (False, range(1, 12)),
    "madrugada": (False, range(1, 7)),
    "pm": (True, range(12, 24)),
    "tarde": (True, range(12, 24)),
    "noche": (True, range(18, 24)),
    "m": (True, range(12, 13)),  # "12m", meridiano
    "mediodia": (True, range(12, 13)),  # "12 del mediodia"
}
AFTERNOON_BARE_HOURS = range(1, 7)  # "a las 3" in the office means 15:00
SPOKEN_MINUTES = {"media": 30, "cuarto": 15}

FILLER_WORDS = {"el", "para"}

OFFSET_UNITS = {
    "minuto": timedelta(minutes=1), "min": timedelta(minutes=1),
    "hora": timedelta(hours=1), "hr": timedelta(hours=1),
    "dia": timedelta(days=1),
    "semana": timedelta(weeks=1),
}  # fmt: skip


class _Unreadable(Exception):
    """The text is not something we can read with certainty."""


def _alternation(words) -> str:
    """A regex alternation of words, longest first so that "septiembre" wins over "sep"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# --- normalization ------------------------------------------------------------------------

_NUMBER_WORD_RE = re.compile(rf"\b(?:{_alternation(NUMBER_WORDS)})\b")
_TENS_AND_UNIT_RE = re.compile(
    rf"\b(treinta|cuarenta|cincuenta) y ({_alternation(['un', 'una', *_UNITS])})\b"
)
_ORDINAL_RE = re.compile(r"\b(\d{1,2})(?:ero|ro|o)\b")  # 1ro, 1ero, 1º (NFKD makes º an o)
_AM_PM_DOTS_RE = re.compile(r"\b([ap])\s?\.\s?m\b\.?")  # a.m., p. m.
_PUNCTUATION_RE = re.compile(r"[,;!?¡¿\"'`()\[\]{}*_~.]")
_LOOSE_SEPARATOR_RE = re.compile(r"(?<!\d)[-/:]|[-/:](?!\d)")  # keep 15/12, 10:30, 15-12


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _number_word(match: re.Match) -> str:
    return str(NUMBER_WORDS[match.group(0)])


def _tens_and_unit(match: re.Match) -> str:
    return str(NUMBER_WORDS[match.group(1)] + NUMBER_WORDS[match.group(2)])


def normalize(text: str) -> str:
    """Lower case, no accents, no punctuation, digits for numbers, single spaces."""
    s = _strip_accents(text).casefold()
    s = _AM_PM_DOTS_RE.sub(r"\1m", s)
    s = _PUNCTUATION_RE.sub(" ", s)
    s = _LOOSE_SEPARATOR_RE.sub(" ", s)
    s = " ".join(s.split())
    s = re.sub(r"\bmedio dia\b", "mediodia", s)
    s = _ORDINAL_RE.sub(r"\1", s)
    s = _TENS_AND_UNIT_RE.sub(_tens_and_unit, s)
    s = _NUMBER_WORD_RE.sub(_number_word, s)
    return s


# --- the parts of a date, each read by one small regex -------------------------------------

_OFFSET_RE = re.compile(
    r"\b(?:en|dentro de) (?:(?P<n>\d{1,3}) (?P<unit>minutos?|mins?|horas?|hrs?|dias?|semanas?)"
    r"|(?P<half_hour>media hora))\b"
)
_ISO_DATE_RE = re.compile(r"(?<![\d/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])")
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/:-])(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
    r"(?![\d/:-])"
)
_NAMED_DATE_RE = re.compile(
    rf"\b(?P<d>\d{{1,2}}) (?:de )?(?P<month>{_alternation(MONTHS)})"
    r"(?: (?:de |del )?(?P<y>\d{4}))?\b"
)
_NOON_RE = re.compile(r"\b(?:(?:a|al|el|para el) )?mediodia\b")
_TIME_RE = re.compile(
    r"(?<![\w/:-])"
    r"(?:(?P<prefix>a las?|para las?|a eso de las?) )?"
    r"(?P<hour>\d{1,2})(?:[:h](?P<minute>\d{2})|(?P<h>h(?:rs?)?))?"
    r"(?: y (?P<plus>media|cuarto|\d{1,2})| menos (?P<minus>cuarto|\d{1,2}))?"
    r"(?: en punto)?"
    r"(?: ?(?P<ampm>am|pm|m)"
    r"| de la (?P<part>manana|tarde|noche|madrugada)"
    r"| del (?P<noon>mediodia))?"
    r"(?: ?(?:hrs?|horas))?"
    r"(?![\w/:-])"
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(?:el|este|esta) )?(?:(?:proximo|siguiente) )?"
    rf"(?P<weekday>{_alternation(WEEKDAYS)})"
    r"(?: (?:que viene|proximo|siguiente))?\b"
)
_RELATIVE_DAY_RE = re.compile(r"\b(?:pasado manana|hoy)\b|(?<!\bla )\bmanana\b")


def _read_offset(m: re.Match) -> tuple[int, timedelta]:
    if m["half_hour"]:
        return 30, timedelta(minutes=1)
    n = int(m["n"])
    if n == 0:
        raise _Unreadable
    return n, OFFSET_UNITS[m["unit"].rstrip("s")]


def _read_iso_date(m: re.Match) -> tuple[int | None, int, int]:
    return int(m["y"]), int(m["m"]), int(m["d"])


def _read_numeric_date(m: re.Match) -> tuple[int | None, int, int]:
    year = m["y"]
    if year is not None and len(year) == 2:
        year = "20" + year
    return (int(year) if year else None), int(m["m"]), int(m["d"])


def _read_named_date(m: re.Match) -> tuple[int | None, int, int]:
    return (int(m["y"]) if m["y"] else None), MONTHS[m["month"]], int(m["d"])


def _read_noon(m: re.Match) -> time:
    return time(12, 0)


def _read_time(m: re.Match) -> time:
    markers = ("prefix", "minute", "h", "plus", "minus", "ampm", "part", "noon")
    has_marker = any(m[group] for group in markers)
    if not has_marker:  # a lone number: an hour? a day? a quantity?
        raise _Unreadable
    hour = _hour_24(m["hour"], m["ampm"] or m["part"] or m["noon"])
    minutes = hour * 60 + _minutes(m)
    if not 0 <= minutes < 24 * 60:
        raise _Unreadable
    return time(minutes // 60, minutes % 60)


def _hour_24(hour_text: str, day_part: str | None) -> int:
    hour = int(hour_text)
    if day_part is not None:
        adds_twelve, allowed = DAY_PARTS[day_part]
        if hour == 0 or (hour > 12 and not adds_twelve):
            raise _Unreadable
        if adds_twelve and hour < 12:
            hour += 12
        if hour not in allowed:
            raise _Unreadable
        return hour
    if hour in AFTERNOON_BARE_HOURS and not hour_text.startswith("0"):
        return hour + 12
    if hour > 23:
        raise _Unreadable
    return hour


def _minutes(m: re.Match) -> int:
    """Minutes past (or before) the hour: ":30", "h30", "y media", "menos cuarto"."""
    if m["minute"] and (m["plus"] or m["minus"]):
        raise _Unreadable
    if m["minute"]:
        minutes = int(m["minute"])
        if minutes > 59:
            raise _Unreadable
        return minutes
    if m["plus"]:
        return _spoken_minutes(m["plus"])
    if m["minus"]:
        return -_spoken_minutes(m["minus"])
    return 0


def _spoken_minutes(text: str) -> int:
    """ "media", "cuarto" or a multiple of five ("a las 10 y 11" may mean "at 10 and at 11")."""
    minutes = SPOKEN_MINUTES.get(text) or int(text)
    if minutes not in range(5, 60, 5):
        raise _Unreadable
    return minutes


def _read_weekday(m: re.Match) -> int:
    return WEEKDAYS[m["weekday"]]


def _read_relative_day(m: re.Match) -> int:
    return RELATIVE_DAYS[m.group(0)]


# Order matters: offsets before times ("en 2 horas"), dates before times ("15/12" vs "15:00"),
# times before relative days ("10 de la manana" is not tomorrow).
_EXTRACTORS = [
    ("offset", _OFFSET_RE, _read_offset),
    ("date", _ISO_DATE_RE, _read_iso_date),
    ("date", _NUMERIC_DATE_RE, _read_numeric_date),
    ("date", _NAMED_DATE_RE, _read_named_date),
    ("time", _TIME_RE, _read_time),
    ("time", _NOON_RE, _read_noon),
    ("weekday", _WEEKDAY_RE, _read_weekday),
    ("day", _RELATIVE_DAY_RE, _read_relative_day),
]


def _extract(text: str) -> dict:
    """Take each part out of the text; fail on a repeated part or on unknown leftovers."""
    parts: dict = {}
    for kind, regex, read in _EXTRACTORS:
        m = regex.search(text)
        if m is None:
            continue
        if kind in parts:
            raise _Unreadable
        parts[kind] = read(m)
        text = text[: m.start()] + " " + text[m.end() :]
    if any(word not in FILLER_WORDS for word in text.split()):
        raise _Unreadable
    return parts


# --- from parts to a datetime ---------------------------------------------------------------


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    """Wall-clock `day` at `clock` in `tz`, normalized (also for pytz zones)."""
    naive = datetime.combine(day, clock)
    localize = getattr(tz, "localize", None)
    if localize is not None:  # pytz
        return tz.normalize(localize(naive))
    return naive.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def _resolve_date(year: int | None, month: int, day: int, today: date) -> date:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise _Unreadable
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            raise _Unreadable from None
    for candidate_year in range(today.year, today.year + 9):  # 29/02 may be years away
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise _Unreadable  # 31/02 and friends never exist


def _next_weekday(today: date, weekday: int) -> date:
    """The next such weekday strictly after today."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _from_offset(parts: dict, now: datetime) -> datetime:
    if parts.keys() - {"offset", "time"}:
        raise _Unreadable  # "manana en 2 horas"
    count, unit = parts["offset"]
    delta = count * unit
    if unit < timedelta(days=1):
        if "time" in parts:
            raise _Unreadable  # "en 2 horas a las 10"
        return (now.astimezone(timezone.utc) + delta).astimezone(now.tzinfo)
    return _at(now.date() + delta, parts.get("time", now.time()), now.tzinfo)


def _resolve_day(parts: dict, today: date) -> date | None:
    day = None
    if "day" in parts:
        day = today + timedelta(days=parts["day"])
    if "date" in parts:
        explicit = _resolve_date(*parts["date"], today)
        if day is not None and explicit != day:
            raise _Unreadable  # "manana 20 de diciembre" on 4 December
        day = explicit
    if "weekday" in parts:
        if day is None:
            day = _next_weekday(today, parts["weekday"])
        elif day.weekday() != parts["weekday"]:
            raise _Unreadable  # "martes 16 de diciembre" when the 16th is a Wednesday
    return day


def _combine(parts: dict, now: datetime) -> datetime:
    if "offset" in parts:
        return _from_offset(parts, now)
    tz, today = now.tzinfo, now.date()
    day = _resolve_day(parts, today)
    clock = parts.get("time")
    if day is not None:
        return _at(day, clock or DEFAULT_TIME, tz)
    if clock is None:
        raise _Unreadable  # nothing but filler
    candidate = _at(today, clock, tz)
    return candidate if candidate > now else _at(today + timedelta(days=1), clock, tz)


def parse_when(text: str, now: datetime) -> datetime | None:
    """The moment `text` means, seen from `now`, in the zone of `now`; None if unreadable.

    `now` must be timezone-aware (ValueError otherwise); it is the only source of time.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs a timezone-aware `now`")
    if not isinstance(text, str):
        return None
    try:
        return _combine(_extract(normalize(text)), now)
    except (_Unreadable, OverflowError):
        return None

"""Spanish dates as people in Ecuador type them: bot.dates.parse_when, table-driven.

Two "now" values are used throughout: a Friday afternoon and a Wednesday morning.
"""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot import dates
from bot.dates import parse_when

CORPUS_FILE = Path(__file__).parent / "data" / "dates_corpus.yml"
GYE = timezone(timedelta(hours=-5))  # America/Guayaquil, no daylight saving

NOWS = {
    "fri": datetime(2026, 12, 4, 15, 33, tzinfo=GYE),  # Friday 15:33
    "wed": datetime(2027, 2, 10, 9, 15, tzinfo=GYE),  # Wednesday 09:15
}

# (text, expected at Friday 2026-12-04 15:33, expected at Wednesday 2027-02-10 09:15)
# Expected values are local wall-clock times in the zone of now; None = must not be read.
CASES = [
    # relative days; no time -> 08:00, even when that is already past ("hoy")
    ("hoy", "2026-12-04 08:00", "2027-02-10 08:00"),
    ("mañana", "2026-12-05 08:00", "2027-02-11 08:00"),
    ("pasado mañana", "2026-12-06 08:00", "2027-02-12 08:00"),
    ("mañana a las 10", "2026-12-05 10:00", "2027-02-11 10:00"),
    ("hoy a las 10", "2026-12-04 10:00", "2027-02-10 10:00"),
    ("mañana a las 10 de la mañana", "2026-12-05 10:00", "2027-02-11 10:00"),
    # weekdays: always strictly after today
    ("lunes", "2026-12-07 08:00", "2027-02-15 08:00"),
    ("el martes", "2026-12-08 08:00", "2027-02-16 08:00"),
    ("este miércoles", "2026-12-09 08:00", "2027-02-17 08:00"),
    ("próximo jueves", "2026-12-10 08:00", "2027-02-11 08:00"),
    ("el proximo viernes", "2026-12-11 08:00", "2027-02-12 08:00"),
    ("el sábado que viene", "2026-12-05 08:00", "2027-02-13 08:00"),
    ("domingo", "2026-12-06 08:00", "2027-02-14 08:00"),
    ("el lunes a las 9am", "2026-12-07 09:00", "2027-02-15 09:00"),
    ("próximo viernes 15:00", "2026-12-11 15:00", "2027-02-12 15:00"),
    ("lunes a las 9", "2026-12-07 09:00", "2027-02-15 09:00"),
    ("el jueves que viene 10h30", "2026-12-10 10:30", "2027-02-11 10:30"),
    # a time alone: today if still ahead of now, else tomorrow
    ("a las 10", "2026-12-05 10:00", "2027-02-10 10:00"),
    ("10:30", "2026-12-05 10:30", "2027-02-10 10:30"),
    ("10h00", "2026-12-05 10:00", "2027-02-10 10:00"),
    ("10h30", "2026-12-05 10:30", "2027-02-10 10:30"),
    ("10h", "2026-12-05 10:00", "2027-02-10 10:00"),
    ("9am", "2026-12-05 09:00", "2027-02-11 09:00"),
    ("9 am", "2026-12-05 09:00", "2027-02-11 09:00"),
    ("3 pm", "2026-12-05 15:00", "2027-02-10 15:00"),
    ("3:30 pm", "2026-12-05 15:30", "2027-02-10 15:30"),
    ("10 de la mañana", "2026-12-05 10:00", "2027-02-10 10:00"),
    ("4 de la tarde", "2026-12-04 16:00", "2027-02-10 16:00"),
    ("8 de la noche", "2026-12-04 20:00", "2027-02-10 20:00"),
    ("mediodía", "2026-12-05 12:00", "2027-02-10 12:00"),
    ("medio dia", "2026-12-05 12:00", "2027-02-10 12:00"),
    ("a las 3 de la tarde", "2026-12-05 15:00", "2027-02-10 15:00"),
    ("a la 1", "2026-12-05 13:00", "2027-02-10 13:00"),
    ("15:00", "2026-12-05 15:00", "2027-02-10 15:00"),
    ("a las 10 y media", "2026-12-05 10:30", "2027-02-10 10:30"),
    ("a las 11 de la noche", "2026-12-04 23:00", "2027-02-10 23:00"),
    ("a las 12 del mediodía", "2026-12-05 12:00", "2027-02-10 12:00"),
    ("15hrs", "2026-12-05 15:00", "2027-02-10 15:00"),
    # office hours: bare 1-6 is afternoon, 7-12 as written, a qualifier or leading zero wins
    ("a las 3", "2026-12-05 15:00", "2027-02-10 15:00"),
    ("a las 6", "2026-12-04 18:00", "2027-02-10 18:00"),
    ("a las 4:30", "2026-12-04 16:30", "2027-02-10 16:30"),
    ("a las 7", "2026-12-05 07:00", "2027-02-11 07:00"),
    ("a las 12", "2026-12-05 12:00", "2027-02-10 12:00"),
    ("a las 3 de la mañana", "2026-12-05 03:00", "2027-02-11 03:00"),
    ("a las 3 am", "2026-12-05 03:00", "2027-02-11 03:00"),
    ("03:00", "2026-12-05 03:00", "2027-02-11 03:00"),
    # day-first calendar dates; without a year the next one, today included
    ("15/12", "2026-12-15 08:00", "2027-12-15 08:00"),
    ("15/12/2026", "2026-12-15 08:00", "2026-12-15 08:00"),
    ("15-12-2026", "2026-12-15 08:00", "2026-12-15 08:00"),
    ("2026-12-15", "2026-12-15 08:00", "2026-12-15 08:00"),
    ("15 de diciembre", "2026-12-15 08:00", "2027-12-15 08:00"),
    ("martes 15 de diciembre a las 9", "2026-12-15 09:00", None),  # 2027-12-15 is a Wednesday
    ("8 de enero de 2027", "2027-01-08 08:00", "2027-01-08 08:00"),
    ("1ro de enero", "2027-01-01 08:00", "2028-01-01 08:00"),
    ("el 3 de enero", "2027-01-03 08:00", "2028-01-03 08:00"),
    ("10 de febrero", "2027-02-10 08:00", "2027-02-10 08:00"),
    ("4/12", "2026-12-04 08:00", "2027-12-04 08:00"),
    ("15/12 a las 10h30", "2026-12-15 10:30", "2027-12-15 10:30"),
    # offsets keep the time of day unless a time is given
    ("en 3 días", "2026-12-07 15:33", "2027-02-13 09:15"),
    ("dentro de 2 horas", "2026-12-04 17:33", "2027-02-10 11:15"),
    ("en una hora", "2026-12-04 16:33", "2027-02-10 10:15"),
    ("en 30 minutos", "2026-12-04 16:03", "2027-02-10 09:45"),
    ("dentro de 1 semana", "2026-12-11 15:33", "2027-02-17 09:15"),
    ("en dos días", "2026-12-06 15:33", "2027-02-12 09:15"),
    ("en 3 días a las 10", "2026-12-07 10:00", "2027-02-13 10:00"),
    ("dentro de 10 horas", "2026-12-05 01:33", "2027-02-10 19:15"),
    ("en media hora", "2026-12-04 16:03", "2027-02-10 09:45"),
    # case, accents, spaces, punctuation
    ("  MAÑANA, a las 10!  ", "2026-12-05 10:00", "2027-02-11 10:00"),
    ("Proximo Viernes", "2026-12-11 08:00", "2027-02-12 08:00"),
    ("sabado 10H00.", "2026-12-05 10:00", "2027-02-13 10:00"),
    ("¿pasado manana?", "2026-12-06 08:00", "2027-02-12 08:00"),
    ("para el lunes", "2026-12-07 08:00", "2027-02-15 08:00"),
    # unreadable: None, never a guess
    ("32/13", None, None),
    ("31/02", None, None),
    ("31/02/2027", None, None),
    ("30 de febrero", None, None),
    ("", None, None),
    ("lo antes posible", None, None),
    ("mañana temprano", None, None),
    ("el lunes 9", None, None),
    ("9", None, None),
    ("a las 25", None, None),
    ("10:60", None, None),
    ("12 am", None, None),
    ("13 de la mañana", None, None),
    ("martes 16 de diciembre", None, None),  # neither 2026-12-16 nor 2027-12-16 is a Tuesday
    ("en 2 horas a las 10", None, None),
    ("mañana y pasado", None, None),
    ("a las 10 y 11", None, None),  # 10:11, or "at 10 and at 11"?
    ("10 horas", None, None),  # a time or a duration?
]


def _local(text: str | None, now: datetime) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=now.tzinfo)


def _both_nows(cases):
    params = []
    for text, at_fri, at_wed in cases:
        params.append(pytest.param(text, "fri", at_fri, id=f"fri-{text}"))
        params.append(pytest.param(text, "wed", at_wed, id=f"wed-{text}"))
    return params


def _assert_same_moment_and_zone(result, expected, now):
    assert result == expected
    if expected is not None:
        assert result.tzinfo is now.tzinfo
        assert result.utcoffset() == expected.utcoffset()
        assert (result.hour, result.minute) == (expected.hour, expected.minute)  # wall clock too


@pytest.mark.parametrize(("text", "now_name", "expected"), _both_nows(CASES))
def test_explicit_cases(text, now_name, expected):
    now = NOWS[now_name]
    _assert_same_moment_and_zone(parse_when(text, now), _local(expected, now), now)


# --- the labelled corpus -----------------------------------------------------------------------


def _corpus():
    return yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=f"{e['now'][:10]}-{e['text']}") for e in _corpus()]
)
def test_corpus(entry):
    now = datetime.fromisoformat(entry["now"])
    expected = entry["expected"] and datetime.fromisoformat(entry["expected"])
    _assert_same_moment_and_zone(parse_when(entry["text"], now), expected, now)


def test_corpus_is_broad_enough():
    entries = _corpus()
    assert len(entries) >= 100
    assert len({e["now"] for e in entries}) >= 2
    assert {"relative", "weekday", "time", "date", "offset", "format", "none"} <= {
        e["form"] for e in entries
    }
    assert sum(e["expected"] is None for e in entries) >= 20
    assert len({(e["text"], e["now"]) for e in entries}) == len(entries), "duplicate entry"


# --- rules stated as properties, at both nows -------------------------------------------------

WEEKDAY_NAMES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
WEEKDAY_PREFIXES = ["", "el ", "este ", "próximo ", "el proximo "]


@pytest.mark.parametrize("now_name", NOWS)
@pytest.mark.parametrize("prefix", WEEKDAY_PREFIXES)
@pytest.mark.parametrize("weekday", range(7))
def test_weekday_is_the_next_one_strictly_after_today(now_name, prefix, weekday):
    now = NOWS[now_name]
    result = parse_when(prefix + WEEKDAY_NAMES[weekday], now)
    assert result.weekday() == weekday
    assert 1 <= (result.date() - now.date()).days <= 7
    assert (result.hour, result.minute) == (8, 0)
    assert parse_when(f"el {WEEKDAY_NAMES[weekday]} que viene", now) == result


NUMBER_WORDS = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]


@pytest.mark.parametrize("now_name", NOWS)
@pytest.mark.parametrize("n", range(1, 11))
def test_number_words_in_offsets(now_name, n):
    now = NOWS[now_name]
    word = NUMBER_WORDS[n - 1]
    assert parse_when(f"en {n} días", now) == now + timedelta(days=n)
    assert parse_when(f"en {word} días", now) == now + timedelta(days=n)
    assert parse_when(f"dentro de {word} horas", now) == now + timedelta(hours=n)
    assert parse_when(f"en {word} minutos", now) == now + timedelta(minutes=n)
    assert parse_when(f"en {word} semanas a las 9", now) == datetime.combine(
        now.date() + timedelta(weeks=n), datetime.min.time().replace(hour=9), now.tzinfo
    )


@pytest.mark.parametrize("now_name", NOWS)
@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("a las 1", 13, 0),
        ("a las 2", 14, 0),
        ("a las 5 y media", 17, 30),
        ("a las 6:15", 18, 15),
        ("a las 7", 7, 0),
        ("a las 8", 8, 0),
        ("a las 9", 9, 0),
        ("a las 11", 11, 0),
        ("a las 13", 13, 0),
        ("a las 0", 0, 0),
        ("a las 5 de la madrugada", 5, 0),
        ("a las 6 am", 6, 0),
        ("a las 7 pm", 19, 0),
        ("a las 7 de la noche", 19, 0),
        ("a las 2 menos cuarto", 13, 45),
        ("a las 9 y cuarto", 9, 15),
        ("a las 9 y 20", 9, 20),
        ("a las diez y veinte", 10, 20),
        ("a las 10 menos 10", 9, 50),
        ("a la una y media", 13, 30),
        ("a las doce", 12, 0),
        ("12m", 12, 0),
        ("12 pm", 12, 0),
        ("15h00 hrs", 15, 0),
        ("17h30", 17, 30),
    ],
)
def test_hours_of_office_speech(now_name, text, hour, minute):
    now = NOWS[now_name]
    result = parse_when(text, now)
    assert (result.hour, result.minute) == (hour, minute)
    assert now < result <= now + timedelta(days=1)  # a time alone is its next occurrence


@pytest.mark.parametrize("now_name", NOWS)
def test_a_time_equal_to_now_is_tomorrow(now_name):
    now = NOWS[now_name]
    assert parse_when(now.strftime("%H:%M"), now) == now + timedelta(days=1)


# --- zones and the source of time -------------------------------------------------------------


def test_naive_now_is_rejected():
    with pytest.raises(ValueError):
        parse_when("mañana", datetime(2026, 12, 4, 15, 33))


@pytest.mark.parametrize(
    "zone", [ZoneInfo("America/Guayaquil"), ZoneInfo("Pacific/Galapagos"), timezone.utc, GYE]
)
@pytest.mark.parametrize("text", ["mañana a las 10", "en 2 horas", "15/12", "10h00", "hoy"])
def test_result_is_in_the_zone_of_now(zone, text):
    now = datetime(2026, 12, 4, 15, 33, tzinfo=zone)
    result = parse_when(text, now)
    assert result.tzinfo is zone
    assert result.utcoffset() == now.utcoffset()


def test_days_are_counted_in_the_zone_of_now():
    instant = datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc)  # Friday 21:00 in Guayaquil
    in_guayaquil = instant.astimezone(ZoneInfo("America/Guayaquil"))
    assert parse_when("mañana", in_guayaquil) == datetime(
        2026, 12, 5, 8, 0, tzinfo=ZoneInfo("America/Guayaquil")
    )
    assert parse_when("mañana", instant) == datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)


def test_offsets_in_hours_are_elapsed_time_across_a_dst_change():
    new_york = ZoneInfo("America/New_York")
    now = datetime(2027, 3, 14, 1, 30, tzinfo=new_york)  # clocks jump 02:00 -> 03:00 that night
    in_two_hours = parse_when("en 2 horas", now)
    elapsed = in_two_hours.astimezone(timezone.utc) - now.astimezone(timezone.utc)
    assert elapsed == timedelta(hours=2)
    assert (in_two_hours.hour, in_two_hours.minute) == (4, 30)  # 01:30 EST + 2 h = 04:30 EDT
    assert parse_when("mañana", now) == datetime(2027, 3, 15, 8, 0, tzinfo=new_york)


def test_pytz_zones_get_the_right_offset():
    pytz = pytest.importorskip("pytz")
    zone = pytz.timezone("America/Guayaquil")
    now = zone.localize(datetime(2026, 12, 4, 15, 33))
    result = parse_when("15/12 a las 10", now)
    assert result.utcoffset() == timedelta(hours=-5)
    assert result.astimezone(timezone.utc) == datetime(2026, 12, 15, 15, 0, tzinfo=timezone.utc)


def test_yearless_29_february_is_the_next_that_exists():
    assert parse_when("29/02", NOWS["fri"]).date() == date(2028, 2, 29)
    assert parse_when("29 de febrero", NOWS["wed"]).date() == date(2028, 2, 29)


def test_module_reads_no_clock_and_imports_no_framework():
    tree = ast.parse(Path(dates.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Attribute):
            assert node.attr not in {"now", "today", "utcnow", "time_ns", "monotonic"}, node.attr
    assert not {m for m in imported if m.startswith("slack") or m == "sqlalchemy"}
    assert "time" not in imported  # the stdlib time module; datetime.time is fine

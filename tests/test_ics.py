"""bot.ics: a session rendered as an iCalendar file, read back with icalendar's own parser."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.ics import PRODID, SessionEvent, session_ics

GYE = ZoneInfo("America/Guayaquil")
NOW = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
UID = "sesion-42@impl-bot.T0001"


def make_event(**overrides) -> SessionEvent:
    fields = dict(
        uid=UID,
        sequence=0,
        starts_at=datetime(2026, 12, 8, 10, 0, tzinfo=GYE),
        duration_minutes=90,
        summary="Implementación Mi Negocio · Ferretería Andina S.A.",
        description="Pasos: configuración inicial, facturación electrónica",
        location="Av. Amazonas N23-45, Quito",
        organizer_name="Ana Pérez",
        attendees=("Luis Núñez", "María José Ordóñez"),
        url="https://fake.slack.com/archives/C1/p1765000001000100",
    )
    fields.update(overrides)
    return SessionEvent(**fields)


def parse(raw: bytes) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize(
    ("starts_at", "local"),
    [
        (datetime(2026, 12, 8, 10, 0, tzinfo=GYE), datetime(2026, 12, 8, 10, 0)),
        (datetime(2026, 12, 8, 15, 0, tzinfo=UTC), datetime(2026, 12, 8, 10, 0)),
        (datetime(2026, 12, 8, 16, 0, tzinfo=ZoneInfo("Europe/Madrid")), datetime(2026, 12, 8, 10, 0)),
        (datetime(2026, 12, 8, 7, 0, tzinfo=timezone(timedelta(hours=-8))), datetime(2026, 12, 8, 10, 0)),
        # late evening in Ecuador is already the next day in UTC
        (datetime(2026, 12, 9, 2, 30, tzinfo=UTC), datetime(2026, 12, 8, 21, 30)),
    ],
    ids=["guayaquil", "utc", "madrid", "fixed-offset", "next-day-in-utc"],
)
def test_start_is_written_in_guayaquil_wall_time(starts_at, local):
    raw = session_ics(make_event(starts_at=starts_at), tz=GYE, now=NOW)
    _, event = parse(raw)
    start = event.DTSTART
    assert start.tzinfo is not None
    assert start.astimezone(GYE).replace(tzinfo=None) == local
    assert start == starts_at  # same instant
    assert event["DTSTART"].params["TZID"] == "America/Guayaquil"
    assert f"DTSTART;TZID=America/Guayaquil:{local:%Y%m%dT%H%M%S}".encode() in raw


def test_raw_bytes_have_the_local_start_with_tzid_and_crlf_lines():
    raw = session_ics(make_event(starts_at=datetime(2026, 12, 8, 15, 0, tzinfo=UTC)), tz=GYE, now=NOW)
    assert isinstance(raw, bytes)
    assert b"DTSTART;TZID=America/Guayaquil:20261208T100000" in raw
    assert b"DTEND;TZID=America/Guayaquil:20261208T113000" in raw
    assert b"DTSTAMP:20261201T173000Z" in raw
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (octets, RFC 5545 §3.1)


@pytest.mark.parametrize("minutes", [1, 45, 90, 240, 1440])
def test_end_is_start_plus_duration(minutes):
    starts_at = datetime(2026, 12, 8, 10, 0, tzinfo=GYE)
    _, event = parse(session_ics(make_event(starts_at=starts_at, duration_minutes=minutes), tz=GYE, now=NOW))
    assert event.DTEND - event.DTSTART == timedelta(minutes=minutes)
    assert event.DTEND == starts_at + timedelta(minutes=minutes)
    assert event["DTEND"].params["TZID"] == "America/Guayaquil"


def test_calendar_headers_uid_sequence_and_stamp():
    calendar, event = parse(session_ics(make_event(sequence=3), tz=GYE, now=NOW))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID == "-//Mi Negocio//impl-bot//ES"
    assert str(event["UID"]) == UID
    assert int(event["SEQUENCE"]) == 3
    assert event.DTSTAMP == NOW and event.DTSTAMP.utcoffset() == timedelta(0)
    assert str(event["URL"]) == "https://fake.slack.com/archives/C1/p1765000001000100"


def test_stamp_is_utc_whatever_zone_now_comes_in():
    now = datetime(2026, 12, 1, 12, 30, tzinfo=GYE)
    raw = session_ics(make_event(), tz=GYE, now=now)
    assert b"DTSTAMP:20261201T173000Z" in raw


def test_vtimezone_for_guayaquil_is_included_before_the_event():
    raw = session_ics(make_event(), tz=GYE, now=NOW)
    calendar, _ = parse(raw)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Guayaquil"]
    assert calendar.get_missing_tzids() == set()
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")
    [standard] = calendar.walk("STANDARD")
    assert standard["TZOFFSETTO"].td == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("cancelled", "method", "status"),
    [(False, "PUBLISH", "CONFIRMED"), (True, "CANCEL", "CANCELLED")],
    ids=["confirmed", "cancelled"],
)
def test_method_and_status(cancelled, method, status):
    raw = session_ics(make_event(cancelled=cancelled, sequence=1 if cancelled else 0), tz=GYE, now=NOW)
    calendar, event = parse(raw)
    assert str(calendar["METHOD"]) == method
    assert str(event["STATUS"]) == status
    assert f"METHOD:{method}\r\n".encode() in raw and f"STATUS:{status}\r\n".encode() in raw


def test_reschedule_keeps_the_uid_with_a_higher_sequence():
    first = make_event()
    moved = replace(first, sequence=first.sequence + 1, starts_at=datetime(2026, 12, 10, 15, 0, tzinfo=GYE))
    cancelled = replace(moved, sequence=moved.sequence + 1, cancelled=True)
    parsed = [parse(session_ics(e, tz=GYE, now=NOW + timedelta(hours=n)))[1]
              for n, e in enumerate((first, moved, cancelled))]
    assert {str(e["UID"]) for e in parsed} == {UID}
    assert [int(e["SEQUENCE"]) for e in parsed] == [0, 1, 2]
    assert [e.DTSTAMP for e in parsed] == [NOW, NOW + timedelta(hours=1), NOW + timedelta(hours=2)]
    assert parsed[1].DTSTART.astimezone(GYE).replace(tzinfo=None) == datetime(2026, 12, 10, 15, 0)


def test_same_input_gives_the_same_bytes():
    assert session_ics(make_event(), tz=GYE, now=NOW) == session_ics(make_event(), tz=GYE, now=NOW)


TRICKY = [
    "Ferretería Andina, S.A.; sucursal Núñez",
    "Línea 1\nLínea 2; con punto y coma, coma y \\ barra",
    "Año · señal «ñandú» — 50 % ✅",
    "Mi Negocio " + "configuración contable, " * 8,  # long enough to be folded
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("field", ["summary", "location"])
def test_text_survives_a_round_trip(field, text):
    raw = session_ics(make_event(**{field: text}), tz=GYE, now=NOW)
    _, event = parse(raw)
    assert str(event[field.upper()]) == text


@pytest.mark.parametrize("text", TRICKY)
def test_description_survives_a_round_trip(text):
    raw = session_ics(make_event(description=text, organizer_name=None, attendees=()), tz=GYE, now=NOW)
    _, event = parse(raw)
    assert str(event["DESCRIPTION"]) == text


def test_commas_and_semicolons_are_escaped_in_the_raw_bytes():
    raw = session_ics(make_event(location="Quito, piso 3; oficina 2"), tz=GYE, now=NOW)
    assert "LOCATION:Quito\\, piso 3\\; oficina 2\r\n".encode() in raw


def test_organizer_and_attendees_are_listed_in_the_description():
    _, event = parse(session_ics(make_event(), tz=GYE, now=NOW))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Pasos: configuración inicial, facturación electrónica\n\n")
    assert "Organiza: Ana Pérez" in description
    assert "Participantes: Luis Núñez, María José Ordóñez" in description
    assert "ATTENDEE" not in event and "ORGANIZER" not in event


def test_optional_fields_are_left_out_when_absent():
    raw = session_ics(make_event(location=None, url=None, description="", organizer_name=None, attendees=()),
                      tz=GYE, now=NOW)
    _, event = parse(raw)
    for name in ("LOCATION", "URL", "DESCRIPTION"):
        assert name not in event


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": datetime(2026, 12, 8, 10, 0)},
        {"duration_minutes": 0},
        {"duration_minutes": -30},
        {"duration_minutes": 1441},
        {"duration_minutes": 90.0},
        {"duration_minutes": True},
        {"sequence": -1},
        {"uid": ""},
        {"summary": "  "},
    ],
    ids=["naive-start", "zero", "negative", "over-a-day", "float", "bool", "negative-sequence", "no-uid",
         "blank-summary"],
)
def test_invalid_events_are_rejected(overrides):
    with pytest.raises(ValueError):
        make_event(**overrides)


def test_naive_now_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        session_ics(make_event(), tz=GYE, now=datetime(2026, 12, 1, 12, 0))

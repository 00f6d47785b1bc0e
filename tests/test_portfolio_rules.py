from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import BusinessCalendar
from bot.portfolio import StatusQuery, View, compliance_by_week, parse_status

GYE = ZoneInfo("America/Guayaquil")
CAL = BusinessCalendar.default()


@pytest.mark.parametrize(
    ("text", "query"),
    [("", StatusQuery(View.PORTFOLIO)), ("  ", StatusQuery(View.PORTFOLIO)), ("mios", StatusQuery(View.MINE)),
     ("Míos", StatusQuery(View.MINE)), ("vencidos", StatusQuery(View.BREACHED)), ("gráfico", StatusQuery(View.CHART)),
     ("grafico", StatusQuery(View.CHART)), ("<@U0123ABC|ana>", StatusQuery(View.IMPLEMENTER, "U0123ABC")),
     ("<@U0123ABC>", StatusQuery(View.IMPLEMENTER, "U0123ABC")),
     ("Ferretería Andina", StatusQuery(View.CLIENT, "Ferretería Andina")),
     ("vencidos del norte", StatusQuery(View.CLIENT, "vencidos del norte"))],
)
def test_parse_status(text, query):
    assert parse_status(text) == query


def at(*args):
    return datetime(*args, tzinfo=GYE)


def test_compliance_by_week():
    now = at(2026, 12, 18, 12)  # Friday of the week of 14 December
    rows = [
        (at(2026, 12, 7, 9), at(2026, 12, 7, 10), at(2026, 12, 9, 9), False),  # both on time
        (at(2026, 12, 7, 9), at(2026, 12, 9, 9), at(2026, 12, 16, 9), False),  # both late
        (at(2026, 12, 8, 9), at(2026, 12, 8, 10), at(2026, 12, 18, 9), True),  # kickoff later by the client: waived
        (at(2026, 12, 14, 9), None, None, False),  # contact breached; kickoff still running
        (at(2026, 10, 1, 9), None, None, False),  # older than the chart
    ]
    weeks = compliance_by_week(rows, now, CAL)
    assert [w.week for w in weeks][-2:] == [date(2026, 12, 7), date(2026, 12, 14)]
    assert len(weeks) == 8 and sum(w.entered for w in weeks) == 4
    week_7 = weeks[-2]
    assert (week_7.entered, week_7.contact, week_7.kickoff) == (3, pytest.approx(2 / 3), pytest.approx(2 / 3))
    week_14 = weeks[-1]
    assert (week_14.contact, week_14.kickoff) == (0.0, None)
    assert weeks[0].contact is None and weeks[0].entered == 0

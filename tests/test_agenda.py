from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import split_client_and_when

GYE = ZoneInfo("America/Guayaquil")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=GYE)  # Monday


@pytest.mark.parametrize(
    ("text", "client", "when"),
    [
        ("Ferretería Andina mañana a las 10", "Ferretería Andina", datetime(2026, 12, 8, 10, tzinfo=GYE)),
        ("Ferretería Andina S.A. el jueves 15h30", "Ferretería Andina S.A.", datetime(2026, 12, 10, 15, 30, tzinfo=GYE)),
        ("1790085783001 15/12 a las 3 de la tarde", "1790085783001", datetime(2026, 12, 15, 15, tzinfo=GYE)),
        ("Comercial Ñandú pasado mañana", "Comercial Ñandú", datetime(2026, 12, 9, 8, tzinfo=GYE)),
    ],
)
def test_split(text, client, when):
    assert split_client_and_when(text, NOW) == (client, when)


@pytest.mark.parametrize("text", ["", "Ferretería", "Ferretería Andina cuando puedas", "mañana a las 10"])
def test_unreadable(text):
    assert split_client_and_when(text, NOW) is None

from datetime import date

import pytest

from bot.process import renewal_date


@pytest.mark.parametrize(
    ("go_live", "period", "renewal"),
    [
        (date(2026, 12, 15), "mensual", date(2027, 1, 15)),  # across the year end
        (date(2027, 1, 31), "mensual", date(2027, 2, 28)),  # clamped to February's end
        (date(2028, 1, 31), "mensual", date(2028, 2, 29)),  # leap year
        (date(2027, 3, 31), "mensual", date(2027, 4, 30)),
        (date(2027, 8, 31), "mensual", date(2027, 9, 30)),
        (date(2027, 4, 30), "mensual", date(2027, 5, 30)),  # same day, not the month's end
        (date(2028, 2, 29), "mensual", date(2028, 3, 29)),
        (date(2026, 12, 15), "anual", date(2027, 12, 15)),
        (date(2028, 2, 29), "anual", date(2029, 2, 28)),  # 29 February → 28 February
        (date(2027, 2, 28), "anual", date(2028, 2, 28)),
        (date(2027, 12, 31), "anual", date(2028, 12, 31)),
    ],
)
def test_renewal_date(go_live, period, renewal):
    assert renewal_date(go_live, period) == renewal


def test_unknown_period():
    with pytest.raises(ValueError):
        renewal_date(date(2027, 1, 1), "semanal")

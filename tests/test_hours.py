from decimal import Decimal

import pytest

from bot.hours import find_step, parse_hours, split_hours_command, thresholds_crossed


@pytest.mark.parametrize(
    ("text", "hours"),
    [("1.5", "1.50"), ("1,5", "1.50"), ("2h", "2.00"), ("2 h", "2.00"), ("1h30", "1.50"), ("0.25", "0.25"),
     ("24", "24.00"), ("0", None), ("-1", None), ("25", None), ("abc", None), ("", None), ("nan", None)],
)
def test_parse_hours(text, hours):
    assert parse_hours(text) == (Decimal(hours) if hours else None)


@pytest.mark.parametrize(
    ("text", "step"),
    [("capacitación", "capacitacion"), ("Capacitacion", "capacitacion"), ("9", "capacitacion"), ("plugins", "plugins"),
     ("migración", "migracion"), ("salida", "salida_produccion"), ("seguridades", "seguridades"), ("12", None),
     ("nada", None), ("", None)],
)
def test_find_step(process, text, step):
    assert find_step(text, process) == step


@pytest.mark.parametrize(
    ("text", "parts"),
    [("Ferretería Andina 1.5 capacitación", ("Ferretería Andina", "1.5", "capacitación")),
     ("Ferretería Andina 2", ("Ferretería Andina", "2", "")),
     ("Comercial 2000 S.A. 1,5", ("Comercial 2000 S.A.", "1,5", "")),
     ("Ferretería", None), ("", None)],
)
def test_split_hours_command(text, parts):
    assert split_hours_command(text) == parts


@pytest.mark.parametrize(
    ("before", "after", "crossed"),
    [("0", "5", []), ("9", "9.6", ["warning"]), ("9.6", "11", []), ("11", "12", []), ("11", "12.5", ["exceeded"]),
     ("5", "13", ["exceeded"]), ("13", "14", []), ("9.5", "10", ["warning"]), ("9.7", "10", [])],
)
def test_thresholds_on_a_12_hour_estimate(before, after, crossed):
    assert thresholds_crossed(Decimal(before), Decimal(after), Decimal(12)) == crossed

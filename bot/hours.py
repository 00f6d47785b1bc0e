"""The time log: what a valid entry is, and when the estimate is nearly used or exceeded."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from bot.process import ProcessDefinition
from bot.search import search_key

MAX_ENTRY_HOURS = Decimal(24)
WARN_FRACTION = Decimal("0.8")


def parse_hours(text: str) -> Decimal | None:
    """'1.5', '1,5', '2h', '1h30', '0.25' → hours; None if it is not a sensible amount (0 < h ≤ 24)."""
    text = (text or "").strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d{1,2})h(\d{1,2})(?:m|min)?", text)
    try:
        if match:
            hours = Decimal(match[1]) + Decimal(match[2]) / 60
        else:
            hours = Decimal(text.removesuffix("h").removesuffix("horas").replace(",", "."))
    except InvalidOperation:
        return None
    if not hours.is_finite() or hours <= 0 or hours > MAX_ENTRY_HOURS:
        return None
    return hours.quantize(Decimal("0.01"))


def find_step(text: str, process: ProcessDefinition) -> str | None:
    """A step from what people type: its number, id or the start of its label ('capacitación', '9', 'plugins')."""
    key = search_key(text)
    if not key:
        return None
    if key.isdigit():
        return next((s.id for s in process.steps if s.number == int(key)), None)
    for step in process.steps:
        if key == step.id or search_key(step.label).startswith(key) or search_key(step.id.replace("_", " ")) == key:
            return step.id
    matches = [s.id for s in process.steps if key in search_key(s.label)]
    return matches[0] if len(matches) == 1 else None


def split_hours_command(text: str) -> tuple[str, str, str] | None:
    """'Ferretería Andina 1.5 capacitación' → ('Ferretería Andina', '1.5', 'capacitación').

    The hours are the last token that reads as an amount; the client is before it, the step after it.
    """
    words = (text or "").split()
    for i in range(len(words) - 1, 0, -1):
        if parse_hours(words[i]) is not None:
            return " ".join(words[:i]), words[i], " ".join(words[i + 1 :])
    return None


def thresholds_crossed(before: Decimal, after: Decimal, estimate: Decimal | None) -> list[str]:
    """'warning' when the total reaches 80 % of the estimate, 'exceeded' when it goes over it."""
    if not estimate:
        return []
    crossed = []
    if before < WARN_FRACTION * estimate <= after and after <= estimate:
        crossed.append("warning")
    if before <= estimate < after:
        crossed.append("exceeded")
    return crossed

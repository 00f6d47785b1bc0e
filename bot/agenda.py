"""Reading `/impl agendar <cliente> <cuándo>`: where the client's name ends and the date begins."""

from __future__ import annotations

from datetime import datetime

from bot.dates import parse_when


def split_client_and_when(text: str, now: datetime) -> tuple[str, datetime] | None:
    """('Ferretería Andina', <mañana 10:00>) from 'Ferretería Andina mañana a las 10'.

    parse_when refuses any word it does not understand, so the first split whose tail parses is the
    one where the name ends: 'Andina mañana a las 10' does not parse, 'mañana a las 10' does.
    """
    words = (text or "").split()
    if parse_when(" ".join(words), now) is not None:
        return None  # only a date: the client is missing
    for cut in range(1, len(words)):
        when = parse_when(" ".join(words[cut:]), now)
        if when is not None:
            return " ".join(words[:cut]), when
    return None

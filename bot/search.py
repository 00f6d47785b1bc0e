"""Accent- and case-insensitive keys for finding clients by what people type."""

from __future__ import annotations

import re
import unicodedata


def search_key(text: str) -> str:
    """'Ferretería  ANDINA S.A.' → 'ferreteria andina s a'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"[a-z0-9ñ]+", plain.replace("ñ", "n")))

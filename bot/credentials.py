"""The bot never stores credentials: free text that looks like one is refused, saying where it belongs.

Credentials go in the comments of the Lead in the CRM and by e-mail to the client's project owner.
"""

from __future__ import annotations

import re
import unicodedata

_KEYWORDS = r"(?:clave|contrasena|password|passwd|pwd|pass|pin|token|secret)"
# "clave: abc", "password=abc", "pwd : abc"
_LABELLED = re.compile(rf"\b{_KEYWORDS}\s*[:=]\s*\S+")
# "password abc123", "pwd abc" (English words for a password are rarely prose in a Spanish note)
_INLINE = re.compile(r"\b(?:password|passwd|pwd)\s+\S+")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def looks_like_credential(text: str | None) -> bool:
    if not text:
        return False
    plain = _plain(text)
    return bool(_LABELLED.search(plain) or _INLINE.search(plain))

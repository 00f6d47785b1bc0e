"""One catalog of user-facing texts, addressed by key (`t("card.title", client=…)`).

The Spanish (Ecuador) catalog is `bot/locales/es.yml`; a second language is another file with the same
keys. Code never holds user-facing literals: tests assert against the catalog, not against strings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LOCALE = "es"


@cache
def catalog(locale: str = DEFAULT_LOCALE) -> dict[str, str]:
    """The flattened catalog: nested YAML keys joined with dots."""
    raw = yaml.safe_load((LOCALES_DIR / f"{locale}.yml").read_text(encoding="utf-8"))
    return dict(_flatten(raw))


def _flatten(node: dict[str, Any], prefix: str = ""):
    for key, value in node.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, full + ".")
        else:
            yield full, str(value).rstrip("\n")


def t(key: str, /, locale: str = DEFAULT_LOCALE, **values: Any) -> str:
    """The text for `key`, with `{placeholders}` filled. A missing key is a bug: it raises KeyError."""
    text = catalog(locale)[key]
    return text.format(**values) if values else text

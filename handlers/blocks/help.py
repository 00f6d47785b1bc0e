"""`/impl help`: every subcommand with an example."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from handlers.blocks.kit import context, divider, header, message, section

# (catalog key, example) in the order users meet them.
SUBCOMMANDS = ("start", "status", "agendar", "horas", "recordatorios", "roles", "help")


def help_message(unknown: str | None = None) -> dict[str, Any]:
    blocks = [header(t("help.title"))]
    if unknown:
        blocks.append(section(t("help.unknown", text=unknown)))
    blocks.append(section(t("help.intro")))
    blocks.append(divider())
    for name in SUBCOMMANDS:
        blocks.append(section(f"{t(f'help.{name}.usage')}\n{t(f'help.{name}.what')}"))
        blocks.append(context(t("help.example", example=t(f"help.{name}.example"))))
    return message(t("help.fallback"), blocks)

"""`/impl <subcommand>`: a table from subcommand to function."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from bot.search import search_key
from handlers import ids
from handlers.blocks.help import help_message
from handlers.deps import Deps
from handlers.projects import open_start_modal, show_status
from handlers.roles import open_roles_modal
from handlers.schedule import agendar
from handlers.reminders import recordatorios
from handlers.work import horas


def _help(ack, **_):
    ack(**help_message(), response_type="ephemeral")


SUBCOMMANDS: dict[str, Callable] = {
    "start": open_start_modal,
    "iniciar": open_start_modal,
    "status": show_status,
    "estado": show_status,
    "roles": open_roles_modal,
    "agendar": agendar,
    "schedule": agendar,
    "horas": horas,
    "recordatorios": recordatorios,
    "reminders": recordatorios,
    "hours": horas,
    "help": _help,
    "ayuda": _help,
}


def unescape(text: str) -> str:
    """The command is escaped by Slack (should_escape): &, < and > arrive as entities; mentions stay <@U…|name>."""
    return (text or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def split(text: str) -> tuple[str, str]:
    """'Estado  Ferretería Andina' → ('estado', 'Ferretería Andina')."""
    head, _, rest = (text or "").strip().partition(" ")
    return search_key(head).replace(" ", ""), rest.strip()


def register(app: App, deps: Deps) -> None:
    @app.command(ids.COMMAND)
    def impl(ack, command, body, client, respond, context):
        name, args = split(unescape(command.get("text", "")))
        handler = SUBCOMMANDS.get(name)
        if handler is None:
            unknown = command.get("text", "").strip().split(" ")[0] if name else None
            ack(**help_message(unknown=unknown), response_type="ephemeral")
            return
        handler(ack=ack, args=args, body=body, client=client, respond=respond, context=context, deps=deps)

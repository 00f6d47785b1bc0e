"""Reminder messages (one per project and recipient, with Hecho / Posponer 1 día / Ver proyecto),
the lead's morning digest, and the form to choose which reminders to receive."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from bot import fmt
from bot.i18n import t
from bot.reminders import DIGEST_ITEMS, MUTABLE, THREAD, Kind, Outgoing
from handlers import ids
from handlers.blocks.kit import (
    actions,
    button,
    clip,
    context,
    escape,
    header,
    input_block,
    message,
    modal,
    option,
    section,
)

DIGEST_LINES_PER_KIND = 10
NO_DONE = frozenset({Kind.DEV_UNANSWERED})


def _when(value: Any, tz: tzinfo) -> str:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return fmt.when(parsed, tz) if "T" in value else fmt.day(date.fromisoformat(value))
    return "—"


def item_text(kind: Kind, values: dict[str, Any], client: str, tz: tzinfo) -> str:
    return t(f"reminders.text.{kind.value}", client=escape(client), deadline=_when(values.get("deadline"), tz),
             starts_at=_when(values.get("starts_at"), tz), since=_when(values.get("since"), tz),
             go_live=_when(values.get("go_live_on"), tz))


def reminder_message(outgoing: Outgoing, tz: tzinfo) -> dict[str, Any]:
    if outgoing.facts is None:
        return digest_message(outgoing, tz)
    client = outgoing.facts.client_name
    texts = [item_text(i.kind, i.values, client, tz) for i in outgoing.items]
    blocks = [section(text) for text in texts[:40]]
    value = ",".join(str(i.row_id) for i in outgoing.items)
    buttons = []
    if not {i.kind for i in outgoing.items} <= NO_DONE:
        buttons.append(button(t("reminders.done"), ids.REMINDER_DONE, value, style="primary"))
    buttons.append(button(t("reminders.snooze"), ids.REMINDER_SNOOZE, value))
    if outgoing.recipient != THREAD:
        buttons.append(button(t("reminders.view"), ids.REMINDER_VIEW, str(outgoing.facts.project_id)))
    blocks.append(actions(*buttons))
    if outgoing.recipient != THREAD:
        blocks.append(context(t("reminders.mute_hint")))
    return message(clip(" · ".join(texts), 3000), blocks)


def digest_message(outgoing: Outgoing, tz: tzinfo) -> dict[str, Any]:
    blocks = [header(t("reminders.digest.title")), section(t("reminders.digest.intro", count=len(outgoing.digest)))]
    for kind in DIGEST_ITEMS:
        items = [i for i in outgoing.digest if i.kind is kind]
        if not items:
            continue
        lines = [t("reminders.digest.line", client=escape(i.client_name), since=fmt.when(i.since, tz))
                 for i in items[:DIGEST_LINES_PER_KIND]]
        if len(items) > DIGEST_LINES_PER_KIND:
            lines.append(t("reminders.digest.more", count=len(items) - DIGEST_LINES_PER_KIND))
        blocks.append(section(clip(f"*{t(f'reminders.digest.kind.{kind.value}')}* ({len(items)})\n" + "\n".join(lines), 3000)))
    if outgoing.failures:
        lines = [t("reminders.digest.failure", kind=t(f"reminders.kinds.{f.kind}"), error=escape(f.last_error or "?"))
                 for f in outgoing.failures[:DIGEST_LINES_PER_KIND]]
        blocks.append(section(clip(f"*{t('reminders.digest.failures')}*\n" + "\n".join(lines), 3000)))
    blocks.append(context(t("reminders.digest.footer")))
    return message(t("reminders.digest.fallback", count=len(outgoing.digest)), blocks)


def acted_message(original: dict[str, Any], text: str) -> dict[str, Any]:
    """The reminder after someone acted on it: its sections, then who did what (no buttons any more)."""
    kept = [b for b in original.get("blocks", []) if b.get("type") == "section"]
    return message(text, [*kept, context(text)])


def failure_text(outgoing: Outgoing, error: str) -> str:
    where = t("reminders.where.thread") if outgoing.recipient == THREAD else f"<@{outgoing.recipient}>"
    client = outgoing.facts.client_name if outgoing.facts else "—"
    kinds = ", ".join(t(f"reminders.kinds.{i.kind.value}") for i in outgoing.items)
    return t("reminders.failed", kinds=kinds, client=escape(client), where=where, error=escape(error))


def mutes_modal(muted: set[str]) -> dict[str, Any]:
    options = [option(t(f"reminders.kinds.{k.value}"), k.value) for k in MUTABLE]
    element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.INPUT, "options": options}
    wanted = [o for o in options if o["value"] not in muted]
    if wanted:
        element["initial_options"] = wanted
    blocks = [section(t("reminders.mutes.intro")),
              input_block(ids.MUTES_BLOCK, t("reminders.mutes.label"), element, optional=True,
                          hint=t("reminders.mutes.hint"))]
    return modal(ids.MUTES_VIEW, t("reminders.mutes.title"), blocks, submit=t("common.save"), close=t("common.cancel"))

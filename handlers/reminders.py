"""Reminders on Slack: the sender the pass uses, the buttons on each reminder, and choosing what to receive."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import fmt
from bot.errors import DomainError
from bot.i18n import t
from bot.permissions import Action, can
from bot.reminders import MUTABLE, THREAD, Kind, Outgoing, SendResult
from bot.usecases import projects as project_cases
from bot.usecases import roles as role_cases
from handlers import cards, ids
from handlers.clients import NotInstalled, TeamClients
from handlers.blocks.notice import notice_modal
from handlers.blocks.reminders import acted_message, failure_text, mutes_modal, reminder_message
from handlers.deps import Deps, team_of
from handlers.intake import open_contact_form
from handlers.portfolio import send_chart
from handlers.steps import open_step
from handlers.work import open_hours
from handlers.replies import error_text, refusal, tell
from handlers.state import choices, read_values
from storage import reminders as store

log = logging.getLogger(__name__)

# Slack errors that retrying will not fix: the reminder is recorded as failed and the lead is told.
PERMANENT = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "account_inactive", "user_disabled",
    "cannot_dm_bot", "restricted_action", "invalid_blocks", "msg_too_long", "no_text", "invalid_auth",
    "not_authed", "token_revoked", "missing_scope", "team_access_not_granted",
})


class SlackReminderSender:
    """Posts reminders with clients that do not retry by themselves: the pass retries on later passes."""

    def __init__(self, clients: TeamClients, deps: Deps):
        self.clients = clients
        self.deps = deps

    def send(self, outgoing: Outgoing) -> SendResult:
        thread_ts = None
        channel = outgoing.recipient
        if outgoing.recipient == THREAD:
            facts = outgoing.facts
            if not (facts and facts.card_channel_id and facts.card_ts):
                return SendResult(ok=False, permanent=True, error="project_without_card")
            channel, thread_ts = facts.card_channel_id, facts.card_ts
        try:
            client = self.clients.for_team(outgoing.team_id)
            response = client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                               **reminder_message(outgoing, self.deps.tz))
        except NotInstalled:
            return SendResult(ok=False, permanent=True, error=NotInstalled.error)
        except SlackApiError as exc:
            status, error = exc.response.status_code, exc.response.get("error") or "error"
            if status == 429:
                retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
                return SendResult(ok=False, retry_after=float(retry_after or 60), error=f"429 {error}")
            if status >= 500 or error not in PERMANENT:
                return SendResult(ok=False, error=f"{status} {error}")
            return SendResult(ok=False, permanent=True, error=error)
        except (SlackClientError, OSError) as exc:
            return SendResult(ok=False, error=type(exc).__name__)
        if outgoing.facts is None and self.deps.clock.now().astimezone(self.deps.tz).weekday() == 0:
            self._monday_chart(client, outgoing, response["channel"])
        return SendResult(ok=True, channel=response["channel"], ts=response["ts"])

    def _monday_chart(self, client: WebClient, outgoing: Outgoing, channel: str) -> None:
        """Mondays, the digest comes with the weekly chart (best effort: the digest itself was delivered)."""
        try:
            send_chart(self.deps, client, outgoing.team_id, outgoing.recipient, channel=channel)
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("could not attach the weekly chart to the digest: %s", type(exc).__name__)

    def report_failure(self, team_id: str, leads: tuple[str, ...], outgoing: Outgoing, error: str) -> None:
        """Tell the leads at once (the failure is also listed in their next digest)."""
        for lead in leads:
            try:
                self.clients.for_team(team_id).chat_postMessage(channel=lead, text=failure_text(outgoing, error))
            except (NotInstalled, SlackApiError, SlackClientError, OSError) as exc:
                log.warning("could not tell lead about a failed reminder: %s", type(exc).__name__)


def _row_ids(raw) -> list[int]:
    if not isinstance(raw, str):
        return []
    return [int(part) for part in raw.split(",")[:50] if part.isdigit() and len(part) < 12]


def register(app: App, deps: Deps) -> None:  # noqa: C901 - one listener per surface, read as a table
    def load_rows(body, action, context, client, respond):
        """The reminder rows behind a button, if the person who clicked may act on them."""
        team_id, user_id = team_of(context), body["user"]["id"]
        with deps.db.transaction() as session:
            rows = store.by_ids(session, team_id, _row_ids(action.get("value")))
            actor = role_cases.actor_for(session, team_id, user_id, deps.admins)
            project = store.project(session, rows[0].project_id) if rows and rows[0].project_id else None
        if not rows:
            return None
        mine = all(r.recipient == user_id for r in rows)
        assignee = project.implementer_id if project else None
        if not mine and not can(actor, Action.WORK_PROJECT, assignee=assignee):
            tell(client, body, refusal(Action.WORK_PROJECT), respond=respond)
            return None
        return rows, actor

    def update_reminder(body, client, text: str) -> None:
        container = body.get("container") or {}
        message = body.get("message") or {}
        if container.get("channel_id") and container.get("message_ts"):
            client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                               **acted_message(message, text))

    @app.action(ids.REMINDER_DONE)
    def done(ack, body, action, client, respond, context):
        ack()
        loaded = load_rows(body, action, context, client, respond)
        if loaded is None:
            return
        rows, actor = loaded
        now, user_id = deps.clock.now(), body["user"]["id"]
        with deps.db.transaction() as session:
            for row in store.by_ids(session, team_of(context), [r.id for r in rows]):
                row.status, row.updated_at = store.DONE, now
        update_reminder(body, client, t("reminders.acted.done", user=user_id))
        kinds, project_id = {Kind(r.kind) for r in rows}, rows[0].project_id
        # Where the reminder asks for an action, open its form so that it is recorded.
        if kinds & {Kind.CONTACT_AT_RISK, Kind.CONTACT_BREACHED} and can(actor, Action.REGISTER_CONTACT):
            open_contact_form(deps, body, str(project_id), client, respond, context)
        elif Kind.FOLLOW_UP_DUE in kinds:
            open_step(deps, client, body, respond, team_of(context), project_id, "seguimiento")
        elif kinds & {Kind.IDLE, Kind.SESSION_NO_PROGRESS}:
            open_hours(deps, client, body, respond, context, project_id)

    @app.action(ids.REMINDER_SNOOZE)
    def snooze(ack, body, action, client, respond, context):
        ack()
        loaded = load_rows(body, action, context, client, respond)
        if loaded is None:
            return
        rows, _ = loaded
        now = deps.clock.now()
        until = deps.calendar.next_opening(deps.calendar.add_business_hours(now, 8))  # one business day later
        copies = []
        with deps.db.transaction() as session:
            for row in store.by_ids(session, team_of(context), [r.id for r in rows]):
                if row.expires_at is not None and until >= row.expires_at:
                    continue  # it would arrive too late: e.g. after the session started
                n = int(row.occurrence.rsplit("~", 1)[1]) + 1 if "~" in row.occurrence else 1
                occurrence = f"{store.base_occurrence(row.occurrence)}~{n}"
                copies.append({"key": f"{row.team_id}:{row.project_id}:{row.kind}:{occurrence}:{row.recipient}",
                               "team_id": row.team_id, "project_id": row.project_id, "kind": row.kind,
                               "occurrence": occurrence, "recipient": row.recipient, "deliver_at": until,
                               "expires_at": row.expires_at, "due_at": until, "status": store.PENDING, "attempts": 0,
                               "values": dict(row.values or {}), "created_at": now, "updated_at": now})
                row.status, row.updated_at = store.SNOOZED, now
            store.insert_missing(session, copies)
        key = "reminders.acted.snoozed" if copies else "reminders.acted.not_snoozed"
        update_reminder(body, client, t(key, user=body["user"]["id"], until=fmt.when(until, deps.tz)))

    @app.action(ids.REMINDER_VIEW)
    def view(ack, body, action, client, respond, context):
        ack()
        team_id = team_of(context)
        try:
            with deps.db.transaction() as session:
                actor = role_cases.actor_for(session, team_id, body["user"]["id"], deps.admins)
                project = project_cases.view(session, team_id=team_id, actor=actor,
                                             project_id=int(action.get("value") or 0), now=deps.clock.now())
        except (DomainError, ValueError) as exc:
            tell(client, body, error_text(exc) if isinstance(exc, DomainError) else t("project.not_found"),
                 respond=respond)
            return
        respond(**cards.card_body(deps, project), response_type="ephemeral", replace_original=False)

    # -- choosing what to receive --------------------------------------------------------------------
    def open_mutes(body, client, context):
        with deps.db.transaction() as session:
            muted = store.muted_kinds(session, team_of(context), body["user"]["id"])
        client.views_open(trigger_id=body["trigger_id"], view=mutes_modal(muted))

    @app.action(ids.HOME_MUTES)
    def home_mutes(ack, body, client, context):
        ack()
        open_mutes(body, client, context)

    @app.view(ids.MUTES_VIEW)
    def save_mutes(ack, body, view, context):
        wanted = choices(read_values(view).get(ids.MUTES_BLOCK))
        muted = {k.value for k in MUTABLE} - set(wanted)
        with deps.db.transaction() as session:
            store.set_muted(session, team_of(context), body["user"]["id"], muted, deps.clock.now())
        ack(response_action="update", view=notice_modal(t("reminders.mutes.title"), t("reminders.mutes.saved")))


def recordatorios(*, ack, body, client, context, deps: Deps, **_) -> None:
    """`/impl recordatorios`: choose which reminders to receive."""
    ack()
    with deps.db.transaction() as session:
        muted = store.muted_kinds(session, team_of(context), context["user_id"])
    client.views_open(trigger_id=body["trigger_id"], view=mutes_modal(muted))


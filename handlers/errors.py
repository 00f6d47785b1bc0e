"""One error handler: log with the request id (never tokens or personal data), tell the user in Spanish."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App
from slack_bolt.context.ack import Ack
from slack_bolt.listener.listener_completion_handler import DefaultListenerCompletionHandler
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from handlers import observability
from handlers.observability import Metrics
from handlers.replies import tell

log = logging.getLogger("impl_bot.errors")


class KeptAck(Ack):
    """An ack that remembers its answer.

    Bolt 1.30 sets `ack.response` back to None when a listener raises after acknowledging; if the request
    thread had not yet seen the ack (it polls every 10 ms), Slack got no answer for 3 seconds. The completion
    handler below restores the answer.
    """

    def __call__(self, *args, **kwargs):
        response = super().__call__(*args, **kwargs)
        self.first_response = self.response
        return response


class RestoreAck(DefaultListenerCompletionHandler):
    def handle(self, request, response) -> None:
        ack = request.context.get("ack")
        if ack is not None and ack.response is None and getattr(ack, "first_response", None) is not None:
            ack.response = ack.first_response
        super().handle(request, response)


def register(app: App, metrics: Metrics | None = None) -> None:
    app.listener_runner.listener_completion_handler = RestoreAck(logger=logging.getLogger("slack_bolt.App"))

    @app.middleware
    def request_context(body, context, next):
        context["ack"] = KeptAck()
        context["request_id"] = uuid.uuid4().hex[:12]
        observability.request_id.set(context["request_id"])
        observability.team_id.set(context.get("team_id") or "-")
        observability.user_id.set(context.get("user_id") or "-")
        next()
        if metrics is not None:
            metrics.requests.labels(observability.request_kind(body or {}), "handled").inc()

    @app.error
    def on_error(error, body, client, context, respond):
        report(error, metrics, body=body, client=client, context=context, respond=respond)


def report(error: Exception, metrics: Metrics | None, *, body, client, context, respond) -> None:
    """A listener (or its work after the ack) failed: count it, log it with the request id, tell the user."""
    request_id = context.get("request_id", "-")
    if metrics is not None:
        metrics.requests.labels(observability.request_kind(body or {}), "error").inc()
        if isinstance(error, SlackApiError):  # Bolt's per-request clients are its own: count their errors here
            method = (error.response.api_url or "").rstrip("/").rsplit("/", 1)[-1] or "unknown"
            metrics.slack_errors.labels(method, str(error.response.get("error") or "error")).inc()
    detail = error.response.get("error") if isinstance(error, SlackApiError) else type(error).__name__
    log.error(
        "listener failed: %s (request=%s team=%s user=%s)",
        detail,
        request_id,
        context.get("team_id"),
        context.get("user_id"),
        exc_info=(type(error), error, error.__traceback__) if not isinstance(error, SlackApiError) else None,
    )
    try:
        tell(client, body or {}, t("errors.unexpected", ref=request_id), respond=respond)
    except Exception:  # noqa: BLE001 - the user could not be told; the failure above is already logged
        log.warning("could not tell the user about request %s", request_id)


def dropped(*, body, client, context, respond) -> None:
    """The bot is stopping and did not get to this request's work: ask the user to try again."""
    tell(client, body or {}, t("errors.restarting"), respond=respond)

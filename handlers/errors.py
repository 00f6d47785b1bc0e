"""One error handler: log with the request id (never tokens or personal data), tell the user in Spanish."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from handlers.replies import tell

log = logging.getLogger("impl_bot.errors")


def register(app: App) -> None:
    @app.middleware
    def request_id(context, next):
        context["request_id"] = uuid.uuid4().hex[:12]
        next()

    @app.error
    def on_error(error, body, client, context, respond):
        request_id = context.get("request_id", "-")
        detail = error.response.get("error") if isinstance(error, SlackApiError) else type(error).__name__
        log.error(
            "listener failed: %s (request=%s team=%s user=%s)",
            detail,
            request_id,
            context.get("team_id"),
            context.get("user_id"),
            exc_info=not isinstance(error, SlackApiError),
        )
        try:
            tell(client, body or {}, t("errors.unexpected", ref=request_id), respond=respond)
        except Exception:  # noqa: BLE001 - the user could not be told; the failure above is already logged
            log.warning("could not tell the user about request %s", request_id)

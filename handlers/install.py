"""Installing the bot in several workspaces (OAuth): /slack/install and /slack/oauth_redirect.

Only when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set. Installations and OAuth states live in
slack_sdk's SQLAlchemy stores, in the app's database (their tables are migrated with the rest).
"""

from __future__ import annotations

import html
import logging
from datetime import timedelta, timezone
from uuid import uuid4

from slack_bolt import App, BoltResponse
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.clock import Clock
from bot.i18n import t
from bot.usecases import roles as role_cases
from handlers.deps import Deps

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
# The bot scopes the install asks for: exactly manifest.yml's (a test checks it).
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "files:write", "im:write", "users:read")
# Why an install failed (Bolt's reasons) → what the installer should do.
FAILURES = {
    "access_denied": "install.failure.cancelled",
    "invalid_browser": "install.failure.expired",
    "invalid_state": "install.failure.expired",
    "missing_code": "install.failure.expired",
}


class WorkspaceInstallations(SQLAlchemyInstallationStore):
    """slack_sdk's store, refusing org-wide (Enterprise Grid) installs: every project and role belongs to one
    workspace. Bolt saves an installation before the success page, so the refusal has to happen here."""

    def save(self, installation) -> None:
        if installation.is_enterprise_install:
            log.warning("refused an org-wide install for enterprise %s", installation.enterprise_id)
            return
        super().save(installation)


class ExpiringStates(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store (its table and single-use states) on the app's clock; slack_sdk's own deletes
    states when they are used but never when they expire, so each new state also clears the expired ones:
    visits to /slack/install that never came back do not pile up."""

    def __init__(self, *, clock: Clock, **kwargs):
        super().__init__(**kwargs)
        self.clock = clock

    def _now(self, plus: float = 0.0):
        return normalize_datetime_for_db(self.clock.now().astimezone(timezone.utc) + timedelta(seconds=plus))

    def issue(self, *args, **kwargs) -> str:
        state, states = str(uuid4()), self.oauth_states
        with self.engine.begin() as conn:
            conn.execute(states.delete().where(states.c.expire_at <= self._now()))
            conn.execute(states.insert(), {"state": state, "expire_at": self._now(self.expiration_seconds)})
        return state

    def consume(self, state: str) -> bool:
        states = self.oauth_states
        with self.engine.begin() as conn:
            used = conn.execute(states.delete().where(states.c.state == state, states.c.expire_at > self._now()))
        return used.rowcount == 1


def oauth_settings(client_id: str, client_secret: str, deps: Deps) -> OAuthSettings:
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,  # straight to Slack's consent screen (it speaks Spanish)
        installation_store=WorkspaceInstallations(client_id=client_id, engine=deps.db.engine),
        state_store=ExpiringStates(clock=deps.clock, expiration_seconds=STATE_SECONDS, engine=deps.db.engine),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=lambda args: _installed(deps, args), failure=_failed),
    )


def register(app: App, *, oauth: bool) -> None:
    """Uninstalls and revoked tokens: with OAuth, the workspace's tokens are deleted from the store;
    with one bot token there is nothing to delete (the token simply stops working)."""
    if oauth:
        app.enable_token_revocation_listeners()
        return

    @app.event("app_uninstalled")
    @app.event("tokens_revoked")
    def noted(event, context):
        log.warning("Slack says %s for workspace %s", event.get("type"), context.get("team_id"))


def _installed(deps: Deps, args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    team_id = installation.team_id
    if team_id is None:  # an org-wide (Enterprise Grid) install: projects belong to one workspace each
        return _page(400, t("install.failure.title"), t("install.failure.enterprise"), args.settings)
    with deps.db.transaction() as session:
        admin = role_cases.welcome_installer(session, team_id=team_id, user_id=installation.user_id,
                                             now=deps.clock.now())
    log.info("installed in workspace %s", team_id)
    body = t("install.success.body", team=installation.team_name or team_id)
    if admin:
        body += " " + t("install.success.admin")
    link = f"slack://app?team={team_id}&id={installation.app_id}"
    return _page(200, t("install.success.title"), body, args.settings, link=link)


def _failed(args: FailureArgs) -> BoltResponse:
    log.warning("an install failed: %s", args.reason)
    body = t(FAILURES.get(args.reason, "install.failure.other"), reason=args.reason, install=INSTALL_PATH)
    return _page(args.suggested_status_code, t("install.failure.title"), body, args.settings)


def _page(status: int, title: str, body: str, settings: OAuthSettings, link: str | None = None) -> BoltResponse:
    """A small HTML page in Spanish; the state cookie is deleted either way."""
    action = f'<p><a href="{html.escape(link)}">{html.escape(t("install.open_slack"))}</a></p>' if link else ""
    page = (
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(body)}</p>{action}</body></html>"
    )
    headers = {"Content-Type": "text/html; charset=utf-8",
               "Set-Cookie": settings.state_utils.build_set_cookie_for_deletion()}
    return BoltResponse(status=status, body=page, headers=headers)

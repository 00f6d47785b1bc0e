"""The Web API client to use for a workspace, outside a Slack request (reminders, Home refreshes).

With one bot token (SLACK_BOT_TOKEN) every workspace uses it; installed in several workspaces (OAuth),
each workspace's bot token comes from its installation. Inside a request, Bolt already hands each
listener a client for the request's workspace.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore


class NotInstalled(Exception):
    """The workspace has no installation with a bot token (never installed, or uninstalled)."""

    error = "team_not_installed"


class TeamClients:
    def __init__(self, make: Callable[[str | None], WebClient], *, token: str | None = None,
                 installations: InstallationStore | None = None):
        self._make = make
        self._token = token
        self._installations = installations
        self._clients: dict[str | None, WebClient] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> WebClient:
        """The client for `team_id`; raises NotInstalled when the workspace has no bot token."""
        return self._client(self._token_for(team_id))

    def _token_for(self, team_id: str) -> str | None:
        if self._installations is None:
            return self._token
        bot = self._installations.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise NotInstalled(team_id)
        return bot.bot_token

    def _client(self, token: str | None) -> WebClient:
        with self._lock:  # one client per token: keeps its connection settings and metrics
            if token not in self._clients:
                self._clients[token] = self._make(token)
            return self._clients[token]

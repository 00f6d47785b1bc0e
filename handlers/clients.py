"""The Web API client to use for a workspace, outside a Slack request (reminders, Home refreshes).

With one bot token (SLACK_BOT_TOKEN) every workspace uses it; installed in several workspaces (OAuth),
each workspace's bot token comes from its installation. Inside a request, Bolt already hands each
listener a client for the request's workspace.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from slack_sdk import WebClient


class NotInstalled(Exception):
    """The workspace has no installation with a bot token (never installed, or uninstalled)."""

    error = "team_not_installed"


class TeamClients:
    def __init__(self, make: Callable[[str | None], WebClient], *, token: str | None = None,
                 token_of: Callable[[str], str | None] | None = None):
        """`token`: the one bot token; or `token_of(team_id)`: each workspace's installed bot token."""
        self._make = make
        self._token = token
        self._token_of = token_of
        self._clients: dict[str | None, WebClient] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> WebClient:
        """The client for `team_id`; raises NotInstalled when the workspace has no bot token."""
        return self._client(self._token_for(team_id))

    def _token_for(self, team_id: str) -> str | None:
        if self._token_of is None:
            return self._token
        token = self._token_of(team_id)
        if not token:
            raise NotInstalled(team_id)
        return token

    def _client(self, token: str | None) -> WebClient:
        with self._lock:  # one client per token: keeps its connection settings and metrics
            if token not in self._clients:
                self._clients[token] = self._make(token)
            return self._clients[token]

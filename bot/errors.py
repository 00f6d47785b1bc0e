"""Domain errors: each carries a catalog key, so the edge can tell the user what to do next."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    def __init__(self, key: str, **values: Any):
        self.key = key
        self.values = values
        super().__init__(key)


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    def __init__(self, action: str):
        super().__init__("permissions.denied", action=action)
        self.action = action


class Conflict(DomainError):
    """The change collides with the current state (e.g. a duplicate open project)."""

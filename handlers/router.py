"""One Bolt listener per kind of interaction, routing by id through a dict.

Bolt matches each request against every listener in the order they were registered, and builds the keyword
arguments of each matcher as it goes: with some 50 listeners, a button registered late cost about 2 ms of
CPU per click before its listener ran, and every such millisecond stretches the ack while other threads hold
the interpreter. Registered through a Router, the block actions, view submissions and closed views are one
Bolt listener each, matched by a single regular expression of the known ids, and routed by a dict lookup.
Unknown ids still reach Bolt's "unhandled request" path, as before.

The Router has the decorators of Bolt's App that the handlers use (`action`, `view`, `view_closed`); anything
else (`command`, `event`, `middleware`, …) goes to the App itself. Call `install()` once everything is
registered.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

# What a routed listener may ask for, by name (the same names Bolt injects).
ARGUMENTS = frozenset({"ack", "action", "body", "client", "context", "respond", "view"})


class Route:
    def __init__(self, name: str):
        self.name = name
        self.listeners: dict[str, tuple[Callable, tuple[str, ...]]] = {}

    def add(self, key: str, listener: Callable) -> Callable:
        if key in self.listeners:
            raise ValueError(f"two {self.name} listeners for {key!r}")
        names = tuple(inspect.signature(listener).parameters)
        unknown = set(names) - ARGUMENTS
        if unknown:
            raise TypeError(f"{listener.__qualname__} asks for {sorted(unknown)}; routed listeners get {sorted(ARGUMENTS)}")
        self.listeners[key] = (listener, names)
        return listener

    def pattern(self) -> re.Pattern:
        # \A and \Z: the whole id (Bolt uses `search`, and `$` would also match before a final newline).
        return re.compile(r"\A(?:" + "|".join(re.escape(k) for k in sorted(self.listeners)) + r")\Z")

    def call(self, key: str, available: dict[str, Any]) -> None:
        listener, names = self.listeners[key]
        listener(**{name: available[name] for name in names})


class Router:
    def __init__(self, app: App):
        self.app = app
        self._actions, self._views, self._closed = Route("action"), Route("view"), Route("view_closed")
        self._installed = False

    def action(self, action_id: str) -> Callable[[Callable], Callable]:
        return lambda listener: self._actions.add(action_id, listener)

    def view(self, callback_id: str) -> Callable[[Callable], Callable]:
        return lambda listener: self._views.add(callback_id, listener)

    def view_closed(self, callback_id: str) -> Callable[[Callable], Callable]:
        return lambda listener: self._closed.add(callback_id, listener)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def install(self) -> None:
        """Register the routed listeners with Bolt (once, after every handler module registered its own)."""
        if self._installed:
            raise RuntimeError("the router is already installed")
        self._installed = True
        actions, views, closed = self._actions, self._views, self._closed

        if actions.listeners:
            @self.app.block_action(actions.pattern())
            def route_action(ack, action, body, client, context, respond, view):
                actions.call(action["action_id"], locals())

        if views.listeners:
            @self.app.view(views.pattern())
            def route_view(ack, action, body, client, context, respond, view):
                views.call(view["callback_id"], locals())

        if closed.listeners:
            @self.app.view_closed(closed.pattern())
            def route_closed(ack, action, body, client, context, respond, view):
                closed.call(view["callback_id"], locals())

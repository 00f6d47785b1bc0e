"""Everything that knows Bolt and Block Kit. `register(app, deps)` wires every Slack surface."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    commands,
    discovery,
    errors,
    home,
    intake,
    portfolio,
    projects,
    reminders,
    roles,
    schedule,
    sessions,
    steps,
    work,
)
from handlers.deps import Deps
from handlers.router import Router


def register(bolt: App, deps: Deps, metrics=None) -> None:
    app = Router(bolt)  # block actions and views are routed by id (see handlers.router)
    errors.register(app, metrics)
    commands.register(app, deps)
    projects.register(app, deps)
    roles.register(app, deps)
    intake.register(app, deps)
    schedule.register(app, deps)
    discovery.register(app, deps)
    sessions.register(app, deps)
    steps.register(app, deps)
    work.register(app, deps)
    reminders.register(app, deps)
    portfolio.register(app, deps)
    home.register(app, deps)
    app.install()

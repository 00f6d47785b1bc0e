"""Block actions and views reach their listeners through one Bolt listener per kind (handlers.router)."""

from __future__ import annotations

import pytest
from slack_bolt import App

from handlers import ids
from handlers.router import Router
from tests.conftest import LEAD


def _bolt() -> App:
    return App(token="xoxb-test", signing_secret="secret", token_verification_enabled=False)


def test_the_app_has_one_bolt_listener_for_all_block_actions_and_one_for_all_views(bot):
    listeners = bot.runtime.app._listeners
    names = [listener.ack_function.__name__ for listener in listeners]
    assert names.count("route_action") == names.count("route_view") == names.count("route_closed") == 1
    assert len(listeners) == 7  # /impl, 3 events (Home, 2 token events) and the 3 routes: not one per button


def test_unknown_ids_stay_unhandled_even_when_they_extend_a_known_one(bot):
    assert bot.slack.click(LEAD, "no.such.button", "1").status == 404
    assert bot.slack.click(LEAD, ids.STATUS_PAGE + "x", "1").status == 404
    assert bot.slack.click(LEAD, "x" + ids.STATUS_PAGE, "1").status == 404
    assert bot.slack.click(LEAD, ids.STATUS_PAGE + "\n", "1").status == 404


def test_a_listener_gets_only_the_arguments_it_names():
    router, seen = Router(_bolt()), {}

    @router.action("a.b")
    def listener(ack, action):
        seen.update(ack=ack, action=action)

    router._actions.call("a.b", {"ack": 1, "action": 2, "body": 3, "client": 4, "context": 5, "respond": 6,
                                 "view": 7})
    assert seen == {"ack": 1, "action": 2}


def test_mistakes_in_registration_fail_at_start():
    router = Router(_bolt())
    router.action("a")(lambda ack: None)
    with pytest.raises(ValueError, match="two action listeners"):
        router.action("a")(lambda ack: None)
    with pytest.raises(TypeError, match="say"):
        router.view("v")(lambda ack, say: None)
    router.install()
    with pytest.raises(RuntimeError):
        router.install()

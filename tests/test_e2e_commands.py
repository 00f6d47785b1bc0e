"""`/impl help`, `/impl status <cliente>`, request signatures and the health check, over real HTTP."""

from __future__ import annotations

import json
import time

import pytest

from bot.i18n import t
from tests.conftest import BILLING, IMPLEMENTER, LEAD, STRANGER
from tests.helpers import start_project, texts
from tests.slack_driver import sign


@pytest.mark.parametrize("text", ["help", "ayuda", "", "   ", "HELP"])
def test_help_lists_every_subcommand_with_an_example(bot, text):
    response = bot.slack.command(STRANGER, text)
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    shown = texts(body["blocks"])
    for name in ("start", "status", "roles", "help"):
        assert t(f"help.{name}.usage") in shown
        assert t("help.example", example=t(f"help.{name}.example")) in shown
    assert body["text"] == t("help.fallback")


def test_unknown_subcommand_answers_with_help_naming_what_was_typed(bot):
    body = bot.slack.command(LEAD, "borrar todo").json()
    assert t("help.unknown", text="borrar") in texts(body["blocks"])
    assert t("help.start.usage") in texts(body["blocks"])


def test_status_finds_a_client_ignoring_accents_and_case(bot):
    project = start_project(bot)
    for query in ("ferreteria andina", "FERRETERÍA", "Andina s.a.", "1790085783001", "1790 0857 83001"):
        before = len(bot.fake.calls_to("response_url"))
        bot.slack.command(IMPLEMENTER, f"status {query}")
        reply = bot.fake.wait_for("response_url", before + 1)[-1]
        assert reply.args["response_type"] == "ephemeral"
        assert "🏢 Ferretería Andina S.A." in texts(reply.args["blocks"]), query
        assert f"Proyecto n.º {project.id}" in texts(reply.args["blocks"])


def test_estado_is_an_alias_of_status(bot):
    start_project(bot)
    bot.slack.command(LEAD, "estado andina")
    [reply] = bot.fake.wait_for("response_url")
    assert "🏢 Ferretería Andina S.A." in texts(reply.args["blocks"])


def test_several_matches_give_a_short_list_and_a_button_shows_the_card(bot):
    start_project(bot)
    second = start_project(bot, client="Ferretería Andina del Sur", ruc="1792060346001")
    bot.slack.command(LEAD, "status andina")
    [reply] = bot.fake.wait_for("response_url")
    shown = texts(reply.args["blocks"])
    assert t("status.several", count=2, query="andina") in shown
    assert "Ferretería Andina del Sur" in shown and "Ferretería Andina S.A." in shown
    buttons = [b["accessory"] for b in reply.args["blocks"] if "accessory" in b]
    assert [b["action_id"] for b in buttons] == ["status.show_project", "status.show_project"]

    button = next(b for b in buttons if b["value"] == str(second.id))
    bot.slack.click(LEAD, button["action_id"], button["value"])
    card = bot.fake.wait_for("response_url", 2)[-1]
    assert card.args["replace_original"] is True
    assert "🏢 Ferretería Andina del Sur" in texts(card.args["blocks"])


def test_status_without_matches(bot):
    bot.slack.command(LEAD, "status nadie")
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"] == t("status.none", query="nadie")


def test_people_without_a_role_cannot_browse_projects(bot):
    start_project(bot)
    bot.slack.command(STRANGER, "status andina")
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"].startswith("No puedes ver proyectos de implementación.")
    assert "blocks" not in reply.args or "Ferretería" not in texts(reply.args.get("blocks", []))


def test_projects_of_another_workspace_are_invisible(bot):
    start_project(bot)
    other = bot.slack.__class__(bot.slack.url, bot.slack.secret, bot.fake, team_id="T0OTHER")
    other.command("UADMIN", "status andina")
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"] == t("status.none", query="andina")


def test_bad_signature_is_rejected(bot):
    body, _ = bot.slack.command_body(LEAD, "help")
    response = bot.slack.post("/slack/events", body, "application/x-www-form-urlencoded",
                              signature="v0=" + "0" * 64)
    assert response.status == 401
    assert [c.method for c in bot.fake.calls] == ["auth.test"]  # only the start-up check, nothing for the request


def test_a_body_tampered_after_signing_is_rejected(bot):
    body, _ = bot.slack.command_body(LEAD, "help")
    ts = str(int(time.time()))
    signature = sign(bot.slack.secret, ts, body)
    response = bot.slack.post("/slack/events", body.replace(b"help", b"roles"), "application/x-www-form-urlencoded",
                              timestamp=int(ts), signature=signature)
    assert response.status == 401


@pytest.mark.parametrize("age", [301, 3600, -400])
def test_stale_or_future_timestamps_are_rejected_even_when_signed(bot, age):
    body, _ = bot.slack.command_body(LEAD, "help")
    response = bot.slack.post("/slack/events", body, "application/x-www-form-urlencoded",
                              timestamp=int(time.time()) - age)
    assert response.status == 401


def test_health_reports_the_database(bot):
    response = bot.slack.get("/healthz")
    assert response.status == 200
    health = response.json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["process_version"] == bot.runtime.process.version


def test_health_reports_an_unreachable_database(bot, monkeypatch):
    monkeypatch.setattr(bot.runtime.db, "ping", lambda: False)
    response = bot.slack.get("/healthz")
    assert response.status == 503
    assert json.loads(response.body)["database"] == "unreachable"


def test_unknown_paths_are_404(bot):
    assert bot.slack.get("/nope").status == 404


def test_a_listener_failure_tells_the_user_with_a_reference(bot, monkeypatch):
    from bot.usecases import projects as project_cases

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(project_cases, "find", broken)
    bot.slack.command(BILLING, "status andina")
    [reply] = bot.fake.wait_for("response_url")
    assert reply.args["text"].startswith("Algo falló de nuestro lado")
    assert "exploded" not in reply.args["text"]

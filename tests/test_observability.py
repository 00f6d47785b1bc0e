"""Observability: /metrics in Prometheus format, log lines with the request's ids, never tokens."""

from __future__ import annotations

import json
import logging

from prometheus_client.parser import text_string_to_metric_families

from handlers.observability import ContextFilter, JsonFormatter
from tests.conftest import BILLING, LEAD, SIGNING_SECRET
from tests.fake_slack import TEAM_ID
from tests.helpers import start_project


def samples(bot) -> dict:
    response = bot.slack.get("/metrics")
    assert response.status == 200
    found = {}
    for family in text_string_to_metric_families(response.body.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_count_requests_ack_latency_reminders_and_slack_errors(bot):
    start_project(bot)
    bot.slack.command(LEAD, "help")
    bot.fake.fail("views.open", error="expired_trigger_id")
    bot.slack.command(BILLING, "start")
    bot.fake.wait_for("response_url", where=lambda c: "Algo falló" in c.args.get("text", ""))
    bot.clock.advance(hours=7)
    bot.runtime.reminders.run()
    found = samples(bot)
    assert found[("impl_requests_total", (("kind", "command"), ("outcome", "handled")))] >= 3
    assert found[("impl_requests_total", (("kind", "view_submission"), ("outcome", "handled")))] >= 1
    assert found[("impl_requests_total", (("kind", "command"), ("outcome", "error")))] == 1
    assert found[("impl_ack_seconds_count", ())] == 4  # start, its form, help, start again
    assert found[("impl_ack_seconds_bucket", (("le", "3.0"),))] == found[("impl_ack_seconds_count", ())]
    assert found[("impl_slack_api_errors_total", (("error", "expired_trigger_id"), ("method", "views.open")))] == 1
    assert found[("impl_reminders_total", (("outcome", "sent"),))] >= 2


def test_a_listener_failure_is_logged_with_the_request_and_slack_ids_but_no_secrets(bot, caplog, monkeypatch):
    from bot.usecases import projects as project_cases

    monkeypatch.setattr(project_cases, "find", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.ERROR, logger="impl_bot.errors"):
        bot.slack.command(BILLING, "status andina")
        bot.fake.wait_for("response_url")
    [record] = [r for r in caplog.records if r.name == "impl_bot.errors"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and len(line["request_id"]) == 12
    assert (line["team_id"], line["user_id"]) == (TEAM_ID, BILLING)  # set in the request, seen in the listener
    assert "xoxb" not in json.dumps(line) and SIGNING_SECRET not in json.dumps(line)

"""Heavy work after the ack (portfolio pages, exports, charts) runs on its own small pool: however much of it is
waiting, every new request is still acked at once, and a graceful stop delivers what was queued."""

from __future__ import annotations

import threading

from bot.bootstrap import LISTENER_THREADS
from bot.usecases import portfolio as portfolio_cases
from tests.conftest import LEAD
from tests.helpers import start_project


def _block_pages(monkeypatch) -> threading.Event:
    """Portfolio pages wait for the returned event (at most 30 s, so a broken test cannot hang)."""
    release, page = threading.Event(), portfolio_cases.page

    def slow_page(*args, **kwargs):
        release.wait(30)
        return page(*args, **kwargs)

    monkeypatch.setattr(portfolio_cases, "page", slow_page)
    return release


def test_requests_are_acked_while_more_heavy_work_waits_than_there_are_listener_threads(bot, monkeypatch):
    start_project(bot)
    release = _block_pages(monkeypatch)
    waiting = LISTENER_THREADS + 4
    try:
        acks = [bot.slack.command(LEAD, "status") for _ in range(waiting)]
        help_ack = bot.slack.command(LEAD, "help")
        assert [a.status for a in acks] == [200] * waiting and help_ack.status == 200
        assert help_ack.json()["blocks"]  # answered in the ack, while every page is still waiting
        assert bot.fake.calls_to("response_url") == []
    finally:
        release.set()
    answers = bot.fake.wait_for("response_url", waiting, timeout=30)
    assert all(call.args.get("blocks") for call in answers)


def test_a_graceful_stop_delivers_the_work_already_queued(bot, monkeypatch):
    start_project(bot)
    release = _block_pages(monkeypatch)
    for _ in range(3):
        assert bot.slack.command(LEAD, "status").status == 200
    stopping = threading.Thread(target=bot.stop)
    stopping.start()
    stopping.join(timeout=0.5)
    assert stopping.is_alive()  # waiting for the queued pages
    release.set()
    stopping.join(timeout=30)
    assert not stopping.is_alive()
    assert len(bot.fake.calls_to("response_url")) == 3


def test_pages_are_not_held_up_by_a_long_export(bot, monkeypatch):
    from bot.i18n import t
    from bot.usecases import portfolio as portfolio_cases
    from handlers import ids

    start_project(bot)
    release, export = threading.Event(), portfolio_cases.export

    def slow_export(*args, **kwargs):
        release.wait(30)
        return export(*args, **kwargs)

    monkeypatch.setattr(portfolio_cases, "export", slow_export)
    try:
        bot.slack.command(LEAD, "status")
        [page] = bot.fake.wait_for("response_url")
        [button] = [e for b in page.args["blocks"] for e in b.get("elements") or []
                    if e.get("action_id") == ids.STATUS_EXPORT]
        assert bot.slack.click(LEAD, ids.STATUS_EXPORT, button["value"]).status == 200
        bot.fake.wait_for("response_url", 2)  # "preparing the export…"
        bot.slack.command(LEAD, "status")
        bot.fake.wait_for("response_url", 3)  # the page, while the export still waits
        bot.slack.command(LEAD, "status grafico")  # the chart queues behind the export, but says so at once
        assert bot.fake.wait_for("response_url", 4)[-1].args["text"] == t("chart.preparing")
        assert bot.fake.calls_to("files.completeUploadExternal") == []
    finally:
        release.set()
    bot.fake.wait_for("files.completeUploadExternal", timeout=30)


def test_serving_prefers_latency_short_interpreter_switches_and_startup_objects_out_of_the_collector():
    import gc
    import sys

    from bot.server import SWITCH_INTERVAL, prefer_latency

    before = sys.getswitchinterval()
    try:
        prefer_latency()
        assert sys.getswitchinterval() == SWITCH_INTERVAL < before
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        sys.setswitchinterval(before)


def test_a_stop_that_cannot_wait_any_longer_tells_the_users_of_work_not_started_to_ask_again(bot, monkeypatch):
    from bot.i18n import t

    start_project(bot)
    release = _block_pages(monkeypatch)
    for _ in range(3):  # the first starts and waits; two wait in the queue
        assert bot.slack.command(LEAD, "status").status == 200
    stopping = threading.Thread(target=bot.runtime.work.shutdown, args=(0.2,))
    stopping.start()
    told = bot.fake.wait_for("response_url", 2, timeout=10)
    assert [call.args["text"] for call in told] == [t("errors.restarting")] * 2
    release.set()
    stopping.join(timeout=30)
    answers = bot.fake.wait_for("response_url", 3, timeout=10)
    assert len(answers) == 3 and answers[-1].args.get("blocks")  # the page already being built was finished


def test_a_failure_to_report_a_failure_is_still_logged(caplog):
    import logging

    from handlers.background import BackgroundWork

    def broken_report(error, **request):
        raise RuntimeError("Slack is down too")

    work = BackgroundWork(1, broken_report, lambda **request: None)
    with caplog.at_level(logging.ERROR, logger="handlers.background"):
        work(lambda: 1 / 0, body={}, client=None, context={}, respond=None)
        work.shutdown(5)
    assert any("could not report" in r.getMessage() for r in caplog.records)

"""The reminders pass every minute (APScheduler). The job only runs the pass: what is due lives in the database."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)

PASS_EVERY = timedelta(minutes=1)


def start(reminders, tz: ZoneInfo) -> BackgroundScheduler:
    """Run a pass now (to catch up after downtime) and then every minute."""

    def run_pass() -> None:
        try:
            report = reminders.run()
        except Exception:  # noqa: BLE001 - logged with its traceback; the next pass retries everything
            log.exception("reminders pass failed")
            return
        if report.sent or report.failed or report.retried:
            log.info("reminders pass: %s sent, %s retried, %s failed", report.sent, report.retried, report.failed)

    scheduler = BackgroundScheduler(
        timezone=tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )
    # APScheduler fires on the wall clock, so "now" here is its own timeline, not the app's (injected) clock:
    # each pass reads the app's clock itself. A frozen or shifted app clock must not make this first run a
    # misfire that APScheduler would skip.
    scheduler.add_job(run_pass, "interval", seconds=PASS_EVERY.total_seconds(), id="reminders",
                      next_run_time=datetime.now(tz), replace_existing=True)
    scheduler.start()
    return scheduler

"""The composition root: the only place that knows every adapter. Tests call `build` with their own clock."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from functools import partial
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

import handlers
from bot import __version__
from bot.calendar import BusinessCalendar
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.i18n import t
from bot.process import ProcessDefinition, load_process
from bot.usecases.reminders import PassReport, backfill_finished, run_pass
from handlers.deps import Deps
from handlers.http import wsgi_app
from handlers import errors, home, install
from handlers.background import BackgroundWork
from handlers.clients import TeamClients
from handlers.observability import ContextExecutor, MeteredWebClient, Metrics
from handlers.reminders import SlackReminderSender
from storage import installations, migrate
from storage.db import Database

log = logging.getLogger(__name__)

LISTENER_THREADS = 16
WORK_THREADS = 1  # heavy work after the ack; few, so that it never starves the acks (handlers.background)
WORK_GRACE = 10.0  # seconds a graceful stop waits for that work (HTTP's own grace is 10 s; compose gives 30)
SLACK_RETRIES = 3


def make_client(settings: Settings, *, retries: bool = True, metrics: Metrics | None = None,
                token: str | None = None) -> WebClient:
    """A WebClient for SLACK_API_URL. The app's client retries 429s, 5xx and lost connections; the reminders'
    client does not (`retries=False`): its pass retries on later passes instead of sleeping in one."""
    client = _client(settings, retries, token or settings.bot_token)
    client.metrics = metrics
    return client


def _client(settings: Settings, retries: bool, token: str | None) -> MeteredWebClient:
    if not retries:
        return MeteredWebClient(token=token, base_url=settings.api_url, retry_handlers=[])
    return MeteredWebClient(
        token=token,
        base_url=settings.api_url,
        # slack_sdk counts attempts across handlers: at most SLACK_RETRIES retries per call in all.
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=SLACK_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=SLACK_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SLACK_RETRIES),
        ],
    )


def make_deps(settings: Settings, *, clock: Clock, process: ProcessDefinition, db: Database) -> Deps:
    return Deps(
        db=db,
        clock=clock,
        process=process,
        tz=settings.timezone,
        admins=settings.admins,
        card_channel=settings.channel,
        calendar=make_calendar(settings),
        response_hosts=frozenset({"hooks.slack.com", urlsplit(settings.api_url).netloc}),
    )


@dataclass
class Reminders:
    """The reminders pass, wired: run by the scheduler every minute, or once by `impl-bot tick`."""

    deps: Deps
    sender: SlackReminderSender
    instance: str
    batch: int = 100
    metrics: Metrics | None = None
    backfill_pending: bool = True  # until one pass finds every project with its deadline stored

    def run(self, *, now: datetime | None = None, dry_run: bool = False) -> PassReport:
        report = run_pass(self.deps.db, self.sender, now=now or self.deps.clock.now(), cal=self.deps.calendar,
                          instance=self.instance, dry_run=dry_run, claim_limit=self.batch,
                          backfill=self.backfill_pending)
        if not dry_run and backfill_finished(report):
            self.backfill_pending = False
        if self.metrics is not None and not dry_run:
            for outcome in ("sent", "retried", "failed", "cancelled", "expired", "muted"):
                self.metrics.reminders.labels(outcome).inc(getattr(report, outcome))
        if not dry_run and report.teams:
            home.refresh(self.deps, self.sender.clients, report.teams)  # Homes whose content changed
        return report


def make_team_clients(settings: Settings, db: Database, metrics: Metrics | None = None) -> TeamClients:
    """Clients for work outside requests (reminders, Home refreshes); they do not retry by themselves."""
    def make(token: str | None) -> WebClient:
        return make_client(settings, retries=False, metrics=metrics, token=token)

    if settings.oauth:
        def token_of(team_id: str) -> str | None:
            with db.transaction() as session:
                return installations.bot_token(session, settings.client_id, team_id)

        return TeamClients(make, token_of=token_of)
    return TeamClients(make, token=settings.bot_token)


def make_reminders(settings: Settings, deps: Deps, metrics: Metrics | None = None) -> Reminders:
    instance = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    sender = SlackReminderSender(make_team_clients(settings, deps.db, metrics), deps)
    return Reminders(deps, sender, instance, settings.reminder_batch, metrics)


def make_calendar(settings: Settings) -> BusinessCalendar:
    """Ecuador's holidays, the configured office hours Monday to Friday, the company's closures."""
    weekdays = {day: settings.working_hours for day in range(5)}
    return BusinessCalendar(tz=settings.timezone, schedule=weekdays, closures=frozenset(settings.closures))


@dataclass
class Runtime:
    settings: Settings
    process: ProcessDefinition
    db: Database
    client: WebClient
    app: App
    wsgi: Any
    reminders: Reminders
    metrics: Metrics
    work: BackgroundWork
    scheduler: Any = None

    def health(self) -> tuple[bool, dict[str, Any]]:
        database = self.db.ping()
        details = {
            "status": "ok" if database else "degraded",
            "database": "ok" if database else "unreachable",
            "version": __version__,
            "process_version": self.process.version,
        }
        return database, details

    def close(self) -> None:
        """Finish the reminders pass and the listeners in flight, then release the database."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
        self.app.listener_runner.listener_executor.shutdown(wait=True)
        self.work.shutdown(WORK_GRACE)
        self.db.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    process: ProcessDefinition | None = None,
    db: Database | None = None,
    apply_migrations: bool = True,
) -> Runtime:
    process = process or load_process(settings.process_file)
    db = db or Database.from_url(settings.database_url)
    if apply_migrations:
        migrate.upgrade(db.engine)
    metrics = Metrics()
    client = make_client(settings, metrics=metrics)
    work = BackgroundWork(WORK_THREADS, partial(errors.report, metrics=metrics), errors.dropped)
    deps = replace(make_deps(settings, clock=clock or SystemClock(), process=process, db=db), later=work)
    oauth = install.oauth_settings(settings.client_id, settings.client_secret, deps) if settings.oauth else None
    app = App(
        client=client,
        oauth_settings=oauth,
        signing_secret=settings.signing_secret,
        request_verification_enabled=not settings.socket_mode,
        process_before_response=False,
        listener_executor=ContextExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener"),
        raise_error_for_unhandled_request=False,
        user_facing_authorize_error_message=t("install.not_installed"),
    )
    handlers.register(app, deps, metrics)
    install.register(app, oauth=settings.oauth)
    runtime = Runtime(settings=settings, process=process, db=db, client=client, app=app, wsgi=None,
                      reminders=make_reminders(settings, deps, metrics), metrics=metrics, work=work)
    runtime.wsgi = wsgi_app(app, runtime.health, metrics)
    return runtime

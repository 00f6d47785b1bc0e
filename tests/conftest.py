"""Fixtures: a fake Slack, a database (SQLite file, or PostgreSQL when asked), and the real app over HTTP.

Database selection:
- default: a fresh SQLite file per test;
- IMPL_TEST_DATABASE=postgres with IMPL_TEST_POSTGRES_URL=postgresql://…: every test gets a fresh
  PostgreSQL schema (this is how `.ci/run` runs the suite a second time);
- tests marked `postgres` need IMPL_TEST_POSTGRES_URL and are skipped, with the reason shown, without it.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from bot.bootstrap import Runtime, build
from bot.clock import FrozenClock
from bot.config import Settings
from bot.permissions import Role
from bot.process import load_process
from bot.server import HttpServer
from storage import roles as role_store
from tests.fake_slack import TEAM_ID, FakeSlack
from tests.slack_driver import SlackDriver

GYE = ZoneInfo("America/Guayaquil")
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ADMIN = "UADMIN"
LEAD = "ULEAD"
BILLING = "UBILLING"
IMPLEMENTER = "UIMPL"
ADVISOR = "UADVISOR"
STRANGER = "USTRANGER"
CHANNEL = "C0CARDS"

POSTGRES_URL = os.environ.get("IMPL_TEST_POSTGRES_URL", "").strip()
SUITE_ON_POSTGRES = os.environ.get("IMPL_TEST_DATABASE", "").strip().lower() == "postgres"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs IMPL_TEST_POSTGRES_URL (a PostgreSQL server)")


def pytest_report_header(config):
    if SUITE_ON_POSTGRES:
        return "impl-bot tests: database = PostgreSQL (IMPL_TEST_DATABASE=postgres)"
    return "impl-bot tests: database = SQLite" + ("" if POSTGRES_URL else "; PostgreSQL tests skipped (IMPL_TEST_POSTGRES_URL unset)")


def pytest_collection_modifyitems(config, items):
    if SUITE_ON_POSTGRES and not POSTGRES_URL:
        raise pytest.UsageError("IMPL_TEST_DATABASE=postgres needs IMPL_TEST_POSTGRES_URL")
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="PostgreSQL test: set IMPL_TEST_POSTGRES_URL=postgresql://user@host/db to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema, dropped afterwards; its URL selects it via search_path."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL test: set IMPL_TEST_POSTGRES_URL to run it")
    base = _psycopg_url(POSTGRES_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, request) -> str:
    if SUITE_ON_POSTGRES:
        return request.getfixturevalue("postgres_schema_url")
    return f"sqlite:///{tmp_path / 'impl-bot.db'}"


@pytest.fixture(scope="session")
def process():
    return load_process()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()
    assert not fake.violations, "surfaces outside Slack's limits:\n" + "\n".join(fake.violations)


@pytest.fixture
def clock() -> FrozenClock:
    # Monday 7 December 2026, 09:00 in Guayaquil.
    return FrozenClock(datetime(2026, 12, 7, 9, 0, tzinfo=GYE))


@dataclass
class RunningBot:
    """The real app, served over HTTP by waitress on 127.0.0.1, plus a driver that plays Slack."""

    settings: Settings
    clock: FrozenClock
    fake: FakeSlack
    runtime: Runtime | None = None
    server: HttpServer | None = None
    thread: threading.Thread | None = None
    slack: SlackDriver | None = None

    def start(self) -> RunningBot:
        self.runtime = build(self.settings, clock=self.clock)
        self.server = HttpServer(self.runtime.wsgi, host="127.0.0.1", port=0, threads=8)
        self.thread = threading.Thread(target=self.server.serve, daemon=True)
        self.thread.start()
        url = f"http://127.0.0.1:{self.server.port}"
        self.slack = SlackDriver(url, SIGNING_SECRET, self.fake)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.thread.join(timeout=15)
            self.runtime.close()
            self.server = None

    def restart(self) -> RunningBot:
        self.stop()
        return self.start()

    def grant(self, user_id: str, *roles: Role, may_create_issuers: bool = False) -> None:
        with self.runtime.db.transaction() as session:
            role_store.replace(
                session, TEAM_ID, user_id, {r.value for r in roles},
                may_create_issuers=may_create_issuers, by=ADMIN, at=self.clock.now(),
            )

    @property
    def db(self):
        return self.runtime.db


def make_settings(fake: FakeSlack, database_url: str, **overrides) -> Settings:
    settings = Settings(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        app_token=None,
        api_url=fake.api_url,
        database_url=database_url,
        port=0,
        timezone=GYE,
        admins=frozenset({ADMIN}),
        channel=None,
        process_file=None,
    )
    return replace(settings, **overrides)


@pytest.fixture
def bot(fake_slack: FakeSlack, database_url: str, clock: FrozenClock) -> Iterator[RunningBot]:
    running = RunningBot(make_settings(fake_slack, database_url), clock, fake_slack).start()
    running.grant(LEAD, Role.LEAD)
    running.grant(BILLING, Role.BILLING)
    running.grant(IMPLEMENTER, Role.IMPLEMENTER)
    running.grant(ADVISOR, Role.ADVISOR)
    yield running
    running.stop()

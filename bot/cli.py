"""`impl-bot`: run the bot, migrate the database, check the configuration.

Problems an operator can fix (configuration, process file, database, Slack credentials) print one
line each and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.config import ConfigError, database_url, load_dotenv_file, load_settings
from bot.i18n import t
from bot.process import ProcessError, load_process

EXIT_USAGE = 2

log = logging.getLogger("impl_bot")


class OperatorError(Exception):
    """Something the operator must fix; `lines` say what."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    load_dotenv_file()
    _configure_logging()
    try:
        return args.func(args)
    except ConfigError as exc:
        _print_lines(exc.lines)
    except ProcessError as exc:
        _print_lines(exc.problems)
    except OperatorError as exc:
        _print_lines(exc.lines)
    return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="impl-bot", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"impl-bot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{run,db,check,tick}")
    sub.add_parser("run", help=t("cli.run_help")).set_defaults(func=cmd_run)
    db = sub.add_parser("db", help=t("cli.db_help"))
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="{upgrade}")
    db_sub.add_parser("upgrade", help=t("cli.upgrade_help")).set_defaults(func=cmd_db_upgrade)
    sub.add_parser("check", help=t("cli.check_help")).set_defaults(func=cmd_check)
    tick = sub.add_parser("tick", help=t("cli.tick_help"))
    tick.add_argument("--at", help=t("cli.tick_at_help"))
    tick.add_argument("--dry-run", action="store_true", help=t("cli.tick_dry_run_help"))
    tick.set_defaults(func=cmd_tick)
    return parser


def _configure_logging() -> None:
    from handlers.observability import configure_logging

    fmt = "json" if os.environ.get("IMPL_LOG_FORMAT", "").strip().lower() == "json" else "text"
    configure_logging(os.environ.get("IMPL_LOG_LEVEL", "INFO"), fmt)
    # Client libraries log request details at DEBUG; keep them quiet so no token or payload is logged.
    for noisy in ("slack_sdk", "slack_bolt", "urllib3", "waitress.queue", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _open_database(url: str):
    from sqlalchemy.exc import SQLAlchemyError

    from storage import migrate
    from storage.db import Database

    db = Database.from_url(url)
    try:
        migrate.current_revision(db.engine)
    except SQLAlchemyError as exc:
        db.dispose()
        raise OperatorError([t("cli.database_unreachable", error=type(exc.orig or exc).__name__)]) from None
    return db


def cmd_db_upgrade(_args) -> int:
    from storage import migrate

    db = _open_database(database_url(os.environ))
    try:
        before = migrate.current_revision(db.engine)
        migrate.upgrade(db.engine)
        after = migrate.current_revision(db.engine)
    finally:
        db.dispose()
    print(t("cli.upgraded", before=before or "—", after=after) if before != after else t("cli.up_to_date", rev=after))
    return 0


def cmd_check(_args) -> int:
    from storage import migrate

    problems: list[str] = []
    settings = None
    try:
        settings = load_settings(os.environ)
        print(t("cli.check_config_ok", mode=t("cli.mode_socket") if settings.socket_mode else t("cli.mode_http")))
    except ConfigError as exc:
        problems += exc.lines
    process_file = os.environ.get("IMPL_PROCESS_FILE", "").strip() or None
    try:
        process = load_process(process_file)
        print(t("cli.check_process_ok", version=process.version, steps=len(process.steps)))
    except ProcessError as exc:
        problems += exc.problems
    try:
        db = _open_database(settings.database_url if settings else database_url(os.environ))
        pending = migrate.pending_revisions(db.engine)
        db.dispose()
        print(t("cli.check_db_pending", count=len(pending)) if pending else t("cli.check_db_ok"))
    except (OperatorError, ConfigError) as exc:
        problems += exc.lines
    if problems:
        _print_lines(problems)
        return EXIT_USAGE
    print(t("cli.check_all_ok"))
    return 0


def cmd_run(_args) -> int:
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError, SlackClientError

    from bot.bootstrap import build, make_client

    settings = load_settings(os.environ)
    process = load_process(settings.process_file)
    try:
        if not settings.oauth:  # with OAuth each workspace's token is checked when it installs
            make_client(settings).auth_test()
    except SlackApiError as exc:
        raise OperatorError([t("cli.slack_auth_failed", error=exc.response.get("error"))]) from None
    except (SlackClientError, OSError) as exc:
        raise OperatorError([t("cli.slack_unreachable", error=type(exc).__name__)]) from None
    db = _open_database(settings.database_url)
    try:
        runtime = build(settings, process=process, db=db)
    except (BoltError, SlackClientError, OSError) as exc:
        db.dispose()
        raise OperatorError([t("cli.slack_unreachable", error=type(exc).__name__)]) from None
    log.info("impl-bot %s, process %s, %s mode", __version__, process.version, "socket" if settings.socket_mode else "http")
    from bot import scheduler

    runtime.scheduler = scheduler.start(runtime.reminders, settings.timezone)
    if settings.socket_mode:
        _run_socket_mode(runtime)
    else:
        from bot.server import serve

        serve(runtime.wsgi, port=settings.port, on_stop=runtime.close)
    return 0


def cmd_tick(args) -> int:
    """One reminders pass (for cron or serverless), or with --dry-run what it would send, changing nothing."""
    from datetime import datetime

    from bot.bootstrap import make_deps, make_reminders
    from bot.clock import FrozenClock, SystemClock
    from storage import migrate

    settings = load_settings(os.environ)
    process = load_process(settings.process_file)
    clock = SystemClock()
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise OperatorError([t("cli.tick_bad_at", value=args.at)]) from None
        clock = FrozenClock(at if at.tzinfo else at.replace(tzinfo=settings.timezone))
    db = _open_database(settings.database_url)
    try:
        if migrate.pending_revisions(db.engine):
            raise OperatorError([t("cli.tick_pending_migrations")])
        reminders = make_reminders(settings, make_deps(settings, clock=clock, process=process, db=db))
        report = reminders.run(now=clock.now(), dry_run=args.dry_run)
    finally:
        db.dispose()
    for message in report.messages:
        print(_describe_message(message, settings))
    key = "cli.tick_dry_run_summary" if args.dry_run else "cli.tick_summary"
    print(t(key, messages=len(report.messages), sent=report.sent, retried=report.retried, failed=report.failed,
            cancelled=report.cancelled, expired=report.expired, muted=report.muted))
    return 0


def _describe_message(message, settings) -> str:
    from bot.reminders import THREAD

    where = t("cli.tick_thread") if message.recipient == THREAD else f"DM {message.recipient}"
    client = message.facts.client_name if message.facts else t("cli.tick_digest")
    kinds = ", ".join(t(f"reminders.kinds.{item.kind.value}") for item in message.items)
    return t("cli.tick_line", where=where, client=client, kinds=kinds)


def _run_socket_mode(runtime) -> None:
    import signal
    import threading

    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.server import prefer_latency

    prefer_latency()
    handler = SocketModeHandler(runtime.app, runtime.settings.app_token)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        handler.connect()
    except SlackApiError as exc:
        runtime.close()
        raise OperatorError([t("cli.socket_mode_refused", error=exc.response.get("error"))]) from None
    log.info("impl-bot connected to Slack in Socket Mode")
    stop.wait()
    handler.close()
    runtime.close()

"""The `impl-bot` console script, run as a real process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.i18n import t
from storage import migrate
from storage.db import make_engine
from tests.conftest import SIGNING_SECRET
from tests.helpers import FORM, texts
from tests.slack_driver import SlackDriver

IMPL_BOT = shutil.which("impl-bot", path=str(Path(sys.executable).parent)) or shutil.which("impl-bot")
pytestmark = pytest.mark.skipif(IMPL_BOT is None, reason="the impl-bot console script is not installed")


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "IMPL_", "DATABASE_URL", "PORT"))}
    env.update(values)
    return env


def run(args: list[str], cwd: Path, **values: str) -> subprocess.CompletedProcess:
    return subprocess.run([IMPL_BOT, *args], cwd=cwd, env=clean_env(**values), capture_output=True, text=True,
                          timeout=60)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_missing_bot_token_is_one_clear_line_and_status_2(tmp_path):
    result = run(["run"], tmp_path, SLACK_SIGNING_SECRET="s")
    assert result.returncode == 2
    assert result.stderr.strip() == t("config.missing_bot_token")
    assert "Traceback" not in result.stderr


def test_every_configuration_problem_gets_its_line(tmp_path):
    result = run(["run"], tmp_path, SLACK_BOT_TOKEN="xoxb-1", PORT="abc", IMPL_TIMEZONE="Marte/Olympus")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [t("config.missing_signing_secret"), t("config.bad_port", value="abc"),
                     t("config.bad_timezone", value="Marte/Olympus")]


def test_dotenv_in_the_working_directory_is_read(tmp_path):
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=s\n"
                                   f"DATABASE_URL=sqlite:///{tmp_path}/bot.db\n")
    result = run(["check"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert t("cli.check_config_ok", mode="HTTP") in result.stdout
    assert "xoxb-from-dotenv" not in result.stdout + result.stderr


def test_check_reports_a_broken_process_file_precisely(tmp_path):
    broken = tmp_path / "proceso.yml"
    broken.write_text("version: '1'\nprerequisites: []\n", encoding="utf-8")
    result = run(["check"], tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                 DATABASE_URL=f"sqlite:///{tmp_path}/bot.db", IMPL_PROCESS_FILE=str(broken))
    assert result.returncode == 2
    assert f"{broken}: prerequisites: debe tener al menos 1 elementos" in result.stderr
    assert f"{broken}: steps: falta este campo" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_with_everything_fine(tmp_path):
    result = run(["check"], tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                 DATABASE_URL=f"sqlite:///{tmp_path}/bot.db")
    assert result.returncode == 0, result.stderr
    fresh = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    assert t("cli.check_db_pending", count=len(migrate.pending_revisions(fresh))) in result.stdout
    fresh.dispose()
    assert t("cli.check_all_ok") in result.stdout


def test_db_upgrade_applies_migrations_once(tmp_path):
    url = f"sqlite:///{tmp_path}/bot.db"
    first = run(["db", "upgrade"], tmp_path, DATABASE_URL=url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == t("cli.upgraded", before="—", after=migrate.head_revision())
    second = run(["db", "upgrade"], tmp_path, DATABASE_URL=url)
    assert second.stdout.strip() == t("cli.up_to_date", rev=migrate.head_revision())


def test_unreachable_database_is_one_line(tmp_path):
    result = run(["db", "upgrade"], tmp_path, DATABASE_URL="postgresql://nadie@127.0.0.1:1/nada")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("No pude conectarme a la base de datos")
    assert "Traceback" not in result.stderr


def test_a_token_slack_rejects_is_one_line(tmp_path, fake_slack):
    fake_slack.fail("auth.test", error="invalid_auth")
    result = run(["run"], tmp_path, SLACK_BOT_TOKEN="xoxb-revoked", SLACK_SIGNING_SECRET="s",
                 SLACK_API_URL=fake_slack.api_url, DATABASE_URL=f"sqlite:///{tmp_path}/bot.db", PORT=str(free_port()))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == t("cli.slack_auth_failed", error="invalid_auth")
    assert "Traceback" not in result.stderr


class BotProcess:
    def __init__(self, tmp_path: Path, fake_slack, port: int):
        self.port = port
        self.env = dict(
            SLACK_BOT_TOKEN="xoxb-subprocess-secret-token", SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake_slack.api_url, DATABASE_URL=f"sqlite:///{tmp_path}/bot.db", PORT=str(port),
            IMPL_ADMINS="UADMIN",
        )
        self.proc = subprocess.Popen([IMPL_BOT, "run"], cwd=tmp_path, env=clean_env(**self.env),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_healthy(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"impl-bot exited early: {self.proc.stderr.read()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as resp:
                    return json.loads(resp.read())
            except OSError:
                time.sleep(0.1)
        raise AssertionError("impl-bot did not become healthy")

    def terminate(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGTERM)
        _, stderr = self.proc.communicate(timeout=30)
        return self.proc.returncode, stderr


def test_run_serves_http_migrates_keeps_projects_across_restarts_and_stops_on_sigterm(tmp_path, fake_slack):
    port = free_port()
    bot = BotProcess(tmp_path, fake_slack, port)
    try:
        health = bot.wait_healthy()
        assert health["status"] == "ok" and health["database"] == "ok"
        engine = create_engine(f"sqlite:///{tmp_path}/bot.db")
        with engine.connect() as conn:  # migrations were applied at start
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.head_revision()
        engine.dispose()

        slack = SlackDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_slack)
        assert "impl-bot" in texts(slack.command("UADMIN", "help").json()["blocks"])
        slack.command("UADMIN", "start")
        fake_slack.wait_for("views.open")
        assert slack.submit("UADMIN", fake_slack.last_view("start_project"), FORM).status == 200
        fake_slack.wait_for("chat.postMessage", 2)
    finally:
        code, stderr = bot.terminate()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert "xoxb-subprocess-secret-token" not in stderr and SIGNING_SECRET not in stderr

    again = BotProcess(tmp_path, fake_slack, free_port())
    try:
        again.wait_healthy()
        slack = SlackDriver(f"http://127.0.0.1:{again.port}", SIGNING_SECRET, fake_slack)
        slack.command("UADMIN", "status ferreteria")
        reply = fake_slack.wait_for("response_url")[-1]
        assert "🏢 Ferretería Andina S.A." in texts(reply.args["blocks"])
    finally:
        code, _ = again.terminate()
    assert code == 0


def test_socket_mode_answers_a_slash_command_over_the_websocket(tmp_path, fake_slack):
    from tests.fake_socket_mode import FakeSocketMode

    socket_mode = FakeSocketMode().start()
    fake_slack.socket_mode_url = socket_mode.url
    env = clean_env(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-socket-token", SLACK_API_URL=fake_slack.api_url,
                    DATABASE_URL=f"sqlite:///{tmp_path}/bot.db")
    proc = subprocess.Popen([IMPL_BOT, "run"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert socket_mode.connected.wait(30), "the bot never connected in Socket Mode"
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.token == "xapp-socket-token"
        envelope = socket_mode.send("slash_commands", {
            "team_id": "T0001", "channel_id": "C1", "user_id": "UADMIN", "command": "/impl", "text": "help",
            "api_app_id": "A0001", "response_url": fake_slack.response_url("sm"), "trigger_id": "trig.sm",
        })
        ack = socket_mode.wait_ack(envelope)
        assert ack["payload"]["response_type"] == "ephemeral"
        assert t("help.start.usage") in texts(ack["payload"]["blocks"])
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
        socket_mode.stop()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "xapp-socket-token" not in stderr


def test_socket_mode_refused_is_one_line(tmp_path, fake_slack):
    result = run(["run"], tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", SLACK_API_URL=fake_slack.api_url,
                 DATABASE_URL=f"sqlite:///{tmp_path}/bot.db")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == t("cli.socket_mode_refused", error="not_allowed_token_type")


def test_run_starts_the_reminders_scheduler_and_catches_up_at_start(tmp_path, fake_slack):
    """A session starts in 30 minutes: its "one hour before" reminder (the one sent at any hour) is overdue,
    so the pass that runs as the bot starts sends it."""
    from datetime import UTC, datetime, timedelta

    from storage.db import Database
    from storage.models import Project, WorkSession

    url = f"sqlite:///{tmp_path}/bot.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    db = Database(engine)
    now = datetime.now(UTC)
    with db.transaction() as session:
        project = Project(team_id="T0001", client_name="Ferretería Andina S.A.", client_key="ferreteria andina s a",
                          ruc="1790085783001", ruc_kind="sociedad", product="facturacion", company_size="pequena",
                          issuer_type="sociedad", billing_type="anual", implemented_by="interno", stage="implementacion",
                          process_version="1", created_at=now, created_by="UADMIN", entered_implementation_at=now,
                          contacted_at=now, kickoff_at=now + timedelta(days=1), implementer_id="UIMPL",
                          card_channel_id="C0CARDS", card_ts="1765000000.000001", updated_at=now)
        session.add(project)
        session.flush()
        session.add(WorkSession(team_id="T0001", project_id=project.id, starts_at=now + timedelta(minutes=30),
                                duration_minutes=60, status="agendada", attendees=["UIMPL"], created_by="UADMIN",
                                created_at=now, updated_at=now))
    db.dispose()
    bot = BotProcess(tmp_path, fake_slack, free_port())
    try:
        bot.wait_healthy()
        [dm] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "UIMPL", timeout=30)
        assert "la sesión de implementación empieza en una hora" in dm.args["text"]
    finally:
        code, stderr = bot.terminate()
    assert code == 0, stderr


def test_json_logs_carry_ids_and_never_secrets(tmp_path, fake_slack):
    bot = BotProcess(tmp_path, fake_slack, free_port())
    bot.env["IMPL_LOG_FORMAT"] = "json"
    bot.proc.kill()
    bot.proc.wait()
    bot.proc = subprocess.Popen([IMPL_BOT, "run"], cwd=tmp_path, env=clean_env(**bot.env), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    try:
        bot.wait_healthy()
        slack = SlackDriver(f"http://127.0.0.1:{bot.port}", SIGNING_SECRET, fake_slack)
        fake_slack.fail("views.open", error="expired_trigger_id")
        slack.command("UADMIN", "start")
        fake_slack.wait_for("response_url", where=lambda c: "Algo falló" in c.args.get("text", ""))
    finally:
        code, stderr = bot.terminate()
    assert code == 0
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert lines and all({"ts", "level", "logger", "message", "request_id", "team_id", "user_id"} <= set(x) for x in lines)
    failure = next(x for x in lines if x["logger"] == "impl_bot.errors")
    assert failure["team_id"] == "T0001" and failure["user_id"] == "UADMIN" and failure["request_id"] != "-"
    assert "xoxb-subprocess-secret-token" not in stderr and SIGNING_SECRET not in stderr


def test_sigterm_lets_work_in_flight_finish(tmp_path, fake_slack):
    """A listener is still talking to Slack when SIGTERM arrives: the bot waits for it, then exits cleanly."""
    bot = BotProcess(tmp_path, fake_slack, free_port())
    try:
        bot.wait_healthy()
        slack = SlackDriver(f"http://127.0.0.1:{bot.port}", SIGNING_SECRET, fake_slack)
        fake_slack.hold("views.open", drop=False)
        assert slack.command("UADMIN", "start").status == 200  # acked at once; the modal is still on its way
        assert fake_slack.holding.wait(30)
        bot.proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert bot.proc.poll() is None, "the bot exited with a listener still working"
        fake_slack.release()
        _, stderr = bot.proc.communicate(timeout=30)
    finally:
        if bot.proc.poll() is None:
            bot.proc.kill()
    assert bot.proc.returncode == 0, stderr
    assert fake_slack.last_view("start_project")  # the held views.open completed before the exit

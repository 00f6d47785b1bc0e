"""The deployment files: checked statically (there is no Docker engine where the tests run)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_dockerfile_runs_the_bot_as_a_non_root_user_with_a_health_check():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in text
    user_lines = [line for line in text.splitlines() if line.startswith("USER ")]
    assert user_lines and user_lines[-1] != "USER root"
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'CMD ["impl-bot", "run"]' in text


def test_compose_runs_two_http_instances_on_postgresql_with_a_volume():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["deploy"]["replicas"] == 2
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert bot["environment"]["SLACK_APP_TOKEN"] == ""  # HTTP mode
    assert db["image"].startswith("postgres") and "pgdata" in compose["volumes"]
    assert "./deploy/nginx.conf" in compose["services"]["proxy"]["volumes"][0]
    assert (ROOT / "deploy" / "nginx.conf").exists()

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_URL, ConfigError, database_url, load_settings

BASE = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "secret"}
OAUTH = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "cs", "SLACK_SIGNING_SECRET": "secret"}


def test_minimal_http_configuration_has_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings(BASE)
    assert s.api_url == DEFAULT_API_URL
    assert s.port == 3000
    assert str(s.timezone) == "America/Guayaquil"
    assert s.database_url == f"sqlite:///{tmp_path / 'impl-bot.db'}"
    assert s.admins == frozenset() and s.channel is None and s.process_file is None
    assert not s.socket_mode


def test_full_configuration(tmp_path):
    process = tmp_path / "p.yml"
    process.write_text("x")
    s = load_settings({
        **BASE,
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": "http://127.0.0.1:9999/api",
        "DATABASE_URL": "postgres://u@h/db",
        "PORT": "8080",
        "IMPL_TIMEZONE": "America/New_York",
        "IMPL_ADMINS": "U01ABC, W02DEF ,",
        "IMPL_CHANNEL": "C0123ABC",
        "IMPL_PROCESS_FILE": str(process),
    })
    assert s.socket_mode and s.app_token == "xapp-1"
    assert s.api_url == "http://127.0.0.1:9999/api/"
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.port == 8080 and s.channel == "C0123ABC" and s.process_file == Path(process)
    assert s.admins == frozenset({"U01ABC", "W02DEF"})


def test_several_workspaces_need_no_bot_token():
    s = load_settings(OAUTH)
    assert s.oauth and s.bot_token is None and (s.client_id, s.client_secret) == ("1111.2222", "cs")
    assert not load_settings(BASE).oauth
    assert load_settings({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-9"}).bot_token == "xoxb-9"


def test_socket_mode_needs_no_signing_secret():
    assert load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).signing_secret is None


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN", ["OAuth & Permissions", "xoxb-"]),
        ({**BASE, "SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN", ["xoxb-"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET", ["Signing Secret", "Basic Information"]),
        ({**BASE, "SLACK_APP_TOKEN": "xoxb-no"}, "SLACK_APP_TOKEN", ["xapp-", "connections:write"]),
        ({**BASE, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL", ["http"]),
        ({**BASE, "PORT": "http"}, "PORT", ["1 y 65535"]),
        ({**BASE, "PORT": "70000"}, "PORT", ["1 y 65535"]),
        ({**BASE, "IMPL_TIMEZONE": "Guayaquil"}, "IMPL_TIMEZONE", ["America/Guayaquil"]),
        ({**BASE, "IMPL_ADMINS": "U01,@juan"}, "IMPL_ADMINS", ["@juan", "ID de miembro"]),
        ({**BASE, "IMPL_CHANNEL": "#implementaciones"}, "IMPL_CHANNEL", ["ID del canal"]),
        ({**BASE, "IMPL_PROCESS_FILE": "/nope.yml"}, "IMPL_PROCESS_FILE", ["/nope.yml"]),
        ({**BASE, "DATABASE_URL": "mysql://u:secreto@h/db"}, "DATABASE_URL", ["sqlite", "postgresql"]),
        ({**BASE, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET", ["SLACK_CLIENT_ID", "App Credentials"]),
        ({**BASE, "SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_ID", ["SLACK_CLIENT_SECRET", "ninguno"]),
        ({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN", ["modo HTTP"]),
        ({**OAUTH, "IMPL_CHANNEL": "C0123ABC"}, "IMPL_CHANNEL", ["varios workspaces", "quítalo"]),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "SLACK_SIGNING_SECRET", ["Signing Secret"]),
    ],
)
def test_each_problem_names_the_variable_and_the_fix(env, variable, words):
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    [(name, message)] = info.value.problems
    assert name == variable
    assert variable in message
    for word in words:
        assert word in message


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as info:
        load_settings({"PORT": "x", "IMPL_TIMEZONE": "Nowhere/City"})
    assert [v for v, _ in info.value.problems] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PORT", "IMPL_TIMEZONE"]


def test_database_password_is_never_echoed():
    with pytest.raises(ConfigError) as info:
        database_url({"DATABASE_URL": "mysql://user:s3cr3t@host/db"})
    assert "s3cr3t" not in str(info.value)


def test_calendar_configuration():
    from datetime import date, time

    s = load_settings({**BASE, "IMPL_CLOSURES": "2026-12-31, 2026-12-24,", "IMPL_WORKING_HOURS": "8:30-12:30,13:30-17:30"})
    assert s.closures == (date(2026, 12, 24), date(2026, 12, 31))
    assert s.working_hours == ((time(8, 30), time(12, 30)), (time(13, 30), time(17, 30)))
    assert load_settings(BASE).working_hours == ((time(8), time(13)), (time(14), time(17)))


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"IMPL_CLOSURES": "24/12/2026"}, "IMPL_CLOSURES"),
        ({"IMPL_WORKING_HOURS": "8-17"}, "IMPL_WORKING_HOURS"),
        ({"IMPL_WORKING_HOURS": "17:00-08:00"}, "IMPL_WORKING_HOURS"),
        ({"IMPL_WORKING_HOURS": "08:00-13:00,12:00-17:00"}, "IMPL_WORKING_HOURS"),
        ({"IMPL_WORKING_HOURS": "25:00-26:00"}, "IMPL_WORKING_HOURS"),
    ],
)
def test_bad_calendar_configuration(env, variable):
    with pytest.raises(ConfigError) as info:
        load_settings({**BASE, **env})
    assert [v for v, _ in info.value.problems] == [variable]

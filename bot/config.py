"""Configuration from the environment (and an optional `.env`), validated into one immutable value."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import t

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_FILE = "impl-bot.db"
DEFAULT_PORT = 3000
DEFAULT_TIMEZONE = "America/Guayaquil"
DEFAULT_WORKING_HOURS = ((time(8, 0), time(13, 0)), (time(14, 0), time(17, 0)))

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")


class ConfigError(Exception):
    """Configuration problems, each explained in one line that names the variable."""

    def __init__(self, variable: str, message: str):
        self.problems = [(variable, message)]
        super().__init__(message)

    @classmethod
    def several(cls, errors: list[ConfigError]) -> ConfigError:
        merged = cls(errors[0].problems[0][0], errors[0].problems[0][1])
        merged.problems = [p for e in errors for p in e.problems]
        return merged

    @property
    def lines(self) -> list[str]:
        return [message for _variable, message in self.problems]


@dataclass(frozen=True)
class Settings:
    bot_token: str | None  # None with OAuth: each workspace's token comes from its installation
    signing_secret: str | None
    app_token: str | None
    api_url: str
    database_url: str
    port: int
    timezone: ZoneInfo
    admins: frozenset[str]
    channel: str | None
    process_file: Path | None
    closures: tuple[date, ...] = ()
    working_hours: tuple[tuple[time, time], ...] = DEFAULT_WORKING_HOURS
    reminder_batch: int = 100
    client_id: str | None = None
    client_secret: str | None = None

    @property
    def oauth(self) -> bool:
        """Several workspaces: installed through /slack/install (OAuth) instead of one bot token."""
        return self.client_id is not None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_dotenv_file(path: str | os.PathLike[str] = ".env") -> None:
    """Read `.env` from the working directory if present; real environment variables win."""
    from dotenv import load_dotenv

    load_dotenv(path, override=False)


def database_url(env: Mapping[str, str]) -> str:
    """DATABASE_URL, normalized to the drivers we ship; default a SQLite file in the working directory."""
    raw = env.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{Path.cwd() / DEFAULT_DATABASE_FILE}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    if not raw.startswith(("sqlite:", "postgresql+")):
        raise ConfigError("DATABASE_URL", t("config.database_url", value=_redact_url(raw)))
    return raw


def load_settings(env: Mapping[str, str]) -> Settings:
    """Validate everything `impl-bot run` needs. Raises one ConfigError listing every problem."""
    errors: list[ConfigError] = []

    def check(validate, *args):
        try:
            return validate(*args)
        except ConfigError as exc:
            errors.append(exc)
            return None

    socket_mode = bool(env.get("SLACK_APP_TOKEN", "").strip())
    oauth = check(_oauth, env, socket_mode) or (None, None)
    values = {
        "bot_token": check(_bot_token, env, bool(env.get("SLACK_CLIENT_ID", "").strip())),
        "app_token": check(_app_token, env),
        "signing_secret": check(_signing_secret, env, socket_mode),
        "api_url": check(_api_url, env),
        "database_url": check(database_url, env),
        "port": check(_port, env),
        "timezone": check(_timezone, env),
        "admins": check(_admins, env),
        "channel": check(_channel, env, bool(env.get("SLACK_CLIENT_ID", "").strip())),
        "process_file": check(_process_file, env),
        "closures": check(_closures, env),
        "working_hours": check(_working_hours, env),
        "reminder_batch": check(_reminder_batch, env),
        "client_id": oauth[0],
        "client_secret": oauth[1],
    }
    if errors:
        raise ConfigError.several(errors)
    return Settings(**values)


def _oauth(env: Mapping[str, str], socket_mode: bool) -> tuple[str | None, str | None]:
    client_id = env.get("SLACK_CLIENT_ID", "").strip() or None
    client_secret = env.get("SLACK_CLIENT_SECRET", "").strip() or None
    if (client_id is None) != (client_secret is None):
        missing = "SLACK_CLIENT_SECRET" if client_secret is None else "SLACK_CLIENT_ID"
        raise ConfigError(missing, t("config.oauth_pair", missing=missing))
    if client_id is not None and socket_mode:
        raise ConfigError("SLACK_APP_TOKEN", t("config.oauth_socket_mode"))
    return client_id, client_secret


def _bot_token(env: Mapping[str, str], oauth: bool) -> str | None:
    if oauth and not env.get("SLACK_BOT_TOKEN", "").strip():
        return None
    token = _required(env, "SLACK_BOT_TOKEN", "config.missing_bot_token")
    if not token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN", t("config.bad_bot_token"))
    return token


def _app_token(env: Mapping[str, str]) -> str | None:
    token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if token is not None and not token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN", t("config.bad_app_token"))
    return token


def _signing_secret(env: Mapping[str, str], socket_mode: bool) -> str | None:
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if secret is None and not socket_mode:
        raise ConfigError("SLACK_SIGNING_SECRET", t("config.missing_signing_secret"))
    return secret


def _api_url(env: Mapping[str, str]) -> str:
    url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    if not re.match(r"^https?://[^\s/]+", url):
        raise ConfigError("SLACK_API_URL", t("config.bad_api_url", value=url))
    return url if url.endswith("/") else url + "/"


def _required(env: Mapping[str, str], name: str, key: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(name, t(key))
    return value


def _port(env: Mapping[str, str]) -> int:
    raw = env.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError("PORT", t("config.bad_port", value=raw))
    return int(raw)


def _timezone(env: Mapping[str, str]) -> ZoneInfo:
    raw = env.get("IMPL_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError("IMPL_TIMEZONE", t("config.bad_timezone", value=raw)) from None


def _admins(env: Mapping[str, str]) -> frozenset[str]:
    ids = [part.strip() for part in env.get("IMPL_ADMINS", "").split(",") if part.strip()]
    for user_id in ids:
        if not _USER_ID.match(user_id):
            raise ConfigError("IMPL_ADMINS", t("config.bad_admin", value=user_id))
    return frozenset(ids)


def _channel(env: Mapping[str, str], oauth: bool = False) -> str | None:
    raw = env.get("IMPL_CHANNEL", "").strip() or None
    if raw and oauth:  # a channel id belongs to one workspace; each workspace's cards stay where they start
        raise ConfigError("IMPL_CHANNEL", t("config.oauth_channel"))
    if raw is not None and not _CHANNEL_ID.match(raw):
        raise ConfigError("IMPL_CHANNEL", t("config.bad_channel", value=raw))
    return raw


def _process_file(env: Mapping[str, str]) -> Path | None:
    raw = env.get("IMPL_PROCESS_FILE", "").strip()
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        raise ConfigError("IMPL_PROCESS_FILE", t("config.missing_process_file", value=raw))
    return path


def _closures(env: Mapping[str, str]) -> tuple[date, ...]:
    """IMPL_CLOSURES: company days off, e.g. '2026-12-24,2026-12-31'."""
    days = []
    for part in env.get("IMPL_CLOSURES", "").split(","):
        if not part.strip():
            continue
        try:
            days.append(date.fromisoformat(part.strip()))
        except ValueError:
            raise ConfigError("IMPL_CLOSURES", t("config.bad_closure", value=part.strip())) from None
    return tuple(sorted(set(days)))


def _working_hours(env: Mapping[str, str]) -> tuple[tuple[time, time], ...]:
    """IMPL_WORKING_HOURS: Monday-to-Friday office hours, e.g. '08:00-13:00,14:00-17:00'."""
    raw = env.get("IMPL_WORKING_HOURS", "").strip()
    if not raw:
        return DEFAULT_WORKING_HOURS
    intervals = []
    for part in raw.split(","):
        match = re.fullmatch(r"\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*", part)
        try:
            opens, closes = (time.fromisoformat(v.zfill(5)) for v in match.groups())  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            raise ConfigError("IMPL_WORKING_HOURS", t("config.bad_working_hours", value=raw)) from None
        if not opens < closes or (intervals and opens < intervals[-1][1]):
            raise ConfigError("IMPL_WORKING_HOURS", t("config.bad_working_hours", value=raw))
        intervals.append((opens, closes))
    return tuple(intervals)


def _reminder_batch(env: Mapping[str, str]) -> int:
    raw = env.get("IMPL_REMINDER_BATCH", "").strip() or "100"
    if not raw.isdigit() or not 1 <= int(raw) <= 1000:
        raise ConfigError("IMPL_REMINDER_BATCH", t("config.bad_reminder_batch", value=raw))
    return int(raw)


def _redact_url(url: str) -> str:
    """Never echo a database password."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)

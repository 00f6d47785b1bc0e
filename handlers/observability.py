"""Metrics (Prometheus text at GET /metrics) and the request context that every log line carries.

Log lines carry a request id and the Slack team and user ids, never tokens, secrets or client data. The
context lives in contextvars, which the listener executor copies into its worker threads (ContextExecutor).
"""

from __future__ import annotations

import contextvars
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
team_id: contextvars.ContextVar[str] = contextvars.ContextVar("team_id", default="-")
user_id: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")


class Metrics:
    """One registry per app: the app's requests, ack latency, reminders and Slack API errors."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("impl_requests", "Slack requests handled, by kind and outcome",
                                ["kind", "outcome"], registry=self.registry)
        self.ack_seconds = Histogram("impl_ack_seconds", "Time to answer Slack (the ack) at /slack/events",
                                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5),
                                     registry=self.registry)
        self.reminders = Counter("impl_reminders", "Reminders by outcome (sent, retried, failed, cancelled, "
                                 "expired, muted)", ["outcome"], registry=self.registry)
        self.slack_errors = Counter("impl_slack_api_errors", "Slack Web API errors, by method and error",
                                    ["method", "error"], registry=self.registry)

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MeteredWebClient(WebClient):
    """A WebClient that counts the Slack API errors it raises (after its own retries)."""

    metrics: Metrics | None = None

    def api_call(self, api_method: str, *args, **kwargs):
        try:
            return super().api_call(api_method, *args, **kwargs)
        except SlackApiError as exc:
            if self.metrics is not None:
                self.metrics.slack_errors.labels(api_method, str(exc.response.get("error") or "error")).inc()
            raise


class ContextExecutor(ThreadPoolExecutor):
    """Runs each task in a copy of the submitter's contextvars (the request id reaches the listener's logs)."""

    def submit(self, fn, /, *args, **kwargs):
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)


def request_kind(body: dict[str, Any]) -> str:
    if body.get("command"):
        return "command"
    return str(body.get("type") or "other")


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id, record.team_id, record.user_id = request_id.get(), team_id.get(), user_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"), "team_id": getattr(record, "team_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(team_id)s %(user_id)s]: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))

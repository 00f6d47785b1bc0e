"""The HTTP edge: Slack requests at POST /slack/events, health at GET /healthz. A plain WSGI app."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from handlers.observability import Metrics

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def wsgi_app(app: App, health: Callable[[], tuple[bool, dict[str, Any]]], metrics: Metrics | None = None):
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def respond(start_response, status: str, body: bytes, content_type: str) -> list[bytes]:
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    def application(environ: dict[str, Any], start_response) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            ok, details = health()
            return respond(start_response, "200 OK" if ok else "503 Service Unavailable",
                           json.dumps(details).encode(), "application/json")
        if path == METRICS_PATH and method == "GET" and metrics is not None:
            return respond(start_response, "200 OK", *metrics.exposition())
        if path == EVENTS_PATH and metrics is not None:
            started = time.perf_counter()
            result = slack(environ, start_response)  # Bolt answers once the listener acked
            metrics.ack_seconds.observe(time.perf_counter() - started)
            return result
        return slack(environ, start_response)

    return application

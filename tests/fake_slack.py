"""A fake Slack Web API on 127.0.0.1: records every call and answers like Slack.

It also serves `response_url`s, can be told to fail (429 with Retry-After, 5xx, Slack errors) and
checks every message and view against Slack's limits, refusing bad ones with `invalid_blocks` just
like Slack does (violations are collected so a test can fail on them).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.slack_limits import check_message, check_view

TEAM_ID = "T0001"
BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.unreachable_channels: set[str] = set()
        self.socket_mode_url: str | None = None
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- scripting and inspection ------------------------------------------------------------
    def fail(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
             times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "internal_error")}
        for _ in range(times):
            self._failures[method].append(Failure(status=status, body=body, headers=headers))

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, where=None) -> list[Call]:
        """Wait until at least `count` calls to `method` (matching `where`) arrived; return them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} call(s) to {method}, got {len(found)}; calls: {seen}")
                self._cond.wait(remaining)

    def last_view(self, callback_id: str | None = None) -> dict[str, Any]:
        with self._cond:
            views = [v for v in self.views.values() if callback_id is None or v.get("callback_id") == callback_id]
        if not views:
            raise AssertionError(f"no view opened with callback_id {callback_id!r}")
        return views[-1]

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        return self.messages[(channel, ts)]

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [m for m in self.messages.values() if m.get("channel") == channel and m.get("thread_ts") == ts]

    # -- the server --------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _ts(self) -> str:
        return f"{1_765_000_000 + next(self._ids)}.000100"

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                args = _parse(raw, self.headers.get("Content-Type", ""))
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or args.get("token")
                if self.path.startswith("/response/"):
                    fake._invalid(check_message(args), "response_url")
                    fake._record(Call("response_url", {**args, "_url": self.path}, token))
                    return self._send(200, b"ok", "text/plain")
                method = self.path.removeprefix("/api/")
                failures = fake._failures.get(method)
                if failures:
                    failure = failures.popleft()
                    fake._record(Call(method, {**args, "_failed": failure.status}, token))
                    return self._send(failure.status, json.dumps(failure.body).encode(), headers=failure.headers)
                status, body = fake._answer(method, args, token)
                fake._record(Call(method, args, token))
                return self._send(status, json.dumps(body).encode())

            def _send(self, status: int, body: bytes, content_type: str = "application/json", headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> tuple[int, dict[str, Any]]:
        if not token or not token.startswith(("xoxb-", "xapp-")):
            return 200, {"ok": False, "error": "not_authed"}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}
        return 200, handler(args)

    def _invalid(self, problems: list[str], method: str) -> dict[str, Any] | None:
        if not problems:
            return None
        with self._cond:
            self.violations += [f"{method}: {p}" for p in problems]
        return {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": problems}}

    # -- Web API methods ---------------------------------------------------------------------
    def _auth_test(self, args):
        return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "impl-bot",
                "team_id": TEAM_ID, "user_id": BOT_USER, "bot_id": "BBOT"}

    def _channel_for(self, channel: str) -> str:
        return "D" + channel[1:] if channel[:1] in ("U", "W") else channel

    def _chat_postMessage(self, args):
        invalid = self._invalid(check_message(args), "chat.postMessage")
        if invalid:
            return invalid
        channel = self._channel_for(args.get("channel", ""))
        if channel in self.unreachable_channels:
            return {"ok": False, "error": "not_in_channel"}
        ts = self._ts()
        with self._cond:
            self.messages[(channel, ts)] = {**args, "channel": channel, "ts": ts}
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _chat_update(self, args):
        invalid = self._invalid(check_message(args), "chat.update")
        if invalid:
            return invalid
        key = (args.get("channel"), args.get("ts"))
        with self._cond:
            if key not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            self.messages[key] = {**self.messages[key], **args}
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def _chat_postEphemeral(self, args):
        invalid = self._invalid(check_message(args), "chat.postEphemeral")
        return invalid or {"ok": True, "message_ts": self._ts()}

    def _chat_getPermalink(self, args):
        return {"ok": True, "permalink": f"https://fake.slack.com/archives/{args.get('channel')}/p{args.get('message_ts')}"}

    def _store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = {**view, "id": view_id, "hash": f"h{next(self._ids)}"}
        with self._cond:
            self.views.pop(view_id, None)
            self.views[view_id] = stored
        return stored

    def _views_open(self, args):
        view = _json(args.get("view"))
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        invalid = self._invalid(check_view(view), "views.open")
        return invalid or {"ok": True, "view": self._store_view(view)}

    def _views_push(self, args):
        return self._views_open(args)

    def _views_update(self, args):
        view = _json(args.get("view"))
        view_id = args.get("view_id")
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != self.views[view_id]["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        invalid = self._invalid(check_view(view), "views.update")
        return invalid or {"ok": True, "view": self._store_view(view, view_id)}

    def _views_publish(self, args):
        view = _json(args.get("view"))
        invalid = self._invalid(check_view(view), "views.publish")
        if invalid:
            return invalid
        with self._cond:
            self.homes[args.get("user_id")] = view
        return {"ok": True, "view": {**view, "id": f"V{next(self._ids):08d}"}}

    def _apps_connections_open(self, args):
        if self.socket_mode_url is None:
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": self.socket_mode_url}

    def _conversations_open(self, args):
        users = args.get("users", "")
        return {"ok": True, "channel": {"id": self._channel_for(users.split(",")[0])}}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "application/json" in content_type:
        return json.loads(raw)
    args: dict[str, Any] = dict(parse_qsl(raw.decode(), keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args

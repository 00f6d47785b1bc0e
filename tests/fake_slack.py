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
from email import policy
from email.parser import BytesParser
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
        # OAuth installs: code → what oauth.v2.access answers; each bot token belongs to one workspace.
        self.client_credentials: tuple[str, str] | None = None
        self.install_codes: dict[str, dict[str, Any]] = {}
        self.token_teams: dict[str, str] = {}
        # hold(): the next request to a method waits until released, then is processed, or dropped (a
        # connection cut before Slack accepted the call): to test a process killed in the middle of sending,
        # or to make two instances interleave deterministically.
        self._hold_method: str | None = None
        self._hold_drop = False
        self.holding = threading.Event()
        self._release = threading.Event()
        self.delay = 0.0  # seconds each Web API call takes (to make concurrent callers overlap)
        self.files: dict[str, dict[str, Any]] = {}  # file_id → shared file (files.completeUploadExternal)
        self._uploads: dict[str, dict[str, Any]] = {}  # file_id → pending upload (getUploadURLExternal)
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

    def hold(self, method: str, *, drop: bool) -> None:
        self._hold_method, self._hold_drop = method, drop
        self.holding.clear()
        self._release.clear()

    def release(self) -> None:
        self._release.set()

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

    def files_in_thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """Files shared into the thread `ts` of `channel` (files_upload_v2 with channel + thread_ts), in order."""
        with self._cond:
            return [{"id": file_id, **f} for file_id, f in self.files.items()
                    if f.get("channel") == channel and f.get("thread_ts") == ts]

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
                if self.path.startswith("/upload/"):  # the upload URL from files.getUploadURLExternal: raw bytes
                    status, body, headers = fake._upload(self.path, raw, self.headers.get("Content-Type", ""))
                    return self._send(status, body, "text/plain; charset=utf-8", headers)
                args = _parse(raw, self.headers.get("Content-Type", ""))
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or args.get("token")
                if self.path.startswith("/response/"):
                    fake._invalid(check_message(args), "response_url")
                    fake._record(Call("response_url", {**args, "_url": self.path}, token))
                    return self._send(200, b"ok", "text/plain")
                method = self.path.removeprefix("/api/")
                if method == "oauth.v2.access":  # app credentials (HTTP Basic), not a token
                    body = fake._oauth_v2_access(args, self.headers.get("Authorization") or "")
                    fake._record(Call(method, {k: v for k, v in args.items() if k != "client_secret"}, None))
                    return self._send(200, json.dumps(body).encode())
                if fake.delay:
                    time.sleep(fake.delay)
                if method == fake._hold_method and not fake.holding.is_set():
                    fake.holding.set()  # only the first request is held
                    fake._release.wait(60)
                    if fake._hold_drop:
                        self.close_connection = True
                        return  # never processed: the caller sees a dropped connection
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
        if self.token_teams.get(token) == "":
            return 200, {"ok": False, "error": "invalid_auth"}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}
        if method == "auth.test":
            return 200, handler(args, token)
        return 200, handler(args)

    def _invalid(self, problems: list[str], method: str) -> dict[str, Any] | None:
        if not problems:
            return None
        with self._cond:
            self.violations += [f"{method}: {p}" for p in problems]
        return {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": problems}}

    # -- OAuth ---------------------------------------------------------------------------------
    def accept_install(self, code: str, *, team_id: str | None, token: str, installer: str, team_name: str = "",
                       scopes: str = "commands,chat:write,chat:write.public,files:write,im:write,users:read",
                       enterprise_id: str | None = None) -> None:
        """The next oauth.v2.access with `code` installs the app in `team_id` with bot token `token`; with
        `enterprise_id`, in a workspace of that Enterprise Grid, or in the whole organisation if `team_id` is
        None (an org-wide install)."""
        self.install_codes[code] = {"team_id": team_id, "token": token, "installer": installer,
                                    "team_name": team_name or f"Workspace {team_id}", "scopes": scopes,
                                    "enterprise_id": enterprise_id}

    def revoke(self, token: str) -> None:
        self.token_teams[token] = ""  # calls with it now fail with invalid_auth

    def _oauth_v2_access(self, args, authorization: str) -> dict[str, Any]:
        import base64

        expected = self.client_credentials
        given = base64.b64decode(authorization.removeprefix("Basic ")).decode() if authorization else ""
        if expected is None or given != f"{expected[0]}:{expected[1]}":
            return {"ok": False, "error": "invalid_client_id"}
        install = self.install_codes.pop(args.get("code", ""), None)
        if install is None:
            return {"ok": False, "error": "invalid_code"}
        self.token_teams[install["token"]] = install["team_id"] or install["enterprise_id"]
        enterprise, org_wide = install["enterprise_id"], install["team_id"] is None
        return {"ok": True, "app_id": "A0IMPL", "access_token": install["token"], "token_type": "bot",
                "scope": install["scopes"], "bot_user_id": BOT_USER,
                "team": None if org_wide else {"id": install["team_id"], "name": install["team_name"]},
                "enterprise": {"id": enterprise, "name": "Grid"} if enterprise else None,
                "authed_user": {"id": install["installer"]}, "is_enterprise_install": org_wide}

    def team_of(self, token: str | None) -> str:
        return self.token_teams.get(token or "", TEAM_ID)

    # -- Web API methods ---------------------------------------------------------------------
    def _auth_test(self, args, token=None):
        return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "impl-bot",
                "team_id": self.team_of(token), "user_id": BOT_USER, "bot_id": "BBOT"}

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

    def _users_info(self, args):
        user = args.get("user", "")
        return {"ok": True, "user": {"id": user, "name": user.lower(), "real_name": f"Persona {user}",
                                     "tz": "America/Guayaquil"}}

    def _conversations_open(self, args):
        users = args.get("users", "")
        return {"ok": True, "channel": {"id": self._channel_for(users.split(",")[0])}}

    # -- file uploads (files_upload_v2: getUploadURLExternal → POST bytes → completeUploadExternal) -------
    def _files_getUploadURLExternal(self, args):
        filename, length = args.get("filename"), args.get("length")
        missing = [name for name, value in (("filename", filename), ("length", length)) if value in (None, "")]
        if missing:
            return _invalid_arguments(*[f"missing required field: {name}" for name in missing])
        try:
            size = int(length)
        except (TypeError, ValueError):
            return _invalid_arguments(f"invalid value for length: {length!r}")
        if size < 0:
            return _invalid_arguments(f"invalid value for length: {length!r}")
        file_id = f"F{next(self._ids):010d}"
        with self._cond:
            self._uploads[file_id] = {"filename": filename, "length": size, "content": None,
                                      "alt_txt": args.get("alt_txt"), "snippet_type": args.get("snippet_type")}
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def _upload(self, path: str, raw: bytes, content_type: str) -> tuple[int, bytes, dict[str, str]]:
        """POST to an upload URL. slack_sdk sends the bytes as the raw body (urllib `Request(data=bytes)`, so
        Content-Type is urllib's default application/x-www-form-urlencoded and nothing is encoded); curl-style
        multipart/form-data is accepted too. Answers like files.slack.com: 200 "OK - <bytes>"."""
        file_id = path.removeprefix("/upload/").split("?")[0].strip("/")
        failures = self._failures.get("upload")
        if failures:
            failure = failures.popleft()
            self._record(Call("upload", {"file_id": file_id, "_url": path, "_failed": failure.status}, None))
            return failure.status, json.dumps(failure.body).encode(), failure.headers
        content = _multipart_file(raw, content_type) if content_type.startswith("multipart/form-data") else raw
        with self._cond:
            pending = self._uploads.get(file_id)
            if pending is not None:
                pending["content"] = content
                if content is not None and len(content) != pending["length"]:
                    self.violations.append(f"upload: {file_id} ({pending['filename']}) declared length "
                                           f"{pending['length']} in files.getUploadURLExternal, "
                                           f"{len(content)} bytes sent")
        self._record(Call("upload", {"file_id": file_id, "_url": path, "content_type": content_type,
                                     "length": None if content is None else len(content), "content": content}, None))
        if pending is None:
            return 404, b"Not Found", {}
        if content is None:
            return 400, b"no file in the multipart body", {}
        return 200, f"OK - {len(content)}".encode(), {}

    def _files_completeUploadExternal(self, args):
        try:
            requested = _json(args.get("files"))
        except ValueError:
            return _invalid_arguments("files must be a JSON array")
        if not requested or not isinstance(requested, list) \
                or not all(isinstance(f, dict) and f.get("id") for f in requested):
            return _invalid_arguments("files must be a non-empty array of objects with an id")
        targets = args.get("channel_id") or args.get("channels") or ""
        channels = [self._channel_for(c) for c in targets.split(",") if c]
        thread_ts = args.get("thread_ts") or None
        if thread_ts and len(channels) != 1:
            return _invalid_arguments("thread_ts needs exactly one channel")
        comment = args.get("initial_comment")
        if comment:
            invalid = self._invalid(check_message({"text": comment}), "files.completeUploadExternal")
            if invalid:
                return invalid
        if any(c in self.unreachable_channels for c in channels):
            return {"ok": False, "error": "not_in_channel"}
        with self._cond:
            for f in requested:
                pending = self._uploads.get(f["id"])
                if pending is None:  # unknown, or already completed (the method can only be called once)
                    return {"ok": False, "error": "file_not_found"}
                if pending["content"] is None:
                    return {"ok": False, "error": "file_not_found",
                            "response_metadata": {"messages": [f"[ERROR] no bytes were uploaded for {f['id']}"]}}
            shared = []
            for f in requested:
                pending = self._uploads.pop(f["id"])
                title = f.get("title") or pending["filename"]
                self.files[f["id"]] = {
                    "filename": pending["filename"], "title": title, "content": pending["content"],
                    "channel": channels[0] if channels else None, "thread_ts": thread_ts,
                    "initial_comment": comment, "channels": channels,
                }
                shared.append({"id": f["id"], "title": title, "name": pending["filename"],
                               "size": len(pending["content"]), "channels": channels})
            self._cond.notify_all()
        return {"ok": True, "files": shared}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _invalid_arguments(*messages: str) -> dict[str, Any]:
    return {"ok": False, "error": "invalid_arguments",
            "response_metadata": {"messages": [f"[ERROR] {m}" for m in messages]}}


def _multipart_file(raw: bytes, content_type: str) -> bytes | None:
    """The file part of a multipart/form-data body (the part with a filename, or named `file`/`filename`)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is not None or name in ("file", "filename"):
            return part.get_payload(decode=True) or b""
    return None


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

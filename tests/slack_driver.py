"""Plays Slack's side: sends signed requests to the app exactly as Slack does.

Slash commands are form-encoded; interactivity is form-encoded with one `payload=<JSON>` field;
events are JSON. Every request carries X-Slack-Request-Timestamp and a v0 HMAC signature.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.fake_slack import TEAM_ID, FakeSlack


@dataclass
class Response:
    status: int
    body: bytes
    elapsed: float
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    def __init__(self, url: str, signing_secret: str, fake: FakeSlack, team_id: str = TEAM_ID,
                 enterprise_id: str | None = None):
        self.url = url.rstrip("/")
        self.secret = signing_secret
        self.fake = fake
        self.team_id = team_id
        self.enterprise_id = enterprise_id  # a workspace of an Enterprise Grid: Slack sends both ids

    # -- transport ---------------------------------------------------------------------------
    def post(self, path: str, body: bytes, content_type: str, *, timestamp: int | None = None,
             signature: str | None = None) -> Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(self.secret, ts, body),
        }
        request = urllib.request.Request(self.url + path, data=body, headers=headers, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return Response(resp.status, resp.read(), time.perf_counter() - started)
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read(), time.perf_counter() - started)

    def get(self, path: str) -> Response:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                return Response(resp.status, resp.read(), time.perf_counter() - started)
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read(), time.perf_counter() - started)

    def browse(self, path: str, cookie: str | None = None) -> Response:
        """A browser's GET (the OAuth install pages): redirects are not followed, headers are kept."""
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        opener = urllib.request.build_opener(NoRedirect)
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=10) as resp:
                return Response(resp.status, resp.read(), time.perf_counter() - started, dict(resp.headers))
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.read(), time.perf_counter() - started, dict(exc.headers))

    def _interactive(self, payload: dict[str, Any], **kwargs) -> Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", **kwargs)

    # -- what users do -----------------------------------------------------------------------
    def command_body(self, user: str, text: str, channel: str = "C0CARDS") -> tuple[bytes, str]:
        response_name = uuid.uuid4().hex[:10]
        form = {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "implementaciones",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/impl",
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(response_name),
            "trigger_id": f"trig.{response_name}",
        }
        return urlencode(form).encode(), response_name

    def command(self, user: str, text: str, channel: str = "C0CARDS", **kwargs) -> Response:
        body, _ = self.command_body(user, text, channel)
        return self.post("/slack/events", body, "application/x-www-form-urlencoded", **kwargs)

    def click(self, user: str, action_id: str, value: str = "", *, channel: str = "C0CARDS",
              message_ts: str | None = None, view: dict[str, Any] | None = None,
              selected_user: str | None = None, message: dict[str, Any] | None = None) -> Response:
        """Click a button (or pick a user) on a message or a view. `message`: the whole message, as Slack sends it."""
        if message is not None:
            channel, message_ts = message["channel"], message["ts"]
        action: dict[str, Any] = {"action_id": action_id, "block_id": "b", "action_ts": str(time.time())}
        if value:
            action.update(type="button", value=value)
        if selected_user:
            action.update(type="users_select", selected_user=selected_user)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "fake"},
            **({"enterprise": {"id": self.enterprise_id}} if self.enterprise_id else {}),
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0001",
            "trigger_id": f"trig.{uuid.uuid4().hex[:10]}",
            "actions": [action],
        }
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view["id"]}
        else:
            payload["channel"] = {"id": channel}
            payload["container"] = {"type": "message", "channel_id": channel, "message_ts": message_ts or "1.0"}
            payload["message"] = message or {"ts": message_ts or "1.0"}
            payload["response_url"] = self.fake.response_url(uuid.uuid4().hex[:10])
        return self._interactive(payload)

    def choose(self, user: str, action_id: str, value: str, *, channel: str = "C0CARDS",
               message_ts: str = "1.0") -> Response:
        """Pick an option of an overflow menu (or static select) on a message."""
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "fake"},
            **({"enterprise": {"id": self.enterprise_id}} if self.enterprise_id else {}),
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0001",
            "trigger_id": f"trig.{uuid.uuid4().hex[:10]}",
            "actions": [{"action_id": action_id, "block_id": "b", "type": "overflow", "action_ts": str(time.time()),
                         "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value}}],
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
            "message": {"ts": message_ts},
            "response_url": self.fake.response_url(uuid.uuid4().hex[:10]),
        }
        return self._interactive(payload)

    def submit(self, user: str, view: dict[str, Any], answers: dict[str, Any]) -> Response:
        """Submit `view` as Slack would, with `answers` ({block_id: python value}) as its state."""
        return self._interactive(self._view_payload("view_submission", user, view, answers))

    def close(self, user: str, view: dict[str, Any], answers: dict[str, Any]) -> Response:
        return self._interactive(self._view_payload("view_closed", user, view, answers))

    def event(self, event: dict[str, Any]) -> Response:
        body = json.dumps({
            "token": "legacy", "team_id": self.team_id, "api_app_id": "A0001", "type": "event_callback",
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "event_id": f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time()), "event": event,
        }).encode()
        return self.post("/slack/events", body, "application/json")

    def _view_payload(self, kind: str, user: str, view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": kind,
            "team": {"id": self.team_id, "domain": "fake"},
            **({"enterprise": {"id": self.enterprise_id}} if self.enterprise_id else {}),
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0001",
            "view": {**view, "state": {"values": state_values(view, answers)}},
        }


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Build `view.state.values` like Slack: the answered blocks, and the others with their initial values.

    A test clears a prefilled field by answering None.
    """
    by_id = {b["block_id"]: b for b in view.get("blocks", []) if b.get("type") == "input"}
    unknown = set(answers) - set(by_id)
    if unknown:
        raise AssertionError(f"the view has no input block {sorted(unknown)}; it has {sorted(by_id)}")
    values: dict[str, Any] = {}
    for block_id, block in by_id.items():
        element = block["element"]
        answer = answers[block_id] if block_id in answers else _initial(element)
        values[block_id] = {element["action_id"]: _element_state(element, answer)}
    return values


def _initial(element: dict[str, Any]) -> Any:
    """What Slack reports for an untouched element: its initial value, or nothing."""
    kind = element["type"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    for key in ("initial_value", "initial_user", "initial_date", "initial_time", "initial_date_time"):
        if key in element:
            return element[key]
    if "initial_users" in element:
        return element["initial_users"]
    return [] if kind in ("checkboxes", "multi_static_select", "multi_users_select", "file_input") else None


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    for option in element.get("options", []):
        if option["value"] == value:
            return option
    raise AssertionError(f"{value!r} is not an option of {element.get('action_id')}")


def _element_state(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": answer}
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": _option(element, answer) if answer is not None else None}
    if kind in ("checkboxes", "multi_static_select"):
        return {"type": kind, "selected_options": [_option(element, v) for v in answer or []]}
    if kind == "users_select":
        return {"type": kind, "selected_user": answer}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(answer or [])}
    if kind == "datepicker":
        return {"type": kind, "selected_date": answer}
    if kind == "timepicker":
        return {"type": kind, "selected_time": answer}
    if kind == "datetimepicker":
        return {"type": kind, "selected_date_time": answer}
    if kind == "file_input":  # files the user uploaded in the modal, as Slack describes them
        return {"type": kind, "files": [{"id": f["id"], "name": f["name"], "mimetype": "application/pdf",
                                         "url_private": f"https://files.fake.slack.com/{f['id']}/{f['name']}",
                                         "permalink": f"https://fake.slack.com/files/U/{f['id']}/{f['name']}"}
                                        for f in answer or []]}
    raise AssertionError(f"unsupported element {kind}")

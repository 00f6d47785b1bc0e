"""Slack's surface limits (../shared/slack/LIMITS.md) as checks: each returns a list of violations.

Used twice: by the fake Slack Web API on every surface the app sends, and by the test that renders
every builder directly.
"""

from __future__ import annotations

import json
import re
from typing import Any

BLOCK_TYPES = {"section", "divider", "header", "context", "actions", "input", "image", "rich_text", "file"}


def check_message(body: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    blocks = body.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    text = body.get("text")
    if blocks:
        if len(blocks) > 50:
            problems.append(f"message has {len(blocks)} blocks (max 50)")
        if not (isinstance(text, str) and text.strip()):
            problems.append("message with blocks has no `text` fallback")
        problems += _check_blocks(blocks, surface="message")
    elif not (isinstance(text, str) and text.strip()):
        problems.append("message has neither text nor blocks")
    if isinstance(text, str) and len(text) > 4000:
        problems.append(f"message text has {len(text)} characters (keep ≤ 4000)")
    return problems


def check_view(view: dict[str, Any]) -> list[str]:
    if isinstance(view, str):
        view = json.loads(view)
    problems: list[str] = []
    kind = view.get("type")
    blocks = view.get("blocks") or []
    if kind not in ("modal", "home"):
        problems.append(f"view type {kind!r}")
    if not 1 <= len(blocks) <= 100:
        problems.append(f"view has {len(blocks)} blocks (1..100)")
    if len(json.dumps(view)) > 250_000:
        problems.append("view JSON over 250 kB")
    if len(view.get("callback_id", "")) > 255:
        problems.append("callback_id over 255")
    if len(view.get("private_metadata", "")) > 3000:
        problems.append("private_metadata over 3000")
    if kind == "modal":
        problems += _plain(view.get("title"), 24, "modal title", required=True)
        for key in ("submit", "close"):
            if key in view:
                problems += _plain(view[key], 24, f"modal {key}", required=True)
        if any(b.get("type") == "input" for b in blocks) and "submit" not in view:
            problems.append("modal with input blocks has no submit")
    if kind == "home" and ("submit" in view or "close" in view):
        problems.append("home tab with submit/close")
    problems += _check_blocks(blocks, surface=kind or "?")
    return problems


def _text(obj: Any, limit: int, where: str, *, required: bool = True, min_length: int = 1) -> list[str]:
    if obj is None:
        return [f"{where}: missing text object"] if required else []
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where}: not a text object: {obj!r}"]
    text = obj.get("text")
    if not isinstance(text, str):
        return [f"{where}: text is not a string"]
    if len(text) < min_length:
        return [f"{where}: empty text"]
    if len(text) > limit:
        return [f"{where}: {len(text)} characters (max {limit})"]
    return []


def _plain(obj: Any, limit: int, where: str, *, required: bool = True) -> list[str]:
    problems = _text(obj, limit, where, required=required)
    if obj is not None and isinstance(obj, dict) and obj.get("type") != "plain_text":
        problems.append(f"{where}: must be plain_text")
    return problems


def _check_blocks(blocks: list[dict[str, Any]], *, surface: str) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for n, block in enumerate(blocks):
        where = f"{surface} block #{n} ({block.get('type')})"
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            problems.append(f"{where}: unknown block type")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if len(block_id) > 255:
                problems.append(f"{where}: block_id over 255")
            if block_id in seen:
                problems.append(f"{where}: duplicate block_id {block_id!r}")
            seen.add(block_id)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: section needs text or fields")
            if "text" in block:
                problems += _text(block["text"], 3000, where)
            fields = block.get("fields") or []
            if len(fields) > 10:
                problems.append(f"{where}: {len(fields)} fields (max 10)")
            for f in fields:
                problems += _text(f, 2000, f"{where} field")
            if "accessory" in block:
                problems += _check_element(block["accessory"], f"{where} accessory")
        elif kind == "header":
            problems += _plain(block.get("text"), 150, where)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                problems.append(f"{where}: {len(elements)} elements (1..10)")
            for e in elements:
                if e.get("type") in ("plain_text", "mrkdwn"):
                    problems += _text(e, 3000, f"{where} element")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                problems.append(f"{where}: {len(elements)} elements (1..25)")
            for e in elements:
                problems += _check_element(e, where)
        elif kind == "input":
            if surface == "message":
                problems.append(f"{where}: input blocks belong in modals")
            problems += _plain(block.get("label"), 2000, f"{where} label")
            if "hint" in block:
                problems += _plain(block["hint"], 2000, f"{where} hint")
            problems += _check_element(block.get("element") or {}, where)
    return problems


def _options(options: list[dict[str, Any]], where: str, limit: int) -> list[str]:
    problems = []
    if not 1 <= len(options) <= limit:
        problems.append(f"{where}: {len(options)} options (1..{limit})")
    values = [o.get("value") for o in options]
    if len(set(values)) != len(values):
        problems.append(f"{where}: duplicate option values")
    for o in options:
        problems += _text(o.get("text"), 75, f"{where} option text")
        if not isinstance(o.get("value"), str) or not 1 <= len(o["value"]) <= 150:
            problems.append(f"{where}: option value must be 1..150 characters")
        if "description" in o:
            problems += _text(o["description"], 75, f"{where} option description")
    return problems


def _check_element(element: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    kind = element.get("type")
    where = f"{where} {kind}"
    action_id = element.get("action_id")
    if action_id is not None and len(action_id) > 255:
        problems.append(f"{where}: action_id over 255")
    if "placeholder" in element:
        problems += _plain(element["placeholder"], 150, f"{where} placeholder")
    if kind == "button":
        problems += _plain(element.get("text"), 75, f"{where} text")
        if len(element.get("value", "")) > 2000:
            problems.append(f"{where}: value over 2000")
        if len(element.get("url", "")) > 3000:
            problems.append(f"{where}: url over 3000")
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}: bad style")
    elif kind in ("static_select", "multi_static_select"):
        options = element.get("options") or []
        problems += _options(options, where, 100)
        problems += _initial_in_options(element, options, where)
    elif kind in ("checkboxes", "radio_buttons"):
        options = element.get("options") or []
        problems += _options(options, where, 10)
        problems += _initial_in_options(element, options, where)
    elif kind == "overflow":
        problems += _options(element.get("options") or [], where, 5)
    elif kind == "plain_text_input":
        lo, hi = element.get("min_length", 0), element.get("max_length", 3000)
        if not 0 <= lo <= 3000 or not 1 <= hi <= 3000 or lo > hi:
            problems.append(f"{where}: min_length/max_length out of range")
        if len(element.get("initial_value", "")) > hi:
            problems.append(f"{where}: initial_value longer than max_length")
    elif kind == "datepicker":
        if "initial_date" in element and not re.match(r"^\d{4}-\d{2}-\d{2}$", element["initial_date"]):
            problems.append(f"{where}: initial_date must be YYYY-MM-DD")
    elif kind == "timepicker":
        if "initial_time" in element and not re.match(r"^\d{2}:\d{2}$", element["initial_time"]):
            problems.append(f"{where}: initial_time must be HH:mm")
    elif kind == "datetimepicker":
        if "initial_date_time" in element and not isinstance(element["initial_date_time"], int):
            problems.append(f"{where}: initial_date_time must be an int (UNIX seconds)")
    elif kind in ("users_select", "multi_users_select", "conversations_select", "channels_select", "number_input",
                  "email_text_input", "url_text_input", "file_input", "multi_conversations_select"):
        pass
    else:
        problems.append(f"{where}: unknown element type")
    if "confirm" in element:
        confirm = element["confirm"]
        problems += _plain(confirm.get("title"), 100, f"{where} confirm title")
        problems += _text(confirm.get("text"), 300, f"{where} confirm text")
        problems += _plain(confirm.get("confirm"), 30, f"{where} confirm button")
        problems += _plain(confirm.get("deny"), 30, f"{where} deny button")
    return problems


def _initial_in_options(element: dict[str, Any], options: list[dict[str, Any]], where: str) -> list[str]:
    initial = element.get("initial_options") or ([element["initial_option"]] if "initial_option" in element else [])
    return [f"{where}: initial option {o.get('value')!r} is not one of the options" for o in initial if o not in options]

"""Read submitted view state (untrusted input) into plain values, one element per input block."""

from __future__ import annotations

from typing import Any

_SINGLE = {
    "plain_text_input": "value",
    "number_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}
_OPTION = {"static_select", "radio_buttons", "external_select"}
_OPTIONS = {"checkboxes", "multi_static_select", "multi_external_select"}
_LIST = {"multi_users_select": "selected_users", "multi_conversations_select": "selected_conversations"}


def element_value(element: Any) -> Any:
    if not isinstance(element, dict):
        return None
    kind = element.get("type")
    if kind in _SINGLE:
        return element.get(_SINGLE[kind])
    if kind in _OPTION:
        selected = element.get("selected_option")
        return selected.get("value") if isinstance(selected, dict) else None
    if kind in _OPTIONS:
        selected = element.get("selected_options") or []
        return [o["value"] for o in selected if isinstance(o, dict) and isinstance(o.get("value"), str)]
    if kind == "file_input":
        files = element.get("files") or []
        return [{k: f.get(k) for k in ("id", "name", "permalink", "url_private")} for f in files if isinstance(f, dict)]
    if kind in _LIST:
        values = element.get(_LIST[kind]) or []
        return [v for v in values if isinstance(v, str)]
    return None


def read_values(view: Any) -> dict[str, Any]:
    """{block_id: value} for every input block in a view payload."""
    state = view.get("state", {}).get("values", {}) if isinstance(view, dict) else {}
    values: dict[str, Any] = {}
    if not isinstance(state, dict):
        return values
    for block_id, elements in state.items():
        if isinstance(elements, dict):
            for element in elements.values():
                values[block_id] = element_value(element)
    return values


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def choice(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def choices(value: Any) -> frozenset[str]:
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()

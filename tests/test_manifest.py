"""manifest.yml is a valid Slack app manifest and asks only for the scopes the app uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
# Slack's official manifest schema (slackapi/manifest-schema, MIT licence: tests/data/slack/LICENSE-manifest-schema).
SCHEMA = ROOT / "tests" / "data" / "slack" / "manifest.schema.1.0.0.json"
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))

# Web API methods → the bot scope each needs (views.* and auth.test need none).
SCOPES_BY_METHOD = {
    "chat_postMessage": "chat:write",
    "chat_update": "chat:write",
    "chat_postEphemeral": "chat:write",
    "conversations_open": "im:write",
    "files_upload_v2": "files:write",
    "users_info": "users:read",
}


def test_manifest_validates_against_slacks_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(MANIFEST)


def test_manifest_declares_the_command_interactivity_home_and_events():
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == "/impl" and command["description"] and command["usage_hint"]
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert "app_home_opened" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert 175 <= len(MANIFEST["display_information"]["long_description"]) <= 4000
    assert MANIFEST["settings"]["socket_mode_enabled"] is True


def test_only_the_scopes_the_code_uses():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "handlers").rglob("*.py"))
    code += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").rglob("*.py"))
    used = {scope for method, scope in SCOPES_BY_METHOD.items() if re.search(rf"\.{method}\(", code)}
    used.add("commands")  # the slash command
    used.add("chat:write.public")  # cards in public channels the bot was not invited to
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == used


def test_the_oauth_install_asks_for_the_manifests_scopes_and_returns_to_the_app():
    from handlers.install import BOT_SCOPES, REDIRECT_PATH

    assert list(BOT_SCOPES) == MANIFEST["oauth_config"]["scopes"]["bot"]
    [redirect] = MANIFEST["oauth_config"]["redirect_urls"]
    assert redirect.endswith(REDIRECT_PATH)
    assert {"app_uninstalled", "tokens_revoked"} <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])


def test_the_schema_check_can_fail():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {**MANIFEST, "features": {**MANIFEST["features"], "app_home": {"home_tab": True}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))

"""The house rules that keep the code easy to change: checked, not hoped for."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_MODULES = [
    "bot/process.py", "bot/permissions.py", "bot/projects.py", "bot/ruc.py", "bot/search.py", "bot/errors.py",
    "bot/fmt.py", "bot/i18n.py", "bot/clock.py", "bot/config.py", "bot/calendar.py", "bot/dates.py",
    "bot/sla.py", "bot/intake.py", "bot/agenda.py", "bot/discovery.py", "bot/owner.py", "bot/sessions.py",
    "bot/ics.py", "bot/steps.py", "bot/credentials.py", "bot/hours.py", "bot/developments.py", "bot/reminders.py",
    "bot/portfolio.py",
]
COMPOSITION = {"bot/bootstrap.py", "bot/cli.py", "bot/clock.py", "bot/server.py", "bot/scheduler.py", "bot/__main__.py"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_domain_rules_import_neither_slack_nor_sqlalchemy():
    for name in DOMAIN_MODULES:
        bad = {m for m in imports(ROOT / name) if m.startswith(("slack", "sqlalchemy", "storage", "handlers"))}
        assert not bad, f"{name} imports {bad}"


def test_use_cases_do_not_know_slack():
    for path in (ROOT / "bot" / "usecases").glob("*.py"):
        assert not {m for m in imports(path) if m.startswith(("slack", "handlers"))}, path


# The one exception: slack_sdk's installation and OAuth-state tables (several workspaces), declared with
# slack_sdk's own table builders so that the migrations and its stores agree on their shape.
SLACK_TABLE_BUILDERS = {"slack_sdk.oauth.installation_store.sqlalchemy", "slack_sdk.oauth.state_store.sqlalchemy"}


def test_storage_does_not_know_slack():
    for path in (ROOT / "storage").rglob("*.py"):
        known = {m for m in imports(path) if m.startswith(("slack", "handlers"))}
        allowed = SLACK_TABLE_BUILDERS if path.name == "models.py" else set()
        assert not known - allowed, path


def test_nothing_below_the_composition_root_reads_the_wall_clock():
    offenders = []
    for folder in ("bot", "handlers", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in COMPOSITION:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    if node.func.attr in ("now", "utcnow", "today") and isinstance(node.func.value, ast.Name) \
                            and node.func.value.id in ("datetime", "date"):
                        offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_block_kit_builders_do_no_io():
    for path in (ROOT / "handlers" / "blocks").glob("*.py"):
        bad = {m for m in imports(path) if m.startswith(("slack", "storage", "sqlalchemy", "bot.usecases"))}
        assert not bad, f"{path.name} imports {bad}"


def test_ids_live_in_one_module():
    """No listener registers a literal callback/action id: they all come from handlers.ids."""
    for path in (ROOT / "handlers").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("action", "view", "view_closed", "command", "shortcut"):
                assert not any(isinstance(a, ast.Constant) for a in node.args), f"{path.name}:{node.lineno}"

"""Every text key the code uses exists in the catalog, no key is dead, every placeholder is well formed."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from bot.i18n import catalog, t

ROOT = Path(__file__).resolve().parents[1]
KEY = re.compile(r"[a-z_]+(?:\.[a-z_]+)+")
DYNAMIC_PREFIXES = ("help.", "permissions.action.", "roles.name.", "stage.", "sla.state.", "sla.detail.",
                    "discovery.decided.", "developments.level.", "golive.period.", "history.action.",
                    "hours.warning", "hours.exceeded", "steps.dataset.", "steps.result.", "steps.satisfaction.",
                    "reminders.text.", "reminders.kinds.", "reminders.digest.kind.", "portfolio.title.",
                    "chart.stage.", "export.column.")
ERROR_CLASSES = {"DomainError", "Conflict", "NotFound", "InvalidRuc"}


def _trees():
    for path in list((ROOT / "bot").rglob("*.py")) + list((ROOT / "handlers").rglob("*.py")):
        yield ast.parse(path.read_text(encoding="utf-8"))


def keys_called() -> set[str]:
    """First arguments of t(...) and of domain errors that are string literals."""
    keys = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if (name == "t" or name in ERROR_CLASSES) and isinstance(node.args[0].value, str):
                    keys.add(node.args[0].value)
    return keys


def strings_in_code() -> set[str]:
    return {n.value for tree in _trees() for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and KEY.fullmatch(n.value)}


def test_every_key_used_in_code_exists():
    assert sorted(k for k in keys_called() if k not in catalog()) == []


def test_dynamic_key_families_are_complete():
    from bot.permissions import Action, Role
    from bot.projects import Stage
    from handlers.blocks.help import SUBCOMMANDS

    for role in Role:
        assert t(f"roles.name.{role.value}")
    for action in Action:
        assert t(f"permissions.action.{action.value}")
    for stage in Stage:
        assert t(f"stage.{stage.value}")
    from bot.sla import SlaState

    for state in SlaState:
        assert t(f"sla.state.{state.value}")
    for state in (SlaState.MET, SlaState.MET_LATE):
        assert t(f"sla.detail.contact_{state.value}") and t(f"sla.detail.kickoff_{state.value}")
    assert t(f"sla.detail.kickoff_{SlaState.WAIVED.value}")
    from storage.discovery import ACCEPTED, REJECTED

    for status in (ACCEPTED, REJECTED):
        assert t(f"discovery.decided.{status}", user="U1")
    from bot.developments import PRIORITIES, URGENCIES
    from bot.steps import DATASET_STATUSES, FOLLOW_UP_RESULTS, SATISFACTION

    for level in {*URGENCIES, *PRIORITIES}:
        assert t(f"developments.level.{level}")
    for period in ("mensual", "anual"):
        assert t(f"golive.period.{period}")
    for family, values in (("dataset", DATASET_STATUSES), ("result", FOLLOW_UP_RESULTS), ("satisfaction", SATISFACTION)):
        for value in values:
            assert t(f"steps.{family}.{value}")
    for crossed in ("warning", "exceeded"):
        assert t(f"hours.{crossed}", total="1 h", estimate="2 h")
    from bot.reminders import DIGEST_ITEMS, SENT_ALONE, Kind

    for kind in Kind:
        assert t(f"reminders.kinds.{kind.value}")
    for kind in SENT_ALONE:
        assert t(f"reminders.text.{kind.value}", client="c", deadline="d", starts_at="s", since="x", go_live="g")
    for kind in DIGEST_ITEMS:
        assert t(f"reminders.digest.kind.{kind.value}")
    from bot.portfolio import View
    from handlers.charts import STAGES
    from handlers.exports import COLUMNS

    for view in View:
        if view not in (View.CLIENT, View.CHART):
            assert t(f"portfolio.title.{view.value}")
    assert t("portfolio.title.own")
    for stage in STAGES:
        assert t(f"chart.stage.{stage}")
    for column in COLUMNS:
        assert t(f"export.column.{column}")
    for name in SUBCOMMANDS:
        assert t(f"help.{name}.usage") and t(f"help.{name}.what") and t(f"help.{name}.example")


def test_no_key_is_dead():
    used = strings_in_code()
    dead = [k for k in catalog() if k not in used and not k.startswith(DYNAMIC_PREFIXES)]
    assert dead == []


def test_placeholders_are_well_formed():
    for key, text in catalog().items():
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        assert all(re.fullmatch(r"[a-z_]+", n) for n in names), key


def test_every_audited_action_has_a_label_in_the_history():
    actions = set()
    for tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "record":
                actions |= {k.value.value for k in node.keywords if k.arg == "action" and isinstance(k.value, ast.Constant)}
    # Workspace changes, not a project's: they never show in a project's history.
    actions -= {"roles.set", "roles.installer"}
    assert actions and sorted(a for a in actions if f"history.action.{a}" not in catalog()) == []

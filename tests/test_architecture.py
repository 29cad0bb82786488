"""The apps depend in one direction: accounts <- recovery <- coaching <- integrations, and
imports on top of recovery (it uses neither coaching nor integrations, and nothing uses it).

A module may import its own app and the apps below it, never one above: accounts knows
nothing of the others, recovery nothing of coaching or integrations, coaching nothing of
integrations. The data export and the
sign-up signals reach upward only through registries and signals that the upper app fills.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# imports sits on top and uses neither coaching nor integrations (nothing uses imports).
LAYERS = ["accounts", "recovery", "coaching", "integrations", "imports"]
FORBIDDEN = {"imports": {"coaching", "integrations"}}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_no_module_imports_an_app_above_its_own(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :]) | FORBIDDEN.get(app, set())
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in sorted((ROOT / app).rglob("*.py"))
        if imported_apps(path) & above
    }
    assert offending == {}


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from coaching.access import coached_athletes\nimport recovery.rules\n")
    assert imported_apps(module) == {"coaching", "recovery"}

"""Every string the window translates has its Korean text: a new button never shows English to a Korean user."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from tests.helpers.language import back_to_the_start_language

ROOT = Path(__file__).resolve().parents[2]


def _translated() -> set[tuple[str, str]]:
    """(context, source) pairs that have a finished Korean translation; Qt looks them up by both."""
    tree = ET.parse(ROOT / "resources" / "translations" / "vmbt_ko.ts")
    return {(context.findtext("name"), message.findtext("source"))
            for context in tree.iter("context") for message in context.iter("message")
            if (message.findtext("translation") or "").strip()
            and message.find("translation").get("type") not in ("unfinished", "obsolete", "vanished")}


def _tr_literals() -> dict[tuple[str, str], str]:
    """(class, text) of every self.tr("literal") in gui/: a widget's tr() uses its class as the context."""
    found = {}
    for path in sorted((ROOT / "gui").rglob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef):
                continue
            for node in ast.walk(cls):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
                        and node.args and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    found[(cls.name, node.args[0].value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_tr_string_has_a_korean_translation():
    literals = _tr_literals()
    assert len(literals) > 50  # the walk over gui/ found the window's strings
    translated = _translated()
    missing = {key: where for key, where in literals.items() if key not in translated}
    assert not missing, f"no Korean translation in resources/translations/vmbt_ko.ts for: {missing}"


def test_a_window_shown_in_korean_leaves_no_korean_to_the_next_test(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks, lang="ko")
    assert QCoreApplication.translate("QWizard", "&Next") != "&Next"  # Qt's own Korean is installed
    assert QLocale().language() == QLocale.Language.Korean
    window.close_keeping_walk()  # closed, as at a test's end, but not yet collected

    back_to_the_start_language()  # what the end of every test does (tests/conftest.py)

    assert QCoreApplication.translate("QWizard", "&Next") == "&Next"
    assert QLocale() == QLocale.system()

"""A search vocabulary that cannot be used (an edited checkout, a damaged file) leaves the window
usable: the search says where the file is wrong, in the page, and the flows still start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.app import DeferredSearch
from tests.helpers.vocabulary import forget_vocabulary
from troubleshooter import search_vocabulary
from troubleshooter.resources import resource_path
from troubleshooter.search_vocabulary import VOCABULARY_FILE


@pytest.fixture
def broken_vocabulary(tmp_path, monkeypatch):
    text = resource_path(VOCABULARY_FILE).read_text(encoding="utf-8")
    assert "  k1: 2.0" in text
    planted = tmp_path / VOCABULARY_FILE
    planted.write_text(text.replace("  k1: 2.0", "  k1: [2.0]", 1), encoding="utf-8")
    line = next(number for number, row in enumerate(planted.read_text(encoding="utf-8").splitlines(), 1)
                if "k1: [2.0]" in row)
    monkeypatch.setattr(search_vocabulary, "vocabulary_path", lambda: planted)
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path / "data"))  # no cached vocabulary to fall back on
    forget_vocabulary()
    yield f"{planted}:{line}:3:"
    forget_vocabulary()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_broken_vocabulary_is_named_on_the_page_and_the_flows_still_start(qtbot, open_window, example_flows,
                                                                           fake_checks, broken_vocabulary, lang):
    window = open_window(example_flows, fake_checks, search=DeferredSearch(example_flows), lang=lang)
    start = window.wizard.start_page
    qtbot.keyClicks(start.search_box, "UserErrorGuestAgentStatusUnavailable")

    qtbot.waitUntil(start.no_match.isVisible, timeout=3000)
    assert broken_vocabulary in start.no_match.text()
    assert {"en": "Search cannot be used", "ko": "검색을 사용할 수 없습니다"}[lang] in start.no_match.text()
    assert "Traceback" not in start.no_match.text()
    assert not start.results.isVisible()

    flow_id, button = next(iter(start.flow_buttons.items()))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.wizard.session is not None and window.wizard.session.flow_id == flow_id

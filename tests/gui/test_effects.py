"""A fix says what each command does to the VM and where it runs; retired guidance says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui.pages.resolution import ResolutionPage
from tests.report.conftest import pdf_text
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_pdf_bytes, render_text

DATA = Path(__file__).parent / "data"
EXPECTED = {
    "en": {"where": ["Bash on the VM", "Bash on the VM (root, sudo)", "Azure CLI (Cloud Shell or workstation)",
                     "Azure portal"],
           "effects": ["Read-only", "Needs downtime", "Destructive", "Read-only"],
           "warnings": ["maintenance window", "recent backup"],
           "retired": "Retired guidance (since 2023-09-01)"},
    "ko": {"where": ["VM의 Bash", "VM의 Bash(root, sudo)", "Azure CLI(Cloud Shell 또는 관리용 PC)", "Azure Portal"],
           "effects": ["읽기 전용", "가동 중지 필요", "데이터 손실 위험", "읽기 전용"],
           "warnings": ["유지 관리 시간", "복구 지점"],
           "retired": "더 이상 적용되지 않는 안내(2023-09-01부터)"},
}


@pytest.fixture
def effect_flows():
    return load_checked_flows([DATA / "effects.yaml"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_command_card_says_where_it_runs_and_what_it_does(qtbot, open_window, effect_flows, fake_checks,
                                                               lang):
    wizard = open_window(effect_flows, fake_checks, lang=lang).wizard
    qtbot.keyClick(wizard.start_page.flow_buttons["effects-example"], Qt.Key.Key_Space)
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    blocks = [page.commands_layout.itemAt(i).widget() for i in range(page.commands_layout.count())]
    expected = EXPECTED[lang]
    assert [b.heading.text() for b in blocks] == expected["where"]
    assert [b.effect.text() if not b.effect.isHidden() else "" for b in blocks] == expected["effects"]
    warnings = [b.warning.text() for b in blocks if not b.warning.isHidden()]
    assert len(warnings) == 2 and all(w in text for w, text in zip(expected["warnings"], warnings))
    assert page.retired_label.isVisible() and page.retired_label.text() == expected["retired"]
    other = "ko" if lang == "en" else "en"
    window = wizard.window()
    window.language_box.setCurrentIndex(window.language_box.findData(other))
    blocks = [page.commands_layout.itemAt(i).widget() for i in range(page.commands_layout.count())]
    assert [b.heading.text() for b in blocks] == EXPECTED[other]["where"]
    assert [b.effect.text() if not b.effect.isHidden() else "" for b in blocks] == EXPECTED[other]["effects"]
    assert page.retired_label.text() == EXPECTED[other]["retired"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_prints_effects_warnings_and_retired(effect_flows, lang):
    session = Session(effect_flows, "effects-example", lang=lang, platform="linux")
    report = build_report(session)
    expected = EXPECTED[lang]
    for text in (re.sub(r"\s+", " ", pdf_text(render_pdf_bytes(report, lang=lang, page_size="A4"))),
                 render_text(report, lang)):
        squashed = re.sub(r"\s+", "", text)
        for word in [*expected["effects"][:3], *expected["warnings"], expected["retired"], expected["where"][2]]:
            assert re.sub(r"\s+", "", word) in squashed, (word, text[:400])


def test_a_portal_path_uses_the_korean_portals_menu_names(qtbot, open_window, effect_flows, fake_checks):
    wizard = open_window(effect_flows, fake_checks, lang="ko").wizard
    qtbot.keyClick(wizard.start_page.flow_buttons["effects-example"], Qt.Key.Key_Space)
    page = wizard.currentPage()
    portal = [page.commands_layout.itemAt(i).widget() for i in range(page.commands_layout.count())][-1]
    assert portal.text.text() == "Recovery Services 자격 증명 모음 > 백업 항목"
    qtbot.mouseClick(portal.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "Recovery Services 자격 증명 모음 > 백업 항목"
    report = build_report(Session(effect_flows, "effects-example", lang="ko", platform="linux"))
    assert "Recovery Services 자격 증명 모음 > 백업 항목" in render_text(report, "ko")
    assert "Recovery Services vault > Backup items" in render_text(report, "en")

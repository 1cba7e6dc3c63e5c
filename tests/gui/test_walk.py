"""Walking the example flow through the window: Next, Back, search, language, resume."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWizard

from tests.gui.conftest import answer_modal
from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from gui.pages.resolution import ResolutionPage
from gui.wizard import START_ID, SUMMARY_ID
from troubleshooter.checks.result import Status

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton
FIXED = QWizard.WizardButton.CustomButton1
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot, wizard, option_id: str):
    page = wizard.currentPage()
    assert isinstance(page, ChoicePage)
    page.select_option(option_id)
    click(qtbot, wizard.button(NEXT))


def run_check_and_wait(qtbot, page: CheckPage):
    with qtbot.waitSignal(page.job.finished, timeout=5000):
        click(qtbot, page.run_button)


def to_the_summary_fixed(qtbot, wizard):
    """Example flow: "vss", run the check, Next to the fix, "That fixed it": the summary."""
    click(qtbot, wizard.start_page.flow_buttons["example"])
    choose(qtbot, wizard, "vss")
    run_check_and_wait(qtbot, wizard.currentPage())
    click(qtbot, wizard.button(NEXT))
    click(qtbot, wizard.button(FIXED))


def test_example_flow_to_a_fix_and_the_summary(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    assert not wizard.button(NEXT).isEnabled()  # nothing chosen yet
    click(qtbot, wizard.start_page.flow_buttons["example"])
    assert wizard.currentPage().title() == "What do you see?"
    assert "Step 1" in wizard.currentPage().subTitle()
    assert not wizard.button(NEXT).isEnabled()
    choose(qtbot, wizard, "vss")

    page = wizard.currentPage()
    assert isinstance(page, CheckPage)
    assert page.title() == "Example check"
    assert "Looks at the VSS writers." in page.prompt_label.text()
    assert not wizard.button(NEXT).isEnabled()
    run_check_and_wait(qtbot, page)
    assert page.result_view.isVisible()
    assert page.result_view.status_label.text() == "Problem"  # the word, not colour alone
    assert wizard.button(NEXT).isEnabled()
    click(qtbot, wizard.button(NEXT))

    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert page.title() == "Restart the VSS writers"
    assert wizard.button(NEXT).text() == "&Still failing >"
    assert wizard.button(FIXED).isVisible()
    click(qtbot, wizard.button(FIXED))

    assert wizard.currentId() == SUMMARY_ID
    assert wizard.session.outcome == "resolved"
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert "Restart the VSS writers" in wizard.summary_page.view.toPlainText()
    assert [v.answer for v in wizard.session.history] == ["vss", "problem", "fixed"]


def test_back_drops_the_answers_after_it(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    click(qtbot, wizard.start_page.flow_buttons["example"])
    choose(qtbot, wizard, "vss")
    run_check_and_wait(qtbot, wizard.currentPage())
    click(qtbot, wizard.button(NEXT))
    assert isinstance(wizard.currentPage(), ResolutionPage)

    click(qtbot, wizard.button(BACK))
    page = wizard.currentPage()
    assert isinstance(page, CheckPage)
    assert [(v.step, v.answer, v.check) for v in wizard.session.history] == [
        ("what-do-you-see", "vss", None), ("run-vss-check", None, None)]
    assert not page.result_view.isVisible()
    assert not wizard.button(NEXT).isEnabled()
    assert not wizard.button(FIXED).isVisible()

    click(qtbot, wizard.button(BACK))
    page = wizard.currentPage()
    # Back undoes the answer in the walk but offers it again: Next alone takes the same way.
    assert isinstance(page, ChoicePage) and page.selected_option() == "vss"
    assert wizard.button(NEXT).isEnabled()
    assert [(v.step, v.answer) for v in wizard.session.history] == [("what-do-you-see", None)]
    choose(qtbot, wizard, "info")
    assert wizard.currentPage().title() == "Some information"
    assert wizard.visitedIds() == [START_ID, 1, 2]


def test_back_from_the_summary_reopens_the_fix(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    to_the_summary_fixed(qtbot, wizard)
    click(qtbot, wizard.button(BACK))
    assert isinstance(wizard.currentPage(), ResolutionPage)
    assert wizard.session.outcome is None and wizard.session.current.answer is None
    click(qtbot, wizard.button(NEXT))  # still failing
    assert wizard.currentId() == SUMMARY_ID
    assert wizard.session.outcome == "support"


def test_search_jumps_to_the_matching_fix(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    start = wizard.start_page
    qtbot.keyClicks(start.search_box, "ExtensionFailedVssWriterInBadState")
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=2000)
    assert "Restart the VSS writers" in start.results.item(0).text()
    assert wizard.button(NEXT).isEnabled()
    qtbot.keyClick(start.search_box, Qt.Key.Key_Return)

    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    assert page.title() == "Restart the VSS writers"
    assert [(v.step, v.via) for v in wizard.session.history] == [("what-do-you-see", None), ("fix-vss", "search")]
    click(qtbot, wizard.button(BACK))
    assert wizard.currentId() == START_ID
    assert wizard.session is None


def test_search_debounces_typing(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    start = wizard.start_page
    qtbot.keyClicks(start.search_box, "vss")
    assert start.results.count() == 0  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: start.results.count() > 0, timeout=2000)
    start.search_box.setText("zzzz qqqq")
    qtbot.waitUntil(start.no_match.isVisible, timeout=2000)
    assert not wizard.button(NEXT).isEnabled()


def visible_texts(window) -> list[str]:
    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and widget.text().strip():
            texts.append(widget.text())
    return texts


def test_switching_language_keeps_the_walk_and_changes_every_text(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    click(qtbot, wizard.start_page.flow_buttons["example"])
    choose(qtbot, wizard, "vss")
    run_check_and_wait(qtbot, wizard.currentPage())
    session, history = wizard.session, [(v.step, v.answer) for v in wizard.session.history]

    window.language_box.setCurrentIndex(window.language_box.findData("ko"))
    page = wizard.currentPage()
    assert wizard.session is session and [(v.step, v.answer) for v in session.history] == history
    assert session.lang == "ko"
    assert page.title() == "예제 검사"
    assert page.result_view.isVisible() and page.result_view.status_label.text() == "문제"
    assert wizard.button(NEXT).text() == QCoreApplication.translate("QWizard", "&Next >")
    assert "다음" in wizard.button(NEXT).text()
    assert "뒤로" in wizard.button(BACK).text()
    assert "취소" in wizard.button(QWizard.WizardButton.CancelButton).text()
    untranslated = [t for t in visible_texts(window) if not HANGUL.search(t)]
    assert untranslated == []
    assert page.subTitle().startswith("2단계")

    click(qtbot, wizard.button(NEXT))
    assert wizard.currentPage().title() == "VSS 기록기 다시 시작"
    assert "해결됨" in wizard.button(FIXED).text()
    assert wizard.button(NEXT).text() == "여전히 실패(&S) >"

    window.language_box.setCurrentIndex(window.language_box.findData("en"))
    assert wizard.currentPage().title() == "Restart the VSS writers"
    assert wizard.button(NEXT).text() == "&Still failing >"
    assert wizard.button(BACK).text() == "< &Back"
    assert [t for t in visible_texts(window) if HANGUL.search(t) and t != "한국어"] == []


def test_language_and_geometry_are_remembered(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks, lang=None)
    window.language_box.setCurrentIndex(window.language_box.findData("ko"))
    window.resize(760, 580)
    window.close()
    again = open_window(example_flows, fake_checks, lang=None)
    assert again.wizard.lang == "ko"
    assert again.wizard.start_page.title() == "어떤 문제가 있나요?"
    assert (again.width(), again.height()) == (760, 580)


def test_an_autosaved_walk_resumes_after_reopening(qtbot, open_window, example_flows, fake_checks, store):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    click(qtbot, wizard.start_page.flow_buttons["example"])
    choose(qtbot, wizard, "vss")
    fake_checks.status = Status.WARNING  # routed to "unknown": the follow-up question
    run_check_and_wait(qtbot, wizard.currentPage())
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentPage().title() == "Is any writer not stable?"
    session_id = wizard.session.id
    answer_modal(qtbot)  # Enter: keep the walk for later
    window.close()

    again = open_window(example_flows, fake_checks)
    start = again.wizard.start_page
    assert start.resume_button.isVisible()
    assert "Example flow" in start.resume_button.text()
    click(qtbot, start.resume_button)
    wizard = again.wizard
    assert wizard.session.id == session_id
    assert isinstance(wizard.currentPage(), ChoicePage)
    assert wizard.currentPage().title() == "Is any writer not stable?"
    assert "Step 3" in wizard.currentPage().subTitle()
    click(qtbot, wizard.button(BACK))
    assert isinstance(wizard.currentPage(), CheckPage)
    assert wizard.currentPage().title() == "Example check"
    choose_back = wizard.session.history[-1]
    assert choose_back.step == "run-vss-check" and choose_back.answer is None


def test_resume_by_session_file_reaches_a_finished_summary(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    wizard = window.wizard
    to_the_summary_fixed(qtbot, wizard)
    path = wizard.session_file()
    window.close()
    again = open_window(example_flows, fake_checks)
    assert not again.wizard.start_page.resume_button.isVisible()  # finished walks are not offered
    assert again.wizard.resume(path)
    assert again.wizard.currentId() == SUMMARY_ID
    click(qtbot, again.wizard.button(BACK))
    assert isinstance(again.wizard.currentPage(), ResolutionPage)


def test_start_over_from_the_summary(qtbot, open_window, example_flows, fake_checks):
    wizard = open_window(example_flows, fake_checks).wizard
    to_the_summary_fixed(qtbot, wizard)
    click(qtbot, wizard.summary_page.new_walk_button)
    assert wizard.currentId() == START_ID and wizard.session is None
    assert wizard.pageIds() == [START_ID, SUMMARY_ID]


@pytest.mark.parametrize("platform_option", ["linux-only"])
def test_options_follow_the_platform(qtbot, open_window, example_flows, fake_checks, platform_option):
    wizard = open_window(example_flows, fake_checks).wizard
    click(qtbot, wizard.start_page.flow_buttons["example"])
    page = wizard.currentPage()
    offered = [page._option_ids[b] for b in page.group.buttons()]
    assert (platform_option in offered) == (wizard.session.platform == "linux")

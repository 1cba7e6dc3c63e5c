"""The summary and saving: every command shown, one paper rule, a file name that says which VM."""

from __future__ import annotations

import html
import re
import socket

import pytest

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFileDialog

from tests.report.conftest import pdf_reader, pdf_text
from troubleshooter.flows.session import Session
from troubleshooter.report.html import render_html
from troubleshooter.report.pdf import default_page_size

def freeze_commands(flows) -> list[str]:
    """Every command of the freeze fix that a Linux VM is shown: more than the three the summary once kept."""
    commands = [c.text for c in flows["linux-freeze"].steps["fix-fsck"].commands if c.platform in ("linux", "any")]
    assert len(commands) > 3
    return commands


def finished_at_the_freeze_fix(wizard):
    session = Session(wizard.flows, "backup-failing", lang=wizard.lang, platform="linux")
    session.jump_to("linux-freeze", "fix-fsck", via="search")
    session.resolve()
    wizard.store.save(session)
    assert wizard.resume(str(wizard.store.path_for(session.id)))
    return session


def test_the_summary_and_the_pdf_show_every_command(qtbot, open_window, fake_checks, tmp_path):
    from gui.app import real_parts

    parts = real_parts()
    window = open_window(parts.flows, fake_checks, search=parts.search)
    finished_at_the_freeze_fix(window.wizard)
    summary = window.wizard.summary_page
    # The "Commands" row of the summary table, as the window shows it.
    row = re.search(r'<td class="key">Commands</td><td>(.*?)</td>',
                    render_html(summary.report(), "en"), re.S).group(1)
    shown = html.unescape(re.sub(r"<[^>]+>", " ", row))
    for command in freeze_commands(parts.flows):
        assert command in shown, command
    pdf = summary.save_pdf_to(str(tmp_path / "r.pdf"))
    # pypdf reads a monospace space as a tab and splits some words; poppler reads them whole.
    text = re.sub(r"\s+", "", pdf_text(pdf.read_bytes()))
    for command in freeze_commands(parts.flows):
        assert re.sub(r"\s+", "", command) in text, command


def test_the_window_uses_the_same_paper_as_the_command_line(qtbot, open_window, fake_checks, tmp_path):
    from gui.app import real_parts

    parts = real_parts()
    window = open_window(parts.flows, fake_checks, search=parts.search, lang="en")
    finished_at_the_freeze_fix(window.wizard)
    # The command line's rule: the system's locale (here C/POSIX, metric), not the window's language.
    expected = default_page_size(QLocale.system()).sizePoints()
    page = pdf_reader(window.wizard.summary_page.save_pdf_to(str(tmp_path / "r.pdf")).read_bytes()).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (expected.width(),
                                                                                       expected.height())


def test_the_save_dialog_proposes_a_named_file_in_the_last_folder(qtbot, open_window, fake_checks, tmp_path,
                                                                   monkeypatch):
    from gui.app import real_parts

    monkeypatch.setattr(socket, "gethostname", lambda: "build host 7")
    host = "build-host-7"
    parts = real_parts()
    window = open_window(parts.flows, fake_checks, search=parts.search)
    finished_at_the_freeze_fix(window.wizard)
    summary = window.wizard.summary_page
    proposed = []
    chosen = tmp_path / "reports"
    chosen.mkdir()

    def dialog(_parent, _caption, start, _filter):
        proposed.append(start)
        return str(chosen / "mine.pdf"), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    qtbot.mouseClick(summary.save_pdf_button, Qt.MouseButton.LeftButton)
    assert re.fullmatch(rf"vmbackup-{re.escape(host)}-\d{{8}}-\d{{4}}\.pdf", proposed[0].rsplit("/", 1)[-1])
    assert (chosen / "mine.pdf").exists()
    qtbot.mouseClick(summary.save_pdf_button, Qt.MouseButton.LeftButton)
    assert proposed[1].startswith(str(chosen) + "/")
    assert summary.status_label.text() == f"Saved: {chosen / 'mine.pdf'}"
    window.language_box.setCurrentIndex(window.language_box.findData("ko"))
    assert summary.status_label.text() == f"저장함: {chosen / 'mine.pdf'}"
    window.language_box.setCurrentIndex(window.language_box.findData("en"))
    summary.hide_identifiers.setChecked(True)
    assert re.fullmatch(r"vmbackup-vm-\d{8}-\d{4}\.pdf", summary.default_file_name("pdf").rsplit("/", 1)[-1])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_default_size_shows_every_choice_page_without_scrolling(qtbot, open_window, fake_checks, lang):
    from PySide6.QtWidgets import QScrollArea

    from gui.app import real_parts
    from gui.pages.choice import ChoicePage

    parts = real_parts()
    window = open_window(parts.flows, fake_checks, search=parts.search, lang=lang)
    wizard = window.wizard
    cut = []
    for flow in parts.flows.flows.values():
        for step_id, step in flow.steps.items():
            if step.kind != "choice" or (step.platforms and "linux" not in step.platforms):
                continue
            session = Session(parts.flows, flow.id if not flow.shared else "backup-failing", platform="linux")
            if (session.current.flow, session.current.step) != (flow.id, step_id):
                session.jump_to(flow.id, step_id, via="search")
            wizard.store.save(session)
            wizard.resume(str(wizard.store.path_for(session.id)))
            page = wizard.currentPage()
            assert isinstance(page, ChoicePage)
            qtbot.wait(1)
            bar = page.findChild(QScrollArea).verticalScrollBar()
            if bar.maximum() > 0:
                cut.append((flow.id, step_id, bar.maximum()))
    assert cut == [], f"window {window.width()}x{window.height()} cuts: {cut}"


def test_the_report_reads_as_paper_under_a_dark_theme(qtbot, open_window, fake_checks):
    from PySide6.QtWidgets import QApplication

    from gui.app import real_parts
    from gui.theme import dark_palette

    app = QApplication.instance()
    before = app.palette()
    app.setPalette(dark_palette())
    try:
        parts = real_parts()
        window = open_window(parts.flows, fake_checks, search=parts.search, lang="en")
        finished_at_the_freeze_fix(window.wizard)
        view = window.wizard.summary_page.view
        qtbot.waitUntil(lambda: view.isVisible())
        image = view.viewport().grab().toImage()
        # The page's own background, left of the title and below the last table: white paper.
        corner = image.pixelColor(2, image.height() - 3)
        assert corner.lightness() > 240, corner.name()
        assert view.palette().color(view.viewport().backgroundRole()).lightness() > 240
    finally:
        app.setPalette(before)

"""`python -m gui.screenshots FOLDER`: PNGs of every page kind in English and Korean, from the real flows."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QScrollArea, QWizard

from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from gui.pages.info import InfoPage
from gui.selftest import MAX_PAGES, WalkError

SEARCH_EXAMPLE = "UserErrorGuestAgentStatusUnavailable"
CHECK_FLOW = "agent-missing"
# A fix whose commands include a destructive one (deleting snapshots), for its warning.
DESTRUCTIVE_EXAMPLE = "ExtensionFailedSnapshotLimitReachedError"
SIZE = (920, 720)
CHECK_TIMEOUT_MS = 30_000


def _wait(milliseconds: int, signal=None) -> None:
    """Let the event loop run: for `milliseconds`, or until `signal` fires."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    if signal is not None:
        signal.connect(loop.quit)
    loop.exec()


def _to_first_check(wizard, flow_id: str) -> CheckPage:
    wizard.start_page.flow_buttons[flow_id].click()
    for _ in range(MAX_PAGES):
        page = wizard.currentPage()
        if isinstance(page, CheckPage):
            if page.spec is not None and wizard.session.platform in page.spec.platforms:
                return page
            page.skip_button.click()  # a check for the other OS: the flow goes on to ours
            continue
        if isinstance(page, ChoicePage):
            # The option meant for this machine's OS leads to a check that can look here.
            options = wizard.session.options()
            platform = wizard.session.platform
            ours = next((o.id for o in options if o.platforms == {platform} or platform in o.id), options[0].id)
            page.select_option(ours)
        elif not isinstance(page, InfoPage):
            break
        wizard.button(QWizard.WizardButton.NextButton).click()
    raise WalkError(f"{flow_id} reached no check for this OS with the first answers")


def take(folder: Path, lang: str, parts, settings: QSettings) -> list[Path]:
    from gui.app import create_window

    window = create_window(parts, lang=lang, settings=settings)
    window.resize(*SIZE)
    window.show()
    wizard = window.wizard
    wizard.restart()
    shots = []

    def shot(name: str) -> None:
        _wait(50)
        path = folder / f"{name}-{lang}.png"
        window.grab().save(str(path))
        shots.append(path)

    start = wizard.start_page
    start.search_box.setText(SEARCH_EXAMPLE)
    _wait(400)
    shot("1-start-search")
    wizard.next()  # the first search hit
    shot("4-resolution")
    wizard.button(QWizard.WizardButton.CustomButton1).click()
    shot("5-summary")

    wizard.start_over()
    start.search_box.clear()
    start.flow_buttons[parts.flows.entry_flows()[1].id].click()
    choice = wizard.currentPage()
    choice.group.buttons()[0].click()
    shot("2-choice")

    wizard.start_over()
    page = _to_first_check(wizard, CHECK_FLOW)
    page.start_check()
    _wait(CHECK_TIMEOUT_MS, page.job.finished)
    if page.result is not None and page.result_view.evidence_toggle.isVisible():
        page.result_view.evidence_toggle.click()
    shot("3-check")

    # A fix with a destructive command: its effect and warning beside Copy, scrolled into view.
    wizard.start_over()
    start.search_box.setText(DESTRUCTIVE_EXAMPLE)
    _wait(400)
    wizard.next()
    fix = wizard.currentPage()
    scroll = fix.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(fix.commands_box, 0, 0)
    shot("9-destructive-command")
    window.close_keeping_walk()
    _delete(window)
    return shots


def _delete(window) -> None:
    # Delete the window while the application lives: left to the garbage collector at exit,
    # PySide6 6.12 aborts the interpreter (bool_dealloc) and the command fails after its work.
    window.deleteLater()
    _wait(10)


def _open(parts, lang: str, settings: QSettings):
    from gui.app import create_window

    window = create_window(parts, lang=lang, settings=settings)
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    window.wizard.restart()
    _wait(50)
    return window


def _save(window, folder: Path, name: str, lang: str, shots: list[Path]) -> None:
    _wait(80)
    path = folder / f"{name}-{lang}.png"
    window.grab().save(str(path))
    shots.append(path)


def take_more(folder: Path, lang: str, parts, settings: QSettings) -> list[Path]:
    """Keyboard focus, an admin's workstation (not an Azure VM), and the dark theme."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gui.app import Parts, application
    from gui.theme import dark_palette
    from troubleshooter.platform import current_platform
    from troubleshooter.platform import ThisMachine

    shots: list[Path] = []
    window = _open(parts, lang, settings)
    wizard = window.wizard
    button = wizard.start_page.flow_buttons[parts.flows.entry_flows()[1].id]
    button.setFocus(Qt.FocusReason.TabFocusReason)
    _save(window, folder, "6-focus-start", lang, shots)
    QTest.keyClick(button, Qt.Key.Key_Space)
    _wait(50)
    QTest.keyClick(wizard.currentPage().focus_widget(), Qt.Key.Key_Space)
    _save(window, folder, "6-focus-choice", lang, shots)
    window.close_keeping_walk()
    _delete(window)

    workstation = Parts(parts.flows, parts.run_check, parts.search, parts.store,
                        machine=ThisMachine(current_platform(), False, "none"))
    window = _open(workstation, lang, settings)
    _save(window, folder, "7-workstation-start", lang, shots)
    window.close_keeping_walk()
    _delete(window)

    app = application()
    light = app.palette()
    app.setPalette(dark_palette())
    application()  # as at start-up under a dark theme: the readable adjustments on top of it
    try:
        window = _open(parts, lang, settings)
        wizard = window.wizard
        wizard.start_page.search_box.setText(SEARCH_EXAMPLE)
        _wait(400)
        wizard.next()
        _save(window, folder, "8-dark-resolution", lang, shots)
        wizard.button(QWizard.WizardButton.CustomButton1).click()
        _save(window, folder, "8-dark-summary", lang, shots)
        window.close_keeping_walk()
        _delete(window)
    finally:
        app.setPalette(light)
    return shots


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0] if argv else "docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import Parts, application, real_parts
    from troubleshooter import config
    from troubleshooter.flows.store import SessionStore

    application()
    with tempfile.TemporaryDirectory(prefix="vmbt-screenshots-") as scratch:
        real = real_parts(config.current().with_flags(no_network=True))  # pictures never need a packet sent
        parts = Parts(real.flows, real.run_check, real.search, SessionStore(Path(scratch) / "sessions"))
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        for lang in ("en", "ko"):
            for path in take(folder, lang, parts, settings) + take_more(folder, lang, parts, settings):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

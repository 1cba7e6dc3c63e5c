"""Starting the window: application identity, fonts, translations, the real flows, checks and search."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.checkjob import RunCheck
from gui.fonts import install_application_font
from gui.language import LanguageSwitcher, system_language
from gui.mainwindow import MainWindow
from gui.settings import APPLICATION, KEY_LANGUAGE, ORGANIZATION, open_settings
from gui.widgets import icon
from gui.wizard import TroubleshooterWizard
from troubleshooter import __version__
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.store import SessionStore
from troubleshooter.i18n import LANGUAGES


@dataclass
class Parts:
    """What the window is built from; tests hand in fakes."""

    flows: FlowSet
    run_check: RunCheck
    search: object | None = None
    store: SessionStore | None = None


def application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, or a new one set up with our name, icon and fonts."""
    app = QApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") \
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    install_application_font(app)
    return app


class DeferredSearch:
    """The search index, built by the first search rather than before the window shows.

    A walk that never searches never pays its memory (about 12 MB); the first keystroke pays
    its build (about 0.1 s) once. It stays on the GUI thread: PySide6 6.12 has crashed here
    with a Python thread building it while the window was being torn down.
    """

    def __init__(self, flows: FlowSet):
        self._flows = flows
        self._index = None

    def build(self) -> None:
        if self._index is None:
            from troubleshooter.search import SearchIndex

            self._index = SearchIndex(self._flows)

    def search(self, query: str, lang: str = "en", limit: int = 5, platform: str | None = None):
        self.build()
        return self._index.search(query, lang=lang, limit=limit, platform=platform)


def run_check(check_id: str, **options):
    """The core's runner, imported on the first check: most of a start-up never needs it."""
    from troubleshooter.checks.runner import run_check as run

    return run(check_id, **options)


def real_parts() -> Parts:
    """The built-in flows with the core's check runner and search index."""
    from troubleshooter.flows.compiled import load_checked_flows

    flows = load_checked_flows()
    return Parts(flows=flows, run_check=run_check, search=DeferredSearch(flows))


def create_window(parts: Parts, *, lang: str | None = None, settings: QSettings | None = None) -> MainWindow:
    """The main window, in `lang`, the remembered language, or the system's."""
    settings = settings or open_settings()
    remembered = settings.value(KEY_LANGUAGE)
    lang = lang or (remembered if remembered in LANGUAGES else system_language())
    switcher = LanguageSwitcher()
    switcher.set_language(lang)
    wizard = TroubleshooterWizard(parts.flows, parts.run_check, search=parts.search, store=parts.store,
                                  settings=settings, lang=lang)
    window = MainWindow(wizard, switcher, settings)
    switcher.setParent(window)
    return window


def run_app(lang: str | None = None, resume: str | None = None,
            on_shown: Callable[[MainWindow], None] | None = None) -> int:
    """Open the window and run until it closes; `resume` is a saved session's id or file.

    `on_shown` is called once the window shows (the self-test and the tests close it from there).
    """
    app = application()
    try:
        parts = real_parts()
    except Exception as exc:  # the flows failed to load: say so in a window, not only a traceback
        message = QCoreApplication.translate("run_app", "The troubleshooting flows could not be loaded:")
        QMessageBox.critical(None, APPLICATION, f"{message}\n\n{exc}")
        return 1
    window = create_window(parts, lang=lang)
    window.show()
    window.wizard.restart()
    if resume:
        window.wizard.resume(resume)
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))
    return app.exec()

"""Starting the window: application identity, fonts, translations, the real flows, checks and search."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import weakref
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable

# `Qt` is reached through QtCore inside functions, never imported by name: the first touch of the
# Qt namespace makes all its 93 enums (about 12 ms), which the first window does not wait for
# (gui.app makes it after the first paint).
from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, QSettings, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication

from gui.errors import install_excepthook, install_log_file
from gui.fonts import install_application_font
from gui.language import LanguageSwitcher, system_language
from gui.theme import install_readable_palette
from gui.mainwindow import MainWindow
from gui.settings import APPLICATION, KEY_LANGUAGE, ORGANIZATION, open_settings
from gui.wizard import TroubleshooterWizard
from troubleshooter import __version__
from troubleshooter.config import Config, current
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.store import SessionStore
from troubleshooter.lazy_search import LazySearch
from troubleshooter.i18n import LANGUAGES
from troubleshooter.platform import ThisMachine
from troubleshooter.qt_application import use_offscreen_without_display

if TYPE_CHECKING:
    from gui.checkjob import RunCheck


# After the first paint; nobody can start a check this soon, and errors before it still get the dialog.
LOG_FILE_DELAY_MS = 500


@dataclass
class Parts:
    """What the window is built from; tests hand in fakes."""

    flows: FlowSet
    run_check: RunCheck
    search: object | None = None
    store: SessionStore | None = None
    # This machine's OS and whether it is an Azure VM; None: assume it is the VM (tests, self-test).
    machine: ThisMachine | None = None


def application(argv: list[str] | None = None, *, with_icon: bool = True) -> QApplication:
    """The running QApplication, or a new one set up with our name, icon and fonts.

    `with_icon=False` leaves the window icon to install_window_icon (run_app sets it once the
    window shows: the SVG engine and its drawing need not hold up the first window).
    """
    app = QApplication.instance()
    if app is None:
        use_offscreen_without_display()
        # Fractional scale factors (Qt 6's default rounding policy, PassThrough) stay as they are.
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    if with_icon:
        install_window_icon(app)
    install_application_font(app)
    install_readable_palette(app)
    return app


def install_window_icon(app: QApplication) -> None:
    """The program's icon on every window that has none of its own (the main window, its dialogs)."""
    from gui.widgets import icon  # with the result views' module: after the first window

    app.setWindowIcon(icon("app"))


class DeferredSearch(LazySearch):
    """The core's lazy search index, made ready between keystrokes.

    The first keystroke starts `prepare`, which does the work in short steps, each in its own turn
    of the event loop (the search's modules and words, then the cached index), so typing never
    waits for all of it at once. It stays on the GUI thread: PySide6 6.12 has crashed here with a
    Python thread building it while the window was being torn down.
    """

    def __init__(self, flows: FlowSet, config: Config | None = None):
        super().__init__(flows, config)
        self._preparing = False

    def prepare(self) -> None:
        """Start getting the index ready in the background of the event loop; returns at once."""
        if self._index is not None or self._preparing:
            return
        self._preparing = True
        steps = [self._load_words, self._import_search, self._find_key, self.build]

        def next_step() -> None:
            if steps and self._index is None and steps.pop(0)() is not False:
                QTimer.singleShot(0, next_step)

        QTimer.singleShot(0, next_step)

    def _load_words(self) -> bool:
        from troubleshooter.search_vocabulary import VocabularyError, vocabulary

        try:
            vocabulary()
        except VocabularyError:
            return False  # the first search reports it where the matches would be
        return True

    @staticmethod
    def _import_search() -> None:
        import troubleshooter.search  # noqa: F401 - its own turn of the event loop

    def _find_key(self) -> None:
        from troubleshooter.search_cache import index_key

        self._key = index_key(self._config)

    def release(self) -> None:
        super().release()
        self._preparing = False


def run_check(check_id: str, **options):
    """The core's runner, imported on the first check: most of a start-up never needs it."""
    from troubleshooter.checks.runner import run_check as run

    return run(check_id, **options)


def real_parts(config: Config | None = None) -> Parts:
    """The built-in flows with the core's check runner and search index, as `config` sets them."""
    from troubleshooter.flows.compiled import deferred_checked_flows

    from troubleshooter.platform import this_machine

    config = config or current()
    # The start page shows from the flows' headings; the flows load at the first choice or search.
    flows = deferred_checked_flows(config=config)
    # The agent's folders only: the metadata service is asked once the window shows (see run_app).
    return Parts(flows=flows, run_check=partial(run_check, no_network=config.no_network),
                 search=DeferredSearch(flows, config), store=SessionStore(config.sessions_dir),
                 machine=this_machine(use_network=False))


def create_window(parts: Parts, *, lang: str | None = None, settings: QSettings | None = None) -> MainWindow:
    """The main window, in `lang`, the remembered language, or the system's."""
    settings = settings or open_settings()
    remembered = settings.value(KEY_LANGUAGE)
    lang = lang or (remembered if remembered in LANGUAGES else system_language())
    switcher = LanguageSwitcher()
    switcher.set_language(lang)
    wizard = TroubleshooterWizard(parts.flows, parts.run_check, search=parts.search, store=parts.store,
                                  settings=settings, lang=lang, machine=parts.machine)
    window = MainWindow(wizard, switcher, settings)
    switcher.setParent(window)
    return window


class _MetadataProbe(QObject):
    answered = Signal(bool)


METADATA_PROBE_DELAY_MS = 1000


def ask_metadata_service(window: MainWindow, machine: ThisMachine | None, no_network: bool | None = None) -> None:
    """Off the GUI thread: an answer from the metadata service makes this machine the VM after all.

    It starts a second after the window shows: its imports (the checks' machinery) and its wait
    must not hold up the first window.
    """
    if machine is None or machine.azure_vm:
        return
    probe = _MetadataProbe(window)
    wizard = weakref.ref(window.wizard)  # the probe must not keep a closed window alive

    def on_answer(answered: bool) -> None:
        if answered and wizard() is not None:
            wizard().set_machine(ThisMachine(machine.os, True, "metadata"))

    def ask() -> None:
        from troubleshooter.checks.host import LocalHost
        from troubleshooter.checks.runner import network_disabled
        from troubleshooter.platform import metadata_answers

        try:
            answered = not network_disabled(no_network) and metadata_answers(LocalHost())
        except Exception:  # a probe that fails says only "not known to be a VM"
            answered = False
        try:
            probe.answered.emit(answered)
        except RuntimeError:  # the window closed first
            pass

    probe.answered.connect(on_answer)
    QTimer.singleShot(METADATA_PROBE_DELAY_MS, probe,
                      lambda: threading.Thread(target=ask, name="metadata-probe", daemon=True).start())


def close_on_sigterm(window: MainWindow) -> Callable[[], None] | None:
    """SIGTERM (a logout, `kill`, a service manager) closes the window keeping the walk as it is.

    Python runs a signal handler only when it gets control, which a Qt event loop does not give
    it; the handler's wake-up byte on a socket pair lets Qt notice the signal at once.
    Returns a function that undoes it, or None where there is no SIGTERM to catch.
    """
    import signal  # its enums take half a millisecond: installed after the first paint (run_app)

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return None
    # A pipe rather than a socket pair: the same wake-up, without importing socket before the window.
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    os.set_blocking(writer, False)
    previous_fd = signal.set_wakeup_fd(writer)
    previous_handler = signal.signal(signal.SIGTERM, lambda *_args: None)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, window)

    def on_wakeup() -> None:
        try:
            signals = os.read(reader, 64)
        except OSError:
            return
        if signal.SIGTERM in signals:
            install_log_file()  # a SIGTERM in the first moments still reaches the log
            logging.getLogger(__name__).info("SIGTERM: closing and keeping the walk")
            window.close_keeping_walk()

    notifier.activated.connect(on_wakeup)

    def undo() -> None:
        notifier.setEnabled(False)
        notifier.activated.disconnect(on_wakeup)  # the closure holds the window: let it go
        notifier.deleteLater()
        signal.signal(signal.SIGTERM, previous_handler)
        signal.set_wakeup_fd(previous_fd)
        os.close(reader)
        os.close(writer)

    return undo


def run_app(lang: str | None = None, resume: str | None = None,
            on_shown: Callable[[MainWindow], None] | None = None, config: Config | None = None) -> int:
    """Open the window and run until it closes; `resume` is a saved session's id or file;
    `config` is the command line's (by default, the environment's).

    `on_shown` is called once the window has painted (the self-test and the tests close it from there).
    """
    config = config or current()
    app = application(with_icon=False)
    install_excepthook()
    try:
        parts = real_parts(config)
    except Exception as exc:  # the flows failed to load: say so in a window, not only a traceback
        gc.enable()
        from PySide6.QtWidgets import QMessageBox  # only now: its class costs the first window 2 ms

        message = QCoreApplication.translate("run_app", "The troubleshooting flows could not be loaded:")
        QMessageBox.critical(None, APPLICATION, f"{message}\n\n{exc}")
        return 1
    window = create_window(parts, lang=lang)
    window.show()
    if window.wizard.currentId() == -1:  # showing it starts the wizard already: its start page once, not twice
        window.wizard.restart()
    if resume:
        window.wizard.resume(resume)
    # The log file once the window shows: opening it (and importing its handler) need not delay it.
    QTimer.singleShot(LOG_FILE_DELAY_MS, install_log_file)
    # cli.window.open_window paused the garbage collector for the start.
    QTimer.singleShot(LOG_FILE_DELAY_MS, gc.enable)
    undo_sigterm = []

    def first_painted() -> None:
        QtCore.Qt  # noqa: B018 - its enums made now, while the page is read, not at the first key
        install_window_icon(app)
        ask_metadata_service(window, parts.machine, config.no_network)
        # Before this there is no walk to lose but a resumed one, which is on disk already.
        undo = close_on_sigterm(window)
        if undo is not None:
            undo_sigterm.append(undo)
        if on_shown is not None:
            on_shown(window)

    window.after_first_paint(first_painted)
    try:
        return app.exec()
    finally:
        for undo in undo_sigterm:
            undo()

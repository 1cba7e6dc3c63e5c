"""The top-level window: the language selector above the wizard, size and place remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.autosave_banner import AutosaveBanner
from gui.focusstyle import FocusRingComboBox, KeyboardFocusShown
from gui.language import LanguageSwitcher
from gui.settings import KEY_GEOMETRY, KEY_LANGUAGE
from gui.wizard import TroubleshooterWizard
from troubleshooter.i18n import LANGUAGES

# Each language named in itself, so a person finds theirs whatever the window shows now.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
DEFAULT_SIZE = (920, 720)


class MainWindow(QWidget):
    """Hosts the wizard (embedded, not a dialog of its own) under a bar with the language selector.

    Args:
        wizard: the TroubleshooterWizard to show.
        switcher: installs the translators when the language changes.
        settings: where geometry and language are remembered.
    """

    def __init__(self, wizard: TroubleshooterWizard, switcher: LanguageSwitcher, settings: QSettings):
        super().__init__()
        self.wizard = wizard
        self._switcher = switcher
        self._settings = settings
        self._asked = False  # the question about the walk was answered (or is not to be asked)
        wizard.finished.connect(self.close)
        self.language_label = QLabel()
        self.language_box = FocusRingComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        # Sized by a count of characters, not by measuring every name: measuring "한국어" loads the
        # Hangul font (about 2 MB) for a reader of English who may never need it. Opened, the list
        # still shows each language's name in its own script. QComboBox counts widths of 'x', narrower
        # than most letters and half a Hangul syllable: the longest name's length leaves room.
        self.language_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.language_box.setMinimumContentsLength(max(len(name) for name in LANGUAGE_NAMES.values()))
        self.language_label.setBuddy(self.language_box)
        self.language_box.setCurrentIndex(self.language_box.findData(switcher.language))
        self.language_box.currentIndexChanged.connect(self._on_language_chosen)
        switcher.language_changed.connect(self._on_language_changed)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        bar.addStretch(1)
        bar.addWidget(self.language_label)
        bar.addWidget(self.language_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the wizard's header band runs to both edges
        layout.setSpacing(0)
        layout.addLayout(bar)
        self.autosave_banner = AutosaveBanner(wizard)
        layout.addWidget(self.autosave_banner)
        layout.addWidget(wizard, 1)
        # Tab from the last wizard button comes round to the language selector, not before the page.
        QWidget.setTabOrder(wizard, self.language_box)
        geometry = settings.value(KEY_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        self._retranslate()
        self._after_first_paint: list[Callable[[], None]] = []
        # Both need Qt's enums, which the first window does not wait for (see gui/app.py).
        self.after_first_paint(self._watch_keyboard_focus)
        self.after_first_paint(wizard.window_painted)

    def _watch_keyboard_focus(self) -> None:
        self._keyboard_focus_shown = KeyboardFocusShown(self)

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run `work` once the window has painted for the first time (in the order given).

        A zero-time timer is no such moment: it fires before the window is exposed (offscreen at
        once, on X11 long before the window manager maps it), so work behind one still delays the
        first window.
        """
        self._after_first_paint.append(work)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._after_first_paint:
            waiting, self._after_first_paint = self._after_first_paint, []
            for work in waiting:
                # Queued, so the paint this event is part of finishes first; dropped with the window.
                QTimer.singleShot(0, self, work)

    def set_language(self, lang: str) -> None:
        self._switcher.set_language(lang)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def close_keeping_walk(self) -> None:
        """Close without asking (a SIGTERM, a session ending): the autosaved walk stays as it is."""
        self._asked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._asked and not self.wizard.confirm_leave():
            event.ignore()
            return
        self._asked = True
        self.wizard.stop_all_work()
        self._settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self._settings.sync()
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("VM Backup Troubleshooter"))
        self.language_label.setText(self.tr("&Language:") + " ")
        self.language_box.setAccessibleName(self.tr("Language of the window and the report"))

    def _on_language_chosen(self, index: int) -> None:
        lang = self.language_box.itemData(index)
        if lang != self._switcher.language:
            self._switcher.set_language(lang)

    def _on_language_changed(self, lang: str) -> None:
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(self.language_box.findData(lang))
        self.language_box.blockSignals(False)
        self._settings.setValue(KEY_LANGUAGE, lang)
        self.wizard.set_language(lang)
        self._retranslate()

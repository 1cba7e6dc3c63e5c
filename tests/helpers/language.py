"""The window's language belongs to the whole process (Qt's installed translators and its default
locale), and a window outlives its test until it is collected: a test that showed Korean must not
leave Korean to the next one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication


def back_to_the_start_language() -> None:
    """Uninstall every translator a window still holds and give Qt back the default locale a fresh
    process has, so the next test starts as if it ran alone."""
    if QApplication.instance() is None:
        return
    for window in QApplication.topLevelWidgets():
        for translator in window.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())

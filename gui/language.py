"""Switches the window's language: Qt's own Korean strings and ours, installed as translators."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal

from troubleshooter.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_for_locale
from troubleshooter.resources import resource_path

TRANSLATION_BASENAME = "vmbt"


def system_language() -> str:
    return language_for_locale(QLocale.system().name())


class LanguageSwitcher(QObject):
    """Owns the installed translators; installing them makes Qt send LanguageChange to every widget.

    Signals:
        language_changed(str): the new language code, after the translators are in place.
    """

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._translators: list = []  # QTranslator
        self.language = DEFAULT_LANGUAGE

    def set_language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        app = QCoreApplication.instance()
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        if lang != DEFAULT_LANGUAGE:
            # Loaded with the first translation: an English start needs neither class.
            from PySide6.QtCore import QLibraryInfo, QTranslator

            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for directory, name in ((qt_dir, f"qtbase_{lang}"),
                                    (str(resource_path("translations")), f"{TRANSLATION_BASENAME}_{lang}")):
                translator = QTranslator(self)
                if translator.load(name, directory):
                    app.installTranslator(translator)
                    self._translators.append(translator)
        self.language = lang
        QLocale.setDefault(QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English))
        self.language_changed.emit(lang)

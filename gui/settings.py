"""Where the window keeps what it remembers between runs (size, position, language, auto-run)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from troubleshooter import PRODUCT_NAME
from troubleshooter.config import APP_NAME

# Qt's organisation is the folder; the application name is what dialogs show as their title.
ORGANIZATION = APP_NAME
APPLICATION = PRODUCT_NAME
# The settings file is named after the one app name, like the data folder. Versions before it
# used the product name, with spaces: `VMBackupTroubleshooter/VM Backup Troubleshooter.ini`.
SETTINGS_NAME = APP_NAME
EARLIER_SETTINGS_NAME = PRODUCT_NAME

KEY_GEOMETRY = "window/geometry"
KEY_LANGUAGE = "window/language"
KEY_AUTO_RUN_CHECKS = "checks/auto_run"
KEY_REPORT_FOLDER = "report/last_folder"


def open_settings() -> QSettings:
    """An INI file in the user's config folder; tests move it with QSettings.setPath.

    The first time, what an earlier version remembered under its old name is copied in; the
    old file is left as it was.
    """
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, SETTINGS_NAME)
    if not settings.allKeys():
        carry_over_earlier_settings(settings)
    return settings


def carry_over_earlier_settings(settings: QSettings) -> bool:
    earlier = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, EARLIER_SETTINGS_NAME)
    keys = earlier.allKeys()
    for key in keys:
        settings.setValue(key, earlier.value(key))
    if keys:
        settings.sync()
    return bool(keys)


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    # INI files give back strings; QSettings.value(type=bool) converts "true"/"false" for us.
    return bool(settings.value(key, default, type=bool))

"""Where the window keeps what it remembers between runs (size, position, language, auto-run)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "VMBackupTroubleshooter"
APPLICATION = "VM Backup Troubleshooter"

KEY_GEOMETRY = "window/geometry"
KEY_LANGUAGE = "window/language"
KEY_AUTO_RUN_CHECKS = "checks/auto_run"
KEY_REPORT_FOLDER = "report/last_folder"


def open_settings() -> QSettings:
    """An INI file in the user's config folder; tests move it with QSettings.setPath."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    # INI files give back strings; QSettings.value(type=bool) converts "true"/"false" for us.
    return bool(settings.value(key, default, type=bool))

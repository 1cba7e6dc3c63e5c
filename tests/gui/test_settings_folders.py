"""The window's settings and the walks live under one app name, and what users already have is
found: settings an earlier version kept under its old name, walks in the user data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from gui.app import run_app
from troubleshooter import config
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

EARLIER_SETTINGS = "[window]\nlanguage=ko\n\n[checks]\nauto_run=true\n"


def _settings_folder(tmp_path: Path) -> Path:
    return tmp_path / "settings" / config.APP_NAME  # the gui conftest points QSettings at tmp/settings


def test_settings_of_an_earlier_version_are_carried_over_to_the_one_app_name(qtbot, tmp_path):
    folder = _settings_folder(tmp_path)
    folder.mkdir(parents=True)
    earlier = folder / "VM Backup Troubleshooter.ini"
    earlier.write_text(EARLIER_SETTINGS, encoding="utf-8")
    seen = {}

    def on_shown(window):
        seen["title"] = window.windowTitle()
        window.close()

    assert run_app(on_shown=on_shown) == 0

    assert seen["title"] == "VM 백업 문제 해결 도우미"  # the language the earlier version remembered
    now = QSettings(str(folder / f"{config.APP_NAME}.ini"), QSettings.Format.IniFormat)
    assert now.value("window/language") == "ko" and now.value("checks/auto_run") in ("true", True)
    assert earlier.read_text(encoding="utf-8") == EARLIER_SETTINGS  # left as it was


def test_newer_settings_are_not_overwritten_by_the_earlier_ones(qtbot, tmp_path):
    folder = _settings_folder(tmp_path)
    folder.mkdir(parents=True)
    (folder / "VM Backup Troubleshooter.ini").write_text(EARLIER_SETTINGS, encoding="utf-8")
    (folder / f"{config.APP_NAME}.ini").write_text("[window]\nlanguage=en\n", encoding="utf-8")
    seen = {}

    def on_shown(window):
        seen["title"] = window.windowTitle()
        window.close()

    assert run_app(on_shown=on_shown) == 0
    assert seen["title"] == "VM Backup Troubleshooter"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="platformdirs follows XDG_DATA_HOME on Linux")
def test_a_walk_in_the_user_data_folder_is_offered_for_resume(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("VMBT_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    sessions = tmp_path / "xdg" / config.APP_NAME / "sessions"  # where every version has kept them
    walk = Session(load_checked_flows(), "backup-failing", lang="en", platform="windows")
    SessionStore(sessions).save(walk)
    seen = {}

    def on_shown(window):
        start = window.wizard.start_page
        seen["offered"] = start.resume_button.isVisible()
        start.resume_button.click()
        seen["resumed"] = window.wizard.session.id
        window.close_keeping_walk()

    assert run_app(lang="en", on_shown=on_shown) == 0
    assert seen == {"offered": True, "resumed": walk.id}

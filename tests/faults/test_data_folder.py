"""A data folder that cannot be written (a full or read-only disk): the walk goes on without
autosave, a banner says so in both languages, and the start page keeps working."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings

from gui.app import Parts, application, create_window
from gui.wizard import START_ID
from tests.helpers.filesystems import NEEDS_ROOT, fill, tmpfs
from tests.helpers.windows import close_at_the_end
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore

BANNER_EN = "This walk cannot be saved: {}; the report can still be saved elsewhere."
REASONS = {"read-only": ("the disk holding {} is read-only", "읽기 전용"),
           "full": ("the disk holding {} is full", "가득 찼습니다")}


@pytest.fixture(params=["read-only", "full"])
def unwritable_store(request, tmp_path):
    """A SessionStore on a really read-only or really full tmpfs, and which of the two it is."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("mounting a tmpfs (a real full or read-only disk) needs root")
    with tmpfs(tmp_path / "disk", read_only=request.param == "read-only") as mount:
        if request.param == "full":
            fill(mount)
        yield SessionStore(mount / "sessions"), request.param


def test_the_core_says_autosave_is_unavailable_and_why(example_flows, unwritable_store):
    store, kind = unwritable_store
    session = Session(example_flows, "example", platform="windows")

    store.autosave(session)  # must not raise
    session.choose("vss")

    en, ko_words = REASONS[kind]
    assert store.autosave_problem["en"] == BANNER_EN.format(en.format(store.directory))
    assert ko_words in store.autosave_problem["ko"] and "다른 곳에 저장할 수 있습니다" in store.autosave_problem["ko"]
    assert session.current.step == "run-vss-check"


def test_a_writable_folder_has_no_problem(example_flows, tmp_path):
    store = SessionStore(tmp_path / "sessions")
    store.autosave(Session(example_flows, "example", platform="windows"))
    assert store.autosave_problem is None


def test_the_window_walks_on_and_shows_the_banner_in_both_languages(example_flows, unwritable_store, qtbot,
                                                                    tmp_path):
    store, kind = unwritable_store
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    window = create_window(Parts(example_flows, lambda *a, **k: None, None, store), lang="en")
    close_at_the_end(qtbot, window)
    window.show()
    window.wizard.restart()
    assert window.wizard.currentId() == START_ID and not window.autosave_banner.isVisible()

    window.wizard.start_page.flow_buttons["example"].click()

    assert window.wizard.currentId() == 1 and window.wizard.session.current.step == "what-do-you-see"
    assert window.autosave_banner.isVisible()
    assert window.autosave_banner.text() == store.autosave_problem["en"]
    window.set_language("ko")
    assert window.autosave_banner.text() == store.autosave_problem["ko"]
    window.wizard.back()
    assert window.wizard.currentId() == START_ID and window.wizard.start_page.flow_buttons

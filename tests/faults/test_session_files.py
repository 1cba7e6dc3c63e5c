"""Hostile and broken files in the sessions folder: ids used as paths, bombs, FIFOs, stale
temporary files and walks that were never possible. None of them may write or delete outside the
folder, blank the start page, hang or cost much memory."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.session import Session, SessionFileError
from troubleshooter.flows.store import SessionStore

POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs and sparse files as POSIX makes them")


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "data" / "sessions")


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


def _walked(flows, store: SessionStore, updated_at: str) -> Session:
    session = Session(flows, "example", platform="windows")
    store.autosave(session)
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.ERROR, {"en": "Failed", "ko": "실패"}))
    session.updated_at = updated_at
    store.save(session)
    return session


def _with_id(store: SessionStore, good: Session, evil_id: str) -> dict:
    data = json.loads(store.path_for(good.id).read_text(encoding="utf-8"))
    data["id"] = evil_id
    return data


# -- 1. a session's id is never a path ----------------------------------------------------------

@pytest.mark.parametrize("evil", ["../../escaped", "../escaped", "/ABSOLUTE/escaped", "..\\..\\escaped"])
def test_a_planted_file_whose_id_is_a_path_is_resumed_under_its_file_name_and_saved_inside(example_flows, store, tmp_path, evil):
    evil = evil.replace("/ABSOLUTE", str(tmp_path / "victim"))
    (tmp_path / "victim").mkdir()
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    planted = store.directory / f"{uuid.uuid4().hex}.json"
    planted.write_text(json.dumps(_with_id(store, good, evil)), encoding="utf-8")
    outside_before = _files_under(tmp_path) - _files_under(store.directory)

    session = store.load(planted, example_flows)
    store.autosave(session)
    session.choose("yes")
    store.delete(session.id)

    assert _files_under(tmp_path) - _files_under(store.directory) == outside_before
    assert session.id == planted.stem


@pytest.mark.parametrize("evil", ["../../escaped", "../escaped", "/ABSOLUTE/escaped", "..\\..\\escaped"])
def test_a_session_that_carries_a_path_as_its_id_is_never_saved_outside_the_folder(example_flows, store,
                                                                                    tmp_path, evil):
    # load() gives a planted file a fresh id, so this reaches the store's own guard (path_for)
    # with the hostile id itself, as any future caller that trusts an id would.
    evil = evil.replace("/ABSOLUTE", str(tmp_path / "victim"))
    (tmp_path / "victim").mkdir()
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    session = Session.from_dict(_with_id(store, good, evil), example_flows, session_id=evil)
    outside_before = _files_under(tmp_path) - _files_under(store.directory)

    with pytest.raises(SessionFileError, match="is not a session id"):
        store.save(session)

    assert _files_under(tmp_path) - _files_under(store.directory) == outside_before


def test_resuming_a_file_from_elsewhere_copies_the_walk_in_under_a_fresh_id(example_flows, store, tmp_path):
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "name.json").write_text("precious", encoding="utf-8")
    brought = tmp_path / "brought.json"
    brought.write_text(json.dumps(_with_id(store, good, str(victim / "name"))), encoding="utf-8")
    brought_bytes = brought.read_bytes()

    session = store.load(str(brought), example_flows)
    store.autosave(session)
    session.choose("yes")
    store.delete(session.id)  # what Back to the start page does with a walk it abandons

    assert (victim / "name.json").read_text(encoding="utf-8") == "precious"
    assert brought.read_bytes() == brought_bytes
    assert session.id not in (good.id, str(victim / "name"))
    assert store.path_for(session.id).parent == store.directory


@pytest.mark.parametrize("evil", ["../escaped", "", "a/b", "nul", "0" * 31, "G" * 32])
def test_a_name_that_is_not_a_session_id_is_refused(store, evil):
    with pytest.raises(SessionFileError, match="is not a session id"):
        store.path_for(evil)
    store.delete(evil)  # never raises, never deletes


# -- 6. bad files in sessions/ are skipped with a note ------------------------------------------

def _plant(folder: Path, kind: str) -> Path:
    path = folder / f"{uuid.uuid4().hex}.json"
    newest = {"schema_version": 1, "id": path.stem, "flow": "example", "updated_at": "2099-01-01T00:00:00+00:00",
              "history": [{"flow": "example", "step": "what-do-you-see"}]}
    if kind == "deep nesting":
        path.write_text('{"schema_version": 1, "updated_at": "2099", "history": ' + "[" * 200_000 + "]" * 200_000
                        + "}", encoding="utf-8")
    elif kind == "5,000-digit schema_version":
        path.write_text(json.dumps(newest).replace('"schema_version": 1', '"schema_version": ' + "9" * 5000),
                        encoding="utf-8")
    elif kind == "300 MB file":
        with path.open("wb") as stream:  # sparse: 300 MB to whoever reads it, nothing on the disk
            stream.write(json.dumps(newest).encode()[:-1] + b', "x": "')
            stream.truncate(300 * 1024 * 1024)
    elif kind == "FIFO":
        os.mkfifo(path)
    elif kind == "a step the flows lost":
        newest["history"][0]["step"] = "gone"
        path.write_text(json.dumps(newest), encoding="utf-8")
    return path


BAD_FILES = ["deep nesting", "5,000-digit schema_version", "300 MB file", "FIFO", "a step the flows lost"]


@POSIX
def test_bad_files_are_skipped_with_a_note_and_resume_offers_the_newest_valid_walk(example_flows, store):
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    planted = {kind: _plant(store.directory, kind) for kind in BAD_FILES}
    tracemalloc.start()
    started = time.perf_counter()
    try:
        resumable = store.resumable(example_flows)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert [s.id for s in resumable] == [good.id]
    assert elapsed < 2.0 and peak < 64 * 1024 * 1024
    for kind, path in planted.items():
        note = next((n for n in store.skipped if n.startswith(f"{path.name}: ")), None)
        assert note is not None, (kind, store.skipped)
    assert "FIFO" in next(n for n in store.skipped if n.startswith(planted["FIFO"].name))
    assert "larger than" in next(n for n in store.skipped if n.startswith(planted["300 MB file"].name))


@POSIX
def test_the_start_page_offers_the_newest_valid_walk_despite_bad_files(example_flows, store, qtbot, tmp_path,
                                                                       monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    warnings = []  # a refused resume would open a modal box and block the test
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    from gui.app import Parts, application, create_window

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    for kind in BAD_FILES:
        _plant(store.directory, kind)
    window = create_window(Parts(example_flows, lambda *a, **k: None, None, store), lang="en")
    qtbot.addWidget(window)
    window.show()
    window.wizard.restart()

    start = window.wizard.start_page
    assert start.flow_buttons and start.resume_button.isVisible()
    start.resume_button.click()
    assert warnings == []
    assert window.wizard.session.id == good.id
    assert window.wizard.session.current.step == "ask-vss"


# -- 13. stale temporary files of interrupted saves ---------------------------------------------

def test_stale_temporary_files_of_ours_are_removed_at_the_next_start(example_flows, store, tmp_path):
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    hour_ago = time.time() - 3600
    stale = store.directory / f".{good.id}.json.k2j4h1x9.tmp"
    fresh = store.directory / f".{good.id}.json.a8b7c6d5.tmp"  # a save in progress right now
    foreign = store.directory / ".my-notes.tmp"
    for path in (stale, fresh, foreign):
        path.write_bytes(b'{"half": ')
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(foreign, (hour_ago, hour_ago))
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    link = store.directory / f".{good.id}.json.zzzzzzzz.tmp"
    if os.name == "posix":
        link.symlink_to(outside)
        os.utime(link, (hour_ago, hour_ago), follow_symlinks=False)

    SessionStore(store.directory).list()  # the next start

    assert not stale.exists()
    assert fresh.exists() and foreign.exists() and outside.read_text(encoding="utf-8") == "keep"
    assert store.path_for(good.id).exists()


# -- 14. walks that were never possible are refused when loaded --------------------------------

def _damaged(example_flows, store, change) -> Path:
    good = _walked(example_flows, store, "2026-01-01T00:00:00+00:00")
    good.choose("no")
    path = store.path_for(good.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _swap(data):
    data["history"][1], data["history"][2] = data["history"][2], data["history"][1]


IMPOSSIBLE = {
    "schema_version 0": (lambda d: d.update(schema_version=0), "format 0"),
    "schema_version -5": (lambda d: d.update(schema_version=-5), "format -5"),
    "schema_version true": (lambda d: d.update(schema_version=True), "has no schema version"),
    "an unknown answer": (lambda d: d["history"][0].update(answer="zzz"),
                          "answer 'zzz' at step 'example/what-do-you-see' is not one of its answers"),
    "a check answer its result contradicts": (lambda d: d["history"][1].update(answer="ok"),
                                              "answer 'ok' at step 'example/run-vss-check'"),
    "history out of order": (_swap, "does not follow from the answer at the step before it"),
    "a step skipped": (lambda d: d["history"].pop(1), "does not follow from the answer at the step before it"),
    "an unanswered step in the middle": (lambda d: d["history"][1].update(answer=None),
                                         "has no answer but is not the last step"),
}


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_a_walk_that_was_never_possible_is_refused_when_loaded(example_flows, store, case):
    change, words = IMPOSSIBLE[case]
    path = _damaged(example_flows, store, change)

    with pytest.raises(SessionFileError) as caught:
        store.load(path, example_flows)

    assert words in str(caught.value)
    assert store.resumable(example_flows) == []


def test_walks_that_jump_go_back_and_end_still_load(example_flows, store):
    session = Session(example_flows, "example", platform="linux")
    store.autosave(session)
    session.choose("info")
    session.proceed()
    session.back()
    session.jump_to("example", "fix-linux")
    session.proceed()
    session.back()
    session.resolve()
    session.jump_to("example-network", next(iter(example_flows["example-network"].steps)))

    loaded = store.load(session.id, example_flows)

    assert [(v.flow, v.step, v.answer) for v in loaded.history] == \
           [(v.flow, v.step, v.answer) for v in session.history]


def test_back_to_the_start_page_never_deletes_a_file_outside_the_folder(example_flows, store, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.app import Parts, application, create_window
    from gui.wizard import START_ID

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "name.json").write_text("precious", encoding="utf-8")
    fresh = Session(example_flows, "example", platform="windows")  # a walk with no answer yet
    brought = tmp_path / "brought.json"
    brought.write_text(json.dumps(dict(fresh.to_dict(), id=str(victim / "name"))), encoding="utf-8")
    window = create_window(Parts(example_flows, lambda *a, **k: None, None, store), lang="en")
    qtbot.addWidget(window)
    window.show()
    window.wizard.restart()

    assert window.wizard.resume(str(brought))
    window.wizard.back()

    assert window.wizard.currentId() == START_ID
    assert (victim / "name.json").read_text(encoding="utf-8") == "precious"
    assert brought.exists()

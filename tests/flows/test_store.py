"""Saved sessions: autosave after every change, and damaged files refused plainly, never altered."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.session import SESSION_SCHEMA_VERSION, Session, SessionFileError
from troubleshooter.flows.store import SessionStore, write_atomically


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


def _walked(example_flows, store) -> Session:
    session = Session(example_flows, "example", platform="windows")
    store.autosave(session)
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.ERROR, {"en": "Failed", "ko": "실패"}))
    return session


def test_default_folder_is_the_private_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path))

    assert SessionStore().directory == tmp_path / "sessions"


def test_autosave_writes_after_every_change(example_flows, store):
    session = _walked(example_flows, store)

    on_disk = json.loads(store.path_for(session.id).read_text(encoding="utf-8"))
    assert [v["step"] for v in on_disk["history"]] == ["what-do-you-see", "run-vss-check", "ask-vss"]
    session.choose("yes")
    assert store.load(session.id, example_flows).step.id == "fix-vss"


def test_list_and_resumable_show_unfinished_walks_newest_first(example_flows, store):
    first = _walked(example_flows, store)
    second = Session(example_flows, "example", platform="windows")
    store.autosave(second)
    second.choose("vss")
    second.record_check(CheckResult("example.always_ok", Status.OK, {"en": "Fine", "ko": "정상"}))
    # Same-second timestamps would tie: make the order explicit.
    first.updated_at, second.updated_at = "2026-01-01T00:00:00+00:00", "2026-01-02T00:00:00+00:00"
    store.save(first)
    store.save(second)

    listed = store.list()

    assert [(s.id, s.step, s.finished) for s in listed] == [
        (second.id, "example/all-good", True), (first.id, "example/ask-vss", False)]
    assert [s.id for s in store.resumable()] == [first.id]
    store.delete(first.id)
    assert [s.id for s in store.list()] == [second.id]


DAMAGE = {
    "truncated": (lambda good: good[: len(good) // 2], "is not a complete session file (it may have been cut off)"),
    "not JSON": (lambda good: b"\x89PNG not a session at all", "is not a complete session file"),
    "empty": (lambda good: b"", "is empty"),
    "a list": (lambda good: b"[1, 2, 3]", "is not a session file"),
    "future version": (lambda good: good.replace(b'"schema_version": 1', b'"schema_version": 99'),
                       "was written by a newer version of the program (format 99); update the program"),
    "no history": (lambda good: good.replace(b'"history"', b'"hisstory"'),
                   "the saved session is incomplete or damaged: it has no 'history'"),
    "a step the flows lost": (lambda good: good.replace(b'"ask-vss"', b'"ask-vsz"'),
                              "refers to step 'example/ask-vsz', which the current flows no longer have"),
    "a flow the flows lost": (lambda good: good.replace(b'"flow": "example",\n "lang"', b'"flow": "gone",\n "lang"'),
                              "walks the flow 'gone', which the current flows no longer have"),
    "a bad status": (lambda good: good.replace(b'"status": "error"', b'"status": "fine"'),
                     "the saved session is incomplete or damaged ('fine' is not a valid Status)"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_file_is_refused_clearly_and_left_untouched(example_flows, store, damage):
    session = _walked(example_flows, store)
    path = store.path_for(session.id)
    make_damaged, words = DAMAGE[damage]
    damaged = make_damaged(path.read_bytes())
    assert damaged != path.read_bytes() or damage == "empty"
    path.write_bytes(damaged)
    stat_before = os.stat(path)

    with pytest.raises(SessionFileError) as caught:
        store.load(session.id, example_flows)

    assert words in str(caught.value)
    assert path.read_bytes() == damaged
    assert os.stat(path).st_mtime_ns == stat_before.st_mtime_ns


def test_list_skips_damaged_files_and_leaves_them_alone(example_flows, store):
    good = _walked(example_flows, store)
    damaged = {"cut.json": b'{"schema_version": 1, "id": "x", "hist', "future.json":
               json.dumps({"schema_version": SESSION_SCHEMA_VERSION + 1, "id": "f", "flow": "example",
                           "history": [{"flow": "example", "step": "what-do-you-see"}]}).encode(),
               "odd.json": b'{"schema_version": 1, "id": "o", "flow": "example", "history": "abc"}',
               "none.json": b'{"schema_version": 1, "id": "n", "flow": "example", "history": []}'}
    for name, data in damaged.items():
        (store.directory / name).write_bytes(data)

    assert [s.id for s in store.list()] == [good.id]
    for name, data in damaged.items():
        assert (store.directory / name).read_bytes() == data


def test_list_of_a_missing_folder_is_empty(tmp_path):
    assert SessionStore(tmp_path / "never-created").list() == []


def test_write_atomically_replaces_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "deep" / "file.json"
    write_atomically(target, b"old")

    write_atomically(target, b"new contents")

    assert target.read_bytes() == b"new contents"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json"]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.sampled_from(["schema_version", "id", "flow", "history", "step",
                                                              "check", "status", "summary", "facts", "lang"])
                                             | st.text(max_size=5), children, max_size=4), max_leaves=20)
FUZZED_ID = "5e55" * 8
SESSION_KEYS = ["schema_version", "id", "flow", "history", "lang", "platform"]
VISIT_KEYS = ["flow", "step", "answer", "check", "verify", "via"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_saved_content_loads_or_is_refused_as_a_session_file(example_flows, tmp_path, data):
    good = {"schema_version": 1, "id": FUZZED_ID, "flow": "example", "lang": "en", "platform": "windows",
            "history": [{"flow": "example", "step": "what-do-you-see", "answer": "vss"},
                        {"flow": "example", "step": "run-vss-check", "answer": "unknown",
                         "check": {"check_id": "example.always_ok", "status": "error", "summary": {"en": "x"}}},
                        {"flow": "example", "step": "ask-vss"}]}
    if data.draw(st.booleans()):
        content = data.draw(JSON_VALUES)
    else:  # a real session with one field replaced by anything
        content = json.loads(json.dumps(good))
        visit = content["history"][data.draw(st.integers(0, 2))]
        target, keys = data.draw(st.sampled_from([(content, SESSION_KEYS), (visit, VISIT_KEYS)]))
        target[data.draw(st.sampled_from(keys))] = data.draw(JSON_VALUES)
    store = SessionStore(tmp_path / "fuzzed")
    path = store.path_for(FUZZED_ID)
    store.directory.mkdir(exist_ok=True)
    path.write_text(json.dumps(content), encoding="utf-8")

    try:
        session = store.load(FUZZED_ID, example_flows)
    except SessionFileError as error:
        assert str(error)
        assert [s.id for s in store.list()] in ([], [FUZZED_ID])
    else:
        assert session.step.id in example_flows[session.current.flow].steps
        assert isinstance(session.to_dict(), dict)


def test_a_saved_step_that_became_a_goto_is_refused(example_flows, store):
    session = _walked(example_flows, store)
    path = store.path_for(session.id)
    path.write_bytes(path.read_bytes().replace(b'"ask-vss"', b'"to-network"'))

    with pytest.raises(SessionFileError, match="stands on 'example/to-network', which the current flows turned "
                                               "into a jump"):
        store.load(session.id, example_flows)

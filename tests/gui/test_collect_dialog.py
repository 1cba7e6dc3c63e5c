"""The "Collect logs for support" dialog: progress while it works, a Cancel (or Esc) that stops it."""

from __future__ import annotations

import functools
import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.collect_dialog import CollectDialog
from troubleshooter.checks.host import LocalHost
from troubleshooter.collect.bundle import CollectCancelled, CollectOptions, collect_bundle


def _vm(tmp_path):
    root = tmp_path / "vm"
    (root / "var/log/azure").mkdir(parents=True)
    (root / "var/log/waagent.log").write_text("agent line\n" * 20_000)
    (root / "var/log/azure/extension.log").write_text("extension line\n" * 20_000)
    return root


def _shown_dialog(qtbot, out, collect) -> CollectDialog:
    dialog = CollectDialog(CollectOptions(out=out, no_network=True), collect=collect)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _real_collect(tmp_path):
    """The real collect, on a VM folder under tmp_path."""
    return functools.partial(collect_bundle, host=LocalHost(root=_vm(tmp_path), platform="linux"))


def test_progress_reaches_the_end_and_the_zip_is_written(qtbot, tmp_path):
    out = tmp_path / "support.zip"
    dialog = _shown_dialog(qtbot, out, _real_collect(tmp_path))
    seen = []
    dialog._signals.progress.connect(lambda done, total, what: seen.append((done, total)))
    with qtbot.waitSignal(dialog.done, timeout=60_000) as outcome:
        dialog.start()
    assert outcome.args == ["finished"]
    assert out.is_file() and seen and seen[-1][0] == seen[-1][1]
    assert "secret(s) removed" in dialog.outcome.toPlainText()
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    assert str(out) in dialog.current.text()


def test_escape_cancels_the_work_and_writes_nothing(qtbot, tmp_path):
    out = tmp_path / "support.zip"
    started = threading.Event()

    def slow_collect(options, *, progress, cancel_event):
        progress(1, 10, "/var/log/waagent.log")
        started.set()
        if cancel_event.wait(30):
            raise CollectCancelled()
        raise AssertionError("the cancel never reached the work")

    dialog = _shown_dialog(qtbot, out, slow_collect)
    dialog.start()
    assert started.wait(10)
    qtbot.waitUntil(lambda: dialog.progress_bar.maximum() == 10)
    with qtbot.waitSignal(dialog.done, timeout=10_000) as outcome:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()  # Esc asks the work to stop; the dialog waits for it
    assert outcome.args == ["cancelled"]
    assert not out.exists() and "nothing was written" in dialog.current.text()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_real_collect_cancelled_during_the_checks(qtbot, tmp_path):
    out = tmp_path / "support.zip"
    dialog = _shown_dialog(qtbot, out, _real_collect(tmp_path))
    with qtbot.waitSignal(dialog.done, timeout=30_000) as outcome:
        dialog.start()
        dialog.cancel_button.click()
    assert outcome.args == ["cancelled"] and not out.exists()
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".support.zip*")) == []

"""Runs in a child process: a bare QWizard or the real window, and reports memory or event-loop stalls.

    python -m benchmarks.window_probe bare-memory     # bare QWizard shown: peak resident memory
    python -m benchmarks.window_probe window-memory   # real window, one flow walked to the summary
    python -m benchmarks.window_probe window-stall    # real window, every check run: longest gap
    python -m benchmarks.window_probe startup-phases  # real window: time and memory of each start-up phase
    python -m benchmarks.window_probe long-line       # real window, a tool printing 2 MB on one line
    python -m benchmarks.window_probe first-key       # real window: an error code typed, to its matches

Prints one line `PROBE {json}`. The parent sets QT_QPA_PLATFORM=offscreen, VMBT_ENDPOINTS
(loopback) and VMBT_DATA_DIR (a scratch folder).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

PROBE_INTERVAL_MS = 5
# The walk the memory probe takes: backup-failing through the agent questions to a fix (case B05).
WALK_FLOW = "backup-failing"
WALK_ANSWERS = {"which-error": "agent", "which-agent-error": "not-responding", "ask-agent-running": "stopped"}
# What the person pastes or types into the search box before the walk (the memory and first-key probes).
SEARCH_TEXT = "UserErrorGuestAgentStatusUnavailable"
MAX_PAGES = 40


def _max_rss_bytes() -> int:
    """This process's peak resident memory.

    On Linux ru_maxrss survives execve: a child spawned by a 90 MB parent reports at least 90 MB.
    VmHWM belongs to the address space, which execve replaces, so it is this program's own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource  # POSIX only; without /proc this is the best there is

    scale = 1 if sys.platform == "darwin" else 1024  # kilobytes elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _report(**values) -> None:
    print("PROBE " + json.dumps(values), flush=True)


def _settle(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def _wait_exposed(app, widget) -> None:
    end = time.monotonic() + 20
    while not (widget.windowHandle() and widget.windowHandle().isExposed()) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


class _GapProbe:
    """A precise timer every PROBE_INTERVAL_MS; the gaps between its ticks are the event loop's stalls."""

    def __init__(self):
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.gaps: list[int] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(lambda: self.gaps.append(self._clock.restart()))

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def longest(self) -> int | None:
        return max(self.gaps) if self.gaps else None


def bare_memory() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

    app = QApplication(sys.argv[:1])
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("Backup fails")
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel("What do you see?"))
    wizard.addPage(page)
    wizard.show()
    _wait_exposed(app, wizard)
    _settle(app, 0.3)
    _report(max_rss_bytes=_max_rss_bytes())


def _open_window():
    from PySide6.QtCore import QSettings

    from gui.app import application, create_window, real_parts

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="vmbt-probe-"))
    app = application()
    window = create_window(real_parts(), lang="en")
    window.show()
    window.wizard.restart()
    _wait_exposed(app, window)
    return app, window


def _type_search(app, window) -> int:
    """Type SEARCH_TEXT into the start page's search box, as a person does, until its matches show;
    returns how many there are."""
    from PySide6.QtTest import QTest

    start = window.wizard.start_page
    start.search_box.setFocus()
    QTest.keyClicks(start.search_box, SEARCH_TEXT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        app.processEvents()
        results = start._results
        if results is not None and results.isVisible() and results.count():
            return results.count()
        time.sleep(0.001)
    raise SystemExit("the search showed no matches")


def first_key() -> None:
    """The longest event-loop stall from the first key in the search box to the matches shown."""
    app, window = _open_window()
    _settle(app, 0.8)  # the work after the first paint is done, as when a person starts typing
    probe = _GapProbe()
    probe.start()
    started = time.monotonic()
    matches = _type_search(app, window)
    probe.stop()
    _report(longest_gap_ms=probe.longest(), ticks=len(probe.gaps), matches=matches,
            seconds=round(time.monotonic() - started, 3))


def window_memory() -> None:
    from PySide6.QtWidgets import QWizard

    from gui.pages.check import CheckPage
    from gui.pages.choice import ChoicePage
    from gui.pages.resolution import ResolutionPage
    from gui.wizard import SUMMARY_ID

    app, window = _open_window()
    wizard = window.wizard
    _type_search(app, window)  # a walk that includes a search: the index is in memory too
    wizard.start_page.search_box.clear()
    wizard.start_page.flow_buttons[WALK_FLOW].click()
    wizard.next()
    pages = 0
    while wizard.currentId() != SUMMARY_ID and pages < MAX_PAGES:
        pages += 1
        app.processEvents()
        page = wizard.currentPage()
        if isinstance(page, ChoicePage):
            step_id = wizard.session.current.step
            options = [option.id for option in wizard.session.options()]
            page.select_option(WALK_ANSWERS.get(step_id, options[0]))
            wizard.next()
        elif isinstance(page, CheckPage):
            page.skip_button.click()  # the questions route, as when a check cannot run
        elif isinstance(page, ResolutionPage):
            wizard.button(QWizard.WizardButton.CustomButton1).click()  # "That fixed it"
        else:
            wizard.next()
    if wizard.currentId() != SUMMARY_ID:
        raise SystemExit(f"the walk did not reach the summary after {pages} pages")
    _settle(app, 0.3)
    _report(max_rss_bytes=_max_rss_bytes(), pages=pages,
            path=[f"{visit.flow}/{visit.step}" for visit in wizard.session.history])


def window_stall() -> None:
    """Every applicable check at once through the window's own run_check and CheckJob."""
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.checkjob import CheckJob
    from gui.widgets import CheckResultView
    from troubleshooter.checks.runner import applicable_check_ids

    app, window = _open_window()
    ids = applicable_check_ids()
    views = {check_id: CheckResultView() for check_id in ids}
    probe = _GapProbe()
    results = {}
    jobs = []

    finished_all = []

    def show(check_id, result):
        results[check_id] = result.status.value
        views[check_id].show_result(result, "en")
        window.update()
        if len(results) == len(ids) and finished_all:
            finished_all[0]()

    _settle(app, 0.2)
    started = time.monotonic()
    probe.start()
    for check_id in ids:
        job = CheckJob(window.wizard.run_check, window)
        job.finished.connect(lambda result, check_id=check_id: show(check_id, result))
        job.start(check_id)
        jobs.append(job)
    loop = QEventLoop()
    QTimer.singleShot(60_000, loop.quit)
    finished_all.append(loop.quit)
    if len(results) < len(ids):
        loop.exec()
    probe.stop()
    elapsed = time.monotonic() - started
    _report(longest_gap_ms=probe.longest(), ticks=len(probe.gaps), checks=len(ids), finished=len(results),
            seconds=round(elapsed, 3), statuses=results)


def long_line() -> None:
    """The real window and the real check against a tune2fs that prints one 2 MB line: the longest
    event-loop stall while the check runs, Next goes to the summary, and the language changes."""
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from benchmarks.long_line import build_machine, machine_host
    from gui.app import Parts, application, create_window
    from gui.pages.check import CheckPage
    from gui.wizard import SUMMARY_ID
    from troubleshooter.checks.runner import run_check
    from troubleshooter.flows.loader import load_flows

    scratch = Path(tempfile.mkdtemp(prefix="vmbt-probe-long-line-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "settings"))
    root = build_machine(scratch)
    host = machine_host(root)
    flows = load_flows([scratch / "flows" / "long-line.yaml"])
    app = application()
    window = create_window(Parts(flows=flows, run_check=lambda check_id, cancel_event=None: run_check(
        check_id, host, cancel_event=cancel_event)), lang="en")
    window.show()
    window.wizard.restart()
    _wait_exposed(app, window)
    wizard = window.wizard
    probe = _GapProbe()
    _settle(app, 0.2)
    probe.start()
    wizard.start_page.flow_buttons["long-line"].click()
    wizard.next()
    page = wizard.currentPage()
    if not isinstance(page, CheckPage):
        raise SystemExit(f"expected the check page, got {type(page).__name__}")
    page.start_check()
    deadline = time.monotonic() + 30
    while page.job_running() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    _settle(app, 0.1)
    timings = {}
    started = time.perf_counter()
    wizard.next()
    timings["next_to_summary_s"] = round(time.perf_counter() - started, 4)
    if wizard.currentId() != SUMMARY_ID:
        raise SystemExit("the walk did not reach the summary")
    _settle(app, 0.1)
    for lang in ("ko", "en", "ko"):
        started = time.perf_counter()
        window.set_language(lang)
        app.processEvents()
        timings[f"switch_to_{lang}_s"] = max(timings.get(f"switch_to_{lang}_s", 0),
                                            round(time.perf_counter() - started, 4))
        _settle(app, 0.1)
    probe.stop()
    result = page.result
    _report(longest_gap_ms=probe.longest(), ticks=len(probe.gaps), **timings,
            summary_bytes=len((result.summary["en"] if result else "").encode("utf-8")),
            evidence_bytes=len((result.evidence if result else "").encode("utf-8")))


def _resident_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _max_rss_bytes()


def startup_phases() -> None:
    """Where the app's start-up time and memory go, phase by phase, as gui.app.run_app does them."""
    phases = []
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases.append({"phase": name, "seconds": round(now - clock, 4), "rss_bytes": _resident_bytes()})
        clock = now

    from PySide6 import QtWidgets  # noqa: F401 - the bare QWizard pays for this too
    phase("import PySide6.QtWidgets")
    from PySide6.QtCore import QSettings

    from gui import app as app_module
    phase("import gui.app")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="vmbt-probe-"))
    app = app_module.application()
    phase("QApplication, icon, fonts")
    parts = app_module.real_parts()
    phase("load the checked flows")
    window = app_module.create_window(parts, lang="en")
    phase("create the window")
    window.show()
    window.wizard.restart()
    _wait_exposed(app, window)
    phase("show it until exposed")
    parts.search.build()
    phase("read the search index from its cache (at the first search)")
    _report(phases=phases)


MODES = {"bare-memory": bare_memory, "window-memory": window_memory, "window-stall": window_stall,
         "startup-phases": startup_phases, "long-line": long_line, "first-key": first_key}

if __name__ == "__main__":
    MODES[sys.argv[1]]()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown; nothing is left to save

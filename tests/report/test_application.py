"""The report draws with Qt but never makes Qt's application itself: its caller does, in the open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from troubleshooter.qt_application import use_offscreen_without_display

ROOT = Path(__file__).resolve().parents[2]

WITHOUT_AN_APPLICATION = """
from PySide6.QtCore import QCoreApplication
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report
from troubleshooter.report.fonts import NoApplicationError
from troubleshooter.report.pdf import render_pdf_bytes

report = build_report(Session(load_checked_flows(), "backup-failing", lang="en", platform="windows"))
try:
    render_pdf_bytes(report, lang="en")
except NoApplicationError as exc:
    print("refused:", exc)
print("application made:", QCoreApplication.instance() is not None)
"""


def _python(code: str, *arguments: str, without_display: bool = False) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if without_display:  # as on a VM reached by ssh: the command has to choose offscreen itself
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
    return subprocess.run([sys.executable, "-c", code, *arguments], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_pdf_is_refused_without_an_application_and_none_is_made_behind_the_callers_back():
    done = _python(WITHOUT_AN_APPLICATION)
    assert done.returncode == 0, done.stderr
    assert "refused: the report's fonts need a Qt application" in done.stdout
    assert "application made: False" in done.stdout


def test_run_pdf_makes_its_application_and_writes_the_pdf(tmp_path):
    target = tmp_path / "report.pdf"
    done = _python("import sys; from troubleshooter.cli import main; sys.exit(main(sys.argv[1:]))",
                   "run", "--flow", "backup-failing", "--no-checks", "--pdf", str(target), without_display=True)
    assert done.returncode == 2, done.stderr  # stops at the first question: the report is still written
    assert target.read_bytes().startswith(b"%PDF")


def test_offscreen_is_chosen_only_on_linux_without_a_display_or_a_platform_asked_for():
    for environ, platform, chosen in (({}, "linux", True), ({"DISPLAY": ":0"}, "linux", False),
                                      ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
                                      ({"QT_QPA_PLATFORM": "xcb"}, "linux", False), ({}, "win32", False),
                                      ({}, "darwin", False)):
        environ = dict(environ)
        assert use_offscreen_without_display(environ, platform) is chosen
        assert (environ.get("QT_QPA_PLATFORM") == "offscreen") is chosen

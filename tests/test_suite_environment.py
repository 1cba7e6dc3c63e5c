"""The suite does not depend on the caller's environment: the program's VMBT_* settings given to
pytest (as a CI job or a developer's shell may) are removed before any test runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Every program setting, each at a value that would change what the named tests see.
CALLERS_SETTINGS = {
    "VMBT_NO_NETWORK": "1",
    "VMBT_ENDPOINTS": "/nonexistent/endpoints.yaml",
    "VMBT_DATA_DIR": "/nonexistent/data",
    "VMBT_FLOWS_DIR": "/nonexistent/flows",
    "VMBT_EXIT_AFTER_SHOW": "1",
    "VMBT_BUNDLE": "onedir",
    "VMBT_SPLASH": "0",
}


def test_the_programs_settings_in_the_callers_environment_do_not_reach_the_tests():
    tests = ["tests/checks/test_checks_cli.py::test_findings_do_not_change_the_exit_code",
             "tests/test_cli.py"]
    finished = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *tests],
                              cwd=REPO, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **CALLERS_SETTINGS),
                              capture_output=True, text=True, timeout=300)

    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-2000:]

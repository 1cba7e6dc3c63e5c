"""The terminal wizard's first screen waits for nothing it does not show: on a start with the
flows' cache in place it has read their headings only, and imported none of what the walk's
later pages, a save or a help text need (`make bench` times it; this keeps the reasons)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

PROGRAM = Path(__file__).parent / "first_screen_modules.py"
ROOT = Path(__file__).resolve().parents[2]
# The flows' loading (built, verified, or checked in full from YAML) happens at the first answer.
FLOW_LOADING = ("troubleshooter.flows.build", "troubleshooter.flows.verify", "troubleshooter.flows.linter", "yaml")
# Each cost the first screen milliseconds for something it does not use (see the modules' comments).
NOT_FOR_THE_FIRST_SCREEN = ("typing", "logging", "tempfile", "shutil", "platformdirs", "importlib.resources",
                            "zipfile", "datetime", "troubleshooter.markup", "troubleshooter.search",
                            "troubleshooter.checks.runner", "PySide6")


def modules_at_the_first_prompt(tmp_path: Path, data_dir: Path) -> set[str]:
    """Run the program in a pseudo-terminal until its first prompt; the modules it had by then."""
    listed = tmp_path / "modules.json"
    leader, follower = pty.openpty()
    env = {**os.environ, "VMBT_DATA_DIR": str(data_dir), "MODULES_FILE": str(listed), "TERM": "vt100",
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, str(PROGRAM)], stdin=follower, stdout=follower, stderr=follower,
                               env=env, cwd=tmp_path)
    os.close(follower)
    shown = b""
    try:
        while True:  # read what it shows, so a long page never blocks it on a full terminal
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program has closed the terminal's last end
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert process.wait(timeout=60) == 0, shown.decode(errors="replace")
    return set(json.loads(listed.read_text(encoding="utf-8")))


def test_the_first_screen_reads_only_the_headings_and_imports_nothing_it_does_not_show(tmp_path):
    data_dir = tmp_path / "data"
    first_start = modules_at_the_first_prompt(tmp_path, data_dir)
    assert "troubleshooter.flows.verify" in first_start  # no cache yet: the flows were loaded before it
    later_start = modules_at_the_first_prompt(tmp_path, data_dir)
    assert "troubleshooter.terminal.wizard" in later_start
    assert not later_start.intersection(FLOW_LOADING)
    assert not later_start.intersection(NOT_FOR_THE_FIRST_SCREEN)

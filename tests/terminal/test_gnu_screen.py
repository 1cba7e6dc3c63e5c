"""The terminal wizard inside GNU screen (TERM=screen), as an admin who keeps an SSH session in
one: the start page in Korean, a flow chosen by its number, q keeping the walk; bold, no colour
beyond the 8 basic ones. screen's log of the window is what the person saw."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("screen") is None, reason="GNU screen is not installed")

TIMEOUT_S = 20.0


def _wait_for(log: Path, text: str) -> str:
    deadline = time.monotonic() + TIMEOUT_S
    seen = ""
    while time.monotonic() < deadline:
        seen = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if text in seen:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not show in GNU screen within {TIMEOUT_S} s:\n{seen[-3000:]}")


def test_the_walk_in_gnu_screen(tmp_path, flows):
    session = f"vmbt-{os.getpid()}"
    log, config = tmp_path / "screen.log", tmp_path / "screenrc"
    config.write_text("logfile flush 0\ndefutf8 on\n", encoding="utf-8")
    walk = (f"stty cols 80 rows 24; {sys.executable} -m troubleshooter walk --lang ko; echo EXIT=$?; "
            "sleep 60")
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "VMBT_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           # screen's socket path must fit in 108 bytes, which pytest's folder may not leave it
           "SCREENDIR": tempfile.mkdtemp(prefix="vmbt-screen-")}
    subprocess.run(["screen", "-c", str(config), "-U", "-L", "-Logfile", str(log), "-dmS", session,
                    "bash", "-c", walk], env=env, check=True, timeout=30)
    try:
        shown = _wait_for(log, "> ")
        assert "어떤 문제가 있나요?" in shown
        slow = [f.id for f in flows.entry_flows()].index("slow-job") + 1
        subprocess.run(["screen", "-S", session, "-X", "stuff", f"{slow}\n"], env=env, check=True, timeout=10)
        _wait_for(log, "1단계")
        subprocess.run(["screen", "-S", session, "-X", "stuff", "q\n"], env=env, check=True, timeout=10)
        shown = _wait_for(log, "EXIT=0")
    finally:
        subprocess.run(["screen", "-S", session, "-X", "quit"], env=env, timeout=10)
        shutil.rmtree(env["SCREENDIR"], ignore_errors=True)
    assert re.search(r"walk --resume [0-9a-f]{32}", shown)
    assert "\x1b[1m" in shown  # bold where the terminal takes it
    assert not re.search(r"\x1b\[[0-9;]*(?:38|48);5;", shown)  # never 256 colours

"""The issue's bar, in a real X server: an error code typed, Enter, Esc, Enter, and the walk kept at its fix.

The program runs as a person starts it (`python -m troubleshooter`, the xcb platform, no test
hooks); xdotool types into the X server the way a keyboard does. Skipped where Xvfb or xdotool
is missing (CI installs both, see .ci/run).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ERROR_CODE = "UserErrorGuestAgentStatusUnavailable"
TITLE = "VM Backup Troubleshooter"

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool"))
                                or not sys.platform.startswith("linux"), reason="needs Xvfb and xdotool")


def _display_number(ready: int, seconds: float) -> int | None:
    """What Xvfb writes to its -displayfd pipe once it accepts connections; None if it did not start."""
    text = b""
    deadline = time.monotonic() + seconds
    while not text.endswith(b"\n") and time.monotonic() < deadline:
        if select.select([ready], [], [], 0.1)[0]:
            chunk = os.read(ready, 16)
            if not chunk:  # the server ended
                return None
            text += chunk
    return int(text) if text.endswith(b"\n") else None


@pytest.fixture
def x_server():
    # Xvfb takes the first free display number itself (its lock file decides), so parallel test
    # processes never pick the same one.
    ready, ready_for_server = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(ready_for_server), "-screen", "0", "1280x900x24",
                               "-nolisten", "tcp"], pass_fds=(ready_for_server,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(ready_for_server)
    try:
        number = _display_number(ready, 10)
    finally:
        os.close(ready)
    if number is None:
        server.kill()
        server.wait()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def xdotool(display: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=30)
    return done.stdout


def _wait_until(condition, app, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert app.poll() is None, f"the program ended while waiting for {what}: {app.stderr.read()}"
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.2)


def test_an_error_code_enter_escape_enter_keeps_the_walk_at_its_fix(x_server, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=x_server, VMBT_DATA_DIR=str(tmp_path / "data"), VMBT_NO_NETWORK="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    app = subprocess.Popen([sys.executable, "-m", "troubleshooter", "--lang", "en"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (window := xdotool(x_server, "search", "--onlyvisible", "--name", TITLE).split()):
            assert app.poll() is None and time.monotonic() < deadline, app.stderr.read() if app.poll() else "no window"
            time.sleep(0.2)
        time.sleep(1.0)  # the first paint
        # Give it the keyboard as a window manager would: only an active window has a focus widget
        # that Qt can move, which is where the focus used to be lost.
        xdotool(x_server, "windowfocus", "--sync", window[0])
        time.sleep(0.3)
        xdotool(x_server, "type", "--delay", "30", ERROR_CODE)
        # Each key waits for what the one before it started, not for a fixed time: on a busy
        # machine the index, the fix page or the dialog can take seconds to come.
        data = tmp_path / "data"
        _wait_until(lambda: list((data / "cache").glob("search-index-*.postings")), app, "the search index")
        time.sleep(1.5)  # the search waits for a pause in typing, then shows its matches
        xdotool(x_server, "key", "Return")  # opens the highlighted hit
        _wait_until(lambda: list((data / "sessions").glob("*.json")), app, "the walk to the fix")
        time.sleep(0.5)
        xdotool(x_server, "key", "Escape")  # asks: keep (the default), discard or stay
        _wait_until(lambda: len(xdotool(x_server, "search", "--onlyvisible", "--name", TITLE).split()) > 1, app,
                    "the question about leaving")
        time.sleep(0.5)
        xdotool(x_server, "key", "Return")  # keep it
        assert app.wait(timeout=60) == 0, app.stderr.read()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        app.stdout.close()
        app.stderr.close()
    sessions = list((tmp_path / "data" / "sessions").glob("*.json"))
    assert len(sessions) == 1
    walk = json.loads(sessions[0].read_text(encoding="utf-8"))
    last = walk["history"][-1]
    assert last["via"] == "search" and last["answer"] is None and not walk["finished"]
    assert last["step"].startswith("fix-")

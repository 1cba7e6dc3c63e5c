"""A real pseudo-terminal for the terminal wizard's tests: a program in tmux, driven by keys, read from its screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def need_tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        pytest.skip("needs tmux (apt-get install tmux)")
    return found


class Terminal:
    """One program in a detached tmux session of `width` x `height`, on a server of its own."""

    def __init__(self, argv: list[str], env: dict[str, str], *, width: int = 80, height: int = 24, cwd: Path | None = None):
        self.tmux = need_tmux()
        self.socket = f"vmbt-test-{uuid.uuid4().hex[:12]}"
        assignments = [f"{key}={value}" for key, value in env.items()]
        # The program's exit status is kept on screen, so a test can read how it ended.
        command = f"env {shlex.join(assignments)} {shlex.join(argv)}; echo EXIT=$?; sleep 60"
        self._tmux("-u", "new-session", "-d", "-x", str(width), "-y", str(height), "-s", "walk",
                   "-c", str(cwd or REPO), command)

    def _tmux(self, *args: str) -> str:
        return subprocess.run([self.tmux, "-L", self.socket, "-f", os.devnull, *args], check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        """Type: each item is literal text, or Enter, C-c, BSpace as tmux names them."""
        for key in keys:
            if key in ("Enter", "C-c", "C-d", "BSpace"):
                self._tmux("send-keys", "-t", "walk", key)
            else:
                self._tmux("send-keys", "-t", "walk", "-l", key)

    def type_line(self, line: str) -> None:
        self.keys(line, "Enter")

    def screen(self, *, joined: bool = False, escapes: bool = False) -> str:
        """What the terminal shows now (with its scrollback when joined: lines the program wrote
        whole, not as the terminal wrapped them)."""
        args = ["capture-pane", "-p", "-t", "walk"]
        if joined:
            args += ["-J", "-S", "-"]
        if escapes:
            args.append("-e")
        return self._tmux(*args)

    def wait_for(self, text: str, timeout: float = 10.0, *, joined: bool = True) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen(joined=joined)
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout} s; the screen shows:\n{shown}")
            time.sleep(0.05)

    def last_screen_shows(self, text: str) -> bool:
        return text in self.screen()

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)

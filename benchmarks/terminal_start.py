"""Time from spawn to the terminal wizard's first screen (its prompt), in a pseudo-terminal of 80x24."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 30.0
FIRST_SCREEN = b"> "


def time_to_first_screen(environment: dict[str, str], lang: str = "en") -> float:
    """Seconds from spawning `walk` until its start page has been written up to the prompt."""
    import fcntl
    import struct
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(environment, TERM="xterm-256color", LANG="C.UTF-8")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "troubleshooter", "walk", "--lang", lang], cwd=ROOT, env=env,
                               stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
    os.close(follower)
    seen = b""
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                continue
            try:
                seen += os.read(leader, 65536)
            except OSError:
                break
            if b"?: " in seen and seen.rstrip(b" ").endswith(FIRST_SCREEN.rstrip()):
                return time.perf_counter() - started
        raise RuntimeError(f"the terminal wizard showed no first screen within {TIMEOUT_S} s:\n{seen[-2000:]!r}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        os.close(leader)

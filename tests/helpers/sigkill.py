"""A child process killed with SIGKILL at a moment the test chooses, and what it printed by then."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Callable


def kill_when(process: subprocess.Popen, moment: Callable[[], None]) -> str:
    """Wait for `moment` (it returns when the kill is due: after reading the child's lines, or a
    sleep), then SIGKILL the child. Returns what the child printed that `moment` did not read;
    the child is gone whatever `moment` raised."""
    try:
        moment()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # Everything printed before the kill is still in the pipe.
    rest = process.stdout.read()
    process.stdout.close()
    process.stderr.close()
    return rest

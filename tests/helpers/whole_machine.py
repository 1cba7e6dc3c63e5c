"""Tests marked `whole_machine` run alone while pytest-xdist runs the suite in several processes.

Such a test busies every core or reads the machine's process list and asserts on it, so a test in
another worker would be slowed past its time limit, or would show up in that list. Every test holds
a lock in the run's shared temporary folder while it runs: shared for ordinary tests, exclusive for
whole-machine ones. A serial run takes no lock.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MARKER = "whole_machine"


def in_parallel_run(config) -> bool:
    """True in a pytest-xdist worker, whose config carries `workerinput` (not the environment, which a
    pytest started by a test inherits); flock exists on POSIX only."""
    return hasattr(config, "workerinput") and os.name == "posix"


@contextmanager
def machine_share(folder: Path, alone: bool) -> Iterator[None]:
    """Held while one test runs. A whole-machine test queues at the turnstile, which ordinary tests
    pass on their way in, so workers that keep starting ordinary tests cannot starve it."""
    import fcntl

    with open(folder / "whole-machine.turnstile", "a") as turnstile, \
            open(folder / "whole-machine.lock", "a") as lock:
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

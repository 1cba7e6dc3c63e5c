"""The program's main window in a test, closed at the test's end the way a session ending closes it."""

from __future__ import annotations

import shiboken6


def close_at_the_end(qtbot, window) -> None:
    """qtbot closes `window` after the test without the question about an unfinished walk: a test
    that failed half-way would otherwise wait forever at tear-down for someone to answer it."""
    qtbot.addWidget(window, before_close_func=lambda w: w.close_keeping_walk() if shiboken6.isValid(w) else None)

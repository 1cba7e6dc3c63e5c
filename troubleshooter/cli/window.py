"""No command: the wizard window; `--self-test`: the window offscreen, walked to a fix and a PDF.

The only place where the core imports the window (`gui`), and only when it is asked for.
"""

from __future__ import annotations

import gc
import sys

from troubleshooter.config import Config

EXIT_PROBLEMS = 1


def open_window(config: Config, *, lang: str | None = None, resume: str | None = None) -> int:
    # No collection while the window's modules and objects are made: it would find nothing to free
    # and delay the first window. gui.app.run_app enables it again once the window shows.
    gc.disable()
    # Without a desktop Qt would abort (or, offscreen, run a window nobody can see): say why
    # instead. The frozen executable's entry script has asked this already, before Qt loaded.
    # Where it cannot start, the terminal wizard opens instead when there is a terminal.
    if not getattr(sys, "frozen", False):
        from troubleshooter.gui_libraries import window_problem

        problem = window_problem()
        if problem:
            return _without_window(config, problem, lang, resume)
    try:
        from gui.app import run_app
    except ImportError as exc:  # the window's libraries are missing; headless commands still work
        return _without_window(config, f"The window cannot start: {exc}.", lang, resume)
    from troubleshooter.cli.no_window import walk_if_qt_aborts

    walk_if_qt_aborts(lang)
    return run_app(lang=lang, resume=resume, config=config)


def _without_window(config: Config, problem: str, lang: str | None, resume: str | None) -> int:
    gc.enable()
    from troubleshooter.cli.no_window import without_window

    return without_window(config, problem, lang=lang, resume=resume)


def run_self_test() -> int:
    from gui.selftest import run_self_test as self_test

    return self_test()

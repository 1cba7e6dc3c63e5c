"""One Qt application for the whole run, made before anything renders a report."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def qapplication_first(qapp):
    """Rendering a report (the PDF; the HTML, whose Markdown Qt converts) needs a Qt application,
    and the report makes a bare QGuiApplication when there is none: the window tests later in the
    same run could then not get widgets. pytest-qt's QApplication, asked for first, serves both.

    Import it into a conftest (or a test module) whose tests render reports."""
    return qapp

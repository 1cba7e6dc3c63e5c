"""Fixtures for the collect tests."""

import pytest


@pytest.fixture(autouse=True)
def _application(qapp):
    """The walk's PDF needs a Qt application; make it the QApplication the window tests need later
    in the same process (a bare QGuiApplication made first would leave them without widgets)."""
    return qapp

"""Fixtures for the collect tests."""

from tests.helpers.qt_application import qapplication_first  # noqa: F401 - an autouse fixture

"""When the window shows where the focus is: after the keyboard (or the program) moved it, not after the mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.focusstyle import FocusRingComboBox, KeyboardFocusShown


def _window(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    first, second, box = QLineEdit(), QPushButton("Second"), FocusRingComboBox()
    box.addItems(["English", "한국어"])
    for widget in (first, second, box):
        layout.addWidget(widget)
    KeyboardFocusShown(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, first, second, box


def _shown(window) -> bool:
    return window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)


def test_a_focus_moved_by_the_program_is_shown(qtbot):
    window, first, second, _box = _window(qtbot)
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    second.setFocus(Qt.FocusReason.OtherFocusReason)  # as a page opened by Enter does
    qtbot.waitUntil(second.hasFocus)
    assert _shown(window)


def test_a_focus_moved_by_a_click_is_not_shown(qtbot):
    window, first, second, _box = _window(qtbot)
    first.setFocus(Qt.FocusReason.OtherFocusReason)
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    qtbot.mousePress(second, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.mouseRelease(second, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert second.hasFocus()
    assert not _shown(window)


# The offscreen platform cannot raise a popup or give it the keyboard; the popup still opens and closes.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_the_focus_coming_back_from_a_list_popup_is_not_shown(qtbot):
    window, first, _second, box = _window(qtbot)
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible())
    box.hidePopup()
    qtbot.waitUntil(lambda: not box.view().isVisible())
    assert box.hasFocus()
    assert not _shown(window)

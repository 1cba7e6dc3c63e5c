"""A visible focus ring where the platform style draws none, so a keyboard user always sees where they are.

Fusion (the style on Linux, and the fallback elsewhere) shows no focus on a flat button such as
the problem choices (QCommandLinkButton) or on a non-editable combo box such as the language box.
Only these widgets paint the ring, after their own painting: a proxy style would route every
control's painting in the window through Python and slow the first window down.
"""

from __future__ import annotations

# `Qt` is reached through QtCore inside functions, never imported by name: the first touch of the
# Qt namespace makes all its 93 enums (about 12 ms), which the first window does not wait for
# (see gui/app.py).
from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QPainter, QPalette, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QComboBox, QCommandLinkButton, QLabel, QWidget

RING_WIDTH = 2


def draw_focus_ring(widget: QWidget) -> None:
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH))
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    half = RING_WIDTH // 2 + 1
    painter.drawRoundedRect(widget.rect().adjusted(half, half, -half, -half), 3, 3)
    painter.end()


class KeyboardFocusShown(QObject):
    """Keeps the window's "the keyboard moved the focus" flag up for every focus not made by the mouse.

    Styles draw a focus frame on radio buttons, check boxes and tool buttons only under that flag,
    which Qt raises for a Tab key press alone: a page opened by Enter, Esc's dialog closing, or a
    mnemonic moved the focus without showing where it went.

    It listens to QApplication.focusChanged rather than filtering every event of the application:
    PySide hands a Python event filter each object an event goes to, and the first object of one of
    Qt's private classes (a scroll area's scroll-bar container, the gesture manager) makes it build
    every Qt class and enum there is, some 20 ms and 2.5 MB. A focus change carries no reason, so
    the mouse is told apart by its buttons being down, a list popup by its window.
    """

    def __init__(self, parent: QObject):
        super().__init__(parent)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, now: QWidget | None) -> None:
        if now is None or QGuiApplication.mouseButtons() != QtCore.Qt.MouseButton.NoButton:
            return
        if _in_popup(now) or (old is not None and _in_popup(old)):
            return  # into a combo box's list or back from it: the box shows its own state
        window = now.window()
        if not window.testAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange):
            window.setAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
            now.update()


def _in_popup(widget: QWidget) -> bool:
    return widget.window().windowType() == QtCore.Qt.WindowType.Popup


class FocusRingCommandLinkButton(QCommandLinkButton):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            draw_focus_ring(self)


class FocusRingLabel(QLabel):
    """A label of links: Tab reaches its links, and the label shows that it holds the focus."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            draw_focus_ring(self)


class FocusRingComboBox(QComboBox):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus() and not self.isEditable():
            draw_focus_ring(self)

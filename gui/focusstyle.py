"""A visible focus ring where the platform style draws none, so a keyboard user always sees where they are.

Fusion (the style on Linux, and the fallback elsewhere) shows no focus on a flat button such as
the problem choices (QCommandLinkButton) or on a non-editable combo box such as the language box.
Only these widgets paint the ring, after their own painting: a proxy style would route every
control's painting in the window through Python and slow the first window down.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QCommandLinkButton, QLabel, QWidget

RING_WIDTH = 2


def draw_focus_ring(widget: QWidget) -> None:
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING_WIDTH // 2 + 1
    painter.drawRoundedRect(widget.rect().adjusted(half, half, -half, -half), 3, 3)
    painter.end()


class KeyboardFocusShown(QObject):
    """Keeps the window's "the keyboard moved the focus" flag up for every focus not made by the mouse.

    Styles draw a focus frame on radio buttons, check boxes and tool buttons only under that flag,
    which Qt raises for a Tab key press alone: a page opened by Enter, Esc's dialog closing, or a
    mnemonic moved the focus without showing where it went.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget) \
                and event.reason() not in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.PopupFocusReason):
            window = watched.window()
            if not window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
                window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
                watched.update()
        return False


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

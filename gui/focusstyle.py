"""A visible focus ring where the platform style draws none, so a keyboard user always sees where they are.

Fusion (the style on Linux, and the fallback elsewhere) shows no focus on a flat button such as
the problem choices (QCommandLinkButton) or on a non-editable combo box such as the language box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

RING_WIDTH = 2


def _draw_ring(option: QStyleOption, painter: QPainter) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING_WIDTH // 2 + 1
    painter.drawRoundedRect(option.rect.adjusted(half, half, -half, -half), 3, 3)
    painter.restore()


class FocusRingStyle(QProxyStyle):
    """The application's style, plus a ring in the highlight colour around the controls above."""

    def drawControl(self, element, option, painter, widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        if (element == QStyle.ControlElement.CE_PushButton
                and option.state & QStyle.StateFlag.State_HasFocus
                and option.features & option.ButtonFeature.CommandLinkButton):
            _draw_ring(option, painter)

    def drawComplexControl(self, control, option, painter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if (control == QStyle.ComplexControl.CC_ComboBox
                and option.state & QStyle.StateFlag.State_HasFocus and not option.editable):
            _draw_ring(option, painter)


def install_focus_style(app: QApplication) -> None:
    if isinstance(app.style(), FocusRingStyle):
        return
    base = QStyleFactory.create(app.style().name())
    if base is not None:
        app.setStyle(FocusRingStyle(base))

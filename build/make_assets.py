"""Renders the build-time images from resources/: the Windows icon and the start-up splash.

Run by the spec in its own process (Qt wants a QGuiApplication, the spec's process should not
hold one): `python build/make_assets.py OUTPUT_FOLDER`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_SVG = ROOT / "resources" / "icons" / "app.svg"
FONT = ROOT / "resources" / "fonts" / "NanumBarunGothic.ttf"
SPLASH_SIZE = (440, 160)


def render(output: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from troubleshooter import PRODUCT_NAME, __version__

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    output.mkdir(parents=True, exist_ok=True)
    icon = QSvgRenderer(str(ICON_SVG))
    if not icon.isValid():
        raise SystemExit(f"cannot read {ICON_SVG}")

    icon_image = QImage(256, 256, QImage.Format.Format_ARGB32)
    icon_image.fill(Qt.GlobalColor.transparent)
    with_painter(QPainter(icon_image), lambda painter: icon.render(painter, QRectF(0, 0, 256, 256)))
    if not icon_image.save(str(output / "app.ico")):
        raise SystemExit("Qt could not write app.ico (is the ico image plugin installed?)")

    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))
    width, height = SPLASH_SIZE
    splash = QImage(width, height, QImage.Format.Format_RGB32)
    splash.fill(QColor("#ffffff"))

    def draw_splash(painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("#0f6cbd"))
        painter.drawRect(0, 0, width - 1, height - 1)
        icon.render(painter, QRectF(24, 40, 80, 80))
        font = QFont(family[0] if family else "")
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1b1b1b"))
        painter.drawText(QRectF(124, 38, width - 140, 34), Qt.AlignmentFlag.AlignVCenter, PRODUCT_NAME)
        font.setBold(False)
        font.setPixelSize(15)
        painter.setFont(font)
        painter.setPen(QColor("#4a4a4a"))
        painter.drawText(QRectF(124, 76, width - 140, 24), Qt.AlignmentFlag.AlignVCenter,
                         "Starting…  시작하는 중…")
        font.setPixelSize(12)
        painter.setFont(font)
        painter.drawText(QRectF(124, 104, width - 140, 20), Qt.AlignmentFlag.AlignVCenter, f"Version {__version__}")

    with_painter(QPainter(splash), draw_splash)
    if not splash.save(str(output / "splash.png")):
        raise SystemExit("Qt could not write splash.png")
    del app


def with_painter(painter, draw) -> None:
    try:
        draw(painter)
    finally:
        painter.end()


if __name__ == "__main__":
    render(Path(sys.argv[1]))

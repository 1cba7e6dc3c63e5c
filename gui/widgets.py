"""Small building blocks the pages share: a check result, a command with Copy, Markdown text."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QBuffer, QByteArray, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton, QSizePolicy,
                               QStyle, QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from gui.fonts import monospace_font
from gui.theme import status_colour
from troubleshooter.checks.result import STATUS_LABELS, CheckResult, Status
from troubleshooter.flows.model import Command
from troubleshooter.i18n import pick
from troubleshooter.resources import resource_path

def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


# The colours the monochrome icons are drawn in, for a light window: ink on paper.
ICON_INK, ICON_PAPER = "#3b4650", "#ffffff"


def icon_in_palette(name: str, palette: QPalette) -> QIcon:
    """A monochrome icon redrawn in the button's text and face colours: drawn as it is, dark ink on
    a white page turns into a white square on a dark button."""
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    colours = {ICON_INK: palette.color(QPalette.ColorRole.ButtonText).name(),
               ICON_PAPER: palette.color(QPalette.ColorRole.Button).name()}
    # One pass: white ink on a black button must not be repainted as the paper.
    svg = re.sub("|".join(colours), lambda found: colours[found.group(0)], svg)
    data = QByteArray(svg.encode("utf-8"))  # kept alive while the reader reads it
    drawn = QIcon()
    for size in (16, 32, 48):  # sharp at 1x, 2x and 3x
        source = QBuffer(data)
        reader = QImageReader(source, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        drawn.addPixmap(QPixmap.fromImage(reader.read()))
    return drawn


def status_icon(status: Status) -> QIcon:
    return icon(f"status-{status.value}")


def inline_code_html(text: str) -> str:
    """One line of flow text as rich text: its emphasis and `code` rendered, the code in the
    fixed-width font, no marks left."""
    from troubleshooter.markup import to_inline_html, with_code_font

    return with_code_font(to_inline_html(text), f"'{monospace_font().family()}'")


def open_link(parent: QWidget | None, url: QUrl | str) -> bool:
    """Open `url` in the web browser, only if the link policy allows it (https to Microsoft's
    documentation, the portal, aka.ms or the agents' repositories); where no browser opens, say so
    and give the address to copy (Qt itself would only write a line on stderr that nobody sees).
    True when a browser opened it."""
    from PySide6.QtCore import QCoreApplication

    from troubleshooter.link_policy import is_allowed_link

    address = url.toString() if isinstance(url, QUrl) else str(url)
    if not is_allowed_link(address):
        logging.getLogger(__name__).warning("a link that is not allowed was not opened: %r", address[:200])
        return False
    if QDesktopServices.openUrl(QUrl(address)):
        return True
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, parent.window().windowTitle() if parent else "",
                      QCoreApplication.translate("LinkOpener", "No web browser could be opened on this computer. "
                                                               "Copy the address and open it where a browser is:"),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("no-browser")
    box.setInformativeText(address)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
    return False


def secondary_label(text: str) -> QLabel:
    """A word-wrapped line in a softer colour: hints under the main text."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class WrappingRadioButton(QRadioButton):
    """A radio button whose label wraps at the page's width instead of widening the page (and
    bringing a horizontal scroll bar to a small window)."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(label, parent)
        self._label = label
        self.setAccessibleName(label)

    def label(self) -> str:
        return self._label

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 160), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        style = self.style()
        indicator = (style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
                     + style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing) + 6)
        wrapped = _wrap_to_width(self._label, self.fontMetrics(), event.size().width() - indicator)
        if wrapped != self.text():
            self.setText(wrapped)


def _wrap_to_width(text: str, metrics, width: int) -> str:
    """`text` with line breaks between words so that no line is wider than `width` pixels."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class MarkdownView(QTextBrowser):
    """Read-only Markdown that grows with its text instead of scrolling inside the page."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Links go through open_link, which opens only the allowed ones; Qt follows none itself.
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(lambda url: open_link(self, url))
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop: the flows' texts hold no links (each fix lists its links below, and
        # Tab reaches those), and a frameless text would take the focus without showing it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.viewport().setAutoFillBackground(False)
        self.document().documentLayout().documentSizeChanged.connect(self._on_document_size_changed)

    def set_markdown(self, text: str) -> None:
        from troubleshooter.markup import to_html, with_code_font

        self.setHtml(with_code_font(to_html(text), f"'{monospace_font().family()}'"))
        self._on_document_size_changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._on_document_size_changed()

    def _on_document_size_changed(self, *_args) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 4
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)


class CheckResultView(QFrame):
    """A check result: status icon, status word and summary in one line, evidence folded away."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._result: CheckResult | None = None
        self._icon = QLabel()
        self._icon.setFixedSize(QSize(24, 24))
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.status_label.font()
        font.setBold(True)
        self.status_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.evidence_toggle = QToolButton()
        self.evidence_toggle.setCheckable(True)
        self.evidence_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.evidence_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.evidence_toggle.toggled.connect(self._on_evidence_toggled)
        self.evidence = QPlainTextEdit()
        self.evidence.setReadOnly(True)
        self.evidence.setFont(monospace_font())
        self.evidence.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.evidence.setMaximumHeight(180)
        self.evidence.hide()

        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.summary_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.evidence_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.evidence)
        self.retranslate()
        self.hide()

    @property
    def result(self) -> CheckResult | None:
        return self._result

    def retranslate(self) -> None:
        self.evidence_toggle.setText(self.tr("Show &what was found (evidence)"))
        self.evidence_toggle.setAccessibleName(self.tr("Show or hide the evidence"))
        self.evidence.setAccessibleName(self.tr("Evidence"))

    def show_result(self, result: CheckResult | None, lang: str) -> None:
        self._result = result
        if result is None:
            self.hide()
            return
        colour = status_colour(result.status, self.palette())
        self._icon.setPixmap(status_icon(result.status).pixmap(QSize(24, 24)))
        word = pick(STATUS_LABELS[result.status], lang)
        self.status_label.setText(word)
        self.status_label.setStyleSheet(f"color: {colour};")
        from troubleshooter.report.labels import finding_text

        # The status word is shown beside the finding: "Skipped" once, not "Skipped Skipped: ...".
        finding = finding_text(word, pick(result.summary, lang))
        self.summary_label.setText(finding)
        self.setStyleSheet(f"CheckResultView {{ border-left: 5px solid {colour}; }}")
        self.setAccessibleName(f"{word}: {finding}")
        self.evidence.setPlainText(result.evidence)
        self.evidence_toggle.setVisible(bool(result.evidence.strip()))
        self.evidence_toggle.setChecked(False)
        self.evidence.hide()
        self.show()

    def _on_evidence_toggled(self, shown: bool) -> None:
        self.evidence.setVisible(shown)
        self.evidence_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class CommandBlock(QFrame):
    """One command of a resolution: where it runs, the text in monospace, and a Copy button."""

    def __init__(self, command: Command, shell_label: str, note: str, parent: QWidget | None = None, *,
                 effect: str = "", warning: str = "", text: str | None = None):
        super().__init__(parent)
        self.command = command
        self.shown_text = command.text if text is None else text  # a portal path in the page's language
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(shell_label)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        # What running it does to the VM, beside Copy: read before copying, not after.
        self.effect = QLabel(effect)
        self.effect.setVisible(bool(effect))
        self.warning = QLabel(warning)
        self.warning.setWordWrap(True)
        self.warning.setFont(font)
        self.warning.setVisible(bool(warning))
        self.text = QLabel(self.shown_text)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setFont(monospace_font())
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.text.setAutoFillBackground(True)
        self.text.setMargin(6)
        self.copy_button = QPushButton()
        self.copy_button.setIcon(icon_in_palette("copy", self.copy_button.palette()))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.effect)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addWidget(self.text)
        layout.addWidget(self.note)
        self.retranslate()

    def set_labels(self, where: str, effect: str, warning: str, text: str | None = None) -> None:
        if text is not None:
            self.shown_text = text
            self.text.setText(text)
        self.heading.setText(where)
        self.effect.setText(effect)
        self.effect.setVisible(bool(effect))
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))

    def retranslate(self) -> None:
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the command: %1").replace("%1", self.shown_text))

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.shown_text)
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(1500, self.retranslate)

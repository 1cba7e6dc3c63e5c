"""Pages of the report: one paginating painter for PDF files (QPdfWriter) and printers (QPrinter)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QColor, QFont, QImage, QPageLayout, QPageSize, QPagedPaintDevice, QPainter,
                           QPdfWriter, QPen, QTextDocument, QTextOption)

from troubleshooter.i18n import pick
from troubleshooter.report.fonts import require_gui_application, text_families
from troubleshooter.report.html import render_html, stylesheet
from troubleshooter.report.labels import label
from troubleshooter.report.model import Report
from troubleshooter.report.pagination import paginate
from troubleshooter.report.save import save_report_file

# The document is laid out at 96 dots per inch, where a CSS px is a px, whatever the screen or
# printer; the painter scales it to the device, so the pages look the same everywhere.
LAYOUT_DPI = 96
PDF_DPI = 600
MARGINS_MM = QMarginsF(16, 11, 16, 11)
HEADER_MM = 10.0
FOOTER_MM = 9.0
BODY_POINT_SIZE = 9.5
RULE_COLOR = QColor("#8aa1b8")
BAND_TEXT_COLOR = QColor("#444444")


def report_language(report: Report, lang: str | None) -> str:
    return lang or str(report.session.get("lang") or "en")


def default_page_size(locale: QLocale | str | None = None) -> QPageSize:
    """Letter where the US measurement system is in use (en_US and its kin), A4 everywhere else."""
    if isinstance(locale, str):
        locale = QLocale(locale)
    locale = locale or QLocale()
    if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def _page_size(page_size: QPageSize | str | None) -> QPageSize:
    if page_size is None:
        return default_page_size()
    if isinstance(page_size, QPageSize):
        return page_size
    named = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter,
             "legal": QPageSize.PageSizeId.Legal, "a3": QPageSize.PageSizeId.A3}
    if page_size.lower() not in named:
        raise ValueError(f"unknown page size {page_size!r}; use one of: A4, Letter, Legal, A3")
    return QPageSize(named[page_size.lower()])


def pdf_font(families: list[str]) -> QFont:
    """A font for the report: `families` in order, without ligatures.

    A ligature is one glyph for several letters ("fl" drawn as "ﬂ"): a PDF reader then copies and
    searches it as that one character, and "flow" is not found.
    """
    font = QFont()
    font.setFamilies(families)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


class ReportPages:
    """The report laid out into pages of a given device, ready to paint page by page."""

    def __init__(self, report: Report, lang: str, device: QPagedPaintDevice):
        require_gui_application()
        self.report = report
        self.lang = lang
        families = text_families()
        self._families = families
        layout = device.pageLayout()
        paint_rect = layout.paintRectPixels(device.resolution())
        self.scale = device.resolution() / LAYOUT_DPI
        self.width = paint_rect.width() / self.scale
        self.height = paint_rect.height() / self.scale
        mm = LAYOUT_DPI / 25.4
        self.header_height = HEADER_MM * mm
        self.footer_height = FOOTER_MM * mm
        self.body = QRectF(0, self.header_height, self.width,
                           self.height - self.header_height - self.footer_height)
        # A QImage is a paint device whose resolution we set: the layout's fonts and px are at 96 dpi.
        self._layout_device = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_metre = round(LAYOUT_DPI / 0.0254)
        self._layout_device.setDotsPerMeterX(dots_per_metre)
        self._layout_device.setDotsPerMeterY(dots_per_metre)
        self.document = self._layout(families)

    def _layout(self, families: list[str]) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self._layout_device)
        document.setUseDesignMetrics(True)
        font = pdf_font(families)
        font.setPointSizeF(BODY_POINT_SIZE)
        document.setDefaultFont(font)
        option = QTextOption()
        # Words wrap at spaces; a long token (a path, a URL, a base64 blob) breaks anywhere
        # rather than running off the page.
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        document.setDefaultStyleSheet(stylesheet())
        document.setDocumentMargin(0)
        document.setPageSize(QSizeF(self.body.width(), self.body.height()))
        paginate(document, render_html(self.report, self.lang))
        return document

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def paint(self, device: QPagedPaintDevice, first_page: int = 1, last_page: int | None = None) -> int:
        """Paint pages first..last (1-based, inclusive) on `device`; returns the number painted."""
        count = self.page_count
        last_page = min(last_page or count, count)
        painter = QPainter()
        if not painter.begin(device):
            raise RuntimeError("the printer or PDF file could not be opened for painting")
        try:
            painter.scale(self.scale, self.scale)
            for page in range(first_page, last_page + 1):
                if page > first_page:
                    device.newPage()
                self._paint_page(painter, page, count)
        finally:
            painter.end()
        return max(0, last_page - first_page + 1)

    def _paint_page(self, painter: QPainter, page: int, count: int) -> None:
        painter.save()
        top = (page - 1) * self.body.height()
        painter.translate(self.body.left(), self.body.top() - top)
        self.document.drawContents(painter, QRectF(0, top, self.body.width(), self.body.height()))
        painter.restore()
        self._paint_bands(painter, page, count)

    def _band_font(self, point_size: float, bold: bool = False) -> QFont:
        # Pixel sizes, because the painter is scaled to the layout's 96 dpi: a point size would be
        # resolved at the device's resolution and then scaled a second time.
        font = pdf_font(self._families)
        font.setPixelSize(round(point_size * LAYOUT_DPI / 72))
        font.setBold(bold)
        return font

    def _paint_bands(self, painter: QPainter, page: int, count: int) -> None:
        report, lang = self.report, self.lang
        header = report.header
        painter.save()
        painter.setPen(QPen(RULE_COLOR, 0.75))
        rule_top = self.header_height - 6
        painter.drawLine(0, rule_top, self.width, rule_top)
        rule_bottom = self.height - self.footer_height + 6
        painter.drawLine(0, rule_bottom, self.width, rule_bottom)

        painter.setPen(BAND_TEXT_COLOR)
        band = QRectF(0, 0, self.width, rule_top - 3)
        painter.setFont(self._band_font(8, bold=True))
        painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         f"{header.product} {header.version}")
        painter.setFont(self._band_font(8))
        vm_label = (f"{label('vm_name', lang)}: {header.vm.vm_name}" if header.vm.vm_name
                    else f"{label('host_name', lang)}: {header.host_name}")
        if not report.complete:
            vm_label = f"{pick(report.outcome.label, lang).upper()} · {vm_label}"
        painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, vm_label)

        footer = QRectF(0, rule_bottom + 3, self.width, self.height - rule_bottom - 3)
        painter.setFont(self._band_font(7.5))
        painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         f"{pick(report.flow_title, lang)} · {header.generated_at_display}")
        painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         label("page", lang).format(n=page, m=count))
        painter.restore()


def _prepare_writer(writer: QPdfWriter, report: Report, lang: str, page_size: QPageSize) -> None:
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(page_size, QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{label('title', lang)}: {pick(report.flow_title, lang)}")
    writer.setCreator(f"{report.header.product} {report.header.version}")


def render_pdf_bytes(report: Report, *, lang: str | None = None,
                     page_size: QPageSize | str | None = None) -> bytes:
    """The report as the bytes of a PDF file; the caller has made the Qt application."""
    require_gui_application()
    lang = report_language(report, lang)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    _prepare_writer(writer, report, lang, _page_size(page_size))
    ReportPages(report, lang, writer).paint(writer)
    del writer  # the writer finishes the file when it goes away
    buffer.close()
    return bytes(data.data())


def write_pdf(report: Report, path: Path | str, *, lang: str | None = None,
              page_size: QPageSize | str | None = None, overwrite: bool = False) -> Path:
    """Save the report as a PDF file; raises ReportSaveError when it cannot be saved."""
    return save_report_file(path, render_pdf_bytes(report, lang=lang, page_size=page_size), overwrite=overwrite)


def print_report(report: Report, printer, lang: str | None = None) -> int:
    """Paint the report on `printer` (a QPrinter from a print dialog or a preview's paintRequested).

    Honours the page range chosen in the dialog; the printer's own page size and margins are kept.
    Returns the number of pages painted.
    """
    lang = report_language(report, lang)
    pages = ReportPages(report, lang, printer)
    first = printer.fromPage() or 1
    last = printer.toPage() or pages.page_count
    return pages.paint(printer, first, last)

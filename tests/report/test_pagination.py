"""The PDF keeps each table row on one page and leaves no page with a few stray lines."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPageSize, QPdfWriter, QTextTable

from tests.report.conftest import pdf_reader
from troubleshooter.report import build_report, render_pdf_bytes
from troubleshooter.report.pagination import TALL_ROW, split_tables
from troubleshooter.report.pdf import ReportPages, _prepare_writer


def _laid_out(report, lang):
    buffer = QBuffer(QByteArray())
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    _prepare_writer(writer, report, lang, QPageSize(QPageSize.PageSizeId.A4))
    return ReportPages(report, lang, writer).document


def _cut_rows(document) -> list[tuple[int, int]]:
    page = document.pageSize().height()
    layout = document.documentLayout()
    cut = []
    tables = [f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable)]
    for number, table in enumerate(tables):
        for row in range(table.rows()):
            cells = [table.cellAt(row, column) for column in range(table.columns())]
            top = min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells)
            bottom = max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells)
            if int(top // page) != int(bottom // page) and bottom - top < TALL_ROW * page:
                cut.append((number, row))
    return cut


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_table_row_is_cut_at_a_page_foot(long_session, lang):
    document = _laid_out(build_report(long_session), lang)
    assert document.pageCount() > 3
    assert _cut_rows(document) == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_page_holds_only_a_few_lines(long_session, lang):
    reader = pdf_reader(render_pdf_bytes(build_report(long_session), lang=lang, page_size="A4"))
    lines = [len([line for line in page.extract_text().splitlines() if line.strip()]) for page in reader.pages]
    # A page's header and footer bands are four lines; a page needs more than a few of its own.
    assert min(lines) >= 12, lines


def test_a_split_table_repeats_its_header_and_starts_a_page():
    html = ('<table class="section"><thead><tr><th>Head</th></tr></thead>'
            '<tbody><tr><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></tbody></table>')
    split, parts = split_tables(html, {(0, 2)})
    assert split.count("<table") == 2 and split.count("<th>Head</th>") == 2
    assert split.index("page-break-before") > split.index("<td>b</td>")
    assert [(p.table, p.first_row) for p in parts] == [(0, 0), (0, 2)]

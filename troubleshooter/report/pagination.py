"""Pages of the report that keep a table row whole and leave no page with a few stray lines.

Qt's document layout cuts a table row at the foot of a page when the row does not fit: half an
address lands alone in a row of empty cells on the next page. So the report is laid out, every row
that would cross a page's foot is found, and the table is split before that row, its second part
starting a new page (`page-break-before`) with the section's header again. A row taller than a
page is left to be cut, as nothing else can hold it. Moving a row moves everything after it, so
the layout is checked again until no row is cut (a few passes at most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A row this much of a page or taller is cut anyway: moving it would only leave a page empty.
TALL_ROW = 0.85
MAX_PASSES = 4

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_OPEN = re.compile(r"<table\b[^>]*>")
_ROW = re.compile(r"<tr\b.*?</tr>", re.DOTALL)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
PAGE_BREAK = ' style="page-break-before: always;"'


@dataclass(frozen=True)
class Part:
    """One table of the laid-out HTML: which table of the report's HTML it comes from, and from
    which of that table's rows (counted without its header rows) it starts."""

    table: int
    first_row: int


def split_tables(html: str, breaks: set[tuple[int, int]]) -> tuple[str, list[Part]]:
    """`html` with table `t` split before its body row `r` for each (t, r) in `breaks` (r = 0:
    the whole table starts a new page); and each resulting table's Part, in order."""
    parts: list[Part] = []
    index = -1

    def split(match: re.Match) -> str:
        nonlocal index
        index += 1
        table = match.group(0)
        rows_at = sorted(r for t, r in breaks if t == index)
        if not rows_at:
            parts.append(Part(index, 0))
            return table
        opening = _OPEN.match(table).group(0)
        head_match = _HEAD.search(table)
        head = head_match.group(0) if head_match else ""
        body = table[head_match.end():] if head_match else table[len(opening):]
        rows = _ROW.findall(body)
        pieces = []
        starts = [0] + [r for r in rows_at if 0 < r < len(rows)]
        for number, start in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(rows)
            broken = number > 0 or 0 in rows_at
            open_tag = opening[:-1] + PAGE_BREAK + ">" if broken else opening
            pieces.append(f"{open_tag}{head}<tbody>{''.join(rows[start:end])}</tbody></table>")
            parts.append(Part(index, start))
        return "".join(pieces)

    return _TABLE.sub(split, html), parts


def rows_crossing_a_page(document, parts: list[Part]) -> list[tuple[int, int]]:
    """(table, body row) of the report's HTML for each row that the laid-out `document` would cut
    at a page's foot, assuming each such row is moved in turn (so the later rows move too)."""
    from PySide6.QtGui import QTextTable

    page = document.pageSize().height()
    layout = document.documentLayout()
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    if len(tables) != len(parts):
        return []  # the HTML and the layout disagree: leave Qt's own pagination
    found = []
    shift = 0.0
    for table, part in zip(tables, parts):
        head_rows = table.format().headerRowCount()
        head_height = 0.0
        for row in range(table.rows()):
            top, bottom = _row_extent(table, row, layout)
            if row < head_rows:
                head_height = bottom - top if row == head_rows - 1 and row == 0 else head_height + (bottom - top)
                continue
            top, bottom = top + shift, bottom + shift
            foot = (int(top // page) + 1) * page
            if bottom <= foot or bottom - top >= TALL_ROW * page:
                continue
            body_row = part.first_row + row - head_rows
            found.append((part.table, body_row))
            # The row starts the next page; a split table repeats its header there.
            shift += foot - top + (head_height if row > head_rows else 0.0)
    return found


def _row_extent(table, row: int, layout) -> tuple[float, float]:
    tops, bottoms = [], []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if not cell.isValid():
            continue
        tops.append(layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottoms.append(layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return (min(tops), max(bottoms)) if tops else (0.0, 0.0)


def paginate(document, html: str) -> None:
    """Set `html` on `document` (its page size set), splitting tables so that no row is cut."""
    breaks: set[tuple[int, int]] = set()
    laid_out, parts = html, [Part(i, 0) for i in range(len(_TABLE.findall(html)))]
    for _ in range(MAX_PASSES):
        document.setHtml(laid_out)
        crossing = set(rows_crossing_a_page(document, parts)) - breaks
        if not crossing:
            return
        breaks |= crossing
        laid_out, parts = split_tables(html, breaks)
    document.setHtml(laid_out)

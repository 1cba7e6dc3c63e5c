"""Latin text in a Latin font, Hangul in the bundled font: no ₩ for a backslash, in the PDF or the window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from tests.report.conftest import pdf_reader
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_pdf_bytes
from troubleshooter.report.fonts import code_families, register_fonts, text_families

WINDOWS_PATH = "C:\\WindowsAzure\\Logs"


def embedded_fonts(data: bytes) -> list[str]:
    names = []
    for page in pdf_reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.append(str(font.get("/BaseFont")))
            for descendant in font.get("/DescendantFonts", []):
                names.append(str(descendant.get_object().get("/BaseFont")))
    return names


def fonts_drawing(data: bytes, needle: str) -> list[str]:
    """The base font of every text run that holds `needle`."""
    found = []

    def visit(text, _cm, _tm, font_dict, _size):
        if needle in text and font_dict is not None:
            found.append(str(font_dict.get("/BaseFont")))

    for page in pdf_reader(data).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def path_session(example_flows, example_check_outcome):
    """A Windows walk whose check names a path inside a Korean sentence and in its evidence."""
    session = Session(example_flows, "example", lang="en", platform="windows")
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.PROBLEM,
                                     {"en": f"The log folder {WINDOWS_PATH} is missing.",
                                      "ko": f"로그 폴더 {WINDOWS_PATH} 가 없습니다."},
                                     evidence=f"dir {WINDOWS_PATH}\nFile Not Found"))
    return session


def test_an_english_pdf_embeds_no_hangul_font(path_session):
    names = embedded_fonts(render_pdf_bytes(build_report(path_session), lang="en", page_size="A4"))
    assert names
    assert not [name for name in names if "Nanum" in name], names


def test_a_windows_path_in_a_korean_pdf_is_drawn_in_a_latin_font(path_session):
    data = render_pdf_bytes(build_report(path_session), lang="ko", page_size="A4")
    assert any("Nanum" in name for name in embedded_fonts(data))  # the Korean text still has its font
    drawn = fonts_drawing(data, "C:\\")
    assert drawn, "no text run holds C:\\"
    assert not [name for name in drawn if "Nanum" in name], drawn


def test_the_families_put_latin_first_and_hangul_last():
    hangul = register_fonts()
    for families in (text_families(), code_families()):
        assert families[-1] == hangul
        assert len(families) > 1, "no Latin font installed: install fonts-dejavu-core"


def test_the_window_font_is_latin_with_hangul_behind_it(qapp):
    from gui.fonts import install_application_font, monospace_font

    hangul = install_application_font(QApplication.instance())
    font = QApplication.instance().font()
    assert QFontInfo(font).family() != hangul
    assert font.families()[-1] == hangul
    assert QFontInfo(monospace_font()).fixedPitch()
    assert QFontInfo(monospace_font()).family() != hangul

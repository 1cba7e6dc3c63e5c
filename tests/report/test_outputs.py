"""What lands in the PDF, the printout, the JSON and the text: words, fonts, pages and no secrets."""

import json
import re

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from troubleshooter.report import (build_report, print_report, render_html, render_text, report_json_bytes,
                                   report_to_json)
from troubleshooter.report.pdf import default_page_size, render_pdf_bytes

from tests.report.conftest import (BEARER_TOKEN, PRIVATE_IP, PROXY_SECRET, SAS_SIGNATURE, SUBSCRIPTION, VM_ID,
                                   pdf_reader, pdf_text)

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def _squash(text: str) -> str:
    """Extracted PDF text breaks lines where the page did; compare without whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Example flow", "What do you see?", "A VSS error", "Example check", "Restart the VSS writers",
            "Tried, did not help", "Still failing after this step", "prod-sql-01",
            "C:\\WindowsAzure\\Logs\\WaAppAgent.log"]),
    ("ko", ["예제 흐름", "무엇이 보이나요?", "VSS 오류", "예제 검사", "VSS 기록기 다시 시작",
            "시도했지만 해결되지 않음", "이 단계 후에도 계속 실패", "그래도 실패하면",
            "Azure VM 백업 문제 해결 보고서"]),
])
def test_pdf_text_holds_the_walk_in_each_language(vss_session, lang, expected):
    text = pdf_text(render_pdf_bytes(build_report(vss_session), lang=lang, page_size="A4"))
    squashed = _squash(text)
    for phrase in expected:
        assert _squash(phrase) in squashed, phrase
    assert "\x01" not in text  # the font maps the space character properly


def test_the_bundled_hangul_font_is_embedded(vss_session):
    reader = pdf_reader(render_pdf_bytes(build_report(vss_session), lang="ko", page_size="A4"))
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object()["/FontDescriptor"].get_object())
    nanum = [d for d in descriptors if "NanumBarunGothic" in str(d["/FontName"])]
    assert nanum, [str(d["/FontName"]) for d in descriptors]
    assert all("/FontFile2" in d for d in nanum)


@pytest.mark.parametrize("page_size, points", [("A4", A4_POINTS), ("Letter", LETTER_POINTS)])
def test_page_size_can_be_chosen(vss_session, page_size, points):
    reader = pdf_reader(render_pdf_bytes(build_report(vss_session), lang="en", page_size=page_size))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == points


def test_default_page_size_follows_the_locale():
    assert default_page_size(QLocale("en_US")).id() == QPageSize.PageSizeId.Letter
    assert default_page_size("ko_KR").id() == QPageSize.PageSizeId.A4
    assert default_page_size("en_GB").id() == QPageSize.PageSizeId.A4


def test_default_pdf_uses_the_page_size_of_the_locale(vss_session):
    QLocale.setDefault(QLocale("en_US"))
    try:
        letter = pdf_reader(render_pdf_bytes(build_report(vss_session), lang="en"))
    finally:
        QLocale.setDefault(QLocale("ko_KR"))
    try:
        a4 = pdf_reader(render_pdf_bytes(build_report(vss_session), lang="ko"))
    finally:
        QLocale.setDefault(QLocale.system())
    assert round(float(letter.pages[0].mediabox.width)) == LETTER_POINTS[0]
    assert round(float(a4.pages[0].mediabox.width)) == A4_POINTS[0]


@pytest.mark.parametrize("lang, page_word", [("en", "Page {n} / {m}"), ("ko", "{n} / {m} 쪽")])
def test_a_long_report_has_header_and_page_numbers_on_every_page(long_session, lang, page_word):
    data = render_pdf_bytes(build_report(long_session), lang=lang, page_size="A4")
    reader = pdf_reader(data)
    count = len(reader.pages)
    assert count >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "VM Backup Troubleshooter" in text
        assert "prod-sql-01" in text
        # Digits (Latin font) and 쪽 (Hangul font) are separate runs, which pypdf splits by a line
        # break (a PDF viewer reads "1 / 5 쪽"): compare without white space.
        assert _squash(page_word.format(n=number, m=count)) in _squash(text)
    # The 300-character token wraps onto following lines instead of running off the page.
    assert "x" * 300 in _squash(pdf_text(data))


def test_printing_paints_the_same_pages(long_session, tmp_path):
    report = build_report(long_session)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painted = print_report(report, printer, "en")
    printed = pdf_reader((tmp_path / "printed.pdf").read_bytes())
    written = pdf_reader(render_pdf_bytes(report, lang="en", page_size="A4"))
    assert painted == len(printed.pages) == len(written.pages)
    assert "Long walk through many checks" in printed.pages[0].extract_text()


def test_printing_honours_the_page_range(long_session, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert print_report(build_report(long_session), printer, "en") == 1
    assert "Page 2 /" in pdf_reader((tmp_path / "range.pdf").read_bytes()).pages[0].extract_text()


def test_no_secret_reaches_any_output(vss_session):
    report = build_report(vss_session)
    outputs = {
        "pdf-en": pdf_text(render_pdf_bytes(report, lang="en", page_size="A4")),
        "pdf-ko": pdf_text(render_pdf_bytes(report, lang="ko", page_size="A4")),
        "json": report_json_bytes(report).decode("utf-8"),
        "text-en": render_text(report, "en"),
        "text-ko": render_text(report, "ko"),
        "html": render_html(report, "en"),
    }
    for name, output in outputs.items():
        squashed = _squash(output)
        for secret in (PROXY_SECRET, SAS_SIGNATURE, BEARER_TOKEN, "Hunter2pass"):
            assert secret not in squashed, (name, secret)
    assert "proxy:3128" in outputs["text-en"]  # the rest of the evidence is still there


def test_hide_identifiers_masks_them_in_every_output(vss_session):
    report = build_report(vss_session, hide_identifiers=True)
    outputs = [pdf_text(render_pdf_bytes(report, lang="en", page_size="A4")),
               report_json_bytes(report).decode("utf-8"), render_text(report, "ko")]
    for output in outputs:
        squashed = _squash(output)
        for identifier in (SUBSCRIPTION, VM_ID, PRIVATE_IP):
            assert identifier not in squashed
    assert "hidden" in outputs[0]
    shown = render_text(build_report(vss_session), "en")
    assert SUBSCRIPTION in shown and PRIVATE_IP in shown  # only hidden when asked


def test_json_has_the_schema_both_languages_and_the_session(vss_session):
    data = json.loads(report_json_bytes(build_report(vss_session)))
    assert data["schema"] == "vm-backup-troubleshooter/report" and data["schema_version"] == 1
    assert data["flow_title"] == {"en": "Example flow", "ko": "예제 흐름"}
    assert data["questions"][0]["answer"] == {"en": "A VSS error", "ko": "VSS 오류"}
    assert data["actions"] == [] and data["tried"][0]["title"]["en"] == "Restart the VSS writers"
    assert data["session"]["history"][0]["answer"] == "vss"
    assert data["complete"] is True
    assert report_to_json(build_report(vss_session))["header"]["vm"]["vm_name"] == "prod-sql-01"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_text_fits_a_support_ticket(long_session, lang):
    text = render_text(build_report(long_session), lang)
    from troubleshooter.report.text import _columns

    assert max(_columns(line) for line in text.splitlines()) <= 100
    assert "sudo systemctl restart walinuxagent" in text
    assert "netsh winhttp" not in text  # only this platform's commands
    assert ("If it still fails" if lang == "en" else "그래도 실패하면") in text


def test_an_incomplete_report_says_where_it_stopped(example_flows, example_check_outcome):
    from troubleshooter.flows.session import Session

    session = Session(example_flows, "example", lang="ko", platform="linux")
    session.choose("info")
    session.proceed()
    report = build_report(session)
    text = pdf_text(render_pdf_bytes(report, lang="en", page_size="A4"))
    assert "INCOMPLETE" in text and "And now?" in text
    assert "완료되지 않음" in render_text(report, "ko")


def test_a_masked_identifier_reads_in_the_reports_language(vss_session):
    from troubleshooter.report import build_report, render_html, render_text

    report = build_report(vss_session, hide_identifiers=True)
    assert "[숨김]" in render_text(report, "ko") and "[hidden]" not in render_text(report, "ko")
    assert "[숨김]" in render_html(report, "ko") and "[hidden]" in render_text(report, "en")

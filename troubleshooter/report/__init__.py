"""The printable summary of a walk: model, HTML, PDF, printing, JSON, text and saving."""

from troubleshooter.report.jsonexport import report_json_bytes, report_to_json
from troubleshooter.report.model import REPORT_SCHEMA, REPORT_SCHEMA_VERSION, Report, build_report
from troubleshooter.report.save import ReportSaveError, save_report_file
from troubleshooter.report.html import render_html
from troubleshooter.report.text import render_text

# The PDF side loads QtGui; it is imported on first use so JSON and text reports work without it.


def write_pdf(report, path, *, lang=None, page_size=None, overwrite=False):
    from troubleshooter.report.pdf import write_pdf as _write_pdf

    return _write_pdf(report, path, lang=lang, page_size=page_size, overwrite=overwrite)


def print_report(report, printer, lang=None):
    from troubleshooter.report.pdf import print_report as _print_report

    return _print_report(report, printer, lang)


__all__ = ["REPORT_SCHEMA", "REPORT_SCHEMA_VERSION", "Report", "ReportSaveError", "build_report",
           "print_report", "render_html", "render_text", "report_json_bytes", "report_to_json",
           "save_report_file", "write_pdf"]

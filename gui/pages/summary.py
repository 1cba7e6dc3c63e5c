"""The end of a walk: the report on screen, and saving, printing or copying it."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTextBrowser, QVBoxLayout, QWizardPage)

from gui.settings import KEY_REPORT_FOLDER
from gui.theme import PAPER, paper_palette
from gui.widgets import open_link
from troubleshooter import report as reports

log = logging.getLogger(__name__)

UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class SummaryPage(QWizardPage):
    """Shows the same report the PDF carries, built from the session alone."""

    def __init__(self, wizard):
        super().__init__()
        self._wizard = wizard
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)  # open_link opens only the allowed ones
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(lambda url: open_link(self, url))
        # Fusion frames a focused text view no differently: a keyboard user scrolls it, so show it.
        # The report's colours are for paper: on a dark theme it is still dark text on white. A
        # widget with a style sheet takes its colours from the sheet, not from setPalette().
        paper = f"background: {PAPER[QPalette.ColorRole.Base]}; color: {PAPER[QPalette.ColorRole.Text]};"
        self.view.setStyleSheet(f"QTextBrowser {{ {paper} border: 1px solid palette(mid); }}"
                                f" QTextBrowser:focus {{ {paper} border: 2px solid palette(highlight); }}")
        self.hide_identifiers = QCheckBox()
        self.hide_identifiers.toggled.connect(self._on_hide_identifiers_toggled)
        self.save_pdf_button = QPushButton()
        self.print_button = QPushButton()
        self.preview_button = QPushButton()
        self.copy_button = QPushButton()
        self.save_json_button = QPushButton()
        self.new_walk_button = QPushButton()
        self.collect_button = QPushButton()
        self.collect_button.clicked.connect(self._on_collect_clicked)
        self.save_pdf_button.clicked.connect(self._on_save_pdf_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.save_json_button.clicked.connect(self._on_save_json_clicked)
        self.new_walk_button.clicked.connect(wizard.start_over)
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.save_pdf_button, self.print_button, self.preview_button, self.copy_button,
                       self.save_json_button, self.collect_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_walk_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hide_identifiers)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.setFinalPage(True)

    @property
    def lang(self) -> str:
        return self._wizard.lang

    def focus_widget(self):
        return self.save_pdf_button

    def report(self):
        return reports.build_report(self._wizard.session, hide_identifiers=self.hide_identifiers.isChecked())

    def initializePage(self) -> None:
        self.status_label.clear()
        self._saved: Path | None = None
        if not self._wizard.replaying:
            self.show_step()

    def show_step(self) -> None:
        self.retranslate()
        # The report's colours are for paper: on a dark theme it is still dark text on white.
        self.view.setPalette(paper_palette(self.palette()))
        self.setSubTitle(self._wizard.progress_text())
        self.view.setHtml(reports.render_html(self.report(), self.lang))

    def _show_saved(self) -> None:
        if getattr(self, "_saved", None) is not None:
            self.status_label.setText(self.tr("Saved: %1").replace("%1", str(self._saved)))

    def retranslate(self) -> None:
        self._show_saved()  # in the new language after a switch
        self.setTitle(self.tr("Summary"))
        self.hide_identifiers.setText(self.tr("&Hide identifiers in the report (subscription, VM id, host name, IP addresses)"))
        labels = ((self.save_pdf_button, self.tr("Save &PDF…"), self.tr("Save the report as a PDF file")),
                  (self.print_button, self.tr("P&rint…"), self.tr("Print the report")),
                  (self.preview_button, self.tr("Print pre&view"), self.tr("Show how the printed report looks")),
                  (self.copy_button, self.tr("&Copy as text"), self.tr("Copy the report as plain text")),
                  (self.save_json_button, self.tr("Save &JSON…"), self.tr("Save the report as a JSON file")),
                  (self.new_walk_button, self.tr("Start &over"), self.tr("Start a new walk from the first page")),
                  (self.collect_button, self.tr("Collect lo&gs for support…"),
                   self.tr("Save one zip with this report, the checks and the backup logs, for a support ticket")))
        for button, text, name in labels:
            button.setText(text)
            button.setAccessibleName(name)
        self.view.setAccessibleName(self.tr("The report"))

    def default_file_name(self, suffix: str) -> str:
        """vmbackup-<VM or host>-<yyyymmdd-hhmm>.<suffix>, in the folder of the last save."""
        folder = self._wizard.settings.value(KEY_REPORT_FOLDER) or ""
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder or not Path(folder).is_dir():
            # No Documents folder (a server, a fresh account): the home folder, never the program's own.
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
        header = reports.build_report(self._wizard.session).header
        # The host name is one of the identifiers "hide identifiers" masks: then not in the name either.
        host = "" if self.hide_identifiers.isChecked() else header.host_name
        machine = UNSAFE_IN_FILE_NAME.sub("-", header.vm.vm_name or host or "vm").strip("-.") or "vm"
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        return str(Path(folder) / f"vmbackup-{machine}-{stamp}.{suffix}")

    def save_pdf_to(self, path: str) -> Path:
        """Write the PDF; the file dialog has already asked before replacing a file.

        The paper follows the system's locale, as the command line's does, not the window's
        language: an English window on a Korean or German desktop still prints on A4.
        """
        from troubleshooter.report.pdf import default_page_size  # with the first PDF, not at start-up

        return reports.write_pdf(self.report(), path, lang=self.lang, overwrite=True,
                                 page_size=default_page_size(QLocale.system()))

    def save_json_to(self, path: str) -> Path:
        return reports.save_report_file(path, reports.report_json_bytes(self.report()), overwrite=True)

    def _save_with_dialog(self, caption: str, suffix: str, file_filter: str, save) -> None:
        start = self.default_file_name(suffix)
        while True:
            path, _ = QFileDialog.getSaveFileName(self, caption, start, file_filter)
            if not path:
                return
            try:
                saved = save(path)
            except reports.ReportSaveError as exc:
                log.warning("report not saved to %s: %s", path, exc)
                QMessageBox.warning(self, caption, self.tr("The report could not be saved.\n\n%1\n\n"
                                                           "Choose another place.").replace("%1", str(exc)))
                start = path
                continue
            log.info("report saved to %s", saved)
            self._wizard.settings.setValue(KEY_REPORT_FOLDER, str(Path(saved).parent))
            self._saved = Path(saved)
            self._show_saved()
            return

    def _on_save_pdf_clicked(self) -> None:
        self._save_with_dialog(self.tr("Save the report as PDF"), "pdf", self.tr("PDF files (*.pdf)"),
                               self.save_pdf_to)

    def _on_save_json_clicked(self) -> None:
        self._save_with_dialog(self.tr("Save the report as JSON"), "json", self.tr("JSON files (*.json)"),
                               self.save_json_to)

    def _on_print_clicked(self) -> None:
        # Qt's printing module when printing: about 6 ms and 1 MB that the first window need not wait for.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            reports.print_report(self.report(), printer, self.lang)

    def _on_preview_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        report = self.report()
        dialog.paintRequested.connect(lambda target: reports.print_report(report, target, self.lang))
        dialog.exec()

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(reports.render_text(self.report(), self.lang))
        self.status_label.setText(self.tr("The report is on the clipboard as text."))

    def _on_hide_identifiers_toggled(self, _checked: bool) -> None:
        self.show_step()

    def collect_logs_to(self, path: str):
        """The dialog that writes the support zip to `path`, started; the caller shows it."""
        from gui.collect_dialog import CollectDialog
        from troubleshooter.collect.bundle import CollectOptions

        options = CollectOptions(out=Path(path), session=self._wizard.session, lang=self.lang,
                                 hide_identifiers=self.hide_identifiers.isChecked(), overwrite=True)
        dialog = CollectDialog(options, self)
        dialog.start()
        return dialog

    def _on_collect_clicked(self) -> None:
        from troubleshooter.collect.bundle import default_zip_name

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Collect logs for support"),
                                              str(Path(folder) / default_zip_name()), self.tr("Zip files (*.zip)"))
        if path:
            self.collect_logs_to(path).exec()

"""Errors that surface: a rotating log file in the data folder, and a dialog for an uncaught exception.

In the windowed executable there is no console, so an exception in a slot used to vanish. Now
it is logged with its traceback and the person is told where the log is; the walk stays open
(it autosaves after every step, so nothing of it is lost).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from troubleshooter.config import current

LOG_FILE_NAME = "vmbt.log"
LOG_MAX_BYTES = 512 * 1024
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("gui")


def log_path() -> Path:
    return current().logs_dir / LOG_FILE_NAME


def install_log_file(path: Path | None = None) -> Path | None:
    """Send the program's log to a rotating file; None when the folder cannot be written."""
    from logging.handlers import RotatingFileHandler  # socket, pickle: not before the window shows

    path = path or log_path()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path.resolve():
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def show_exception(exc_type, exc, tb) -> None:
    """sys.excepthook: log the traceback, then say what happened and where the details are."""
    install_log_file()  # the dialog names the file: make sure it is there, even this early
    log.error("uncaught exception", exc_info=(exc_type, exc, tb))
    if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    traceback.print_exception(exc_type, exc, tb)
    tr = QCoreApplication.translate
    text = tr("errors", "Something went wrong inside the program: %1").replace("%1", f"{exc_type.__name__}: {exc}")
    details = tr("errors", "Your walk is kept. The details are in the log file:\n%1").replace("%1", str(log_path()))
    parent = QApplication.activeWindow()
    from PySide6.QtWidgets import QMessageBox  # made when first needed: it costs the first window 2 ms

    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.applicationName(), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_dialog")
    box.setInformativeText(details)
    box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
    box.exec()


def install_excepthook() -> None:
    sys.excepthook = show_exception

"""`--self-test`: open the real window offscreen, walk a real flow to a fix, print it to PDF."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizard

from gui.pages.check import CheckPage
from gui.pages.choice import ChoicePage
from gui.pages.info import InfoPage
from gui.pages.resolution import ResolutionPage
from gui.pages.summary import SummaryPage
from gui.wizard import TroubleshooterWizard

MAX_PAGES = 60
# A report with a banner, a table and a fix is tens of kilobytes; a few hundred bytes is an empty page.
MIN_PDF_BYTES = 2000


class WalkError(RuntimeError):
    """The window did not reach a fix the way a person would."""


def walk_to_resolution(wizard: TroubleshooterWizard, flow_id: str) -> int:
    """Click through `flow_id` like a person who takes the first answer and skips every check.

    Returns the number of clicks it took from the start page to the first fix.
    """
    wizard.start_page.flow_buttons[flow_id].click()
    clicks = 1
    for _ in range(MAX_PAGES):
        page = wizard.currentPage()
        if isinstance(page, ResolutionPage):
            return clicks
        if isinstance(page, ChoicePage):
            buttons = page.group.buttons()
            if not buttons:
                raise WalkError(f"the question '{page.title()}' offers no answer on this platform")
            buttons[0].click()
            wizard.button(QWizard.WizardButton.NextButton).click()
            clicks += 2
        elif isinstance(page, CheckPage):
            page.skip_button.click()
            clicks += 1
        elif isinstance(page, InfoPage):
            wizard.button(QWizard.WizardButton.NextButton).click()
            clicks += 1
        else:
            raise WalkError(f"the walk of {flow_id} ended at {type(page).__name__} before any fix")
    raise WalkError(f"no fix within {MAX_PAGES} pages of {flow_id}")


def check_pdf(path: Path) -> int:
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise WalkError(f"{path} is not a PDF file")
    if len(data) < MIN_PDF_BYTES:
        raise WalkError(f"{path} has only {len(data)} bytes; the report is empty")
    return len(data)


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import Parts, application, create_window, real_parts
    from troubleshooter.flows.store import SessionStore

    try:
        with tempfile.TemporaryDirectory(prefix="vmbt-selftest-") as folder:
            folder = Path(folder)
            application()
            parts = real_parts()
            parts = Parts(parts.flows, parts.run_check, parts.search, SessionStore(folder / "sessions"))
            settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
            window = create_window(parts, lang="en", settings=settings)
            window.show()
            wizard = window.wizard
            wizard.restart()
            flow_id = parts.flows.entry_flows()[0].id
            clicks = walk_to_resolution(wizard, flow_id)
            title = wizard.currentPage().title()
            wizard.button(QWizard.WizardButton.CustomButton1).click()
            summary = wizard.currentPage()
            if not isinstance(summary, SummaryPage) or wizard.session.outcome != "resolved":
                raise WalkError("'That fixed it' did not lead to the summary")
            pdf = summary.save_pdf_to(str(folder / "self-test.pdf"))
            size = check_pdf(Path(pdf))
            window.close_keeping_walk()
            window.deleteLater()
    except Exception as exc:  # any failure is the answer of a self-test, said in one line
        print(f"self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"self-test passed: {flow_id} reached the fix '{title}' in {clicks} clicks; PDF report {size} bytes")
    return 0

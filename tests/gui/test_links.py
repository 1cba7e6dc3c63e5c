"""The window opens only allowed links (https to Microsoft's documentation, the portal, aka.ms and
the agents' repositories): a javascript:, file: or other link in a text or a report does nothing."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QTextBrowser

from gui.widgets import MarkdownView, open_link

ALLOWED = "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot"
REFUSED = ["javascript:alert(1)", "file:///etc/passwd", "https://evil.example/", "http://learn.microsoft.com/x"]


def _record(monkeypatch) -> list[str]:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True))
    return opened


def test_a_markdown_view_opens_only_the_allowed_link(qtbot, monkeypatch):
    opened = _record(monkeypatch)
    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown(" ".join(f"[link {n}]({url})" for n, url in enumerate([ALLOWED, *REFUSED])))
    assert not view.openExternalLinks() and not view.openLinks()  # Qt itself follows nothing
    for url in [ALLOWED, *REFUSED]:
        view.anchorClicked.emit(QUrl(url))
    assert opened == [ALLOWED]
    assert view.toPlainText().startswith("link 0")  # the view did not navigate away


def test_open_link_refuses_what_lint_refuses(monkeypatch):
    opened = _record(monkeypatch)
    assert [open_link(None, url) for url in [ALLOWED, *REFUSED]] == [True, False, False, False, False]
    assert [open_link(None, QUrl(url)) for url in [ALLOWED, *REFUSED]] == [True, False, False, False, False]
    assert opened == [ALLOWED, ALLOWED]


def test_no_label_or_text_view_of_the_window_opens_links_by_itself(qtbot, open_window, example_flows, fake_checks):
    window = open_window(example_flows, fake_checks)
    views = window.findChildren(QTextBrowser) + window.findChildren(QLabel)
    assert views
    assert [view.objectName() or type(view).__name__ for view in views if view.openExternalLinks()] == []

"""A fix page shows only the VM's OS: its text, commands and links for the other OS are left
out (the core's platform view), and a question the walk already knows is said to be known."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gui.pages.resolution import ResolutionPage


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_linux_fix_page_shows_no_windows_steps(qtbot, open_window, flows, fake_checks, lang):
    wizard = open_window(flows, fake_checks, search=None, lang=lang).wizard
    wizard.start_page.platform_buttons["linux"].setChecked(True)
    # As a search hit chosen on the start page, then Next.
    wizard.start_page.choice = ("hit", SimpleNamespace(flow="agent-comms", step="fix-agent-service"))
    assert wizard.next_page()
    page = wizard.currentPage()
    assert isinstance(page, ResolutionPage)
    shown = page.text.toPlainText()
    assert "waagent" in shown and "services.msc" not in shown and "Windows" not in shown
    commands = [page.commands_layout.itemAt(i).widget().text.text()
                for i in range(page.commands_layout.count())]
    assert commands and not any("WindowsAzureGuestAgent" in c for c in commands)
    assert "agent-windows" not in page.links_label.text() and "agent-linux" in page.links_label.text()

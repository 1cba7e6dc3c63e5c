"""The text report is plain text: no Markdown marks, and no link or command cut across lines."""

from __future__ import annotations

import pytest

from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_text

FLOWS = load_checked_flows()
FIXES = [(flow.id, step.id) for flow in FLOWS for step in flow.steps.values() if step.kind == "resolution"]


@pytest.mark.parametrize("platform", ["linux", "windows"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_fix_reads_as_plain_text_with_whole_links_and_commands(lang, platform):
    for flow_id, step_id in FIXES:
        session = Session(FLOWS, "backup-failing", lang=lang, platform=platform)
        session.jump_to(flow_id, step_id)
        text = render_text(build_report(session), lang)
        where = f"{flow_id}/{step_id} ({lang}, {platform})"
        assert "**" not in text and "`" not in text, where
        lines = text.splitlines()
        step = FLOWS.resolve(flow_id, step_id)
        for link in step.links:
            assert any(link.url in line for line in lines), f"{where}: {link.url} is cut"
        for command in step.commands:
            if command.platform in ("any", platform) and command.shell != "portal":
                for command_line in command.text.splitlines():
                    assert any(command_line.strip() in line for line in lines), f"{where}: {command_line}"

"""lint: links only over https to Microsoft's documentation, the Azure portal, aka.ms and the
agents' GitHub repositories; no bidi controls, zero-width or control characters in any text."""

from __future__ import annotations

import json

import pytest

from tests.helpers.flow_files import write_flow
from troubleshooter.flows.lint import lint_paths
from troubleshooter.link_policy import is_allowed_link


def _fix_flow(tmp_path, *, body: str = "Run it.", title: str = "A fix", command: str = "vssadmin list writers",
              link: str = "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot"):
    return write_flow(tmp_path, "links", "fix", [
        "  fix:",
        "    kind: resolution",
        "    refs: [B17]",
        f"    title: {{en: {json.dumps(title)}, ko: 해결 방법}}",
        f"    body: {{en: {json.dumps(body)}, ko: 실행합니다.}}",
        "    commands:",
        f"      - {{platform: windows, shell: cmd, text: {json.dumps(command)}, effect: read-only}}",
        "    links:",
        f"      - {{title: {{en: Docs, ko: 문서}}, url: {json.dumps(link)}}}",
        "    next: done"])


ALLOWED = ["https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot",
           "https://docs.microsoft.com/azure/backup/", "https://portal.azure.com/#blade/x", "https://aka.ms/vmbackup",
           "https://github.com/Azure/WALinuxAgent/releases", "https://github.com/Azure/azure-linux-extensions/issues",
           "https://LEARN.microsoft.com/azure", "https://go.microsoft.com/fwlink/?LinkID=394789"]
REFUSED = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "file:///etc/passwd", "http://learn.microsoft.com/azure",
           "https://evil.example/x", "https://learn.microsoft.com.evil.example/x", "https://user@learn.microsoft.com/x",
           "https://learn.microsoft.com:8443/x", "https://github.com/attacker/WALinuxAgent",
           "https://github.com/Azure/WALinuxAgent-evil/x", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "//evil.example/x", "https://learn.microsoft.com\\@evil.example/"]


@pytest.mark.parametrize("url", ALLOWED)
def test_allowed_links(url):
    assert is_allowed_link(url)


@pytest.mark.parametrize("url", REFUSED)
def test_refused_links(url):
    assert not is_allowed_link(url)


@pytest.mark.parametrize("url", REFUSED[:6])
def test_lint_refuses_a_markdown_link_an_autolink_a_bare_url_and_a_link_field(tmp_path, url):
    for place in ({"body": f"See [the docs]({url})."}, {"body": f"See <{url}>."}, {"link": url}):
        path = _fix_flow(tmp_path, **place)
        problems = [str(problem) for problem in lint_paths([path]).problems]
        # (the schema already wants a link field to start with https://; the rule judges the rest)
        assert any("link" in problem and ("not allowed" in problem or "https://" in problem)
                   for problem in problems), (place, problems)
    if url.startswith("http"):
        path = _fix_flow(tmp_path, body=f"Open {url} now.")
        assert any("not allowed" in str(problem) for problem in lint_paths([path]).problems)


def test_a_url_inside_code_is_not_a_link(tmp_path):
    path = _fix_flow(tmp_path, body="Run `curl http://168.63.129.16/?comp=versions` and read the XML.")
    assert lint_paths([path]).problems == []


@pytest.mark.parametrize("place", ["command", "title", "body"])
@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2069", "\x1b"])
def test_bidi_zero_width_and_control_characters_are_refused(tmp_path, place, character):
    text = {"command": "echo \u202erm -rf /\u202c hi".replace("\u202e", character),
            "title": f"A{character} fix", "body": f"Run{character} it."}[place]
    path = _fix_flow(tmp_path, **{place: text})
    problems = [str(problem) for problem in lint_paths([path]).problems]
    assert any(f"U+{ord(character):04X}" in problem for problem in problems), problems


def test_the_built_in_flows_pass():
    assert [str(p) for p in lint_paths().problems if "link" in str(p) or "U+" in str(p)] == []

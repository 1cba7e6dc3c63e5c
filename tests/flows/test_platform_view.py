"""The OS decides what a step shows: one core function gives the view of a step for the VM's OS,
and the window, the report and the headless run all show that view."""

from __future__ import annotations

import re

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.runner import run_check
from troubleshooter.flows.model import ChoiceStep, ResolutionStep
from troubleshooter.flows.platform_view import platform_text, step_for_platform
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_text, report_to_json
from troubleshooter.walk import parse_answers, walk

BOTH = """Every backup request reaches the VM through its agent.

**Windows**
1. In `services.msc`, restart the agent.
2. If it keeps failing, reinstall it.
   Nothing else runs meanwhile.

**Linux**
1. Check that the agent runs: `ps -e | grep -i waagent`.
2. Update it from the distribution's repository."""


def test_a_section_under_the_other_os_heading_is_left_out():
    linux = platform_text(BOTH, "linux")
    assert "services.msc" not in linux and "Nothing else runs" not in linux
    assert "ps -e | grep -i waagent" in linux and "Every backup request" in linux
    assert "**Windows**" not in linux and "**Linux**" not in linux
    windows = platform_text(BOTH, "windows")
    assert "waagent" not in windows and "Nothing else runs meanwhile." in windows


def test_list_items_for_the_other_os_are_left_out_and_the_rest_renumbered():
    text = ("VMs from a custom image often have no agent.\n\n"
            "1. **Windows:** install **.NET Framework 4.5**, then the agent MSI.\n"
            "2. **Linux:** install `walinuxagent` from the repository.\n"
            "3. Check that the agent service runs.\n")
    linux = platform_text(text, "linux")
    assert ".NET" not in linux
    assert re.findall(r"^(\d+)\.", linux, re.M) == ["1", "2"]
    assert "1. **Linux:** install `walinuxagent`" in linux


def test_sentences_that_name_an_os_in_one_paragraph():
    text = ("Windows: open `services.msc` and look for **Windows Azure Guest Agent**. "
            "Linux: run `systemctl status walinuxagent` (Ubuntu, Debian).")
    assert platform_text(text, "linux") == "Linux: run `systemctl status walinuxagent` (Ubuntu, Debian)."
    assert "systemctl" not in platform_text(text, "windows")


def test_text_without_os_markers_is_unchanged_and_unknown_platform_shows_all():
    text = "1. **Windows Azure Guest Agent** is a service.\n2. Restart it.\n"
    assert platform_text(text, "linux") == text
    assert platform_text(BOTH, None) == BOTH


def test_every_text_of_every_step_keeps_something_for_each_os(flows):
    """No body, help or prompt becomes empty for one OS (a step for both OSes says something to each)."""
    empty = []
    for flow in flows:
        for step in flow.steps.values():
            for platform in ("windows", "linux"):
                if step.platforms and platform not in step.platforms:
                    continue
                view = step_for_platform(step, platform)
                for name in ("body", "prompt", "help"):
                    for lang, text in (getattr(view, name, None) or {}).items():
                        if getattr(step, name).get(lang, "").strip() and not text.strip():
                            empty.append(f"{flow.id}/{step.id}.{name}.{lang} on {platform}")
    assert not empty, "\n".join(empty)


def test_the_resolution_view_shows_this_os_commands_and_links_only(flows):
    step = flows["agent-comms"].steps["fix-agent-service"]
    view = step_for_platform(step, "linux")
    assert isinstance(view, ResolutionStep)
    assert view.commands and all(c.platform in ("any", "linux") for c in view.commands)
    assert "services.msc" not in view.body["en"] and "services.msc" not in view.body["ko"]
    assert "waagent" in view.body["en"]
    assert not any("Windows" in link.title["en"] for link in view.links)


def test_options_for_the_other_os_are_not_in_the_view(flows):
    step = flows["agent-missing"].steps["ask-installed"]
    assert isinstance(step, ChoiceStep)
    view = step_for_platform(step, "linux")
    assert {o.id for o in view.options} == {"running-linux", "missing-linux"}


def _linux_walk(flows):
    session = Session(flows, "backup-failing", platform="linux")
    answers = parse_answers(flows, ["backup-failing/which-error=agent", "agent-comms/which-agent-error=not-sure"],
                            "backup-failing")
    result = walk(session, answers, lambda check_id: run_check(check_id, FakeHost(platform="linux"),
                                                               no_network=True))
    return session, result


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_linux_text_report_holds_no_windows_steps(flows, lang):
    session, result = _linux_walk(flows)
    text = render_text(build_report(session, complete=result.complete), lang)
    for windows_only in ("services.msc", "WindowsAzureGuestAgent", "Windows Azure Guest Agent", "msiexec",
                         "sc query", "WaAppAgent"):
        assert windows_only not in text, windows_only


def test_the_report_numbers_only_the_steps_shown_and_lists_no_other_os_check(flows):
    session, result = _linux_walk(flows)
    passed = [v for v in session.history if v.check and v.check.facts.get("reason") == "other_platform"]
    assert passed, "the walk passes a Windows check on the way (the case of issue 22 item 2)"
    report = build_report(session, complete=result.complete)
    assert [entry.number for entry in report.path] == list(range(1, len(report.path) + 1))
    assert len(report.path) == len(session.history) - len(passed)
    assert not any(entry.check_id.startswith("windows.") for entry in report.checks)
    data = report_to_json(report)
    assert not any(entry["check_id"].startswith("windows.") for entry in data["checks"])
    assert not any(entry["step_id"] == "health-win-service" for entry in data["path"])


@pytest.mark.parametrize("text, linux, windows", [
    ("Restart it (Windows: **Windows Azure Guest Agent** in `services.msc`; Linux: `walinuxagent` or `waagent`) now.",
     "Restart it (Linux: `walinuxagent` or `waagent`) now.",
     "Restart it (Windows: **Windows Azure Guest Agent** in `services.msc`) now."),
    ("다시 시작하고(Windows: `services.msc`의 **Windows Azure Guest Agent**, Linux: `walinuxagent` 또는 `waagent`) 확인합니다.",
     "다시 시작하고(Linux: `walinuxagent` 또는 `waagent`) 확인합니다.",
     "다시 시작하고(Windows: `services.msc`의 **Windows Azure Guest Agent**) 확인합니다."),
    ("3. Select `VmSnapshot` (Windows) or `VmSnapshotLinux` (Linux) and choose **Uninstall**.",
     "3. Select `VmSnapshotLinux` and choose **Uninstall**.",
     "3. Select `VmSnapshot` and choose **Uninstall**."),
    ("3. `VmSnapshot`(Windows) 또는 `VmSnapshotLinux`(Linux)를 선택합니다.",
     "3. `VmSnapshotLinux`를 선택합니다.", "3. `VmSnapshot`를 선택합니다."),
], ids=["parenthesis-en", "parenthesis-ko", "either-en", "either-ko"])
def test_either_or_inside_a_sentence(text, linux, windows):
    assert platform_text(text, "linux") == linux
    assert platform_text(text, "windows") == windows


def test_an_item_whose_bold_lead_names_the_os():
    text = ("1. **The Windows agent is installed but does not answer.** Restart it.\n"
            "2. **Linux 에이전트가 오래되었습니다.** 업데이트합니다.\n"
            "3. **Windows Azure Guest Agent** is the service's name.\n")
    assert platform_text(text, "linux") == ("1. **Linux 에이전트가 오래되었습니다.** 업데이트합니다.\n"
                                            "2. **Windows Azure Guest Agent** is the service's name.\n")


def test_paragraphs_stay_apart_when_a_section_between_them_goes():
    text = "First paragraph.\n\n**Windows**\n\n1. Open Disk Management.\n\n**Linux** (LVM): mount it by hand.\n"
    assert platform_text(text, "linux") == "First paragraph.\n\n**Linux** (LVM): mount it by hand.\n"
    assert platform_text(text, "windows") == "First paragraph.\n\n1. Open Disk Management.\n"

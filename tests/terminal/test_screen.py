"""What the terminal wizard writes: display width, wrapping, commands, and escape codes only where they work."""

from __future__ import annotations

import io
import re
import sys

import pytest

from troubleshooter.terminal.screen import Screen, Style, columns, command_lines, detect_style, wrap


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_hangul_takes_two_columns_and_wrapping_never_cuts_a_word():
    text = "검사는 읽기만 하며 VM을 절대 바꾸지 않습니다. " * 4
    lines = wrap(text, 40)
    assert all(columns(line) <= 40 for line in lines)
    assert " ".join(lines).split() == text.split()
    assert columns("한국어") == 6 and columns("abc") == 3


def test_a_word_wider_than_the_line_is_kept_whole():
    url = "https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout"
    assert wrap(f"See {url} now", 40) == ["See", url, "now"]


def test_a_long_command_breaks_only_between_statements_of_shells_that_run_them_the_same():
    long = "systemctl stop walinuxagent; rm -rf /var/lib/waagent/x; echo 'a; b' ; systemctl start walinuxagent"
    assert command_lines("bash", long, 40) == ["systemctl stop walinuxagent", "rm -rf /var/lib/waagent/x",
                                                "echo 'a; b'", "systemctl start walinuxagent"]
    assert command_lines("cmd", long, 40) == [long]  # cmd has no such rule: shown whole
    assert command_lines("bash", "short; one", 40) == ["short; one"]


def test_escape_codes_only_where_the_terminal_takes_them():
    tty = FakeTty()
    assert detect_style(tty, {"TERM": "xterm-256color"}, "linux") == Style(True, True)
    assert detect_style(tty, {"TERM": "vt100"}, "linux") == Style(bold=True)
    assert detect_style(tty, {"TERM": "dumb"}, "linux") == Style()
    assert detect_style(tty, {"TERM": "xterm", "NO_COLOR": ""}, "linux") == Style()
    assert detect_style(io.StringIO(), {"TERM": "xterm"}, "linux") == Style()
    # The classic Windows console (no virtual-terminal processing to switch on): plain text.
    assert detect_style(tty, {}, "win32") == Style()


def test_plain_text_has_no_escape_codes_and_the_live_line_is_rewritten_in_place():
    out = io.StringIO()
    screen = Screen(out, Style(), width=80)
    screen.line(screen.bold("Title") + " " + screen.status("problem", "PROBLEM"))
    screen.live("Running… 1 s")
    screen.live("Running… 2 s")
    screen.line("done")
    assert "\x1b" not in out.getvalue()
    assert out.getvalue() == "Title PROBLEM\n\rRunning… 1 s\rRunning… 2 s\ndone\n"
    coloured = Screen(io.StringIO(), Style(True, True), width=80)
    assert coloured.status("problem", "PROBLEM") == "\x1b[1;31mPROBLEM\x1b[0m"


def test_every_terminal_sentence_is_in_both_languages_in_the_projects_korean():
    from troubleshooter.flows.lint_rules import casual_endings, glossary_variants
    from troubleshooter.terminal.texts import TEXTS

    for key, sentence in TEXTS.items():
        assert set(sentence) == {"en", "ko"} and all(sentence.values()), key
        assert sorted(re.findall(r"\{\w+\}", sentence["en"])) == sorted(re.findall(r"\{\w+\}", sentence["ko"])), key
        assert glossary_variants(sentence["ko"]) == [], key
        assert casual_endings(sentence["ko"]) == [], key


def test_a_long_portal_path_breaks_after_a_menu_and_every_line_fits():
    path = "Recovery Services 자격 증명 모음 > 백업 항목 > Azure Virtual Machine > <VM> > 백업 중지 > 백업 데이터 보존"
    lines = command_lines("portal", path, 60)
    assert len(lines) > 1 and all(columns(line) <= 60 for line in lines)
    assert all(line.endswith(" >") for line in lines[:-1])
    assert " > ".join(line.removesuffix(" >") for line in lines) == path


@pytest.mark.parametrize("started_as, hint", [
    ("./VMBackupTroubleshooter", "./VMBackupTroubleshooter"),
    ("VMBackupTroubleshooter", "VMBackupTroubleshooter"),
    ("/home/admin/my tools/VMBackupTroubleshooter", "'/home/admin/my tools/VMBackupTroubleshooter'"),
])
def test_the_resume_hint_names_the_executable_as_the_person_started_it(started_as, hint, monkeypatch):
    """`q` prints the command that resumes the walk: the one file as typed (a bare name is on PATH,
    a path is one the shell finds), not the cached program the launcher started."""
    from troubleshooter.cli import walk

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "argv", [started_as, "walk"])
    monkeypatch.setattr(sys, "executable", "/root/.cache/VMBackupTroubleshooter/bundle-0/VMBackupTroubleshooter")
    assert walk.program_name() == hint

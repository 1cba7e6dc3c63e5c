"""The terminal wizard in a real pseudo-terminal (tmux, 80x24), driven by keys only, in both languages."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import pytest

from tests.helpers.tmux import Terminal, need_tmux
from troubleshooter.flows.model import ChoiceStep, ResolutionStep
from troubleshooter.flows.session import SKIPPED_NOT_THE_VM, Session
from troubleshooter.terminal.screen import columns, command_lines

PROGRAM = Path(__file__).parent / "terminal_program.py"
FLOWS = ("agent-missing", "backup-failing", "restore-failing", "slow-job")
URL_OR_TOKEN = re.compile(r"^\s*(\S+)\s*$")


@pytest.fixture
def terminal(tmp_path):
    """terminal(*walk_args, env=...) -> a Terminal running `walk` in tmp_path, closed at the end."""
    need_tmux()
    opened = []

    def start(*args: str, env: dict[str, str] | None = None, term: str = "xterm-256color") -> Terminal:
        import os

        environment = {"VMBT_DATA_DIR": str(tmp_path / "data"), "VMBT_ENDPOINTS": os.environ["VMBT_ENDPOINTS"],
                       "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "TERM": term, **(env or {})}
        opened.append(Terminal([sys.executable, str(PROGRAM), "walk", *args], environment, cwd=tmp_path))
        return opened[-1]

    yield start
    for opened_terminal in opened:
        opened_terminal.close()


def keys_to_a_fix(flows, flow_id: str) -> list[str]:
    """The lines a person types from the start of `flow_id` to its nearest fix with checks off
    (computed from the flows, so the test follows them as they change)."""
    queue = deque([()])
    while queue:
        path = queue.popleft()
        session, typed, choices = Session(flows, flow_id, platform="linux"), [], list(path)
        while True:
            step = session.step
            if isinstance(step, ResolutionStep):
                return typed
            if isinstance(step, ChoiceStep):
                if not choices:
                    queue.extend(path + (index,) for index in range(len(session.options())))
                    break
                index = choices.pop(0)
                session.choose(session.options()[index].id)
                typed.append(str(index + 1))
            elif step.kind == "check":
                session.skip_check(SKIPPED_NOT_THE_VM)
                typed.append("")
            elif step.kind == "info":
                session.proceed()
                typed.append("")
            else:
                break
    raise AssertionError(f"no fix is reachable in {flow_id}")


def _title(flows, flow_id: str, lang: str) -> str:
    return flows[flow_id].title[lang]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("flow_id", FLOWS)
def test_each_flow_from_the_start_to_a_fix_and_a_saved_pdf(terminal, flows, tmp_path, flow_id, lang):
    term = terminal("--lang", lang)
    term.wait_for("> ")
    number = [f.id for f in flows.entry_flows()].index(flow_id) + 1
    term.type_line(str(number))
    for line in keys_to_a_fix(flows, flow_id):
        term.wait_for(_title(flows, flow_id, lang))
        term.type_line(line)
    fixed = "해결됨" if lang == "ko" else "That fixed it"
    term.wait_for(f"1) {fixed}")
    term.type_line("1")
    term.wait_for("요약" if lang == "ko" else "Summary")
    term.type_line("")  # Enter: save the report
    saved = "PDF 저장함:" if lang == "ko" else "Saved PDF:"
    shown = term.wait_for(".txt\n", timeout=20)
    pdfs = list(tmp_path.glob("vmbackup-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert f"{saved}\n  {pdfs[0]}\n" in shown
    assert len(list(tmp_path.glob("vmbackup-*.json"))) == 1 and len(list(tmp_path.glob("vmbackup-*.txt"))) == 1


def _matches_after(term, header: str) -> str:
    """What the search printed under `header`, once its list is there (the header shows first)."""
    term.wait_for(header)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        listed = term.screen(joined=True).split(header)[-1]
        if "1) " in listed and listed.rstrip().endswith(">"):
            return listed
        time.sleep(0.05)
    raise AssertionError(f"no matches were listed under {header!r}:\n{term.screen()}")


def test_search_by_error_code_and_by_a_pasted_portal_message(terminal):
    term = terminal("--lang", "en")
    term.wait_for("> ")
    term.type_line("UserErrorGuestAgentStatusUnavailable")
    assert "1) " in _matches_after(term, "Fixes that match")
    term.type_line("1")
    term.wait_for("1) That fixed it")
    assert "Step 2" in term.screen(joined=True).split("=" * 40)[-1]

    term.type_line("b")  # back from the fix: the start page, where a Korean message is pasted
    term.wait_for("Set up or update the VM agent")
    term.type_line("l")
    term.wait_for("어떤 문제가 있나요?")
    term.type_line("Snapshot operation failed due to no network connectivity on the virtual machine")
    assert "네트워크" in _matches_after(term, "일치하는 해결 방법")


def test_a_check_runs_and_a_running_check_is_cancelled_with_ctrl_c(terminal, flows):
    term = terminal("--lang", "en", env={"TEST_VM_OS": "linux", "TEST_CHECK_DELAY": "1.5"})
    term.wait_for("> ")
    number = [f.id for f in flows.entry_flows()].index("agent-missing") + 1
    term.type_line(str(number))
    for _ in range(5):  # answers until a check page (the first option each time)
        shown = term.wait_for("> ")
        if "Run the check" in shown.split("=" * 40)[-1]:
            break
        term.type_line("1")
    term.wait_for("1) Run the check")
    term.type_line("")  # Enter: run it
    term.wait_for("Running the check… 1 s", joined=False)
    term.keys("C-c")
    term.wait_for("The check was cancelled")
    term.type_line("")  # run it again, to the end this time
    shown = term.wait_for("Result: PROBLEM")
    assert "Found: problem" in shown and "1) Next" in shown.split("Result: PROBLEM")[-1]
    term.type_line("2")  # the evidence on request
    term.wait_for("| service walinuxagent: inactive")


def test_back_goes_one_step_back_and_offers_the_answer_given_there(terminal, flows):
    term = terminal("--lang", "en")
    term.wait_for("> ")
    term.type_line(str([f.id for f in flows.entry_flows()].index("backup-failing") + 1))
    term.wait_for("Step 1")
    term.type_line("2")
    term.wait_for("Step 2")
    term.type_line("b")
    shown = term.wait_for("Enter: next")
    page = shown.split("=" * 40)[-1]
    assert "Step 1" in page and re.search(r"^\* 2\) ", page, re.M)
    term.type_line("")  # Enter takes the answer given before
    shown = term.wait_for("Step 2")


def test_q_keeps_the_walk_and_resume_returns_to_the_same_step(terminal, flows):
    term = terminal("--lang", "ko")
    term.wait_for("> ")
    term.type_line(str([f.id for f in flows.entry_flows()].index("backup-failing") + 1))
    term.wait_for("1단계")
    term.type_line("2")
    shown = term.wait_for("2단계")
    page = shown.split("=" * 40)[-1]
    title = [line for line in page.splitlines() if line.strip()][2]
    term.type_line("q")
    shown = term.wait_for("EXIT=0")
    session_id = re.search(r"walk --resume ([0-9a-f]{32})", shown).group(1)
    again = terminal("--resume", session_id, "--lang", "ko")
    shown = again.wait_for("2단계")
    assert title in shown.split("=" * 40)[-1]
    # The start page offers it as well.
    third = terminal("--lang", "ko")
    third.wait_for("r) 중단한 곳에서 계속")
    third.type_line("r")
    assert title in third.wait_for("2단계").split("=" * 40)[-1]


def test_a_vt100_gets_no_colour_codes_and_no_color_gets_none_at_all(terminal, flows):
    term = terminal("--lang", "en", env={"TEST_VM_OS": "linux", "TEST_CHECK_DELAY": "0"}, term="vt100")
    term.wait_for("> ")
    term.type_line(str([f.id for f in flows.entry_flows()].index("agent-missing") + 1))
    term.type_line("1")
    term.wait_for("Step 2")
    shown = term.screen(escapes=True)
    assert "\x1b[1m" in shown  # bold, which a VT100 has
    assert not re.search(r"\x1b\[[0-9;]*(38|48);5;", shown) and not re.search(r"\x1b\[[0-9;]*3[0-7]m", shown)
    plain = terminal("--lang", "en", env={"NO_COLOR": "1"})
    plain.wait_for("> ")
    assert "\x1b[1m" not in plain.screen(escapes=True)


def test_no_korean_line_is_wider_than_80_columns(terminal, flows):
    term = terminal("--lang", "ko")
    term.wait_for("> ")
    term.type_line("?")
    term.type_line(str([f.id for f in flows.entry_flows()].index("backup-failing") + 1))
    for line in keys_to_a_fix(flows, "backup-failing"):
        term.wait_for("> ")
        term.type_line(line)
    term.wait_for("해결됨")
    term.type_line("UserErrorGuestAgentStatusUnavailable")
    term.wait_for("일치하는 해결 방법")
    written = term.screen(joined=True).splitlines()
    assert any(re.search(r"[\uac00-\ud7a3]", line) for line in written)
    # What may not be broken at all: a URL, and one statement of a command (broken, a paste would
    # run something else).
    statements = {line.strip() for step in flows.resolutions() for command in step.commands
                  for line in command_lines(command.shell, command.text, 75)}
    too_wide = [line for line in written
                if columns(line) > 80 and not URL_OR_TOKEN.match(line) and line.strip() not in statements]
    assert too_wide == []


def test_a_pipe_on_standard_input_gets_the_hint_and_exit_2_within_a_second():
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "troubleshooter", "walk"], input="1\n", capture_output=True,
                          text=True, timeout=10)
    elapsed = time.monotonic() - started
    assert done.returncode == 2
    hint = done.stderr.strip()
    assert len(hint.splitlines()) == 1 and "`run " in hint and "`collect`" in hint
    assert elapsed < 1.0, elapsed


def test_a_walk_started_in_the_window_is_resumed_in_the_terminal(terminal, flows, tmp_path, monkeypatch):
    from troubleshooter.config import current
    from troubleshooter.flows.store import SessionStore
    from troubleshooter.platform import ThisMachine
    from troubleshooter.walk_controller import WalkController

    # The window's wizard drives this same controller over the store in the data folder.
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path / "data"))
    window_walk = WalkController(flows, store=SessionStore(current().sessions_dir),
                                 machine=ThisMachine("linux", False), lang="en")
    window_walk.begin("restore-failing")
    window_walk.choose(window_walk.session.options()[0].id)
    prompt = window_walk.session.step.prompt["en"] if hasattr(window_walk.session.step, "prompt") \
        else window_walk.session.step.title["en"]
    term = terminal("--lang", "en")
    term.wait_for("r) Resume where you left off: Restore is failing")
    term.type_line("r")
    shown = term.wait_for("Step 2")
    assert " ".join(prompt.split()[:3]) in shown.split("=" * 40)[-1]


def test_flows_broken_while_the_first_screen_shows_are_named_at_the_first_answer(terminal, flows, tmp_path):
    """The start page shows from the cached headings and the flows load at the first answer: a
    flow file edited into a broken one in between is named, as at a start, not a traceback."""
    import shutil

    from troubleshooter.resources import flows_dir

    folder = tmp_path / "flows"
    shutil.copytree(flows_dir(), folder)
    env = {"VMBT_FLOWS_DIR": str(folder)}
    first = terminal(env=env)
    first.wait_for("> ", timeout=30)  # the full check of a new folder, then its cache
    first.type_line("q")
    first.wait_for("EXIT=0")
    second = terminal(env=env)
    shown = second.wait_for("> ")
    assert all(flows[flow_id].title["en"] in shown for flow_id in FLOWS)
    file = folder / Path(flows.entry_flows()[0].file).name
    file.write_text(file.read_text(encoding="utf-8").replace("next: ", "next: nowhere-", 1), encoding="utf-8")
    second.type_line("1")
    shown = second.wait_for("EXIT=1", timeout=30)
    assert "The flows have problems" in shown and file.name in shown and "Traceback" not in shown

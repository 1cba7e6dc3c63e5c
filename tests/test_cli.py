"""The headless `run` command: walks the example flows from --answer pairs, or says exactly what is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import COMMANDS, main
from troubleshooter.flows.loader import load_flows, parse_flow
from troubleshooter.flows.model import FlowSet
from troubleshooter.flows.session import Session
from troubleshooter.walk import walk

REPO = Path(__file__).parent.parent
EXAMPLE_DIR = REPO / "tests" / "flows" / "data"
RUN = ["run", "--flow", "example", "--no-checks", "--platform", "windows"]


@pytest.fixture(autouse=True)
def _example_flows_are_the_flows(monkeypatch, example_check_outcome):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_DIR))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*RUN, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_walks_to_a_resolution(capsys):
    code, out, err = _run(capsys, "--answer", "what-do-you-see=vss", "--answer", "ask-vss=yes")

    assert (code, err) == (0, "")
    assert " 2. [check] example/run-vss-check: Looks at the VSS writers.\n      -> skipped: Skipped: checks were turned off" in out
    assert out.endswith("Ended at the resolution 'example/fix-vss' (B17): Restart the VSS writers\n")


def test_still_failing_walks_on_to_support(capsys):
    code, out, _ = _run(capsys, "--answer", "what-do-you-see=vss", "--answer", "ask-vss=yes",
                        "--answer", "example/fix-vss=still-failing")

    assert code == 0
    assert out.endswith("Ended: Contact support\n")


def test_goto_walks_into_the_shared_flow(capsys):
    code, out, _ = _run(capsys, "--answer", "what-do-you-see=shared")

    assert code == 0
    assert "Ended at the resolution 'example-network/fix-network' (W01): Open the network" in out


def test_korean_output(capsys):
    code, out, _ = _run(capsys, "--lang", "ko", "--answer", "what-do-you-see=info", "--answer",
                        "what-do-you-see-again=vss")

    assert code == 0
    assert "VSS 기록기 다시 시작" in out and "무엇이 보이나요?" in out


def test_unknown_flow_names_the_known_ones(capsys):
    assert main(["run", "--flow", "backup-failing", "--no-checks"]) == 2

    assert capsys.readouterr().err == "Unknown flow 'backup-failing'. Known flows: example\n"


def test_unknown_step_in_answer_names_the_questions(capsys):
    code, _, err = _run(capsys, "--answer", "what-you-see=vss")

    assert code == 2
    assert err == ("--answer 'what-you-see=vss': there is no step 'what-you-see' in the flows; the questions are: "
                   "what-do-you-see, ask-vss, fix-vss, fix-linux, what-do-you-see-again, "
                   "example-network/fix-network\n")


def test_unknown_option_in_answer_names_the_valid_ones(capsys):
    code, _, err = _run(capsys, "--answer", "ask-vss=maybe")

    assert code == 2
    assert err == "--answer 'ask-vss=maybe': step 'ask-vss' has no option 'maybe'; valid options: no, yes\n"


def test_answer_without_equals_shows_the_form(capsys):
    code, _, err = _run(capsys, "--answer", "what-do-you-see")

    assert code == 2
    assert "is not STEP=OPTION (for example --answer what-do-you-see=OPTION)" in err


def test_a_walk_that_stops_at_an_unanswered_question_says_what_to_answer(capsys):
    code, out, err = _run(capsys, "--answer", "what-do-you-see=vss")

    assert code == 2
    assert " 3. [choice] example/ask-vss: Is any writer not stable?" in out
    assert err == ("the walk stopped at the question 'example/ask-vss': Is any writer not stable?\n"
                   "  no --answer was given for it; valid answers: example/ask-vss=yes (Yes); "
                   "example/ask-vss=no (No)\n")


def test_stop_at_the_first_question_offers_only_this_platforms_options(capsys):
    code, _, err = _run(capsys)

    assert code == 2
    assert "valid answers: example/what-do-you-see=vss (A VSS error); example/what-do-you-see=info " \
           "(Tell me more); example/what-do-you-see=shared (Network trouble)\n" in err


def test_an_option_of_another_platform_is_refused(capsys):
    code, _, err = _run(capsys, "--answer", "what-do-you-see=linux-only")

    assert code == 2
    assert err == ("The walk cannot go on: step 'what-do-you-see' has no option 'linux-only' on windows "
                   "(it applies to another platform); valid options: vss, info, shared\n")


def test_broken_flows_stop_the_command(capsys, monkeypatch):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_DIR / "broken" / "goto_missing_step"))

    assert main(["run", "--flow", "broken", "--no-checks"]) == 2

    err = capsys.readouterr().err
    assert err.startswith("The flows have problems:\n")
    assert "entry.yaml:15:5: goto of step 'to-piece' leads to step 'fix-dsn'" in err


@pytest.mark.parametrize("status, end", [(Status.OK, "all-good"), (Status.PROBLEM, "fix-vss"),
                                         (Status.ERROR, "ask-vss")])
def test_walk_runs_the_checks_and_follows_their_status(status, end):
    flows = load_flows([EXAMPLE_DIR])
    ran = []

    def run_check(check_id: str) -> CheckResult:
        ran.append(check_id)
        return CheckResult(check_id, status, {"en": status.value, "ko": status.value})

    result = walk(Session(flows, "example", platform="linux"), {"what-do-you-see": "vss"}, run_check)

    assert ran == ["example.always_ok"]
    assert result.session.step.id == end
    assert result.complete is (end != "ask-vss")


def test_answers_that_go_round_in_a_loop_stop_the_walk():
    circle = parse_flow("""
id: circle
title: {en: Circle, ko: 원}
start: ask
steps:
  ask:
    kind: choice
    prompt: {en: "Again?", ko: "다시?"}
    options:
      - {id: again, label: {en: Again, ko: 다시}, next: note}
      - {id: stop, label: {en: Stop, ko: 그만}, next: done}
  note: {kind: info, title: {en: Note, ko: 메모}, body: {en: x, ko: x}, next: ask}
  done: {kind: end, title: {en: Done, ko: 끝}, body: {en: x, ko: x}}
""", "circle.yaml")

    result = walk(Session(FlowSet([circle]), "circle"), {"ask": "again"}, None)

    assert not result.complete
    assert result.stopped_at_question == ("the walk passed 500 steps without ending; "
                                          "the answers make it go round in a loop")


def test_run_as_a_separate_process():
    env = dict(os.environ, VMBT_FLOWS_DIR=str(EXAMPLE_DIR))
    finished = subprocess.run([sys.executable, str(REPO / "tests" / "flows" / "cli_with_example_check.py"), *RUN,
                               "--answer", "what-do-you-see=vss", "--answer", "ask-vss=no"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=60)

    assert (finished.returncode, finished.stderr) == (0, "")
    assert finished.stdout.endswith("Ended: Nothing found\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 display check is Linux's")
def test_the_window_without_a_desktop_says_why_instead_of_hanging(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main([]) == 1
    message = capsys.readouterr().err
    assert "DISPLAY is not set" in message and "headless commands" in message


@pytest.mark.parametrize("argv, commands", [
    (["walk"], ("walk",)),
    (["--lang", "ko", "walk", "--resume", "x"], ("walk",)),
    (["--resume", "run", "walk"], ("walk",)),  # "run" is the session to resume, not the command
    (["--help", "walk"], COMMANDS),
    (["bogus"], COMMANDS),
    ([], COMMANDS),
])
def test_a_named_command_builds_only_its_own_parser(argv, commands):
    from troubleshooter.cli import _named_command

    assert _named_command(argv) == commands


def test_help_still_lists_every_command(capsys):
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert all(name in shown for name in COMMANDS)

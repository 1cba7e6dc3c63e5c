"""The linter's routing rules on small flows: a check's `ok` may not lead to the fix it would lead
to on `problem` (the check would decide nothing), and "still failing" may not lead back to a
question already answered or round a loop where no check finds anything."""

from __future__ import annotations

import textwrap

import pytest

from tests.helpers.flow_files import write_flow
from troubleshooter.flows.lint import lint_paths

FIX = ("    kind: resolution\n    refs: [B17]\n    title: {en: A fix, ko: 해결 방법}\n"
       "    body: {en: Do it., ko: 실행합니다.}\n")


def _lint(tmp_path, steps: str) -> list[str]:
    body = textwrap.dedent(steps)
    if not body.startswith("  "):  # no {FIX} line set the indentation: steps sit under `steps:`
        body = textwrap.indent(body, "  ")
    body = body.replace("{FIX}", FIX.rstrip("\n")).replace("{RETIRED}", RETIRED_FIX.rstrip("\n"))
    path = write_flow(tmp_path, "routing", "first", body)
    return [f"{p.line}:{p.column}: {p.message}" for p in lint_paths([path]).problems]


# -- evidence decides ---------------------------------------------------------------------------

def test_ok_leading_straight_to_the_problem_fix_is_refused_at_the_ok_route(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.vss_writers
        prompt: {en: "Writers?", ko: "기록기를 확인합니다."}
        on: {ok: fix-writers, problem: fix-writers, unknown: fix-writers}
      fix-writers:
    {FIX}
        next: done
    """)

    assert len(problems) == 1 and problems[0].startswith("9:10: check step 'first' (windows.vss_writers) leads on "
                                                         "'ok' to 'fix-writers', where its 'problem' route leads too")


def test_ok_reaching_the_fix_through_a_check_about_something_else_is_refused(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.vss_writers
        prompt: {en: "Writers?", ko: "기록기를 확인합니다."}
        on: {ok: service, problem: fix-writers, unknown: fix-writers}
      service:
        kind: check
        check: windows.vss_service
        prompt: {en: "Service?", ko: "서비스를 확인합니다."}
        on: {ok: fix-writers, problem: fix-service, unknown: fix-service}
      fix-writers:
    {FIX}
        next: done
      fix-service:
    {FIX}
        next: done
    """)

    assert len(problems) == 1 and "(routing/first → service → fix-writers)" in problems[0]


def test_ok_straight_to_a_fix_verified_by_the_same_check_is_refused(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.vcredist
        prompt: {en: "Runtime?", ko: "런타임을 확인합니다."}
        on: {ok: fix-runtime, problem: done, unknown: done}
      fix-runtime:
    {FIX}
        verify: windows.vcredist
        next: done
    """)

    assert len(problems) == 1 and "whose 'check again' is this same check" in problems[0]


@pytest.mark.parametrize("between", [
    # a question: the person adds what the check could not see
    """\
      between:
        kind: choice
        prompt: {en: "Does the log name it?", ko: "로그에 나오나요?"}
        options:
          - {id: "yes", label: {en: "Yes", ko: 예}, next: fix-writers}
          - {id: "no", label: {en: "No", ko: 아니요}, next: done}
    """,
    # an info page
    """\
      between:
        kind: info
        title: {en: Note, ko: 참고}
        body: {en: Read this., ko: 읽어 봅니다.}
        next: fix-writers
    """,
    # another fix first: "still failing" is the person's own report
    """\
      between:
    {FIX}
        next: fix-writers
    """,
    # the same check again, which decides this time
    """\
      between:
        kind: check
        check: windows.vss_writers
        prompt: {en: "Writers again?", ko: "기록기를 다시 확인합니다."}
        on: {ok: done, problem: fix-writers, unknown: done}
    """,
])
def test_ok_reaching_the_fix_after_something_new_is_fine(tmp_path, between):
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.vss_writers
        prompt: {en: "Writers?", ko: "기록기를 확인합니다."}
        on: {ok: between, problem: fix-writers, unknown: fix-writers}
      fix-writers:
    {FIX}
        next: done
""" + between)

    assert problems == []


# -- no loops without new information ---------------------------------------------------------------

def test_still_failing_back_to_an_answered_question_is_refused_at_next(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: choice
        prompt: {en: "Is the agent running?", ko: "에이전트가 실행 중인가요?"}
        options:
          - {id: missing, label: {en: Missing, ko: 없음}, next: fix-install}
          - {id: running, label: {en: Running, ko: 실행 중}, next: done}
      fix-install:
    {FIX}
        next: first
    """)

    assert problems == ["16:5: 'still failing' at 'fix-install' leads back to the question 'first', already "
                        "answered on the way here (routing/fix-install → first → fix-install); lead it on to the "
                        "next cause or an end step"]


def test_a_check_that_tells_nothing_does_not_break_the_loop(tmp_path):
    # Installed, still failing, the service check cannot run, and the same question comes back.
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.agent_services
        prompt: {en: "Agent?", ko: "에이전트를 확인합니다."}
        on: {ok: done, problem: fix-install, unknown: ask}
      ask:
        kind: choice
        prompt: {en: "Is the agent running?", ko: "에이전트가 실행 중인가요?"}
        options:
          - {id: missing, label: {en: Missing, ko: 없음}, next: fix-install}
          - {id: running, label: {en: Running, ko: 실행 중}, next: done}
      fix-install:
    {FIX}
        next: first
    """)

    assert len(problems) == 1 and "leads back to the question 'ask'" in problems[0]


def test_a_loop_of_fixes_with_no_check_is_refused(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.agent_services
        prompt: {en: "Agent?", ko: "에이전트를 확인합니다."}
        on: {ok: done, problem: fix-a, unknown: fix-a}
      fix-a:
    {FIX}
        next: fix-b
      fix-b:
    {FIX}
        next: fix-a
    """)

    assert len(problems) == 2 and all("goes round a loop in which no check finds anything" in p for p in problems)


def test_a_loop_through_a_check_that_decides_is_fine(tmp_path):
    # After the fix the check runs again; only what it finds keeps the walk in the loop.
    problems = _lint(tmp_path, """\
      first:
        kind: check
        check: windows.agent_services
        prompt: {en: "Agent?", ko: "에이전트를 확인합니다."}
        on: {ok: done, problem: fix-a, unknown: done}
      fix-a:
    {FIX}
        next: first
    """)

    assert problems == []


def test_a_menu_the_person_comes_back_to_is_navigation_not_a_loop(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: choice
        prompt: {en: "Which error?", ko: "어떤 오류인가요?"}
        options:
          - {id: find, label: {en: "Where do I find it?", ko: "어디에서 찾나요?"}, next: how}
          - {id: other, label: {en: Another, ko: 다른 오류}, next: done}
      how:
        kind: info
        title: {en: Finding the error, ko: 오류 찾기}
        body: {en: Open the job., ko: 작업을 엽니다.}
        next: first
    """)

    assert problems == []


# -- current advice does not hand over to retired advice -----------------------------------------

RETIRED_FIX = FIX.replace("    refs: [B17]\n", "    refs: [R01]\n    retired: \"2023-09-01\"\n")


def test_still_failing_from_current_advice_to_retired_advice_is_refused(tmp_path):
    problems = _lint(tmp_path, """\
      first:
    {FIX}
        next: old-fix
      old-fix:
    {RETIRED}
        next: done
    """)

    assert [p for p in problems if "retired" in p] == [
        "10:11: 'still failing' after the current fix 'first' leads to 'old-fix', advice retired on "
        "2023-09-01; lead it to current advice or to support"]


def test_retired_advice_may_lead_to_retired_advice_and_menus_may_list_it(tmp_path):
    problems = _lint(tmp_path, """\
      first:
        kind: choice
        prompt: {en: "Which message?", ko: "어떤 메시지입니까?"}
        options:
          - {id: old, label: {en: Old message, ko: 예전 메시지}, next: old-fix}
          - {id: older, label: {en: Older message, ko: 더 예전 메시지}, next: older-fix}
      old-fix:
    {RETIRED}
        next: older-fix
      older-fix:
    {RETIRED}
        next: done
    """)

    assert [p for p in problems if "retired" in p] == []


# -- known answers are not asked again ----------------------------------------------------------

KNOWN_FLOW = """\
  first:
    kind: choice
    prompt: {en: "What do you see?", ko: "무엇이 보이나요?"}
    options:
      - {id: absent, label: {en: The agent is not present, ko: 에이전트가 없음}, next: ask, knows: {agent: missing}}
      - {id: other, label: {en: Something else, ko: 다른 것}, next: ask}
  ask:
    kind: choice
    asks: agent
    prompt: {en: "Is the agent installed?", ko: "에이전트가 설치되어 있나요?"}
    options:
      - {id: "yes", label: {en: "Yes", ko: "예"}, next: fix-one, means: running}
      - {id: "no", label: {en: "No", ko: "아니요"}, next: fix-one, MEANS_NO}
  fix-one:
{FIX}
    next: done
"""


def test_a_question_an_earlier_option_answers_must_have_the_answer_it_knows(tmp_path):
    problems = _lint(tmp_path, KNOWN_FLOW.replace(", MEANS_NO", ""))
    assert len(problems) == 1 and "'ask' asks 'agent'" in problems[0] and "'absent'" in problems[0] \
        and "asked again" in problems[0], problems


def test_a_question_with_the_known_answer_passes(tmp_path):
    assert _lint(tmp_path, KNOWN_FLOW.replace("MEANS_NO", "means: [missing, stopped]")) == []


def test_a_fact_no_question_asks_is_refused(tmp_path):
    flow = KNOWN_FLOW.replace("MEANS_NO", "means: missing").replace("knows: {agent: missing}", "knows: {agnet: missing}")
    problems = _lint(tmp_path, flow)
    assert len(problems) == 1 and "'agnet'" in problems[0] and "no question asks" in problems[0], problems


def test_the_real_flows_tell_agent_missing_what_the_person_said(tmp_path):
    """Issue 22 item 3, held by the linter: without `means`, agent-missing would ask again."""
    from pathlib import Path

    from troubleshooter.resources import flows_dir

    source = (Path(flows_dir()) / "agent_missing.yaml").read_text(encoding="utf-8")
    broken = source.replace("means: [missing, stopped]", "means: stopped")
    folder = tmp_path / "flows"
    folder.mkdir()
    for path in Path(flows_dir()).glob("*.yaml"):
        (folder / path.name).write_text(broken if path.name == "agent_missing.yaml" else path.read_text(
            encoding="utf-8"), encoding="utf-8")
    problems = [p.message for p in lint_paths(sorted(folder.glob("*.yaml"))).problems]
    assert any("'ask-installed' asks 'agent'" in p and "'not-present'" in p for p in problems), problems


# -- likely first ---------------------------------------------------------------------------------

def test_an_option_to_a_common_cause_after_one_to_a_rare_cause_is_refused(tmp_path):
    steps = """\
      first:
        kind: choice
        prompt: {en: "Which?", ko: "어느 것인가요?"}
        options:
          - {id: rare-one, label: {en: Rare, ko: 드묾}, next: fix-rare}
          - {id: common-one, label: {en: Common, ko: 흔함}, next: fix-common}
      fix-rare:
    {FIX}
        likelihood: {level: rare, source: "the page lists it last of five causes"}
        next: fix-common
      fix-common:
    {FIX}
        likelihood: {level: common, source: "the page lists it first of five causes"}
        next: fix-common-end
      fix-common-end:
    {FIX}
        next: fix-common-end
    """
    problems = _lint(tmp_path, steps)
    assert any("option 'common-one' leads to a common cause but comes after option 'rare-one'" in p
               for p in problems), problems
    swapped = steps.replace("- {id: rare-one", "- {id: TMP").replace(
        "- {id: common-one, label: {en: Common, ko: 흔함}, next: fix-common}",
        "- {id: rare-one, label: {en: Rare, ko: 드묾}, next: fix-rare}", 1)
    swapped = swapped.replace("- {id: TMP, label: {en: Rare, ko: 드묾}, next: fix-rare}",
                              "- {id: common-one, label: {en: Common, ko: 흔함}, next: fix-common}")
    assert not any("comes after" in p for p in _lint(tmp_path, swapped))

"""The checks' texts come from one catalog (resources/check-texts.yaml), and `lint` holds it to the
rules the flows follow: both languages, the same placeholders, the glossary's words, 합니다체, and
every message a check names exists and every message is named by a check."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter import cli, text_lint
from troubleshooter.checks import outcome, texts
from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.registry import all_checks, builtin_check_ids, check, unregister
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check
from troubleshooter.checks.texts import load_check_texts
from troubleshooter.text_lint import check_text_problems

CATALOG = texts.catalog_path()


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the catalog with `old` (which appears once) replaced; the line of the change."""
    text = CATALOG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "check-texts.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


def _lines(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_the_shipped_catalog_passes_lint():
    assert check_text_problems() == []


def test_every_check_reads_its_title_and_description_from_the_catalog():
    catalog = load_check_texts()
    specs = all_checks()
    ids = builtin_check_ids()
    assert len(ids) >= 30
    for check_id in ids:
        entry = catalog.entry(check_id)
        assert specs[check_id].title == entry["title"] and specs[check_id].description == entry["description"]
        assert all(specs[check_id].title[lang] and specs[check_id].description[lang] for lang in ("en", "ko"))


def test_a_message_without_its_korean_is_refused_where_it_is(tmp_path):
    path, line = _broken(tmp_path, '        ko: "에이전트 서비스 {service}이(가) 실행 중입니다."\n', "")

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line - 2}:7: checks/linux.agent_service/messages/service_running: "
                        "'ko' is a required property"]


def test_placeholders_must_be_the_same_in_both_languages(tmp_path):
    path, line = _broken(tmp_path, '"에이전트 서비스 {service}이(가) 실행 중입니다."', '"에이전트 서비스 {name}이(가) 실행 중입니다."')

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line - 2}:7: the placeholders differ: en has ['service'], ko has ['name']"]


def test_a_brace_that_is_not_a_placeholder_is_refused(tmp_path):
    path, line = _broken(tmp_path, '"The agent service {service} is running."',
                         '"The agent service {Service} is running."')

    problems = _lines(check_text_problems(path))

    assert f"{path}:{line}:13: a brace that is not a placeholder in the en text: placeholders are {{name}} " \
           "(lower case, digits, _)" in problems


def test_the_korean_uses_the_glossarys_words(tmp_path):
    path, line = _broken(tmp_path, "ko: \"마지막 스냅샷이 실패했습니다{detail}\"", "ko: \"마지막 스냅숏이 실패했습니다{detail}\"")

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line}:13: '스냅숏' is not the glossary's word for 'snapshot': write '스냅샷' "
                        "(resources/glossary.yaml)"]


def test_the_korean_is_hamnida_che(tmp_path):
    path, line = _broken(tmp_path, "VSS 서비스가 '{state}' 상태에 멈춰 있습니다. 다시 시작합니다.",
                         "VSS 서비스가 '{state}' 상태에 멈춰 있습니다. 다시 시작하세요.")

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line}:13: '시작하세요' ends a sentence in 해요체/반말; these texts are "
                        "합니다체 (-ㅂ니다/-습니다)"]


def test_the_korean_states_the_step_instead_of_addressing_the_reader(tmp_path):
    path, line = _broken(tmp_path, "VSS 서비스가 '{state}' 상태에 멈춰 있습니다. 다시 시작합니다.",
                         "VSS 서비스가 '{state}' 상태에 멈춰 있습니다. 다시 시작하십시오.")

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line}:13: '시작하십시오' addresses the reader (-십시오); state the step in "
                        "합니다체 as the flows do (-ㅂ니다/-습니다)"]


def test_a_message_no_check_names_is_reported(tmp_path):
    path, line = _broken(tmp_path, "      not_installed:\n        en: \"The Azure Linux agent",
                         "      forgotten: {en: Never said., ko: 쓰이지 않습니다.}\n"
                         "      not_installed:\n        en: \"The Azure Linux agent")

    problems = _lines(check_text_problems(path))

    assert problems == [f"{path}:{line}:7: the message 'forgotten' is not used by any check"]


def test_an_entry_for_a_check_that_does_not_exist_and_a_check_without_one(tmp_path):
    path, line = _broken(tmp_path, "  linux.selinux:\n", "  linux.selinux_mode:\n")

    problems = _lines(check_text_problems(path))

    assert f"{path}:{line}:3: linux.selinux_mode is not a check the program has" in problems
    assert any(p.endswith("the check linux.selinux has no entry (title, description, messages)") for p in problems)


def test_a_message_a_check_names_must_be_in_the_catalog(tmp_path):
    source = tmp_path / "example_check.py"
    source.write_text('from troubleshooter.checks import outcome\n'
                      'from troubleshooter.checks.registry import check\n\n\n'
                      '@check("linux.selinux")\n'
                      'def selinux(host):\n'
                      '    if host.is_elevated():\n'
                      '        return outcome.ok("linux.selinux", "not_blocking", mode="permissive")\n'
                      '    return outcome.warning("linux.selinux", "enforcing_but_typed_wrong")\n', encoding="utf-8")
    sources = [source, Path(outcome.__file__)]

    problems = _lines(check_text_problems(CATALOG, check_ids=["linux.selinux"], sources=sources))

    assert f"{source}:9:45: the message 'enforcing_but_typed_wrong' is not in check-texts.yaml under the check " \
           "linux.selinux" in problems
    assert not any("'not_blocking'" in problem for problem in problems)


def test_lint_on_the_command_line_reports_the_catalog(tmp_path, monkeypatch, capsys):
    path, line = _broken(tmp_path, '"SQL Server가 설치되어 있지 않아 바꿀 것이 없습니다."',
                         '"SQL Server가 설치되어 있지 않아 바꿀 것이 없어요."')
    monkeypatch.setattr(text_lint, "catalog_path", lambda: path)

    code = cli.main(["lint"])

    out = capsys.readouterr().out
    assert code == cli.EXIT_PROBLEMS
    assert f"{path}:{line}:13: '없어요' ends a sentence in 해요체/반말" in out


# -- what the checks say ---------------------------------------------------------------------------

@pytest.mark.parametrize("load, en, ko", [
    ((95.0, 40.0), "CPU above 90% (CPU 95%, memory 40%)", "CPU 사용량이 90%를 넘습니다(CPU 95%, 메모리 40%)"),
    ((10.0, 93.5), "memory above 90% (CPU 10%, memory 94%)", "메모리 사용량이 90%를 넘습니다(CPU 10%, 메모리 94%)"),
    ((97.0, 99.0), "CPU and memory above 90% (CPU 97%, memory 99%)",
     "CPU, 메모리 사용량이 90%를 넘습니다(CPU 97%, 메모리 99%)"),
])
def test_a_message_built_from_a_piece_reads_right_in_each_language(load, en, ko):
    found = run_check("common.resource_load", FakeHost(load=load))

    assert found.status is Status.PROBLEM
    assert found.summary["en"].startswith(en) and found.summary["ko"].startswith(ko)


def test_a_check_naming_a_message_the_catalog_lacks_is_an_error_not_a_crash():
    @check("linux.selinux_example", title={"en": "Example", "ko": "예제"},
           description={"en": "Looks at nothing.", "ko": "아무것도 보지 않습니다."}, platforms=("linux",))
    def example(host):
        return outcome.ok("linux.selinux_example", "no_such_message")

    try:
        found = run_check("linux.selinux_example", FakeHost())
    finally:
        unregister("linux.selinux_example")
    assert found.status is Status.ERROR and "no_such_message" in found.summary["en"]


def test_the_older_inline_form_still_gives_both_texts():
    found = outcome.skipped("runner.example", "Skipped: cancelled.", "건너뜀: 취소되었습니다.", {"reason": "cancelled"})

    assert found.summary == {"en": "Skipped: cancelled.", "ko": "건너뜀: 취소되었습니다."}
    assert found.facts == {"reason": "cancelled"}


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\\u001b"])
def test_a_bidi_zero_width_or_control_character_is_refused(tmp_path, character):
    path, _line = _broken(tmp_path, '"The agent service {service} is running."',
                          f'"The agent service {{service}} is{character} running."')

    problems = _lines(check_text_problems(path))

    shown = "U+001B" if character == "\\u001b" else f"U+{ord(character):04X}"
    assert any(shown in problem for problem in problems), problems

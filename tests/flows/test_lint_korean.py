"""One Korean vocabulary and one register: the glossary's variants are refused in the flows (by
the linter), in the checks' texts and in the window's translations; instructions are 합니다체."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.helpers.flow_files import write_flow
from troubleshooter.checks.texts import load_check_texts, texts_in
from troubleshooter.flows.lint import lint_paths
from troubleshooter.flows.lint_rules import casual_endings, glossary, glossary_variants, register_problems
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.yamlsafe import position_of

REPO = Path(__file__).resolve().parents[2]
CHECKS = REPO / "troubleshooter" / "checks"
TRANSLATIONS = REPO / "resources" / "translations"
HANGUL = re.compile(r"[가-힣]")


def _flow(tmp_path, body_ko: str, help_ko: str = "어느 쪽인가요?") -> Path:
    return write_flow(tmp_path, "words", "ask", [
        "  ask:",
        "    kind: choice",
        '    prompt: {en: "Which?", ko: "어느 것인가요?"}',
        f"    help: {{en: Look., ko: \"{help_ko}\"}}",
        "    options:",
        "      - {id: one, label: {en: One, ko: 하나}, next: fix}",
        "  fix:",
        "    kind: resolution",
        "    refs: [B22]",
        "    title: {en: A fix, ko: 해결 방법}",
        f"    body: {{en: Do it., ko: \"{body_ko}\"}}",  # line 15 of the file
        "    next: done"])


# -- the glossary ------------------------------------------------------------------------------------

@pytest.mark.parametrize("variant, term, english", glossary(), ids=[v for v, _t, _e in glossary()])
def test_the_linter_refuses_every_glossary_variant_where_it_is(tmp_path, variant, term, english):
    body = f"먼저 확인합니다. 그다음 {variant} 설정을 바꿉니다."
    path = _flow(tmp_path, body)

    problems = [str(p) for p in lint_paths([path]).problems]

    line = path.read_text(encoding="utf-8").splitlines()[14]
    column = line.index(variant, line.index("ko:")) + 1
    assert problems == [f"{path}:15:{column}: '{variant}' is not the glossary's word for '{english}': "
                        f"write '{term}' (resources/glossary.yaml)"]


def test_the_second_variant_in_a_text_is_pointed_at_too(tmp_path):
    path = _flow(tmp_path, "마운트 지점을 확인합니다. 다시 마운트합니다.")

    problems = lint_paths([path]).problems

    line = path.read_text(encoding="utf-8").splitlines()[14]
    first = line.index("마운트") + 1
    assert [(p.line, p.column) for p in problems] == [(15, first), (15, line.index("마운트", first) + 1)]
    assert "'마운트 지점'" in problems[0].message and "'마운트'" in problems[1].message


@pytest.mark.parametrize("body", [
    "`sudo mount -a`로 다시 탑재합니다. `스냅샷` 같은 이름은 코드입니다.",
    "경로 /var/log/azure/스냅샷/extension.log를 엽니다.",
    "https://learn.microsoft.com/ko-kr/azure/스냅샷 문서를 봅니다.",
    "<마운트 지점>을 실제 값으로 바꿉니다.",
])
def test_a_variant_inside_code_a_path_a_url_or_a_placeholder_is_a_name_not_a_word(tmp_path, body):
    assert lint_paths([_flow(tmp_path, body)]).problems == []


def _python_korean(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and HANGUL.search(node.value):
            yield node.lineno, node.value


def _catalog_korean():
    texts = load_check_texts()
    for path, text in texts_in(texts):
        line, _column = position_of(texts.positions, path + ("ko", "__value__"))
        yield f"{Path(texts.file).relative_to(REPO)}:{line}", text["ko"]


# The checks' texts live in their catalog; what Korean is still written in Python (the runner's
# own messages) is read from the source.
CHECK_TEXTS = [*_catalog_korean(), *((f"{path.relative_to(REPO)}:{line}", text)
                                     for path in sorted(CHECKS.rglob("*.py")) for line, text in _python_korean(path))]


# A Qt mnemonic, "(&P)", follows the words it belongs to, and a label's colon introduces its
# field: the sentence ends before either.
MNEMONIC_OR_LABEL_COLON = re.compile(r"\(&\w\)|:$", re.MULTILINE)


def _translations():
    for message in ElementTree.parse(TRANSLATIONS / "vmbt_ko.ts").getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.text:
            yield message.findtext("source"), MNEMONIC_OR_LABEL_COLON.sub("", translation.text)


def test_the_checks_texts_use_the_glossarys_words():
    assert len(CHECK_TEXTS) > 200  # every Korean text of every check: titles, descriptions, messages
    found = [(where, variant, term) for where, text in CHECK_TEXTS for _o, variant, term, _e in glossary_variants(text)]
    assert found == []


def test_the_window_translations_use_the_glossarys_words():
    found = [(source, variant, term) for source, text in _translations()
             for _o, variant, term, _e in glossary_variants(text)]
    assert found == []


# -- the register ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, endings", [
    ("명령을 실행하세요.", ["실행하세요"]),
    ("명령을 실행해요.", ["실행해요"]),
    ("이 값이 맞아요. 다시 시도하죠.", ["맞아요", "시도하죠"]),
    ("명령을 실행한다.", ["실행한다"]),
    ("명령을 실행해라.", ["실행해라"]),
    ("1. 명령을 실행합니다.\n2. 결과를 확인하십시오.", []),  # addressing the reader: addressing_endings
    ("`net start VSS`를 실행합니다. 예: `echo 하세요.`", []),
    ("서비스가 실행 중인가요? 그러면 다음으로 갑니다.", []),  # a question asks; it does not instruct
    ("필요한 것은 개요입니다. 아니요, 그렇지 않습니다.", []),
])
def test_casual_endings_are_found_at_sentence_ends_only(text, endings):
    assert [word for _offset, word in casual_endings(text)] == endings


def test_the_register_rule_points_at_an_instruction_in_haeyo_che(tmp_path):
    path = _flow(tmp_path, "설정을 바꿉니다. 그다음 에이전트를 다시 시작하세요.", help_ko="로그를 확인하세요.")

    problems = [str(p) for p in register_problems(load_flows([path]))]

    lines = path.read_text(encoding="utf-8").splitlines()
    assert problems == [
        f"{path}:8:{lines[7].index('확인하세요') + 1}: '확인하세요' ends an instruction in 해요체/반말; "
        "instructions are 합니다체 (-ㅂ니다/-습니다)",
        f"{path}:15:{lines[14].index('시작하세요') + 1}: '시작하세요' ends an instruction in 해요체/반말; "
        "instructions are 합니다체 (-ㅂ니다/-습니다)"]


def test_the_checks_texts_are_in_hamnida_che():
    found = [(where, word) for where, text in CHECK_TEXTS for _o, word in casual_endings(text)]
    assert found == []


def test_the_window_translations_are_in_hamnida_che():
    found = [(source, word) for source, text in _translations() for _o, word in casual_endings(text)]
    assert found == []


def test_the_linter_holds_every_flow_to_hamnida_che():
    from troubleshooter.flows.lint_rules import RULES

    assert register_problems in RULES
    assert register_problems(load_flows()) == []


# -- the compiled translations ------------------------------------------------------------------------

def test_the_shipped_qm_is_built_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease, "pyside6-lrelease comes with PySide6 in the project's environment"
    built = tmp_path / "vmbt_ko.qm"

    subprocess.run([lrelease, str(TRANSLATIONS / "vmbt_ko.ts"), "-qm", str(built)], check=True,
                   capture_output=True, timeout=60)

    assert built.read_bytes() == (TRANSLATIONS / "vmbt_ko.qm").read_bytes()


@pytest.mark.parametrize("english, korean, refused", [
    ("Delete the restore point collection.", "복구 지점 컬렉션을 삭제합니다.", True),
    ("Delete the restore point collection.", "복원 지점 컬렉션을 삭제합니다.", False),
    ("Pick a recovery point.", "복원 지점을 선택합니다.", True),
    ("Pick a recovery point.", "복구 지점을 선택합니다.", False),
    ("Open Select restore point and pick a recovery point.", "복원 지점 선택에서 복구 지점을 고릅니다.", False),
])
def test_restore_point_and_recovery_point_each_keep_their_meaning(tmp_path, english, korean, refused):
    path = write_flow(tmp_path, "points", "fix", [
        "  fix:",
        "    kind: resolution",
        "    refs: [B22]",
        "    title: {en: A fix, ko: 해결 방법}",
        f"    body: {{en: \"{english}\", ko: \"{korean}\"}}",
        "    next: done"])
    problems = [str(p) for p in lint_paths([path]).problems]
    assert bool([p for p in problems if "복원 지점" in p or "복구 지점" in p]) is refused, problems

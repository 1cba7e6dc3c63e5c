"""The search vocabulary file: the built-in one passes, a broken one is refused with its file and
line (by `lint` and by the search itself), never with a traceback, and a checked one is cached."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.vocabulary import forget_vocabulary
from troubleshooter import search_vocabulary
from troubleshooter.cli import main
from troubleshooter.resources import resource_path
from troubleshooter.cli.search import run as run_search_command
from troubleshooter.search_vocabulary import (VOCABULARY_FILE, VocabularyError, check_vocabulary,
                                              vocabulary)

REPO = Path(__file__).resolve().parents[2]
BUILT_IN = resource_path(VOCABULARY_FILE)
GLOSSARY = resource_path("glossary.yaml")


@pytest.fixture
def fresh_vocabulary():
    forget_vocabulary()
    yield
    forget_vocabulary()


def _plant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """A copy of the built-in vocabulary with `old` replaced by `new` (which must be there)."""
    text = BUILT_IN.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    planted = tmp_path / VOCABULARY_FILE
    planted.write_text(text.replace(old, new, count), encoding="utf-8")
    return planted


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if needle in line]
    return lines[occurrence - 1]


def _problems(path: Path, glossary: Path = GLOSSARY) -> list[str]:
    problems, _, _ = check_vocabulary(path, glossary)
    return [str(problem) for problem in problems]


def test_the_built_in_vocabulary_passes_its_checks():
    problems, words, _ = check_vocabulary()
    assert problems == []
    assert words is not None
    assert words.korean_variants["스냅숏"] == "스냅샷"
    assert words.korean_variants["저장소 계정"] == "스토리지 계정"  # from the glossary


# (what is replaced, by what, the text on the line the problem must name, words of the message)
BROKEN = {
    "unknown section": ("\nenglish:", "\nenglsh:", "englsh:", "unknown key 'englsh' (did you mean 'english'?)"),
    "unknown ranking key": ("  k1: 2.0", "  k1: 2.0\n  k2: 1.0", "k2: 1.0", "unknown key 'k2' in ranking"),
    "weight out of range": ("  k1: 2.0", "  k1: 50", "k1: 50", "ranking.k1 is 50; expected a number from 0.1 to 10"),
    "weight as text": ("  shingle_weight: 0.5", "  shingle_weight: high", "shingle_weight: high",
                       "ranking.shingle_weight must be a number, not text"),
    "negative field weight": ("title: {weight: 3.0,", "title: {weight: -3.0,", "title: {weight: -3.0,",
                              "ranking.fields.title.weight is -3.0; expected a number from 0 to 10"),
    "missing field": ("    body: {weight: 1.0, length_normalisation: 0.75}\n", "", "fields:",
                      "ranking.fields is missing the required key 'body'"),
    "whole number with a fraction": ("  paste_terms: 8", "  paste_terms: 8.5", "paste_terms: 8.5",
                                     "ranking.paste_terms must be a whole number, not a number"),
    "two synonym groups": ("    - {canonical: proxy, variants: [프록시]}",
                           "    - {canonical: proxy, variants: [프록시]}\n    - {canonical: 스냅샷, variants: [스냅삿]}",
                           "스냅삿", "a synonym group for '스냅샷' is already given on line"),
    "a variant in two groups": ("    - {canonical: proxy, variants: [프록시]}",
                                "    - {canonical: proxy, variants: [프록시, 백신]}", "[프록시, 백신]",
                                "variant '백신' is already listed on line"),
    "a canonical form that is a variant": ("{canonical: dhcp, variants: [디에이치씨피]}",
                                           "{canonical: 마운트, variants: [디에이치씨피]}", "canonical: 마운트",
                                           "canonical form '마운트' is also a variant on line"),
    "a Korean stop word that is a synonym": ("됩니다, 해요, 나요, 요, 때문, 때문에]", "됩니다, 해요, 나요, 요, 때문, 때문에, 백신]",
                                             "때문에, 백신]", "stop word '백신' is also a synonym on line"),
    "an English stop word that a rewrite produces": ("actually, maybe, make, sure]", "actually, maybe, make, sure, timeout]",
                                                     "sure, timeout]",
                                                     "stop word 'timeout' is also what a rewrite produces on line"),
    "a stop word listed twice": ("actually, maybe, make, sure]", "actually, maybe, make, sure, hello]",
                                 "sure, hello]", "stop word 'hello' is listed twice in english.stop_words"),
    "a suffix listed twice": ("이라서, 인데, 는데]", "이라서, 인데, 는데, 에서]", "는데, 에서]",
                              "suffix '에서' is listed twice in korean.suffixes"),
    "an upper-case stop word": ("actually, maybe, make, sure]", "actually, maybe, make, Sure]", "make, Sure]",
                                "'Sure'; expected one English word in lower case"),
    "a suffix with a space": ("이라서, 인데, 는데]", "이라서, 인데, '는 데']", "인데, '는 데']",
                              "expected Hangul syllables only"),
    "a broken regular expression": (r"'\bapp[ -]locker\b'", r"'\bapp[ -locker\b'", "app[ -locker",
                                    "english.rewrites[13].pattern is not a valid regular expression"),
    "a pattern that matches nothing": (r"'\bapp[ -]locker\b'", r"'\b(?:app)?'", r"(?:app)?",
                                       "can match an empty text"),
    "a broken noise label": (r"'오류\s*코드|", r"'오류\s*코드(|", r"오류\s*코드(|",
                             "noise_labels[5] is not a valid regular expression"),
    "typo lengths out of order": ("  code_length_for_three_typos: 30", "  code_length_for_three_typos: 12",
                                  "code_length_for_three_typos: 12", "must be longer than ranking.code_length_for_two_typos"),
    "a code bonus above the exact one": ("  fuzzy_code_bonus: 60.0", "  fuzzy_code_bonus: 160.0",
                                         "fuzzy_code_bonus: 160.0", "larger than ranking.exact_code_bonus"),
    "a glossary variant sent elsewhere": ("{canonical: 기록기, variants: [라이터, 작성기]}",
                                          "{canonical: 기록기, variants: [라이터]}\n    - {canonical: 작성자, variants: [작성기]}",
                                          "[작성기]", "refuses '작성기' for 'VSS 기록기', but this vocabulary rewrites "
                                                     "'작성기' to '작성자'"),
    "a tab for indentation": ("\n  k1: 2.0", "\n\tk1: 2.0", "\tk1: 2.0", "a tab character is used for indentation"),
    "a key given twice": ("  k1: 2.0", "  k1: 2.0\n  k1: 3.0", "k1: 3.0", "duplicate key 'k1'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_vocabulary_is_refused_at_its_line(tmp_path, case):
    old, new, on_line, words = BROKEN[case]
    planted = _plant(tmp_path, old, new)

    problems = _problems(planted)

    line = _line_of(planted, on_line)
    assert any(problem.startswith(f"{planted}:{line}:") and words in problem for problem in problems), problems


def test_a_glossary_term_the_vocabulary_splits_is_reported_in_the_glossary(tmp_path):
    # the flows would write "마운트 옵션", the vocabulary turns its 마운트 into 탑재, and the variant
    # the glossary refuses would be rewritten to the term as written: the two never meet
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(GLOSSARY.read_text(encoding="utf-8")
                        + "- {en: mount option, ko: 마운트 옵션, variants: [탑재옵션]}\n", encoding="utf-8")

    problems = _problems(BUILT_IN, glossary)

    line = _line_of(glossary, "마운트 옵션")
    assert problems == [f"{glossary}:{line}:1: the glossary ({glossary}:{line}) refuses '탑재옵션' for '마운트 옵션', "
                        "but this vocabulary rewrites '탑재옵션' to '마운트 옵션' and '마운트 옵션' to '탑재 옵션': "
                        "a person who types the variant would not find the steps that use the term; list the "
                        "variant under the term's canonical form"]


@pytest.mark.parametrize("content, words", [
    ("", "the file is empty"),
    ("- just\n- a list\n", "the file holds a list; expected a map with the sections"),
    ("english: {stop_words: [a], rewrites: []}\n", "the file is missing the required key 'korean'"),
    ("english: [unclosed\n", "not valid YAML"),
])
def test_a_vocabulary_that_is_not_one_names_the_file(tmp_path, content, words):
    planted = tmp_path / VOCABULARY_FILE
    planted.write_text(content, encoding="utf-8")

    problems = _problems(planted)

    assert problems and all(p.startswith(f"{planted}:") for p in problems)
    assert any(words in p for p in problems), problems


def test_a_vocabulary_that_is_not_utf8_names_the_line(tmp_path):
    planted = _plant(tmp_path, "  k1: 2.0", "  k1: 2.0")
    line = _line_of(planted, "canonical: 스냅샷")
    planted.write_bytes(planted.read_bytes().replace("스냅샷, variants".encode(), b"\xc0\xc0, variants"))

    problems = _problems(planted)

    assert len(problems) == 1
    assert problems[0].startswith(f"{planted}:{line}:")
    assert "not UTF-8" in problems[0]


def test_lint_names_the_broken_line_and_fails(tmp_path, capsys):
    planted = _plant(tmp_path, "  k1: 2.0", "  k1: 50")

    assert main(["lint", str(planted)]) == 1

    out = capsys.readouterr()
    assert f"{planted}:{_line_of(planted, 'k1: 50')}:3: ranking.k1 is 50" in out.out
    assert "1 problem(s) found" in out.err


def test_lint_of_a_good_vocabulary_says_what_it_holds(tmp_path, capsys):
    copy = tmp_path / VOCABULARY_FILE
    copy.write_text(BUILT_IN.read_text(encoding="utf-8"), encoding="utf-8")

    assert main(["lint", str(copy)]) == 0

    assert capsys.readouterr().out.startswith("search vocabulary: ")


def test_lint_without_files_checks_the_program_vocabulary(monkeypatch, tmp_path, capsys):
    planted = _plant(tmp_path, "  k1: 2.0", "  k1: 50")
    monkeypatch.setattr(search_vocabulary, "vocabulary_path", lambda: planted)

    assert main(["lint"]) == 1

    assert f"{planted}:{_line_of(planted, 'k1: 50')}:3:" in capsys.readouterr().out


def test_lint_of_a_broken_vocabulary_in_a_subprocess_prints_no_traceback(tmp_path):
    planted = _plant(tmp_path, r"'\bapp[ -]locker\b'", r"'\bapp[ -locker\b'")

    finished = subprocess.run([sys.executable, "-m", "troubleshooter", "lint", str(planted)], cwd=REPO,
                              capture_output=True, text=True, timeout=120)

    assert finished.returncode == 1
    assert "Traceback" not in finished.stdout + finished.stderr
    assert finished.stdout.startswith(f"{planted}:{_line_of(planted, 'app[ -locker')}:")


def test_search_with_a_broken_vocabulary_says_where_and_does_not_raise(monkeypatch, tmp_path, capsys,
                                                                      fresh_vocabulary):
    planted = _plant(tmp_path, "  k1: 2.0", "  k1: [2.0]")
    monkeypatch.setattr(search_vocabulary, "vocabulary_path", lambda: planted)
    args = argparse.Namespace(text=["UserErrorFsFreezeFailed"], lang="en", limit=5, json=False)

    assert run_search_command(args) == 1

    err = capsys.readouterr().err
    assert f"{planted}:{_line_of(planted, 'k1: [2.0]')}:3: ranking.k1 must be a number, not a list" in err
    assert "The search vocabulary did not load" in err
    with pytest.raises(VocabularyError):
        vocabulary()


def test_a_checked_vocabulary_is_read_from_the_cache_without_the_schema(tmp_path):
    """Every start but the first reads the checked vocabulary from the cache: no YAML parser, no
    schema validator (about 0.1 s at the first search)."""
    script = ("import sys; from troubleshooter.search_vocabulary import vocabulary; vocabulary(); "
              "print('jsonschema' in sys.modules)")
    env = {"VMBT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                           timeout=120) for _ in range(2)]

    assert [run.stdout.strip() for run in runs] == ["True", "False"], [run.stderr for run in runs]
    assert len(list((tmp_path / "cache").glob("search-vocabulary-*.json"))) == 1


def test_a_damaged_cache_is_checked_again(monkeypatch, tmp_path, fresh_vocabulary):
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path))
    expected = vocabulary()
    [cached] = (tmp_path / "cache").glob("search-vocabulary-*.json")
    payload = json.loads(cached.read_text(encoding="utf-8"))
    payload["vocabulary"]["noise_labels"] = ["(unclosed"]
    cached.write_text(json.dumps(payload), encoding="utf-8")
    vocabulary.cache_clear()

    assert vocabulary() == expected


def test_the_bundled_cache_spares_the_first_search_the_check(monkeypatch, tmp_path, fresh_vocabulary):
    from troubleshooter import data_cache
    from troubleshooter.data_cache import BUNDLED_CACHE_DIR_NAME

    search_vocabulary.write_bundled_cache(tmp_path / "bundle" / BUNDLED_CACHE_DIR_NAME)
    monkeypatch.setattr(data_cache, "bundled_cache_dir", lambda: tmp_path / "bundle" / BUNDLED_CACHE_DIR_NAME)
    monkeypatch.setenv("VMBT_DATA_DIR", str(tmp_path / "empty-profile"))

    def no_check(*_args, **_kwargs):
        raise AssertionError("the vocabulary was checked again")

    monkeypatch.setattr(search_vocabulary, "check_vocabulary", no_check)

    assert vocabulary().korean_variants["스냅숏"] == "스냅샷"

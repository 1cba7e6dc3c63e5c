"""The report's own words are data (resources/report-texts.yaml) that `lint` holds to the same
rules as every other Korean text: both languages, the same placeholders, the glossary, 합니다체."""

from __future__ import annotations

from troubleshooter.report.labels import REPORT_TEXTS_FILE, effect_warning, retired_label
from troubleshooter.resources import resource_path
from troubleshooter.text_lint import report_text_problems, text_catalog_problems

CATALOG = resource_path(REPORT_TEXTS_FILE)


def _broken(tmp_path, old: str, new: str):
    text = CATALOG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / REPORT_TEXTS_FILE
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[:text.index(old)].count("\n") + 1


def test_the_shipped_catalogs_pass_lint():
    assert text_catalog_problems() == []


def test_a_warning_in_haeyo_che_is_refused_where_it_is(tmp_path):
    path, line = _broken(tmp_path, "유지 관리 시간에 실행합니다.", "유지 관리 시간에 실행하세요.")

    problems = [str(problem) for problem in report_text_problems(path)]

    assert problems == [f"{path}:{line}:9: '실행하세요' ends a sentence in 해요체/반말; these texts are "
                        "합니다체 (-ㅂ니다/-습니다)"]


def test_a_label_with_a_refused_word_or_a_lost_placeholder_is_refused(tmp_path):
    path, line = _broken(tmp_path, 'ko: "더 이상 적용되지 않는 안내({date}부터)"', 'ko: "더 이상 적용되지 않는 스냅숏 안내"')

    problems = [str(problem) for problem in report_text_problems(path)]

    assert problems == [f"{path}:{line - 2}:1: the placeholders differ: en has ['date'], ko has []",
                        f"{path}:{line}:7: '스냅숏' is not the glossary's word for 'snapshot': write '스냅샷' "
                        "(resources/glossary.yaml)"]


def test_a_section_missing_is_a_schema_problem(tmp_path):
    path, _line = _broken(tmp_path, "# A fix the current pages no longer give, since {date}.\nretired:", "old_retired:")
    first_line = path.read_text(encoding="utf-8").splitlines().index("labels:") + 1

    problems = [str(problem) for problem in report_text_problems(path)]

    assert f"{path}:{first_line}:1: the catalog: 'retired' is a required property" in problems


def test_the_words_read_from_the_catalog_in_each_language():
    assert retired_label("2023-09-01", "en") == "Retired guidance (since 2023-09-01)"
    assert retired_label("2023-09-01", "ko") == "더 이상 적용되지 않는 안내(2023-09-01부터)"
    assert effect_warning("needs-downtime", "ko") == "VM의 워크로드가 중단됩니다. 유지 관리 시간에 실행합니다."
    assert effect_warning("read-only", "en") == ""


def test_a_portal_path_keeps_its_placeholders_whole_in_korean():
    from troubleshooter.report.labels import portal_path

    shown = portal_path("Virtual machines > <VM> > Extensions + applications", "ko")

    assert shown.split(" > ")[1] == "<VM>"
    assert shown.count(" > ") == 2 and "<VM >" not in shown

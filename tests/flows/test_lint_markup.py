"""The markup rule: every text of every flow, rendered, shows no leftover `**`, `*` or backtick."""

from __future__ import annotations

from tests.helpers.flow_files import write_flow
from troubleshooter.flows.lint import lint_paths
from troubleshooter.text_lint import report_text_problems


def _problems(tmp_path, body_ko: str) -> list[str]:
    steps = ("  first:\n    kind: resolution\n    refs: [B17]\n    title: {en: A fix, ko: 해결 방법}\n"
             f"    body:\n      en: Open **Backup jobs** first.\n      ko: \"{body_ko}\"\n    next: done\n")
    path = write_flow(tmp_path, "markup", "first", steps)
    return [f"{p.line}: {p.message}" for p in lint_paths([path]).problems]


def test_an_unpaired_mark_is_refused_at_its_text(tmp_path):
    problems = _problems(tmp_path, "**백업 작업을 먼저 엽니다.")
    assert any("ko text still shows **" in p for p in problems), problems


def test_emphasis_before_a_particle_renders_clean(tmp_path):
    assert _problems(tmp_path, "**백업 센터 > 백업 작업 > (실패한 작업)**에서 엽니다.") == []


def test_the_real_flows_and_catalogs_render_clean():
    assert lint_paths().ok
    assert report_text_problems() == []


def test_a_catalog_text_with_a_mark_is_refused(tmp_path):
    from troubleshooter.resources import resource_path

    source = resource_path("report-texts.yaml").read_text(encoding="utf-8")
    marked = source.replace("en: \"Recommended actions\"", "en: \"**Recommended** actions\"", 1)
    assert marked != source
    path = tmp_path / "report-texts.yaml"
    path.write_text(marked, encoding="utf-8")
    assert any("still shows **" in p.message for p in report_text_problems(path))

"""Lint equals load: whatever text `lint` accepts loads, walks and renders, in both languages.

Texts reach a flow through YAML's double-quoted escapes (\\e, \\0, \\x01, \\ud800), so they are
written here the way a flow author would write them: as JSON strings, which YAML reads alike.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.qt_application import qapplication_first  # noqa: F401 - an autouse fixture
from troubleshooter.flows.compiled import load_checked_flows
from troubleshooter.flows.lint import lint_paths
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_html, render_text, report_json_bytes
from troubleshooter.search import SearchIndex

FLOW = """\
id: prop
title: {{en: {0}, ko: {1}}}
description: {{en: {2}, ko: {2}}}
start: ask
steps:
  ask:
    kind: choice
    prompt: {{en: {3}, ko: {3}}}
    options:
      - {{id: a, label: {{en: {4}, ko: {4}}}, next: fix}}
  fix:
    kind: resolution
    refs: [B17]
    title: {{en: {5}, ko: {5}}}
    body: {{en: {6}, ko: {6}}}
    commands: [{{platform: any, shell: bash, text: {7}, effect: changes-config}}]
    next: done
  done:
    kind: end
    outcome: support
    title: {{en: Ask for help, ko: 도움 요청}}
    body: {{en: {0}, ko: {1}}}
"""
SLOTS = 8


# Characters that must never reach a terminal or a report: C0 and C1 controls (tab and newline
# are text), DEL, and lone surrogates, which cannot be written as UTF-8 at all.
NASTY = ["\x1b", "\x1b[31m", "\x00", "\x01", "\x07", "\r", "\x7f", "\x85", "\x9b", "\ud800", "\udfff",
         "\U0001f600", "\u2028", "\ufeff", "가"]
TEXTS = st.lists(st.sampled_from(NASTY) | st.text(alphabet=st.characters(blacklist_categories=()), max_size=6),
                 min_size=1, max_size=4).map("".join)


def _unprintable(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cs")]


def _write(folder, texts) -> None:
    (folder / "prop.yaml").write_text(FLOW.format(*(json.dumps(t) for t in texts)), encoding="utf-8")


def _walk_and_render(folder) -> None:
    flows = load_checked_flows([folder], use_cache=False)
    session = Session(flows, "prop", platform="linux")
    session.choose("a")
    report = build_report(session, complete=True)
    for lang in ("en", "ko"):
        for rendered in (render_text(report, lang), render_html(report, lang)):
            rendered.encode("utf-8")
            assert not _unprintable(rendered), _unprintable(rendered)
    report_json_bytes(report).decode("utf-8")
    SearchIndex(flows).search("help", lang="en")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=SLOTS, max_size=SLOTS))
def test_every_flow_lint_accepts_loads_and_renders(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("prop")
    _write(folder, texts)

    report = lint_paths([folder])

    if report.ok:
        _walk_and_render(folder)
    else:
        assert all(str(p).startswith(str(folder / "prop.yaml") + ":") for p in report.problems)


@pytest.mark.parametrize("escape, code", [(r"\e", "U+001B"), (r"\0", "U+0000"), (r"\x01", "U+0001"),
                                          (r"\x9b", "U+009B"), (r"\ud800", "U+D800"), (r"\r", "U+000D")])
def test_lint_refuses_control_characters_and_lone_surrogates_from_escapes(tmp_path, escape, code):
    (tmp_path / "prop.yaml").write_text(FLOW.replace("{3}", f'"Is it {escape}[31mred?"').format(
        *['"x"'] * SLOTS), encoding="utf-8")

    problems = lint_paths([tmp_path]).problems

    assert [(p.line, p.column) for p in problems] == [(8, 18)], problems
    assert code in problems[0].message


def test_a_surrogate_pair_written_as_two_escapes_is_one_character(tmp_path):
    (tmp_path / "prop.yaml").write_text(FLOW.format(*['"smile \\ud83d\\ude00"'] * SLOTS), encoding="utf-8")

    assert lint_paths([tmp_path]).ok
    flows = load_checked_flows([tmp_path], use_cache=False)
    assert flows["prop"].title["en"] == "smile \U0001f600"
    _walk_and_render(tmp_path)

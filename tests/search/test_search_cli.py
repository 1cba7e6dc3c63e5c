"""The `search` command: JSON for programs, a readable list for people, exit 0 on any query."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from troubleshooter.cli import search as search_cli
from troubleshooter.cli import build_parser
from troubleshooter.search import SearchHit
from troubleshooter.cli.search import query_language, render_hits, run as run_search_command

REPO = Path(__file__).resolve().parents[2]


def _run(monkeypatch, argv: list[str], index) -> tuple[int, str]:
    monkeypatch.setattr(search_cli, "default_index", lambda: index)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    args = build_parser().parse_args(argv)
    code = run_search_command(args)
    return code, out.getvalue()


def test_the_module_command_puts_the_vss_writer_fix_first():
    env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "troubleshooter", "search",
                           "ExtensionFailedVssWriterInBadState", "--json"],
                          cwd=REPO, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    hits = json.loads(done.stdout.decode("utf-8"))
    assert hits and "B17" in hits[0]["refs"]
    assert "ExtensionFailedVssWriterInBadState" in hits[0]["error_codes"]
    assert set(hits[0]) == {"flow", "step", "title", "refs", "error_codes", "score", "text",
                            "platform_mismatch", "retired"}
    assert "vssadmin list writers" in hits[0]["text"]


def test_json_output_has_every_field_in_the_asked_language(monkeypatch, mini_index):
    code, out = _run(monkeypatch, ["search", "--lang", "ko", "--json", "BitLocker", "잠김"], mini_index)
    assert code == 0
    hits = json.loads(out)
    assert hits[0] == {"flow": "search-mini", "step": "fix-bitlocker", "title": "모든 드라이브에서 BitLocker 끄기",
                       "refs": ["B13"], "error_codes": ["ExtensionSnapshotBitlockerError"],
                       "score": hits[0]["score"], "text": hits[0]["text"],
                       "platform_mismatch": False, "retired": None}
    assert hits[0]["text"].startswith("모든 드라이브에서 BitLocker 끄기\n\nVM의 모든 드라이브")


def test_the_limit_is_obeyed(monkeypatch, mini_index):
    code, out = _run(monkeypatch, ["search", "--json", "--limit", "1", "COM+", "error"], mini_index)
    assert code == 0 and len(json.loads(out)) == 1
    code, out = _run(monkeypatch, ["search", "--json", "--limit", "0", "COM+"], mini_index)
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("words", [["   "], ["pizza", "recipe"], ["(?P<", "*"], ["\x00"]])
def test_a_query_with_no_match_is_an_empty_list_and_exit_0(monkeypatch, mini_index, words):
    code, out = _run(monkeypatch, ["search", "--json", *words], mini_index)
    assert code == 0 and json.loads(out) == []
    code, out = _run(monkeypatch, ["search", *words], mini_index)
    assert code == 0 and "No fix matches" in out


def test_plain_output_is_a_readable_ranked_list(monkeypatch, mini_index):
    code, out = _run(monkeypatch, ["search", "ExtensionFailedVssWriterInBadState"], mini_index)
    assert code == 0
    first = out.split("\n\n")[0].splitlines()
    assert first[0].startswith("1. Restart the VSS writers that are not stable  [B17]")
    assert first[1] == "   Error codes: ExtensionFailedVssWriterInBadState, ExtensionFailedVssServiceInBadState"
    assert first[2] == "   Open in the wizard: search-mini/fix-vss"
    assert first[3].startswith("   | List the writers with `vssadmin list writers`")


def test_korean_queries_answer_in_korean_by_default(monkeypatch, mini_index):
    code, out = _run(monkeypatch, ["search", "VSS", "기록기가", "잘못된", "상태"], mini_index)
    assert code == 0 and out.startswith("1. 안정 상태가 아닌 VSS 기록기 다시 시작")
    assert "마법사에서 열기: search-mini/fix-vss" in out


def test_the_language_comes_from_search_lang_then_lang_then_the_query():
    assert query_language("VSS 오류", None) == "ko"
    assert query_language("VSS error", None) == "en"
    assert query_language("VSS 오류", "en") == "en"
    args = argparse.Namespace(text=["vss"], search_lang=None, lang="ko", limit=5, json=True)
    assert (args.search_lang or args.lang) == "ko"


def test_the_global_lang_is_used_when_search_has_none(monkeypatch, mini_index):
    monkeypatch.setattr(search_cli, "default_index", lambda: mini_index)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    args = argparse.Namespace(text=["BitLocker"], search_lang=None, lang="ko", limit=5, json=True)
    assert run_search_command(args) == 0
    assert json.loads(out.getvalue())[0]["title"] == "모든 드라이브에서 BitLocker 끄기"


def test_render_hits_shortens_long_fixes():
    hit = SearchHit("f", "s", "Title", ("B01",), (), 12.5, "Title\n\n" + "\n".join(f"line {i}" for i in range(10)))
    text = render_hits([hit], "en", "q")
    assert "   | line 3\n   | ...\n" in text and "line 4" not in text
    assert "Error codes" not in text
    long = SearchHit("f", "s", "Title", (), (), 1.0, "Title\n\nRun **this** " + "x" * 300)
    preview = render_hits([long], "en", "q").splitlines()[2]
    assert preview.startswith("   | Run this xxx") and preview.endswith("…") and len(preview) == len("   | ") + 160


def test_a_stream_in_a_code_page_writes_hangul_as_utf8():
    from troubleshooter.cli.output import use_utf8, write

    for code_page in ("ascii", "cp1252", "cp949"):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=code_page)
        use_utf8(stream)
        write('["VSS 기록기"]', stream=stream)
        assert raw.getvalue().decode("utf-8") == '["VSS 기록기"]'


def test_flows_that_do_not_load_are_reported_not_raised(monkeypatch, capsys):
    from troubleshooter.flows.errors import FlowError, FlowProblem

    def broken():
        raise FlowError([FlowProblem("x.yaml", 1, 1, "broken")])

    monkeypatch.setattr(search_cli, "default_index", broken)
    args = argparse.Namespace(text=["vss"], search_lang=None, lang=None, limit=5, json=True)
    assert run_search_command(args) == 1
    assert "x.yaml:1:1: broken" in capsys.readouterr().err

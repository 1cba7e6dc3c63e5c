"""Text printed to a terminal never carries a working escape sequence: a search query, a check's
summary (made from what the machine says), a walk's answer and a flow's problem are shown with
their control characters escaped."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE_FLOWS
from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import main
from troubleshooter.cli import search as search_cli
from troubleshooter.terminal_text import escape_controls

TITLE = "\x1b]0;PWNED-TITLE\x07\x1b[2J"
SHOWN = "\\x1b]0;PWNED-TITLE\\x07\\x1b[2J"


def test_the_core_escape_shows_every_control_bidi_and_undecodable_character():
    assert escape_controls(f"a{TITLE}b\n\t\x9b\u202e\u200b\udcff") == \
        f"a{SHOWN}b\\n\\t\\x9b\\u202e\\u200b\\xff"
    assert escape_controls("two\nlines\x1b", keep="\n") == "two\nlines\\x1b"
    assert escape_controls("한국어 and ASCII stay") == "한국어 and ASCII stay"


def test_search_echoes_a_query_without_a_match_escaped():
    printed = search_cli.render_hits([], "en", f"pizza{TITLE}")
    assert "No fix matches" in printed and "\x1b" not in printed and "\x07" not in printed and SHOWN in printed


@pytest.fixture
def check_saying_an_escape():
    @check("faults.escape", title={"en": "Escape", "ko": "이스케이프"},
           description={"en": "Says what a hostile host says.", "ko": "적대적인 호스트의 말을 전합니다."})
    def _says(host):
        return CheckResult("faults.escape", Status.PROBLEM, {"en": f"host name vm{TITLE}", "ko": f"호스트 vm{TITLE}"})

    yield
    unregister("faults.escape")


def test_the_checks_table_shows_a_summary_escaped(check_saying_an_escape, capsys):
    main(["checks", "--only", "faults.escape"])
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and f"vm{SHOWN}" in printed.out


def test_the_walk_printed_by_run_shows_an_answer_escaped(tmp_path, capsys, monkeypatch, example_check_outcome):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_FLOWS))
    main(["run", "--flow", "example", "--no-checks", "--answer", f"what-do-you-see=vss{TITLE}"])
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and "\x07" not in printed.out + printed.err

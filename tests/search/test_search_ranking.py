"""Ranking rules on top of the scores: fixes for what Microsoft retired come after current
ones, and fixes for the other OS than the VM's come last, each marked as such."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from troubleshooter.cli import search as search_cli
from troubleshooter.cli import build_parser
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.model import FlowSet, ResolutionStep
from troubleshooter.search import SearchIndex, step_platforms
from troubleshooter.search_vocabulary import vocabulary
from troubleshooter.cli.search import run as run_search_command

HERE = Path(__file__).parent
SEED_QUERIES = yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))
CLASSIC_CASES = {"R01", "R02", "R03", "R04", "R05"}  # classic VMs, retired on 2023-09-01
CLASSIC_RETIRED = "2023-09-01"


@pytest.fixture(scope="module")
def ranking_index() -> SearchIndex:
    return SearchIndex(load_flows([HERE / "data" / "retired_flows.yaml"]))


@pytest.fixture(scope="module")
def classic_retired_index() -> SearchIndex:
    """The product's flows with the classic restore fixes marked retired, as the flows mark them
    once they carry the date (then this changes nothing)."""
    from troubleshooter.flows.lint import load_checked_flows

    flows = []
    for flow in load_checked_flows():
        steps = {}
        for step_id, step in flow.steps.items():
            if (isinstance(step, ResolutionStep) and set(step.refs) & CLASSIC_CASES
                    and not step.retired and set(step.refs) <= CLASSIC_CASES):
                step = dataclasses.replace(step, retired=CLASSIC_RETIRED)
            steps[step_id] = step
        flows.append(dataclasses.replace(flow, steps=steps))
    return SearchIndex(FlowSet(flows))


@pytest.mark.parametrize("query, lang", [("the restore failed", "en"), ("복원이 실패했습니다", "ko")])
def test_a_retired_fix_comes_after_a_current_fix_that_matches_about_as_well(ranking_index, query, lang):
    hits = ranking_index.search(query, lang, 5)
    assert [hit.step for hit in hits] == ["fix-current-restore", "fix-classic-restore"]
    assert hits[1].score / vocabulary().ranking.retired_factor > hits[0].score  # the words favour the classic fix a little
    assert hits[1].retired == "2023-09-01" and hits[0].retired is None
    assert hits[1].to_dict()["retired"] == "2023-09-01"


@pytest.mark.parametrize("query, lang", [("restore failed with cloud internal error", "en"),
                                         ("클라우드 내부 오류로 복원이 실패했습니다", "ko")])
def test_a_retired_fix_is_found_first_by_its_own_message_and_marked(ranking_index, query, lang):
    hits = ranking_index.search(query, lang, 5)
    assert [hit.step for hit in hits] == ["fix-classic-restore", "fix-current-restore"]
    assert hits[0].retired == "2023-09-01"


def test_a_retired_fix_alone_is_still_found(ranking_index):
    hits = ranking_index.search("cloud service", "en", 5)
    assert hits and hits[0].step == "fix-classic-restore" and hits[0].retired == "2023-09-01"


def test_classic_restore_fixes_stay_reachable_but_never_head_a_current_cases_search(classic_retired_index):
    retired_steps = {step.id for _, step in classic_retired_index.steps() if step.retired}
    assert retired_steps, "no classic fix to retire in the product's flows"
    for row in SEED_QUERIES:
        hits = classic_retired_index.search(row["query"], row["lang"], 5)
        if row["id"] in CLASSIC_CASES:
            assert any(row["id"] in hit.refs for hit in hits[:3]), (row["query"], [h.step for h in hits])
        else:
            assert hits and hits[0].retired is None, (row["query"], [(h.step, h.retired) for h in hits])


@pytest.mark.parametrize("query, lang", [("snapshot failed", "en"), ("스냅숏 실패", "ko"),
                                         ("스냅샷이 실패했어요", "ko"), ("backup snapshot fails", "en")])
def test_snapshot_failed_on_linux_brings_linux_fixes_first(product_index, query, lang):
    steps = dict((step.id, step) for _, step in product_index.steps())
    hits = product_index.search(query, lang, 5, platform="linux")
    assert hits
    # A fix for both systems may lead; a Linux fix is in the top three and no Windows-only one is.
    assert step_platforms(steps[hits[0].step]) != {"windows"}, [h.step for h in hits]
    assert any(step_platforms(steps[h.step]) == {"linux"} for h in hits[:3]), [h.step for h in hits]
    assert not any(step_platforms(steps[h.step]) == {"windows"} for h in hits[:3])


@pytest.mark.parametrize("platform, other", [("linux", "windows"), ("windows", "linux")])
def test_fixes_for_the_other_os_come_last_and_are_marked(product_index, platform, other):
    steps = dict((step.id, step) for _, step in product_index.steps())
    hits = product_index.search("snapshot failed", "en", 40, platform=platform)
    marks = [hit.platform_mismatch for hit in hits]
    assert not all(marks)  # the other OS's fixes may also be left out altogether
    assert marks == sorted(marks), "a fix for the other OS comes before one for this OS"
    for hit in hits:
        assert hit.platform_mismatch == (step_platforms(steps[hit.step]) == {other}), hit.step
        assert hit.to_dict()["platform_mismatch"] == hit.platform_mismatch


def test_the_mini_flow_puts_the_other_os_last(ranking_index):
    hits = ranking_index.search("snapshot failed", "en", 5, platform="linux")
    assert [(h.step, h.platform_mismatch) for h in hits] == [("fix-linux-snapshot", False),
                                                             ("fix-windows-snapshot", True)]


@pytest.mark.parametrize("query", ["snapshot failed", "UserErrorFsFreezeFailed", "VSS 기록기", "restore"])
def test_without_a_platform_the_search_is_unchanged_and_marks_nothing(product_index, query):
    plain = product_index.search(query, "en", 8)
    assert plain == product_index.search(query, "en", 8, platform=None)
    assert plain == product_index.search(query, "en", 8, platform="beos")  # unknown: no preference
    assert not any(hit.platform_mismatch for hit in plain)


def test_the_command_takes_the_platform_and_shows_the_marks(monkeypatch, product_index):
    monkeypatch.setattr(search_cli, "default_index", lambda: product_index)
    for argv in (["search", "--platform", "linux", "--json", "--limit", "40", "snapshot", "failed"],
                 ["search", "--platform", "linux", "--limit", "40", "snapshot", "failed"],
                 ["search", "--platform", "linux", "--lang", "ko", "--limit", "40", "스냅숏", "실패"]):
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        assert run_search_command(build_parser().parse_args(argv)) == 0
        text = out.getvalue()
        if "--json" in argv:
            hits = json.loads(text)
            assert hits[0]["platform_mismatch"] is False and hits[-1]["platform_mismatch"] is True
        elif "ko" in argv:
            assert "이 VM의 운영 체제에는 해당하지 않습니다" in text
        else:
            assert "Not for this VM's OS" in text
    with pytest.raises(SystemExit):
        build_parser().parse_args(["search", "--platform", "macos", "x"])


def test_the_window_search_passes_the_platform_through(product_index):
    from gui.app import DeferredSearch
    from troubleshooter.flows.lint import load_checked_flows

    deferred = DeferredSearch(load_checked_flows())
    assert deferred.search("snapshot failed", "en", 5) == product_index.search("snapshot failed", "en", 5)
    assert (deferred.search("snapshot failed", "en", 5, platform="linux")
            == product_index.search("snapshot failed", "en", 5, platform="linux"))

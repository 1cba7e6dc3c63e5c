"""The ranking on a small flow written for these tests: codes first, words, Korean, typos, noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.model import FlowSet
from troubleshooter.search import SearchHit, SearchIndex, step_text

SEARCH_DATA = Path(__file__).parent / "data"
EXAMPLE_FLOWS = Path(__file__).parent.parent / "flows" / "data"


def top(index: SearchIndex, query: str, lang: str = "en") -> str | None:
    hits = index.search(query, lang)
    return hits[0].step if hits else None


@pytest.mark.parametrize("code, step", [
    ("ExtensionFailedVssWriterInBadState", "fix-vss"),
    ("ExtensionFailedVssServiceInBadState", "fix-vss"),
    ("ExtensionSnapshotBitlockerError", "fix-bitlocker"),
    ("UserErrorFsFreezeTimeout", "fix-freeze"),
    ("ExtensionSnapshotFailedCOM", "fix-complus"),
    ("ExtensionInstallationFailedCOM", "fix-msdtc"),
    ("320001", "fix-vm-gone"),
    ("BCMV2VMNotFound", "fix-vm-gone"),
])
def test_an_error_code_finds_its_step_first(mini_index, code, step):
    assert top(mini_index, code) == step
    assert top(mini_index, code.lower()) == step
    assert top(mini_index, code.upper()) == step


def test_a_code_inside_a_pasted_message_counts(mini_index):
    pasted = ("Backup failed. Error code: ExtensionSnapshotFailedCOM. Error message: Snapshot operation "
              "failed. Recommended action: retry the operation in a few minutes.")
    assert top(mini_index, pasted) == "fix-complus"


@pytest.mark.parametrize("typo, step", [
    ("ExtensionFailedVssWritterInBadState", "fix-vss"),  # one letter too many
    ("UserErrorGuestAgentStatusUnavaliable", "fix-agent"),  # two letters swapped
    ("UsrErrorFsFreezeFaild", "fix-freeze"),  # two letters missing
])
def test_a_code_with_a_typo_still_finds_its_step(mini_index, typo, step):
    assert top(mini_index, typo) == step


def test_an_exact_code_outranks_a_step_that_only_shares_words(mini_index):
    # COM+ words are in both COM+ steps; the code belongs to one of them
    hits = mini_index.search("ExtensionInstallationFailedCOM snapshot COM+ error")
    assert hits[0].step == "fix-msdtc"
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize("query, step", [
    ("vss writers bad state", "fix-vss"),
    ("the drive is locked by bitlocker", "fix-bitlocker"),
    ("bitlokcer", "fix-bitlocker"),
    ("could not freeze mount points", "fix-freeze"),
    ("failed to freze the mountpoints", "fix-freeze"),
    ("net start COMSysApp", "fix-complus"),
    ("msdtc logon account", "fix-msdtc"),
    ("vm no longer exists", "fix-vm-gone"),
    ("agent can't communicate with azure backup", "fix-agent"),
    ("cancel not supported for this job type", "fix-cancel"),
])
def test_english_words_find_the_step(mini_index, query, step):
    assert top(mini_index, query) == step


@pytest.mark.parametrize("query, step", [
    ("VSS 기록기가 잘못된 상태", "fix-vss"),
    ("스냅샷 작업이 COM+ 오류로 실패", "fix-complus"),
    ("드라이브가 BitLocker로 잠겨 있음", "fix-bitlocker"),
    ("마운트 지점 동결 실패", "fix-freeze"),
    ("VM이 더 이상 존재하지 않음", "fix-vm-gone"),
    ("에이전트가 Azure Backup과 통신할 수 없습니다", "fix-agent"),
    ("작업 취소가 지원되지 않음", "fix-cancel"),
])
def test_korean_words_find_the_step(mini_index, query, step):
    assert top(mini_index, query, "ko") == step


def test_answer_labels_that_lead_to_a_step_count(mini_index):
    # "deleted" is only in the answer that leads to fix-vm-gone and in its title
    assert top(mini_index, "vm was deleted") == "fix-vm-gone"


@pytest.mark.parametrize("noise", ["pizza recipe", "hello world", "the quick brown fox", "lorem ipsum dolor",
                                   "오늘 날씨 어때요", "김치찌개 끓이는 법", "asdf qwer zxcv"])
def test_unrelated_words_find_nothing(mini_index, noise):
    assert mini_index.search(noise) == []


def test_the_answer_comes_in_the_asked_language(mini_index):
    en = mini_index.search("BitLocker", "en")[0]
    ko = mini_index.search("BitLocker", "ko")[0]
    assert (en.flow, en.step) == (ko.flow, ko.step) == ("search-mini", "fix-bitlocker")
    assert en.title == "Turn BitLocker off on every drive"
    assert ko.title == "모든 드라이브에서 BitLocker 끄기"
    assert "끈 다음" in ko.text and "Turn off" in en.text


def test_a_hit_carries_the_steps_facts_and_whole_text(mini_index):
    hit = mini_index.search("ExtensionFailedVssWriterInBadState")[0]
    assert isinstance(hit, SearchHit)
    assert hit.refs == ("B17",)
    assert hit.error_codes == ("ExtensionFailedVssWriterInBadState", "ExtensionFailedVssServiceInBadState")
    assert hit.text.startswith("Restart the VSS writers that are not stable\n\nList the writers")
    assert "vssadmin list writers" in hit.text and "then net start" in hit.text
    assert hit.to_dict()["refs"] == ["B17"]


def test_hits_are_best_first_and_limited(mini_index):
    hits = mini_index.search("snapshot failed error", limit=3)
    assert 0 < len(hits) <= 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert mini_index.search("snapshot failed error", limit=0) == []
    assert mini_index.search("snapshot failed error", limit=-4) == []


def test_a_query_that_matches_several_steps_ranks_them_all(mini_index):
    steps = {h.step for h in mini_index.search("COM+", limit=5)}
    assert {"fix-complus", "fix-msdtc"} <= steps


def test_an_index_of_no_resolutions_answers_nothing():
    index = SearchIndex(FlowSet([]))
    assert len(index) == 0
    assert index.search("ExtensionFailedVssWriterInBadState") == []


def test_the_example_flows_index_their_resolutions():
    flows = load_flows([EXAMPLE_FLOWS / "example.yaml", EXAMPLE_FLOWS / "example_network.yaml"])
    index = SearchIndex(flows)
    assert sorted(f"{flow}/{step.id}" for flow, step in index.steps()) == [
        "example-network/fix-network", "example/fix-linux", "example/fix-vss"]
    assert index.search("ExtensionFailedVssWriterInBadState")[0].step == "fix-vss"
    assert index.search("") == []


def test_step_text_lists_commands_with_their_notes(mini_index):
    flows = load_flows([SEARCH_DATA / "mini_flows.yaml"])
    text = step_text(flows["search-mini"].steps["fix-vss"], "ko")
    assert text.splitlines()[0] == "안정 상태가 아닌 VSS 기록기 다시 시작"
    assert "[windows, cmd] net stop VSS\n    그다음 net start" in text


@pytest.mark.parametrize("typed, step", [
    ("bitlo", "fix-bitlocker"),
    ("ExtensionFailedVssWri", "fix-vss"),
    ("UserErrorFsFree", "fix-freeze"),
])
def test_a_word_or_code_still_being_typed_finds_its_step(mini_index, typed, step):
    assert top(mini_index, typed) == step


def test_a_catalog_case_id_finds_its_step(mini_index):
    assert top(mini_index, "B13") == "fix-bitlocker"
    assert top(mini_index, "case b22") == "fix-freeze"

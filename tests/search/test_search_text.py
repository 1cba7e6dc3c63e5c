"""The tokenizer: Korean particles, camelCase error codes, stemming, spelling variants, typos."""

from __future__ import annotations

import pytest

from troubleshooter.search_text import (alnum_tokens, bounded_edit_distance, code_key,
                                        contains_hangul, hangul_terms, looks_like_code,
                                        split_camel, stem, surface_words, word_terms,
                                        word_trigrams)


@pytest.mark.parametrize("with_particle", ["스냅샷이", "스냅샷을", "스냅샷은", "스냅샷에서", "스냅샷으로", "스냅숏이"])
def test_a_korean_particle_does_not_change_the_terms(with_particle):
    assert word_terms(with_particle) == word_terms("스냅샷") == ["스냅", "냅샷"]


def test_korean_runs_become_bigrams():
    assert hangul_terms("기록기") == ("기록", "록기")
    assert hangul_terms("키") == ("키",)


def test_a_lone_particle_after_a_rewritten_word_adds_nothing():
    # "가상 머신이" is rewritten to "가상머신 이": the stray "이" must not become a term
    assert word_terms("가상 머신이") == word_terms("가상머신")


def test_common_spelling_variants_meet_microsofts_spelling():
    assert word_terms("스냅샷") == word_terms("스냅숏")
    assert word_terms("프로비저닝") == word_terms("프로비전")
    assert word_terms("마운트") == word_terms("탑재")
    assert word_terms("리눅스") == word_terms("Linux")


def test_verb_endings_are_removed_from_long_runs():
    assert word_terms("실패했습니다") == word_terms("실패")


def test_camel_case_codes_split_into_words_and_keep_their_whole():
    assert split_camel("ExtensionSnapshotFailedCOM") == ["Extension", "Snapshot", "Failed", "COM"]
    assert split_camel("UserErrorBCMPremiumStorageQuotaError") == [
        "User", "Error", "BCM", "Premium", "Storage", "Quota", "Error"]
    terms = word_terms("ExtensionSnapshotFailedCOM")
    assert terms == ["extension", "snapshot", "fail", "com", "extensionsnapshotfailedcom"]


def test_a_code_and_its_words_share_terms():
    code = set(word_terms("UserErrorFsFreezeFailed"))
    words = set(word_terms("user error: fs freeze failed"))
    assert words <= code


@pytest.mark.parametrize("inflected, base", [
    ("failed", "fail"), ("failing", "fail"), ("fails", "fail"), ("writers", "writer"),
    ("stopped", "stop"), ("freezing", "freeze"), ("installation", "install"), ("agents", "agent"),
    ("policies", "policy"), ("status", "status"),
])
def test_stemming_makes_inflections_meet(inflected, base):
    assert stem(inflected) == stem(base)


def test_stopwords_and_case_are_dropped():
    assert word_terms("The VM is NOT Running") == word_terms("vm not running")
    assert "the" not in word_terms("the agent")


def test_trigrams_tolerate_a_typo():
    right, typo = set(word_trigrams("bitlocker")), set(word_trigrams("bitlokcer"))
    assert word_trigrams("vss") == ()
    assert word_trigrams("bitlocker")[:2] == ("^bi", "bit")
    assert len(right & typo) >= 3


def test_surface_words_keep_the_written_form_for_typo_correction():
    assert surface_words("Recovery Servcies failed, VM") == [
        ("recovery", "recovery"), ("servcies", stem("servcies")), ("failed", "fail")]


def test_codes_compare_without_case_or_punctuation():
    assert code_key("ExtensionSnapshotFailedCOM") == code_key("extensionsnapshotfailedcom")
    assert code_key(" 320001 ") == "320001"
    assert "UserErrorFsFreezeFailed" in alnum_tokens("Error code: UserErrorFsFreezeFailed.")


@pytest.mark.parametrize("token, expected", [
    ("UserErrorFsFreezeFaild", True), ("usererrorfsfreezefaild", True), ("ExtensionSnapshotFailedCOM", True),
    ("configuration", False), ("Successfully", False), ("BitLocker", False), ("320001", False),
])
def test_what_looks_like_an_error_code(token, expected):
    assert looks_like_code(token) is expected


def test_fullwidth_text_is_normalised():
    assert word_terms("ＶＳＳ") == word_terms("VSS")


def test_edit_distance_counts_a_swap_once_and_stops_early():
    assert bounded_edit_distance("unavaliable", "unavailable", 2) == 1
    assert bounded_edit_distance("freeze", "freze", 1) == 1
    assert bounded_edit_distance("kitten", "sitting", 3) == 3
    assert bounded_edit_distance("extensionsnapshotfailedcom", "usererrorfsfreezefailed", 2) == 3
    assert bounded_edit_distance("same", "same", 0) == 0


def test_hangul_detection():
    assert contains_hangul("VM 에이전트")
    assert not contains_hangul("VM agent")


def test_korean_negation_survives_its_endings():
    assert word_terms("에이전트가 없습니다") == word_terms("에이전트 없음")
    assert "않음" in word_terms("설치되어 있지 않습니다")

"""What admins paste: portal messages with ids, times and names around them, codes written as
words, lower-cased or misspelt, and Korean. The answer is the one the message alone gives."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter.flows.loader import load_flows
from troubleshooter.resources import flows_dir, resource_path
from troubleshooter.search import SearchIndex
from troubleshooter.search_text import split_camel, strip_noise, word_terms

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def current_index() -> SearchIndex:
    """The product's flows plus stand-ins for today's codes (long, alike, often pasted)."""
    return SearchIndex(load_flows(sorted(flows_dir().glob("*.yaml")) + [HERE / "data" / "current_cases.yaml"]))


# -- the noise itself ------------------------------------------------------------------------

@pytest.mark.parametrize("noise", [
    "5c1f3e1a-9b2d-4c4e-8f3e-2a7d9b61c0de", "{5C1F3E1A-9B2D-4C4E-8F3E-2A7D9B61C0DE}",
    "2026-11-30T02:00:13.512Z", "2026-11-30 02:00:13+09:00", "12/1/2026, 3:14:07 AM", "30/11/2026 21:00:04",
    "2026. 12. 1. 오전 3:14:07", "2026년 12월 1일 오후 3:14", "00:04:12", "11:02:45 PM UTC",
    "Mon, 30 Nov 2026 22:00:07 GMT", "November 30, 2026 10:00 PM", "Dec 1st, 2026",
    "https://portal.azure.com/#view/HubsExtension/BrowseResource", "www.example.com/x?y=1",
    "/subscriptions/3f2e1d0c-b9a8-4765-8321-0fedcba98765/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm1",
    "0fedcba98765a1b2", "8123456789012", "Activity ID:", "Correlation ID", "Job Id", "작업 ID", "활동 ID",
    "Error code:", "Error Message", "Recommended action", "오류 코드:", "오류 메시지", "권장 작업",
    "Backup Management Type: Azure Virtual Machine", "Item Name: sqlvm01", "백업 관리 유형 Azure Virtual Machine",
    "항목 이름 lnx-db-02", "VM name: web01", "vm-prod-web-01", "rg-prod-krc-001",
])
def test_ids_times_addresses_and_their_labels_are_noise(noise):
    assert word_terms(strip_noise(f"alpha {noise} omega")) == word_terms("alpha omega")


@pytest.mark.parametrize("kept", ["320001", "380008, AzureVmOffline", "0x80070780", "2.7.41491.1010",
                                  "168.63.129.16", "UserErrorFsFreezeFailed", r"C:\WindowsAzure\Packages",
                                  "/etc/waagent.conf", "12 hours", "32 TB", "vcredist2012_x64", "port 32526",
                                  "x86-64", "cloud-init", "mount-points", "the same VM name and resource group",
                                  "168.63.129.16:32526", "10.0.0.4:443", "it may be the agent", "wait a minute"])
def test_codes_versions_addresses_and_paths_are_not_noise(kept):
    assert word_terms(strip_noise(kept)) == word_terms(kept)


# -- noise never changes the answer ----------------------------------------------------------

MESSAGES = [  # (what the portal says, the case), en and ko
    ("Snapshot operation failed because VSS writers were in a bad state.", "B17"),
    ("Failed to freeze one or more mount-points of the VM to take a file-system consistent snapshot.", "B22"),
    ("The selected subnet does not exist. Please select a subnet which exists.", "R10"),
    ("Copying backed up data from vault timed out", "B09"),
    ("VM Agent unable to communicate with Azure Backup", "B02"),
    ("Another operation is currently in progress on this item. Please wait until the previous operation is "
     "completed.", "B08"),
    ("Backup cannot cancel the job as it is not in progress.", "J03"),
    ("VSS 기록기가 잘못된 상태에 있으므로 스냅숏 작업이 실패했습니다.", "B17"),
    ("COM+ 오류로 인해 스냅숏 작업이 실패했습니다.", "B21"),
    ("선택한 서브넷이 존재하지 않습니다. 존재하는 서브넷을 선택합니다.", "R10"),
    ("명령 실행이 실패했습니다. 현재 이 항목에 대해 다른 작업이 진행 중입니다.", "B08"),
]

_times = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=timezone.utc))
_time_formats = st.sampled_from(["%Y-%m-%dT%H:%M:%S.%fZ", "%m/%d/%Y, %I:%M:%S %p", "%d/%m/%Y %H:%M:%S",
                                 "%Y-%m-%d %H:%M:%S UTC", "%Y. %m. %d. 오후 %I:%M:%S", "%a, %d %b %Y %H:%M:%S GMT",
                                 "%B %d, %Y %I:%M %p"])
_names = st.from_regex(r"(vm|sql|web|lnx|rg|rsv)-(prod|dev|test)-[a-z]{2,6}-0[1-9]", fullmatch=True)


@st.composite
def portal_details(draw) -> str:
    """The details block around a failure, as the portal shows it in either language."""
    moment, fmt = draw(_times), draw(_time_formats)
    korean = draw(st.booleans())
    labels = (["작업 ID", "활동 ID", "상관 관계 ID", "시작 시간", "기간", "항목 이름", "백업 관리 유형"] if korean else
              ["Job ID", "Activity ID", "Correlation ID", "Start Time", "Duration", "Item Name",
               "Backup Management Type"])
    values = [str(draw(st.uuids())), str(draw(st.uuids())), str(draw(st.uuids())), moment.strftime(fmt),
              str(timedelta(seconds=draw(st.integers(0, 86_399)))), draw(_names), "Azure Virtual Machine"]
    chosen = draw(st.lists(st.integers(0, len(labels) - 1), min_size=1, max_size=len(labels), unique=True))
    separator = draw(st.sampled_from([": ", " ", "\n", "\t", " | "]))
    return "\n".join(f"{labels[i]}{separator}{values[i]}" for i in chosen)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(case=st.sampled_from(MESSAGES), details=portal_details(), before=st.booleans())
def test_the_details_around_a_pasted_message_do_not_change_its_answer(product_index, case, details, before):
    message, expected = case
    lang = "ko" if any("\uac00" <= c <= "\ud7a3" for c in message) else "en"
    assert any(expected in hit.refs for hit in product_index.search(message, lang, 3)), "the message alone"
    pasted = f"{details}\n{message}" if before else f"{message}\n{details}"
    hits = product_index.search(pasted, lang, 3)
    assert any(expected in hit.refs for hit in hits), (pasted, [h.step for h in hits])


# -- error codes however they are written ----------------------------------------------------

def _codes(index: SearchIndex) -> list[str]:
    return sorted({code for _, step in index.steps() for code in step.error_codes if not code.isdigit()})


def _variants(code: str) -> dict[str, str]:
    """How people write a code they read on a screen: split into its words, without capitals, with
    one typo in the middle (a swap, a dropped or doubled letter), without its first word."""
    words = split_camel(code)
    middle = len(code) // 2
    found = {"lower": code.lower(), "upper": code.upper(), "words": " ".join(words),
             "lower words": " ".join(words).lower(), "two halves": f"{code[:middle]} {code[middle:]}"}
    if len(code) >= 10:
        found["swap"] = code[:middle] + code[middle + 1] + code[middle] + code[middle + 2:]
        found["dropped"] = (code[:middle] + code[middle + 1:]).lower()
        found["doubled"] = code[:middle] + code[middle] + code[middle:]
    if len(words) > 2 and len("".join(words[1:])) >= 16:
        found["without first word"] = "".join(words[1:])
    return found


def test_every_code_of_today_is_found_however_it_is_written(current_index):
    misses, total = [], 0
    for code in _codes(current_index):
        for kind, written in _variants(code).items():
            total += 1
            hits = current_index.search(written, "en", 3)
            if not any(code in hit.error_codes for hit in hits):
                misses.append(f"{kind}: {written!r} -> {[h.step for h in hits]}")
    assert total > 400
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize("query, case", [
    ("UserErrorCrossSubscriptionRestoreNotSupportedForCRR", "C12"),
    ("UserErrorCrossSubscriptionRestoreNotSupportedForOLR", "C10"),
    ("UserErrorCrossSubscriptionRestoreNotSuportedForCRR", "C12"),
    ("usererrorcrosssubscriptionrestorenotsupportedforolr", "C10"),
    ("User Error Cross Subscription Restore Not Supported For Encrypted Azure VM", "C16"),
    ("User Error Cross Subscription Restore Not Supported For Trusted Launch Azure VM", "C17"),
])
def test_codes_that_differ_only_at_the_end_are_told_apart(current_index, query, case):
    hits = current_index.search(query, "en", 3)
    assert hits and case in hits[0].refs, [h.step for h in hits]


@pytest.mark.parametrize("query, case", [("320001", "B01"), ("error 400094", "B07"), ("380008, AzureVmOffline", "B11"),
                                         ("320001, ResourceNotFound", "B01"), ("0x80070780", "C37")])
def test_numeric_codes_alone_or_with_their_name(current_index, query, case):
    hits = current_index.search(query, "en", 3)
    assert hits and case in hits[0].refs, [h.step for h in hits]


def test_a_paste_that_is_all_noise_finds_nothing(product_index):
    paste = ("Job ID: 5c1f3e1a-9b2d-4c4e-8f3e-2a7d9b61c0de\nActivity ID: 8a1d2f0c-44b1-4f7e-9d0a-7e3c5b2a1f90\n"
             "Start time: 12/1/2026, 3:14:07 AM\nDuration: 00:04:12\nhttps://portal.azure.com/#blade/x")
    assert product_index.search(paste, "en", 5) == []


# -- Korean: one vocabulary with the glossary -------------------------------------------------

GLOSSARY = yaml.safe_load(resource_path("glossary.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", GLOSSARY, ids=[entry["en"] for entry in GLOSSARY])
def test_every_korean_variant_the_glossary_refuses_still_finds_its_term(entry):
    """The flows write the glossary's term; an admin may type any variant of it. A variant may
    leave out a word of the term ("작성기" for "VSS 기록기"), never add one."""
    term = word_terms(entry["ko"])
    for variant in entry.get("variants") or ():
        written = word_terms(variant)
        assert written and set(written) <= set(term), (variant, written, entry["ko"], term)


def test_words_that_happen_to_spell_a_code_do_not_outrank_what_the_sentence_says(product_index):
    # "backup operation failed" spells BackUpOperationFailed (B10); the sentence is about B17
    hits = product_index.search("backup operation failed because VSS writers were in a bad state", "en", 3)
    assert hits and "B17" in hits[0].refs, [h.step for h in hits]
    assert "B10" in product_index.search("backup operation failed", "en", 1)[0].refs

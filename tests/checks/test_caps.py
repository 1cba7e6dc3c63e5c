"""Every field of a check result is capped in bytes and says how much was cut; capping never lets a
secret through, and cleaning twice changes nothing."""

from __future__ import annotations

import json
import re

from troubleshooter.checks.result import (EVIDENCE_LIMIT, FACT_LIMIT, SUMMARY_LIMIT, CheckResult, Status,
                                          clean_result)

MARKER = re.compile(r"… \((\d+) bytes cut\)")


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def test_summary_facts_and_evidence_are_capped_with_a_marker():
    facts = {"devices": {f"/dev/sd{i}": {"reason": "r" * 5000, "state": "not clean"} for i in range(50)},
             "lines": ["한글 줄 " * 40] * 500, "one": "x" * 3_000_000, "small": 3, "flag": True}
    found = clean_result(CheckResult("x.y", Status.WARNING, {"en": "e" * 2_000_000, "ko": "한" * 700_000},
                                     facts, "line\n" * 400_000))
    for lang in ("en", "ko"):
        assert len(found.summary[lang].encode("utf-8")) <= SUMMARY_LIMIT and MARKER.search(found.summary[lang])
    for name in ("devices", "lines", "one"):
        assert _size(found.facts[name]) <= FACT_LIMIT, name
        assert MARKER.search(json.dumps(found.facts[name], ensure_ascii=False)), name
    assert found.facts["small"] == 3 and found.facts["flag"] is True
    assert len(found.evidence.encode("utf-8")) <= EVIDENCE_LIMIT
    cut = MARKER.search(found.evidence)
    assert cut and 2_000_000 - EVIDENCE_LIMIT <= int(cut.group(1)) <= 2_000_000
    assert found.evidence.splitlines()[-2] == "line"  # cut at a line's end
    assert clean_result(found) == found


def test_a_secret_at_the_first_cut_is_not_half_kept():
    """A very long text is cut before it is redacted. Here redaction then shrinks a 100 KB private key
    to a few bytes, so the place of that first cut comes into view: a proxy password that straddled
    it must not show as an unrecognisable half."""
    pem = "-----BEGIN PRIVATE KEY-----\n" + "QUJD" * 25_000 + "\n-----END PRIVATE KEY-----\n"
    rough = 2 * EVIDENCE_LIMIT + 4096
    for offset in range(1, 40, 3):
        filler = "a " * ((rough - len(pem) - offset) // 2)
        text = pem + filler + "http://alice:HalfSecretValue0123456789@proxy.corp:3128 tail"
        found = clean_result(CheckResult("x.y", Status.OK, {"en": "s", "ko": "s"}, {}, text))
        assert "HalfSecret" not in found.evidence and "alice:" not in found.evidence, offset
        assert MARKER.search(found.evidence)


def test_a_saved_result_is_cleaned_when_read_back():
    saved = {"check_id": "x.y", "status": "ok", "summary": {"en": "password=Hunter2Saved", "ko": "s"},
             "facts": {"setting": {"key": "StorageAccountKey", "value": "SavedKey0"}}, "evidence": "e" * 200_000}
    found = CheckResult.from_dict(saved)
    assert "Hunter2Saved" not in json.dumps(found.to_dict()) and "SavedKey0" not in json.dumps(found.to_dict())
    assert len(found.evidence.encode("utf-8")) <= EVIDENCE_LIMIT

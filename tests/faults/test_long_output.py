"""A tool that prints one line of megabytes: every field of the result is capped and says how much went."""

from __future__ import annotations

import json
import re
import sys

import pytest

from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.result import EVIDENCE_LIMIT, EVIDENCE_LINE_LIMIT, FACT_LIMIT, SUMMARY_LIMIT, Status
from troubleshooter.checks.runner import run_check

LINE_BYTES = 2 * 1024 * 1024
MARKER = re.compile(r"… \((\d+) bytes cut\)")


class ElevatedHost(LocalHost):
    """The file-system check needs root; the fake tune2fs does not."""

    def is_elevated(self) -> bool:
        return True


def machine_with_chatty_tune2fs(root, line_bytes: int = LINE_BYTES) -> ElevatedHost:
    """One mounted ext4 device and a tune2fs that answers with one line of `line_bytes` bytes."""
    (root / "proc").mkdir(parents=True)
    (root / "proc/mounts").write_text("/dev/sdz1 /data ext4 rw,relatime 0 0\n", encoding="utf-8")
    program = root / "usr/sbin/tune2fs"
    program.parent.mkdir(parents=True)
    program.write_text(f"#!{sys.executable}\nimport sys\n"
                       f"sys.stdout.write('Bad magic number in super-block ' + 'x' * {line_bytes} + '\\n')\n",
                       encoding="utf-8")
    program.chmod(0o755)
    return ElevatedHost(root=root, platform="linux")


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


@pytest.mark.skipif(sys.platform != "linux", reason="the fake tune2fs is a Linux program")
def test_a_two_megabyte_line_is_capped_in_summary_facts_and_evidence(tmp_path):
    found = run_check("linux.filesystem_state", machine_with_chatty_tune2fs(tmp_path))
    assert found.status is Status.WARNING  # the device's state could not be read
    for lang in ("en", "ko"):
        summary = found.summary[lang]
        assert len(summary.encode("utf-8")) <= SUMMARY_LIMIT and MARKER.search(summary), summary[-80:]
        assert summary.startswith(("The state of /dev/sdz1", "/dev/sdz1"))
    for name, value in found.facts.items():
        assert _size(value) <= FACT_LIMIT, f"fact {name} is {_size(value)} bytes"
    assert MARKER.search(json.dumps(found.facts, ensure_ascii=False))
    assert len(found.evidence.encode("utf-8")) <= EVIDENCE_LIMIT
    cut = MARKER.search(found.evidence)
    assert cut and int(cut.group(1)) > 1024 * 1024 - EVIDENCE_LIMIT  # the host kept 1 MiB; most of it went
    assert "Bad magic number in super-block" in found.evidence
    assert all(len(line.encode("utf-8")) <= EVIDENCE_LINE_LIMIT for line in found.evidence.splitlines())
    # checks --json prints what the runner returned: the same bounded sizes.
    assert len(json.dumps(found.to_dict(), ensure_ascii=False).encode("utf-8")) < SUMMARY_LIMIT * 2 + EVIDENCE_LIMIT + 6 * FACT_LIMIT

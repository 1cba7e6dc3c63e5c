"""Parsers and evidence never crash on whatever a command prints, and evidence is trimmed and redacted."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from troubleshooter.checks.host import decode_output
from troubleshooter.checks.outcome import EVIDENCE_LIMIT, evidence
from troubleshooter.checks.parsers.extension_status import ExtensionStatus, StatusFileError, parse_status_file
from troubleshooter.checks.parsers.icacls import AccessEntry, parse_icacls
from troubleshooter.checks.parsers.ini import ConfigError, parse_ini
from troubleshooter.checks.parsers.selinux import parse_selinux_mode
from troubleshooter.checks.parsers.systemctl import NoServiceManager, UnitStatus, parse_systemctl_status
from troubleshooter.checks.parsers.tune2fs import parse_superblock
from troubleshooter.checks.parsers.vssadmin import Writer, parse_writers
from troubleshooter.checks.parsers.waagent import AgentVersion, parse_key_values, parse_waagent_version

# Text that looks a little like command output, so the parsers' branches are reached.
output_like = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Writer name: 'X'", "   State: [7] Failed", "Lock Status: Locked", "Volume C: [OS]",
                     "DHCP Enabled. . . : No", "Ethernet adapter E:", "[Section]", "key = value",
                     "Filesystem state: not clean", "WALinuxAgent-2.2.", "Active: active (running)",
                     "SERVICE_START_NAME : x", "Proxy Server(s) :", "\r", "\x00"])), max_size=12).map("\n".join)


@settings(max_examples=80, deadline=None, database=None)
@given(output_like)
def test_parsers_never_crash_and_answer_in_their_shape(text):
    writers = parse_writers(text)
    assert isinstance(writers, list) and all(isinstance(w, Writer) for w in writers)
    assert all(isinstance(w.name, str) and isinstance(w.state, int) and w.state_text for w in writers)

    entries = parse_icacls(text, r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys")
    assert isinstance(entries, list) and all(isinstance(e, AccessEntry) for e in entries)
    assert all(e.principal and e.rights and isinstance(e.flags, tuple) for e in entries)

    fields = parse_superblock(text)
    assert isinstance(fields, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())

    assert parse_selinux_mode(text) in (None, "enforcing", "permissive", "disabled")

    version = parse_waagent_version(text)
    assert version is None or (isinstance(version, AgentVersion) and isinstance(version.daemon, tuple)
                               and all(isinstance(n, int) for n in version.daemon))

    pairs = parse_key_values(text)
    assert isinstance(pairs, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in pairs.items())

    try:
        sections = parse_ini(text)
    except ConfigError:
        pass
    else:
        assert isinstance(sections, dict) and all(isinstance(values, dict) for values in sections.values())
    try:
        status = parse_status_file(text)
    except StatusFileError:
        pass
    else:
        assert isinstance(status, ExtensionStatus) and isinstance(status.status, str)
    try:
        unit = parse_systemctl_status(text)
    except NoServiceManager:
        pass
    else:
        assert unit is None or (isinstance(unit, UnitStatus) and unit.active and isinstance(unit.running, bool))


@settings(max_examples=80, deadline=None, database=None)
@given(st.binary(max_size=512))
def test_decode_never_crashes_and_has_no_carriage_returns(data):
    text = decode_output(data)
    assert "\r" not in text and "\x00" not in text


def test_evidence_is_trimmed_and_credentials_redacted():
    raw = "proxy=http://alice:Secr3tPass@proxy.corp:3128\n" + "\n".join(f"line {n}" for n in range(20000))
    shown = evidence(raw)
    assert "Secr3tPass" not in shown
    assert len(shown.encode("utf-8")) <= EVIDENCE_LIMIT and re.search(r"… \(\d+ bytes cut\)$", shown)
    assert shown.splitlines()[-2].startswith("line ")  # cut at a line's end
    assert evidence("a   \n\n", "", "  b") == "a\n  b"

"""Windows output parsers against the real captures in tests/fixtures/windows, then odd variants."""

from __future__ import annotations

import json

import pytest

from troubleshooter.checks.parsers.icacls import parse_icacls
from troubleshooter.checks.parsers.service_account import is_network_service
from troubleshooter.checks.parsers.vssadmin import parse_writers

MACHINEKEYS = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"


# -- vssadmin list writers ---------------------------------------------------------------------

def test_vss_healthy_capture_with_waiting_preamble(reference):
    writers = parse_writers(reference("windows/vssadmin-list-writers.en.healthy-partial.txt"))
    assert len(writers) == 4 and all(w.stable for w in writers)
    assert writers[0].writer_id.startswith("{")


def test_vss_state9_all_failed(reference):
    writers = parse_writers(reference("windows/vssadmin-list-writers.en.failed-state9-all-writers.txt"))
    assert [w.state for w in writers] == [9, 9, 1, 9, 9, 9]


@pytest.mark.parametrize("name, writer, state, error", [
    ("failed-state11-nonretryable-ntds", "NTDS", 11, "Non-retryable error"),
    ("failed-state11-nonretryable-sqlserverwriter", "SqlServerWriter", 11, "Non-retryable error"),
    ("failed-state8-retryable-exchange", None, 8, "Retryable error"),
])
def test_vss_failed_writer_captures(reference, name, writer, state, error):
    writers = parse_writers(reference(f"windows/vssadmin-list-writers.en.{name}.txt"))
    bad = [w for w in writers if not w.stable]
    assert bad and bad[0].state == state and bad[0].last_error == error
    if writer:
        assert bad[0].name == writer


def test_vss_state_number_wins_over_the_word(reference):
    writers = parse_writers(reference("windows/vssadmin-list-writers.en.failed-state7-and-inconsistent-code.txt"))
    by_name = {w.name: w for w in writers}
    assert by_name["System Writer"].stable  # "[1] Failed": the number is what counts
    assert by_name["WMI Writer"].state == 7 and not by_name["WMI Writer"].stable


def test_vss_two_writers_sharing_one_id(reference):
    writers = parse_writers(reference("windows/vssadmin-list-writers.en.exchange-stable-pair.txt"))
    assert len(writers) == 2 and writers[0].writer_id == writers[1].writer_id


def test_vss_french_localized_output(reference):
    writers = parse_writers(reference("windows/vssadmin-list-writers.fr.partial.txt"))
    assert [w.name for w in writers] == ["Task Scheduler Writer", "VSS Metadata Store Writer",
                                         "Performance Counters Writer", "System Writer"]
    assert all(w.stable and w.last_error == "Aucune erreur" for w in writers)


def test_vss_guest_exec_wrapped_crlf_without_ids(reference):
    out = json.loads(reference("windows/vssadmin-list-writers.en.failed-state10-timedout.qga-guest-exec.json"))["out-data"]
    writers = parse_writers(out)
    assert [(w.name, w.state) for w in writers] == [("SqlServerWriter", 10), ("System Writer", 5), ("WMI Writer", 1)]


def test_vss_korean_labels_and_trailing_spaces():
    text = ("기록기 이름: 'System Writer'   \r\n   기록기 ID: {e8132975-6f93-4464-a53e-1050253ae220}  \r\n"
            "   기록기 인스턴스 ID: {449e12cf-6b8f-4d75-a821-bc869d6612c4}\r\n   상태: [9] 실패\r\n   마지막 오류: 시간 초과\r\n")
    writers = parse_writers(text.replace("\r\n", "\n"))
    assert [(w.name, w.state, w.last_error) for w in writers] == [("System Writer", 9, "시간 초과")]


@pytest.mark.parametrize("text", ["", "garbage\n\x00\x01 nothing here", "Writer name: 'Cut'\n   Writer Id: {e81"])
def test_vss_empty_garbage_truncated(text):
    assert parse_writers(text) == []


# -- service logon accounts --------------------------------------------------------------------

@pytest.mark.parametrize("account, expected", [("NT AUTHORITY\\NetworkService", True),
                                               ("nt authority\\network service", True),
                                               ("NT AUTHORITY\\NETWORKSERVICE  ", True), ("LocalSystem", False),
                                               (".\\svc_dtc", False), ("", False)])
def test_network_service_spellings(account, expected):
    assert is_network_service(account) is expected


# -- icacls ------------------------------------------------------------------------------------

def test_icacls_tampered_machinekeys_capture(reference):
    entries = parse_icacls(reference("windows/icacls-machinekeys.nondefault-users-full.txt"), MACHINEKEYS)
    assert [(e.principal, sorted(e.rights)) for e in entries] == [("Everyone", ["R", "W"]), ("BUILTIN\\Users", ["F"])]


def test_icacls_inherited_flags_capture(reference):
    entries = parse_icacls(reference("windows/icacls.format-reference.inherited-flags.txt"), r"C:\\")
    assert entries and any(e.flags for e in entries)
    assert all(not ({"OI", "CI", "IO", "I"} & e.rights) for e in entries)


def test_icacls_default_reconstructed_crlf(reference):
    text = reference("windows/icacls-machinekeys.default.RECONSTRUCTED.txt").replace("\n", "\r\n")
    entries = parse_icacls(text, MACHINEKEYS)
    assert {(e.principal, frozenset(e.rights)) for e in entries} == {
        ("Everyone", frozenset({"R", "W"})), ("BUILTIN\\Administrators", frozenset({"F"}))}


def test_icacls_error_output():
    assert parse_icacls(f"{MACHINEKEYS}: Access is denied.\nSuccessfully processed 0 files; Failed processing 1 files",
                        MACHINEKEYS) == []

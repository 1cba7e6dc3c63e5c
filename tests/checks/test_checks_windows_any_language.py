"""The Windows checks read the same facts on a Korean server as on an English one.

DHCP and BitLocker come from WMI (the recorded instances are CIM JSON as PowerShell 5.1's
ConvertTo-Json prints them, the same properties and numbers), the WinHTTP proxy
from its registry value, MSDTC from the service manager; vssadmin and icacls, still read as text,
are fed their Korean output in the code page a Korean server writes (cp949, CRLF).
"""

from __future__ import annotations

import struct
from datetime import datetime, timezone

import pytest

from tests.checks.conftest import FIXTURES, fixture_text
from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import HostUnavailable, ServiceInfo
from troubleshooter.checks.parsers.cim import CimOutputError, CimQueryError, parse_instances
from troubleshooter.checks.parsers.winhttp_settings import (WINHTTP_CONNECTIONS_KEY, WinHttpSettingsError,
                                                            parse_winhttp_settings)
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check
from troubleshooter.checks.windows.bitlocker import VOLUMES_NAMESPACE
from troubleshooter.checks.windows.network import ADAPTERS_NAMESPACE

ADAPTERS = (ADAPTERS_NAMESPACE, "Win32_NetworkAdapterConfiguration")
VOLUMES = (VOLUMES_NAMESPACE, "Win32_EncryptableVolume")

MACHINEKEYS = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"

# What a Korean Windows Server prints for the commands the checks no longer read: if a check ran
# one of them again, the recorded host would answer in Korean (and the test asserting no call fails).
KOREAN_TEXT_COMMANDS = {
    "ipconfig /all": "Windows IP 구성\n\n이더넷 어댑터 이더넷:\n\n   DHCP 사용 . . . . . . . . . . : 예\n",
    "netsh winhttp show proxy": "현재 WinHTTP 프록시 설정:\n\n    직접 액세스(프록시 서버 없음).\n",
    "manage-bde -status": "볼륨 C: []\n    잠금 상태:            잠금 해제됨\n",
    "sc qc MSDTC": "[SC] QueryServiceConfig 성공\n\nSERVICE_NAME: MSDTC\n",
}


def wmi_answer(name: str) -> list[dict] | CimQueryError:
    """A recorded CIM answer as WMI hands it over: the instances, or the query's error."""
    try:
        return parse_instances(fixture_text(f"windows/{name}"))
    except CimQueryError as exc:
        return exc


def reg_query_binary(name: str) -> bytes:
    """The REG_BINARY data of a `reg query` fixture, as winreg hands it over."""
    line = next(line for line in fixture_text(f"windows/{name}").splitlines() if "REG_BINARY" in line)
    return bytes.fromhex(line.split()[-1])


def winhttp_settings_value(server: str, bypass: str = "") -> bytes:
    """WinHttpSettings as `netsh winhttp set proxy` writes it, built here from the published layout
    (not the parser's own constants): version 0x28, a counter, flags 0x3 with a proxy (0x1 direct),
    then the server and the bypass list, each a little-endian length and its ASCII bytes."""
    flags = 0x3 if server else 0x1
    strings = b"".join(struct.pack("<I", len(text)) + text.encode("ascii") for text in (server, bypass))
    return struct.pack("<III", 0x28, 1, flags) + strings


def korean_windows(**tables) -> FakeHost:
    commands = dict(KOREAN_TEXT_COMMANDS)
    commands.update(tables.pop("commands", {}))
    return FakeHost(platform="windows", commands=commands, **tables)


def ran_localized_text_command(host: FakeHost) -> bool:
    return any(" ".join(call) in KOREAN_TEXT_COMMANDS for call in host.calls)


# -- CIM JSON as PowerShell 5.1 prints it ----------------------------------------------------

def test_cim_single_object_dates_and_nulls():
    [adapter] = parse_instances(fixture_text(
        "windows/cim-win32-networkadapterconfiguration.azure-vm.single-object.RECONSTRUCTED.json"))
    assert adapter["DHCPEnabled"] is True and adapter["IPAddress"][0] == "10.0.0.4"
    assert adapter["DHCPLeaseObtained"] == datetime(2025, 12, 1, tzinfo=timezone.utc)
    second = parse_instances(fixture_text(
        "windows/cim-win32-networkadapterconfiguration.two-adapters-one-static.RECONSTRUCTED.json"))[1]
    assert second["DHCPServer"] is None and second["DHCPLeaseObtained"] is None


def test_cim_empty_pipeline_error_object_and_garbage():
    assert parse_instances("") == [] and parse_instances("\ufeff\r\n") == []
    with pytest.raises(CimQueryError) as denied:
        parse_instances(fixture_text("windows/cim-error.access-denied.RECONSTRUCTED.json"))
    assert denied.value.code == "AccessDenied"
    for garbage in ("Get-CimInstance : 액세스가 거부되었습니다.", "[1, 2]", '"text"', "{"):
        with pytest.raises(CimOutputError):
            parse_instances(garbage)


# -- DHCP from Win32_NetworkAdapterConfiguration -------------------------------------------------

def test_dhcp_from_cim_single_adapter_is_ok():
    host = korean_windows(wmi={ADAPTERS: wmi_answer(
        "cim-win32-networkadapterconfiguration.azure-vm.single-object.RECONSTRUCTED.json")})
    found = run_check("windows.dhcp", host)
    assert found.status is Status.OK, found.summary
    adapter = found.facts["adapters"]["Microsoft Hyper-V Network Adapter"]
    assert adapter["ipv4"] == "10.0.0.4" and adapter["dhcp_server"] == "168.63.129.16"
    assert adapter["lease_obtained"].startswith("2025-12-01")
    assert not ran_localized_text_command(host)


def test_dhcp_from_cim_names_the_static_adapter():
    host = korean_windows(wmi={ADAPTERS: wmi_answer(
        "cim-win32-networkadapterconfiguration.two-adapters-one-static.RECONSTRUCTED.json")})
    found = run_check("windows.dhcp", host)
    assert found.status is Status.PROBLEM
    assert found.facts["static"] == ["Microsoft Hyper-V Network Adapter #2"]
    assert "Microsoft Hyper-V Network Adapter #2" in found.summary["ko"]


@pytest.mark.parametrize("answer", [
    HostUnavailable("WMI did not answer (0x80070422)"),
    CimQueryError("Failed"),
    [{"Index": 1, "DHCPEnabled": True, "IPAddress": None}],
])
def test_dhcp_without_a_usable_wmi_answer_is_an_error(answer):
    host = korean_windows(wmi={ADAPTERS: answer})
    found = run_check("windows.dhcp", host)
    assert found.status is Status.ERROR
    assert [call[0] for call in host.calls] == ["wmi"]  # no PowerShell, no ipconfig to fall back on


# -- WinHTTP proxy from the registry ------------------------------------------------------------

def test_winhttp_settings_layouts():
    assert parse_winhttp_settings(reg_query_binary("reg-query-winhttpsettings.direct.msdocs-default.txt")).direct
    assert parse_winhttp_settings(None).direct  # never set: WinHTTP goes direct
    proxied = parse_winhttp_settings(reg_query_binary("reg-query-winhttpsettings.proxy-bypass-local.RECONSTRUCTED.txt"))
    assert (proxied.direct, proxied.server, proxied.bypass) == (False, "proxy.contoso.local:3128", "<local>")
    assert parse_winhttp_settings(winhttp_settings_value("p:1", "") + b"\x00" * 16).server == "p:1"
    for damaged in (b"\x18\x00", winhttp_settings_value("proxy:8080", "<local>")[:20], "18000000", 3):
        with pytest.raises(WinHttpSettingsError):
            parse_winhttp_settings(damaged)


@pytest.mark.parametrize("fixture, status, server", [
    ("reg-query-winhttpsettings.direct.msdocs-default.txt", Status.OK, ""),
    ("reg-query-winhttpsettings.proxy-bypass-local.RECONSTRUCTED.txt", Status.WARNING, "proxy.contoso.local:3128"),
    ("reg-query-winhttpsettings.proxy-bypass-wireserver.RECONSTRUCTED.txt", Status.OK, "10.1.2.3:8080"),
])
def test_winhttp_proxy_from_the_registry(fixture, status, server):
    host = korean_windows(registry={WINHTTP_CONNECTIONS_KEY: {"WinHttpSettings": reg_query_binary(fixture)}})
    found = run_check("windows.winhttp_proxy", host)
    assert found.status is status, found.summary
    assert found.facts["proxy_server"] == server
    assert "WinHttpSettings" in found.evidence
    assert not ran_localized_text_command(host)


def test_winhttp_proxy_unset_damaged_and_unreadable():
    unset = run_check("windows.winhttp_proxy", korean_windows(registry={WINHTTP_CONNECTIONS_KEY: {}}))
    assert unset.status is Status.OK and unset.facts["direct"] is True
    damaged = run_check("windows.winhttp_proxy", korean_windows(
        registry={WINHTTP_CONNECTIONS_KEY: {"WinHttpSettings": b"\x28\x00\x00\x00\x01"}}))
    assert damaged.status is Status.ERROR
    no_registry = run_check("windows.winhttp_proxy", FakeHost(platform="windows"))
    assert no_registry.status is Status.OK  # no key at all: netsh, too, shows direct access


# -- BitLocker from Win32_EncryptableVolume -----------------------------------------------------

def test_bitlocker_from_cim_finds_the_locked_volume():
    host = korean_windows(wmi={VOLUMES: wmi_answer(
        "cim-win32-encryptablevolume.one-locked-of-three.RECONSTRUCTED.json")})
    found = run_check("windows.bitlocker", host)
    assert found.status is Status.PROBLEM
    assert found.facts["locked"] == ["F:"]
    assert found.facts["volumes"]["F:"]["conversion_status"] == "Fully Encrypted"
    assert found.facts["volumes"]["C:"]["lock_status"] == "Unlocked"
    assert not ran_localized_text_command(host)


def test_bitlocker_single_protected_volume_is_ok():
    found = run_check("windows.bitlocker", korean_windows(wmi={VOLUMES: wmi_answer(
        "cim-win32-encryptablevolume.single-object-protected.RECONSTRUCTED.json")}))
    assert found.status is Status.OK
    assert found.facts["volumes"]["C:"]["protection_status"] == "Protection On"


def test_bitlocker_cim_errors_by_code():
    absent = run_check("windows.bitlocker", korean_windows(wmi={VOLUMES: wmi_answer(
        "cim-error.invalid-namespace.RECONSTRUCTED.json")}))
    assert absent.status is Status.OK and absent.facts["installed"] is False
    denied = run_check("windows.bitlocker", korean_windows(wmi={VOLUMES: wmi_answer(
        "cim-error.access-denied.RECONSTRUCTED.json")}))
    assert denied.status is Status.SKIPPED and denied.facts["reason"] == "needs_admin"
    broken = run_check("windows.bitlocker", korean_windows(wmi={VOLUMES: HostUnavailable("WMI did not answer")}))
    assert broken.status is Status.ERROR and broken.summary["en"].startswith("WMI did not answer")


# -- MSDTC from the service manager -------------------------------------------------------------

@pytest.mark.parametrize("service, status", [
    (ServiceInfo("MSDTC", True, "running", "automatic", "NT AUTHORITY\\NetworkService"), Status.OK),
    (ServiceInfo("MSDTC", True, "running", "automatic", "LocalSystem"), Status.PROBLEM),
    (ServiceInfo("MSDTC", False, "stopped", "manual", "NT AUTHORITY\\NETWORKSERVICE"), Status.PROBLEM),
    (None, Status.PROBLEM),
    (HostUnavailable("OpenSCManager failed"), Status.ERROR),
])
def test_msdtc_from_the_service_manager(service, status):
    host = korean_windows(services={"MSDTC": service} if service is not None else {})
    found = run_check("windows.msdtc", host)
    assert found.status is status, found.summary
    assert not ran_localized_text_command(host)


# -- what is still text: vssadmin and icacls in Korean (cp949, CRLF) ----------------------------

def test_vss_writers_korean_output():
    raw = (FIXTURES / "windows/vssadmin-list-writers.ko.one-failed.RECONSTRUCTED.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture is in the Korean OEM code page, as vssadmin writes it
    found = run_check("windows.vss_writers", korean_windows(commands={
        "vssadmin list writers": fixture_text("windows/vssadmin-list-writers.ko.one-failed.RECONSTRUCTED.txt")}))
    assert found.status is Status.PROBLEM
    assert [writer["name"] for writer in found.facts["bad_writers"]] == ["SqlServerWriter"]
    assert len(found.facts["writers"]) == 4


def test_machinekeys_korean_output():
    found = run_check("windows.machinekeys", korean_windows(commands={
        f"icacls {MACHINEKEYS}": fixture_text("windows/icacls-machinekeys.default.ko.RECONSTRUCTED.txt")}))
    assert found.status is Status.OK, found.summary


# -- hostile input: a damaged value or a strange answer is an error result, never a crash ---------

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_winhttp_settings_any_bytes(value):
    try:
        settings_read = parse_winhttp_settings(value)
    except WinHttpSettingsError:
        return
    assert settings_read.direct or settings_read.server


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20))
def test_cim_parser_any_json(value):
    import json

    try:
        instances = parse_instances(json.dumps(value))
    except (CimOutputError, CimQueryError):
        return
    assert all(isinstance(instance, dict) for instance in instances)

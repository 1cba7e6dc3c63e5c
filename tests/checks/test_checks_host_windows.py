"""LocalHost's Windows doors on a real Windows (the windows-latest CI runner): the registry, the
service manager, PowerShell and CIM, and the checks that read them. Skipped anywhere else."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest

from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check
from troubleshooter.checks.parsers.cim import CimQueryError
from troubleshooter.checks.windows.common import powershell

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="reads this machine's Windows registry and services")

CURRENT_VERSION = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
SERVICES = r"HKLM\SYSTEM\CurrentControlSet\Services"


@pytest.fixture
def host():
    return LocalHost()


def test_registry_values_every_windows_has(host):
    build = host.registry_value(CURRENT_VERSION, "CurrentBuildNumber")
    assert isinstance(build, str) and build.isdigit() and int(build) >= 14393
    assert host.registry_value(CURRENT_VERSION, "NoSuchValue-vmbt") is None
    assert "EventLog" in (host.registry_subkeys(SERVICES) or [])
    assert host.registry_subkeys(SERVICES + r"\NoSuchKey-vmbt") is None
    values = host.registry_values(SERVICES + r"\EventLog")
    assert values is not None and values["Start"] == 2  # automatic


def test_registry_binary_value_comes_back_as_bytes(host):
    # REG_BINARY must stay bytes for the WinHTTP parser; every Windows has this one.
    assert isinstance(host.registry_value(CURRENT_VERSION, "DigitalProductId"), bytes)


def test_service_manager_answers_for_a_service_every_windows_has(host):
    event_log = host.service("EventLog")
    assert event_log is not None and event_log.running and event_log.start_type == "automatic"
    assert event_log.account  # the logon account, as stored (NT AUTHORITY\LocalService)
    assert host.service("NoSuchService-vmbt") is None


def test_powershell_runs_and_its_output_is_decoded(host):
    output = powershell(host, "$PSVersionTable.PSVersion.Major", timeout=60)
    assert output.ok, output.stderr
    assert int(output.stdout.strip()) >= 5


def test_wmi_answers_a_cim_class_with_dates_and_without_powershell(host):
    [system] = host.wmi_query(r"root\cimv2", "SELECT Caption, BuildNumber, LastBootUpTime FROM Win32_OperatingSystem")
    assert system["BuildNumber"].isdigit()
    assert isinstance(system["LastBootUpTime"], datetime) and system["LastBootUpTime"].tzinfo is not None


def test_wmi_error_comes_back_as_a_code(host):
    with pytest.raises(CimQueryError) as failure:
        host.wmi_query(r"root\NoSuchNamespaceVmbt", "SELECT * FROM Win32_Nothing")
    assert failure.value.code == "InvalidNamespace"


def test_product_version_from_a_version_resource(host):
    version = host.file_version(r"C:\Windows\System32\kernel32.dll")
    assert version is not None and all(part.isdigit() for part in version.split(".")) and version.count(".") == 3
    assert host.file_version(r"C:\Windows\System32\no-such-file-vmbt.dll") is None


@pytest.mark.parametrize("check_id", ["windows.dhcp", "windows.winhttp_proxy", "windows.bitlocker", "windows.msdtc",
                                      "windows.agent_services", "windows.vss_service", "windows.msiserver"])
def test_checks_reach_an_answer_on_a_real_windows(check_id):
    found = run_check(check_id, timeout=90)
    assert found.status is not Status.ERROR, (found.summary["en"], found.evidence)

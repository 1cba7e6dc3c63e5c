"""Every Windows check against a recorded machine (FakeHost): its ok, problem and error states.

DHCP, WinHTTP proxy, BitLocker and MSDTC read language-independent sources; their tests are in
test_checks_windows_any_language.py."""

from __future__ import annotations

import json

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import CommandOutput, HostUnavailable, ServiceInfo
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import run_check

MACHINEKEYS = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"
PS_PREFIX = "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "
WAAPPAGENT = r"C:\WindowsAzure\Packages\WaAppAgent.exe"
CERT_SCRIPT = ("ConvertTo-Json -Compress -InputObject @(Get-ChildItem -Path Cert:\\LocalMachine\\My | "
               "Select-Object Subject, Issuer, Thumbprint, @{Name='NotAfter';Expression={$_.NotAfter.ToString('o')}})")
PLUGIN = r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot"


def windows(**tables) -> FakeHost:
    return FakeHost(platform="windows", **tables)


def running(name, account="LocalSystem", start="automatic"):
    return ServiceInfo(name, True, "running", start, account)


def stopped(name, start="manual"):
    return ServiceInfo(name, False, "stopped", start)


def failed(argv: str, code=1, stderr="Access is denied."):
    return CommandOutput(tuple(argv.split(" ")), code, "", stderr)


# -- agent ---------------------------------------------------------------------------------------

def test_agent_services_states():
    ok = run_check("windows.agent_services", windows(services={"WindowsAzureGuestAgent": running("x"),
                                                               "RdAgent": running("y")}))
    down = run_check("windows.agent_services", windows(services={"WindowsAzureGuestAgent": stopped("x", "automatic"),
                                                                 "RdAgent": running("y")}))
    missing = run_check("windows.agent_services", windows())
    broken = run_check("windows.agent_services", windows(services={"WindowsAzureGuestAgent": HostUnavailable("RPC")}))
    assert ok.status is Status.OK
    assert down.status is Status.PROBLEM and "WindowsAzureGuestAgent" in down.summary["en"]
    assert missing.status is Status.PROBLEM and missing.facts["missing"] == ["WindowsAzureGuestAgent", "RdAgent"]
    assert broken.status is Status.ERROR


@pytest.mark.parametrize("version, status", [("2.7.41491.1102", Status.OK), ("2.7.41491.1010", Status.OK),
                                             ("2.7.41491.1009", Status.PROBLEM), ("2.6.1198.718", Status.PROBLEM),
                                             ("2.2.10", Status.PROBLEM)])
def test_agent_version_against_the_minimum(version, status):
    host = windows(files={WAAPPAGENT: "MZ"}, file_versions={WAAPPAGENT: version})
    found = run_check("windows.agent_version", host)
    assert found.status is status and found.facts["product_version"] == version
    assert not host.calls  # read from the version resource: no PowerShell started


def test_agent_version_missing_file_and_no_version_resource():
    assert run_check("windows.agent_version", windows()).status is Status.PROBLEM
    without_version = run_check("windows.agent_version", windows(files={WAAPPAGENT: "MZ"}))
    assert without_version.status is Status.ERROR
    assert without_version.summary["en"] == "WaAppAgent.exe has no readable product version."


# -- snapshot extension --------------------------------------------------------------------------

def test_snapshot_extension_newest_version_and_status_number(reference):
    error = reference("windows/vmsnapshot-status.error-vsswriter.RECONSTRUCTED.status.json")
    success = reference("windows/vmsnapshot-status.success.RECONSTRUCTED.status.json")
    host = windows(files={PLUGIN + r"\1.0.9.0\Status\5.status": error,
                          PLUGIN + r"\1.0.10.0\Status\9.status": error,
                          PLUGIN + r"\1.0.10.0\Status\10.status": success})
    ok = run_check("windows.snapshot_extension", host)
    assert ok.status is Status.OK and ok.facts["status_file"].endswith("10.status")
    failing = windows(files={PLUGIN + r"\1.0.10.0\Status\11.status": error,
                             PLUGIN + r"\1.0.10.0\Status\10.status": success})
    problem = run_check("windows.snapshot_extension", failing)
    assert problem.status is Status.PROBLEM and "ExtensionFailedVssWriterInBadState" in problem.summary["en"]


def test_snapshot_extension_absent_and_unreadable():
    assert run_check("windows.snapshot_extension", windows()).status is Status.WARNING
    broken = windows(files={PLUGIN + r"\1.0.10.0\Status\3.status": "[{\"version\": "})
    assert run_check("windows.snapshot_extension", broken).status is Status.ERROR


# -- VSS -----------------------------------------------------------------------------------------

def test_vss_writers_states(reference):
    healthy = windows(commands={"vssadmin list writers": reference("windows/vssadmin-list-writers.fr.partial.txt")})
    ntds = windows(commands={"vssadmin list writers":
                             reference("windows/vssadmin-list-writers.en.failed-state11-nonretryable-ntds.txt")})
    ok, problem = run_check("windows.vss_writers", healthy), run_check("windows.vss_writers", ntds)
    assert ok.status is Status.OK and len(ok.facts["writers"]) == 4
    assert problem.status is Status.PROBLEM
    assert problem.facts["bad_writers"][0]["name"] == "NTDS" and problem.facts["bad_writers"][0]["service"] == "NTDS"
    assert "[11]" in problem.summary["en"] and "NTDS" in problem.summary["ko"]


def test_vss_writers_error_and_not_admin():
    denied = windows(commands={"vssadmin list writers": CommandOutput(
        ("vssadmin",), 2, "Error: You don't have the correct permissions to run this command.  Please run this utility "
        "from a command window that has elevated administrator privileges.", "")})
    assert run_check("windows.vss_writers", denied).status is Status.SKIPPED
    garbage = windows(commands={"vssadmin list writers": failed("vssadmin", 1, "Error: 0x8004230f")})
    assert run_check("windows.vss_writers", garbage).status is Status.ERROR
    not_elevated = run_check("windows.vss_writers", windows(elevated=False))
    assert not_elevated.status is Status.SKIPPED and not_elevated.facts["reason"] == "needs_admin"


def test_vss_service_states():
    assert run_check("windows.vss_service", windows(services={"VSS": stopped("VSS")})).status is Status.OK
    assert run_check("windows.vss_service", windows(services={"VSS": stopped("VSS", "disabled")})).status is Status.PROBLEM
    assert run_check("windows.vss_service", windows(services={"VSS": ServiceInfo("VSS", False, "stop_pending", "manual")})
                     ).status is Status.PROBLEM
    assert run_check("windows.vss_service", windows(services={"VSS": HostUnavailable("no")})).status is Status.ERROR


# -- services --------------------------------------------------------------------------------

def test_complus_states():
    assert run_check("windows.complus", windows(services={"COMSysApp": running("COMSysApp")})).status is Status.OK
    assert run_check("windows.complus", windows(services={"COMSysApp": stopped("COMSysApp", "disabled")})
                     ).status is Status.PROBLEM
    assert run_check("windows.complus", windows(services={"COMSysApp": stopped("COMSysApp")})).status is Status.WARNING
    assert run_check("windows.complus", windows()).status is Status.PROBLEM
    assert run_check("windows.complus", windows(services={"COMSysApp": HostUnavailable("x")})).status is Status.ERROR


@pytest.mark.parametrize("start, status", [(3, Status.OK), (4, Status.PROBLEM), (2, Status.WARNING),
                                           (None, Status.PROBLEM)])
def test_msiserver_start_value(start, status):
    registry = {} if start is None else {r"HKLM\SYSTEM\CurrentControlSet\Services\Msiserver": {"Start": start}}
    assert run_check("windows.msiserver", windows(registry=registry)).status is status


def test_msiserver_registry_failure_is_an_error():
    class Broken(FakeHost):
        def registry_value(self, key, name):
            raise PermissionError(5, "Access is denied")

    assert run_check("windows.msiserver", Broken(platform="windows")).status is Status.ERROR


# -- crypto ----------------------------------------------------------------------------------

def test_machinekeys_states(reference):
    default = run_check("windows.machinekeys", windows(commands={
        f"icacls {MACHINEKEYS}": reference("windows/icacls-machinekeys.default.RECONSTRUCTED.txt")}))
    tampered = run_check("windows.machinekeys", windows(commands={
        f"icacls {MACHINEKEYS}": reference("windows/icacls-machinekeys.nondefault-users-full.txt")}))
    broken = run_check("windows.machinekeys", windows(commands={f"icacls {MACHINEKEYS}": failed("icacls", 2,
                                                                                            "The system cannot find")}))
    assert default.status is Status.OK
    assert tampered.status is Status.PROBLEM
    assert "BUILTIN\\Users:(F)" in tampered.summary["en"] and "BUILTIN\\Administrators" in tampered.summary["en"]
    assert broken.status is Status.ERROR


def test_crp_certificates_states():
    crp = {"Subject": "CN=Windows Azure CRP Certificate Generator", "Issuer": "CN=Windows Azure CRP Certificate Generator",
           "Thumbprint": "AB" * 20, "NotAfter": "2030-01-01T00:00:00"}
    other = {"Subject": "CN=web", "Issuer": "CN=Contoso CA", "Thumbprint": "CD" * 20, "NotAfter": ""}
    found = run_check("windows.crp_certificates", windows(commands={PS_PREFIX + CERT_SCRIPT: json.dumps([crp, other])}))
    single = run_check("windows.crp_certificates", windows(commands={PS_PREFIX + CERT_SCRIPT: json.dumps(other)}))
    empty = run_check("windows.crp_certificates", windows(commands={PS_PREFIX + CERT_SCRIPT: "[]"}))
    broken = run_check("windows.crp_certificates", windows(commands={PS_PREFIX + CERT_SCRIPT: "{not json"}))
    assert found.status is Status.WARNING and len(found.facts["crp_certificates"]) == 1
    assert single.status is Status.OK and single.facts["certificates_in_store"] == 1
    assert empty.status is Status.OK and broken.status is Status.ERROR


def test_crp_certificates_when_powershell_is_blocked_or_silent_says_so():
    # Wine's stub, and a PowerShell that AppLocker/WDAC stops, exit without printing anything.
    silent = run_check("windows.crp_certificates", windows(commands={PS_PREFIX + CERT_SCRIPT: ""}))
    assert silent.status is Status.ERROR
    assert silent.summary["en"].startswith("PowerShell printed nothing, as it does when AppLocker")
    assert silent.summary["ko"].startswith("AppLocker, WDAC, 제한된 언어 모드")
    assert "int()" not in silent.summary["en"]


def test_strong_crypto_states():
    root = r"HKLM\SOFTWARE\Microsoft\.NETFramework"
    wow = r"HKLM\SOFTWARE\Wow6432Node\Microsoft\.NETFramework"
    all_set = {f"{root}\\v4.0.30319": {"SchUseStrongCrypto": 1}, f"{root}\\v2.0.50727": {"SchUseStrongCrypto": 1},
               f"{wow}\\v4.0.30319": {"SchUseStrongCrypto": 1}, f"{root}\\policy\\v2.0": {}}
    ok = run_check("windows.strong_crypto", windows(registry=all_set))
    missing = dict(all_set, **{f"{wow}\\v4.0.30319": {}})
    problem = run_check("windows.strong_crypto", windows(registry=missing))
    none = run_check("windows.strong_crypto", windows())
    assert ok.status is Status.OK and len(ok.facts["keys"]) == 3
    assert problem.status is Status.PROBLEM and problem.facts["not_set"] == [f"{wow}\\v4.0.30319"]
    assert none.status is Status.WARNING


# -- software --------------------------------------------------------------------------------

UNINSTALL = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"


EXTENSION = r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot"


def test_vcredist_finds_the_runtime_the_current_page_names():
    shared = {f"{UNINSTALL}\\{{A}}": {"DisplayName": "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33135"}}
    from_fix = {f"{UNINSTALL}\\{{A}}": {"DisplayName": "Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40664"}}
    only_2012 = {f"{UNINSTALL}\\{{C}}": {"DisplayName": "Microsoft Visual C++ 2012 x64 Minimum Runtime - 11.0.61030"},
                 f"{UNINSTALL}\\{{D}}": {"DisplayName": "Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.38"}}
    with_extension = {EXTENSION + "\\1.0.9.0\\iaasvmprovider.dll": ""}
    assert run_check("windows.vcredist", windows(registry=shared, files=with_extension)).status is Status.OK
    # What Microsoft's fix installs (vcredist2013_x64) makes "Check again" pass.
    assert run_check("windows.vcredist", windows(registry=from_fix, files=with_extension)).status is Status.OK
    assert run_check("windows.vcredist", windows(registry=only_2012, files=with_extension)).status is Status.PROBLEM

    class Broken(FakeHost):
        def registry_subkeys(self, key):
            raise OSError("registry unavailable")

    assert run_check("windows.vcredist", Broken(platform="windows")).status is Status.ERROR


def test_vcredist_is_no_cause_before_the_extension_is_installed():
    nothing = {f"{UNINSTALL}\\{{B}}": {"DisplayName": "7-Zip"}}
    result = run_check("windows.vcredist", windows(registry=nothing))
    assert result.status is Status.SKIPPED
    assert "VMSnapshot" in result.summary["en"]


def test_sql_server_states():
    instances = {r"HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL": {"MSSQLSERVER": "MSSQL16.MSSQLSERVER"}}
    set_true = dict(instances, **{r"HKLM\SOFTWARE\Microsoft\BCDRAGENT": {"USEVSSCOPYBACKUP": "TRUE"}})
    assert run_check("windows.sql_server", windows()).status is Status.OK
    assert run_check("windows.sql_server", windows(registry=set_true)).status is Status.OK
    unset = run_check("windows.sql_server", windows(registry=instances))
    assert unset.status is Status.PROBLEM and unset.facts["instances"] == ["MSSQLSERVER"]

    class Broken(FakeHost):
        def registry_values(self, key):
            raise PermissionError("denied")

    assert run_check("windows.sql_server", Broken(platform="windows")).status is Status.ERROR


# -- network ---------------------------------------------------------------------------------

def test_elevated_states():
    assert run_check("windows.elevated", windows(elevated=True)).status is Status.OK
    not_admin = run_check("windows.elevated", windows(elevated=False))
    assert not_admin.status is Status.WARNING and "Run as administrator" in not_admin.summary["en"]


def test_every_windows_check_is_skipped_on_linux():
    from troubleshooter.checks.runner import applicable_check_ids

    for check_id in applicable_check_ids("windows"):
        if check_id.startswith("windows."):
            found = run_check(check_id, FakeHost(platform="linux"))
            assert found.status is Status.SKIPPED and found.facts["reason"] == "other_platform"


def test_machinekeys_in_another_language_is_not_a_false_alarm():
    german = (f"{MACHINEKEYS} Jeder:(R,W)\n" + " " * len(MACHINEKEYS) + " VORDEFINIERT\\Administratoren:(F)\n\n"
              "1 Dateien erfolgreich verarbeitet, bei 0 Dateien ist ein Verarbeitungsfehler aufgetreten.\n")
    found = run_check("windows.machinekeys", windows(commands={f"icacls {MACHINEKEYS}": german}))
    assert found.status is Status.WARNING and found.facts["compared"] is False
    assert "Jeder:(R,W)" in found.summary["en"]


def test_strong_crypto_and_elevation_errors_are_reported_not_guessed():
    class NoRegistry(FakeHost):
        def registry_subkeys(self, key):
            raise PermissionError(5, "Access is denied")

        def is_elevated(self):
            raise OSError("token query failed")

    assert run_check("windows.strong_crypto", NoRegistry(platform="windows")).status is Status.ERROR
    found = run_check("windows.elevated", NoRegistry(platform="windows"))
    assert found.status is Status.ERROR and "token query failed" in found.summary["en"]

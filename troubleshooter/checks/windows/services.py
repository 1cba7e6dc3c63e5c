"""Windows services the snapshot depends on: COM+ System Application, MSDTC and the Windows Installer."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.service_account import is_network_service
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows.common import describe, service_or_none

MSISERVER_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\Msiserver"


@check("windows.complus", platforms=("windows",), timeout=10, serves=("B12", "B21"))
def complus(host: Host):
    check_id = "windows.complus"
    info, note = service_or_none(host, "COMSysApp")
    if note:
        return outcome.error(check_id, "service_manager_silent", note=note)
    if info is None:
        return outcome.problem(check_id, "missing", {"installed": False})
    facts = describe(info)
    raw = f"COMSysApp: {info.state} (start: {info.start_type}, account: {info.account})"
    if info.start_type.lower() == "disabled":
        return outcome.problem(check_id, "disabled", facts, raw)
    if info.running:
        return outcome.ok(check_id, "running", facts, raw)
    # COMSysApp is a manual service that COM+ starts when asked; stopped is normal unless it cannot start.
    return outcome.warning(check_id, "stopped", facts, raw, state=info.state, start_type=info.start_type)


@check("windows.msdtc", platforms=("windows",), timeout=15, serves=("B20",))
def msdtc(host: Host):
    check_id = "windows.msdtc"
    # The service manager's answer (psutil) is the same in every display language; `sc qc` is not.
    info, note = service_or_none(host, "MSDTC")
    if note:
        return outcome.error(check_id, "service_manager_silent", note=note)
    if info is None:
        return outcome.problem(check_id, "missing", {"installed": False})
    account = info.account
    facts = {"account": account, "start_type": info.start_type, "state": info.state, "running": info.running}
    raw = f"MSDTC: {info.state} (start: {info.start_type}, account: {account})"
    if not account:
        return outcome.error(check_id, "no_account", facts, raw)
    if not is_network_service(account):
        return outcome.problem(check_id, "wrong_account", facts, raw, account=account)
    if not info.running:
        return outcome.problem(check_id, "not_running", facts, raw, state=info.state)
    return outcome.ok(check_id, "running", facts, raw)


@check("windows.msiserver", platforms=("windows",), timeout=5, serves=("B24",))
def msiserver(host: Host):
    check_id = "windows.msiserver"
    start = host.registry_value(MSISERVER_KEY, "Start")
    facts = {"key": MSISERVER_KEY, "start": start}
    raw = f"{MSISERVER_KEY}\n    Start    REG_DWORD    {start!r}"
    if start is None:
        return outcome.problem(check_id, "not_registered", facts, raw)
    if start == 3:
        return outcome.ok(check_id, "manual", facts, raw)
    if start == 4:
        return outcome.problem(check_id, "disabled", facts, raw)
    return outcome.warning(check_id, "unexpected", facts, raw, start=start)

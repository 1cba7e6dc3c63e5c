"""Windows services the snapshot depends on: COM+ System Application, MSDTC and the Windows Installer."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.service_account import is_network_service
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows.common import describe, service_or_none

MSISERVER_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\Msiserver"


@check("windows.complus",
       title={"en": "COM+ System Application service", "ko": "COM+ 시스템 애플리케이션 서비스"},
       description={"en": "Looks at the COMSysApp service. The backup extension installs and snapshots through "
                          "COM+, so the service must be able to start.",
                    "ko": "COMSysApp 서비스를 확인합니다. 백업 확장은 COM+를 통해 설치되고 스냅숏을 만들므로 이 "
                          "서비스가 시작될 수 있어야 합니다."},
       platforms=("windows",), timeout=10, serves=("B12", "B21"))
def complus(host: Host):
    check_id = "windows.complus"
    info, note = service_or_none(host, "COMSysApp")
    if note:
        return outcome.error(check_id, f"The service manager could not be asked about COMSysApp: {note}",
                             f"서비스 관리자에게 COMSysApp을 물어볼 수 없습니다: {note}")
    if info is None:
        return outcome.problem(check_id, "The COM+ System Application service (COMSysApp) is missing.",
                               "COM+ 시스템 애플리케이션 서비스(COMSysApp)가 없습니다.", {"installed": False})
    facts = describe(info)
    raw = f"COMSysApp: {info.state} (start: {info.start_type}, account: {info.account})"
    if info.start_type.lower() == "disabled":
        return outcome.problem(check_id, "COMSysApp is disabled: set it to Manual and run 'net start COMSysApp'.",
                               "COMSysApp이 사용 안 함으로 설정되어 있습니다. 수동으로 바꾸고 'net start COMSysApp'을 "
                               "실행하십시오.", facts, raw)
    if info.running:
        return outcome.ok(check_id, "COM+ System Application (COMSysApp) is running.",
                          "COM+ 시스템 애플리케이션(COMSysApp)이 실행 중입니다.", facts, raw)
    # COMSysApp is a manual service that COM+ starts when asked; stopped is normal unless it cannot start.
    return outcome.warning(check_id, f"COMSysApp is not running now ({info.state}, start type {info.start_type}); it "
                                     "starts on demand. If the extension reports a COM+ error, run 'net start "
                                     "COMSysApp' from an elevated prompt.",
                           f"COMSysApp이 지금은 실행 중이 아닙니다({info.state}, 시작 유형 {info.start_type}). 필요할 때 "
                           "시작되는 서비스입니다. 확장이 COM+ 오류를 보고하면 관리자 명령 프롬프트에서 'net start "
                           "COMSysApp'을 실행하십시오.", facts, raw)


@check("windows.msdtc",
       title={"en": "Distributed Transaction Coordinator (MSDTC)", "ko": "분산 트랜잭션 코디네이터(MSDTC)"},
       description={"en": "Asks the service manager for the MSDTC service's state and logon account. COM+ needs "
                          "MSDTC running as NT AUTHORITY\\NetworkService.",
                    "ko": "서비스 관리자에게 MSDTC 서비스의 상태와 로그온 계정을 묻습니다. COM+에는 NT AUTHORITY\\"
                          "NetworkService로 실행되는 MSDTC가 필요합니다."},
       platforms=("windows",), timeout=15, serves=("B20",))
def msdtc(host: Host):
    check_id = "windows.msdtc"
    # The service manager's answer (psutil) is the same in every display language; `sc qc` is not.
    info, note = service_or_none(host, "MSDTC")
    if note:
        return outcome.error(check_id, f"The service manager could not be asked about MSDTC: {note}",
                             f"서비스 관리자에게 MSDTC를 물어볼 수 없습니다: {note}")
    if info is None:
        return outcome.problem(check_id, "The MSDTC service is not installed: reinstall it with 'msdtc -install'.",
                               "MSDTC 서비스가 설치되어 있지 않습니다. 'msdtc -install'로 다시 설치하십시오.",
                               {"installed": False})
    account = info.account
    facts = {"account": account, "start_type": info.start_type, "state": info.state, "running": info.running}
    raw = f"MSDTC: {info.state} (start: {info.start_type}, account: {account})"
    if not account:
        return outcome.error(check_id, "The service manager did not show MSDTC's logon account.",
                             "서비스 관리자가 MSDTC의 로그온 계정을 보여 주지 않았습니다.", facts, raw)
    if not is_network_service(account):
        return outcome.problem(check_id, f"MSDTC logs on as '{account}' instead of NT AUTHORITY\\NetworkService: change "
                                         "the logon account, then start COMSysApp.",
                               f"MSDTC가 NT AUTHORITY\\NetworkService가 아니라 '{account}'(으)로 로그온합니다. 로그온 "
                               "계정을 바꾼 뒤 COMSysApp을 시작하십시오.", facts, raw)
    if not info.running:
        return outcome.problem(check_id, f"MSDTC runs as Network Service but is not running ({info.state}).",
                               f"MSDTC 계정은 Network Service이지만 실행 중이 아닙니다({info.state}).", facts, raw)
    return outcome.ok(check_id, "MSDTC logs on as Network Service and is running.",
                      "MSDTC가 Network Service로 로그온하며 실행 중입니다.", facts, raw)


@check("windows.msiserver",
       title={"en": "Windows Installer service start type", "ko": "Windows Installer 서비스 시작 유형"},
       description={"en": "Reads the Start value of the Msiserver service. The extension installs the Visual C++ "
                          "runtime with it, which fails when Start is 4 (disabled); it should be 3 (manual).",
                    "ko": "Msiserver 서비스의 Start 값을 읽습니다. 확장은 이 서비스로 Visual C++ 런타임을 설치하므로 "
                          "Start가 4(사용 안 함)이면 실패합니다. 3(수동)이어야 합니다."},
       platforms=("windows",), timeout=5, serves=("B24",))
def msiserver(host: Host):
    check_id = "windows.msiserver"
    start = host.registry_value(MSISERVER_KEY, "Start")
    facts = {"key": MSISERVER_KEY, "start": start}
    raw = f"{MSISERVER_KEY}\n    Start    REG_DWORD    {start!r}"
    if start is None:
        return outcome.problem(check_id, "The Windows Installer service (Msiserver) is not registered.",
                               "Windows Installer 서비스(Msiserver)가 등록되어 있지 않습니다.", facts, raw)
    if start == 3:
        return outcome.ok(check_id, "Msiserver Start is 3 (manual), as it should be.",
                          "Msiserver의 Start 값이 올바른 3(수동)입니다.", facts, raw)
    if start == 4:
        return outcome.problem(check_id, "Msiserver Start is 4 (disabled): set it to 3.",
                               "Msiserver의 Start 값이 4(사용 안 함)입니다. 3으로 바꾸십시오.", facts, raw)
    return outcome.warning(check_id, f"Msiserver Start is {start}; the expected value is 3 (manual).",
                           f"Msiserver의 Start 값이 {start}입니다. 기대값은 3(수동)입니다.", facts, raw)

"""The Windows guest agent: its two services and the version of WaAppAgent.exe."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.versions import at_least, dotted, parse_version
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import WINDOWS_AGENT_MINIMUM
from troubleshooter.checks.windows.common import describe, powershell, service_or_none

AGENT_SERVICES = ("WindowsAzureGuestAgent", "RdAgent")
WAAPPAGENT = r"C:\WindowsAzure\Packages\WaAppAgent.exe"


@check("windows.agent_services",
       title={"en": "Azure guest agent services", "ko": "Azure 게스트 에이전트 서비스"},
       description={"en": "Looks at the WindowsAzureGuestAgent and RdAgent services. Backup reaches the VM only "
                          "through the agent, so both must be installed and running.",
                    "ko": "WindowsAzureGuestAgent와 RdAgent 서비스를 확인합니다. 백업은 에이전트를 통해서만 VM에 "
                          "접근하므로 두 서비스 모두 설치되어 실행 중이어야 합니다."},
       platforms=("windows",), timeout=10, serves=("B02", "B05", "B11", "B16", "A01"))
def agent_services(host: Host):
    check_id = "windows.agent_services"
    services, missing, stopped, raw = {}, [], [], []
    for name in AGENT_SERVICES:
        info, note = service_or_none(host, name)
        if note:
            return outcome.error(check_id, f"The service manager could not be asked about {name}: {note}",
                                 f"서비스 관리자에게 {name}을(를) 물어볼 수 없습니다: {note}")
        if info is None:
            missing.append(name)
            raw.append(f"{name}: not installed")
            continue
        services[name] = describe(info)
        raw.append(f"{name}: {info.state} (start: {info.start_type})")
        if not info.running:
            stopped.append(f"{name} ({info.state})")
    facts = {"services": services, "missing": missing, "not_running": stopped}
    if missing:
        listed = ", ".join(missing)
        return outcome.problem(check_id, f"The VM agent is not installed: {listed} missing. Install the agent MSI.",
                               f"VM 에이전트가 설치되어 있지 않습니다: {listed} 없음. 에이전트 MSI를 설치하십시오.",
                               facts, raw)
    if stopped:
        listed = ", ".join(stopped)
        return outcome.problem(check_id, f"Agent service(s) not running: {listed}.",
                               f"실행 중이 아닌 에이전트 서비스: {listed}.", facts, raw)
    return outcome.ok(check_id, "WindowsAzureGuestAgent and RdAgent are running.",
                      "WindowsAzureGuestAgent와 RdAgent가 실행 중입니다.", facts, raw)


@check("windows.agent_version",
       title={"en": "Azure guest agent version", "ko": "Azure 게스트 에이전트 버전"},
       description={"en": "Reads the product version of C:\\WindowsAzure\\Packages\\WaAppAgent.exe. Microsoft "
                          "supports 2.7.41491.1010 or later; older agents can make the backup extension fail.",
                    "ko": "C:\\WindowsAzure\\Packages\\WaAppAgent.exe의 제품 버전을 읽습니다. Microsoft는 "
                          "2.7.41491.1010 이상을 지원하며, 이보다 오래된 에이전트에서는 백업 확장이 실패할 수 있습니다."},
       platforms=("windows",), timeout=25, serves=("B06", "A03", "A05"))
def agent_version(host: Host):
    check_id = "windows.agent_version"
    minimum = dotted(WINDOWS_AGENT_MINIMUM)
    if not host.exists(WAAPPAGENT):
        return outcome.problem(check_id, f"{WAAPPAGENT} does not exist: the VM agent is not installed.",
                               f"{WAAPPAGENT}이(가) 없습니다. VM 에이전트가 설치되어 있지 않습니다.",
                               {"path": WAAPPAGENT, "minimum_version": minimum})
    output = powershell(host, f"(Get-Item -LiteralPath '{WAAPPAGENT}').VersionInfo.ProductVersion")
    version = parse_version(output.stdout) if output.ok else None
    if version is None:
        return outcome.command_failed(check_id, "reading the WaAppAgent.exe version", output) if not output.ok else \
            outcome.error(check_id, "WaAppAgent.exe has no readable product version.",
                          "WaAppAgent.exe의 제품 버전을 읽을 수 없습니다.", {"path": WAAPPAGENT}, output.combined)
    facts = {"path": WAAPPAGENT, "product_version": dotted(version), "minimum_version": minimum}
    if at_least(version, WINDOWS_AGENT_MINIMUM):
        return outcome.ok(check_id, f"WaAppAgent.exe is version {dotted(version)} (at least {minimum}).",
                          f"WaAppAgent.exe 버전은 {dotted(version)}입니다({minimum} 이상).", facts, output.stdout)
    return outcome.problem(check_id, f"WaAppAgent.exe is version {dotted(version)}, older than {minimum}, the oldest "
                                     "one Microsoft supports: install the latest VM agent MSI over it.",
                           f"WaAppAgent.exe 버전 {dotted(version)}은(는) Microsoft가 지원하는 가장 오래된 버전 "
                           f"{minimum}보다 오래되었습니다. 최신 VM 에이전트 MSI를 그 위에 설치합니다.",
                           facts, output.stdout)

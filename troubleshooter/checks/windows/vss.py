"""Volume Shadow Copy: the writers' states and the VSS service itself."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.vssadmin import STATE_NAMES, parse_writers
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows.common import describe, service_or_none

# The service to restart for each in-box writer (Microsoft's list of VSS writers and their services).
WRITER_SERVICES = {
    "asr writer": "VSS", "bits writer": "BITS", "com+ regdb writer": "VSS", "registry writer": "VSS",
    "shadow copy optimization writer": "VSS", "vss metadata store writer": "VSS",
    "performance counters writer": "VSS", "system writer": "CryptSvc", "wmi writer": "Winmgmt",
    "task scheduler writer": "Schedule", "iis config writer": "AppHostSvc", "iis metabase writer": "IISADMIN",
    "ntds": "NTDS", "dfs replication service writer": "DFSR", "dhcp jet writer": "DHCPServer",
    "frs writer": "NtFrs", "sqlserverwriter": "SQLWriter", "msdewriter": "MSSQLSERVER",
    "mssearch service writer": "WSearch", "microsoft exchange writer": "MSExchangeIS",
    "microsoft exchange replica writer": "MSExchangeRepl", "microsoft hyper-v vss writer": "vmms",
    "cluster database": "ClusSvc", "wins jet writer": "WINS", "termservlicensing": "TermServLicensing",
    "certificate authority": "CertSvc", "nps vss writer": "EventSystem", "msmq writer (msmq)": "MSMQ",
    "fsrm writer": "srmsvc", "cluster shared volume vss writer": "ClusSvc", "adam writer": "ADAM",
    "ad rms writer": "AdRmsSvc", "otg writer": "OTG", "sharepoint services writer": "SPWriterV4",
}


@check("windows.vss_writers",
       title={"en": "VSS writers", "ko": "VSS 기록기"},
       description={"en": "Runs 'vssadmin list writers'. The snapshot fails when any writer is not in state [1] "
                          "Stable; each bad writer is listed with the service to restart.",
                    "ko": "'vssadmin list writers'를 실행합니다. 기록기 중 하나라도 [1] 안정 상태가 아니면 스냅숏이 "
                          "실패하므로, 문제 있는 기록기와 다시 시작할 서비스를 보여 줍니다."},
       platforms=("windows",), timeout=60, needs_admin=True, serves=("B17",))
def vss_writers(host: Host):
    check_id = "windows.vss_writers"
    output = host.run(["vssadmin", "list", "writers"], timeout=55)
    writers = parse_writers(output.stdout)
    if not writers:
        if "administrator" in output.combined.lower() or "관리자" in output.combined:
            return outcome.needs_elevation(check_id, "windows")
        if not output.ok:
            return outcome.command_failed(check_id, "vssadmin list writers", output)
        return outcome.error(check_id, "'vssadmin list writers' listed no writers.",
                             "'vssadmin list writers'에 기록기가 하나도 없습니다.", {}, output.combined)
    listing = []
    bad = []
    for writer in writers:
        service = WRITER_SERVICES.get(writer.name.lower(), "")
        entry = {"name": writer.name, "state": writer.state, "state_text": writer.state_text,
                 "state_name": STATE_NAMES.get(writer.state, ""), "last_error": writer.last_error, "service": service}
        listing.append(entry)
        if not writer.stable:
            bad.append(entry)
    facts = {"writers": listing, "bad_writers": bad, "output_truncated": output.truncated}
    relevant = "\n".join(f"'{w['name']}': [{w['state']}] {w['state_text']} / {w['last_error']}" for w in listing)
    if bad:
        listed = "; ".join(f"{w['name']} [{w['state']}] {w['state_text']}"
                           + (f" (service {w['service']})" if w["service"] else "") for w in bad)
        return outcome.problem(check_id, f"{len(bad)} VSS writer(s) not stable: {listed}. Restart the listed services.",
                               f"안정 상태가 아닌 VSS 기록기 {len(bad)}개: {listed}. 표시된 서비스를 다시 시작하십시오.",
                               facts, relevant)
    return outcome.ok(check_id, f"All {len(writers)} VSS writers are stable.",
                      f"VSS 기록기 {len(writers)}개가 모두 안정 상태입니다.", facts, relevant)


@check("windows.vss_service",
       title={"en": "Volume Shadow Copy service", "ko": "볼륨 섀도 복사본 서비스"},
       description={"en": "Looks at the VSS service. It starts on demand, but a disabled or broken service makes "
                          "every snapshot fail.",
                    "ko": "VSS 서비스를 확인합니다. 필요할 때 시작되는 서비스이지만, 사용 안 함으로 설정되거나 "
                          "고장 나면 모든 스냅숏이 실패합니다."},
       platforms=("windows",), timeout=10, serves=("B17",))
def vss_service(host: Host):
    check_id = "windows.vss_service"
    info, note = service_or_none(host, "VSS")
    if note:
        return outcome.error(check_id, f"The service manager could not be asked about VSS: {note}",
                             f"서비스 관리자에게 VSS를 물어볼 수 없습니다: {note}")
    if info is None:
        return outcome.problem(check_id, "The Volume Shadow Copy (VSS) service is missing.",
                               "볼륨 섀도 복사본(VSS) 서비스가 없습니다.", {"installed": False})
    facts = describe(info)
    raw = f"VSS: {info.state} (start: {info.start_type})"
    if info.start_type.lower() == "disabled":
        return outcome.problem(check_id, "The VSS service is disabled; set it to Manual and start it.",
                               "VSS 서비스가 사용 안 함으로 설정되어 있습니다. 수동으로 바꾸고 시작하십시오.", facts, raw)
    if info.running:
        return outcome.ok(check_id, "The VSS service is running.", "VSS 서비스가 실행 중입니다.", facts, raw)
    if info.state.lower() in ("stopped", "running", ""):
        return outcome.ok(check_id, f"The VSS service is {info.state} and starts on demand ({info.start_type}).",
                          f"VSS 서비스는 {info.state} 상태이며 필요할 때 시작됩니다({info.start_type}).", facts, raw)
    return outcome.problem(check_id, f"The VSS service is stuck in state '{info.state}'; restart it.",
                           f"VSS 서비스가 '{info.state}' 상태에 멈춰 있습니다. 다시 시작하십시오.", facts, raw)

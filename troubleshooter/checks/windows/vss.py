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


@check("windows.vss_writers", platforms=("windows",), timeout=60, needs_admin=True, serves=("B17",))
def vss_writers(host: Host):
    check_id = "windows.vss_writers"
    output = host.run(["vssadmin", "list", "writers"], timeout=55)
    writers = parse_writers(output.stdout)
    if not writers:
        if "administrator" in output.combined.lower() or "관리자" in output.combined:
            return outcome.needs_elevation(check_id, "windows")
        if not output.ok:
            return outcome.command_failed(check_id, "vssadmin list writers", output)
        return outcome.error(check_id, "no_writers", {}, output.combined)
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
        return outcome.problem(check_id, "not_stable", facts, relevant, count=len(bad), writers=listed)
    return outcome.ok(check_id, "all_stable", facts, relevant, count=len(writers))


@check("windows.vss_service", platforms=("windows",), timeout=10, serves=("B17",))
def vss_service(host: Host):
    check_id = "windows.vss_service"
    info, note = service_or_none(host, "VSS")
    if note:
        return outcome.error(check_id, "service_manager_silent", note=note)
    if info is None:
        return outcome.problem(check_id, "missing", {"installed": False})
    facts = describe(info)
    raw = f"VSS: {info.state} (start: {info.start_type})"
    if info.start_type.lower() == "disabled":
        return outcome.problem(check_id, "disabled", facts, raw)
    if info.running:
        return outcome.ok(check_id, "running", facts, raw)
    if info.state.lower() in ("stopped", "running", ""):
        return outcome.ok(check_id, "on_demand", facts, raw, state=info.state, start_type=info.start_type)
    return outcome.problem(check_id, "stuck", facts, raw, state=info.state)

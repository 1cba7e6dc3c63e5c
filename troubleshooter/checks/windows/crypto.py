"""Key storage and secure channels: MachineKeys permissions, CRP certificates, SchUseStrongCrypto."""

from __future__ import annotations

import json

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.icacls import parse_icacls
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows.common import powershell

MACHINEKEYS = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"
# The folder's out-of-the-box ACL; anything else breaks reading the backup's configuration (B18).
DEFAULT_MACHINEKEYS_ACL = {("everyone", frozenset({"R", "W"})): "Everyone:(R,W)",
                           ("builtin\\administrators", frozenset({"F"})): "BUILTIN\\Administrators:(F)"}
CRP_ISSUER = "Windows Azure CRP Certificate Generator"
NETFX_ROOTS = (r"HKLM\SOFTWARE\Microsoft\.NETFramework", r"HKLM\SOFTWARE\Wow6432Node\Microsoft\.NETFramework")


@check("windows.machinekeys", platforms=("windows",), timeout=10, serves=("B18",))
def machinekeys(host: Host):
    check_id = "windows.machinekeys"
    output = host.run(["icacls", MACHINEKEYS], timeout=8)
    entries = parse_icacls(output.stdout, MACHINEKEYS)
    if not entries:
        if "access is denied" in output.combined.lower() or "액세스가 거부" in output.combined:
            return outcome.needs_elevation(check_id, "windows")
        return outcome.command_failed(check_id, f"icacls {MACHINEKEYS}", output) if not output.ok else outcome.error(
            check_id, "no_permissions", {}, output.combined)
    present = {entry.key() for entry in entries}
    known_principals = {principal for principal, _rights in DEFAULT_MACHINEKEYS_ACL}
    if not any(entry.principal.lower() in known_principals for entry in entries):
        # Neither default account appears by name: Windows in another language names them differently
        # (e.g. "Jeder"), so a comparison by name would be a false alarm.
        shown = [f"{e.principal}:({','.join(sorted(e.rights))})" for e in entries]
        listed = ", ".join(shown)
        return outcome.warning(check_id, "not_comparable", {"entries": shown, "compared": False}, output.stdout,
                               entries=listed)
    missing = [shown for key, shown in DEFAULT_MACHINEKEYS_ACL.items() if key not in present]
    extra = [f"{entry.principal}:({','.join(sorted(entry.rights))})" for entry in entries
             if entry.key() not in DEFAULT_MACHINEKEYS_ACL]
    facts = {"entries": [f"{e.principal}:({','.join(sorted(e.rights))})" for e in entries],
             "missing_defaults": missing, "extra": extra}
    if missing or extra:
        parts = ([outcome.text(check_id, "missing_entries", entries=", ".join(missing))] if missing else []) + \
                ([outcome.text(check_id, "added_entries", entries=", ".join(extra))] if extra else [])
        changes = {lang: "; ".join(part[lang] for part in parts) for lang in ("en", "ko")}
        return outcome.problem(check_id, "changed", facts, output.stdout, changes=changes)
    return outcome.ok(check_id, "defaults", facts, output.stdout)


# The certificate store has no WMI class; PowerShell's Cert: drive reads it. `-InputObject @(...)`
# prints "[]" for an empty store, so nothing printed at all means PowerShell itself did not answer.
CERTIFICATES_SCRIPT = ("ConvertTo-Json -Compress -InputObject @(Get-ChildItem -Path Cert:\\LocalMachine\\My | "
                       "Select-Object Subject, Issuer, Thumbprint, "
                       "@{Name='NotAfter';Expression={$_.NotAfter.ToString('o')}})")


@check("windows.crp_certificates", platforms=("windows",), timeout=25, serves=("B18",))
def crp_certificates(host: Host):
    check_id = "windows.crp_certificates"
    output = powershell(host, CERTIFICATES_SCRIPT)
    text = output.stdout.strip()
    if not output.ok or not text:
        return outcome.powershell_failed(check_id, "listing LocalMachine\\My certificates", output)
    try:
        certificates = json.loads(text)
    except json.JSONDecodeError:
        return outcome.error(check_id, "unreadable", {}, text)
    if isinstance(certificates, dict):
        certificates = [certificates]  # ConvertTo-Json writes a single object without the array
    crp = [cert for cert in certificates if isinstance(cert, dict) and CRP_ISSUER.lower() in
           str(cert.get("Issuer", "")).lower()]
    facts = {"certificates_in_store": len(certificates),
             "crp_certificates": [{"subject": c.get("Subject", ""), "thumbprint": c.get("Thumbprint", ""),
                                   "not_after": c.get("NotAfter", "")} for c in crp]}
    raw = "\n".join(f"{c.get('Thumbprint', '')}  {c.get('Subject', '')}  issuer: {c.get('Issuer', '')}" for c in crp)
    if crp:
        return outcome.warning(check_id, "found", facts, raw, count=len(crp))
    return outcome.ok(check_id, "none", facts)


@check("windows.strong_crypto", platforms=("windows",), timeout=5, serves=("B23",))
def strong_crypto(host: Host):
    check_id = "windows.strong_crypto"
    values: dict[str, object] = {}
    for root in NETFX_ROOTS:
        for name in host.registry_subkeys(root) or []:
            if name.lower().startswith("v") and any(char.isdigit() for char in name):
                key = f"{root}\\{name}"
                values[key] = host.registry_value(key, "SchUseStrongCrypto")
    if not values:
        return outcome.warning(check_id, "no_framework", {"keys": {}})
    not_set = [key for key, value in values.items() if value != 1]
    facts = {"keys": values, "not_set": not_set}
    raw = "\n".join(f"{key}\n    SchUseStrongCrypto = {value!r}" for key, value in values.items())
    if not_set:
        return outcome.problem(check_id, "not_set", facts, raw, count=len(not_set), total=len(values),
                               keys=", ".join(not_set))
    return outcome.ok(check_id, "all_set", facts, raw, total=len(values))

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


@check("windows.machinekeys",
       title={"en": "MachineKeys folder permissions", "ko": "MachineKeys 폴더 권한"},
       description={"en": "Runs icacls on C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys and compares it with "
                          "the defaults Everyone:(R,W) and BUILTIN\\Administrators:(F). Changed permissions stop the "
                          "extension from reading its configuration.",
                    "ko": "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys에 icacls를 실행해 기본값 "
                          "Everyone:(R,W), BUILTIN\\Administrators:(F)와 비교합니다. 권한이 바뀌면 확장이 구성을 "
                          "읽지 못합니다."},
       platforms=("windows",), timeout=10, serves=("B18",))
def machinekeys(host: Host):
    check_id = "windows.machinekeys"
    output = host.run(["icacls", MACHINEKEYS], timeout=8)
    entries = parse_icacls(output.stdout, MACHINEKEYS)
    if not entries:
        if "access is denied" in output.combined.lower() or "액세스가 거부" in output.combined:
            return outcome.needs_elevation(check_id, "windows")
        return outcome.command_failed(check_id, f"icacls {MACHINEKEYS}", output) if not output.ok else outcome.error(
            check_id, "icacls listed no permissions for MachineKeys.", "icacls가 MachineKeys의 권한을 보여 주지 않았습니다.",
            {}, output.combined)
    present = {entry.key() for entry in entries}
    known_principals = {principal for principal, _rights in DEFAULT_MACHINEKEYS_ACL}
    if not any(entry.principal.lower() in known_principals for entry in entries):
        # Neither default account appears by name: Windows in another language names them differently
        # (e.g. "Jeder"), so a comparison by name would be a false alarm.
        shown = [f"{e.principal}:({','.join(sorted(e.rights))})" for e in entries]
        listed = ", ".join(shown)
        return outcome.warning(check_id, f"MachineKeys permissions could not be compared with the defaults (account "
                                         f"names not recognised): {listed}. Compare them with Everyone:(R,W) and "
                                         "BUILTIN\\Administrators:(F) by hand.",
                               f"MachineKeys 권한을 기본값과 비교할 수 없습니다(계정 이름을 알 수 없음): {listed}. "
                               "Everyone:(R,W), BUILTIN\\Administrators:(F)와 직접 비교하십시오.",
                               {"entries": shown, "compared": False}, output.stdout)
    missing = [shown for key, shown in DEFAULT_MACHINEKEYS_ACL.items() if key not in present]
    extra = [f"{entry.principal}:({','.join(sorted(entry.rights))})" for entry in entries
             if entry.key() not in DEFAULT_MACHINEKEYS_ACL]
    facts = {"entries": [f"{e.principal}:({','.join(sorted(e.rights))})" for e in entries],
             "missing_defaults": missing, "extra": extra}
    if missing or extra:
        changes = "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "",
                                          f"added {', '.join(extra)}" if extra else ""]))
        changes_ko = "; ".join(filter(None, [f"없음: {', '.join(missing)}" if missing else "",
                                             f"추가됨: {', '.join(extra)}" if extra else ""]))
        return outcome.problem(check_id, f"MachineKeys permissions differ from the defaults ({changes}).",
                               f"MachineKeys 권한이 기본값과 다릅니다({changes_ko}).", facts, output.stdout)
    return outcome.ok(check_id, "MachineKeys has its default permissions.", "MachineKeys 권한이 기본값입니다.", facts,
                      output.stdout)


@check("windows.crp_certificates",
       title={"en": "Azure CRP certificates", "ko": "Azure CRP 인증서"},
       description={"en": "Lists certificates in LocalMachine\\My issued by 'Windows Azure CRP Certificate Generator'. "
                          "After a MachineKeys permission fix they must be deleted so the platform issues new ones.",
                    "ko": "LocalMachine\\My에서 'Windows Azure CRP Certificate Generator'가 발급한 인증서를 찾습니다. "
                          "MachineKeys 권한을 고친 뒤에는 이 인증서를 지워 플랫폼이 새로 발급하게 해야 합니다."},
       platforms=("windows",), timeout=25, serves=("B18",))
def crp_certificates(host: Host):
    check_id = "windows.crp_certificates"
    output = powershell(host, "Get-ChildItem -Path Cert:\\LocalMachine\\My | Select-Object Subject, Issuer, "
                              "Thumbprint, @{Name='NotAfter';Expression={$_.NotAfter.ToString('o')}} | "
                              "ConvertTo-Json -Compress")
    if not output.ok:
        return outcome.command_failed(check_id, "listing LocalMachine\\My certificates", output)
    text = output.stdout.strip()
    try:
        certificates = json.loads(text) if text else []
    except json.JSONDecodeError:
        return outcome.error(check_id, "The certificate list could not be read.", "인증서 목록을 읽을 수 없습니다.",
                             {}, text)
    if isinstance(certificates, dict):
        certificates = [certificates]  # ConvertTo-Json writes a single object without the array
    crp = [cert for cert in certificates if isinstance(cert, dict) and CRP_ISSUER.lower() in
           str(cert.get("Issuer", "")).lower()]
    facts = {"certificates_in_store": len(certificates),
             "crp_certificates": [{"subject": c.get("Subject", ""), "thumbprint": c.get("Thumbprint", ""),
                                   "not_after": c.get("NotAfter", "")} for c in crp]}
    raw = "\n".join(f"{c.get('Thumbprint', '')}  {c.get('Subject', '')}  issuer: {c.get('Issuer', '')}" for c in crp)
    if crp:
        return outcome.warning(check_id, f"{len(crp)} certificate(s) from the Windows Azure CRP Certificate Generator. "
                                         "If MachineKeys permissions were wrong, delete them after fixing the "
                                         "permissions, then back up again.",
                               f"Windows Azure CRP Certificate Generator가 발급한 인증서 {len(crp)}개. MachineKeys "
                               "권한이 잘못되어 있었다면 권한을 고친 뒤 이 인증서를 지우고 다시 백업하십시오.", facts, raw)
    return outcome.ok(check_id, "No certificate from the Windows Azure CRP Certificate Generator in LocalMachine\\My.",
                      "LocalMachine\\My에 Windows Azure CRP Certificate Generator가 발급한 인증서가 없습니다.", facts)


@check("windows.strong_crypto",
       title={"en": ".NET strong cryptography (SchUseStrongCrypto)", "ko": ".NET 강력한 암호화(SchUseStrongCrypto)"},
       description={"en": "Reads SchUseStrongCrypto under every installed .NET Framework version, 64- and 32-bit. "
                          "Without it set to 1 the extension cannot open a secure channel to Azure.",
                    "ko": "설치된 모든 .NET Framework 버전(64비트와 32비트)의 SchUseStrongCrypto 값을 읽습니다. 1이 "
                          "아니면 확장이 Azure와 보안 채널을 열 수 없습니다."},
       platforms=("windows",), timeout=5, serves=("B23",))
def strong_crypto(host: Host):
    check_id = "windows.strong_crypto"
    values: dict[str, object] = {}
    for root in NETFX_ROOTS:
        for name in host.registry_subkeys(root) or []:
            if name.lower().startswith("v") and any(char.isdigit() for char in name):
                key = f"{root}\\{name}"
                values[key] = host.registry_value(key, "SchUseStrongCrypto")
    if not values:
        return outcome.warning(check_id, "No .NET Framework version found in the registry.",
                               "레지스트리에서 .NET Framework 버전을 찾지 못했습니다.", {"keys": {}})
    not_set = [key for key, value in values.items() if value != 1]
    facts = {"keys": values, "not_set": not_set}
    raw = "\n".join(f"{key}\n    SchUseStrongCrypto = {value!r}" for key, value in values.items())
    if not_set:
        return outcome.problem(check_id, f"SchUseStrongCrypto is not 1 under {len(not_set)} of {len(values)} .NET keys: "
                                         + ", ".join(not_set) + ".",
                               f".NET 키 {len(values)}개 중 {len(not_set)}개에서 SchUseStrongCrypto가 1이 아닙니다: "
                               + ", ".join(not_set) + ".", facts, raw)
    return outcome.ok(check_id, f"SchUseStrongCrypto is 1 under all {len(values)} .NET Framework keys.",
                      f".NET Framework 키 {len(values)}개 모두 SchUseStrongCrypto가 1입니다.", facts, raw)

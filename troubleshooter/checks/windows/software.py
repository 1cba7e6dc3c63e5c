"""Installed software the backup depends on or adapts to: Visual C++ 2012 x64 and SQL Server."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check

UNINSTALL_ROOTS = (r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
                   r"HKLM\SOFTWARE\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall")
SQL_INSTANCES_KEY = r"HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL"
BCDRAGENT_KEY = r"HKLM\SOFTWARE\Microsoft\BCDRAGENT"


def installed_programs(host: Host) -> list[str]:
    names = []
    for root in UNINSTALL_ROOTS:
        for sub in host.registry_subkeys(root) or []:
            name = host.registry_value(f"{root}\\{sub}", "DisplayName")
            if isinstance(name, str) and name:
                names.append(name)
    return names


def _is_vcredist_2012_x64(name: str) -> bool:
    lowered = name.lower()
    return "visual c++ 2012" in lowered and ("x64" in lowered or "64-bit" in lowered)


@check("windows.vcredist2012",
       title={"en": "Visual C++ 2012 x64 runtime", "ko": "Visual C++ 2012 x64 런타임"},
       description={"en": "Looks in the installed programs for the Visual C++ 2012 x64 redistributable, which the "
                          "backup extension needs and installs itself when it can.",
                    "ko": "설치된 프로그램에서 Visual C++ 2012 x64 재배포 패키지를 찾습니다. 백업 확장에 필요하며, "
                          "가능하면 확장이 직접 설치합니다."},
       platforms=("windows",), timeout=10, serves=("B24",))
def vcredist2012(host: Host):
    check_id = "windows.vcredist2012"
    programs = installed_programs(host)
    found = sorted({name for name in programs if _is_vcredist_2012_x64(name)})
    facts = {"found": found, "programs_scanned": len(programs)}
    if found:
        return outcome.ok(check_id, "Visual C++ 2012 x64 is installed: " + "; ".join(found) + ".",
                          "Visual C++ 2012 x64가 설치되어 있습니다: " + "; ".join(found) + ".", facts, "\n".join(found))
    return outcome.problem(check_id, "Visual C++ 2012 x64 is not installed: install vcredist2012_x64 from the VMSnapshot "
                                     "plugin folder.",
                           "Visual C++ 2012 x64가 설치되어 있지 않습니다. VMSnapshot 플러그인 폴더의 "
                           "vcredist2012_x64를 설치하십시오.", facts)


@check("windows.sql_server",
       title={"en": "SQL Server and copy-only VSS backups", "ko": "SQL Server와 복사 전용 VSS 백업"},
       description={"en": "Looks for SQL Server instances and the USEVSSCOPYBACKUP value under "
                          "HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT. With SQL Server backups on the VM, snapshots are "
                          "delayed unless it is \"TRUE\".",
                    "ko": "SQL Server 인스턴스와 HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT의 USEVSSCOPYBACKUP 값을 "
                          "찾습니다. VM에서 SQL Server 백업을 사용하면 이 값이 \"TRUE\"가 아닐 때 스냅숏이 "
                          "지연됩니다."},
       platforms=("windows",), timeout=10, serves=("N02",))
def sql_server(host: Host):
    check_id = "windows.sql_server"
    # Each installed instance is a value of this key: instance name -> internal id (MSSQL16.MSSQLSERVER).
    instances = sorted((host.registry_values(SQL_INSTANCES_KEY) or {}).keys())
    services = []
    for name in ("MSSQLSERVER", "SQLEXPRESS", "SQLWriter"):
        try:
            if host.service(name) is not None:
                services.append(name)
        except OSError:
            break
    present = bool(instances or [name for name in services if name != "SQLWriter"])
    value = host.registry_value(BCDRAGENT_KEY, "USEVSSCOPYBACKUP")
    facts = {"sql_server_present": present, "instances": instances, "services": services,
             "usevsscopybackup": value if value is not None else ""}
    raw = f"{BCDRAGENT_KEY}\n    USEVSSCOPYBACKUP = {value!r}"
    if not present:
        return outcome.ok(check_id, "SQL Server is not installed; nothing to adjust.",
                          "SQL Server가 설치되어 있지 않아 바꿀 것이 없습니다.", facts, raw)
    if isinstance(value, str) and value.strip().upper() == "TRUE":
        return outcome.ok(check_id, "SQL Server is installed and USEVSSCOPYBACKUP is \"TRUE\".",
                          "SQL Server가 설치되어 있고 USEVSSCOPYBACKUP이 \"TRUE\"입니다.", facts, raw)
    return outcome.problem(check_id, "SQL Server is installed but USEVSSCOPYBACKUP is not \"TRUE\": if SQL Server backups "
                                     "run on this VM, set HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT USEVSSCOPYBACKUP=\"TRUE\".",
                           "SQL Server가 설치되어 있지만 USEVSSCOPYBACKUP이 \"TRUE\"가 아닙니다. 이 VM에서 SQL Server "
                           "백업을 사용한다면 HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT에 USEVSSCOPYBACKUP=\"TRUE\"를 "
                           "설정하십시오.", facts, raw)

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


@check("windows.vcredist2012", platforms=("windows",), timeout=10, serves=("B24",))
def vcredist2012(host: Host):
    check_id = "windows.vcredist2012"
    programs = installed_programs(host)
    found = sorted({name for name in programs if _is_vcredist_2012_x64(name)})
    facts = {"found": found, "programs_scanned": len(programs)}
    if found:
        return outcome.ok(check_id, "installed", facts, "\n".join(found), programs="; ".join(found))
    return outcome.problem(check_id, "missing", facts)


@check("windows.sql_server", platforms=("windows",), timeout=10, serves=("N02",))
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
        return outcome.ok(check_id, "not_installed", facts, raw)
    if isinstance(value, str) and value.strip().upper() == "TRUE":
        return outcome.ok(check_id, "copy_only", facts, raw)
    return outcome.problem(check_id, "not_copy_only", facts, raw)

"""Installed software the backup depends on or adapts to: the extension's Visual C++ x64 runtime and
SQL Server."""

from __future__ import annotations

import re

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


EXTENSION_FOLDER = r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot"
# The current page's error names the runtime "for Visual Studio 2015" and its fix runs the 2013
# installer from the extension folder, so either x64 runtime counts. On current Windows the 2015
# runtime is listed as the shared "2015-2022" (or -2019, -2017) package.
_RUNTIME = re.compile(r"visual c\+\+ (2013|2015)\b.*(x64|64-bit)", re.IGNORECASE)


def _is_extension_runtime(name: str) -> bool:
    return bool(_RUNTIME.search(name))


@check("windows.vcredist", platforms=("windows",), timeout=10, serves=("B24",))
def vcredist(host: Host):
    check_id = "windows.vcredist"
    programs = installed_programs(host)
    found = sorted({name for name in programs if _is_extension_runtime(name)})
    extension = host.is_dir(EXTENSION_FOLDER)
    facts = {"found": found, "programs_scanned": len(programs), "extension_installed": extension}
    if found:
        return outcome.ok(check_id, "installed", facts, "\n".join(found), programs="; ".join(found))
    # Before the extension's first install nothing has tried to put the runtime there: its absence
    # is then no cause, and sending the VM to the Windows Installer repair would do harm for nothing.
    if not extension:
        return outcome.skipped(check_id, "no_extension", facts, folder=EXTENSION_FOLDER)
    return outcome.problem(check_id, "missing", facts, folder=EXTENSION_FOLDER)


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

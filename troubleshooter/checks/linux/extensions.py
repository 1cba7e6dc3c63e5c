"""Extension status files under /var/lib/waagent, and the Python the backup extension runs on."""

from __future__ import annotations

from datetime import datetime, timezone

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.extension_status import (ExtensionStatus, StatusFileError, parse_status_file,
                                                            status_number)
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import STUCK_AFTER_SECONDS

AGENT_LIB = "/var/lib/waagent"
BACKUP_EXTENSION = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"


def latest_status_files(host: Host) -> dict[str, str]:
    """Extension folder name -> path of its newest N.status (highest N)."""
    newest: dict[str, str] = {}
    for path in host.glob(f"{AGENT_LIB}/*/status/*.status"):
        folder = path.replace("\\", "/").split("/")[-3]
        if folder not in newest or status_number(path) > status_number(newest[folder]):
            newest[folder] = path
    return newest


def _describe(folder: str, status: ExtensionStatus) -> str:
    message = f": {status.message}" if status.message else ""
    return f"{folder} [{status.operation or '?'}] {status.status or 'unknown'}{message}"


def _age_seconds(status: ExtensionStatus, now: datetime) -> float | None:
    return (now - status.timestamp).total_seconds() if status.timestamp else None


@check("linux.extension_status", platforms=("linux",), timeout=10, serves=("B03", "B21"))
def extension_status(host: Host):
    check_id = "linux.extension_status"
    if not host.is_dir(AGENT_LIB):
        if host.which("waagent"):
            # the package does not ship the folder: the agent makes it when it first runs
            return outcome.skipped(check_id, "agent_never_ran", {"reason": "agent_never_ran"})
        return outcome.skipped(check_id, "agent_missing", {"reason": "agent_missing"})
    try:
        # glob() silently finds nothing in a folder it may not read (the agent's is root-only), so
        # listing it first tells "no status yet" apart from "not allowed to look".
        host.list_dir(AGENT_LIB)
        newest = latest_status_files(host)
    except PermissionError:
        return outcome.needs_elevation(check_id, "linux")
    if not newest:
        return outcome.warning(check_id, "no_status_yet", {"extensions": {}})
    now = datetime.now(timezone.utc)
    failed, stuck, warned, lines, unreadable = [], [], [], [], []
    extensions: dict[str, dict] = {}
    backup_status: ExtensionStatus | None = None
    for folder, path in sorted(newest.items()):
        try:
            text = host.read_text(path)
            status = parse_status_file(text)
        except PermissionError:
            return outcome.needs_elevation(check_id, "linux")
        except (OSError, StatusFileError) as exc:
            unreadable.append(folder)
            lines.append(f"{path}: unreadable ({exc})")
            continue
        effective = status.inner if (status.inner and status.status == "success") else status
        age = _age_seconds(effective, now)
        extensions[folder] = {"file": path, "status": effective.status, "operation": effective.operation,
                              "code": effective.code, "message": effective.message,
                              "timestamp": effective.timestamp.isoformat() if effective.timestamp else ""}
        lines.append(f"{path}: {_describe(folder, effective)}")
        if folder.startswith(BACKUP_EXTENSION):
            backup_status = effective
        if effective.status == "error":
            failed.append(folder)
        elif effective.status == "transitioning" and age is not None and age > STUCK_AFTER_SECONDS:
            stuck.append(folder)
        elif effective.status == "warning":
            warned.append(folder)
    facts = {"extensions": extensions, "failed": failed, "stuck": stuck, "warning": warned, "unreadable": unreadable,
             "backup_extension_status": backup_status.status if backup_status else "",
             "backup_extension_message": backup_status.message if backup_status else ""}
    backup_note = (outcome.text(check_id, "backup_reported", status=backup_status.status) if backup_status
                   else outcome.text(check_id, "backup_not_reported"))
    if failed or stuck:
        names = ", ".join(failed + stuck)
        return outcome.problem(check_id, "failed_or_stuck", facts, lines, names=names, backup_note=backup_note)
    if warned or unreadable:
        names = ", ".join(warned + unreadable)
        return outcome.warning(check_id, "warned_or_unreadable", facts, lines, names=names, backup_note=backup_note)
    return outcome.ok(check_id, "all_fine", facts, lines, count=len(extensions), backup_note=backup_note)


PYTHON_CANDIDATES = ("python3", "python", "python2")


@check("linux.extension_python", platforms=("linux",), timeout=15, serves=("B11",))
def extension_python(host: Host):
    check_id = "linux.extension_python"
    working: dict[str, str] = {}
    broken: dict[str, str] = {}
    raw = []
    for name in PYTHON_CANDIDATES:
        path = host.which(name)
        if not path:
            continue
        output = host.run([path, "--version"], timeout=5)
        text = output.combined.strip()
        raw.append(f"$ {name} --version\n{text}")
        if output.ok and text.lower().startswith("python "):
            working[name] = text.split()[1] if len(text.split()) > 1 else text
        else:
            broken[name] = text or f"exit code {output.returncode}"
    facts = {"interpreters": working, "broken": broken}
    if working:
        listed = ", ".join(f"{name} {version}" for name, version in working.items())
        return outcome.ok(check_id, "available", facts, raw, interpreters=listed)
    if broken:
        return outcome.problem(check_id, "broken", facts, raw, interpreters=", ".join(broken))
    return outcome.problem(check_id, "missing", facts, raw)

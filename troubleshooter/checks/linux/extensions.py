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


@check("linux.extension_status",
       title={"en": "Extension status", "ko": "확장 상태"},
       description={"en": "Reads the newest status file of every extension under /var/lib/waagent. A failed or "
                          "stuck extension puts the VM in a failed state that blocks backup.",
                    "ko": "/var/lib/waagent 아래 각 확장의 최신 상태 파일을 읽습니다. 실패했거나 멈춘 확장은 VM을 "
                          "실패 상태로 만들어 백업을 막습니다."},
       platforms=("linux",), timeout=10, serves=("B03", "B21"))
def extension_status(host: Host):
    check_id = "linux.extension_status"
    if not host.is_dir(AGENT_LIB):
        if host.which("waagent"):
            # the package does not ship the folder: the agent makes it when it first runs
            return outcome.skipped(check_id, "Skipped: the agent is installed but has not run yet, so there is no "
                                             "/var/lib/waagent and no extension status.",
                                   "건너뜀: 에이전트가 설치되어 있지만 아직 실행된 적이 없어 /var/lib/waagent와 "
                                   "확장 상태가 없습니다.", {"reason": "agent_never_ran"})
        return outcome.skipped(check_id, "Skipped: /var/lib/waagent does not exist (the agent is not installed).",
                               "건너뜀: /var/lib/waagent가 없습니다(에이전트가 설치되어 있지 않음).",
                               {"reason": "agent_missing"})
    try:
        # glob() silently finds nothing in a folder it may not read (the agent's is root-only), so
        # listing it first tells "no status yet" apart from "not allowed to look".
        host.list_dir(AGENT_LIB)
        newest = latest_status_files(host)
    except PermissionError:
        return outcome.needs_elevation(check_id, "linux")
    if not newest:
        return outcome.warning(check_id, "No extension has written a status yet; the backup extension is installed "
                                         "by the first backup.",
                               "아직 상태를 기록한 확장이 없습니다. 백업 확장은 첫 백업 때 설치됩니다.",
                               {"extensions": {}})
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
    backup_note_en = (f" The backup extension last reported '{backup_status.status}'." if backup_status
                      else " The backup extension has not reported yet.")
    backup_note_ko = (f" 백업 확장의 마지막 상태는 '{backup_status.status}'입니다." if backup_status
                      else " 백업 확장은 아직 상태를 보고하지 않았습니다.")
    if failed or stuck:
        names = ", ".join(failed + stuck)
        return outcome.problem(check_id, f"Extension(s) failed or stuck: {names}.{backup_note_en}",
                               f"실패했거나 멈춘 확장: {names}.{backup_note_ko}", facts, lines)
    if warned or unreadable:
        names = ", ".join(warned + unreadable)
        return outcome.warning(check_id, f"Extension(s) with a warning or an unreadable status: {names}.{backup_note_en}",
                               f"경고가 있거나 상태를 읽을 수 없는 확장: {names}.{backup_note_ko}", facts, lines)
    return outcome.ok(check_id, f"All {len(extensions)} extension(s) report success or are in progress.{backup_note_en}",
                      f"확장 {len(extensions)}개가 모두 성공 또는 진행 중입니다.{backup_note_ko}", facts, lines)


PYTHON_CANDIDATES = ("python3", "python", "python2")


@check("linux.extension_python",
       title={"en": "Python for the backup extension", "ko": "백업 확장용 Python"},
       description={"en": "Looks for a Python interpreter that starts. The Linux backup extension is a Python "
                          "program, so without one it cannot install or run.",
                    "ko": "실행되는 Python 인터프리터를 찾습니다. Linux 백업 확장은 Python 프로그램이므로 "
                          "Python이 없으면 설치하거나 실행할 수 없습니다."},
       platforms=("linux",), timeout=15, serves=("B11",))
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
        return outcome.ok(check_id, f"Python is available: {listed}.", f"Python을 사용할 수 있습니다: {listed}.",
                          facts, raw)
    if broken:
        return outcome.problem(check_id, "Python is installed but does not start: " + ", ".join(broken) + ".",
                               "Python이 설치되어 있지만 실행되지 않습니다: " + ", ".join(broken) + ".", facts, raw)
    return outcome.problem(check_id, "No Python interpreter found (python3, python, python2); install python3.",
                           "Python 인터프리터(python3, python, python2)가 없습니다. python3를 설치하십시오.", facts, raw)

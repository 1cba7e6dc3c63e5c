"""The Windows backup extension (VMSnapshot plugin): installed versions and its newest status file."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.extension_status import StatusFileError, parse_status_file, status_number
from troubleshooter.checks.parsers.versions import parse_version
from troubleshooter.checks.registry import check

PLUGIN_DIR = r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot"


def _version_key(path: str) -> tuple[int, ...]:
    return parse_version(path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]) or ()


@check("windows.snapshot_extension",
       title={"en": "Backup extension (VMSnapshot) status", "ko": "백업 확장(VMSnapshot) 상태"},
       description={"en": "Reads the newest status file of the VMSnapshot plugin under C:\\Packages\\Plugins. It "
                          "holds the error the last snapshot ended with.",
                    "ko": "C:\\Packages\\Plugins 아래 VMSnapshot 플러그인의 최신 상태 파일을 읽습니다. 마지막 "
                          "스냅숏이 끝난 오류가 여기에 기록됩니다."},
       platforms=("windows",), timeout=10, serves=("B03", "B21"))
def snapshot_extension(host: Host):
    check_id = "windows.snapshot_extension"
    versions = sorted(host.glob(PLUGIN_DIR + r"\*"), key=_version_key)
    if not versions:
        return outcome.warning(check_id, "The VMSnapshot extension is not installed yet; Azure Backup installs it with "
                                         "the first backup.",
                               "VMSnapshot 확장이 아직 설치되지 않았습니다. Azure Backup이 첫 백업 때 설치합니다.",
                               {"installed_versions": []})
    newest_folder = versions[-1]
    version_names = [path.replace("\\", "/").rsplit("/", 1)[-1] for path in versions]
    status_files = host.glob(newest_folder + r"\Status\*.status")
    facts = {"installed_versions": version_names, "folder": newest_folder}
    if not status_files:
        return outcome.warning(check_id, f"VMSnapshot {version_names[-1]} is installed but has written no status yet.",
                               f"VMSnapshot {version_names[-1]}이(가) 설치되었지만 아직 상태를 기록하지 않았습니다.",
                               facts)
    newest = max(status_files, key=status_number)
    try:
        text = host.read_text(newest)
        status = parse_status_file(text)
    except PermissionError:
        return outcome.needs_elevation(check_id, "windows")
    except (OSError, StatusFileError) as exc:
        return outcome.error(check_id, f"The status file {newest} cannot be read: {exc}",
                             f"상태 파일 {newest}을(를) 읽을 수 없습니다: {exc}", facts)
    effective = status.inner if (status.inner and status.status == "success") else status
    facts.update(status_file=newest, status=effective.status, operation=effective.operation, code=effective.code,
                 message=effective.message,
                 timestamp=effective.timestamp.isoformat() if effective.timestamp else "")
    detail = f": {effective.message}" if effective.message else ""
    if effective.status == "error":
        return outcome.problem(check_id, f"The last snapshot failed{detail}", f"마지막 스냅숏이 실패했습니다{detail}",
                               facts, text)
    if effective.status == "warning":
        return outcome.warning(check_id, f"The last snapshot ended with a warning{detail}",
                               f"마지막 스냅숏이 경고와 함께 끝났습니다{detail}", facts, text)
    if effective.status == "transitioning":
        return outcome.warning(check_id, "A snapshot is in progress (status: transitioning).",
                               "스냅숏이 진행 중입니다(상태: transitioning).", facts, text)
    if effective.status == "success":
        return outcome.ok(check_id, f"The last snapshot succeeded (VMSnapshot {version_names[-1]}).",
                          f"마지막 스냅숏이 성공했습니다(VMSnapshot {version_names[-1]}).", facts, text)
    return outcome.warning(check_id, f"The status file reports an unknown status '{effective.status}'.",
                           f"상태 파일에 알 수 없는 상태 '{effective.status}'이(가) 있습니다.", facts, text)

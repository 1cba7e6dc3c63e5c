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


@check("windows.snapshot_extension", platforms=("windows",), timeout=10, serves=("B03", "B21"))
def snapshot_extension(host: Host):
    check_id = "windows.snapshot_extension"
    versions = sorted(host.glob(PLUGIN_DIR + r"\*"), key=_version_key)
    if not versions:
        return outcome.warning(check_id, "not_installed", {"installed_versions": []})
    newest_folder = versions[-1]
    version_names = [path.replace("\\", "/").rsplit("/", 1)[-1] for path in versions]
    status_files = host.glob(newest_folder + r"\Status\*.status")
    facts = {"installed_versions": version_names, "folder": newest_folder}
    if not status_files:
        return outcome.warning(check_id, "no_status", facts, version=version_names[-1])
    newest = max(status_files, key=status_number)
    try:
        text = host.read_text(newest)
        status = parse_status_file(text)
    except PermissionError:
        return outcome.needs_elevation(check_id, "windows")
    except (OSError, StatusFileError) as exc:
        return outcome.error(check_id, "unreadable", facts, file=newest, error=exc)
    effective = status.inner if (status.inner and status.status == "success") else status
    facts.update(status_file=newest, status=effective.status, operation=effective.operation, code=effective.code,
                 message=effective.message,
                 timestamp=effective.timestamp.isoformat() if effective.timestamp else "")
    detail = f": {effective.message}" if effective.message else ""
    if effective.status == "error":
        return outcome.problem(check_id, "failed", facts, text, detail=detail)
    if effective.status == "warning":
        return outcome.warning(check_id, "warned", facts, text, detail=detail)
    if effective.status == "transitioning":
        return outcome.warning(check_id, "in_progress", facts, text)
    if effective.status == "success":
        return outcome.ok(check_id, "succeeded", facts, text, version=version_names[-1])
    return outcome.warning(check_id, "unknown_status", facts, text, status=effective.status)

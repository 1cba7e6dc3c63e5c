"""Helpers that turn what a check saw into a `CheckResult`: status, both summaries, trimmed evidence."""

from __future__ import annotations

from typing import Any

from troubleshooter.checks.result import EVIDENCE_LIMIT, CheckResult, Status, clean_result, redact_and_cap

__all__ = ["EVIDENCE_LIMIT", "evidence", "result", "ok", "problem", "warning", "skipped", "error",
           "needs_elevation", "command_failed"]


def evidence(*parts: str, limit: int = EVIDENCE_LIMIT) -> str:
    """Join raw output parts, redact credentials and cut to `limit` bytes ("… (N bytes cut)")."""
    text = "\n".join(part.strip("\n") for part in parts if part and part.strip())
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return redact_and_cap(text, limit, at_line=True)


def result(check_id: str, status: Status, en: str, ko: str, facts: dict[str, Any] | None = None,
           raw: str | list[str] = "") -> CheckResult:
    """The result a check returns, redacted and capped here, before any value leaves the check."""
    parts = raw if isinstance(raw, list) else [raw]
    return clean_result(CheckResult(check_id, status, {"en": en, "ko": ko}, dict(facts or {}), evidence(*parts)))


def ok(check_id: str, en: str, ko: str, facts=None, raw="") -> CheckResult:
    return result(check_id, Status.OK, en, ko, facts, raw)


def problem(check_id: str, en: str, ko: str, facts=None, raw="") -> CheckResult:
    return result(check_id, Status.PROBLEM, en, ko, facts, raw)


def warning(check_id: str, en: str, ko: str, facts=None, raw="") -> CheckResult:
    return result(check_id, Status.WARNING, en, ko, facts, raw)


def skipped(check_id: str, en: str, ko: str, facts=None, raw="") -> CheckResult:
    return result(check_id, Status.SKIPPED, en, ko, facts, raw)


def error(check_id: str, en: str, ko: str, facts=None, raw="") -> CheckResult:
    return result(check_id, Status.ERROR, en, ko, facts, raw)


def needs_elevation(check_id: str, platform: str) -> CheckResult:
    """Skipped, never guessed: the check needs administrator rights this program does not have."""
    if platform == "windows":
        en = ("Skipped: this check needs administrator rights. Close the program, right-click it and "
              "choose 'Run as administrator', then run the checks again.")
        ko = ("건너뜀: 이 검사에는 관리자 권한이 필요합니다. 프로그램을 닫고 마우스 오른쪽 단추로 클릭한 뒤 "
              "'관리자 권한으로 실행'을 선택하여 다시 검사하십시오.")
    else:
        en = "Skipped: this check needs root. Run the program again with sudo."
        ko = "건너뜀: 이 검사에는 root 권한이 필요합니다. sudo로 프로그램을 다시 실행하십시오."
    return skipped(check_id, en, ko, {"reason": "needs_admin"})


def command_failed(check_id: str, what: str, output) -> CheckResult:
    """An error result for a command that did not run to a usable answer."""
    if output.not_found:
        en, ko = f"Could not run {what}: the command is not available.", f"{what}을(를) 실행할 수 없습니다: 명령을 찾을 수 없습니다."
    elif output.timed_out:
        en, ko = f"{what} did not finish in time and was stopped.", f"{what}이(가) 제한 시간 안에 끝나지 않아 중지했습니다."
    else:
        en = f"{what} failed (exit code {output.returncode})."
        ko = f"{what}이(가) 실패했습니다(종료 코드 {output.returncode})."
    return error(check_id, en, ko, {"command": " ".join(output.argv), "exit_code": output.returncode},
                 [output.stdout, output.stderr])

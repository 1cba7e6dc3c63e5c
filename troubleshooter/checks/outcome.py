"""Helpers that turn what a check saw into a `CheckResult`: status, both summaries (from the checks'
text catalog), trimmed evidence."""

from __future__ import annotations

from typing import Any

from troubleshooter.checks.result import EVIDENCE_LIMIT, CheckResult, Status, clean_result, redact_and_cap
from troubleshooter.checks.texts import check_texts

__all__ = ["EVIDENCE_LIMIT", "evidence", "result", "text", "ok", "problem", "warning", "skipped", "error",
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


def text(check_id: str, message: str, **values: Any) -> dict[str, str]:
    """The catalog's message `message` of the check in both languages, placeholders filled: a
    piece of a longer message (pass it as that message's value)."""
    return check_texts().render(check_id, message, values)


def _result(status: Status, check_id: str, message: str, args: tuple, facts, raw, values) -> CheckResult:
    if args and isinstance(args[0], str):
        # The older inline form (check_id, en, ko, facts, raw), kept for callers whose texts
        # are not in the catalog yet (the runner's own).
        summary, args = {"en": message, "ko": args[0]}, args[1:]
    else:
        summary = check_texts().render(check_id, message, values)
    if len(args) > 2:
        raise TypeError("a result takes the message, then facts and raw evidence; placeholders by name")
    if args:
        facts = args[0]
    if len(args) > 1:
        raw = args[1]
    return result(check_id, status, summary["en"], summary["ko"], facts, raw)


# Each names a message of the catalog (resources/check-texts.yaml) under the check's id, or a
# shared one, and fills its placeholders from the keyword arguments:
#     outcome.ok(check_id, "service_running", facts, raw, service=name)
def ok(check_id: str, message: str, *args, facts=None, raw="", **values) -> CheckResult:
    return _result(Status.OK, check_id, message, args, facts, raw, values)


def problem(check_id: str, message: str, *args, facts=None, raw="", **values) -> CheckResult:
    return _result(Status.PROBLEM, check_id, message, args, facts, raw, values)


def warning(check_id: str, message: str, *args, facts=None, raw="", **values) -> CheckResult:
    return _result(Status.WARNING, check_id, message, args, facts, raw, values)


def skipped(check_id: str, message: str, *args, facts=None, raw="", **values) -> CheckResult:
    return _result(Status.SKIPPED, check_id, message, args, facts, raw, values)


def error(check_id: str, message: str, *args, facts=None, raw="", **values) -> CheckResult:
    return _result(Status.ERROR, check_id, message, args, facts, raw, values)


def needs_elevation(check_id: str, platform: str) -> CheckResult:
    """Skipped, never guessed: the check needs administrator rights this program does not have."""
    if platform == "windows":
        return skipped(check_id, "needs_admin_windows", {"reason": "needs_admin"})
    return skipped(check_id, "needs_root", {"reason": "needs_admin"})


def command_failed(check_id: str, what: str, output) -> CheckResult:
    """An error result for a command that did not run to a usable answer."""
    facts = {"command": " ".join(output.argv), "exit_code": output.returncode}
    raw = [output.stdout, output.stderr]
    if output.not_found:
        return error(check_id, "command_not_found", facts, raw, what=what)
    if output.timed_out:
        return error(check_id, "command_timed_out", facts, raw, what=what)
    return error(check_id, "command_exited", facts, raw, what=what, exit_code=output.returncode)


def powershell_failed(check_id: str, what: str, output) -> CheckResult:
    """PowerShell that exited without printing anything (blocked, or Wine's stub) is said so in
    one sentence; any other failure is a failed command."""
    if output.ok and not output.stdout.strip():
        return error(check_id, "powershell_silent", {"command": " ".join(output.argv)}, output.stderr, what=what)
    return command_failed(check_id, what, output)


def wmi_unavailable(check_id: str, what: str, exc: Exception) -> CheckResult:
    return error(check_id, "wmi_unavailable", {}, what=what, error=exc)

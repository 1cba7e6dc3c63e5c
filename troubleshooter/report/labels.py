"""The report's own headings and captions in both languages, shared by the HTML and text renderers."""

from __future__ import annotations

from troubleshooter.i18n import both, pick

LABELS = {
    "title": both("Azure VM backup troubleshooting report", "Azure VM 백업 문제 해결 보고서"),
    # what stands for a masked identifier ("hide identifiers"); the model holds IDENTIFIER_MASK
    "hidden_identifier": both("[hidden]", "[숨김]"),
    "summary": both("Summary", "요약"),
    "flow": both("Problem", "문제 유형"),
    "outcome": both("Outcome", "결과"),
    "fix": both("Fix found", "찾은 해결 방법"),
    "fix_none": both("None yet", "아직 없음"),
    "stopped": both("Stopped at", "멈춘 곳"),
    "incomplete_banner": both(
        "INCOMPLETE: the walk stopped before reaching an answer. What follows is the walk so far.",
        "완료되지 않음: 답에 이르기 전에 진행이 멈췄습니다. 아래 내용은 멈춘 곳까지의 기록입니다."),
    "identifiers_hidden": both(
        "Identifiers (subscription, vmId, host name, IP addresses) are hidden.",
        "식별 정보(구독, vmId, 호스트 이름, IP 주소)를 가렸습니다."),
    "machine": both("The machine", "대상 컴퓨터"),
    "vm_name": both("VM name", "VM 이름"),
    "resource_group": both("Resource group", "리소스 그룹"),
    "subscription_id": both("Subscription", "구독"),
    "location": both("Region", "지역"),
    "vm_id": both("vmId", "vmId"),
    "vm_size": both("Size", "크기"),
    "os_type": both("OS type", "OS 종류"),
    "host_name": both("Host name", "호스트 이름"),
    "os_name": both("Operating system", "운영 체제"),
    "generated_at": both("Report made", "보고서 작성 시각"),
    "started_at": both("Walk started", "진단 시작 시각"),
    "version": both("Program", "프로그램"),
    "session_id": both("Session", "세션"),
    "unknown": both("unknown (the metadata check did not run or could not reach the service)",
                    "알 수 없음(메타데이터 검사를 실행하지 않았거나 서비스에 연결하지 못함)"),
    "answers": both("Questions and answers", "질문과 답변"),
    "question": both("Question", "질문"),
    "answer": both("Answer", "답변"),
    "no_answers": both("No question was answered.", "답한 질문이 없습니다."),
    "checks": both("Checks run on this VM", "이 VM에서 실행한 검사"),
    "check": both("Check", "검사"),
    "status": both("Status", "상태"),
    "finding": both("Finding", "결과 내용"),
    "evidence": both("Evidence", "근거"),
    "evidence_cut": both("(shortened: the full output is in the session file)",
                         "(줄임: 전체 출력은 세션 파일에 있습니다)"),
    "verify": both("checked again after the fix", "해결 후 다시 검사"),
    "no_checks": both("No check was run.", "실행한 검사가 없습니다."),
    "actions": both("Recommended actions", "권장 조치"),
    "no_actions": both("The walk reached no recommended action.", "권장 조치에 이르지 않았습니다."),
    "commands": both("Commands", "명령"),
    "links": both("More information", "자세한 정보"),
    "refs": both("Cases", "사례"),
    "error_codes": both("Error codes", "오류 코드"),
    "result": both("Result", "결과"),
    "path": both("The path taken", "진행 경로"),
    "step": both("Step", "단계"),
    "what_happened": both("What happened", "진행 내용"),
    "kind": both("Kind", "종류"),
    "via_goto": both("continued in another part", "다른 부분으로 이어짐"),
    "via_search": both("jumped here from a search", "검색에서 이동"),
    "support": both("If it still fails", "그래도 실패하면"),
    "support_intro": both("Open a support request in the Azure portal and send:",
                          "Azure Portal에서 지원 요청을 열고 다음을 보내 주십시오."),
    "logs": both("Log files on this VM", "이 VM의 로그 파일"),
    "page": both("Page {n} / {m}", "{n} / {m} 쪽"),
}

KIND_LABELS = {
    "choice": both("Question", "질문"),
    "check": both("Check", "검사"),
    "info": both("Information", "안내"),
    "resolution": both("Fix", "해결 방법"),
    "end": both("End", "끝"),
}

# Where a command runs, as its card and the report say it: the shell with the rights it needs.
# `az` commands run in the Azure CLI or Cloud Shell whatever shell the flow filed them under.
WHERE_LABELS = {
    "cmd": both("Command Prompt (admin)", "명령 프롬프트(관리자)"),
    "powershell": both("PowerShell (admin)", "PowerShell(관리자)"),
    "bash": both("Bash (root)", "Bash(root)"),
    "azcli": both("Azure CLI / Cloud Shell", "Azure CLI / Cloud Shell"),
    "portal": both("Azure portal", "Azure Portal"),
}

# What running a command does to the VM (the flows' `effect`); the last two carry a warning.
EFFECT_LABELS = {
    "read-only": both("Read-only", "읽기 전용"),
    "changes-config": both("Changes settings", "설정 변경"),
    "restarts-service": both("Restarts a service", "서비스 다시 시작"),
    "needs-downtime": both("Needs downtime", "가동 중지 필요"),
    "destructive": both("Destructive", "데이터 손실 위험"),
}
EFFECT_WARNINGS = {
    "needs-downtime": both("This interrupts the VM's workload: run it in a maintenance window.",
                           "VM의 워크로드가 중단됩니다. 유지 관리 시간에 실행합니다."),
    "destructive": both("This can lose data or backup protection: make sure a recent backup or restore point exists first.",
                        "데이터나 백업 보호를 잃을 수 있습니다. 먼저 최근 백업이나 복구 지점이 있는지 확인합니다."),
}
RETIRED = both("Retired guidance (since %1)", "더 이상 적용되지 않는 안내(%1부터)")


# The Korean Azure portal's own menu names, for the portal paths the flows give in English.
PORTAL_MENUS_KO = {
    "Backup center": "백업 센터",
    "Backup instances": "백업 인스턴스",
    "Backup jobs": "백업 작업",
    "Back up now": "지금 백업",
    "Stop backup": "백업 중지",
    "Virtual machines": "가상 머신",
    "Extensions + applications": "확장 + 애플리케이션",
    "Uninstall": "제거",
    "Restart": "다시 시작",
    "Networking": "네트워킹",
    "Recovery Services vaults": "Recovery Services 자격 증명 모음",
}


def portal_path(text: str, lang: str) -> str:
    """A portal path ("Backup center > Backup instances > (VM)") in the portal's language."""
    if lang != "ko":
        return text
    return " > ".join(PORTAL_MENUS_KO.get(part.strip(), part.strip()) for part in text.split(">"))


def command_text(shell: str, text: str, lang: str) -> str:
    """What a command card shows and copies: portal paths in the portal's language, commands as they are."""
    return portal_path(text, lang) if shell == "portal" else text


def where_label(shell: str, text: str, lang: str) -> str:
    key = "azcli" if text.lstrip().startswith("az ") and shell != "portal" else shell
    return pick(WHERE_LABELS[key], lang) if key in WHERE_LABELS else shell


def effect_label(effect: str | None, lang: str) -> str:
    return pick(EFFECT_LABELS[effect], lang) if effect in EFFECT_LABELS else ""


def effect_warning(effect: str | None, lang: str) -> str:
    return pick(EFFECT_WARNINGS[effect], lang) if effect in EFFECT_WARNINGS else ""


def retired_label(date: str | None, lang: str) -> str:
    return pick(RETIRED, lang).replace("%1", date) if date else ""


def finding_text(status_word: str, summary: str) -> str:
    """The summary without a leading repeat of the status word ("Skipped: …" beside "Skipped")."""
    for separator in (":", "："):
        prefix = status_word + separator
        if summary.casefold().startswith(prefix.casefold()):
            return summary[len(prefix):].lstrip()
    return summary


def label(key: str, lang: str) -> str:
    return pick(LABELS[key], lang)


def localize_masks(text: str, lang: str) -> str:
    """A rendered report with each masked identifier shown in the reader's language."""
    from troubleshooter.redact import IDENTIFIER_MASK

    shown = label("hidden_identifier", lang)
    return text if shown == IDENTIFIER_MASK else text.replace(IDENTIFIER_MASK, shown)

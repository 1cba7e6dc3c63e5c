"""Every sentence the terminal wizard says, in English and Korean (합니다체, the project's glossary)."""

from __future__ import annotations

from troubleshooter.i18n import pick

TEXTS: dict[str, dict[str, str]] = {
    "product": {"en": "VM Backup Troubleshooter", "ko": "VM 백업 문제 해결 도우미"},
    # Said once before the wizard when the window cannot start (cli.no_window).
    "window_no_display": {"en": "The wizard window needs a graphical desktop, and DISPLAY is not set.",
                          "ko": "마법사 창에는 그래픽 데스크톱이 필요한데 DISPLAY가 설정되어 있지 않습니다."},
    "window_no_libraries": {"en": "The wizard window needs system libraries that this machine does not have: "
                                  "{files}.",
                            "ko": "마법사 창에 필요한 시스템 라이브러리가 이 컴퓨터에 없습니다: {files}."},
    "window_no_plugin": {"en": "The window cannot start: Qt's platform plugin failed to load.",
                         "ko": "창을 시작할 수 없습니다. Qt 플랫폼 플러그인을 불러오지 못했습니다."},
    "window_cannot_start": {"en": "The window cannot start: {detail}.", "ko": "창을 시작할 수 없습니다: {detail}."},
    "window_instead": {"en": "The wizard runs in this terminal instead.",
                       "ko": "대신 이 터미널에서 마법사를 실행합니다."},
    "window_instead_console": {"en": "The wizard opens in a console window instead.",
                               "ko": "대신 콘솔 창에서 마법사를 엽니다."},
    "step": {"en": "Step {n}", "ko": "{n}단계"},
    "start_title": {"en": "What is going wrong?", "ko": "어떤 문제가 있나요?"},
    "start_intro": {"en": "Choose the problem by its number, or paste the error message or code from the Azure "
                          "portal and press Enter to go straight to its fix.",
                    "ko": "번호로 문제를 고르거나, Azure Portal의 오류 메시지나 코드를 붙여 넣고 Enter 키를 "
                          "누르면 바로 해결 방법으로 이동합니다."},
    "resume": {"en": "Resume where you left off: {title} ({when})", "ko": "중단한 곳에서 계속: {title} ({when})"},
    "vm_os": {"en": "The VM to troubleshoot: {os} (press v to switch to {other})",
              "ko": "문제를 해결할 VM: {os} (v 키를 누르면 {other}(으)로 바꿉니다)"},
    "not_azure": {"en": "This computer runs {os} and is not an Azure VM. The checks look only at the computer "
                        "they run on, so they are off; you answer each check's question yourself.",
                  "ko": "이 컴퓨터는 {os} 컴퓨터이며 Azure VM이 아닙니다. 검사는 실행되는 컴퓨터만 확인하므로 "
                        "꺼 두었습니다. 각 검사의 질문에는 직접 답합니다."},
    "keys_line": {"en": "Enter: {default} · b: back · l: 한국어 · q: quit · ?: keys",
                  "ko": "Enter: {default} · b: 뒤로 · l: English · q: 끝내기 · ?: 키 설명"},
    "keys_help": {"en": "Keys, the same on every page:\n"
                        "  a number, then Enter   choose that option or match\n"
                        "  any other text, Enter  search for it (an error code, a pasted portal message)\n"
                        "  Enter alone            the page's default (Next, Run the check)\n"
                        "  b                      go back one step\n"
                        "  l                      switch the language (English, 한국어)\n"
                        "  q                      quit; the walk is kept and can be resumed\n"
                        "  Ctrl+C                 while a check runs: cancel that check",
                  "ko": "모든 페이지에서 같은 키를 씁니다.\n"
                        "  번호 입력 후 Enter     그 선택지나 검색 결과를 고릅니다\n"
                        "  다른 글자 입력 후 Enter 검색합니다(오류 코드, 붙여 넣은 Portal 메시지)\n"
                        "  Enter만                페이지의 기본 동작(다음, 검사 실행)을 합니다\n"
                        "  b                      한 단계 뒤로 갑니다\n"
                        "  l                      언어를 바꿉니다(English, 한국어)\n"
                        "  q                      끝냅니다. 진행 기록은 보관되며 이어서 할 수 있습니다\n"
                        "  Ctrl+C                 검사가 실행 중일 때: 그 검사를 취소합니다"},
    "default_next": {"en": "next", "ko": "다음"},
    "default_run": {"en": "run the check", "ko": "검사 실행"},
    "default_skip": {"en": "skip the check", "ko": "검사 건너뛰기"},
    "default_still": {"en": "still failing", "ko": "여전히 실패"},
    "default_save": {"en": "save the report", "ko": "보고서 저장"},
    "default_none": {"en": "nothing", "ko": "없음"},
    "prompt": {"en": "> ", "ko": "> "},
    "unknown_choice": {"en": "There is no option {n} here. Type a number from the list, or ? for the keys.",
                       "ko": "여기에는 {n}번 선택지가 없습니다. 목록의 번호를 입력하거나, ?를 입력해 키 설명을 봅니다."},
    "choose_first": {"en": "Choose an option by its number first.", "ko": "먼저 번호로 선택지를 고릅니다."},
    "matches": {"en": "Fixes that match \"{query}\":", "ko": "\"{query}\"와(과) 일치하는 해결 방법:"},
    "matches_hint": {"en": "Type a match's number and Enter to open it; Enter alone goes back to the page.",
                     "ko": "결과 번호를 입력하고 Enter 키를 누르면 엽니다. Enter만 누르면 페이지로 돌아갑니다."},
    "no_match": {"en": "No fix matches these words. Choose from the list, or try other words.",
                 "ko": "이 내용과 일치하는 해결 방법이 없습니다. 목록에서 고르거나 다른 단어로 검색합니다."},
    "for_other_os": {"en": "for {os} VMs", "ko": "{os} VM용"},
    "search_broken": {"en": "Search cannot be used: its vocabulary file has a problem.",
                      "ko": "검색을 사용할 수 없습니다. 검색 어휘 파일에 문제가 있습니다."},
    # Check pages
    "needs_admin": {"en": "This check needs administrator rights.", "ko": "이 검사에는 관리자 권한이 필요합니다."},
    "uses_network": {"en": "It opens network connections from this VM (nothing is changed).",
                     "ko": "이 VM에서 네트워크 연결을 엽니다(아무것도 바꾸지 않습니다)."},
    "read_only": {"en": "Checks only read; they never change the VM.", "ko": "검사는 읽기만 하며 VM을 절대 바꾸지 않습니다."},
    "run_check": {"en": "Run the check", "ko": "검사 실행"},
    "run_again": {"en": "Run the check again", "ko": "검사 다시 실행"},
    "skip": {"en": "Skip it and answer without it", "ko": "건너뛰고 검사 없이 진행"},
    "next": {"en": "Next", "ko": "다음"},
    "show_evidence": {"en": "Show what was found (evidence)", "ko": "찾은 내용(근거) 보기"},
    "auto_run": {"en": "Run checks automatically: {state}", "ko": "검사 자동 실행: {state}"},
    "on": {"en": "on", "ko": "켜짐"},
    "off": {"en": "off", "ko": "꺼짐"},
    "running": {"en": "Running the check… {s} s (Ctrl+C cancels the check)",
                "ko": "검사하는 중… {s}초 (Ctrl+C를 누르면 검사를 취소합니다)"},
    "cancelled": {"en": "The check was cancelled. Run it again or skip it.",
                  "ko": "검사를 취소했습니다. 다시 실행하거나 건너뛸 수 있습니다."},
    "result": {"en": "Result:", "ko": "결과:"},
    "no_evidence": {"en": "The check recorded no evidence.", "ko": "검사가 기록한 근거가 없습니다."},
    "checks_off": {"en": "Checks are off: this computer is not the VM you are troubleshooting, and a check looks "
                         "only at the computer it runs on. Skip it and answer the next question yourself, or run "
                         "the program on the VM.",
                   "ko": "검사가 꺼져 있습니다. 이 컴퓨터는 문제를 해결하려는 VM이 아니며, 검사는 실행되는 컴퓨터만 "
                         "확인합니다. 이 검사를 건너뛰고 다음 질문에 직접 답하거나, VM에서 프로그램을 실행합니다."},
    "other_os": {"en": "This check is for {wanted} VMs and the VM you are troubleshooting runs {os}: skip it.",
                 "ko": "이 검사는 {wanted} VM용입니다. 문제를 해결하려는 VM의 운영 체제는 {os}이므로 이 검사는 "
                       "건너뜁니다."},
    "needs_rights": {"en": "This check could not look because the program runs without administrator (root) rights. "
                           "Quit with q and start it again as administrator or with sudo; then resume the walk.",
                     "ko": "프로그램이 관리자(root) 권한 없이 실행 중이라 이 검사를 할 수 없었습니다. q 키로 끝내고 "
                           "관리자 권한이나 sudo로 다시 시작한 뒤 진행 기록을 이어서 합니다."},
    # Fix pages
    "codes": {"en": "Error codes this fixes: {codes}", "ko": "이 방법으로 해결되는 오류 코드: {codes}"},
    "commands": {"en": "Commands (each on its own lines; copy them whole):",
                 "ko": "명령(각 명령은 줄 그대로 통째로 복사합니다):"},
    "links": {"en": "Documentation:", "ko": "문서:"},
    "fixed": {"en": "That fixed it", "ko": "해결됨"},
    "still_failing": {"en": "Still failing: show the next possibility", "ko": "여전히 실패: 다음 가능성 보기"},
    "check_again": {"en": "After the fix, check again: {title}", "ko": "해결한 뒤 다시 검사: {title}"},
    "check_again_off": {"en": "(Check again is off: this computer is not the VM.)",
                        "ko": "(이 컴퓨터는 VM이 아니므로 다시 검사할 수 없습니다.)"},
    "before": {"en": "Before:", "ko": "이전:"},
    "after": {"en": "After:", "ko": "이후:"},
    # The summary
    "summary": {"en": "Summary", "ko": "요약"},
    "outcome": {"en": "Outcome: {outcome}", "ko": "결과: {outcome}"},
    "fix": {"en": "Fix: {fix}", "ko": "해결 방법: {fix}"},
    "save": {"en": "Save the report (PDF, JSON and text files)", "ko": "보고서 저장(PDF, JSON, 텍스트 파일)"},
    "show_report": {"en": "Show the report as text", "ko": "보고서를 텍스트로 보기"},
    "collect": {"en": "Collect logs for support (one zip for a support ticket)",
                "ko": "지원용 로그 수집(지원 요청에 첨부할 zip 파일 하나)"},
    "start_over": {"en": "Start a new walk", "ko": "처음부터 다시"},
    "saved": {"en": "Saved {kind}:", "ko": "{kind} 저장함:"},
    "not_saved": {"en": "The {kind} report was not saved: {why}", "ko": "{kind} 보고서를 저장하지 못했습니다: {why}"},
    "collecting": {"en": "Collecting the logs… (Ctrl+C cancels)", "ko": "로그를 수집하는 중… (Ctrl+C를 누르면 취소합니다)"},
    "collected": {"en": "Saved the zip ({mb} MB); secrets are removed from every file in it:",
                  "ko": "zip 파일을 저장했습니다({mb}MB). 모든 파일에서 비밀 정보를 제거했습니다:"},
    "collect_failed": {"en": "The zip was not written: {why}", "ko": "zip 파일을 쓰지 못했습니다: {why}"},
    "collect_cancelled": {"en": "Cancelled; nothing was written.", "ko": "취소했습니다. 아무 파일도 쓰지 않았습니다."},
    # Leaving
    "kept": {"en": "The walk is kept. To resume it where you left off, run:",
             "ko": "진행 기록을 보관했습니다. 중단한 곳에서 이어서 하려면 다음을 실행합니다:"},
    "kept_window": {"en": "(The window's Resume takes it up too.)", "ko": "(창의 [중단한 곳에서 계속]으로도 이어서 할 수 있습니다.)"},
    "resume_failed": {"en": "The saved walk cannot be resumed: {why}", "ko": "저장된 진행 기록을 이어서 할 수 없습니다: {why}"},
    "bye": {"en": "Goodbye.", "ko": "끝냅니다."},
}


def text(key: str, lang: str, **values: object) -> str:
    """The sentence `key` in `lang`, with its {placeholders} filled in."""
    found = pick(TEXTS[key], lang)
    for name, value in values.items():
        found = found.replace("{" + name + "}", str(value))
    return found

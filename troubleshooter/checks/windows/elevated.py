"""Whether this program runs with administrator rights, which several Windows checks need."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check


@check("windows.elevated",
       title={"en": "Running as administrator", "ko": "관리자 권한으로 실행"},
       description={"en": "Tells whether this program has administrator rights. Without them the VSS writer and "
                          "BitLocker checks cannot run and are skipped.",
                    "ko": "이 프로그램이 관리자 권한으로 실행 중인지 확인합니다. 권한이 없으면 VSS 기록기와 "
                          "BitLocker 검사를 실행할 수 없어 건너뜁니다."},
       platforms=("windows",), timeout=5, serves=())
def elevated(host: Host):
    check_id = "windows.elevated"
    if host.is_elevated():
        return outcome.ok(check_id, "The program runs as administrator; every check can look where it needs to.",
                          "프로그램이 관리자 권한으로 실행 중이어서 모든 검사가 필요한 곳을 볼 수 있습니다.",
                          {"elevated": True})
    return outcome.warning(check_id, "The program does not run as administrator: some checks are skipped. Close it, "
                                     "right-click it and choose 'Run as administrator'.",
                           "프로그램이 관리자 권한 없이 실행 중이어서 일부 검사를 건너뜁니다. 프로그램을 닫고 마우스 "
                           "오른쪽 단추로 클릭한 뒤 '관리자 권한으로 실행'을 선택하십시오.", {"elevated": False})

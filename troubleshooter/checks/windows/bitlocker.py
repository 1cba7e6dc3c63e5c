"""BitLocker: a locked volume cannot be snapshotted."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.manage_bde import parse_volumes
from troubleshooter.checks.registry import check


@check("windows.bitlocker",
       title={"en": "BitLocker lock status", "ko": "BitLocker 잠금 상태"},
       description={"en": "Runs 'manage-bde -status'. A volume locked by BitLocker cannot be snapshotted.",
                    "ko": "'manage-bde -status'를 실행합니다. BitLocker로 잠긴 볼륨은 스냅숏을 만들 수 없습니다."},
       platforms=("windows",), timeout=30, needs_admin=True, serves=("B13",))
def bitlocker(host: Host):
    check_id = "windows.bitlocker"
    output = host.run(["manage-bde", "-status"], timeout=25)
    if output.not_found:
        return outcome.ok(check_id, "BitLocker is not installed on this Windows (no manage-bde).",
                          "이 Windows에는 BitLocker가 설치되어 있지 않습니다(manage-bde 없음).", {"installed": False})
    volumes = parse_volumes(output.stdout)
    if not volumes:
        if "administrator" in output.combined.lower() or "관리자" in output.combined:
            return outcome.needs_elevation(check_id, "windows")
        if not output.ok:
            return outcome.command_failed(check_id, "manage-bde -status", output)
        return outcome.error(check_id, "'manage-bde -status' listed no volumes.",
                             "'manage-bde -status'에 볼륨이 하나도 없습니다.", {}, output.combined)
    facts = {"volumes": {v.name: {"lock_status": v.lock_status, "conversion_status": v.fields.get("Conversion Status", ""),
                                  "protection_status": v.fields.get("Protection Status", "")} for v in volumes}}
    locked = [v.name for v in volumes if v.locked]
    facts["locked"] = locked
    relevant = "\n".join(f"{v.name} Lock Status: {v.lock_status}; Conversion Status: "
                         f"{v.fields.get('Conversion Status', '')}" for v in volumes)
    if locked:
        listed = ", ".join(locked)
        return outcome.problem(check_id, f"BitLocker has locked {listed}; turn BitLocker off on every drive of the VM.",
                               f"BitLocker가 {listed}을(를) 잠갔습니다. VM의 모든 드라이브에서 BitLocker를 끄십시오.",
                               facts, relevant)
    return outcome.ok(check_id, f"No volume is locked by BitLocker ({len(volumes)} checked).",
                      f"BitLocker로 잠긴 볼륨이 없습니다(볼륨 {len(volumes)}개 확인).", facts, relevant)

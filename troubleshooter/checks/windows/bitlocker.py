"""BitLocker: a locked volume cannot be snapshotted.

Read from CIM (Win32_EncryptableVolume), whose numbers mean the same in every display language;
`manage-bde -status` prints its labels and states translated.
"""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows import cim

VOLUMES_NAMESPACE = r"root\cimv2\Security\MicrosoftVolumeEncryption"
# LockStatus is not a property: GetLockStatus() answers it, one call per volume.
VOLUMES_QUERY = (f"Get-CimInstance -Namespace '{VOLUMES_NAMESPACE}' -ClassName Win32_EncryptableVolume | "
                 "ForEach-Object { [pscustomobject]@{ DeviceID = $_.DeviceID; DriveLetter = $_.DriveLetter; "
                 "ProtectionStatus = $_.ProtectionStatus; ConversionStatus = $_.ConversionStatus; "
                 "LockStatus = (Invoke-CimMethod -InputObject $_ -MethodName GetLockStatus).LockStatus } }")
VOLUMES_SOURCE = "Win32_EncryptableVolume (CIM)"

# The documented values of Win32_EncryptableVolume, named as manage-bde names them in English.
PROTECTION_STATUS = {0: "Protection Off", 1: "Protection On", 2: "Protection Unknown"}
CONVERSION_STATUS = {0: "Fully Decrypted", 1: "Fully Encrypted", 2: "Encryption in Progress",
                     3: "Decryption in Progress", 4: "Encryption Paused", 5: "Decryption Paused"}
LOCK_STATUS = {0: "Unlocked", 1: "Locked"}
LOCKED = 1
# Without the BitLocker feature (an optional feature on Windows Server) the namespace or class is absent.
NOT_INSTALLED_CODES = {"InvalidNamespace", "InvalidClass", "NotFound"}


@check("windows.bitlocker",
       title={"en": "BitLocker lock status", "ko": "BitLocker 잠금 상태"},
       description={"en": "Asks Windows (CIM, Win32_EncryptableVolume) for each volume's BitLocker lock and "
                          "protection status, as 'manage-bde -status' shows them. A volume locked by BitLocker "
                          "cannot be snapshotted.",
                    "ko": "각 볼륨의 BitLocker 잠금 상태와 보호 상태를 Windows(CIM, Win32_EncryptableVolume)에 "
                          "묻습니다('manage-bde -status'에 나오는 정보). BitLocker로 잠긴 볼륨은 스냅숏을 만들 수 "
                          "없습니다."},
       platforms=("windows",), timeout=30, needs_admin=True, serves=("B13",))
def bitlocker(host: Host):
    check_id = "windows.bitlocker"
    try:
        instances, output = cim.query(host, VOLUMES_QUERY, timeout=25)
    except cim.CimCommandFailed as failure:
        return outcome.command_failed(check_id, VOLUMES_SOURCE, failure.output)
    except cim.CimQueryError as exc:
        if exc.code in NOT_INSTALLED_CODES:
            return outcome.ok(check_id, "BitLocker is not installed on this Windows.",
                              "이 Windows에는 BitLocker가 설치되어 있지 않습니다.", {"installed": False, "cim": exc.code})
        if exc.code == "AccessDenied":
            return outcome.needs_elevation(check_id, "windows")
        return outcome.error(check_id, f"{VOLUMES_SOURCE} could not be read ({exc.code}).",
                             f"{VOLUMES_SOURCE}을(를) 읽을 수 없습니다({exc.code}).", {"cim": exc.code})
    except cim.CimOutputError as exc:
        return outcome.error(check_id, f"{VOLUMES_SOURCE} gave an answer this program does not understand ({exc}).",
                             f"{VOLUMES_SOURCE}의 응답을 해석할 수 없습니다({exc}).", {})
    volumes = [_volume(instance) for instance in instances]
    if not volumes:
        return outcome.error(check_id, f"{VOLUMES_SOURCE} listed no volumes.",
                             f"{VOLUMES_SOURCE}에 볼륨이 하나도 없습니다.", {}, output.stdout)
    facts = {"volumes": {v["name"]: {"lock_status": v["lock_status"], "conversion_status": v["conversion_status"],
                                     "protection_status": v["protection_status"]} for v in volumes}}
    locked = [v["name"] for v in volumes if v["locked"]]
    facts["locked"] = locked
    relevant = "\n".join(f"{v['name']} Lock Status: {v['lock_status']}; Conversion Status: {v['conversion_status']}; "
                         f"Protection Status: {v['protection_status']}" for v in volumes)
    if locked:
        listed = ", ".join(locked)
        return outcome.problem(check_id, f"BitLocker has locked {listed}; turn BitLocker off on every drive of the VM.",
                               f"BitLocker가 {listed}을(를) 잠갔습니다. VM의 모든 드라이브에서 BitLocker를 끄십시오.",
                               facts, relevant)
    return outcome.ok(check_id, f"No volume is locked by BitLocker ({len(volumes)} checked).",
                      f"BitLocker로 잠긴 볼륨이 없습니다(볼륨 {len(volumes)}개 확인).", facts, relevant)


def _volume(instance: dict) -> dict:
    lock = instance.get("LockStatus")
    return {"name": str(instance.get("DriveLetter") or instance.get("DeviceID") or "?"),
            "locked": lock == LOCKED,
            "lock_status": LOCK_STATUS.get(lock, "Unknown"),
            "conversion_status": CONVERSION_STATUS.get(instance.get("ConversionStatus"), "Unknown"),
            "protection_status": PROTECTION_STATUS.get(instance.get("ProtectionStatus"), "Unknown")}

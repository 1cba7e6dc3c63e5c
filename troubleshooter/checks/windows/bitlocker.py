"""BitLocker: a locked volume cannot be snapshotted.

Read from WMI (Win32_EncryptableVolume), whose numbers mean the same in every display language;
`manage-bde -status` prints its labels and states translated.
"""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host, HostUnavailable
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows import cim

VOLUMES_NAMESPACE = r"root\cimv2\Security\MicrosoftVolumeEncryption"
VOLUMES_QUERY = "SELECT DeviceID, DriveLetter, ProtectionStatus, ConversionStatus FROM Win32_EncryptableVolume"
# LockStatus is not a property: GetLockStatus() answers it, one call per volume.
LOCK_METHOD = {"GetLockStatus": "LockStatus"}
VOLUMES_SOURCE = "Win32_EncryptableVolume (WMI)"

# The documented values of Win32_EncryptableVolume, named as manage-bde names them in English.
PROTECTION_STATUS = {0: "Protection Off", 1: "Protection On", 2: "Protection Unknown"}
CONVERSION_STATUS = {0: "Fully Decrypted", 1: "Fully Encrypted", 2: "Encryption in Progress",
                     3: "Decryption in Progress", 4: "Encryption Paused", 5: "Decryption Paused"}
LOCK_STATUS = {0: "Unlocked", 1: "Locked"}
LOCKED = 1
# Without the BitLocker feature (an optional feature on Windows Server) the namespace or class is absent.
NOT_INSTALLED_CODES = {"InvalidNamespace", "InvalidClass", "NotFound"}


@check("windows.bitlocker", platforms=("windows",), timeout=30, needs_admin=True, serves=("B13",))
def bitlocker(host: Host):
    check_id = "windows.bitlocker"
    try:
        instances = cim.query(host, VOLUMES_NAMESPACE, VOLUMES_QUERY, LOCK_METHOD)
    except HostUnavailable as exc:
        return outcome.wmi_unavailable(check_id, VOLUMES_SOURCE, exc)
    except cim.CimQueryError as exc:
        if exc.code in NOT_INSTALLED_CODES:
            return outcome.ok(check_id, "not_installed", {"installed": False, "cim": exc.code})
        if exc.code == "AccessDenied":
            return outcome.needs_elevation(check_id, "windows")
        return outcome.error(check_id, "unreadable", {"cim": exc.code}, source=VOLUMES_SOURCE, code=exc.code)
    volumes = [_volume(instance) for instance in instances]
    if not volumes:
        return outcome.error(check_id, "no_volumes", {}, cim.instances_text(instances), source=VOLUMES_SOURCE)
    facts = {"volumes": {v["name"]: {"lock_status": v["lock_status"], "conversion_status": v["conversion_status"],
                                     "protection_status": v["protection_status"]} for v in volumes}}
    locked = [v["name"] for v in volumes if v["locked"]]
    facts["locked"] = locked
    relevant = "\n".join(f"{v['name']} Lock Status: {v['lock_status']}; Conversion Status: {v['conversion_status']}; "
                         f"Protection Status: {v['protection_status']}" for v in volumes)
    if locked:
        listed = ", ".join(locked)
        return outcome.problem(check_id, "locked", facts, relevant, volumes=listed)
    return outcome.ok(check_id, "none_locked", facts, relevant, count=len(volumes))


def _volume(instance: dict) -> dict:
    lock = instance.get("LockStatus")
    return {"name": str(instance.get("DriveLetter") or instance.get("DeviceID") or "?"),
            "locked": lock == LOCKED,
            "lock_status": LOCK_STATUS.get(lock, "Unknown"),
            "conversion_status": CONVERSION_STATUS.get(instance.get("ConversionStatus"), "Unknown"),
            "protection_status": PROTECTION_STATUS.get(instance.get("ProtectionStatus"), "Unknown")}

"""What the Linux backup extension freezes: its own config file and the state of every mounted ext filesystem."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.ini import ConfigError, lookup, parse_ini
from troubleshooter.checks.parsers.tune2fs import filesystem_state, parse_superblock, state_is_clean
from troubleshooter.checks.registry import check
from troubleshooter.checks.result import cap_text

VMBACKUP_CONF = "/etc/azure/vmbackup.conf"
EXT_TYPES = ("ext2", "ext3", "ext4")
REASON_LIMIT = 200


@check("linux.vmbackup_conf", platforms=("linux",), timeout=5, serves=("B22",))
def vmbackup_conf(host: Host):
    check_id = "linux.vmbackup_conf"
    try:
        text = host.read_text(VMBACKUP_CONF)
    except FileNotFoundError:
        return outcome.ok(check_id, "absent", {"present": False})
    except PermissionError:
        return outcome.needs_elevation(check_id, "linux")
    try:
        sections = parse_ini(text)
    except ConfigError as exc:
        return outcome.warning(check_id, "unparsable", {"present": True, "parse_error": str(exc)}, text, error=exc)
    mounts_to_skip = lookup(sections, "MountsToSkip") or ""
    fsfreeze = lookup(sections, "fsfreeze")
    timeout = lookup(sections, "SafeFreezeWaitInSeconds") or lookup(sections, "timeout") or ""
    facts = {"present": True, "sections": sections, "mounts_to_skip": [m.strip() for m in mounts_to_skip.split(",")
                                                                       if m.strip()],
             "fsfreeze": fsfreeze or "", "freeze_timeout_seconds": timeout}
    shown = []
    if facts["mounts_to_skip"]:
        shown.append(f"MountsToSkip={', '.join(facts['mounts_to_skip'])}")
    if fsfreeze is not None:
        shown.append(f"fsfreeze={fsfreeze}")
    if timeout:
        shown.append(f"timeout={timeout}s")
    listed = "; ".join(shown) or "no freeze settings"
    if fsfreeze is not None and fsfreeze.strip().lower() in ("false", "no", "0", "n"):
        return outcome.warning(check_id, "freeze_off", facts, text, settings=listed)
    return outcome.ok(check_id, "settings", facts, text, settings=listed)


def mounted_ext_devices(host: Host) -> list[tuple[str, str, str]]:
    """(device, mount point, type) for every mounted ext2/3/4 device, each device once."""
    seen: dict[str, tuple[str, str, str]] = {}
    for line in host.read_text("/proc/mounts").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] in EXT_TYPES and parts[0].startswith("/"):
            device = parts[0].replace("\\040", " ")
            seen.setdefault(device, (device, parts[1].replace("\\040", " "), parts[2]))
    return list(seen.values())


@check("linux.filesystem_state", platforms=("linux",), timeout=20, needs_admin=True, serves=("B22",))
def filesystem_state_check(host: Host):
    check_id = "linux.filesystem_state"
    devices = mounted_ext_devices(host)
    if not devices:
        return outcome.ok(check_id, "nothing_mounted", {"devices": {}})
    tune2fs = host.which("tune2fs") or "/sbin/tune2fs"
    states: dict[str, dict[str, str]] = {}
    raw, unclean, unreadable = [], [], []
    for device, mount_point, fs_type in devices:
        output = host.run([tune2fs, "-l", device], timeout=5)
        fields = parse_superblock(output.stdout)
        state = filesystem_state(fields)
        if state is None:
            denied = any(word in output.combined.lower() for word in ("permission denied", "not permitted"))
            if denied and not host.is_elevated():
                return outcome.needs_elevation(check_id, "linux")
            if output.not_found:
                return outcome.command_failed(check_id, "tune2fs", output)
            reason = next((line.strip() for line in output.combined.splitlines() if line.strip()
                           and not line.startswith("tune2fs ")), f"exit code {output.returncode}")
            reason = cap_text(reason, REASON_LIMIT)  # it goes into the summary, once per device
            unreadable.append(f"{device} ({reason})")
            states[device] = {"mount_point": mount_point, "type": fs_type, "state": "unreadable", "reason": reason}
            raw.append(f"$ tune2fs -l {device}\n{output.combined.strip()}")
            continue
        states[device] = {"mount_point": mount_point, "type": fs_type, "state": state,
                          "errors_behavior": fields.get("Errors behavior", ""),
                          "last_checked": fields.get("Last checked", "")}
        kept = [f"{name}: {fields[name]}" for name in ("Filesystem volume name", "Filesystem state",
                                                        "Errors behavior", "Last checked", "FS Error count",
                                                        "Last error time") if name in fields]
        raw.append(f"$ tune2fs -l {device}  ({mount_point})\n" + "\n".join(kept))
        if not state_is_clean(state):
            unclean.append(f"{device} ({mount_point}): {state}")
    facts = {"devices": states, "not_clean": unclean, "unreadable": unreadable}
    if unclean:
        listed = "; ".join(unclean)
        return outcome.problem(check_id, "not_clean", facts, raw, filesystems=listed)
    if unreadable:
        listed = ", ".join(unreadable)
        return outcome.warning(check_id, "unreadable", facts, raw, filesystems=listed)
    return outcome.ok(check_id, "all_clean", facts, raw, count=len(states))

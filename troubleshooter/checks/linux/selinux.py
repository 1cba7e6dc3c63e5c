"""SELinux mode: enforcing SELinux must leave /var/lib/waagent alone for the backup to work."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.selinux import parse_config_mode, parse_selinux_mode
from troubleshooter.checks.registry import check


@check("linux.selinux", platforms=("linux",), timeout=5, serves=("B14",))
def selinux(host: Host):
    check_id = "linux.selinux"
    raw = []
    mode = None
    getenforce = host.which("getenforce")
    if getenforce:
        output = host.run([getenforce], timeout=3)
        raw.append(f"$ getenforce\n{output.combined.strip()}")
        mode = parse_selinux_mode(output.stdout) if output.ok else None
    if mode is None:
        try:
            flag = host.read_text("/sys/fs/selinux/enforce").strip()
            raw.append(f"/sys/fs/selinux/enforce: {flag}")
            mode = {"1": "enforcing", "0": "permissive"}.get(flag)
        except FileNotFoundError:
            mode = "not present" if not getenforce else None
        except PermissionError:
            return outcome.needs_elevation(check_id, "linux")
    config_mode = None
    try:
        config_mode = parse_config_mode(host.read_text("/etc/selinux/config"))
    except OSError:
        pass
    facts = {"mode": mode or "", "config_mode": config_mode or ""}
    if mode is None:
        return outcome.error(check_id, "unreadable", facts, raw)
    if mode == "enforcing":
        return outcome.warning(check_id, "enforcing", facts, raw)
    if config_mode == "enforcing":
        return outcome.warning(check_id, "enforcing_after_boot", facts, raw, mode=mode)
    if mode == "not present":
        return outcome.ok(check_id, "not_present", facts, raw)
    return outcome.ok(check_id, "not_blocking", facts, raw, mode=mode)

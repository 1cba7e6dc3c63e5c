"""SELinux mode: enforcing SELinux must leave /var/lib/waagent alone for the backup to work."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.selinux import parse_config_mode, parse_selinux_mode
from troubleshooter.checks.registry import check


@check("linux.selinux",
       title={"en": "SELinux mode", "ko": "SELinux 모드"},
       description={"en": "Reads the SELinux mode. When it is enforcing, its policy must exclude /var/lib/waagent "
                          "or the VM may never reach a state that allows backup.",
                    "ko": "SELinux 모드를 읽습니다. Enforcing이면 정책에서 /var/lib/waagent를 제외해야 합니다. "
                          "그렇지 않으면 VM이 백업할 수 있는 상태가 되지 않을 수 있습니다."},
       platforms=("linux",), timeout=5, serves=("B14",))
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
        return outcome.error(check_id, "The SELinux mode could not be read.", "SELinux 모드를 읽을 수 없습니다.",
                             facts, raw)
    if mode == "enforcing":
        return outcome.warning(check_id, "SELinux is enforcing: make sure its policy excludes /var/lib/waagent.",
                               "SELinux가 Enforcing 모드입니다. 정책에서 /var/lib/waagent가 제외되어 있는지 "
                               "확인하십시오.", facts, raw)
    if config_mode == "enforcing":
        return outcome.warning(check_id, f"SELinux is {mode} now but set to enforcing from the next boot: the policy "
                                         "must exclude /var/lib/waagent.",
                               f"SELinux가 지금은 {mode}이지만 다음 부팅부터 Enforcing입니다. 정책에서 "
                               "/var/lib/waagent를 제외해야 합니다.", facts, raw)
    if mode == "not present":
        return outcome.ok(check_id, "SELinux is not active on this system; it cannot block the agent.",
                          "이 시스템에서는 SELinux가 동작하지 않으므로 에이전트를 막을 수 없습니다.", facts, raw)
    return outcome.ok(check_id, f"SELinux is {mode}; it does not block the agent.",
                      f"SELinux가 {mode} 상태여서 에이전트를 막지 않습니다.", facts, raw)

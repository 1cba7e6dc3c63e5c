"""The Linux agent: is it installed and running, which version, and what its config switches off."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host, HostUnavailable
from troubleshooter.checks.linux.distro import agent_service_names, os_release
from troubleshooter.checks.parsers.versions import at_least, dotted
from troubleshooter.checks.parsers.waagent import parse_key_values, parse_waagent_version
from troubleshooter.checks.registry import check
from troubleshooter.checks.thresholds import LINUX_AGENT_MINIMUM

WAAGENT_CONF = "/etc/waagent.conf"
# The values WALinuxAgent accepts for Provisioning.Agent (its README, "Provisioning.Agent").
PROVISIONING_AGENTS = ("auto", "waagent", "cloud-init", "disabled")


def _agent_processes(host: Host) -> list:
    return [process for process in host.processes()
            if any(part.endswith("waagent") or "WALinuxAgent" in part for part in process.cmdline[:3])
            or process.name == "waagent"]


def installed_program(host: Host) -> str | None:
    """The agent program's runnable path, None when it is not installed."""
    return host.which("waagent")


@check("linux.agent_service", platforms=("linux",), timeout=10, serves=("B02", "B05", "B11", "B16", "A02"))
def agent_service(host: Host):
    check_id = "linux.agent_service"
    names = agent_service_names(host)
    program = installed_program(host)
    processes = _agent_processes(host)
    facts = {"service_names_tried": names, "program": program or "",
             "process_ids": [process.pid for process in processes]}
    found = None
    manager_note = ""
    for name in names:
        try:
            found = host.service(name)
        except HostUnavailable as exc:
            manager_note = str(exc)
            break
        if found is not None:
            break
    raw = [" ".join(process.cmdline) for process in processes]
    if found is not None:
        facts.update(service=found.name, service_state=found.state, start_type=found.start_type)
        if found.running:
            return outcome.ok(check_id, "service_running", facts, raw, service=found.name)
        return outcome.problem(check_id, "service_stopped", facts, raw, service=found.name, state=found.state)
    if manager_note:
        facts["service_manager"] = manager_note
    if processes:
        return outcome.ok(check_id, "process_running", facts, raw)
    if program:
        return outcome.problem(check_id, "no_process", facts, raw, program=program)
    return outcome.problem(check_id, "not_installed", facts, raw)


@check("linux.agent_version", platforms=("linux",), timeout=15, serves=("B06", "A04"))
def agent_version(host: Host):
    check_id = "linux.agent_version"
    program = installed_program(host)
    if program is None:
        return outcome.skipped(check_id, "agent_missing", {"reason": "agent_missing"})
    output = host.run([program, "--version"], timeout=10)
    parsed = parse_waagent_version(output.combined)
    if parsed is None:
        return outcome.command_failed(check_id, "waagent --version", output) if not output.ok else outcome.error(
            check_id, "no_version", {"command": f"{program} --version"}, [output.stdout, output.stderr])
    facts = {"daemon_version": dotted(parsed.daemon), "os": parsed.os, "python": parsed.python,
             "goal_state_version": dotted(parsed.goal_state) if parsed.goal_state else "",
             "minimum_version": dotted(LINUX_AGENT_MINIMUM),
             "distribution": os_release(host).get("PRETTY_NAME", "")}
    effective = max(parsed.daemon, parsed.goal_state or ())
    raw = [output.stdout, output.stderr]
    if not at_least(effective, LINUX_AGENT_MINIMUM):
        return outcome.problem(check_id, "too_old", facts, raw, version=dotted(effective),
                               minimum=dotted(LINUX_AGENT_MINIMUM))
    goal = outcome.text(check_id, "goal_state", version=dotted(parsed.goal_state)) if parsed.goal_state else ""
    return outcome.ok(check_id, "version", facts, raw, version=dotted(parsed.daemon), goal_state=goal)


@check("linux.waagent_conf", platforms=("linux",), timeout=5, serves=("B02",))
def waagent_conf(host: Host):
    check_id = "linux.waagent_conf"
    try:
        text = host.read_text(WAAGENT_CONF)
    except FileNotFoundError:
        return outcome.skipped(check_id, "conf_missing", {"reason": "agent_missing"})
    except PermissionError:
        return outcome.needs_elevation(check_id, "linux")
    values = parse_key_values(text)
    extensions = values.get("Extensions.Enabled", "y").lower()
    provisioning = values.get("Provisioning.Agent", "auto").lower()
    facts = {"extensions_enabled": extensions, "provisioning_agent": provisioning,
             "extensions_enabled_set": "Extensions.Enabled" in values,
             "auto_update": values.get("AutoUpdate.Enabled", values.get("AutoUpdate.UpdateToLatestVersion", "y")),
             "http_proxy_host": values.get("HttpProxy.Host", ""), "http_proxy_port": values.get("HttpProxy.Port", "")}
    relevant = "\n".join(f"{key}={value}" for key, value in values.items()
                         if key.startswith(("Extensions.", "Provisioning.", "AutoUpdate.", "HttpProxy.")))
    if extensions not in ("y", "yes", "true", "1"):
        return outcome.problem(check_id, "extensions_off", facts, relevant, value=extensions)
    if provisioning not in PROVISIONING_AGENTS:
        return outcome.warning(check_id, "unknown_provisioning", facts, relevant, provisioning=provisioning,
                               known=", ".join(PROVISIONING_AGENTS))
    # Provisioning.Agent names what set the VM up at its first boot (cloud-init is what Debian,
    # SUSE and many RHEL images ship); extensions, the backup extension among them, run whichever
    # it is, so only Extensions.Enabled decides here.
    return outcome.ok(check_id, "extensions_on", facts, relevant, provisioning=provisioning)

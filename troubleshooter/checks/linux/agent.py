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


@check("linux.agent_service",
       title={"en": "Azure Linux agent running", "ko": "Azure Linux 에이전트 실행 상태"},
       description={"en": "Looks for the walinuxagent/waagent service and its process. Backup talks to the VM "
                          "only through this agent, so it must be installed and running.",
                    "ko": "walinuxagent/waagent 서비스와 프로세스를 찾습니다. 백업은 이 에이전트를 통해서만 VM과 "
                          "통신하므로 에이전트가 설치되어 실행 중이어야 합니다."},
       platforms=("linux",), timeout=10, serves=("B02", "B05", "B11", "B16", "A02"))
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
            return outcome.ok(check_id, f"The agent service {found.name} is running.",
                              f"에이전트 서비스 {found.name}이(가) 실행 중입니다.", facts, raw)
        return outcome.problem(
            check_id, f"The agent service {found.name} is installed but not running (state: {found.state}).",
            f"에이전트 서비스 {found.name}이(가) 설치되어 있지만 실행 중이 아닙니다(상태: {found.state}).", facts, raw)
    if manager_note:
        facts["service_manager"] = manager_note
    if processes:
        return outcome.ok(check_id, "The agent process is running (the service manager could not be asked).",
                          "에이전트 프로세스가 실행 중입니다(서비스 관리자에는 물어볼 수 없었습니다).", facts, raw)
    if program:
        return outcome.problem(check_id, f"The agent is installed ({program}) but no agent process is running.",
                               f"에이전트가 설치되어 있지만({program}) 실행 중인 에이전트 프로세스가 없습니다.",
                               facts, raw)
    return outcome.problem(check_id, "The Azure Linux agent is not installed: no service, program or process found.",
                           "Azure Linux 에이전트가 설치되어 있지 않습니다: 서비스, 프로그램, 프로세스가 모두 없습니다.",
                           facts, raw)


@check("linux.agent_version",
       title={"en": "Azure Linux agent version", "ko": "Azure Linux 에이전트 버전"},
       description={"en": "Runs 'waagent --version'. An outdated agent makes the backup extension fail, so the "
                          "version is compared with the oldest one still supported.",
                    "ko": "'waagent --version'을 실행합니다. 에이전트가 오래되면 백업 확장이 실패하므로 아직 "
                          "지원되는 가장 오래된 버전과 비교합니다."},
       platforms=("linux",), timeout=15, serves=("B06", "A04"))
def agent_version(host: Host):
    check_id = "linux.agent_version"
    program = installed_program(host)
    if program is None:
        return outcome.skipped(check_id, "Skipped: the agent is not installed, so there is no version to read.",
                               "건너뜀: 에이전트가 설치되어 있지 않아 읽을 버전이 없습니다.", {"reason": "agent_missing"})
    output = host.run([program, "--version"], timeout=10)
    parsed = parse_waagent_version(output.combined)
    if parsed is None:
        return outcome.command_failed(check_id, "waagent --version", output) if not output.ok else outcome.error(
            check_id, "'waagent --version' printed no version.", "'waagent --version'이 버전을 출력하지 않았습니다.",
            {"command": f"{program} --version"}, [output.stdout, output.stderr])
    facts = {"daemon_version": dotted(parsed.daemon), "os": parsed.os, "python": parsed.python,
             "goal_state_version": dotted(parsed.goal_state) if parsed.goal_state else "",
             "minimum_version": dotted(LINUX_AGENT_MINIMUM),
             "distribution": os_release(host).get("PRETTY_NAME", "")}
    effective = max(parsed.daemon, parsed.goal_state or ())
    raw = [output.stdout, output.stderr]
    if not at_least(effective, LINUX_AGENT_MINIMUM):
        return outcome.problem(
            check_id, f"The agent ({dotted(effective)}) is older than {dotted(LINUX_AGENT_MINIMUM)}, the oldest one "
                      "Microsoft supports. Update it from the distribution's package repository and turn on "
                      "auto-update (AutoUpdate.Enabled=y in /etc/waagent.conf).",
            f"에이전트({dotted(effective)})가 Microsoft가 지원하는 가장 오래된 버전 {dotted(LINUX_AGENT_MINIMUM)}보다 "
            "오래되었습니다. 배포판 패키지 저장소에서 업데이트하고 자동 업데이트를 켭니다"
            "(/etc/waagent.conf의 AutoUpdate.Enabled=y).", facts, raw)
    goal = f", goal state {dotted(parsed.goal_state)}" if parsed.goal_state else ""
    return outcome.ok(check_id, f"Agent version {dotted(parsed.daemon)}{goal}.",
                      f"에이전트 버전 {dotted(parsed.daemon)}{goal.replace('goal state', '목표 상태')}.", facts, raw)


@check("linux.waagent_conf",
       title={"en": "Agent configuration (waagent.conf)", "ko": "에이전트 구성(waagent.conf)"},
       description={"en": "Reads /etc/waagent.conf. With Extensions.Enabled=n the agent never installs the "
                          "backup extension; Provisioning.Agent shows which tool set the VM up.",
                    "ko": "/etc/waagent.conf를 읽습니다. Extensions.Enabled=n이면 에이전트가 백업 확장을 설치하지 "
                          "않습니다. Provisioning.Agent는 VM을 구성한 도구를 보여 줍니다."},
       platforms=("linux",), timeout=5, serves=("B02",))
def waagent_conf(host: Host):
    check_id = "linux.waagent_conf"
    try:
        text = host.read_text(WAAGENT_CONF)
    except FileNotFoundError:
        return outcome.skipped(check_id, "Skipped: /etc/waagent.conf does not exist (the agent is not installed).",
                               "건너뜀: /etc/waagent.conf가 없습니다(에이전트가 설치되어 있지 않음).",
                               {"reason": "agent_missing"})
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
        return outcome.problem(
            check_id, f"Extensions are switched off (Extensions.Enabled={extensions}): the backup extension cannot be "
                      "installed. Set it to y and restart the agent.",
            f"확장이 꺼져 있습니다(Extensions.Enabled={extensions}). 백업 확장을 설치할 수 없습니다. y로 바꾸고 "
            "에이전트를 다시 시작하십시오.", facts, relevant)
    if provisioning not in PROVISIONING_AGENTS:
        return outcome.warning(
            check_id, f"Extensions are enabled, but Provisioning.Agent='{provisioning}' is not a value the agent "
                      f"knows ({', '.join(PROVISIONING_AGENTS)}); check the line for a typo.",
            f"확장은 켜져 있지만 Provisioning.Agent='{provisioning}'은(는) 에이전트가 아는 값"
            f"({', '.join(PROVISIONING_AGENTS)})이 아닙니다. 그 줄에 오타가 없는지 확인합니다.", facts, relevant)
    # Provisioning.Agent names what set the VM up at its first boot (cloud-init is what Debian,
    # SUSE and many RHEL images ship); extensions, the backup extension among them, run whichever
    # it is, so only Extensions.Enabled decides here.
    return outcome.ok(check_id, f"Extensions are enabled, so the backup extension can run (Provisioning.Agent="
                                f"{provisioning} only names what set the VM up).",
                      f"확장이 켜져 있으므로 백업 확장을 실행할 수 있습니다(Provisioning.Agent={provisioning}은(는) "
                      "VM을 처음 구성한 도구를 나타낼 뿐입니다).", facts, relevant)

"""The proxy settings this VM's traffic to Azure would follow, credentials hidden."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.common.proxy_settings import agent_config_proxy, environment_proxies, no_proxy_list
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check
from troubleshooter.redact import redact_text


@check("common.proxy", timeout=10, serves=("W03",))
def proxy(host: Host):
    check_id = "common.proxy"
    agent = agent_config_proxy(host)
    environment = environment_proxies(host)
    bypass = no_proxy_list(host)
    facts = {"agent_proxy": redact_text(agent.url) if agent else "",
             "environment": {setting.source: redact_text(setting.url) for setting in environment},
             "no_proxy": bypass}
    raw = ([f"waagent.conf: HttpProxy.Host={agent.host} HttpProxy.Port={agent.port}"] if agent else []) + \
          [f"{setting.source}={setting.url}" for setting in environment] + ([f"no_proxy={bypass}"] if bypass else [])
    if agent is None and not environment:
        return outcome.ok(check_id, "none", facts, raw)
    if agent is not None:
        shown = redact_text(agent.url)
        return outcome.ok(check_id, "agent_proxy", facts, raw, proxy=shown)
    shown = ", ".join(f"{s.source}={redact_text(s.url)}" for s in environment)
    if host.platform == "linux":
        # The agent runs as a service and does not see a login shell's variables.
        return outcome.warning(check_id, "environment_only", facts, raw, proxies=shown)
    return outcome.ok(check_id, "environment_and_winhttp", facts, raw, proxies=shown)

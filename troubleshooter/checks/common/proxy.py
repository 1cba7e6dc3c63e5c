"""The proxy settings this VM's traffic to Azure would follow, credentials hidden."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.common.proxy_settings import agent_config_proxy, environment_proxies, no_proxy_list
from troubleshooter.checks.host import Host
from troubleshooter.checks.registry import check
from troubleshooter.redact import redact_text


@check("common.proxy",
       title={"en": "Proxy settings", "ko": "프록시 설정"},
       description={"en": "Reads the proxy from the environment and, on Linux, HttpProxy.Host/Port in "
                          "/etc/waagent.conf. Traffic to Azure may go through a proxy, but the agent only uses the "
                          "one it is configured with.",
                    "ko": "환경 변수와 Linux의 /etc/waagent.conf에 있는 HttpProxy.Host/Port에서 프록시를 읽습니다. "
                          "Azure로 가는 트래픽은 프록시를 거쳐도 되지만, 에이전트는 자신에게 설정된 프록시만 "
                          "사용합니다."},
       timeout=10, serves=("W03",))
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
        return outcome.ok(check_id, "No proxy is configured: traffic to Azure goes direct.",
                          "프록시가 설정되어 있지 않습니다. Azure로 가는 트래픽은 직접 연결됩니다.", facts, raw)
    if agent is not None:
        shown = redact_text(agent.url)
        return outcome.ok(check_id, f"The agent is configured to use the proxy {shown} (waagent.conf).",
                          f"에이전트가 프록시 {shown}을(를) 사용하도록 설정되어 있습니다(waagent.conf).", facts, raw)
    shown = ", ".join(f"{s.source}={redact_text(s.url)}" for s in environment)
    if host.platform == "linux":
        # The agent runs as a service and does not see a login shell's variables.
        return outcome.warning(check_id, f"A proxy is set only in this environment ({shown}); the agent does not read "
                                         "it. If traffic must go through it, set HttpProxy.Host and HttpProxy.Port in "
                                         "/etc/waagent.conf.",
                               f"프록시가 현재 환경 변수에만 설정되어 있습니다({shown}). 에이전트는 이 값을 읽지 "
                               "않습니다. 프록시를 거쳐야 한다면 /etc/waagent.conf에 HttpProxy.Host와 "
                               "HttpProxy.Port를 설정하십시오.", facts, raw)
    return outcome.ok(check_id, f"A proxy is set in the environment ({shown}); the agent follows the WinHTTP proxy "
                                "(see that check).",
                      f"환경 변수에 프록시가 설정되어 있습니다({shown}). 에이전트는 WinHTTP 프록시를 따릅니다(해당 "
                      "검사 참고).", facts, raw)

"""Where this machine says traffic to Azure should go through a proxy: the agent's config and the environment."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.waagent import parse_key_values

WAAGENT_CONF = "/etc/waagent.conf"
PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")
NO_PROXY_VARIABLES = ("no_proxy", "NO_PROXY")


@dataclass(frozen=True)
class ProxySetting:
    host: str
    port: int
    source: str  # "waagent.conf" or the environment variable's name
    url: str  # as written, credentials included: redact before showing


def agent_config_proxy(host: Host) -> ProxySetting | None:
    if host.platform != "linux":
        return None
    try:
        values = parse_key_values(host.read_text(WAAGENT_CONF))
    except OSError:
        return None
    proxy_host = values.get("HttpProxy.Host", "").strip()
    if not proxy_host or proxy_host.lower() == "none":
        return None
    port_text = values.get("HttpProxy.Port", "").strip()
    port = int(port_text) if port_text.isdigit() else 80
    return ProxySetting(proxy_host, port, "waagent.conf", f"http://{proxy_host}:{port}")


def environment_proxies(host: Host) -> list[ProxySetting]:
    found = []
    environment = host.environ()
    for name in PROXY_VARIABLES:
        value = environment.get(name, "").strip()
        if not value:
            continue
        parsed = urlsplit(value if "://" in value else f"http://{value}")
        if parsed.hostname:
            try:
                port = parsed.port or (443 if parsed.scheme == "https" else 80)
            except ValueError:
                continue
            found.append(ProxySetting(parsed.hostname, port, name, value))
    return found


def no_proxy_list(host: Host) -> str:
    environment = host.environ()
    return ",".join(environment[name] for name in NO_PROXY_VARIABLES if environment.get(name))


def proxy_for(host: Host, target: str) -> ProxySetting | None:
    """The proxy the agent's traffic to `target` would take, or None for a direct connection."""
    agent = agent_config_proxy(host)
    if agent is not None:
        return agent
    environment = environment_proxies(host)
    if not environment:
        return None
    bypass = no_proxy_list(host)
    import urllib.request  # with http.client and ssl behind it: only when a proxy is in play

    if bypass and urllib.request.proxy_bypass_environment(target, {"no": bypass}):
        return None
    return environment[0]

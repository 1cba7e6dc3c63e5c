"""Windows networking as the agent sees it: DHCP on every adapter and the WinHTTP proxy.

Both read sources whose words do not change with the display language: WMI for the adapters,
the registry for the WinHTTP proxy (ipconfig and netsh print Korean on a Korean server).
"""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host, HostUnavailable
from troubleshooter.checks.parsers.cim import as_list
from troubleshooter.checks.parsers.winhttp_settings import (WINHTTP_CONNECTIONS_KEY, WINHTTP_SETTINGS_VALUE,
                                                            WinHttpSettingsError, hex_dump, parse_winhttp_settings)
from troubleshooter.checks.registry import check
from troubleshooter.checks.windows import cim

ADAPTERS_NAMESPACE = r"root\cimv2"
ADAPTERS_QUERY = ("SELECT Index, Description, DHCPEnabled, IPAddress, DHCPServer, DHCPLeaseObtained "
                  "FROM Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE")
ADAPTERS_SOURCE = "Win32_NetworkAdapterConfiguration (WMI)"


@check("windows.dhcp", platforms=("windows",), timeout=30, serves=("W04",))
def windows_dhcp(host: Host):
    check_id = "windows.dhcp"
    try:
        instances = cim.query(host, ADAPTERS_NAMESPACE, ADAPTERS_QUERY)
    except HostUnavailable as exc:
        return outcome.wmi_unavailable(check_id, ADAPTERS_SOURCE, exc)
    except cim.CimQueryError as exc:
        return outcome.error(check_id, "unreadable", {}, source=ADAPTERS_SOURCE, error=exc)
    adapters = [adapter for adapter in map(_adapter, instances) if adapter["ipv4"]]
    if not adapters:
        return outcome.error(check_id, "no_adapters", {}, cim.instances_text(instances))
    facts = {"adapters": {a["name"]: {"dhcp_enabled": a["dhcp_enabled"], "ipv4": a["ipv4"],
                                      "description": a["description"], "dhcp_server": a["dhcp_server"],
                                      "lease_obtained": a["lease_obtained"]} for a in adapters}}
    static = [a["name"] for a in adapters if not a["dhcp_enabled"]]
    facts["static"] = static
    relevant = "\n".join(f"{a['name']}: DHCPEnabled={a['dhcp_enabled']}, IPv4={a['ipv4']}"
                         + (f", DHCPServer={a['dhcp_server']}" if a["dhcp_server"] else "") for a in adapters)
    if static:
        listed = ", ".join(static)
        return outcome.problem(check_id, "static", facts, relevant, adapters=listed)
    return outcome.ok(check_id, "all_dhcp", facts, relevant, count=len(adapters))


@check("windows.winhttp_proxy", platforms=("windows",), timeout=10, serves=("W03",))
def winhttp_proxy(host: Host):
    check_id = "windows.winhttp_proxy"
    try:
        value = host.registry_value(WINHTTP_CONNECTIONS_KEY, WINHTTP_SETTINGS_VALUE)
    except (HostUnavailable, OSError) as exc:
        return outcome.error(check_id, "registry_unreadable", error=exc)
    raw_value = f"{WINHTTP_CONNECTIONS_KEY}\n    {WINHTTP_SETTINGS_VALUE}    REG_BINARY    {hex_dump(value)}"
    try:
        proxy = parse_winhttp_settings(value)
    except WinHttpSettingsError as exc:
        return outcome.error(check_id, "damaged", {}, raw_value, error=exc)
    shown = "Direct access (no proxy server)." if proxy.direct else \
        f"Proxy Server(s): {proxy.server}\nBypass List: {proxy.bypass or '(none)'}"
    output_text = f"{raw_value}\n{shown}"
    facts = {"direct": proxy.direct, "proxy_server": proxy.server, "bypass_list": proxy.bypass}
    if proxy.direct:
        return outcome.ok(check_id, "direct", facts, output_text)
    bypass = proxy.bypass or "(none)"
    bypasses_platform = "168.63.129.16" in proxy.bypass
    facts["bypasses_platform_address"] = bypasses_platform
    if not bypasses_platform:
        return outcome.warning(check_id, "platform_through_proxy", facts, output_text, proxy=proxy.server,
                               bypass=bypass)
    return outcome.ok(check_id, "platform_bypassed", facts, output_text, proxy=proxy.server)


def _adapter(instance: dict) -> dict:
    addresses = [str(address) for address in as_list(instance.get("IPAddress"))]
    lease = instance.get("DHCPLeaseObtained")
    description = str(instance.get("Description") or "")
    return {"name": description or f"adapter {instance.get('Index')}", "description": description,
            "dhcp_enabled": bool(instance.get("DHCPEnabled")),
            "ipv4": next((address for address in addresses if "." in address and ":" not in address), ""),
            "dhcp_server": str(instance.get("DHCPServer") or ""),
            "lease_obtained": lease.isoformat() if hasattr(lease, "isoformat") else ""}

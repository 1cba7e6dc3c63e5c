"""Windows networking as the agent sees it: DHCP on every adapter and the WinHTTP proxy.

Both read sources whose words do not change with the display language: CIM for the adapters,
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

ADAPTERS_QUERY = ("Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = TRUE' | "
                  "Select-Object Index, Description, DHCPEnabled, IPAddress, DHCPServer, DHCPLeaseObtained")
ADAPTERS_SOURCE = "Win32_NetworkAdapterConfiguration (CIM)"


@check("windows.dhcp",
       title={"en": "DHCP on the network adapters", "ko": "네트워크 어댑터의 DHCP"},
       description={"en": "Asks Windows (CIM, Win32_NetworkAdapterConfiguration) whether each adapter uses DHCP, "
                          "as 'ipconfig /all' shows it. Inside an Azure VM every adapter must keep DHCP on; a static "
                          "address set in Windows cuts the agent off.",
                    "ko": "각 어댑터가 DHCP를 사용하는지 Windows(CIM, Win32_NetworkAdapterConfiguration)에 묻습니다"
                          "('ipconfig /all'에 나오는 정보). Azure VM 안에서는 모든 어댑터가 DHCP를 사용해야 하며, "
                          "Windows에서 고정 주소를 설정하면 에이전트 연결이 끊깁니다."},
       platforms=("windows",), timeout=30, serves=("W04",))
def windows_dhcp(host: Host):
    check_id = "windows.dhcp"
    try:
        instances, output = cim.query(host, ADAPTERS_QUERY, timeout=25)
    except cim.CimCommandFailed as failure:
        return outcome.command_failed(check_id, ADAPTERS_SOURCE, failure.output)
    except (cim.CimQueryError, cim.CimOutputError) as exc:
        return outcome.error(check_id, f"{ADAPTERS_SOURCE} could not be read ({exc}).",
                             f"{ADAPTERS_SOURCE}을(를) 읽을 수 없습니다({exc}).", {})
    adapters = [adapter for adapter in map(_adapter, instances) if adapter["ipv4"]]
    if not adapters:
        return outcome.error(check_id, "Windows lists no network adapter with an IPv4 address.",
                             "Windows에 IPv4 주소가 있는 네트워크 어댑터가 없습니다.", {}, output.stdout)
    facts = {"adapters": {a["name"]: {"dhcp_enabled": a["dhcp_enabled"], "ipv4": a["ipv4"],
                                      "description": a["description"], "dhcp_server": a["dhcp_server"],
                                      "lease_obtained": a["lease_obtained"]} for a in adapters}}
    static = [a["name"] for a in adapters if not a["dhcp_enabled"]]
    facts["static"] = static
    relevant = "\n".join(f"{a['name']}: DHCPEnabled={a['dhcp_enabled']}, IPv4={a['ipv4']}"
                         + (f", DHCPServer={a['dhcp_server']}" if a["dhcp_server"] else "") for a in adapters)
    if static:
        listed = ", ".join(static)
        return outcome.problem(check_id, f"DHCP is off on {listed}. Turn DHCP back on inside Windows; set a fixed "
                                         "address in the Azure portal instead.",
                               f"{listed}에서 DHCP가 꺼져 있습니다. Windows 안에서는 DHCP를 다시 켜고, 고정 주소는 "
                               "Azure 포털에서 설정하십시오.", facts, relevant)
    return outcome.ok(check_id, f"DHCP is on for all {len(adapters)} connected adapter(s).",
                      f"연결된 어댑터 {len(adapters)}개 모두 DHCP를 사용합니다.", facts, relevant)


@check("windows.winhttp_proxy",
       title={"en": "WinHTTP proxy", "ko": "WinHTTP 프록시"},
       description={"en": "Reads the WinHTTP proxy from the registry (what 'netsh winhttp show proxy' shows). The "
                          "agent and the extension use this machine-wide proxy, which must let them reach Azure.",
                    "ko": "레지스트리에서 WinHTTP 프록시를 읽습니다('netsh winhttp show proxy'가 보여 주는 값). "
                          "에이전트와 확장은 시스템 전체 WinHTTP 프록시를 사용하므로, 이 프록시가 Azure로 가는 연결을 "
                          "허용해야 합니다."},
       platforms=("windows",), timeout=10, serves=("W03",))
def winhttp_proxy(host: Host):
    check_id = "windows.winhttp_proxy"
    try:
        value = host.registry_value(WINHTTP_CONNECTIONS_KEY, WINHTTP_SETTINGS_VALUE)
    except (HostUnavailable, OSError) as exc:
        return outcome.error(check_id, f"The registry could not be read: {exc}", f"레지스트리를 읽을 수 없습니다: {exc}")
    raw_value = f"{WINHTTP_CONNECTIONS_KEY}\n    {WINHTTP_SETTINGS_VALUE}    REG_BINARY    {hex_dump(value)}"
    try:
        proxy = parse_winhttp_settings(value)
    except WinHttpSettingsError as exc:
        return outcome.error(check_id, f"The WinHTTP proxy setting in the registry is damaged ({exc}); run 'netsh "
                                       "winhttp show proxy' to see what WinHTTP makes of it.",
                             f"레지스트리의 WinHTTP 프록시 설정이 손상되었습니다({exc}). 'netsh winhttp show proxy'로 "
                             "WinHTTP가 읽는 값을 확인하십시오.", {}, raw_value)
    shown = "Direct access (no proxy server)." if proxy.direct else \
        f"Proxy Server(s): {proxy.server}\nBypass List: {proxy.bypass or '(none)'}"
    output_text = f"{raw_value}\n{shown}"
    facts = {"direct": proxy.direct, "proxy_server": proxy.server, "bypass_list": proxy.bypass}
    if proxy.direct:
        return outcome.ok(check_id, "WinHTTP goes direct (no proxy).", "WinHTTP가 프록시 없이 직접 연결합니다.", facts,
                          output_text)
    bypass = proxy.bypass or "(none)"
    bypasses_platform = "168.63.129.16" in proxy.bypass
    facts["bypasses_platform_address"] = bypasses_platform
    if not bypasses_platform:
        return outcome.warning(check_id, f"WinHTTP uses the proxy {proxy.server} (bypass: {bypass}); 168.63.129.16 is not "
                                         "in the bypass list, so the agent's platform traffic goes through the proxy.",
                               f"WinHTTP가 프록시 {proxy.server}을(를) 사용합니다(우회 목록: {bypass}). 우회 목록에 "
                               "168.63.129.16이 없어 에이전트의 플랫폼 트래픽이 프록시를 거칩니다.", facts, output_text)
    return outcome.ok(check_id, f"WinHTTP uses the proxy {proxy.server} and bypasses it for 168.63.129.16.",
                      f"WinHTTP가 프록시 {proxy.server}을(를) 사용하며 168.63.129.16은 우회합니다.", facts,
                      output_text)


def _adapter(instance: dict) -> dict:
    addresses = [str(address) for address in as_list(instance.get("IPAddress"))]
    lease = instance.get("DHCPLeaseObtained")
    description = str(instance.get("Description") or "")
    return {"name": description or f"adapter {instance.get('Index')}", "description": description,
            "dhcp_enabled": bool(instance.get("DHCPEnabled")),
            "ipv4": next((address for address in addresses if "." in address and ":" not in address), ""),
            "dhcp_server": str(instance.get("DHCPServer") or ""),
            "lease_obtained": lease.isoformat() if hasattr(lease, "isoformat") else ""}

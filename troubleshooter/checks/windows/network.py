"""Windows networking as the agent sees it: DHCP on every adapter and the WinHTTP proxy."""

from __future__ import annotations

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.ipconfig import parse_adapters
from troubleshooter.checks.parsers.netsh import parse_winhttp_proxy
from troubleshooter.checks.registry import check


@check("windows.dhcp",
       title={"en": "DHCP on the network adapters", "ko": "네트워크 어댑터의 DHCP"},
       description={"en": "Runs 'ipconfig /all'. Inside an Azure VM every adapter must keep DHCP on; a static "
                          "address set in Windows cuts the agent off.",
                    "ko": "'ipconfig /all'을 실행합니다. Azure VM 안에서는 모든 어댑터가 DHCP를 사용해야 하며, "
                          "Windows에서 고정 주소를 설정하면 에이전트 연결이 끊깁니다."},
       platforms=("windows",), timeout=15, serves=("W04",))
def windows_dhcp(host: Host):
    check_id = "windows.dhcp"
    output = host.run(["ipconfig", "/all"], timeout=10)
    adapters = [adapter for adapter in parse_adapters(output.stdout)
                if adapter.connected and adapter.dhcp_enabled is not None and adapter.ipv4]
    if not adapters:
        if not output.ok:
            return outcome.command_failed(check_id, "ipconfig /all", output)
        return outcome.error(check_id, "'ipconfig /all' showed no connected adapter with an IPv4 address.",
                             "'ipconfig /all'에 IPv4 주소가 있는 연결된 어댑터가 없습니다.", {}, output.stdout)
    facts = {"adapters": {a.name: {"dhcp_enabled": a.dhcp_enabled, "ipv4": a.ipv4,
                                   "description": a.fields.get("Description", "")} for a in adapters}}
    static = [a.name for a in adapters if not a.dhcp_enabled]
    facts["static"] = static
    relevant = "\n".join(f"{a.name}: DHCP Enabled={'Yes' if a.dhcp_enabled else 'No'}, IPv4={a.ipv4}"
                         for a in adapters)
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
       description={"en": "Runs 'netsh winhttp show proxy'. The agent and the extension use the machine-wide "
                          "WinHTTP proxy, which must let them reach Azure.",
                    "ko": "'netsh winhttp show proxy'를 실행합니다. 에이전트와 확장은 시스템 전체 WinHTTP 프록시를 "
                          "사용하므로, 이 프록시가 Azure로 가는 연결을 허용해야 합니다."},
       platforms=("windows",), timeout=10, serves=("W03",))
def winhttp_proxy(host: Host):
    check_id = "windows.winhttp_proxy"
    output = host.run(["netsh", "winhttp", "show", "proxy"], timeout=8)
    proxy = parse_winhttp_proxy(output.stdout)
    if proxy is None:
        return outcome.command_failed(check_id, "netsh winhttp show proxy", output) if not output.ok else \
            outcome.error(check_id, "'netsh winhttp show proxy' gave an answer this program does not understand.",
                          "'netsh winhttp show proxy'의 출력을 해석할 수 없습니다.", {}, output.stdout)
    facts = {"direct": proxy.direct, "proxy_server": proxy.server, "bypass_list": proxy.bypass}
    if proxy.direct:
        return outcome.ok(check_id, "WinHTTP goes direct (no proxy).", "WinHTTP가 프록시 없이 직접 연결합니다.", facts,
                          output.stdout)
    bypass = proxy.bypass or "(none)"
    bypasses_platform = "168.63.129.16" in proxy.bypass
    facts["bypasses_platform_address"] = bypasses_platform
    if not bypasses_platform:
        return outcome.warning(check_id, f"WinHTTP uses the proxy {proxy.server} (bypass: {bypass}); 168.63.129.16 is not "
                                         "in the bypass list, so the agent's platform traffic goes through the proxy.",
                               f"WinHTTP가 프록시 {proxy.server}을(를) 사용합니다(우회 목록: {bypass}). 우회 목록에 "
                               "168.63.129.16이 없어 에이전트의 플랫폼 트래픽이 프록시를 거칩니다.", facts, output.stdout)
    return outcome.ok(check_id, f"WinHTTP uses the proxy {proxy.server} and bypasses it for 168.63.129.16.",
                      f"WinHTTP가 프록시 {proxy.server}을(를) 사용하며 168.63.129.16은 우회합니다.", facts,
                      output.stdout)

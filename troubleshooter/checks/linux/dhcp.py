"""Whether the primary network interface gets its address by DHCP, from whichever network tool is configured."""

from __future__ import annotations

from fnmatch import fnmatchcase

import yaml

from troubleshooter.checks import outcome
from troubleshooter.checks.host import Host
from troubleshooter.checks.parsers.ini import ConfigError, parse_ini
from troubleshooter.checks.parsers.waagent import parse_key_values
from troubleshooter.checks.registry import check

TRUE_WORDS = {"true", "yes", "y", "on", "1"}
LEASE_PATTERNS = ("/var/lib/dhclient/*.lease*", "/var/lib/dhcp/dhclient*.lease*", "/var/lib/dhcp/*.leases",
                  "/run/systemd/netif/leases/*", "/var/lib/NetworkManager/*.lease", "/var/lib/wicked/lease-*")


def primary_interface(host: Host) -> str:
    """The interface of the default route in /proc/net/route; eth0 (Azure's first NIC) when unknown."""
    try:
        for line in host.read_text("/proc/net/route").splitlines()[1:]:
            parts = line.split()
            if len(parts) > 2 and parts[1] == "00000000":
                return parts[0]
    except OSError:
        pass
    return "eth0"


def _read(host: Host, path: str) -> str | None:
    try:
        return host.read_text(path)
    except OSError:
        return None


def _netplan(host: Host, interface: str) -> list[tuple[str, bool]]:
    found = []
    for path in host.glob("/etc/netplan/*.yaml") + host.glob("/etc/netplan/*.yml"):
        try:
            data = yaml.safe_load(_read(host, path) or "") or {}
        except yaml.YAMLError:
            continue
        ethernets = ((data.get("network") or {}).get("ethernets") or {}) if isinstance(data, dict) else {}
        for name, settings in ethernets.items():
            settings = settings or {}
            if name != interface and settings.get("set-name") != interface and len(ethernets) > 1:
                continue
            dhcp = str(settings.get("dhcp4", "")).lower() in TRUE_WORDS
            static = bool(settings.get("addresses"))
            if dhcp or static:
                found.append((f"{path}: {name} dhcp4={settings.get('dhcp4', 'unset')}", dhcp))
    return found


def _networkd(host: Host, interface: str) -> list[tuple[str, bool]]:
    found = []
    for path in host.glob("/etc/systemd/network/*.network") + host.glob("/run/systemd/network/*.network"):
        try:
            sections = parse_ini(_read(host, path) or "")
        except ConfigError:
            continue
        names = sections.get("Match", {}).get("Name", "").split()
        if names and not any(_glob_match(pattern, interface) for pattern in names):
            continue
        network = sections.get("Network", {})
        dhcp = network.get("DHCP", "no").lower() in TRUE_WORDS | {"ipv4", "both"}
        if dhcp or "Address" in network:
            found.append((f"{path}: DHCP={network.get('DHCP', 'no')}", dhcp))
    return found


def _glob_match(pattern: str, name: str) -> bool:
    return fnmatchcase(name, pattern)


def _networkmanager(host: Host, interface: str) -> list[tuple[str, bool]]:
    found = []
    for path in host.glob("/etc/NetworkManager/system-connections/*"):
        try:
            sections = parse_ini(_read(host, path) or "")
        except ConfigError:
            continue
        bound_to = sections.get("connection", {}).get("interface-name")
        if bound_to and bound_to != interface:
            continue
        method = sections.get("ipv4", {}).get("method", "auto")
        found.append((f"{path}: ipv4.method={method}", method == "auto"))
    return found


def _ifcfg(host: Host, interface: str) -> list[tuple[str, bool]]:
    found = []
    for folder in ("/etc/sysconfig/network-scripts", "/etc/sysconfig/network"):
        path = f"{folder}/ifcfg-{interface}"
        text = _read(host, path)
        if text is None:
            continue
        proto = parse_key_values(text).get("BOOTPROTO", "none").lower()
        found.append((f"{path}: BOOTPROTO={proto}", proto in ("dhcp", "dhcp4")))
    return found


def _interfaces_file(host: Host, interface: str) -> list[tuple[str, bool]]:
    found = []
    for path in ["/etc/network/interfaces", *host.glob("/etc/network/interfaces.d/*")]:
        for line in (_read(host, path) or "").splitlines():
            words = line.split()
            if len(words) >= 4 and words[0] == "iface" and words[1] == interface and words[2] == "inet":
                found.append((f"{path}: {line.strip()}", words[3] == "dhcp"))
    return found


def _leases(host: Host, interface: str) -> list[str]:
    leases = []
    for pattern in LEASE_PATTERNS:
        for path in host.glob(pattern):
            text = _read(host, path) or ""
            if interface in path or f'interface "{interface}"' in text or "/netif/leases/" in path:
                leases.append(path)
    return leases


@check("linux.dhcp",
       title={"en": "DHCP on the primary network interface", "ko": "기본 네트워크 인터페이스의 DHCP"},
       description={"en": "Reads netplan, systemd-networkd, NetworkManager, ifcfg and ifupdown settings and DHCP "
                          "leases. Azure VMs must take their address by DHCP or the agent loses its connection.",
                    "ko": "netplan, systemd-networkd, NetworkManager, ifcfg, ifupdown 설정과 DHCP 임대 파일을 "
                          "읽습니다. Azure VM은 DHCP로 주소를 받아야 하며, 그렇지 않으면 에이전트 연결이 끊깁니다."},
       platforms=("linux",), timeout=5, serves=("W04",))
def linux_dhcp(host: Host):
    check_id = "linux.dhcp"
    interface = primary_interface(host)
    settings = (_netplan(host, interface) + _networkd(host, interface) + _networkmanager(host, interface)
                + _ifcfg(host, interface) + _interfaces_file(host, interface))
    leases = _leases(host, interface)
    static = [where for where, dhcp in settings if not dhcp]
    dynamic = [where for where, dhcp in settings if dhcp]
    facts = {"interface": interface, "dhcp_settings": dynamic, "static_settings": static, "leases": leases}
    raw = [*(f"{where}" for where, _ in settings), *(f"lease: {path}" for path in leases)]
    if static and not dynamic:
        return outcome.problem(check_id, f"{interface} has a static address ({static[0]}); Azure VMs must use DHCP.",
                               f"{interface}에 고정 주소가 설정되어 있습니다({static[0]}). Azure VM은 DHCP를 사용해야 "
                               "합니다.", facts, raw)
    if static and dynamic:
        return outcome.warning(check_id, f"{interface} has both DHCP and static settings; check which one applies.",
                               f"{interface}에 DHCP 설정과 고정 주소 설정이 함께 있습니다. 어느 쪽이 적용되는지 "
                               "확인하십시오.", facts, raw)
    if dynamic or leases:
        return outcome.ok(check_id, f"{interface} gets its address by DHCP.",
                          f"{interface}은(는) DHCP로 주소를 받습니다.", facts, raw)
    return outcome.warning(check_id, f"No network settings or DHCP lease found for {interface}; cannot tell whether "
                                     "it uses DHCP.",
                           f"{interface}의 네트워크 설정이나 DHCP 임대 정보를 찾지 못해 DHCP 사용 여부를 알 수 "
                           "없습니다.", facts, raw)

"""Whether the primary network interface gets its address by DHCP, from whichever network tool is configured."""

from __future__ import annotations

from fnmatch import fnmatchcase


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
    import yaml  # only this check reads YAML from the machine; the window need not load it

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


@check("linux.dhcp", platforms=("linux",), timeout=5, serves=("W04",))
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
        return outcome.problem(check_id, "static", facts, raw, interface=interface, setting=static[0])
    if static and dynamic:
        return outcome.warning(check_id, "mixed", facts, raw, interface=interface)
    if dynamic or leases:
        return outcome.ok(check_id, "dhcp", facts, raw, interface=interface)
    return outcome.warning(check_id, "unknown", facts, raw, interface=interface)

"""Can this VM reach Azure: name resolution, the platform address and the storage endpoint."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from troubleshooter.checks import outcome
from troubleshooter.checks.common.proxy_settings import ProxySetting, proxy_for
from troubleshooter.checks.endpoints import EndpointsError, load_endpoints
from troubleshooter.checks.host import Cancelled, Host
from troubleshooter.checks.registry import check
from troubleshooter.redact import redact_text

ATTEMPT_TIMEOUT = 3.0


def _endpoints_error(check_id: str, exc: Exception):
    return outcome.error(check_id, "endpoints_unreadable", error=exc)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    return str(exc) or type(exc).__name__


@check("common.dns", timeout=10, uses_network=True, serves=("W01",))
def dns(host: Host):
    check_id = "common.dns"
    try:
        endpoints = load_endpoints()
    except EndpointsError as exc:
        return _endpoints_error(check_id, exc)

    def attempt(name: str):
        try:
            return name, host.resolve(name, timeout=ATTEMPT_TIMEOUT), ""
        except Cancelled:
            raise
        except OSError as exc:
            return name, [], _reason(exc)

    with ThreadPoolExecutor(max_workers=max(1, len(endpoints.dns_names))) as pool:
        answers = list(pool.map(attempt, endpoints.dns_names))
    resolved = {name: addresses for name, addresses, _ in answers if addresses}
    failed = {name: reason for name, addresses, reason in answers if not addresses}
    facts = {"resolved": resolved, "failed": failed}
    raw = [f"{name} -> {', '.join(addresses)}" for name, addresses in resolved.items()] + \
          [f"{name} -> failed ({reason})" for name, reason in failed.items()]
    if failed:
        listed = ", ".join(failed)
        return outcome.problem(check_id, "unresolved", facts, raw, names=listed)
    return outcome.ok(check_id, "all_resolved", facts, raw, count=len(resolved))


def _reach(host: Host, target: str, port: int, proxy: ProxySetting | None) -> dict:
    """One attempt; through the proxy when one applies, because a direct connection proves nothing then."""
    try:
        if proxy is not None:
            status = host.tunnel(proxy.host, proxy.port, target, port, timeout=ATTEMPT_TIMEOUT)
            through = 200 <= status < 300
            return {"reachable": through, "via": redact_text(proxy.url), "proxy_status": status,
                    "detail": "through the proxy" if through else f"the proxy answered {status}"}
        seconds = host.tcp_connect(target, port, timeout=ATTEMPT_TIMEOUT)
        return {"reachable": True, "via": "direct", "milliseconds": round(seconds * 1000, 1), "detail": "connected"}
    except Cancelled:
        raise
    except OSError as exc:
        where = f"proxy {redact_text(proxy.url)}" if proxy is not None else "direct"
        return {"reachable": False, "via": where, "detail": _reason(exc)}


def _reach_all(host: Host, targets: list[tuple[str, int]]) -> dict[str, dict]:
    def attempt(target: tuple[str, int]):
        address, port = target
        return f"{address}:{port}", _reach(host, address, port, proxy_for(host, address))

    with ThreadPoolExecutor(max_workers=max(1, len(targets))) as pool:
        return dict(pool.map(attempt, targets))


def _lines(results: dict[str, dict]) -> list[str]:
    return [f"{target}: {'reachable' if r['reachable'] else 'NOT reachable'} ({r['via']}; {r['detail']})"
            for target, r in results.items()]


@check("common.platform_reachability", timeout=12, uses_network=True, serves=("B02", "W01", "W02"))
def platform_reachability(host: Host):
    check_id = "common.platform_reachability"
    try:
        endpoints = load_endpoints()
    except EndpointsError as exc:
        return _endpoints_error(check_id, exc)
    results = _reach_all(host, [(endpoints.platform_address, port) for port in endpoints.platform_ports])
    blocked = [target for target, r in results.items() if not r["reachable"]]
    facts = {"targets": results, "blocked": blocked}
    if blocked:
        listed = ", ".join(f"{target} ({results[target]['detail']})" for target in blocked)
        return outcome.problem(check_id, "blocked", facts, _lines(results), targets=listed,
                               address=endpoints.platform_address)
    return outcome.ok(check_id, "reachable", facts, _lines(results), address=endpoints.platform_address,
                      ports=", ".join(str(p) for p in endpoints.platform_ports))


@check("common.storage_reachability", timeout=8, uses_network=True, serves=("N01", "W02"))
def storage_reachability(host: Host):
    check_id = "common.storage_reachability"
    try:
        endpoints = load_endpoints()
    except EndpointsError as exc:
        return _endpoints_error(check_id, exc)
    target = f"{endpoints.storage_host}:{endpoints.storage_port}"
    result = _reach(host, endpoints.storage_host, endpoints.storage_port, proxy_for(host, endpoints.storage_host))
    facts = {"target": target, **result}
    if result["reachable"]:
        return outcome.ok(check_id, "reachable", facts, _lines({target: result}), target=target, via=result["via"])
    return outcome.problem(check_id, "unreachable", facts, _lines({target: result}), target=target,
                           detail=result["detail"])

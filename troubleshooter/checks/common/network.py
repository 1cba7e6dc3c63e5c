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
    return outcome.error(check_id, f"The list of network targets could not be read: {exc}",
                         f"네트워크 대상 목록을 읽을 수 없습니다: {exc}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError) or "timed out" in str(exc).lower():
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    return str(exc) or type(exc).__name__


@check("common.dns",
       title={"en": "Name resolution of Azure addresses", "ko": "Azure 주소 이름 확인"},
       description={"en": "Resolves the Azure names the backup and the agent use. If the VM's DNS cannot resolve "
                          "them, the extension cannot install and snapshots fail.",
                    "ko": "백업과 에이전트가 사용하는 Azure 이름을 확인합니다. VM의 DNS가 이 이름을 확인하지 못하면 "
                          "확장을 설치할 수 없고 스냅숏이 실패합니다."},
       timeout=10, uses_network=True, serves=("W01",))
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
        return outcome.problem(check_id, f"These names do not resolve: {listed}. Check the DNS servers of the VM and "
                                         "its virtual network.",
                               f"다음 이름을 확인할 수 없습니다: {listed}. VM과 가상 네트워크의 DNS 서버를 확인하십시오.",
                               facts, raw)
    return outcome.ok(check_id, f"Every Azure name resolves ({len(resolved)} checked).",
                      f"Azure 이름 {len(resolved)}개를 모두 확인했습니다.", facts, raw)


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


@check("common.platform_reachability",
       title={"en": "Azure platform address (168.63.129.16)", "ko": "Azure 플랫폼 주소(168.63.129.16)"},
       description={"en": "Connects to the platform address on ports 80, 443 and 32526. The agent reports status "
                          "and receives the backup extension over these; a firewall or route that blocks them cuts "
                          "the agent off.",
                    "ko": "플랫폼 주소의 80, 443, 32526 포트에 연결합니다. 에이전트는 이 포트로 상태를 보고하고 "
                          "백업 확장을 받으므로, 방화벽이나 라우팅이 막으면 에이전트가 끊깁니다."},
       timeout=12, uses_network=True, serves=("B02", "W01", "W02"))
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
        return outcome.problem(check_id, f"Not reachable: {listed}. Allow outbound traffic to "
                                         f"{endpoints.platform_address} in the guest firewall and routes.",
                               f"연결할 수 없음: {listed}. 게스트 방화벽과 라우팅에서 {endpoints.platform_address}(으)로 "
                               "나가는 트래픽을 허용하십시오.", facts, _lines(results))
    return outcome.ok(check_id, f"{endpoints.platform_address} answers on ports "
                                f"{', '.join(str(p) for p in endpoints.platform_ports)}.",
                      f"{endpoints.platform_address}이(가) {', '.join(str(p) for p in endpoints.platform_ports)} "
                      "포트에서 응답합니다.", facts, _lines(results))


@check("common.storage_reachability",
       title={"en": "Azure Storage endpoint", "ko": "Azure Storage 엔드포인트"},
       description={"en": "Connects to the storage endpoint on port 443, through the proxy when one is set. "
                          "Snapshot data and status travel there; a network security group or firewall that blocks "
                          "it delays or fails the backup.",
                    "ko": "스토리지 엔드포인트의 443 포트에 연결합니다(프록시가 있으면 프록시를 거쳐). 스냅숏 데이터와 "
                          "상태가 이곳으로 가므로, 네트워크 보안 그룹이나 방화벽이 막으면 백업이 지연되거나 "
                          "실패합니다."},
       timeout=8, uses_network=True, serves=("N01", "W02"))
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
        return outcome.ok(check_id, f"The storage endpoint {target} is reachable ({result['via']}).",
                          f"스토리지 엔드포인트 {target}에 연결할 수 있습니다({result['via']}).", facts,
                          _lines({target: result}))
    return outcome.problem(check_id, f"The storage endpoint {target} is not reachable ({result['detail']}). Allow "
                                     "outbound HTTPS to Azure Storage, or route it through a proxy.",
                           f"스토리지 엔드포인트 {target}에 연결할 수 없습니다({result['detail']}). Azure Storage로 "
                           "나가는 HTTPS를 허용하거나 프록시를 거치도록 하십시오.", facts, _lines({target: result}))

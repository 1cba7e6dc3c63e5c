"""Shared pieces for the check tests: fixture files, loopback servers, endpoint overrides."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.helpers.loopback import ConnectProxy, LoopbackListener, MetadataService

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_text(name: str) -> str:
    """A reference output as the program would see it (decoded, \\n line ends)."""
    from troubleshooter.checks.host import decode_output

    return decode_output((FIXTURES / name).read_bytes())


@pytest.fixture
def write_endpoints(tmp_path, monkeypatch):
    """Point VMBT_ENDPOINTS at a file naming the given loopback targets."""

    def write(*, platform_ports, storage_port, metadata_url="http://127.0.0.1:9/metadata/instance",
              dns_names=("localhost",)):
        path = tmp_path / "endpoints-override.yaml"
        path.write_text(
            "platform_address: 127.0.0.1\n"
            f"platform_ports: [{', '.join(str(p) for p in platform_ports)}]\n"
            f"metadata_url: {metadata_url}\n"
            f"dns_names: [{', '.join(dns_names)}]\n"
            f"storage_endpoint: {{host: 127.0.0.1, port: {storage_port}}}\n", encoding="utf-8")
        monkeypatch.setenv("VMBT_ENDPOINTS", str(path))
        return path

    return write


@pytest.fixture
def listener():
    server = LoopbackListener()
    yield server
    server.close()


@pytest.fixture
def hanging_listener():
    server = LoopbackListener(hang=True)
    yield server
    server.close()


@pytest.fixture
def closed_port():
    """A loopback port that nothing listens on. The socket stays bound without listening (Linux
    refuses connections to it), so no server another test starts meanwhile can take the port."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    yield probe.getsockname()[1]
    probe.close()


@pytest.fixture
def metadata_service():
    services = []

    def start(body: str, status: int = 200) -> MetadataService:
        service = MetadataService(body, status)
        services.append(service)
        return service

    yield start
    for service in services:
        service.close()


@pytest.fixture
def connect_proxy():
    proxies = []

    def start(status: int) -> ConnectProxy:
        proxy = ConnectProxy(status)
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.close()


@pytest.fixture
def reference():
    """reference("windows/x.txt") -> the text of a reference output copied into tests/fixtures."""
    return fixture_text


@pytest.fixture
def black_hole_port():
    """A loopback port whose accept queue is full: new connections get no answer, like a filtered port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port), timeout=1)
    yield port
    filler.close()
    server.close()

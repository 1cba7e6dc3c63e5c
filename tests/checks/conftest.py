"""Shared pieces for the check tests: fixture files, loopback servers, endpoint overrides."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

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


class _Listener:
    """A loopback TCP server: answers (accepts and closes), or hangs (accepts, never reads)."""

    def __init__(self, hang: bool = False):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.hang = hang
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            if self.hang:
                self.held.append(connection)
            else:
                connection.close()

    def close(self):
        self._stop.set()
        self.thread.join(1)
        for connection in self.held:
            connection.close()
        self.socket.close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


@pytest.fixture
def hanging_listener():
    server = _Listener(hang=True)
    yield server
    server.close()


@pytest.fixture
def closed_port():
    """A loopback port that nothing listens on (bound, then released)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


class MetadataService:
    """A loopback stand-in for the instance metadata service, serving a recorded document."""

    def __init__(self, body: str, status: int = 200):
        service = self
        self.requests: list[dict[str, str]] = []
        self.body, self.status = body, status

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server naming
                service.requests.append({"path": self.path, **{k: v for k, v in self.headers.items()}})
                if self.headers.get("Metadata") != "true":
                    payload, code = json.dumps({"error": "Bad request. Required metadata header not specified"}), 400
                else:
                    payload, code = service.body, service.status
                data = payload.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/metadata/instance?api-version=2021-02-01"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


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


class ConnectProxy:
    """A loopback HTTP proxy that answers CONNECT with a fixed status and records the targets."""

    def __init__(self, status: int):
        self.status = status
        self.targets: list[str] = []
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(1024)
                    if not chunk:
                        break
                    request += chunk
                first = request.split(b"\r\n", 1)[0].decode("latin-1").split()
                if len(first) >= 2 and first[0] == "CONNECT":
                    self.targets.append(first[1])
                connection.sendall(f"HTTP/1.1 {self.status} Status\r\nContent-Length: 0\r\n\r\n".encode())

    def close(self):
        self._stop.set()
        self.thread.join(1)
        self.socket.close()


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

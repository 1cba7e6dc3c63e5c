"""Loopback stand-ins for the Azure endpoints, so every network check in a benchmark stays on 127.0.0.1."""

from __future__ import annotations

import http.server
import os
import socket
import socketserver
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METADATA_DOCUMENT = ROOT / "tests" / "fixtures" / "linux" / "imds-instance.centos79-japaneast.api-2020-09-01.json"
# Variables that could send a check's traffic anywhere but loopback.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class _Closing(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        pass  # the server closes the connection when this returns: a port that answers


class _Metadata(http.server.BaseHTTPRequestHandler):
    document = METADATA_DOCUMENT.read_bytes()

    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.document)))
        self.end_headers()
        self.wfile.write(self.document)

    def log_message(self, *args) -> None:
        pass


def _serving(server: socketserver.BaseServer) -> socketserver.BaseServer:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


class _AnsweringPort:
    """A port that accepts each connection and closes it: a service that is there."""

    def __init__(self):
        self.server = _serving(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Closing))
        self.port = self.server.server_address[1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _MetadataService(_AnsweringPort):
    """The instance metadata service's recorded document, for any GET."""

    def __init__(self):
        self.server = _serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Metadata))
        self.port = self.server.server_address[1]


class _SilentPort:
    """A port whose connections the kernel completes and nobody ever reads: a service that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]

    def close(self) -> None:
        self.socket.close()


class LoopbackAzure:
    """Listeners for the platform ports and storage, a metadata service, and the override file naming them.

    With `answering=False` every endpoint is one loopback port that accepts and never answers, so
    each check waits for its own time limit. `environment()` is what a process needs to use them:
    VMBT_ENDPOINTS set, proxy variables gone.
    """

    def __init__(self, answering: bool = True):
        self._folder = tempfile.TemporaryDirectory(prefix="vmbt-bench-endpoints-")
        self.path = Path(self._folder.name) / "endpoints.yaml"
        self._metadata = None
        if answering:
            self._listeners = [_AnsweringPort() for _ in range(4)]
            self._metadata = _MetadataService()
            metadata_port = self._metadata.port
        else:
            self._listeners = [_SilentPort()]
            metadata_port = self._listeners[0].port
        *platform, storage = self._listeners if answering else self._listeners * 2
        self.path.write_text(
            "platform_address: 127.0.0.1\n"
            f"platform_ports: [{', '.join(str(listener.port) for listener in platform)}]\n"
            f"metadata_url: http://127.0.0.1:{metadata_port}/metadata/instance?api-version=2021-02-01\n"
            "dns_names: [localhost]\n"
            f"storage_endpoint: {{host: 127.0.0.1, port: {storage.port}}}\n", encoding="utf-8")

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        environment = dict(os.environ if base is None else base)
        for name in list(environment):
            if name.lower() in PROXY_VARIABLES:
                del environment[name]
        environment["VMBT_ENDPOINTS"] = str(self.path)
        return environment

    def install(self) -> None:
        """Point this process at these loopback endpoints."""
        environment = self.environment()
        os.environ.clear()
        os.environ.update(environment)

    def close(self) -> None:
        for listener in self._listeners:
            listener.close()
        if self._metadata is not None:
            self._metadata.close()
        self._folder.cleanup()

    def __enter__(self) -> "LoopbackAzure":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

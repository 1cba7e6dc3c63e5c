"""Loopback servers that stand in for Azure endpoints in tests: nothing leaves 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import socket
import threading


class LoopbackListener:
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
            self.handle(connection)

    def handle(self, connection: socket.socket) -> None:
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


class ConnectProxy(LoopbackListener):
    """A loopback HTTP proxy that answers CONNECT with a fixed status and records the targets."""

    def __init__(self, status: int):
        self.status = status
        self.targets: list[str] = []
        super().__init__()

    def handle(self, connection: socket.socket) -> None:
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


class LoopbackMetadataServer:
    """An HTTP server on loopback at the metadata service's path; subclasses give the handler."""

    def serve(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/metadata/instance?api-version=2021-02-01"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class MetadataService(LoopbackMetadataServer):
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

        self.serve(Handler)

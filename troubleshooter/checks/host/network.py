"""This machine's network, looked at with a time limit: name lookups, TCP, HTTP GET, a proxy's CONNECT."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Mapping

from troubleshooter.checks.host.base import OUTPUT_CAP, HttpReply, NotHttpReply
from troubleshooter.checks.host.encoding import decode_output


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx comes back as the reply itself, so the caller sees where it pointed and goes nowhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def resolve(name: str, limit: float) -> list[str]:
    answer: dict[str, Any] = {}

    def lookup() -> None:
        try:
            answer["addresses"] = sorted({info[4][0] for info in socket.getaddrinfo(name, None)})
        except OSError as exc:
            answer["error"] = exc

    # getaddrinfo has no timeout of its own; a helper thread lets us stop waiting for it.
    worker = threading.Thread(target=lookup, daemon=True, name=f"resolve-{name}")
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise TimeoutError(f"no answer for {name} within {limit:.1f} s")
    if "error" in answer:
        raise answer["error"]
    return answer["addresses"]


def tcp_connect(host: str, port: int, limit: float) -> float:
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=limit):
        return time.monotonic() - started


def tunnel(proxy_host: str, proxy_port: int, target_host: str, target_port: int, limit: float) -> int:
    with socket.create_connection((proxy_host, proxy_port), timeout=limit) as connection:
        target = f"{target_host}:{target_port}"
        connection.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode("ascii"))
        answer = b""
        while b"\r\n" not in answer and len(answer) < 4096:
            chunk = connection.recv(1024)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split()
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise ConnectionError(f"the proxy gave no HTTP answer ({status_line[:60]!r})")
    return int(parts[1])


def http_get(url: str, headers: Mapping[str, str] | None, limit: float, proxy: str | None) -> HttpReply:
    # An explicit opener: the environment's proxy must not apply unless we pass it ourselves.
    # Redirects are never followed: the headers we send (Metadata: true) are for this one host.
    handlers = [urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {}), _NoRedirects()]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers=dict(headers or {}), method="GET")
    try:
        with opener.open(request, timeout=limit) as response:
            body = response.read(OUTPUT_CAP)
            return HttpReply(response.status, dict(response.headers.items()), decode_output(body))
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(OUTPUT_CAP) if exc.fp is not None else b""
        except (OSError, http.client.HTTPException):
            body = b""
        return HttpReply(exc.code, dict(exc.headers.items()) if exc.headers else {}, decode_output(body))
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, http.client.HTTPException):
            raise NotHttpReply(url) from exc
        raise reason if isinstance(reason, OSError) else OSError(str(reason)) from exc
    except http.client.HTTPException as exc:  # BadStatusLine, LineTooLong, IncompleteRead ...
        raise NotHttpReply(url) from exc

"""Loopback stand-ins for the Azure endpoints, so every network check in a benchmark stays on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

from tests.helpers.loopback import LoopbackListener, MetadataService

ROOT = Path(__file__).resolve().parent.parent
METADATA_DOCUMENT = ROOT / "tests" / "fixtures" / "linux" / "imds-instance.centos79-japaneast.api-2020-09-01.json"
# Variables that could send a check's traffic anywhere but loopback.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


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
            self._listeners = [LoopbackListener() for _ in range(4)]
            self._metadata = MetadataService(METADATA_DOCUMENT.read_text(encoding="utf-8"))
            metadata_port = self._metadata.server.server_address[1]
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

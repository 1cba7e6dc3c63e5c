"""The network targets the checks talk to, read from resources/endpoints.yaml or a VMBT_ENDPOINTS override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from troubleshooter.resources import resource_path

ENDPOINTS_ENV = "VMBT_ENDPOINTS"


class EndpointsError(ValueError):
    """The endpoints file is missing a field or has one of the wrong shape."""


@dataclass(frozen=True)
class Endpoints:
    platform_address: str
    platform_ports: tuple[int, ...]
    metadata_url: str
    dns_names: tuple[str, ...]
    storage_host: str
    storage_port: int
    source: str


def endpoints_path() -> Path:
    override = os.environ.get(ENDPOINTS_ENV)
    return Path(override) if override else resource_path("endpoints.yaml")


def load_endpoints(path: Path | None = None) -> Endpoints:
    path = path or endpoints_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EndpointsError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise EndpointsError(f"{path}: expected a mapping")
    try:
        storage = data["storage_endpoint"]
        return Endpoints(platform_address=str(data["platform_address"]),
                         platform_ports=tuple(int(port) for port in data["platform_ports"]),
                         metadata_url=str(data["metadata_url"]),
                         dns_names=tuple(str(name) for name in data["dns_names"]),
                         storage_host=str(storage["host"]), storage_port=int(storage["port"]),
                         source=str(path))
    except (KeyError, TypeError, ValueError) as exc:
        raise EndpointsError(f"{path}: missing or malformed field ({exc})") from exc

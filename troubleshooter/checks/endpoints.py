"""The network targets the checks talk to, read from resources/endpoints.yaml or a VMBT_ENDPOINTS override."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from troubleshooter.fileio import UnreadableFileError, read_regular_file
from troubleshooter.flows.errors import FlowError
from troubleshooter.flows.yamlsafe import load_yaml
from troubleshooter.resources import resource_path

ENDPOINTS_ENV = "VMBT_ENDPOINTS"
# A real endpoints file is a few hundred bytes.
MAX_ENDPOINTS_BYTES = 64 * 1024


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
    # Read like a flow file: only a regular file, bounded, no aliases (an alias bomb costs
    # gigabytes in yaml.safe_load), no tags, limited nesting; a problem names file:line:col.
    try:
        raw = read_regular_file(path, MAX_ENDPOINTS_BYTES)
    except UnreadableFileError as exc:
        raise EndpointsError(str(exc)) from None
    try:
        data, _positions = load_yaml(raw.decode("utf-8-sig"), str(path))
    except UnicodeDecodeError:
        raise EndpointsError(f"{path}: the file is not UTF-8 text; save it as UTF-8") from None
    except FlowError as exc:
        raise EndpointsError(str(exc.problems[0])) from None
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

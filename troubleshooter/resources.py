"""Finds the project's data files the same way from a source tree and from a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path


def base_dir() -> Path:
    """The folder that holds wizard_flows/ and resources/.

    A frozen executable unpacks them next to its modules (sys._MEIPASS); from source they sit
    at the top of the checkout, one level above this package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return base_dir().joinpath("resources", *parts)


FLOWS_DIR_ENV = "VMBT_FLOWS_DIR"


def flows_dir() -> Path:
    """wizard_flows/, or the folder named by $VMBT_FLOWS_DIR (tests and flow authors use it)."""
    override = os.environ.get(FLOWS_DIR_ENV)
    return Path(override) if override else base_dir() / "wizard_flows"


def flow_schema_path() -> Path:
    # The schema belongs to the program, not to whichever flow folder is being read.
    return base_dir() / "wizard_flows" / "schema.json"


FLOW_FILE_GLOB = "*.yaml"


def flow_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The files named, with folders expanded to their *.yaml; by default all of wizard_flows/."""
    if paths is None:
        paths = [flows_dir()]
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob(FLOW_FILE_GLOB)) if path.is_dir() else [path])
    return files

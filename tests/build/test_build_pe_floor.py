"""build/pe_floor.py: every PE file of the Windows bundle loads on the oldest Windows we claim.

The bundle test reads the real build (dist/onedir-windows from `make exe-windows`, and the one
file). `make test-windows` sets VMBT_REQUIRE_WINDOWS_BUNDLE, so there a missing bundle fails
instead of skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pe_floor

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "onedir-windows" / "VMBackupTroubleshooter"
EXECUTABLE = ROOT / "dist" / "VMBackupTroubleshooter.exe"


def test_an_import_of_a_dll_newer_than_the_floor_is_named_with_its_file():
    imports = {"Qt6Core.dll": {"kernel32.dll", "icuuc.dll", "api-ms-win-crt-heap-l1-1-0.dll"},
               "python311.dll": {"kernel32.dll", "vcruntime140.dll"}, "vcruntime140.dll": {"kernel32.dll"}}
    assert pe_floor.unresolved(imports, bundled=set(imports)) == {"Qt6Core.dll": {"icuuc.dll"}}
    # With the stand-in bundled, Qt6Core.dll loads; a DLL name compares without case, as Windows does.
    assert pe_floor.unresolved(imports, bundled={*imports, "ICUUC.dll"}) == {}


def test_every_pe_file_of_the_windows_bundle_loads_on_the_oldest_windows_claimed():
    pytest.importorskip("pefile")
    if not BUNDLE.is_dir() or not EXECUTABLE.is_file():
        if os.environ.get("VMBT_REQUIRE_WINDOWS_BUNDLE"):
            pytest.fail(f"no Windows bundle at {BUNDLE} and {EXECUTABLE}: run `make exe-windows`")
        pytest.skip("no Windows bundle built here (`make exe-windows`)")
    files = pe_floor.pe_files([BUNDLE, EXECUTABLE])
    assert any(path.name.lower() == "qt6core.dll" for path in files)
    assert any(path.name.lower() == "icuuc.dll" for path in files), "the icuuc.dll stand-in is not bundled"
    assert pe_floor.check([BUNDLE, EXECUTABLE]) == {}

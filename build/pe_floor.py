"""The PE analogue of the glibc floor: every DLL a Windows bundle imports is either in the bundle
or a system DLL of the oldest Windows the program claims (README, "Supported Windows").

    python build/pe_floor.py FOLDER_OR_EXE...     prints what would not load there; exit 1 if any

SYSTEM_DLLS lists what Windows Server 2016 (version 1607, build 14393) ships in System32 among
the DLLs a Python, Qt or Tcl/Tk build imports, and the API sets (api-ms-win-*) it resolves. What
is NOT here is the point: icuuc.dll arrived with Windows 10 1703, so Qt6Core.dll's import of it
needs the bundled stand-in (build/icuuc_standin.c; docs/architecture.md, "icuuc.dll").
"""

from __future__ import annotations

import sys
from pathlib import Path

OLDEST_WINDOWS = "Windows Server 2016 (version 1607, build 14393)"
PE_SUFFIXES = {".exe", ".dll", ".pyd"}

SYSTEM_DLLS = frozenset({
    "advapi32.dll", "authz.dll", "bcrypt.dll", "cfgmgr32.dll", "comctl32.dll", "comdlg32.dll", "crypt32.dll",
    "d2d1.dll", "d3d11.dll", "d3d12.dll", "d3d9.dll", "dbghelp.dll", "dnsapi.dll", "dwmapi.dll", "dwrite.dll",
    "dxgi.dll", "gdi32.dll", "imagehlp.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll", "mpr.dll", "msimg32.dll",
    "msvcrt.dll", "ncrypt.dll", "netapi32.dll", "ntdll.dll", "ole32.dll", "oleaut32.dll", "opengl32.dll",
    "powrprof.dll", "propsys.dll", "rpcrt4.dll", "secur32.dll", "setupapi.dll", "shcore.dll", "shell32.dll",
    "shlwapi.dll", "uiautomationcore.dll", "user32.dll", "userenv.dll", "uxtheme.dll", "version.dll",
    "winhttp.dll", "winmm.dll", "winspool.drv", "ws2_32.dll", "wtsapi32.dll", "wintrust.dll", "psapi.dll",
    "pdh.dll", "oleacc.dll", "urlmon.dll", "wevtapi.dll",
    # The Universal C runtime is part of Windows 10 and Server 2016.
    "ucrtbase.dll",
    *(f"api-ms-win-crt-{part}-l1-1-0.dll" for part in (
        "conio", "convert", "environment", "filesystem", "heap", "locale", "math", "multibyte", "private",
        "process", "runtime", "stdio", "string", "time", "utility")),
    "api-ms-win-core-path-l1-1-0.dll", "api-ms-win-core-synch-l1-2-0.dll", "api-ms-win-core-winrt-l1-1-0.dll",
    "api-ms-win-core-winrt-error-l1-1-0.dll", "api-ms-win-core-winrt-error-l1-1-1.dll",
    "api-ms-win-core-winrt-string-l1-1-0.dll", "api-ms-win-shcore-scaling-l1-1-1.dll",
})


def imported_dlls(path: Path) -> set[str]:
    """The DLL names `path` imports, normal and delay-loaded, in lower case."""
    import pefile

    image = pefile.PE(data=path.read_bytes(), fast_load=True)  # no file mapping left behind (Wine)
    try:
        image.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                                  pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"]])
        entries = [*getattr(image, "DIRECTORY_ENTRY_IMPORT", []), *getattr(image, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]
        return {entry.dll.decode("ascii", errors="replace").lower() for entry in entries}
    finally:
        image.close()


def pe_files(roots: list[Path]) -> list[Path]:
    found = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        found += [path for path in candidates if path.is_file() and path.suffix.lower() in PE_SUFFIXES]
    return found


def unresolved(imports: dict[str, set[str]], bundled: set[str]) -> dict[str, set[str]]:
    """Per file, the imports that are neither bundled nor a system DLL of OLDEST_WINDOWS."""
    known = {name.lower() for name in bundled} | SYSTEM_DLLS
    return {name: missing for name, dlls in sorted(imports.items()) if (missing := dlls - known)}


def check(roots: list[Path]) -> dict[str, set[str]]:
    files = pe_files(roots)
    return unresolved({str(path): imported_dlls(path) for path in files}, {path.name for path in files})


def main(argv: list[str]) -> int:
    missing = check([Path(argument) for argument in argv])
    for name, dlls in missing.items():
        print(f"{name}: {', '.join(sorted(dlls))} (not bundled, not in {OLDEST_WINDOWS})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

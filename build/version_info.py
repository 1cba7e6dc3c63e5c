"""The Windows version resource (File > Properties > Details) made from troubleshooter.__version__."""

from __future__ import annotations

import re
from pathlib import Path

COMPANY = "VM Backup Troubleshooter contributors"
EXECUTABLE_NAME = "VMBackupTroubleshooter"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """`0.1.0` -> (0, 1, 0, 0); Windows wants exactly four numbers, pre-release tags are dropped."""
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if not match:
        raise ValueError(f"version {version!r} does not start with a number")
    return tuple(int(part or 0) for part in match.groups())  # type: ignore[return-value]


def version_info_text(version: str, product_name: str) -> str:
    """The file PyInstaller's `version=` takes: a VSVersionInfo expression."""
    numbers = version_tuple(version)
    dotted = ".".join(str(number) for number in numbers)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": product_name,
        "FileVersion": dotted,
        "InternalName": EXECUTABLE_NAME,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{EXECUTABLE_NAME}.exe",
        "ProductName": product_name,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_version_file(path: Path, version: str, product_name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_info_text(version, product_name), encoding="utf-8")
    return path

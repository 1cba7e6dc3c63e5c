"""The one-file build's payload: the one-folder build, packed as a zip and carried inside the launcher.

    dist/VMBackupTroubleshooter = [launcher's bootloader] [payload zip] [trailer] [launcher's PyInstaller archive]
                                  (on Linux the last three are the ELF section `pydata`, followed by the section headers)

Why before the launcher's own archive and not appended after the file: PyInstaller's bootloader
finds its archive by scanning the file backwards from the end for its cookie, on Linux too. With
33 MB appended after the end, every start scanned them (twice: the bootloader's parent and child
process) and took 150 ms longer; placed before the archive, nothing scans them. Zip (deflate,
level 9) rather than tar.xz: 33.6 MB against 25.2 MB, but 0.33 s against 1.2 s to unpack the 84 MB
once, and the whole file stays under 40 MB.

Standard library only: the launcher imports this module at every start (locate) and at the first
(verify, unpack); the build imports it to pack and embed.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import sys
from pathlib import Path

# zipfile, hashlib, shutil and the build's tools are imported where they are used: a warm start
# only locates the payload, and every module imported costs each start its time.

MAGIC = b"VMBTPAY1"
# MAGIC, the payload's length, its SHA-256 (raw), immediately before the launcher's archive.
TRAILER = struct.Struct("<8sQ32s")
# PyInstaller's archive cookie (PyInstaller/archive/readers.py): magic, archive length, TOC offset and length,
# Python version, Python library name. The archive starts `length` bytes before the cookie's end.
_COOKIE = struct.Struct("!8sIIii64s")
# The cookie is the archive's last part: the last 88 bytes of a Windows file; on Linux the ELF
# section headers follow it (a few KB). A code signature appended later would add tens of KB.
_COOKIE_SEARCH_BYTES = 256 * 1024
_COPY_CHUNK = 1 << 20


class PayloadError(Exception):
    """The file carries no payload, or a damaged one (a truncated download): message for a person."""


def _cookie_magic() -> bytes:
    # Built, not written out, so that this module's own bytes never look like a cookie.
    magic = bytearray(b"MEI\x00\x0b\x0a\x0b\x0e")
    magic[3] += 0x0C
    return bytes(magic)


class Payload:
    """Where the payload is: the file that carries it, its offset and length there, its SHA-256 (hex)."""

    __slots__ = ("path", "offset", "length", "sha256")

    def __init__(self, path: str, offset: int, length: int, sha256: str):
        self.path, self.offset, self.length, self.sha256 = path, offset, length, sha256

    def open(self) -> "_Slice":
        return _Slice(self.path, self.offset, self.length)

    def verify(self) -> None:
        """Hash the payload against its trailer: a truncated or damaged file is never unpacked."""
        import hashlib

        digest = hashlib.sha256()
        with self.open() as source:
            for chunk in iter(lambda: source.read(_COPY_CHUNK), b""):
                digest.update(chunk)
        if digest.hexdigest() != self.sha256:
            raise PayloadError(f"{self.path} is damaged (its contents do not match their SHA-256)")


class _Slice(io.RawIOBase):
    """A read-only, seekable window onto part of a file, for zipfile."""

    def __init__(self, path: str, offset: int, length: int):
        self._file = open(path, "rb")
        self._offset = offset
        self._length = length
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, position: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: self._length}[whence]
        self._position = max(0, base + position)
        return self._position

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self._length - self._position)
        if wanted <= 0:
            return 0
        self._file.seek(self._offset + self._position)
        count = self._file.readinto(memoryview(buffer)[:wanted])
        self._position += count
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def locate(executable: str | os.PathLike) -> Payload:
    """Where the payload sits in `executable` (the launcher itself, sys.executable); reads only its last KBs."""
    path = os.fspath(executable)
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            tail_start = max(0, size - _COOKIE_SEARCH_BYTES)
            handle.seek(tail_start)
            tail = handle.read()
            position = tail.rfind(_cookie_magic())
            if position < 0 or position + _COOKIE.size > len(tail):
                raise PayloadError(f"{path} carries no program: it is not a complete VM Backup Troubleshooter file")
            archive_length = _COOKIE.unpack_from(tail, position)[1]
            archive_start = tail_start + position + _COOKIE.size - archive_length
            trailer_start = archive_start - TRAILER.size
            if trailer_start < 0:
                raise PayloadError(f"{path} carries no program (no payload before its archive)")
            handle.seek(trailer_start)
            magic, length, digest = TRAILER.unpack(handle.read(TRAILER.size))
    except OSError as exc:
        raise PayloadError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if magic != MAGIC or length > trailer_start:
        raise PayloadError(f"{path} carries no program (no payload before its archive)")
    return Payload(path, trailer_start - length, length, digest.hex())


def _safe_member_path(name: str) -> str:
    """The member's path inside the destination, or PayloadError for one that would leave it."""
    import posixpath

    normalized = posixpath.normpath(name)
    if (name.startswith(("/", "\\")) or "\\" in name or ":" in name or normalized.startswith("..")
            or normalized in (".", "")):
        raise PayloadError(f"the payload names a path outside its folder: {name!r}")
    return normalized


def unpack(payload: Payload, destination: str | os.PathLike, workers: int | None = None) -> None:
    """Write the payload's files under `destination` (an existing, private folder) and check its hash.

    Regular files keep their executable bit, symbolic links stay links (relative, inside the
    folder); a member that would land outside is refused. The hash is checked by a thread of its own
    while the files are inflated by up to two (zlib and the hash let go of the interpreter's lock).
    A damaged file (the hash, a member's CRC-32, the deflate stream) raises PayloadError; what was
    written is then the caller's to remove.
    """
    import threading
    import zipfile
    import zlib

    root = os.fspath(destination)
    failures: list[BaseException] = []

    def check_hash() -> None:
        try:
            payload.verify()
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            failures.append(exc)

    hashing = threading.Thread(target=check_hash, daemon=True)
    hashing.start()
    try:
        with payload.open() as source, zipfile.ZipFile(io.BufferedReader(source, _COPY_CHUNK)) as archive:
            files = _make_folders_and_links(archive, root)
        workers = workers or min(2, os.cpu_count() or 1)
        files.sort(key=lambda item: -item[0].compress_size)
        shares = [files[index::workers] for index in range(workers)]

        def inflate(share) -> None:
            try:
                _inflate(payload, share)
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                failures.append(exc)

        helpers = [threading.Thread(target=inflate, args=(share,), daemon=True) for share in shares[1:]]
        for helper in helpers:
            helper.start()
        inflate(shares[0])
        for helper in helpers:
            helper.join()
    except BaseException as exc:  # noqa: BLE001 - judged with the threads' failures below
        failures.append(exc)
    finally:
        hashing.join()
    for failure in failures:
        if isinstance(failure, PayloadError):
            raise failure
    for failure in failures:
        if isinstance(failure, (zipfile.BadZipFile, zlib.error, EOFError)):
            raise PayloadError(f"{payload.path} is damaged ({failure})") from failure
    if failures:
        raise failures[0]


def _make_folders_and_links(archive, root: str) -> list:
    """Create the folders and symbolic links; return (member, target) of the regular files."""
    import posixpath

    files = []
    for member in archive.infolist():
        relative = _safe_member_path(member.filename)
        target = os.path.join(root, *relative.split("/"))
        if member.is_dir():
            os.makedirs(target, mode=0o700, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        if stat.S_ISLNK(member.external_attr >> 16):
            link = archive.read(member).decode("utf-8")
            if posixpath.isabs(link) or posixpath.normpath(posixpath.join(posixpath.dirname(relative), link)) \
                    .startswith(".."):
                raise PayloadError(f"the payload's link {member.filename!r} points outside its folder")
            os.symlink(link, target)
            continue
        files.append((member, target))
    return files


def _inflate(payload: Payload, share: list) -> None:
    """Write these members' files, through a handle of this thread's own."""
    import shutil
    import zipfile

    with payload.open() as source, zipfile.ZipFile(io.BufferedReader(source, _COPY_CHUNK)) as archive:
        for member, target in share:
            with archive.open(member) as data, open(target, "xb") as out:
                shutil.copyfileobj(data, out, _COPY_CHUNK)
            if os.name == "posix":
                os.chmod(target, 0o700 if (member.external_attr >> 16) & 0o100 else 0o600)


# ---- build time -------------------------------------------------------------------------------


def pack_folder(folder: Path, zip_path: Path, level: int = 9) -> str:
    """Zip `folder` (as a top-level folder of its own name) into `zip_path`; returns its SHA-256 (hex).

    Symbolic links are stored as links (PyInstaller's one-folder build on Linux has some, some of
    them dangling on purpose), each file with its mode, in a stable order.
    """
    import hashlib
    import zipfile

    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                member = zipfile.ZipInfo(name)
                member.create_system = 3  # Unix: external_attr holds st_mode
                member.external_attr = (info.st_mode & 0xFFFF) << 16
                archive.writestr(member, os.readlink(path))
            elif path.is_file():
                archive.write(path, name)
    digest = hashlib.sha256()
    with open(zip_path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_COPY_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _archive_start(data: bytes) -> int:
    position = data.rfind(_cookie_magic(), max(0, len(data) - _COOKIE_SEARCH_BYTES))
    if position < 0:
        raise PayloadError("the launcher has no PyInstaller archive")
    return position + _COOKIE.size - _COOKIE.unpack_from(data, position)[1]


def _payload_and_trailer(zip_path: Path, sha256: str) -> bytes:
    data = zip_path.read_bytes()
    return data + TRAILER.pack(MAGIC, len(data), bytes.fromhex(sha256))


def embed_by_splice(launcher: Path, zip_path: Path, sha256: str) -> None:
    """Insert the payload and its trailer right before the launcher's archive (Windows, macOS: the
    archive is the file's last part, found by its cookie at the end)."""
    data = launcher.read_bytes()
    start = _archive_start(data)
    launcher.write_bytes(data[:start] + _payload_and_trailer(zip_path, sha256) + data[start:])


def embed_in_elf_section(launcher: Path, zip_path: Path, sha256: str, objcopy: str = "objcopy") -> None:
    """Linux: the launcher's archive is ELF section `pydata`; the payload goes at that section's start,
    so the ELF stays well-formed (readelf, strip, objdump read it) and the archive is still last."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="vmbt-embed-") as scratch:
        section = Path(scratch) / "pydata"
        subprocess.run([objcopy, "--dump-section", f"pydata={section}", str(launcher)], check=True)
        section.write_bytes(_payload_and_trailer(zip_path, sha256) + section.read_bytes())
        subprocess.run([objcopy, "--update-section", f"pydata={section}", str(launcher)], check=True)


def embed(launcher: Path, zip_path: Path, sha256: str) -> None:
    if sys.platform.startswith("linux"):
        embed_in_elf_section(launcher, zip_path, sha256)
    else:
        embed_by_splice(launcher, zip_path, sha256)
        if sys.platform == "win32":
            # PyInstaller wrote the PE checksum over the file as it was (virus scanners look at it).
            from PyInstaller.utils.win32.winutils import update_exe_pe_checksum

            update_exe_pe_checksum(str(launcher))

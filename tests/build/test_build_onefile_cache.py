"""The one-file build's second stage without building it: a small one-folder "program" packed into a real
payload inside a file laid out like the launcher (a real PyInstaller archive after it), then the cache's
rules as the launcher applies them: first start, second start, damage, hostile folders, two starts at
once, a full disk, old versions."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

import onefile_cache
import onefile_payload
from onefile_cache import CannotStart, prepare, unsafe_reason
from onefile_payload import PayloadError

BUILD_DIR = Path(__file__).resolve().parents[2] / "build"
POSIX = os.name == "posix"
EXE = "VMBackupTroubleshooter" + (".exe" if sys.platform == "win32" else "")
# What the fake program prints, then it exits 3: its arguments and what it sees of the bootloader's variables.
PROGRAM = """\
#!/bin/sh
echo "args:$*"
env | grep -E '^(_PYI_|_MEIPASS2|LD_LIBRARY_PATH)' | sort
exit 3
"""


def make_program(folder: Path, filler: bytes = b"") -> Path:
    program = folder / "VMBackupTroubleshooter"
    (program / "_internal").mkdir(parents=True)
    executable = program / EXE
    executable.write_text(PROGRAM, encoding="utf-8")
    executable.chmod(0o755)
    (program / "_internal" / "data.txt").write_text("flows", encoding="utf-8")
    if filler:
        (program / "_internal" / "filler.bin").write_bytes(filler)
    if POSIX:
        os.symlink("data.txt", program / "_internal" / "link.txt")
    return program


def make_launcher(scratch: Path, filler: bytes = b"") -> Path:
    """A file laid out as build_exe.py lays out the one file: bootloader bytes, payload, trailer, then a
    real PyInstaller archive (which PyInstaller's own reader must still find)."""
    from PyInstaller.archive.readers import PKG_ITEM_DATA
    from PyInstaller.archive.writers import CArchiveWriter

    program = make_program(scratch / "onedir", filler)
    payload = scratch / "payload.zip"
    sha256 = onefile_payload.pack_folder(program, payload)
    entry = scratch / "entry.txt"
    entry.write_text("the launcher's own file", encoding="utf-8")
    archive = scratch / "archive.pkg"
    CArchiveWriter(str(archive), [("entry.txt", str(entry), True, PKG_ITEM_DATA)], pylib_name="libpython3.so")
    launcher = scratch / "launcher"
    launcher.write_bytes(b"\x7fELF pretend bootloader " * 400 + archive.read_bytes())
    onefile_payload.embed_by_splice(launcher, payload, sha256)
    assert onefile_payload.locate(launcher).sha256 == sha256
    return launcher


@pytest.fixture
def safe_base():
    """A folder whose every parent is closed to others (pytest's tmp_path is under /tmp, which the cache refuses)."""
    with onefile_cache.accepted_folder(".vmbt-cache-test-") as base:
        if base is None:
            pytest.skip("no folder here that the cache accepts (the home folder is open to others)")
        yield base


@pytest.fixture
def launcher(tmp_path):
    return make_launcher(tmp_path)


def run_program(prepared) -> subprocess.CompletedProcess:
    return subprocess.run([str(prepared.executable), "one", "two"], capture_output=True, text=True, timeout=30)


def test_the_payload_sits_before_the_launchers_archive_which_pyinstaller_still_reads(launcher):
    from PyInstaller.archive.readers import CArchiveReader

    assert CArchiveReader(str(launcher)).extract("entry.txt") == b"the launcher's own file"
    payload = onefile_payload.locate(launcher)
    payload.verify()
    with payload.open() as source:
        assert source.read(2) == b"PK"


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objcopy") is None
                    or shutil.which("true") is None, reason="needs Linux and binutils")
def test_in_an_elf_the_payload_joins_the_archive_section_and_the_program_still_runs(tmp_path):
    from PyInstaller.archive.readers import CArchiveReader, PKG_ITEM_DATA
    from PyInstaller.archive.writers import CArchiveWriter

    entry = tmp_path / "entry.txt"
    entry.write_text("inside", encoding="utf-8")
    archive = tmp_path / "archive.pkg"
    CArchiveWriter(str(archive), [("entry.txt", str(entry), True, PKG_ITEM_DATA)], pylib_name="libpython3.so")
    elf = tmp_path / "true"
    shutil.copy(shutil.which("true"), elf)
    subprocess.run(["objcopy", "--add-section", f"pydata={archive}", str(elf)], check=True)
    payload_zip = tmp_path / "payload.zip"
    sha256 = onefile_payload.pack_folder(make_program(tmp_path / "onedir"), payload_zip)

    onefile_payload.embed_in_elf_section(elf, payload_zip, sha256)

    assert subprocess.run([str(elf)]).returncode == 0
    assert CArchiveReader(str(elf)).extract("entry.txt") == b"inside"
    found = onefile_payload.locate(elf)
    assert found.sha256 == sha256 and found.length == payload_zip.stat().st_size
    sections = subprocess.run(["readelf", "-S", "-W", str(elf)], capture_output=True, text=True).stdout
    assert "pydata" in sections


def test_a_file_without_payload_is_named(tmp_path):
    plain = tmp_path / "plain"
    plain.write_bytes(b"\x7fELF" + b"\0" * 5000)
    with pytest.raises(PayloadError, match="carries no program"):
        onefile_payload.locate(plain)


def test_first_start_unpacks_the_second_reuses_without_unpacking(launcher, safe_base):
    root = safe_base / "cache" / "VMBackupTroubleshooter"
    payload = onefile_payload.locate(launcher)

    first = prepare(payload, root)
    assert first.unpacked and not first.temporary and first.notice is None
    bundle = root / f"bundle-{payload.sha256[:16]}"
    assert first.program_folder == bundle / "VMBackupTroubleshooter"
    assert (bundle / "complete").read_text() == f"sha256 {payload.sha256}\n"
    if POSIX:
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        assert stat.S_IMODE(root.parent.stat().st_mode) == 0o700  # created by the cache, owner-only too
        assert os.readlink(first.program_folder / "_internal" / "link.txt") == "data.txt"
        assert run_program(first).stdout.startswith("args:one two")
    marker_time = (bundle / "complete").stat().st_mtime_ns
    executable_inode = first.executable.stat().st_ino

    second = prepare(payload, root)
    assert not second.unpacked and second.program_folder == first.program_folder
    assert (bundle / "complete").stat().st_mtime_ns == marker_time
    assert second.executable.stat().st_ino == executable_inode
    assert sorted(path.name for path in root.iterdir()) == [bundle.name]


@pytest.mark.parametrize("damage", ["marker removed", "marker names another hash", "marker is a folder"])
def test_a_bundle_without_its_marker_is_never_used_but_replaced(launcher, safe_base, damage):
    root = safe_base / "VMBackupTroubleshooter"
    payload = onefile_payload.locate(launcher)
    bundle = prepare(payload, root).program_folder.parent
    planted = bundle / "VMBackupTroubleshooter" / "_internal" / "planted.so"
    planted.write_text("left by a half-done unpack")
    marker = bundle / "complete"
    marker.unlink()
    if damage == "marker names another hash":
        marker.write_text(f"sha256 {'0' * 64}\n")
    elif damage == "marker is a folder":
        marker.mkdir()

    again = prepare(payload, root)

    assert again.unpacked and not again.temporary
    assert not planted.exists()
    assert (bundle / "complete").read_text() == f"sha256 {payload.sha256}\n"
    assert [path.name for path in root.iterdir()] == [bundle.name]


def test_a_damaged_download_is_never_unpacked(tmp_path, safe_base):
    launcher = make_launcher(tmp_path)
    payload = onefile_payload.locate(launcher)
    data = bytearray(launcher.read_bytes())
    data[payload.offset + payload.length // 2] ^= 0xFF
    launcher.write_bytes(bytes(data))
    root = safe_base / "VMBackupTroubleshooter"
    with pytest.raises(PayloadError, match="damaged"):
        prepare(onefile_payload.locate(launcher), root)
    assert not any(root.glob("bundle-*"))


def test_damage_that_inflating_would_not_notice_is_caught_by_the_hash(tmp_path, safe_base):
    """The first member's modification time (bytes 10-11 of its local header): no CRC covers it."""
    launcher = make_launcher(tmp_path)
    payload = onefile_payload.locate(launcher)
    data = bytearray(launcher.read_bytes())
    assert data[payload.offset:payload.offset + 4] == b"PK\x03\x04"
    data[payload.offset + 10] ^= 0x01
    launcher.write_bytes(bytes(data))
    root = safe_base / "VMBackupTroubleshooter"
    with pytest.raises(PayloadError, match="do not match their SHA-256"):
        prepare(onefile_payload.locate(launcher), root)
    assert not any(root.iterdir())  # the unpacked copy is removed too


needs_posix_root = pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="changes owners: needs root on POSIX")


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
@pytest.mark.parametrize("where", ["the root", "a folder above it"])
def test_a_folder_others_may_write_is_refused_and_the_program_runs_from_a_temporary_copy(launcher, safe_base,
                                                                                        tmp_path, where):
    above = safe_base / "shared"
    root = above / "VMBackupTroubleshooter"
    root.mkdir(parents=True)
    (root if where == "the root" else above).chmod(0o770)
    temporary_parent = tmp_path / "temporary"
    temporary_parent.mkdir()

    prepared = prepare(onefile_payload.locate(launcher), root, temporary_parent=str(temporary_parent))

    assert prepared.temporary and "may be written by others" in prepared.notice
    assert prepared.program_folder.parent.parent == temporary_parent
    assert stat.S_IMODE(prepared.program_folder.parent.stat().st_mode) == 0o700
    assert run_program(prepared).returncode == 3
    assert not any(root.iterdir())


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_shared_sticky_folder_like_tmp_is_refused(launcher, safe_base, tmp_path):
    shared = safe_base / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    prepared = prepare(onefile_payload.locate(launcher), shared / "mine" / "VMBackupTroubleshooter",
                       temporary_parent=str(tmp_path))
    assert prepared.temporary and "may be written by others" in prepared.notice
    assert not (shared / "mine").exists()


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_link_into_a_folder_others_may_write_is_refused(launcher, safe_base, tmp_path):
    open_folder = safe_base / "open"
    open_folder.mkdir()
    open_folder.chmod(0o777)
    (open_folder / "cache").mkdir(mode=0o700)
    (safe_base / "cache").symlink_to(open_folder / "cache")
    prepared = prepare(onefile_payload.locate(launcher), safe_base / "cache" / "VMBackupTroubleshooter",
                       temporary_parent=str(tmp_path))
    assert prepared.temporary and str(open_folder) in prepared.notice


@needs_posix_root
def test_as_root_a_cache_that_belongs_to_another_user_is_refused_and_nothing_is_created_in_it(launcher, safe_base,
                                                                                              tmp_path):
    """sudo keeping the invoking user's HOME: root must not run what that user could have planted."""
    users_home = safe_base / "home-of-user-1000"
    (users_home / ".cache").mkdir(parents=True)
    for folder in (users_home, users_home / ".cache"):
        os.chown(folder, 1000, 1000)
    root = onefile_cache.cache_root({"HOME": str(users_home)}, "linux")
    assert root == users_home / ".cache" / "VMBackupTroubleshooter"

    prepared = prepare(onefile_payload.locate(launcher), root, temporary_parent=str(tmp_path))

    assert prepared.temporary and "belongs to user 1000" in prepared.notice
    assert not root.exists()  # a root-owned folder there would lock the user out of their own cache
    assert run_program(prepared).returncode == 3


@needs_posix_root
def test_as_a_user_a_bundle_that_root_did_not_make_for_them_is_not_trusted(launcher, safe_base):
    payload = onefile_payload.locate(launcher)
    root = safe_base / "VMBackupTroubleshooter"
    bundle = prepare(payload, root).program_folder.parent
    os.chown(bundle, 1000, 1000)
    assert not onefile_cache.is_complete(bundle, payload.sha256)


def test_two_first_starts_at_once_both_start_and_leave_one_bundle(launcher, safe_base, tmp_path):
    root = safe_base / "VMBackupTroubleshooter"
    go = tmp_path / "go"
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(BUILD_DIR)!r})
        import onefile_cache, onefile_payload
        while not os.path.exists({str(go)!r}):
            time.sleep(0.001)
        prepared = onefile_cache.prepare(onefile_payload.locate({str(launcher)!r}), onefile_cache.Path({str(root)!r}))
        print(prepared.program_folder, prepared.unpacked, prepared.temporary)
    """)
    starts = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(0.5)
    go.touch()
    outputs = [start.communicate(timeout=60)[0].split() for start in starts]
    assert [start.returncode for start in starts] == [0, 0]
    assert outputs[0][0] == outputs[1][0] and {outputs[0][2], outputs[1][2]} == {"False"}
    assert [path.name for path in root.iterdir()] == [Path(outputs[0][0]).parent.name]
    assert onefile_cache.is_complete(root / Path(outputs[0][0]).parent.name, onefile_payload.locate(launcher).sha256)


def test_older_versions_and_dead_unpacks_are_removed_a_running_unpack_is_not(launcher, safe_base):
    root = safe_base / "VMBackupTroubleshooter"
    root.mkdir(mode=0o700)
    old = root / "bundle-00000000deadbeef" / "VMBackupTroubleshooter"
    old.mkdir(parents=True)
    dead = root / ".unpacking-dead"
    dead.mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(dead, (an_hour_ago, an_hour_ago))
    running = root / ".unpacking-running"
    running.mkdir()

    prepared = prepare(onefile_payload.locate(launcher), root)

    assert sorted(path.name for path in root.iterdir()) == sorted([prepared.program_folder.parent.name,
                                                                   running.name])


def test_members_that_would_land_outside_the_folder_are_refused(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("VMBackupTroubleshooter/ok.txt", "fine")
        archive.writestr("../outside.txt", "escaped")
    sha256 = __import__("hashlib").sha256(evil.read_bytes()).hexdigest()
    payload = onefile_payload.Payload(str(evil), 0, evil.stat().st_size, sha256)
    (tmp_path / "into").mkdir()
    with pytest.raises(PayloadError, match="outside"):
        onefile_payload.unpack(payload, tmp_path / "into")
    assert not (tmp_path / "outside.txt").exists()


def test_the_cache_root_follows_xdg_home_and_localappdata():
    assert onefile_cache.cache_root({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "linux") \
        == Path("/x/cache/VMBackupTroubleshooter")
    # A relative XDG_CACHE_HOME is ignored, as the XDG specification says.
    assert onefile_cache.cache_root({"XDG_CACHE_HOME": "cache", "HOME": "/home/u"}, "linux") \
        == Path("/home/u/.cache/VMBackupTroubleshooter")
    assert onefile_cache.cache_root({}, "win32") is None


# ---- the launcher itself (build/vmbt_launcher.py), run from source with a fake sys.executable ----


def run_launcher(launcher: Path, environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(BUILD_DIR)!r})
        sys.executable = {str(launcher)!r}
        import vmbt_launcher
        sys.exit(vmbt_launcher.main(sys.argv[1:]))
    """)
    # In UTF-8 mode, as the frozen launcher runs (launcher.spec): Windows would use its ANSI code page.
    return subprocess.run([sys.executable, "-X", "utf8", "-c", script, *arguments], capture_output=True,
                          encoding="utf-8", env=environment, timeout=60)


@pytest.mark.skipif(not POSIX, reason="runs the fake program, a shell script")
def test_the_launcher_starts_the_program_with_its_arguments_exit_code_and_the_callers_environment(launcher,
                                                                                                 safe_base):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("_PYI_", "LD_LIB"))}
    # What the launcher's own bootloader sets for itself: the program must not inherit it.
    environment.update(XDG_CACHE_HOME=str(safe_base), _PYI_APPLICATION_HOME_DIR="/tmp/_MEI123",
                       _PYI_PARENT_PROCESS_LEVEL="1", _MEIPASS2="/tmp/_MEI123",
                       LD_LIBRARY_PATH="/tmp/_MEI123:/opt/mine", LD_LIBRARY_PATH_ORIG="/opt/mine")

    started = run_launcher(launcher, environment, "checks", "--json")

    assert started.returncode == 3, started.stderr
    assert started.stdout.splitlines() == ["args:checks --json", "LD_LIBRARY_PATH=/opt/mine"]
    assert started.stderr == ""
    assert (safe_base / "VMBackupTroubleshooter" / f"bundle-{onefile_payload.locate(launcher).sha256[:16]}").is_dir()


def _mount_tiny_tmpfs(folder: Path) -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(mode=0o700)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.fixture
def full_disk(safe_base):
    folder = safe_base / "tiny"
    if not _mount_tiny_tmpfs(folder):
        pytest.skip("cannot mount a 1 MB tmpfs here (needs root on Linux)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_falls_back_to_a_temporary_copy_and_says_why(tmp_path, full_disk):
    launcher = make_launcher(tmp_path / "build", filler=os.urandom(2 * 1024 * 1024))  # does not fit in 1 MB
    temporary_parent = tmp_path / "temporary"
    temporary_parent.mkdir()

    prepared = prepare(onefile_payload.locate(launcher), full_disk / "VMBackupTroubleshooter",
                       temporary_parent=str(temporary_parent))

    assert prepared.temporary and "No space left on device" in prepared.notice
    assert (prepared.program_folder / "_internal" / "filler.bin").stat().st_size == 2 * 1024 * 1024
    assert not any((full_disk / "VMBackupTroubleshooter").iterdir())  # the half-written copy is gone


def test_when_even_the_temporary_folder_is_full_the_launcher_says_so_in_both_languages_without_a_traceback(
        tmp_path, full_disk):
    launcher = make_launcher(tmp_path / "build", filler=os.urandom(2 * 1024 * 1024))
    environment = dict(os.environ, XDG_CACHE_HOME=str(full_disk), TMPDIR=str(full_disk))
    environment.pop("DISPLAY", None)

    started = run_launcher(launcher, environment, "checks")

    assert started.returncode == 1
    assert "Traceback" not in started.stderr
    assert "cannot start" in started.stderr and "시작할 수 없습니다" in started.stderr
    assert "No space left on device" in started.stderr
    assert "Free about 90 MB of disk space" in started.stderr and "디스크 공간을 약 90MB 확보" in started.stderr


def test_the_launchers_environment_drops_its_bootloaders_variables():
    import vmbt_launcher

    cleaned = vmbt_launcher.program_environment({
        "PATH": "/usr/bin", "_PYI_ARCHIVE_FILE": "/x", "_PYI_PARENT_PROCESS_LEVEL": "1", "_MEIPASS2": "/tmp/_MEI1",
        "LD_LIBRARY_PATH": "/tmp/_MEI1", "VMBT_NO_NETWORK": "1"}, "linux")
    assert cleaned == {"PATH": "/usr/bin", "VMBT_NO_NETWORK": "1"}


def test_a_damaged_file_is_named_with_what_to_do_in_both_languages(tmp_path, safe_base):
    launcher = make_launcher(tmp_path)
    payload = onefile_payload.locate(launcher)
    data = bytearray(launcher.read_bytes())
    data[payload.offset + 10] ^= 0x01
    launcher.write_bytes(bytes(data))

    started = run_launcher(launcher, dict(os.environ, XDG_CACHE_HOME=str(safe_base)), "--version")

    assert started.returncode == 1 and "Traceback" not in started.stderr
    assert "is damaged" in started.stderr
    assert "Download the file again" in started.stderr and "파일을 다시 내려받고" in started.stderr


@pytest.mark.skipif(not POSIX, reason="POSIX permissions (even root cannot run a file without an executable bit)")
def test_a_cached_program_that_cannot_run_is_named_without_a_traceback(launcher, safe_base):
    environment = dict(os.environ, XDG_CACHE_HOME=str(safe_base))
    assert run_launcher(launcher, environment).returncode == 3
    program = next(safe_base.glob("VMBackupTroubleshooter/bundle-*/VMBackupTroubleshooter")) / EXE
    program.chmod(0o600)

    started = run_launcher(launcher, environment)

    assert started.returncode == 1 and "Traceback" not in started.stderr
    assert "Permission denied" in started.stderr and "noexec" in started.stderr


HOLD_LIKE_A_RUNNING_PROGRAM = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_SH)
print("holding", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not POSIX, reason="Windows keeps a running program's files by itself")
def test_an_older_version_still_running_keeps_its_bundle_until_it_ends(launcher, safe_base):
    """A new version started while the old one's window is open must not delete the files the old one
    still loads (fonts for a PDF, Qt plugins, translations)."""
    root = safe_base / "VMBackupTroubleshooter"
    root.mkdir(mode=0o700)
    old = root / "bundle-00000000deadbeef"
    (old / "VMBackupTroubleshooter").mkdir(parents=True)
    (old / "complete").write_text("sha256 " + "0" * 8 + "deadbeef" + "0" * 48 + "\n", encoding="ascii")
    running = subprocess.Popen([sys.executable, "-c", HOLD_LIKE_A_RUNNING_PROGRAM, str(old / "complete")],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert running.stdout.readline().strip() == "holding"
        prepare(onefile_payload.locate(launcher), root)
        assert (old / "complete").is_file() and (old / "VMBackupTroubleshooter").is_dir()
    finally:
        running.kill()
        running.wait()

    prepare(onefile_payload.locate(launcher), root)  # the old version has ended: its bundle goes
    assert not old.exists()


@pytest.mark.skipif(not POSIX, reason="runs the fake program, a shell script, and reads /proc")
def test_the_started_program_holds_its_bundle_for_as_long_as_it_runs(launcher, safe_base, tmp_path):
    """The launcher's lock on the bundle's marker goes through execve into the program."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc")
    environment = dict(os.environ, XDG_CACHE_HOME=str(safe_base))
    script = textwrap.dedent(f"""
        import os, runpy, sys
        sys.path.insert(0, {str(BUILD_DIR)!r})
        import vmbt_launcher
        # The fake program is a shell script; make it list its own open files before it ends.
        original = os.execve
        def execve(path, args, env):
            return original("/bin/sh", ["sh", "-c", "ls -l /proc/$$/fd"], env)
        os.execve = execve
        sys.executable = {str(launcher)!r}
        sys.exit(vmbt_launcher.main([]))
    """)
    started = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                             timeout=60)
    bundle = safe_base / "VMBackupTroubleshooter" / f"bundle-{onefile_payload.locate(launcher).sha256[:16]}"
    assert str(bundle / "complete") in started.stdout, started.stdout + started.stderr

"""CPython 3.11 for the Linux executable, built to need nothing newer than glibc 2.28.

    python build/python_glibc228.py          # build (or reuse) it; prints the interpreter's path

The interpreter, its extension modules and libpython are what the executable carries, so they set
its glibc floor. Debian 12's own Python asks for GLIBC_2.35; this one is compiled from Debian's
source packages with Zig's C compiler (PyPI's `ziglang`) aimed at `x86_64-linux-gnu.2.28`: Zig links
against glibc 2.28's symbol versions, so configure sees only what 2.28 has. zlib, libffi, bzip2,
xz (liblzma) and OpenSSL are built the same way, static, into the extension modules that use them.
Left out, because nothing in the program uses them: sqlite3, readline, curses, dbm, tkinter, uuid's
C part (the module falls back to Python).

Everything lives under `~/.cache/vmbt/python-2.28/`:
`sources/` (the source packages, fetched once with a throwaway apt configuration, so the machine's
apt state is untouched), `zig-<version>/` (with Zig's own cache), and `<key>/`, the installed
interpreter, where the key hashes the source packages, the Zig version, the compiler wrappers in
build/zig/ and the code of the build steps with their flags (`key()`). A folder counts only with its
`complete` marker, written last, so a build that died is redone. OpenSSL looks for certificates where
Debian keeps them (/usr/lib/ssl); on other systems SSL_CERT_FILE or SSL_CERT_DIR names them.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from debian_apt import AptError, mirror, release

BUILD_DIR = Path(__file__).resolve().parent
ZIG_WRAPPERS = BUILD_DIR / "zig"
GLIBC_TARGET = "2.28"
ZIGLANG = "0.17.1"
CACHE = Path.home() / ".cache" / "vmbt" / f"python-{GLIBC_TARGET}"
SOURCE_PACKAGES = ("python3.11", "zlib", "libffi", "bzip2", "xz-utils", "openssl")
MARKER = "complete"
# Modules whose libraries are not built: configure is told they are not available.
UNAVAILABLE_MODULES = ("_tkinter", "_curses", "_curses_panel", "_dbm", "_gdbm", "nis", "_sqlite3", "_uuid",
                       "readline", "_crypt")
# What the build must give, or it is not the interpreter the program needs.
REQUIRED_IMPORTS = ("zlib", "bz2", "lzma", "ctypes", "ssl", "hashlib", "_hashlib", "decimal", "json", "uuid",
                    "pyexpat", "_multibytecodec", "unicodedata", "select", "_socket")


class BuildError(Exception):
    """A step failed: the message names it and the log to read."""


def _jobs() -> str:
    return str(os.cpu_count() or 2)


def _run(command: list[str], log: Path, cwd: Path, environment: dict[str, str] | None = None) -> None:
    with log.open("a", encoding="utf-8") as output:
        output.write(f"\n$ {' '.join(command)}\n")
        output.flush()
        result = subprocess.run(command, cwd=cwd, env=environment, stdout=output, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"{' '.join(command[:3])} failed in {cwd} (exit {result.returncode}); see {log}")


def fetch_sources(folder: Path) -> list[Path]:
    """The source packages' .dsc files, fetched the first time through an apt configuration of our own."""
    found = [_dsc(folder, package) for package in SOURCE_PACKAGES]
    if all(found):
        return found
    folder.mkdir(parents=True, exist_ok=True)
    lists = folder / "lists"
    (lists / "partial").mkdir(parents=True, exist_ok=True)
    sources_list = folder / "sources.list"
    suite = release()
    sources_list.write_text(f"deb-src [trusted=yes] {mirror()} {suite} main\n"
                            f"deb-src [trusted=yes] {mirror()} {suite}-updates main\n", encoding="utf-8")
    options = ["-o", f"Dir::Etc::sourcelist={sources_list}", "-o", "Dir::Etc::sourceparts=/nonexistent",
               "-o", f"Dir::State::Lists={lists}", "-o", "Debug::NoLocking=1",
               "-o", "APT::Sandbox::User=root"]
    subprocess.run(["apt-get", "update", "-qq", *options], check=True)
    subprocess.run(["apt-get", "source", "--download-only", "-qq", *options, *SOURCE_PACKAGES], cwd=folder,
                   check=True)
    found = [_dsc(folder, package) for package in SOURCE_PACKAGES]
    missing = [package for package, dsc in zip(SOURCE_PACKAGES, found) if dsc is None]
    if missing:
        raise BuildError(f"apt-get source gave no .dsc for {', '.join(missing)}")
    return found


def _dsc(folder: Path, package: str) -> Path | None:
    # The newest when an update left two versions side by side.
    candidates = sorted(folder.glob(f"{package}_*.dsc"), key=lambda path: path.stat().st_mtime)
    return candidates[-1] if candidates else None


def _upstream_tarball(dsc: Path) -> Path:
    package, version = dsc.stem.split("_", 1)
    upstream = version.split(":")[-1].rsplit("-", 1)[0]
    for found in sorted(dsc.parent.glob(f"{package}_{upstream}.orig.tar.*")):
        if not found.name.endswith(".asc"):
            return found
    raise BuildError(f"no upstream tarball beside {dsc.name}")


def zig(cache: Path) -> Path:
    """Zig's binary from PyPI's ziglang wheel, installed once beside the interpreters."""
    target = cache / f"zig-{ZIGLANG}"
    binary = target / "ziglang" / "zig"
    if not binary.is_file():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                        f"ziglang=={ZIGLANG}"], check=True)
    return binary


def key(dsc_files: list[Path]) -> str:
    """The sources and the flags: the .dsc files (which hash the tarballs), the compiler wrappers, the
    code of the build steps and what they are told (not this file's comments, so a note costs no rebuild)."""
    digest = hashlib.sha256()
    for part in [*sorted(dsc_files), *sorted(ZIG_WRAPPERS.iterdir())]:
        digest.update(part.name.encode() + b"\0" + part.read_bytes() + b"\0")
    for step in (_environment, _build_libraries, _build_python):
        digest.update(inspect.getsource(step).encode())
    digest.update(repr((ZIGLANG, GLIBC_TARGET, UNAVAILABLE_MODULES)).encode())
    return digest.hexdigest()[:16]


def _environment(zig_binary: Path, deps: Path, prefix: Path) -> dict[str, str]:
    environment = dict(os.environ)
    for variable in ("CFLAGS", "CPPFLAGS", "LDFLAGS", "LIBS", "PKG_CONFIG_PATH", "PYTHONHOME", "PYTHONPATH"):
        environment.pop(variable, None)
    environment.update(
        VMBT_ZIG=str(zig_binary), VMBT_ZIG_TARGET=f"x86_64-linux-gnu.{GLIBC_TARGET}",
        ZIG_GLOBAL_CACHE_DIR=str(zig_binary.parent.parent / "cache"),
        CC=str(ZIG_WRAPPERS / "cc"), AR=str(ZIG_WRAPPERS / "ar"), RANLIB=str(ZIG_WRAPPERS / "ranlib"), CXX="false",
        PKG_CONFIG_LIBDIR=str(deps / "lib" / "pkgconfig"), PKG_CONFIG_PATH="",
    )
    return environment


def _build_libraries(sources: dict[str, Path], work: Path, deps: Path, environment: dict[str, str],
                     log: Path) -> None:
    """Static zlib, bzip2, libffi, liblzma and OpenSSL into `deps`, position-independent."""
    def unpack(package: str) -> Path:
        before = set(work.iterdir())
        subprocess.run(["tar", "-xf", str(_upstream_tarball(sources[package])), "-C", str(work)], check=True)
        (folder,) = set(work.iterdir()) - before
        return folder

    pic = dict(environment, CFLAGS="-O2 -fPIC")
    folder = unpack("zlib")
    _run(["./configure", "--static", f"--prefix={deps}"], log, folder, pic)
    _run(["make", f"-j{_jobs()}", "install"], log, folder, pic)

    folder = unpack("bzip2")
    _run(["make", f"-j{_jobs()}", "libbz2.a", f"CC={environment['CC']}", f"AR={environment['AR']}",
          f"RANLIB={environment['RANLIB']}", "CFLAGS=-O2 -fPIC -D_FILE_OFFSET_BITS=64"], log, folder, pic)
    (deps / "lib").mkdir(parents=True, exist_ok=True)
    (deps / "include").mkdir(parents=True, exist_ok=True)
    shutil.copy2(folder / "libbz2.a", deps / "lib")
    shutil.copy2(folder / "bzlib.h", deps / "include")

    static = ["--disable-shared", "--enable-static", "--with-pic", f"--prefix={deps}", f"--libdir={deps}/lib"]
    folder = unpack("libffi")
    _run(["./configure", *static, "--disable-docs", "--disable-multi-os-directory"], log, folder, pic)
    _run(["make", f"-j{_jobs()}", "install"], log, folder, pic)

    folder = unpack("xz-utils")
    _run(["./configure", *static, "--disable-xz", "--disable-xzdec", "--disable-lzmadec", "--disable-lzmainfo",
          "--disable-lzma-links", "--disable-scripts", "--disable-doc", "--disable-nls"], log, folder, pic)
    _run(["make", f"-j{_jobs()}", "install"], log, folder, pic)

    # OpenSSL: no assembler (clang's assembler and perlasm's output are not worth the risk for the few
    # TLS connections a check makes). Its certificate folder is Debian's; SSL_CERT_FILE/SSL_CERT_DIR
    # point elsewhere at run time.
    folder = unpack("openssl")
    _run(["perl", "./Configure", "linux-x86_64", "no-shared", "no-module", "no-asm", "no-tests", "no-engine",
          "-fPIC", f"--prefix={deps}", "--libdir=lib", "--openssldir=/usr/lib/ssl"], log, folder, environment)
    _run(["make", f"-j{_jobs()}", "build_libs"], log, folder, environment)
    _run(["make", "install_dev"], log, folder, environment)


def _build_python(tarball: Path, work: Path, deps: Path, prefix: Path, environment: dict[str, str],
                  log: Path) -> None:
    subprocess.run(["tar", "-xf", str(tarball), "-C", str(work)], check=True)
    (folder,) = work.glob("Python-3.11*")
    # setup.py adds the build machine's /usr/include and library folders, whose glibc 2.36 headers
    # clash with Zig's 2.28 ones: the extension modules must see only Zig's and `deps`.
    setup = folder / "setup.py"
    text = setup.read_text(encoding="utf-8")
    replacements = {"        self.add_multiarch_paths()\n": "        pass  # not the build machine's folders\n"}
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(("system_lib_dirs = [", "system_include_dirs = [")):
            replacements[line] = line[: len(line) - len(line.lstrip())] + stripped.split("=")[0] + "= []\n"
    for old, new in replacements.items():
        if old not in text:
            raise BuildError(f"setup.py changed: cannot find {old.strip()!r}")
        text = text.replace(old, new)
    setup.write_text(text, encoding="utf-8")
    environment = dict(environment, CPPFLAGS=f"-I{deps}/include",
                       LDFLAGS=f"-L{deps}/lib -Wl,-rpath,{prefix}/lib", LIBS="-lpthread -ldl")
    unavailable = [f"py_cv_module_{module}=n/a" for module in UNAVAILABLE_MODULES]
    _run(["./configure", f"--prefix={prefix}", "--enable-shared", "--with-ensurepip=install", "--without-readline",
          f"--with-openssl={deps}", "--with-openssl-rpath=no", *unavailable], log, folder, environment)
    _run(["make", f"-j{_jobs()}"], log, folder, environment)
    _run(["make", "install"], log, folder, environment)


def interpreter() -> Path:
    """The cached interpreter, built now when it is not there yet."""
    started = time.monotonic()
    try:
        dsc_files = fetch_sources(CACHE / "sources")
    except (AptError, subprocess.CalledProcessError) as exc:
        raise BuildError(f"cannot fetch Debian's source packages: {exc}") from None
    prefix = CACHE / key(dsc_files)
    python = prefix / "bin" / "python3.11"
    if (prefix / MARKER).is_file():
        return python
    shutil.rmtree(prefix, ignore_errors=True)
    zig_binary = zig(CACHE)
    deps = prefix / "deps"
    log = CACHE / f"{prefix.name}.log"
    log.write_text("", encoding="utf-8")
    print(f"building CPython for glibc {GLIBC_TARGET} into {prefix} (log: {log})", flush=True)
    environment = _environment(zig_binary, deps, prefix)
    sources = dict(zip(SOURCE_PACKAGES, dsc_files))
    with tempfile.TemporaryDirectory(prefix="build-", dir=CACHE) as scratch:
        work = Path(scratch)
        _build_libraries(sources, work, deps, environment, log)
        print(f"  libraries built ({time.monotonic() - started:.0f} s)", flush=True)
        _build_python(_upstream_tarball(sources["python3.11"]), work, deps, prefix, environment, log)
    probe = subprocess.run([str(python), "-c", f"import {', '.join(REQUIRED_IMPORTS)}"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise BuildError(f"the built interpreter lacks a module the program needs: {probe.stderr.strip()}")
    shutil.rmtree(deps)  # linked in: the extension modules need none of it at run time
    (prefix / MARKER).write_text(f"built in {time.monotonic() - started:.0f} s\n", encoding="utf-8")
    print(f"  CPython built ({time.monotonic() - started:.0f} s)", flush=True)
    return python


def main() -> int:
    try:
        print(interpreter())
    except BuildError as exc:
        print(f"python_glibc228: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

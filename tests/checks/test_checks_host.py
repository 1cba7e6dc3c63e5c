"""The Host: decoding of odd output, capped output, killed command trees, rooted files, FakeHost."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import (OUTPUT_CAP, CommandOutput, Deadline, HostUnavailable, LocalHost, ServiceInfo,
                                        decode_output)

PY = sys.executable
REPOSITORY = Path(__file__).resolve().parents[2]


def test_decode_korean_cp949_output():
    text = "서비스 이름: MSDTC\r\n상태: 실행 중\r\n"
    assert decode_output(text.encode("cp949")) == "서비스 이름: MSDTC\n상태: 실행 중\n"


def test_decode_utf16_with_bom_as_powershell_writes_it():
    data = codecs.BOM_UTF16_LE + "Writer name: 'System Writer'\r\n".encode("utf-16-le")
    assert decode_output(data) == "Writer name: 'System Writer'\n"


def test_decode_utf16_without_bom():
    assert decode_output("State: [1] Stable\r\n".encode("utf-16-le")) == "State: [1] Stable\n"


def test_decode_invalid_bytes_never_raises():
    text = decode_output(b"ok \xff\xfe\xfa garbage \x80\x81 end")
    assert text.startswith("ok") and text.endswith("end")


def test_decode_utf8_cut_inside_a_character_keeps_the_rest():
    data = "상태: 정상".encode("utf-8")[:-1]
    assert decode_output(data) == "상태: 정"


def test_decode_french_vssadmin_utf8():
    text = "Nom du rédacteur : 'System Writer'\r\n   État : [1] Stable\r\n"
    assert decode_output(text.encode("utf-8")) == "Nom du rédacteur : 'System Writer'\n   État : [1] Stable\n"


def test_run_captures_output_and_exit_code():
    output = LocalHost().run([PY, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"])
    assert (output.stdout.strip(), output.stderr.strip(), output.returncode, output.ok) == ("out", "err", 3, False)


def test_run_missing_program_is_not_found_not_an_exception():
    output = LocalHost().run(["/nonexistent/definitely-not-here", "--version"])
    assert output.not_found and output.returncode is None and not output.ok


def test_huge_output_is_capped_without_deadlock():
    script = "import sys\nchunk = 'x' * 65536\nfor _ in range(80): sys.stdout.write(chunk)\nsys.stderr.write('e' * 200000)"
    started = time.monotonic()
    output = LocalHost().run([PY, "-c", script], timeout=20)
    assert time.monotonic() - started < 15
    assert output.ok and output.truncated
    assert len(output.stdout) == OUTPUT_CAP
    assert len(output.stderr) == 200000


def _children_of_us():
    return {child.pid for child in psutil.Process().children(recursive=True)}


def test_timeout_kills_the_whole_tree_even_when_sigterm_is_ignored():
    before = _children_of_us()
    script = ("import signal, subprocess, sys, time\n"
              "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import signal,time; "
              "signal.signal(signal.SIGTERM, signal.SIG_IGN); print(1, flush=True); time.sleep(60)'])\n"
              "print(child.pid, flush=True)\n"
              "time.sleep(60)\n")
    started = time.monotonic()
    output = LocalHost().run([PY, "-c", script], timeout=1.0)
    elapsed = time.monotonic() - started
    assert output.timed_out and output.returncode is None
    assert elapsed < 2.5
    grandchild = int(output.stdout.split()[0])
    time.sleep(0.1)
    assert not psutil.pid_exists(grandchild) or psutil.Process(grandchild).status() == psutil.STATUS_ZOMBIE
    assert _children_of_us() - before == set()


def test_leftover_background_child_holding_the_pipe_is_killed():
    before = _children_of_us()
    script = ("import subprocess, sys\n"
              "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
              "print('parent done')\n")
    started = time.monotonic()
    output = LocalHost().run([PY, "-c", script], timeout=10)
    assert time.monotonic() - started < 3
    assert output.ok and "parent done" in output.stdout
    assert _children_of_us() - before == set()


def test_cancel_event_stops_a_running_command_promptly():
    host = LocalHost()
    deadline = Deadline()
    threading.Timer(0.3, deadline.cancel).start()
    started = time.monotonic()
    output = host.run([PY, "-c", "import time; time.sleep(30)"], timeout=30, deadline=deadline)
    assert output.cancelled and time.monotonic() - started < 1.5


def test_rooted_paths_read_a_fake_machine(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "waagent.conf").write_text("Extensions.Enabled=n\n")
    host = LocalHost(root=tmp_path)
    assert host.read_text("/etc/waagent.conf") == "Extensions.Enabled=n\n"
    assert host.exists("/etc/waagent.conf") and not host.exists("/etc/other")
    assert host.glob("/etc/*.conf") == ["/etc/waagent.conf"]
    assert host.list_dir("/etc") == ["waagent.conf"]
    with pytest.raises(FileNotFoundError):
        host.read_text("/etc/missing")


def test_read_text_handles_utf16_file(tmp_path):
    (tmp_path / "s.status").write_bytes(codecs.BOM_UTF16_LE + '[{"a": 1}]'.encode("utf-16-le"))
    assert LocalHost(root=tmp_path).read_text("/s.status") == '[{"a": 1}]'


def test_registry_is_unavailable_off_windows():
    if os.name == "nt":
        pytest.skip("Windows has a registry")
    with pytest.raises(HostUnavailable):
        LocalHost().registry_value(r"HKLM\SOFTWARE\Microsoft", "x")


# Run in a child process: what LocalHost says about its rights, and whether it can open a file
# only root may read (the kind of file the admin-only checks need).
ELEVATION_PROBE = """
import sys
from troubleshooter.checks.host import LocalHost
try:
    open(sys.argv[1], "rb").close()
    readable = True
except PermissionError:
    readable = False
print(LocalHost().is_elevated(), readable)
"""


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    import pwd  # POSIX only, as is the test

    account = pwd.getpwnam(user)
    return ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups", "--", *argv]


@pytest.mark.skipif(os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="runs the host as root and as an unprivileged user: needs root and setpriv (util-linux)")
@pytest.mark.parametrize("user, elevated", [(None, True), ("nobody", False)])
def test_local_elevation_is_the_right_to_read_what_only_root_may(user, elevated):
    folder = Path(tempfile.mkdtemp(prefix="vmbt-elevation-"))
    try:
        folder.chmod(0o711)  # anyone may reach the file; only its own mode decides who reads it
        root_only = folder / "root-only"
        root_only.write_bytes(b"x")
        root_only.chmod(0o600)
        environment = dict(os.environ, PYTHONPATH=str(REPOSITORY), PYTHONDONTWRITEBYTECODE="1")
        if user is not None and subprocess.run(_as_user(user, [PY, "-c", "pass"]), env=environment, cwd=folder,
                                               capture_output=True).returncode != 0:
            pytest.skip(f"this Python cannot be started as {user}")
        finished = subprocess.run(_as_user(user, [PY, "-c", ELEVATION_PROBE, str(root_only)]), env=environment,
                                  cwd=folder, capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(folder)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == [str(elevated), str(elevated)]


def test_fake_host_replays_commands_files_registry_and_services():
    host = FakeHost(platform="windows",
                    commands={("sc", "qc", "MSDTC"): "SERVICE_START_NAME : x",
                              "ipconfig /all": CommandOutput(("ipconfig", "/all"), 1, "", "boom")},
                    files={r"C:\Packages\Plugins\A\1.0\Status\0.status": "[]"},
                    registry={r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319": {"SchUseStrongCrypto": 1}},
                    services={"VSS": ServiceInfo("VSS", False, "stopped", "manual")})
    assert host.run(["sc", "qc", "MSDTC"]).stdout == "SERVICE_START_NAME : x"
    assert host.run(["ipconfig", "/all"]).returncode == 1
    assert host.run(["vssadmin"]).not_found
    assert host.glob(r"C:\Packages\Plugins\A\*") == ["c:/packages/plugins/a/1.0"]
    assert host.registry_subkeys(r"HKLM\SOFTWARE\Microsoft\.NETFramework") == ["v4.0.30319"]
    assert host.registry_value(r"HKLM\Software\Microsoft\.NETFramework\v4.0.30319", "schusestrongcrypto") == 1
    assert host.registry_value(r"HKLM\SOFTWARE\Nope", "x") is None
    # Windows (and Wine, which spells some names differently) ignores case in key and value names.
    assert "V4.0.30319" in host.registry_subkeys(r"HKLM\SOFTWARE\Microsoft\.NETFramework")
    values = host.registry_values(r"HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319")
    assert values["schusestrongcrypto"] == 1 and "SCHUSESTRONGCRYPTO" in values and values.get("nope") is None
    assert host.service("vss").state == "stopped" and host.service("nope") is None


def test_the_product_ships_no_test_double():
    """FakeHost is the tests' recorded machine: the installed program has no such class."""
    import re
    from pathlib import Path

    import gui
    import troubleshooter
    import troubleshooter.checks.host as host_package

    assert not hasattr(host_package, "FakeHost")
    sources = [path for package in (troubleshooter, gui) for path in Path(package.__file__).parent.rglob("*.py")]
    assert len(sources) > 50
    defining = [str(path) for path in sources
                if re.search(r"^\s*class\s+FakeHost\b", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert defining == []

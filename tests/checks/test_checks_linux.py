"""Linux checks on real state: ext4 images, an agent tree under a temporary root, real scripts and processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import LocalHost, ProcessInfo
from troubleshooter.checks.result import Status
from troubleshooter.checks.runner import applicable_check_ids, run_check

SBIN = Path("/usr/sbin")
needs_e2fsprogs = pytest.mark.skipif(not (SBIN / "mkfs.ext4").exists() or not (SBIN / "debugfs").exists(),
                                     reason="e2fsprogs not installed")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
SNAPSHOT_STATUS = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0"


def write(root: Path, path: str, text: str, mode: int | None = None) -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    if mode is not None:
        target.chmod(mode)
    return target


def fake_waagent(root: Path, output: str) -> None:
    """An executable that prints a recorded `waagent --version` answer, as the real one would."""
    write(root, "/usr/sbin/waagent", "#!/bin/sh\ncat <<'RECORDED'\n" + output + "\nRECORDED\n", 0o755)


def ext4_image(tmp_path: Path, name: str, state: str | None) -> Path:
    """A real ext4 file system in a file; `state` 0 = not clean, 3 = clean with errors (debugfs ssv)."""
    image = tmp_path / f"{name}.img"
    subprocess.run([str(SBIN / "mkfs.ext4"), "-q", "-F", str(image), "4M"], check=True, capture_output=True)
    if state is not None:
        subprocess.run([str(SBIN / "debugfs"), "-w", "-R", f"ssv state {state}", str(image)], check=True,
                       capture_output=True)
    return image


def machine_with_images(tmp_path: Path, images: dict[str, Path]) -> LocalHost:
    root = tmp_path / "root"
    lines = [f"{image} {mount} ext4 rw,relatime 0 0" for mount, image in images.items()]
    write(root, "/proc/mounts", "\n".join(["proc /proc proc rw 0 0", "tmpfs /run tmpfs rw 0 0", *lines]) + "\n")
    (root / "usr/sbin").mkdir(parents=True, exist_ok=True)
    (root / "usr/sbin/tune2fs").symlink_to(SBIN / "tune2fs")
    return LocalHost(root=root)


# -- filesystem state --------------------------------------------------------------------------

@needs_e2fsprogs
@linux_only
def test_filesystem_state_on_real_ext4_images(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("reading superblocks of image files works as any user, but the check needs root")
    clean = ext4_image(tmp_path, "clean", None)
    dirty = ext4_image(tmp_path, "dirty", "0")
    errors = ext4_image(tmp_path, "errors", "3")
    ok = run_check("linux.filesystem_state", machine_with_images(tmp_path / "a", {"/data": clean}))
    assert ok.status is Status.OK and ok.facts["devices"][str(clean)]["state"] == "clean"
    found = run_check("linux.filesystem_state", machine_with_images(tmp_path / "b", {"/data": clean, "/logs": dirty,
                                                                                     "/db": errors}))
    assert found.status is Status.PROBLEM
    assert found.facts["devices"][str(dirty)]["state"] == "not clean"
    assert found.facts["devices"][str(errors)]["state"] == "clean with errors"
    assert "/logs" in found.summary["en"] and "fsck" in found.summary["en"] and "fsck" in found.summary["ko"]
    assert "Filesystem state: not clean" in found.evidence


@linux_only
def test_filesystem_state_unreadable_device_and_nothing_mounted(tmp_path):
    garbage = tmp_path / "garbage.img"
    garbage.write_bytes(b"\0" * 65536)
    host = machine_with_images(tmp_path, {"/data": garbage})
    if not host.is_elevated():
        pytest.skip("needs root")
    unreadable = run_check("linux.filesystem_state", host)
    assert unreadable.status is Status.WARNING and str(garbage) in unreadable.summary["en"]
    empty = tmp_path / "empty"
    write(empty, "/proc/mounts", "overlay / overlay rw 0 0\n")
    assert run_check("linux.filesystem_state", LocalHost(root=empty)).status is Status.OK


def test_filesystem_state_without_root_is_skipped_not_guessed(tmp_path):
    found = run_check("linux.filesystem_state", FakeHost(elevated=False, files={"/proc/mounts": "/dev/sda1 / ext4 rw 0 0"}))
    assert found.status is Status.SKIPPED and "sudo" in found.summary["en"]


# -- the agent -------------------------------------------------------------------------------

def agent_tree(root: Path, version_output: str | None = None, conf: str = "Extensions.Enabled=y\n") -> Path:
    write(root, "/etc/os-release", 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n')
    write(root, "/etc/waagent.conf", conf)
    if version_output is not None:
        fake_waagent(root, version_output)
    (root / "var/lib/waagent").mkdir(parents=True, exist_ok=True)
    return root


def test_agent_version_from_a_real_program_with_warnings_first(tmp_path, reference):
    root = agent_tree(tmp_path, reference("linux/waagent-version.ubuntu2204-deprecationwarning.issue2836.txt"))
    found = run_check("linux.agent_version", LocalHost(root=root))
    assert found.status is Status.PROBLEM  # 2.2.46 is older than 2.2.53.1, the oldest one supported
    assert found.facts["daemon_version"] == "2.2.46" and found.facts["distribution"] == "Ubuntu 22.04.4 LTS"


@pytest.mark.parametrize("output, status", [
    ("WALinuxAgent-2.0.16 running on ubuntu 14.04\nPython: 2.7.6", Status.PROBLEM),
    ("WALinuxAgent-2.2.45 running on centos 7.7\nPython: 2.7.5\nGoal state agent: 2.11.1.4", Status.OK),
    ("Traceback (most recent call last):\nImportError: No module named azurelinuxagent", Status.ERROR),
])
def test_agent_version_states(tmp_path, output, status):
    assert run_check("linux.agent_version", LocalHost(root=agent_tree(tmp_path, output))).status is status


def test_agent_version_without_agent_is_skipped(tmp_path):
    assert run_check("linux.agent_version", LocalHost(root=tmp_path)).status is Status.SKIPPED


def test_agent_service_from_recorded_systemctl(reference, tmp_path):
    root = agent_tree(tmp_path)
    status_cmd = "systemctl status walinuxagent.service --no-pager --lines=0"
    running = FakeHost(root=root, commands={status_cmd: reference(
        "linux/systemctl-status-walinuxagent.ubuntu2204.running-with-journal.txt")})
    assert run_check("linux.agent_service", running).status is Status.OK
    stopped = FakeHost(root=root, commands={status_cmd: "○ walinuxagent.service - Azure Linux Agent\n"
                       "     Loaded: loaded (/lib/systemd/system/walinuxagent.service; enabled; vendor preset: enabled)\n"
                       "     Active: failed (Result: exit-code) since Tue 2025-09-16 13:59:47 UTC\n"})
    found = run_check("linux.agent_service", stopped)
    assert found.status is Status.PROBLEM and "failed" in found.summary["en"]


def test_agent_service_falls_back_to_processes_without_systemd(tmp_path):
    root = agent_tree(tmp_path, "WALinuxAgent-2.9.1.1 running on debian 12")
    no_systemd = "System has not been booted with systemd as init system (PID 1). Can't operate."
    commands = {f"systemctl status {name}.service --no-pager --lines=0": no_systemd
                for name in ("walinuxagent", "waagent")}
    agent = ProcessInfo(812, "python3", ("/usr/bin/python3", "-u", "/usr/sbin/waagent", "-daemon"))
    assert run_check("linux.agent_service", FakeHost(root=root, commands=commands, process_list=[agent])
                     ).status is Status.OK
    idle = run_check("linux.agent_service", FakeHost(root=root, commands=commands))
    assert idle.status is Status.PROBLEM and "/usr/sbin/waagent" in idle.summary["en"]


@linux_only
@pytest.mark.whole_machine  # another test's process named waagent would be this machine's agent
def test_agent_service_on_this_machine_is_a_true_answer():
    found = run_check("linux.agent_service", LocalHost())
    has_agent = any(Path(p).exists() for p in ("/usr/sbin/waagent", "/usr/bin/waagent"))
    if not has_agent:
        assert found.status is Status.PROBLEM and "not installed" in found.summary["en"]


@pytest.mark.parametrize("conf, status", [
    ("", Status.OK),
    ("Extensions.Enabled=y\nProvisioning.Agent=auto\n", Status.OK),
    ("Extensions.Enabled=n\n", Status.PROBLEM),
    ("Provisioning.Agent=cloud-init\r\n", Status.OK),  # Debian's, SUSE's and many RHEL images' default
])
def test_waagent_conf(tmp_path, conf, status):
    assert run_check("linux.waagent_conf", LocalHost(root=agent_tree(tmp_path, conf=conf))).status is status


def test_waagent_conf_missing_or_unreadable(tmp_path):
    assert run_check("linux.waagent_conf", LocalHost(root=tmp_path)).status is Status.SKIPPED

    class Denied(FakeHost):
        def read_text(self, path, limit=0):
            raise PermissionError(13, "Permission denied")

    assert run_check("linux.waagent_conf", Denied()).status is Status.SKIPPED


# -- extension status ----------------------------------------------------------------------------

def status_doc(status: str, message: str = "", when: str | None = None, name: str = "X") -> str:
    when = when or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return json.dumps([{"version": "1.0", "timestampUTC": when, "status": {
        "name": name, "operation": "Enable", "status": status, "code": 0,
        "formattedMessage": {"lang": "en-US", "message": message}}}])


def test_extension_status_newest_file_wins_and_wrapped_backup_status(tmp_path, reference):
    root = agent_tree(tmp_path)
    write(root, f"/var/lib/waagent/{SNAPSHOT_STATUS}/status/2.status", status_doc("error", "old failure"))
    write(root, f"/var/lib/waagent/{SNAPSHOT_STATUS}/status/10.status",
          reference("linux/extension-status.wala-testdata.vmsnapshotlinux-wrapped.status.json"))
    write(root, "/var/lib/waagent/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.33/status/0.status",
          status_doc("success"))
    found = run_check("linux.extension_status", LocalHost(root=root))
    assert found.status is Status.OK
    assert found.facts["backup_extension_status"] == "success"
    assert found.facts["extensions"][SNAPSHOT_STATUS]["file"].endswith("/10.status")


def test_extension_status_failed_stuck_and_unreadable(tmp_path):
    root = agent_tree(tmp_path)
    write(root, "/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status/3.status",
          status_doc("error", "Enable failed: exit status 127"))
    write(root, f"/var/lib/waagent/{SNAPSHOT_STATUS}/status/1.status",
          status_doc("transitioning", when="2024-01-01T00:00:00Z"))
    found = run_check("linux.extension_status", LocalHost(root=root))
    assert found.status is Status.PROBLEM
    assert set(found.facts["failed"]) == {"Microsoft.Azure.Extensions.CustomScript-2.1.10"}
    assert found.facts["stuck"] == [SNAPSHOT_STATUS]
    root2 = agent_tree(tmp_path / "two")
    write(root2, "/var/lib/waagent/A-1.0/status/0.status", "{truncated")
    assert run_check("linux.extension_status", LocalHost(root=root2)).status is Status.WARNING


def test_extension_status_without_agent_or_extensions(tmp_path):
    assert run_check("linux.extension_status", LocalHost(root=tmp_path)).status is Status.SKIPPED
    assert run_check("linux.extension_status", LocalHost(root=agent_tree(tmp_path))).status is Status.WARNING


# -- python, vmbackup.conf, SELinux, DHCP ---------------------------------------------------------

def test_extension_python_with_real_and_broken_interpreters(tmp_path):
    root = tmp_path / "root"
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/python3").symlink_to(sys.executable)
    assert run_check("linux.extension_python", LocalHost(root=root)).status is Status.OK
    broken = tmp_path / "broken"
    write(broken, "/usr/bin/python3", "#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n", 0o755)
    found = run_check("linux.extension_python", LocalHost(root=broken))
    assert found.status is Status.PROBLEM and "python3" in found.facts["broken"]
    assert run_check("linux.extension_python", LocalHost(root=tmp_path / "none")).status is Status.PROBLEM


def test_vmbackup_conf_states(tmp_path, reference):
    assert run_check("linux.vmbackup_conf", LocalHost(root=tmp_path)).status is Status.OK
    write(tmp_path, "/etc/azure/vmbackup.conf", reference("linux/vmbackup.conf.mountstoskip.msdocs.conf"))
    found = run_check("linux.vmbackup_conf", LocalHost(root=tmp_path))
    assert found.status is Status.OK and found.facts["mounts_to_skip"] == ["/mnt/resource"]
    assert "MountsToSkip=/mnt/resource" in found.summary["en"] and found.facts["freeze_timeout_seconds"] == "600"
    write(tmp_path, "/etc/azure/vmbackup.conf", "[SnapshotThread]\nfsfreeze: False\n")
    assert run_check("linux.vmbackup_conf", LocalHost(root=tmp_path)).status is Status.WARNING
    write(tmp_path, "/etc/azure/vmbackup.conf", reference("linux/vmbackup.conf.mountstoskip.msdocs-verbatim-with-cat-glitch.txt"))
    assert run_check("linux.vmbackup_conf", LocalHost(root=tmp_path)).status is Status.WARNING


def test_selinux_states(tmp_path, reference):
    assert run_check("linux.selinux", LocalHost(root=tmp_path)).status is Status.OK  # no SELinux at all
    write(tmp_path, "/sys/fs/selinux/enforce", "1")
    enforcing = run_check("linux.selinux", LocalHost(root=tmp_path))
    assert enforcing.status is Status.WARNING and "/var/lib/waagent" in enforcing.summary["en"]
    write(tmp_path, "/sys/fs/selinux/enforce", "0")
    write(tmp_path, "/etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n")
    assert run_check("linux.selinux", LocalHost(root=tmp_path)).status is Status.WARNING
    getenforce = tmp_path / "g"
    write(getenforce, "/usr/sbin/getenforce", "#!/bin/sh\necho Permissive\n", 0o755)
    assert run_check("linux.selinux", LocalHost(root=getenforce)).status is Status.OK
    garbage = tmp_path / "garbage"
    write(garbage, "/usr/sbin/getenforce", "#!/bin/sh\necho 'libselinux: oops' >&2\nexit 1\n", 0o755)
    assert run_check("linux.selinux", LocalHost(root=garbage)).status is Status.ERROR


ROUTE = ("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
         "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n")


@pytest.mark.parametrize("path, text, status", [
    ("/etc/netplan/50-cloud-init.yaml",
     "network:\n  ethernets:\n    eth0:\n      dhcp4: true\n      match: {driver: hv_netvsc}\n      set-name: eth0\n"
     "  version: 2\n", Status.OK),
    ("/etc/netplan/01-static.yaml",
     "network:\n  ethernets:\n    eth0:\n      addresses: [10.0.0.4/24]\n  version: 2\n", Status.PROBLEM),
    ("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=yes\n", Status.OK),
    ("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=static\nIPADDR=10.0.0.4\n", Status.PROBLEM),
    ("/etc/systemd/network/10-eth0.network", "[Match]\nName=eth*\n\n[Network]\nDHCP=ipv4\n", Status.OK),
    ("/etc/NetworkManager/system-connections/eth0.nmconnection",
     "[connection]\nid=eth0\ninterface-name=eth0\n\n[ipv4]\nmethod=manual\naddress1=10.0.0.4/24\n", Status.PROBLEM),
    ("/etc/network/interfaces", "auto eth0\niface eth0 inet dhcp\n", Status.OK),
    ("/var/lib/dhcp/dhclient.eth0.leases", "lease {\n  interface \"eth0\";\n}\n", Status.OK),
])
def test_linux_dhcp_sources(tmp_path, path, text, status):
    write(tmp_path, "/proc/net/route", ROUTE)
    write(tmp_path, path, text)
    found = run_check("linux.dhcp", LocalHost(root=tmp_path))
    assert found.status is status and found.facts["interface"] == "eth0"


def test_linux_dhcp_unknown_is_a_warning(tmp_path):
    write(tmp_path, "/proc/net/route", ROUTE)
    assert run_check("linux.dhcp", LocalHost(root=tmp_path)).status is Status.WARNING


# -- CPU load ------------------------------------------------------------------------------------

@pytest.mark.whole_machine  # its busy loops would push other tests past their time limits
def test_resource_load_sees_real_busy_processes():
    busy = [subprocess.Popen([sys.executable, "-c", "import time\nend = time.time() + 2.5\nwhile time.time() < end: pass"])
            for _ in range(os.cpu_count() or 1)]
    try:
        time.sleep(0.3)
        found = run_check("common.resource_load", LocalHost())
    finally:
        for process in busy:
            process.kill()
            process.wait()
    assert found.facts["cpu_percent"] > 90
    assert found.status is Status.PROBLEM and "CPU" in found.summary["en"]


@pytest.mark.parametrize("load, status", [((12.0, 40.0), Status.OK), ((95.0, 40.0), Status.PROBLEM),
                                          ((10.0, 93.5), Status.PROBLEM), ((90.0, 90.0), Status.OK)])
def test_resource_load_threshold(load, status):
    found = run_check("common.resource_load", FakeHost(load=load))
    assert found.status is status


# -- read-only audit -----------------------------------------------------------------------------

def _snapshot(root: Path) -> dict[str, tuple]:
    state = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else ""
        state[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return state


@linux_only
def test_every_linux_check_leaves_the_machine_untouched(tmp_path, reference):
    root = agent_tree(tmp_path / "root", reference("linux/waagent-version.centos77.msdocs.txt"),
                      conf="Extensions.Enabled=y\nHttpProxy.Host=127.0.0.1\nHttpProxy.Port=9\n")
    write(root, f"/var/lib/waagent/{SNAPSHOT_STATUS}/status/4.status", status_doc("error", "freeze failed"))
    write(root, "/etc/azure/vmbackup.conf", reference("linux/vmbackup.conf.mountstoskip.msdocs.conf"))
    write(root, "/etc/netplan/50-cloud-init.yaml", "network:\n  ethernets:\n    eth0:\n      dhcp4: true\n")
    write(root, "/proc/net/route", ROUTE)
    write(root, "/sys/fs/selinux/enforce", "1")
    if (SBIN / "mkfs.ext4").exists():
        image = ext4_image(tmp_path, "audited", "0")
        write(root, "/proc/mounts", f"{image} /data ext4 rw 0 0\n")
        (root / "usr/sbin/tune2fs").symlink_to(SBIN / "tune2fs")
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    (root / "usr/bin/python3").symlink_to(sys.executable)
    before = _snapshot(tmp_path)
    results = {check_id: run_check(check_id, LocalHost(root=root), no_network=True)
               for check_id in applicable_check_ids("linux")}
    assert _snapshot(tmp_path) == before
    assert all(result.status is not Status.ERROR for result in results.values()), \
        {k: v.summary["en"] for k, v in results.items() if v.status is Status.ERROR}
    assert results["linux.extension_status"].status is Status.PROBLEM


def test_extension_status_in_a_folder_we_may_not_read_is_skipped_with_sudo_advice(tmp_path):
    class RootOnly(LocalHost):
        def list_dir(self, path):
            if path == "/var/lib/waagent":
                raise PermissionError(13, "Permission denied", path)
            return super().list_dir(path)

    found = run_check("linux.extension_status", RootOnly(root=agent_tree(tmp_path)))
    assert found.status is Status.SKIPPED and "sudo" in found.summary["en"]

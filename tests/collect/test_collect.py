"""`collect` as support and an attacker would try it: big logs, planted secrets, links, a FIFO,
a small cap, a cancel, and a VM that must look exactly the same afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from tests.helpers.fake_host import FakeHost
from troubleshooter.checks.host import CommandOutput, LocalHost
from troubleshooter.collect.bundle import CollectCancelled, CollectError, CollectOptions, collect_bundle

MIB = 1024 * 1024

# Every shape of secret the checks must never show, planted where an agent really writes it.
SECRETS = {
    "root_password": "Rt-Pw-7731-plum",
    "proxy_password": "Px-9921-quince",
    "storage_key": "U3RvcmFnZUtleUZvclRlc3RzT25seQ==Zz91",
    "sas_sig": "SiGnAtUrE0123456789abcdefXYZ%3D",
    "account_key": "QWNjb3VudEtleUZvclRlc3Rz0987==",
    "client_secret": "cS~8Q~NotARealSecretButLooksLikeOne",
    "status_password": "St-Pw-4455-fig",
    "bearer": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlcGFydA",
    "pem_body": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
    "ovf_password": "Ovf-Pw-1212-lime",
    "cert_private": "CertPrivateKeyMaterial0001",
    "linked_secret": "Linked-Secret-8080",
}


def _write(root: Path, path: str, data: bytes | str, mtime: float | None = None) -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode() if isinstance(data, str) else data)
    if mtime is not None:
        os.utime(target, (mtime - 3600, mtime))
    return target


def _log_lines(prefix: str, size: int) -> str:
    line = f"2026-11-30T10:00:00.000000Z INFO {prefix} ExtHandler routine message padding to a realistic width\n"
    return line * (size // len(line))


@pytest.fixture
def linux_vm(tmp_path):
    """A fake root shaped like an Azure Linux VM whose backup fails, with secrets planted."""
    root = tmp_path / "vm"
    s = SECRETS
    # The agent log: secrets both in its oldest part (cut away) and its newest part (kept).
    _write(root, "/var/log/waagent.log",
           f"early line with https://user:{s['proxy_password']}@proxy.example:3128 in it\n"
           + _log_lines("old", 3 * MIB)
           + f"2026-11-30 ERROR snapshot failed; Authorization: Bearer {s['bearer']}\n"
           + f"2026-11-30 INFO blob https://acct.blob.core.windows.net/c/d?sv=2020&sig={s['sas_sig']}&se=x\n"
           + "LAST LINE OF WAAGENT LOG\n")
    # A rotated, compressed agent log.
    import gzip

    _write(root, "/var/log/waagent.log.1.gz",
           gzip.compress((_log_lines("rotated", 200_000) + f"password={s['proxy_password']}\nROTATED END\n").encode()))
    ext_log = "/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log"
    # A PEM key whose BEGIN line falls in the part the cap cuts away.
    _write(root, ext_log,
           _log_lines("ext", 2 * MIB) + "-----BEGIN PRIVATE KEY-----\n" + (s["pem_body"] + "\n") * 3000
           + "-----END PRIVATE KEY-----\n"
           + f"DefaultEndpointsProtocol=https;AccountName=a;AccountKey={s['account_key']};EndpointSuffix=x\n"
           + "LAST LINE OF EXTENSION LOG\n")
    _write(root, "/var/lib/waagent/ExtensionsConfig.3.xml",
           "<Extensions><Plugin name='VMSnapshotLinux'/>"
           f"<StatusUploadBlob>https://st.blob.core.windows.net/s?sig={s['sas_sig']}</StatusUploadBlob>"
           '<RuntimeSettings>{"runtimeSettings":[{"handlerSettings":{"protectedSettings":"'
           f'{s["client_secret"]}", "client_secret": "{s["client_secret"]}"' '}}]}</RuntimeSettings></Extensions>')
    _write(root, "/var/lib/waagent/ovf-env.xml", f"<UserPassword>{s['ovf_password']}</UserPassword>")
    _write(root, "/var/lib/waagent/Certificates.xml", f"<Data>{s['cert_private']}</Data>")
    _write(root, "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/0.status",
           json.dumps([{"status": {"formattedMessage": {"message": f"password: {s['status_password']}"},
                                   "substatus": [{"name": "password", "value": s["status_password"]}]}}]))
    _write(root, "/etc/waagent.conf",
           f"Provisioning.Agent=auto\nProvisioning.RootPassword={s['root_password']}\n"
           f"HttpProxy.Host=proxy.example\nHttpProxy.Url=http://svc:{s['proxy_password']}@proxy.example:3128\n"
           f"StorageAccountKey={s['storage_key']}\n")
    _write(root, "/etc/azure/vmbackup.conf", f"[SnapshotThread]\nfsfreeze: True\npassword = {s['root_password']}\n")
    # A link out of the log folder, to a file that must never be read, and a FIFO that must not hang.
    outside = _write(tmp_path, "/outside/shadow", f"root:{s['linked_secret']}:19000::::::\n")
    os.symlink(outside, root / "var/log/azure/shadow.log")
    os.mkfifo(root / "var/log/azure/pipe.log")
    # An old log, outside --since.
    _write(root, "/var/log/azure/old/old.log", "OLD LOG\n", mtime=1_600_000_000)
    return root


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under the root with what `collect` must not change."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = os.lstat(path)
            seen[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_atime_ns)
    return seen


def _collect(root: Path, out: Path, **options) -> tuple:
    host = LocalHost(root=root, platform="linux")
    result = collect_bundle(CollectOptions(out=out, no_network=True, **options), host)
    with zipfile.ZipFile(out) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    return result, members


def test_the_zip_stays_under_its_cap_and_keeps_each_logs_newest_part(linux_vm, tmp_path):
    out = tmp_path / "support.zip"
    result, members = _collect(linux_vm, out, max_mb=1)
    assert out.stat().st_size <= 1 * MIB
    waagent = members["files/var/log/waagent.log"].decode()
    assert waagent.rstrip().endswith("LAST LINE OF WAAGENT LOG") and "early line" not in waagent
    assert waagent.startswith("[... ") and "older bytes left out" in waagent.splitlines()[0]
    extension = members["files/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log"].decode()
    assert extension.rstrip().endswith("LAST LINE OF EXTENSION LOG")
    assert "ROTATED END" in members["files/var/log/waagent.log.1"].decode()  # decompressed, newest part
    by_source = {entry.source: entry for entry in result.entries}
    assert by_source["/var/log/waagent.log"].cut_bytes > 2 * MIB


def test_no_secret_leaves_the_vm_in_any_shape(linux_vm, tmp_path):
    for cap in (1, 25):  # cut and uncut: a secret must not survive either way
        out = tmp_path / f"support-{cap}.zip"
        _, members = _collect(linux_vm, out, max_mb=cap)
        everything = b"\n".join(members.values()).decode("utf-8", "replace")
        leaked = {name: [member for member, data in members.items() if secret.encode() in data]
                  for name, secret in SECRETS.items() if secret in everything}
        assert not leaked, f"secrets in the zip (max {cap} MB): {leaked}"


def test_the_manifest_tells_the_truth_about_every_file(linux_vm, tmp_path):
    out = tmp_path / "support.zip"
    result, members = _collect(linux_vm, out, max_mb=2)
    manifest = json.loads(members["manifest.json"])
    files = {entry["source"]: entry for entry in manifest["files"]}
    for entry in manifest["files"]:
        if entry["skipped"] is None:
            data = members[entry["name"]]
            assert entry["bytes_included"] == len(data)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    conf = files["/etc/waagent.conf"]
    assert conf["original_size"] == (linux_vm / "etc/waagent.conf").stat().st_size
    assert conf["redactions"] >= 3
    assert files["/var/log/waagent.log"]["original_size"] == (linux_vm / "var/log/waagent.log").stat().st_size
    assert "password" in files["/var/lib/waagent/ovf-env.xml"]["skipped"]
    assert "private key" in files["/var/lib/waagent/Certificates.xml"]["skipped"]
    assert "link" in files["/var/log/azure/shadow.log"]["skipped"]
    assert "regular file" in files["/var/log/azure/pipe.log"]["skipped"]
    assert "--since" in files["/var/log/azure/old/old.log"]["skipped"]
    assert not any(name.startswith("files/var/lib/waagent/ovf-env") for name in members)
    assert {"checks.json", "system.json", "manifest.json"} <= set(members)
    assert set(manifest["files"][0]) >= {"source", "name", "original_size", "bytes_included", "sha256",
                                         "redactions", "skipped"}


def test_nothing_on_the_vm_changes(linux_vm, tmp_path):
    # Reading moves an access time that is older than the modification time (relatime); the logs
    # that collect reads itself keep theirs, since it opens them without touching it.
    for folder, _, files in os.walk(linux_vm):
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink() and stat.S_ISREG(path.lstat().st_mode):
                info = path.stat()
                os.utime(path, ns=(info.st_mtime_ns - 10**12, info.st_mtime_ns))
    before = _snapshot(linux_vm)
    _collect(linux_vm, tmp_path / "support.zip", max_mb=1)
    after = _snapshot(linux_vm)
    assert {k: v[:3] for k, v in after.items()} == {k: v[:3] for k, v in before.items()}
    if os.geteuid() == 0:  # O_NOATIME needs the file's owner or root
        logs = [k for k in before if k.endswith(".log") and stat.S_ISREG(before[k][0])]
        assert len(logs) >= 2 and {k: after[k] for k in logs} == {k: before[k] for k in logs}


def test_cancel_writes_nothing(linux_vm, tmp_path):
    out = tmp_path / "out" / "support.zip"
    out.parent.mkdir()
    cancel = threading.Event()
    seen = []

    def progress(done, total, what):
        seen.append(what)
        if done >= 2:
            cancel.set()

    with pytest.raises(CollectCancelled):
        collect_bundle(CollectOptions(out=out, no_network=True), LocalHost(root=linux_vm, platform="linux"),
                       progress=progress, cancel_event=cancel)
    assert len(seen) >= 2 and list(out.parent.iterdir()) == []


def test_an_existing_zip_is_kept_unless_overwrite(linux_vm, tmp_path):
    out = tmp_path / "support.zip"
    out.write_bytes(b"keep me")
    with pytest.raises(CollectError, match="already exists"):
        collect_bundle(CollectOptions(out=out, no_network=True), LocalHost(root=linux_vm, platform="linux"))
    assert out.read_bytes() == b"keep me"


def test_hide_identifiers_masks_the_host_name_and_addresses(linux_vm, tmp_path):
    import socket

    _write(linux_vm, "/var/log/azure/net.log", f"host {socket.gethostname()} got 10.1.2.3 from DHCP\n")
    _, members = _collect(linux_vm, tmp_path / "hidden.zip", hide_identifiers=True)
    text = members["files/var/log/azure/net.log"].decode()
    assert "10.1.2.3" not in text and "[hidden]" in text
    assert socket.gethostname() not in members["system.json"].decode()


def test_windows_logs_status_files_and_events(tmp_path):
    root = tmp_path / "win"
    _write(root, "/C/WindowsAzure/Logs/WaAppAgent.log", "[00000006] 2026-11-30 WaAppAgent started\n")
    _write(root, "/C/WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.0.0/IaaSBcdrExtension1.log",
           f"snapshot failed sig={SECRETS['sas_sig']}\n")
    _write(root, "/C/Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.0.0/Status/0.status",
           '[{"status": {"status": "error"}}]')
    events = ("Event[0]:\n  Log Name: Application\n  Source: VSS\n  Date: 2026-11-30T10:00:00\n"
              "  Description: newest VSS error\n\n"
              "Event[1]:\n  Log Name: Application\n  Source: COM+\n  Date: 2026-11-29T10:00:00\n"
              "  Description: older COM+ warning\n")
    from troubleshooter.collect.bundle import _wevtutil_argv
    from troubleshooter.collect.sources import WINDOWS_EVENTS

    commands = {tuple(_wevtutil_argv(WINDOWS_EVENTS[0], 7)): CommandOutput(("wevtutil",), 0, events),
                tuple(_wevtutil_argv(WINDOWS_EVENTS[1], 7)): CommandOutput(("wevtutil",), 0, "No events were found.")}
    host = FakeHost(platform="windows", root=root, commands=commands)
    out = tmp_path / "win.zip"
    result = collect_bundle(CollectOptions(out=out, no_network=True), host)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        application = archive.read("events/Application.txt").decode()
        plugin = archive.read("files/C/WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/"
                              "1.0.0.0/IaaSBcdrExtension1.log").decode()
    assert "files/C/WindowsAzure/Logs/WaAppAgent.log" in names
    assert "files/C/Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.0.0/Status/0.status" in names
    # Oldest first, so the cap (which keeps the tail) keeps the newest events.
    assert application.index("older COM+") < application.index("newest VSS")
    assert SECRETS["sas_sig"] not in plugin
    skipped = {entry.name: entry.skipped for entry in result.skipped}
    assert skipped["events/System.txt"] == "nothing to collect"
    query = _wevtutil_argv(WINDOWS_EVENTS[0], 7)
    assert query[:3] == ["wevtutil", "qe", "Application"] and "Provider[@Name='VSS']" in query[3]
    assert "timediff(@SystemTime) <= 604800000" in query[3]

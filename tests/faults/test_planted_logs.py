"""`collect` on the real log folders with attacks planted in them (a private mount namespace as
root): linked folders anywhere on the path, hard links, files of another owner, names that are
not UTF-8 or hold terminal escapes and newlines, and compressed logs that inflate without end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.private_mounts import NEEDS_PRIVATE_MOUNTS, run_planted

SENTINEL = "SENTINEL-ONLY-ROOT-MAY-READ-7731"
EXTENSION = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
ESCAPE_NAME = "esc\x1b]0;PWNED-TITLE\x07\x1b[2J.log"
NEWLINE_NAME = "two\nlines.log"
BAD_NAME = b"bad\xff\xfe.log"


def _secret(path: str, **extra) -> dict:
    return {"path": path, "text": f"root:{SENTINEL}:19000:0:99999:7:::\n", "mode": 0o600, **extra}


def _collect(tmp_path: Path, plan: dict, *options: str) -> tuple[subprocess.CompletedProcess, dict[str, bytes], dict]:
    out = tmp_path / "out.zip"
    done = run_planted(plan, [sys.executable, "-m", "troubleshooter", "collect", "--no-network", "--max-mb", "5",
                              "--out", str(out), *options], env=_environment(tmp_path))
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    with zipfile.ZipFile(out) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    return done, members, manifest


def _environment(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, VMBT_DATA_DIR=str(tmp_path / "data"))


def _leaks(members: dict[str, bytes]) -> list[str]:
    return [name for name, data in members.items() if SENTINEL.encode() in data or b"root:" in data
            and b"shadow" in name.encode()]


@pytest.fixture(scope="module")
def linked_folders(tmp_path_factory):
    """The log folder a link to /etc; an extension folder and a folder inside the log tree linked elsewhere."""
    tmp_path = tmp_path_factory.mktemp("linked")
    plan = {"tmpfs": ["/var/log", "/var/lib"], "plant": [
        {"path": "/var/log/azure", "link": "/etc"},
        {"path": "/var/log/waagent.log", "text": "2026-12-01 INFO the agent's own log\n"},
        _secret(f"/var/lib/private/ext/status/0.status"),
        _secret("/var/lib/private/ext/HandlerEnvironment.json"),
        {"path": f"/var/lib/waagent/{EXTENSION}-1.0.9225.0", "link": "/var/lib/private/ext"},
        {"path": "/var/lib/waagent/GoalState.1.xml", "text": "<GoalState/>"}]}
    return _collect(tmp_path, plan)


@pytest.fixture(scope="module")
def planted_files(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("planted")
    plan = {"tmpfs": ["/var/log", "/var/lib"], "plant": [
        _secret("/var/log/private/shadow"),
        {"path": f"/var/log/azure/{EXTENSION}/extension.log", "text": "2026-12-01 INFO snapshot started\n"},
        {"path": f"/var/log/azure/{EXTENSION}/shadow.log", "hardlink": "/var/log/private/shadow"},
        _secret(f"/var/log/azure/{EXTENSION}/planted.log", uid=4321),
        _secret("/var/lib/private/agent/ExtensionsConfig.1.xml"),
        {"path": "/var/lib/waagent", "link": "/var/lib/private/agent"},
        _secret("/var/lib/private/deep/handler.log"),
        {"path": f"/var/log/azure/{EXTENSION}/deep", "link": "/var/lib/private/deep"},
        {"path_hex": (f"/var/log/azure/{EXTENSION}/".encode() + BAD_NAME).hex(), "text": "KEPT-DESPITE-ITS-NAME\n"},
        {"path": f"/var/log/azure/{EXTENSION}/{NEWLINE_NAME}", "text": "NEWLINE-NAME-BODY\n"},
        {"path": f"/var/log/azure/{EXTENSION}/{ESCAPE_NAME}", "fifo": True}]}
    return _collect(tmp_path, plan)


@NEEDS_PRIVATE_MOUNTS
def test_a_linked_log_folder_is_not_followed(linked_folders):
    done, members, manifest = linked_folders
    assert not [name for name in members if name.startswith("files/var/log/azure/")]
    assert not _leaks(members)
    azure = [entry for entry in manifest["files"] if entry["source"].startswith("/var/log/azure")]
    assert azure and all("link" in (entry["skipped"] or "") for entry in azure), azure
    assert "files/var/log/waagent.log" in members  # the rest is still collected


@NEEDS_PRIVATE_MOUNTS
def test_a_linked_extension_folder_is_not_followed(linked_folders):
    _, members, manifest = linked_folders
    assert not [name for name in members if EXTENSION in name]
    linked = [entry for entry in manifest["files"] if EXTENSION + "-1.0" in entry["source"]]
    assert linked and all("link" in entry["skipped"] for entry in linked), linked
    assert "files/var/lib/waagent/GoalState.1.xml" in members


@NEEDS_PRIVATE_MOUNTS
def test_a_linked_folder_anywhere_on_the_path_is_not_followed(planted_files):
    _, members, manifest = planted_files
    assert not _leaks(members), _leaks(members)
    assert not [name for name in members if name.startswith("files/var/lib/waagent/")]
    assert not [name for name in members if "/deep/" in name]


@NEEDS_PRIVATE_MOUNTS
def test_a_hard_link_and_a_file_of_another_owner_are_left_out(planted_files):
    _, members, manifest = planted_files
    files = {entry["source"]: entry for entry in manifest["files"]}
    assert "hard link" in files[f"/var/log/azure/{EXTENSION}/shadow.log"]["skipped"]
    assert "owned by" in files[f"/var/log/azure/{EXTENSION}/planted.log"]["skipped"]
    assert f"files/var/log/azure/{EXTENSION}/extension.log" in members


@NEEDS_PRIVATE_MOUNTS
def test_a_name_that_is_not_utf8_is_kept_under_an_escaped_name(planted_files):
    _, members, manifest = planted_files
    kept = [entry for entry in manifest["files"]
            if entry.get("raw_path_hex") and bytes.fromhex(entry["raw_path_hex"]).endswith(BAD_NAME)]
    assert len(kept) == 1
    assert kept[0]["skipped"] is None and kept[0]["name"].endswith("bad\\xff\\xfe.log")
    assert members[kept[0]["name"]] == b"KEPT-DESPITE-ITS-NAME\n"


@NEEDS_PRIVATE_MOUNTS
def test_no_escape_or_newline_reaches_the_terminal_or_a_zip_entry_name(planted_files):
    done, members, _ = planted_files
    printed = done.stdout + done.stderr
    assert b"\x1b" not in printed and b"\x07" not in printed
    assert b"esc\\x1b]0;PWNED-TITLE\\x07" in done.stdout  # named, escaped
    assert not [name for name in members if any(ord(c) < 32 or ord(c) == 127 for c in name)]
    assert any(data == b"NEWLINE-NAME-BODY\n" for data in members.values())


@NEEDS_PRIVATE_MOUNTS
def test_compressed_logs_stop_at_the_unpack_budget_and_the_manifest_names_what_was_cut(tmp_path):
    plan = {"tmpfs": ["/var/log", "/var/lib"], "plant": [
        {"path": f"/var/log/waagent.log.{number}.gz", "gzip_zeros": 64 << 20} for number in (1, 2, 3)]}
    _, members, manifest = _collect(tmp_path, plan, "--max-unpack-mb", "100")
    files = {entry["source"]: entry for entry in manifest["files"]}
    cut = [source for source, entry in files.items() if "--max-unpack-mb" in (entry["skipped"] or "")]
    assert len(cut) == 2, files
    assert manifest["budget"]["unpack_mb"] == 100 and sorted(manifest["budget"]["cut"]) == sorted(cut)
    assert sum(1 for name in members if name.startswith("files/var/log/waagent.log.")) == 1


def test_reading_stops_at_the_time_budget_and_the_manifest_names_what_was_cut(tmp_path):
    from troubleshooter.checks.host import LocalHost
    from troubleshooter.collect.bundle import CollectOptions, collect_bundle

    root = tmp_path / "vm"
    (root / "var/log").mkdir(parents=True)
    (root / "var/log/waagent.log").write_text("2026-12-01 INFO agent\n")
    result = collect_bundle(CollectOptions(out=tmp_path / "o.zip", no_network=True, max_read_seconds=0),
                            LocalHost(root=root, platform="linux"))
    with zipfile.ZipFile(tmp_path / "o.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    entry = next(entry for entry in manifest["files"] if entry["source"] == "/var/log/waagent.log")
    assert "--max-read-seconds" in entry["skipped"] and "/var/log/waagent.log" in manifest["budget"]["cut"]
    assert "--max-read-seconds" in next(e.skipped for e in result.skipped if e.source == "/var/log/waagent.log")

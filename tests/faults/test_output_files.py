"""Where `run --pdf/--json/--text` and the window's Save write: only regular files or new names,
through a temporary file and a rename, keeping the mode of a file they replace."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_FLOWS
from tests.helpers.filesystems import IS_ROOT, NEEDS_ROOT, tmpfs
from troubleshooter.cli import main
from troubleshooter.report.save import ReportSaveError, save_report_file

POSIX = pytest.mark.skipif(os.name != "posix", reason="device nodes, FIFOs, sockets and modes are POSIX")
ANSWERS = ["--answer", "what-do-you-see=vss", "--answer", "ask-vss=yes"]


@pytest.fixture(autouse=True)
def _example_flows(monkeypatch, example_check_outcome):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_FLOWS))


def _run(capsys, *outputs: str) -> tuple[int, str, str]:
    code = main(["run", "--flow", "example", "--no-checks", *ANSWERS, *outputs])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "chardev":
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    return path


SPECIAL_WORDS = {"fifo": "is a FIFO (named pipe)", "socket": "is a socket", "chardev": "is a character device"}


@POSIX
@pytest.mark.parametrize("kind", ["fifo", "socket",
                                  pytest.param("chardev", marks=NEEDS_ROOT)])
def test_force_never_writes_into_a_device_fifo_or_socket(tmp_path, capsys, kind):
    target = _special(tmp_path, kind)
    before = os.lstat(target)

    code, out, err = _run(capsys, "--text", str(target), "--force")

    after = os.lstat(target)
    assert code == 2
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    assert f"{target} {SPECIAL_WORDS[kind]}, not a regular file" in err
    assert "Wrote" not in out


@POSIX
def test_the_window_save_refuses_a_fifo_at_once(tmp_path):
    target = _special(tmp_path, "fifo")

    with pytest.raises(ReportSaveError, match="is a FIFO"):
        save_report_file(target, b"report", overwrite=True)

    assert stat.S_ISFIFO(os.lstat(target).st_mode)


@POSIX
def test_a_symlinked_target_is_refused_and_the_file_behind_it_untouched(tmp_path, capsys):
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(victim)

    code, _out, err = _run(capsys, "--text", str(link), "--force")

    assert code == 2
    assert f"{link} is a symbolic link" in err
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "precious"


@POSIX
def test_force_replaces_a_read_only_file_and_keeps_its_mode(tmp_path, capsys):
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)

    code, out, _err = _run(capsys, "--text", str(target), "--force")

    assert code == 0 and f"Wrote {target}" in out
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o444
    assert "Restart the VSS writers" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


@POSIX
def test_a_new_report_gets_ordinary_permissions(tmp_path, capsys):
    umask = os.umask(0o022)
    try:
        code, _out, _err = _run(capsys, "--json", str(tmp_path / "new.json"))
    finally:
        os.umask(umask)
    assert code == 0 and stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_folder_as_the_output_path_gets_one_clear_message(tmp_path, capsys, force):
    folder = tmp_path / "reports"
    folder.mkdir()

    code, _out, err = _run(capsys, "--pdf", str(folder), *force)

    assert code == 2
    assert err.strip() == f"{folder} is a folder; name a file in it for the report"


def test_a_missing_chain_of_parent_folders_is_refused_and_nothing_is_created(tmp_path, capsys):
    target = tmp_path / "a" / "b" / "c" / "report.txt"

    code, _out, err = _run(capsys, "--text", str(target))

    assert code == 2
    assert f"the folder {tmp_path / 'a' / 'b' / 'c'} does not exist; create it first" in err
    assert not (tmp_path / "a").exists()


def test_dash_means_standard_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    code, out, err = _run(capsys, "--text", "-")

    assert code == 0
    assert "Restart the VSS writers" in out and not (tmp_path / "-").exists()
    assert "1. [choice]" in err  # the walk itself goes to stderr, so stdout is only the report


@NEEDS_ROOT
def test_a_read_only_file_system_is_named_as_such(tmp_path, capsys):
    with tmpfs(tmp_path / "ro", read_only=True) as mount:
        code, _out, err = _run(capsys, "--text", str(mount / "sessions" / "report.txt"))

    assert code == 1
    assert "is on a read-only file system" in err and "may not write" not in err


@pytest.mark.skipif(os.name != "posix", reason="an unwritable folder as POSIX makes it")
def test_when_the_json_fails_the_text_is_still_written_and_each_file_is_accounted_for(tmp_path, capsys):
    pdf, text = tmp_path / "r.pdf", tmp_path / "r.txt"
    if IS_ROOT:
        mount_cm = tmpfs(tmp_path / "ro", read_only=True)
        json_folder = mount_cm.__enter__() / "sessions"
    else:
        json_folder = tmp_path / "locked"
        json_folder.mkdir()
        json_folder.chmod(0o500)
        mount_cm = None
    try:
        code, out, err = _run(capsys, "--pdf", str(pdf), "--json", str(json_folder / "r.json"), "--text", str(text))
    finally:
        if mount_cm is not None:
            mount_cm.__exit__(None, None, None)

    assert code == 1
    assert pdf.read_bytes().startswith(b"%PDF") and "Restart the VSS writers" in text.read_text(encoding="utf-8")
    assert f"Wrote {pdf}" in out and f"Wrote {text}" in out
    assert f"The JSON report {json_folder / 'r.json'} was not saved: " in err
    assert f"Written: {pdf}, {text}. Not written: {json_folder / 'r.json'}." in err

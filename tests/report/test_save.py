"""Saving never leaves half a file, never overwrites unasked, and says plainly what went wrong."""

import errno
import os

import pytest

from troubleshooter.report import ReportSaveError, build_report, save_report_file, write_pdf


def test_saves_and_refuses_to_overwrite_unless_asked(tmp_path):
    target = tmp_path / "report.txt"
    save_report_file(target, b"first", overwrite=False)
    with pytest.raises(ReportSaveError, match="already exists"):
        save_report_file(target, b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    save_report_file(target, b"second", overwrite=True)
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["report.txt"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
def test_a_saved_report_is_an_ordinary_file(tmp_path):
    target = save_report_file(tmp_path / "report.txt", b"x", overwrite=False)
    mode = target.stat().st_mode & 0o777
    assert mode & 0o044  # readable by others per the umask, unlike the private temporary file


def test_a_full_disk_gives_a_clear_message_and_no_partial_file(tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ReportSaveError, match="full"):
        save_report_file(tmp_path / "report.pdf", b"%PDF" * 1000, overwrite=False)
    assert os.listdir(tmp_path) == []


def test_an_unwritable_folder_gives_a_clear_message(tmp_path, monkeypatch):
    import tempfile

    real_open = os.open

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    def open_denying_creation(path, flags, *args, **kwargs):  # as root, a folder's mode would not stop us
        if flags & os.O_CREAT:
            denied()
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    monkeypatch.setattr(os, "open", open_denying_creation)
    with pytest.raises(ReportSaveError, match="may not write to"):
        save_report_file(tmp_path / "report.pdf", b"x", overwrite=False)
    assert os.listdir(tmp_path) == []


def test_a_folder_is_not_a_file_name(tmp_path):
    with pytest.raises(ReportSaveError, match="is a folder"):
        save_report_file(tmp_path, b"x", overwrite=True)


def test_write_pdf_keeps_an_existing_file(vss_session, tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"keep me")
    with pytest.raises(ReportSaveError):
        write_pdf(build_report(vss_session), target)
    assert target.read_bytes() == b"keep me"
    write_pdf(build_report(vss_session), target, overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")

"""Every output path (collect --out, run --pdf/--json/--text, summarize --csv/--html) refuses a
folder on its path that is a link another account could have placed, and never writes through a
link, even with --force; a link of root's or the person's own is still followed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_FLOWS
from tests.helpers.private_mounts import NEEDS_PRIVATE_MOUNTS, run_planted
from troubleshooter.cli import main
from troubleshooter.report.save import ReportSaveError, save_report_file

NEEDS_ROOT = pytest.mark.skipif(not (hasattr(os, "geteuid") and os.geteuid() == 0),
                                reason="a link owned by another account is made with lchown, as root")
OTHER_USER = 4321
ANSWERS = ["--answer", "what-do-you-see=vss", "--answer", "ask-vss=yes"]


def _planted_link(tmp_path: Path, owner: int) -> tuple[Path, Path]:
    """`tmp_path/x` a link to a folder standing in for /etc, owned by `owner`."""
    protected = tmp_path / "etc"
    protected.mkdir()
    (protected / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "x"
    link.symlink_to(protected)
    os.lchown(link, owner, owner)
    return link, protected


@NEEDS_ROOT
@pytest.mark.parametrize("name,force", [("planted.zip", False), ("passwd", True)])
def test_saving_refuses_a_linked_folder_another_account_placed(tmp_path, name, force):
    link, protected = _planted_link(tmp_path, OTHER_USER)
    with pytest.raises(ReportSaveError, match="link"):
        save_report_file(link / name, b"PK zip bytes", overwrite=force)
    assert sorted(path.name for path in protected.iterdir()) == ["passwd"]
    assert (protected / "passwd").read_text(encoding="utf-8").startswith("root:x:0:0")


@NEEDS_ROOT
def test_a_linked_folder_deeper_in_the_path_or_behind_a_trusted_link_is_refused(tmp_path):
    link, protected = _planted_link(tmp_path, OTHER_USER)
    (tmp_path / "mine").symlink_to(tmp_path)  # root's own link, leading to the planted one
    for path in (tmp_path / "mine" / "x" / "passwd", link / "." / "passwd"):
        with pytest.raises(ReportSaveError, match=f"user id {OTHER_USER}"):
            save_report_file(path, b"x", overwrite=True)
    assert (protected / "passwd").read_text(encoding="utf-8").startswith("root:x:0:0")


def test_a_link_of_ones_own_is_followed(tmp_path):
    link, protected = _planted_link(tmp_path, os.geteuid() if hasattr(os, "geteuid") else 0)
    save_report_file(link / "report.txt", b"report", overwrite=False)
    assert (protected / "report.txt").read_bytes() == b"report"


@NEEDS_ROOT
def test_run_and_summarize_refuse_the_linked_folder(tmp_path, capsys, monkeypatch, example_check_outcome):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_FLOWS))
    link, protected = _planted_link(tmp_path, OTHER_USER)
    for option in ("--pdf", "--json", "--text"):
        code = main(["run", "--flow", "example", "--no-checks", *ANSWERS, option, str(link / "passwd"), "--force"])
        assert code != 0, option
    checks = tmp_path / "vm1.json"
    checks.write_text(json.dumps({"host": {"name": "vm1"}, "results": [
        {"id": "linux.agent_service", "status": "ok", "summary": {"en": "fine"}}]}), encoding="utf-8")
    for option in ("--csv", "--html"):
        code = main(["summarize", str(checks), option, str(link / "passwd"), "--force"])
        assert code != 0, option
    assert "link" in capsys.readouterr().err
    assert sorted(path.name for path in protected.iterdir()) == ["passwd"]
    assert (protected / "passwd").read_text(encoding="utf-8").startswith("root:x:0:0")


@NEEDS_PRIVATE_MOUNTS
@pytest.mark.parametrize("name,force", [("planted.zip", False), ("passwd", True)])
def test_collect_never_writes_into_etc_through_a_planted_link(tmp_path, name, force):
    """The attack as found: /tmp/x a link to /etc placed by another account (here in a private
    mount namespace whose /etc is a copy and whose /tmp is fresh)."""
    etc_copy = tmp_path / "etc-copy"
    plan = {"tmpfs": ["/tmp"], "copy_bind": [["/etc", str(etc_copy)]], "plant": [
        {"path": "/tmp/x", "link": "/etc", "uid": OTHER_USER}]}
    check = ("import os, sys; names = sorted(os.listdir('/etc')); "
             "sys.exit(0 if 'planted.zip' not in names and open('/etc/passwd').read().startswith('root:') else 9)")
    command = [sys.executable, "-m", "troubleshooter", "collect", "--no-network", "--max-mb", "1",
               "--out", f"/tmp/x/{name}", *(["--force"] if force else [])]
    done = run_planted(plan, ["sh", "-c", '"$@"; code=$?; "$0" -c "$CHECK" || exit 99; exit $code',
                              sys.executable, *command],
                       env=dict(os.environ, CHECK=check, VMBT_DATA_DIR="/tmp/data"))
    assert done.returncode == 1, done.stderr.decode(errors="replace")[-2000:]
    assert b"link" in done.stderr

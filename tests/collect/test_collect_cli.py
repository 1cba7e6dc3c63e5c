"""`collect` and `summarize` from the command line, as a fleet script runs them."""

from __future__ import annotations

import json
import zipfile

from troubleshooter.cli import main
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.flows.store import SessionStore


def _saved_walk() -> Session:
    flows = load_checked_flows()
    session = Session(flows, "backup-failing", lang="en", platform="linux")
    SessionStore().save(session)
    return session


def test_collect_includes_the_newest_walks_report(tmp_path, capsys):
    session = _saved_walk()
    out = tmp_path / "ticket.zip"
    assert main(["collect", "--no-network", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"Wrote {out}" in said and "manifest.json" in said
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        report = json.loads(archive.read("report/report.json"))
        checks = json.loads(archive.read("checks.json"))
    assert {"report/report.json", "report/report.txt", "report/report.pdf", "checks.json", "system.json",
            "manifest.json"} <= names
    assert report["session"]["id"] == session.id
    assert checks["format"] == "vmbt-checks/1" and checks["results"]


def test_collect_without_a_walk_says_so_in_the_manifest(tmp_path, capsys):
    out = tmp_path / "ticket.zip"
    assert main(["collect", "--no-network", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert any(entry["source"] == "the walk's report" and "no walk" in entry["skipped"]
               for entry in manifest["files"])


def test_collect_refuses_to_overwrite_and_a_walk_that_does_not_exist(tmp_path, capsys):
    out = tmp_path / "ticket.zip"
    out.write_bytes(b"earlier")
    assert main(["collect", "--no-network", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == b"earlier"
    assert main(["collect", "--no-network", "--out", str(tmp_path / "b.zip"), "--session", "no-such-walk"]) == 2
    assert "no-such-walk" in capsys.readouterr().err
    assert main(["collect", "--max-mb", "0", "--out", str(tmp_path / "c.zip")]) == 2

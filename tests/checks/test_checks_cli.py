"""The `checks` command as a person runs it: a table or JSON, exit codes, --only and --no-network."""

from __future__ import annotations

import json
import socket

from troubleshooter.cli import main
from troubleshooter.checks.registry import all_checks


def test_json_lists_every_check_with_title(capsys):
    assert main(["checks", "--json", "--no-network"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "vmbt-checks/1"
    assert document["host"]["name"] == socket.gethostname() and document["host"]["platform"] == "linux"
    assert document["vm"] == {}  # the metadata service was not asked, so the VM is unknown
    results = document["results"]
    assert {r["check_id"] for r in results} == set(all_checks())
    for result in results:
        assert result["title"]["en"] and result["title"]["ko"]
        assert result["status"] in ("ok", "problem", "warning", "skipped", "error")
        assert result["summary"]["en"] and result["summary"]["ko"]
    by_id = {r["check_id"]: r for r in results}
    assert by_id["common.metadata"]["status"] == "skipped" and by_id["common.dns"]["facts"]["reason"] == "no_network"


def test_only_runs_the_named_checks_in_a_table(capsys):
    assert main(["checks", "--only", "common.proxy", "linux.selinux"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Status", "Check"]
    assert any("common.proxy" in line for line in lines) and any("linux.selinux" in line for line in lines)
    assert "2 check(s)" in out


def test_korean_table(capsys):
    assert main(["--lang", "ko", "checks", "--only", "common.proxy"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("상태") and "검사 1개" in out


def test_unknown_id_is_a_usage_error(capsys):
    assert main(["checks", "--only", "common.proxy", "no.such"]) == 2
    assert "no.such" in capsys.readouterr().err


def test_findings_do_not_change_the_exit_code(capsys):
    # The loopback endpoints point at a closed port: reachability is a problem, the exit code stays 0.
    assert main(["checks", "--json", "--only", "common.storage_reachability"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["status"] == "problem"

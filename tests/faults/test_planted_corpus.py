"""The redaction corpus planted where a VM keeps it: in a log and a status file that `collect`
zips, in a check's findings that `checks --json` prints, and in the walk's PDF, JSON and text
reports. No secret of the corpus reaches any of them."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.checks.redaction_corpus import SECRETS
from tests.faults.test_planted_secrets import WALK_FLOW, _outputs, _squash
from troubleshooter.checks.host import LocalHost
from troubleshooter.checks.registry import check, unregister
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import main
from troubleshooter.collect.bundle import CollectOptions, collect_bundle
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report

CORPUS = "\n".join(text for _, text, _ in SECRETS)


def _leaks(output: str) -> list[str]:
    squashed = _squash(output)
    return [kind for kind, _, secrets in SECRETS for secret in secrets if secret in output or secret in squashed]


def _result(check_id: str) -> CheckResult:
    return CheckResult(check_id, Status.PROBLEM, {"en": f"Found: {CORPUS}", "ko": f"발견: {CORPUS}"},
                       facts={"output": CORPUS, "nested": {"lines": CORPUS}}, evidence=CORPUS)


@pytest.fixture
def corpus_check():
    check("faults.corpus", title={"en": "Corpus", "ko": "말뭉치"},
          description={"en": "Reports every secret shape.", "ko": "모든 비밀 형태를 보고합니다."})(
        lambda host: _result("faults.corpus"))
    yield "faults.corpus"
    unregister("faults.corpus")


def test_checks_json_shows_no_secret_of_the_corpus(corpus_check, capsys):
    main(["checks", "--json", "--only", corpus_check])
    printed = capsys.readouterr().out
    assert "faults.corpus" in printed and _leaks(printed) == []


def test_the_reports_show_no_secret_of_the_corpus(tmp_path, hostile_checks):
    flow_file = tmp_path / "secrets.yaml"
    flow_file.write_text(WALK_FLOW, encoding="utf-8")
    session = Session(load_flows([flow_file]), "secrets", lang="en", platform="linux")
    session.choose("corporate")
    session.record_check(CheckResult("common.metadata", Status.OK, {"en": "Read.", "ko": "읽었습니다."},
                                     facts={"vm_name": "vm01"}))
    session.record_check(_result("faults.cp949"))
    leaks = {name: _leaks(output) for name, output in _outputs(build_report(session)).items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_the_zip_shows_no_secret_of_the_corpus(tmp_path):
    root = tmp_path / "vm"
    log = root / "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log"
    log.parent.mkdir(parents=True)
    log.write_text(CORPUS + "\n", encoding="utf-8")
    status = root / "var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0/status/0.status"
    status.parent.mkdir(parents=True)
    status.write_text(json.dumps([{"status": {"formattedMessage": {"message": CORPUS}}}]), encoding="utf-8")
    out = tmp_path / "out.zip"
    collect_bundle(CollectOptions(out=out, no_network=True), LocalHost(root=root, platform="linux"))
    with zipfile.ZipFile(out) as archive:
        members = {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
    assert any(name.endswith("extension.log") for name in members)
    assert {name: _leaks(text) for name, text in members.items() if _leaks(text)} == {}

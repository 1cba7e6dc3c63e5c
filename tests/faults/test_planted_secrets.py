"""Secrets planted in every field a report is made from never reach its PDF, JSON or text."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_html, render_text, report_json_bytes
from troubleshooter.report.pdf import render_pdf_bytes


def secrets_for(field: str) -> dict[str, str]:
    """One secret of each kind, named after the field it is planted in, so a leak says where it came from."""
    tag = re.sub(r"[^A-Za-z0-9]", "", field)
    return {
        "proxy": f"Pr0xy{tag}Pw",
        "sas": f"SaSsig{tag}Zz",
        "command_password": f"Cmd{tag}Pass9",
        "powershell_password": f"Ps{tag}Pass9",
        "net_use_password": f"NetUse{tag}P4ss",
        "bearer": f"Bearer{tag}Tok3nValue",
        "account_key": f"AccKey{tag}Zm9vYmFy",
    }


def planted(field: str) -> str:
    """Text as a command or a log would show those secrets."""
    s = secrets_for(field)
    return (f"HTTPS_PROXY=http://alice:{s['proxy']}@proxy.corp.example:3128\n"
            f"GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig={s['sas']}%3D&se=2030-01-01\n"
            f"sqlcmd -S db1 -U sa --password {s['command_password']}\n"
            f"Connect-Thing -Name db1 -Password {s['powershell_password']}\n"
            f"net use Z: \\\\srv\\share /user:admin /p:{s['net_use_password']}\n"
            f"Authorization: Bearer {s['bearer']}\n"
            f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={s['account_key']}==;EndpointSuffix=core")


FIELDS = ["check.summary.en", "check.summary.ko", "check.evidence", "check.fact", "check.fact.nested",
          "check.fact.list", "verify.summary.en", "verify.evidence", "verify.fact", "metadata.fact",
          "metadata.evidence", "answer"]


def _result(check_id: str, prefix: str) -> CheckResult:
    return CheckResult(check_id, Status.PROBLEM,
                       {"en": f"Found trouble: {planted(prefix + '.summary.en')}",
                        "ko": f"문제 발견: {planted(prefix + '.summary.ko')}"},
                       facts={"proxy_setting": planted(prefix + ".fact"),
                              "environment": {"https_proxy": planted(prefix + ".fact.nested")},
                              "command_lines": [planted(prefix + ".fact.list")]},
                       evidence=planted(prefix + ".evidence"))


WALK_FLOW = """\
id: secrets
title: {en: Secrets walk, ko: 비밀 흐름}
description: {en: "A question, two checks and a fix", ko: "질문 하나, 검사 둘, 해결 방법"}
start: which
steps:
  which:
    kind: choice
    prompt: {en: "Which proxy do you use?", ko: "어떤 프록시를 쓰나요?"}
    options:
      - {id: corporate, label: {en: The corporate proxy, ko: 회사 프록시}, next: read-metadata}
  read-metadata:
    kind: check
    check: common.metadata
    prompt: {en: Reads the metadata., ko: 메타데이터를 읽습니다.}
    on: {ok: run-it, problem: run-it, unknown: run-it}
  run-it:
    kind: check
    check: faults.cp949
    prompt: {en: Looks at the proxy., ko: 프록시를 확인합니다.}
    on: {ok: fix, problem: fix, unknown: fix}
  fix:
    kind: resolution
    refs: [W03]
    title: {en: Fix the proxy, ko: 프록시 수정}
    body: {en: Set the proxy again., ko: 프록시를 다시 설정합니다.}
    verify: faults.floods
    next: support
  support:
    kind: end
    outcome: support
    title: {en: Contact support, ko: 지원 팀에 문의}
    body: {en: Send the report., ko: 보고서를 보냅니다.}
"""


@pytest.fixture
def planted_session(tmp_path, hostile_checks):
    """A question, the metadata check, a check and a fix with its verify check, every free-text field
    carrying secrets; the answer too, as if the saved session had been edited by hand."""
    flow_file = tmp_path / "secrets.yaml"
    flow_file.write_text(WALK_FLOW, encoding="utf-8")
    flows = load_flows([flow_file])
    session = Session(flows, "secrets", lang="en", platform="linux")
    session.choose("corporate")
    session.record_check(CheckResult("common.metadata", Status.OK,
                                     {"en": "Read the metadata.", "ko": "메타데이터를 읽었습니다."},
                                     facts={"vm_name": "vm01", "proxy_used": planted("metadata.fact")},
                                     evidence=planted("metadata.evidence")))
    session.record_check(_result("faults.cp949", "check"))
    session.record_verify(_result("faults.floods", "verify"))
    # Loading refuses a saved answer the step does not have, so the edited answer is planted in
    # memory: a report must still never show it raw.
    session.history[0].answer = planted("answer")
    return session


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _outputs(report) -> dict[str, str]:
    def pdf_text(lang):
        reader = PdfReader(io.BytesIO(render_pdf_bytes(report, lang=lang, page_size="A4")))
        return "\n".join(page.extract_text() for page in reader.pages)

    return {"pdf-en": pdf_text("en"), "pdf-ko": pdf_text("ko"), "json": report_json_bytes(report).decode("utf-8"),
            "text-en": render_text(report, "en"), "text-ko": render_text(report, "ko"),
            "html-en": render_html(report, "en")}


@pytest.mark.parametrize("hide_identifiers", [False, True])
def test_no_planted_secret_survives_into_any_output(planted_session, hide_identifiers):
    outputs = _outputs(build_report(planted_session, hide_identifiers=hide_identifiers))
    leaks = []
    for name, output in outputs.items():
        squashed = _squash(output)
        for field in FIELDS:
            for kind, secret in secrets_for(field).items():
                if secret in output or secret in squashed:
                    leaks.append(f"{name}: {kind} from {field}")
    assert not leaks, "\n".join(leaks)
    # The fields were there and were shown, only their secrets went.
    assert "proxy.corp.example:3128" in outputs["text-en"]
    assert "Found trouble" in outputs["text-en"] and "문제 발견" in outputs["text-ko"]


# -- secrets planted in the real files the Linux checks read ---------------------------------------

SNAPSHOT = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0"


def planted_secrets() -> dict[str, str]:
    """One secret per shape; each value is unique, so a leak names its shape."""
    return {name: f"Pl4nted{name.title().replace('_', '')}Zq" for name in (
        "root_password", "proxy_url_password", "proxy_bare_password", "storage_key_with_spaces",
        "ini_password", "client_secret", "connection_account_key", "sas_sig", "bearer", "jwt", "pem_body",
        "json_split", "ini_split", "url_password", "status_password", "status_client_secret",
        "status_account_key", "status_sig", "status_bearer", "status_split", "status_split_reversed",
        "status_xml", "continuation")}


def plant_machine(root, secrets: dict[str, str]) -> None:
    """/etc/waagent.conf, /etc/azure/vmbackup.conf and the backup extension's newest N.status."""
    s = secrets
    jwt = f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.{s['jwt']}"
    files = {
        "etc/os-release": 'ID=ubuntu\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n',
        "etc/waagent.conf": (
            "Extensions.Enabled=y\nProvisioning.Agent=auto\n"
            f"Provisioning.RootPassword={s['root_password']}\n"
            f"HttpProxy.Host=http://alice:{s['proxy_url_password']}@proxy.corp.example\nHttpProxy.Port=3128\n"
            f"Provisioning.ProxyUser=bob:{s['proxy_bare_password']}@proxy.corp.example\n"),
        "etc/azure/vmbackup.conf": (
            "[SnapshotThread]\nfsfreeze: True\nMountsToSkip = /mnt/resource\n"
            f"StorageAccountKey = {s['storage_key_with_spaces']} second word+/==\n"
            f"password: {s['ini_password']}\n"
            f"client_secret = {s['client_secret']}\n"
            "ConnectionString = DefaultEndpointsProtocol=https;AccountName=acct;"
            f"AccountKey={s['connection_account_key']}==;EndpointSuffix=core.windows.net\n"
            f"SasUri = https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig={s['sas_sig']}%3D&se=2030\n"
            f"Header = Authorization: Bearer {s['bearer']}\n"
            f"Note = {jwt}\n"
            f"ApplicationSettings = {{\"name\": \"password\", \"value\": \"{s['json_split']}\"}}\n"
            f"Upload = https://carol:{s['url_password']}@upload.corp.example/x\n"
            f"DatabasePassword = first-line\n    {s['continuation']}\n"
            f"[Setting1]\nkey = StorageAccountKey\nvalue = {s['ini_split']}\n"),
        f"var/lib/waagent/{SNAPSHOT}/status/0.status": json.dumps([{
            "version": "1.0", "timestampUTC": "2026-11-30T10:00:00Z", "status": {
                "name": "VMSnapshotLinux", "operation": "Enable", "status": "error", "code": 1,
                "formattedMessage": {"lang": "en-US", "message": (
                    f"Upload failed with password={s['status_password']} client_secret: {s['status_client_secret']}"
                    " to DefaultEndpointsProtocol=https;AccountName=acct;"
                    f"AccountKey={s['status_account_key']};EndpointSuffix=core.windows.net "
                    f"via https://acct.blob.core.windows.net/c?sv=2022&sig={s['status_sig']}&se=2030 "
                    f"Authorization: Bearer {s['status_bearer']}\n"
                    f"-----BEGIN RSA PRIVATE KEY-----\nMIIE{s['pem_body']}\n-----END RSA PRIVATE KEY-----\n"
                    f"settings: {{\"name\": \"client_secret\", \"value\": \"{s['status_split']}\"}} "
                    f"{{'value': '{s['status_split_reversed']}', 'key': 'StorageAccountKey'}} "
                    f"<AdminPassword>{s['status_xml']}</AdminPassword>")}}}]),
    }
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


PLANTED_CHECKS = ("linux.waagent_conf", "linux.vmbackup_conf", "linux.extension_status")

PLANTED_FLOW = """\
id: planted
title: {en: Planted secrets, ko: 심어 둔 비밀}
description: {en: Reads the agent and backup settings, ko: 에이전트와 백업 설정을 읽습니다}
start: conf
steps:
  conf:
    kind: check
    check: linux.waagent_conf
    prompt: {en: Reads waagent.conf., ko: waagent.conf를 읽습니다.}
    on: {ok: backup, problem: backup, unknown: backup}
  backup:
    kind: check
    check: linux.vmbackup_conf
    prompt: {en: Reads vmbackup.conf., ko: vmbackup.conf를 읽습니다.}
    on: {ok: status, problem: status, unknown: status}
  status:
    kind: check
    check: linux.extension_status
    prompt: {en: Reads the extension status., ko: 확장 상태를 읽습니다.}
    on: {ok: done, problem: done, unknown: done}
  done:
    kind: end
    outcome: support
    title: {en: Send the report, ko: 보고서를 보냅니다}
    body: {en: Send the report., ko: 보고서를 보냅니다.}
"""


@pytest.fixture
def planted_machine(tmp_path, monkeypatch):
    """The real checks read a fake root holding the planted files; returns the secrets."""
    from troubleshooter.checks import runner
    from troubleshooter.checks.host import LocalHost

    root = tmp_path / "machine"
    secrets = planted_secrets()
    plant_machine(root, secrets)
    monkeypatch.setattr(runner, "LocalHost", lambda: LocalHost(root=root, platform="linux"))
    return secrets


def _leaks(outputs: dict[str, str], secrets: dict[str, str]) -> list[str]:
    return [f"{name}: {shape}" for name, output in outputs.items() for shape, secret in secrets.items()
            if secret in output or secret in _squash(output)]


def test_checks_json_shows_no_planted_secret(planted_machine, capsys):
    from troubleshooter.cli import main

    assert main(["checks", "--json", "--no-network", "--only", *PLANTED_CHECKS]) == 0
    printed = capsys.readouterr().out
    results = {r["check_id"]: r for r in json.loads(printed)["results"]}
    assert _leaks({"checks --json": printed}, planted_machine) == []
    # The checks did read the files: their settings are there, only the secrets went.
    assert results["linux.vmbackup_conf"]["facts"]["mounts_to_skip"] == ["/mnt/resource"]
    assert results["linux.waagent_conf"]["facts"]["http_proxy_port"] == "3128"
    assert results["linux.extension_status"]["status"] == "problem"
    assert "proxy.corp.example" in printed and "Upload failed" in printed
    assert main(["checks", "--no-network", "--only", *PLANTED_CHECKS]) == 0
    assert _leaks({"checks table": capsys.readouterr().out}, planted_machine) == []


@pytest.mark.parametrize("hide", [False, True])
def test_run_reports_show_no_planted_secret(planted_machine, tmp_path, monkeypatch, capsys, hide):
    from troubleshooter.cli import main

    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "planted.yaml").write_text(PLANTED_FLOW, encoding="utf-8")
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(flows))
    out = tmp_path / "out"
    outputs = {}
    for lang in ("en", "ko"):
        args = ["run", "--flow", "planted", "--platform", "linux", "--no-network", "--lang", lang,
                "--pdf", str(out / f"{lang}.pdf"), "--json", str(out / f"{lang}.json"), "--text", str(out / f"{lang}.txt")]
        out.mkdir(exist_ok=True)
        assert main(args + (["--hide-identifiers"] if hide else [])) == 0
        outputs[f"stdout-{lang}"] = capsys.readouterr().out
        reader = PdfReader(str(out / f"{lang}.pdf"))
        outputs[f"pdf-{lang}"] = "\n".join(page.extract_text() for page in reader.pages)
        outputs[f"json-{lang}"] = (out / f"{lang}.json").read_text(encoding="utf-8")
        outputs[f"text-{lang}"] = (out / f"{lang}.txt").read_text(encoding="utf-8")
    assert _leaks(outputs, planted_machine) == []
    assert "MountsToSkip" in outputs["text-en"] and "Upload failed" in outputs["text-en"]


def _window_texts(window) -> str:
    """Every text the window holds now, shown or folded away."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + \
            window.findChildren(QLineEdit):
        texts.append(widget.text())
    for widget in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        texts.append(widget.toPlainText())
    return "\n".join(texts)


def test_the_window_shows_no_planted_secret(planted_machine, qtbot, tmp_path):
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QWizard

    from gui.app import Parts, application, create_window
    from gui.pages.check import CheckPage
    from gui.wizard import SUMMARY_ID
    from troubleshooter.checks.runner import run_check
    from troubleshooter.flows.store import SessionStore

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    application()
    flow_file = tmp_path / "planted.yaml"
    flow_file.write_text(PLANTED_FLOW, encoding="utf-8")
    window = create_window(Parts(load_flows([flow_file]), run_check, None, SessionStore(tmp_path / "sessions")),
                           lang="en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wizard = window.wizard
    wizard.restart()
    qtbot.mouseClick(wizard.start_page.flow_buttons["planted"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    seen = {}
    while wizard.currentId() != SUMMARY_ID:
        page = wizard.currentPage()
        assert isinstance(page, CheckPage)
        with qtbot.waitSignal(page.job.finished, timeout=15000):
            qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        page.result_view.evidence_toggle.setChecked(True)  # unfold the evidence, as a curious person would
        seen[f"check page {page.step.check}"] = _window_texts(window)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    seen["summary en"] = _window_texts(window)
    window.set_language("ko")
    seen["summary ko"] = _window_texts(window)
    assert _leaks(seen, planted_machine) == []
    assert "MountsToSkip" in seen["check page linux.vmbackup_conf"]  # the evidence was there, and shown

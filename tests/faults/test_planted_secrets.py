"""Secrets planted in every field a report is made from never reach its PDF, JSON or text."""

from __future__ import annotations

import io
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
    body: {en: Set the proxy again., ko: 프록시를 다시 설정하세요.}
    verify: faults.floods
    next: support
  support:
    kind: end
    outcome: support
    title: {en: Contact support, ko: 지원 팀에 문의}
    body: {en: Send the report., ko: 보고서를 보내세요.}
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

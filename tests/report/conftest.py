"""Sessions to build reports from: the example flows and a long walk with many checks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.qt_application import qapplication_first  # noqa: F401 - an autouse fixture
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.loader import load_flows
from troubleshooter.flows.session import Session

DATA = Path(__file__).parent / "data"
EXAMPLE_FLOWS = Path(__file__).parent.parent / "flows" / "data"

SUBSCRIPTION = "3f2b7c1e-9a4d-4e8b-b6c2-0d1e2f3a4b5c"
VM_ID = "c0ffee00-1234-4abc-8def-00aabbccddee"
PRIVATE_IP = "10.20.30.40"
METADATA_FACTS = {"vm_name": "prod-sql-01", "resource_group": "rg-backup-prod", "subscription_id": SUBSCRIPTION,
                  "location": "koreacentral", "vm_id": VM_ID, "os_type": "Windows", "vm_size": "Standard_D4s_v5"}

PROXY_SECRET = "s3cret"
SAS_SIGNATURE = "AbCd%2Bsecret"
BEARER_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJlLXBhcnQ"
SECRET_EVIDENCE = (f"HTTP_PROXY=http://user:{PROXY_SECRET}@proxy:3128\n"
                   f"GET https://acct.blob.core.windows.net/c/b?sv=2020&sig={SAS_SIGNATURE}&se=2026\n"
                   f"Authorization: Bearer {BEARER_TOKEN}\n"
                   f"cmd: net use Z: \\\\srv\\share /user:admin /p:Hunter2pass\n"
                   f"eth0 inet {PRIVATE_IP}/24")


@pytest.fixture
def example_flows():
    return load_flows([EXAMPLE_FLOWS])


@pytest.fixture
def long_flows():
    return load_flows([DATA / "long.yaml"])


def metadata_result() -> CheckResult:
    return CheckResult("common.metadata", Status.OK, {"en": "Read the instance metadata.",
                                                      "ko": "인스턴스 메타데이터를 읽었습니다."},
                       facts=dict(METADATA_FACTS), evidence=f"vmId: {VM_ID}\nsubscriptionId: {SUBSCRIPTION}")


@pytest.fixture
def vss_session(example_flows, example_check_outcome):
    """Example walk on Windows: VSS error, the check finds a problem, 'still failing', support end."""
    session = Session(example_flows, "example", lang="en", platform="windows")
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.PROBLEM,
                                     {"en": "2 writers are in a failed state", "ko": "기록기 2개가 실패 상태입니다"},
                                     evidence="Writer name: 'SqlServerWriter'\n   State: [8] Failed\n"
                                     + SECRET_EVIDENCE))
    session.record_verify(metadata_result())
    session.proceed()
    return session


def long_evidence(index: int) -> str:
    lines = [f"[{index}] Writer name: 'Writer {n}'  State: [1] Stable  Last error: No error" for n in range(30)]
    lines.append("token_without_spaces_" + "x" * 300)  # must wrap, never be cut at the page edge
    return "\n".join(lines)


@pytest.fixture
def long_session(long_flows):
    session = Session(long_flows, "long-walk", lang="en", platform="linux")
    session.choose("snapshot")
    for index in range(1, 7):
        if index == 1:
            session.record_check(metadata_result())
            continue
        status = Status.WARNING if index % 2 else Status.OK
        session.record_check(CheckResult(f"report.check_{index}", status,
                                         {"en": f"Finding number {index}", "ko": f"{index}번째 결과"},
                                         evidence=long_evidence(index)))
    session.choose("yes")
    return session


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages)

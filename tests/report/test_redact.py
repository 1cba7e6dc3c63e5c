"""Secrets never survive redact_text; identifiers go only when asked; ordinary words stay."""

import pytest

from troubleshooter.redact import mask_identifiers, redact_text


@pytest.mark.parametrize("text, secret", [
    ("HTTP_PROXY=http://user:s3cret@proxy:3128", "s3cret"),
    ("https_proxy=https://DOMAIN%5Cbob:pa%40ss@10.0.0.1:8080/", "pa%40ss"),
    ("https://acct.blob.core.windows.net/c/b?sv=2020-08-04&sig=AbCd%2Bsecret%3D&se=2026", "AbCd%2Bsecret"),
    ("Authorization: Bearer abc.def-ghi_jkl", "abc.def-ghi_jkl"),
    ("curl -H 'Authorization: Basic dXNlcjpwYXNz' https://x", "dXNlcjpwYXNz"),
    ("token: bearer 0123456789abcdefXYZ", "0123456789abcdefXYZ"),
    ("mysql --password hunter22 -u root", "hunter22"),
    ("tool --password=hunter22", "hunter22"),
    ("Set-Thing -Password Hunter2! -Name x", "Hunter2!"),
    ("net use Z: \\\\srv\\share /user:admin /p:Hunter2pass", "Hunter2pass"),
    ("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core", "Zm9vYmFy"),
    ("client_secret=abc~DEF.123", "abc~DEF.123"),
    ('{"password": "p4ss-w0rd"}', "p4ss-w0rd"),
    ("pwd=letmein123 user=x", "letmein123"),
])
def test_secrets_are_removed(text, secret):
    cleaned = redact_text(text)
    assert secret not in cleaned
    assert "***" in cleaned


def test_the_rest_of_a_proxy_url_stays_readable():
    assert redact_text("http://user:s3cret@proxy.contoso.com:3128") == "http://***:***@proxy.contoso.com:3128"


@pytest.mark.parametrize("text", [
    "Writer name: 'SqlServerWriter' State: [1] Stable at 01:50:10",
    "C:\\WindowsAzure\\Logs\\WaAppAgent.log exit code 3",
    "https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot",
    "168.63.129.16 port 32526 reachable",
])
def test_ordinary_text_is_untouched(text):
    assert redact_text(text) == text


def test_identifiers_are_masked_when_asked():
    text = ("subscription 3f2b7c1e-9a4d-4e8b-b6c2-0d1e2f3a4b5c on prod-sql-01 at 10.20.30.40 "
            "and fe80::1c2d:3e4f%eth0 and 2001:db8::5")
    masked = mask_identifiers(text, ["prod-sql-01"])
    for identifier in ("3f2b7c1e", "prod-sql-01", "10.20.30.40", "fe80::1c2d", "2001:db8::5"):
        assert identifier not in masked


def test_masking_keeps_platform_addresses_and_times():
    text = "168.63.129.16:80 answered at 01:50:10; metadata 169.254.169.254"
    assert mask_identifiers(text, []) == text


def test_masking_leaves_code_and_times_that_look_a_little_like_ipv6():
    text = "std::string at 10:30:00 and a::"
    assert mask_identifiers(text, []) == text


def test_a_secret_cut_by_the_evidence_limit_is_still_removed(vss_session):
    from troubleshooter.checks.result import CheckResult, Status
    from troubleshooter.report import build_report
    from troubleshooter.report.model import EVIDENCE_MAX_CHARS

    padding = "x" * (EVIDENCE_MAX_CHARS - len("proxy=http://user:s3"))
    vss_session.current.verify = CheckResult("common.proxy", Status.WARNING, {"en": "proxy", "ko": "프록시"},
                                             evidence=padding + "proxy=http://user:s3cret@proxy:3128")
    report = build_report(vss_session)
    assert all("s3" not in check.evidence[-40:] for check in report.checks)

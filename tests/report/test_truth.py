"""The report tells the truth: a failed fix is not "found", it is "tried, did not help", its
commands are not recommended, the pasted error text heads every output, and no internal id shows."""

from __future__ import annotations

import json
import re

import pytest

from tests.report.conftest import pdf_text
from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_html, render_pdf_bytes, render_text, report_json_bytes

FLOWS = load_checked_flows()
PASTED = "UserErrorGuestAgentStatusUnavailable: VM agent is unable to communicate with the Azure Backup Service"
CANCEL = "az backup job stop"


def _failed_fix_then_support(lang: str) -> Session:
    """Jumped by search to "cancel the running job", tried it, still failing: support."""
    session = Session(FLOWS, "backup-failing", lang=lang, platform="linux")
    session.jump_to("jobs", "fix-cancel-running-job")
    session.proceed()
    assert session.outcome == "support"
    return session


def _outputs(report, lang: str) -> dict[str, str]:
    """Each output with its spaces removed: a PDF's extracted text breaks Korean at every space."""
    outputs = {"text": render_text(report, lang), "html": render_html(report, lang),
               "pdf": pdf_text(render_pdf_bytes(report, lang=lang, page_size="A4"))}
    return {name: "".join(output.split()) for name, output in outputs.items()}


def _squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang, found, tried, recommended", [
    ("en", "Fix found", "Tried, did not help", "Recommended actions"),
    ("ko", "찾은 해결 방법", "시도했지만 해결되지 않음", "권장 조치"),
])
def test_a_walk_that_ends_at_support_finds_no_fix_and_recommends_no_failed_command(lang, found, tried,
                                                                                    recommended):
    session = _failed_fix_then_support(lang)
    command = next(c.text for c in FLOWS.resolve("jobs", "fix-cancel-running-job").commands
                   if c.effect == "destructive" and c.platform in ("any", "linux"))
    report = build_report(session)
    assert report.outcome.state == "support" and not report.outcome.fix
    for name, output in _outputs(report, lang).items():
        assert _squashed(found) not in output, name
        assert _squashed(tried) in output, name
        assert _squashed(command) not in output, name
        assert _squashed(f"{recommended} 1/") not in output, name
    data = json.loads(report_json_bytes(report))
    assert data["actions"] == [] and data["tried"][0]["title"]["en"].startswith("Find the job")


def test_a_fix_to_try_is_found_and_recommended():
    session = Session(FLOWS, "backup-failing", lang="en", platform="linux")
    session.jump_to("jobs", "fix-cancel-running-job")
    report = build_report(session)
    assert report.outcome.state == "pending" and report.outcome.fix
    text = render_text(report, "en")
    assert "Fix found" in text and "Tried, did not help" not in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pasted_error_heads_every_output(lang):
    session = _failed_fix_then_support(lang)
    session.error_text = PASTED
    restored = Session.from_dict(json.loads(json.dumps(session.to_dict())), FLOWS)
    report = build_report(restored)
    outputs = _outputs(report, lang)
    for name, output in outputs.items():
        assert _squashed(PASTED) in output, name
    text = render_text(report, lang)
    heading = "Summary" if lang == "en" else "요약"
    assert text.index(PASTED.split(':')[0]) < text.index(heading)
    assert json.loads(report_json_bytes(report))["error_text"] == PASTED


ADDRESS = re.compile(r"\b(?:%s)/[a-z0-9-]+\b" % "|".join(re.escape(f.id) for f in FLOWS))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_internal_id_reaches_the_person(lang):
    session = _failed_fix_then_support(lang)
    report = build_report(session)
    outputs = {"text": render_text(report, lang), "html": render_html(report, lang),
               "pdf": pdf_text(render_pdf_bytes(report, lang=lang, page_size="A4"))}
    for name, output in outputs.items():
        assert not ADDRESS.search(output), (name, ADDRESS.search(output))
        assert "common.metadata" not in output and "linux.agent_service" not in output


def test_run_records_the_error_given_on_the_command_line(tmp_path, capsys):
    from troubleshooter.cli import main

    text = tmp_path / "r.txt"
    assert main(["run", "--flow", "backup-failing", "--platform", "linux", "--no-checks", "--error", PASTED,
                 "--text", str(text)]) in (0, 2)
    assert " ".join(text.read_text(encoding="utf-8").split()).find(PASTED) >= 0

"""`run --pdf/--json/--text` end to end through the command line, complete and stopped part-way."""

import json

import pytest

from troubleshooter.cli import main

from tests.report.conftest import EXAMPLE_FLOWS, pdf_reader, pdf_text


@pytest.fixture(autouse=True)
def _example_flows(monkeypatch, example_check_outcome):
    monkeypatch.setenv("VMBT_FLOWS_DIR", str(EXAMPLE_FLOWS))


def test_run_writes_pdf_json_and_text(tmp_path, capsys):
    pdf, data, text = tmp_path / "r.pdf", tmp_path / "r.json", tmp_path / "r.txt"
    code = main(["run", "--flow", "example", "--lang", "ko", "--platform", "windows", "--no-checks",
                 "--answer", "what-do-you-see=vss", "--answer", "ask-vss=yes",
                 "--pdf", str(pdf), "--json", str(data), "--text", str(text)])
    assert code == 0
    assert "VSS기록기다시시작" in "".join(pdf_text(pdf.read_bytes()).split())
    assert pdf_reader(pdf.read_bytes()).pages
    report = json.loads(data.read_text(encoding="utf-8"))
    assert report["schema"] == "vm-backup-troubleshooter/report" and report["complete"] is True
    assert report["session"]["flow"] == "example"
    assert "vssadmin list writers" in text.read_text(encoding="utf-8")


def test_an_incomplete_walk_still_writes_its_files_and_exits_2(tmp_path, capsys):
    pdf, data = tmp_path / "r.pdf", tmp_path / "r.json"
    code = main(["run", "--flow", "example", "--no-checks", "--answer", "what-do-you-see=vss",
                 "--pdf", str(pdf), "--json", str(data)])
    assert code == 2
    assert "ask-vss" in capsys.readouterr().err
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "INCOMPLETE" in text and "Is any writer not stable?" in text
    assert "Skipped" in text  # the check that did run is in the report
    report = json.loads(data.read_text(encoding="utf-8"))
    assert report["complete"] is False and report["stopped_at"]["en"] == "Is any writer not stable?"


def test_existing_files_need_force(tmp_path, capsys):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"old")
    args = ["run", "--flow", "example", "--no-checks", "--answer", "what-do-you-see=linux-only",
            "--platform", "linux", "--pdf", str(pdf)]
    assert main(args) == 2
    assert pdf.read_bytes() == b"old" and "--force" in capsys.readouterr().err
    assert main(args + ["--force"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_hide_identifiers_reaches_the_files(tmp_path):
    import socket

    text = tmp_path / "r.txt"
    assert main(["run", "--flow", "example", "--no-checks", "--answer", "what-do-you-see=linux-only",
                 "--platform", "linux", "--hide-identifiers", "--text", str(text)]) == 0
    written = text.read_text(encoding="utf-8")
    assert "[hidden]" in written
    host = socket.gethostname()
    assert not any(line.split(":", 1)[-1].strip() == host for line in written.splitlines())


HEADLESS_SCRIPT = """
import sys
from troubleshooter.checks.registry import check
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import main

check("example.always_ok", title={"en": "Example check", "ko": "예제 검사"},
      description={"en": "-", "ko": "-"})(lambda host: CheckResult("example.always_ok", Status.OK, {"en": "ok"}))
sys.exit(main(["run", "--flow", "example", "--lang", "ko", "--answer", "what-do-you-see=linux-only",
               "--platform", "linux", "--no-checks", "--pdf", sys.argv[1]]))
"""


def test_run_makes_the_pdf_with_no_display_at_all(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env["VMBT_FLOWS_DIR"] = str(EXAMPLE_FLOWS)
    pdf = tmp_path / "headless.pdf"
    done = subprocess.run([sys.executable, "-c", HEADLESS_SCRIPT, str(pdf)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "파일시스템확인" in "".join(pdf_text(pdf.read_bytes()).split())

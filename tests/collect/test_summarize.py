"""`summarize`: several hosts' results in one table, CSV and coloured HTML, from hostile files too."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from troubleshooter.cli import main


def _document(host: str, statuses: dict[str, str], *, generated="2026-11-30T10:00:00+00:00", vm_name=""):
    return {"format": "vmbt-checks/1", "generated_at": generated, "host": {"name": host, "platform": "linux"},
            "vm": {"vm_name": vm_name} if vm_name else {},
            "results": [{"check_id": check_id, "status": status, "summary": {"en": f"{check_id} is {status}"}}
                        for check_id, status in statuses.items()]}


def test_one_row_per_host_one_column_per_check(tmp_path, capsys):
    (tmp_path / "web01").mkdir()
    (tmp_path / "web01" / "checks.json").write_text(json.dumps(_document(
        "web01", {"linux.agent_service": "ok", "linux.selinux": "problem"}, vm_name="vm-web01")))
    # The bare list an older version printed: the folder names the host.
    (tmp_path / "db02").mkdir()
    (tmp_path / "db02" / "checks.json").write_text(json.dumps(
        [{"check_id": "linux.agent_service", "status": "error", "summary": {"en": "crashed"}}]))
    # A collect zip from a third host.
    with zipfile.ZipFile(tmp_path / "app03.zip", "w") as archive:
        archive.writestr("checks.json", json.dumps(_document("app03", {"linux.dhcp": "warning"})))
        archive.writestr("system.json", json.dumps({"vm": {"vm_name": "vm-app03"}}))
    csv_out, html_out = tmp_path / "fleet.csv", tmp_path / "fleet.html"
    assert main(["summarize", str(tmp_path), "--csv", str(csv_out), "--html", str(html_out)]) == 0
    printed = capsys.readouterr().out
    assert "3 host(s); 2 with problems" in printed
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text())))
    by_host = {row["host"]: row for row in rows}
    assert set(by_host) == {"web01", "db02", "app03"}
    assert by_host["web01"]["linux.selinux"] == "problem" and by_host["web01"]["vm"] == "vm-web01"
    assert by_host["db02"]["linux.agent_service"] == "error" and by_host["db02"]["linux.dhcp"] == ""
    assert by_host["app03"]["vm"] == "vm-app03" and by_host["app03"]["problems"] == "0"
    page = html_out.read_text()
    assert 'class="problem"' in page and "#fce8e6" in page and 'title="linux.selinux is problem"' in page


def test_the_newest_result_per_host_wins_and_bad_files_are_named(tmp_path, capsys):
    (tmp_path / "old.json").write_text(json.dumps(_document("web01", {"linux.dhcp": "problem"},
                                                           generated="2026-11-01T00:00:00+00:00")))
    (tmp_path / "new.json").write_text(json.dumps(_document("web01", {"linux.dhcp": "ok"})))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "other.json").write_text(json.dumps({"something": "else"}))
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    assert main(["summarize", str(tmp_path), "--csv", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    for name in ("broken.json", "deep.json", "other.json", "bad.zip", "old.json"):
        assert name in err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert [(row["host"], row["linux.dhcp"]) for row in rows] == [("web01", "ok")]


def test_html_escapes_what_a_hostile_host_reports(tmp_path):
    evil = '<script>alert(1)</script>'
    (tmp_path / "x.json").write_text(json.dumps(_document(evil, {'linux.dhcp"><img src=x>': "ok"})))
    out = tmp_path / "x.html"
    assert main(["summarize", str(tmp_path / "x.json"), "--html", str(out)]) == 0
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps(_document("=HYPERLINK(\"http://x\")", {"linux.dhcp": "ok"})))
    out = tmp_path / "x.csv"
    assert main(["summarize", str(tmp_path / "x.json"), "--csv", str(out)]) == 0
    assert list(csv.DictReader(io.StringIO(out.read_text())))[0]["host"].startswith("'=")


def test_nothing_readable_is_a_failure(tmp_path, capsys):
    (tmp_path / "x.json").write_text("[]x")
    assert main(["summarize", str(tmp_path / "x.json")]) == 1
    assert main(["summarize", str(tmp_path / "missing.json")]) == 2


def _summarize_in_a_process(*arguments: str):
    """In a child process with a timeout: a FIFO would hang the test itself, /dev/zero fill its memory."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "troubleshooter", "summarize", *arguments], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(root)))


def test_only_regular_files_are_read_and_each_other_input_is_named(tmp_path):
    import os

    good = tmp_path / "good.json"
    good.write_text(json.dumps(_document("vm1", {"linux.dhcp": "ok"})))
    os.mkfifo(tmp_path / "pipe.json")
    os.mkfifo(tmp_path / "pipe.zip")
    done = _summarize_in_a_process(str(tmp_path / "pipe.json"), str(tmp_path / "pipe.zip"), "/dev/zero", str(good))
    assert done.returncode == 0, done.stderr
    assert "pipe.json: it is a FIFO (named pipe), not a regular file" in done.stderr
    assert "pipe.zip: it is a FIFO (named pipe), not a regular file" in done.stderr
    assert "/dev/zero: it is a character device, not a regular file" in done.stderr
    assert "vm1" in done.stdout


def test_an_input_over_the_size_cap_is_refused_with_its_size(tmp_path, monkeypatch, capsys):
    import troubleshooter.summarize as summarize

    monkeypatch.setattr(summarize, "MAX_DOCUMENT_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(_document("vm1", {f"linux.check{i}": "ok" for i in range(100)})))
    assert main(["summarize", str(big)]) == 1
    assert "big.json: it is larger than 1000 bytes" in capsys.readouterr().err


def test_every_csv_cell_and_the_header_are_guarded_after_whitespace_and_controls(tmp_path):
    hostile = {"=HYPERLINK(\"http://x\",\"id\")": "ok", "linux.dhcp": "ok"}
    for number, host in enumerate(["\t=HYPERLINK(\"http://x\")", " +cmd|' /C calc'!A0", "\r\n@SUM(1)", "\x00-1+1"]):
        (tmp_path / f"x{number}.json").write_text(json.dumps(_document(host, hostile)))
    out = tmp_path / "x.csv"
    assert main(["summarize", str(tmp_path), "--csv", str(out)]) == 0
    cells = [cell for line in csv.reader(io.StringIO(out.read_text())) for cell in line]
    dangerous = [cell for cell in cells if cell.strip(" \t\r\n\x00")[:1] in ("=", "+", "-", "@")]
    assert dangerous == []
    assert "'=HYPERLINK(\"http://x\",\"id\")" in cells


def test_the_terminal_table_shows_escape_sequences_escaped(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps(_document("vm\x1b]0;PWNED\x07\x1b[2J", {"linux.dhcp\x1b[31m": "ok"})))
    done = _summarize_in_a_process(str(tmp_path / "x.json"))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout
    assert "vm\\x1b]0;PWNED\\x07\\x1b[2J" in done.stdout

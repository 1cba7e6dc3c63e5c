"""Everything the command line prints reaches a pipe as UTF-8, whatever the code page.

Windows Python encodes a redirected stream in the ANSI code page: `checks --json | ...` crashed
with UnicodeEncodeError on cp1252 and `search --lang ko > file` wrote cp949 or '?'. PYTHONIOENCODING
gives a Linux Python the same code pages; on Windows (and under Wine) the first case is the
machine's own ANSI code page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# None: the machine's own; on Windows that is its ANSI code page, elsewhere UTF-8 already.
CODE_PAGES = ([None] if sys.platform == "win32" else []) + ["cp1252", "cp949"]


def run_to_a_pipe(arguments: list[str], code_page: str | None) -> str:
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    environment["VMBT_NO_NETWORK"] = "1"
    if code_page:
        environment["PYTHONIOENCODING"] = code_page
    result = subprocess.run([sys.executable, "-m", "troubleshooter", *arguments], cwd=ROOT, env=environment,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", errors="replace")
    return result.stdout.decode("utf-8")  # strict: a code page's bytes fail here


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_checks_json_through_a_pipe_is_utf8_json_with_its_korean(code_page):
    document = json.loads(run_to_a_pipe(["checks", "--json", "--only", "windows.vss_writers"], code_page))
    (result,) = document["results"]
    assert result["title"]["ko"] == "VSS 기록기"


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_korean_search_through_a_pipe_keeps_its_hangul(code_page):
    text = run_to_a_pipe(["search", "스냅숏", "--lang", "ko"], code_page)
    assert "?" * 3 not in text
    assert any("\uac00" <= char <= "\ud7a3" for char in text.split("[", 1)[0])


@pytest.mark.parametrize("columns, lines", [(None, None), ("132", "50"), ("0", "-3"), ("wide", ""), ("90", None)])
def test_the_terminal_size_is_the_one_shutil_would_give(columns, lines, monkeypatch):
    """The command line measures the terminal without shutil (its import costs the terminal
    wizard's first screen); COLUMNS and LINES must still win, and bad values must not."""
    import shutil

    from troubleshooter.cli.output import terminal_size

    for name, value in (("COLUMNS", columns), ("LINES", lines)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    for fallback in ((80, 24), (100, 30)):
        assert tuple(terminal_size(fallback)) == tuple(shutil.get_terminal_size(fallback))

"""The report's wording: no status word said twice, every column of the path named."""

from __future__ import annotations

import re

from troubleshooter.flows.session import Session
from troubleshooter.report import build_report, render_html, render_text


def skipped_walk(example_flows):
    session = Session(example_flows, "example", lang="en", platform="windows")
    session.choose("vss")
    session.skip_check()
    return session


def test_a_skipped_check_says_skipped_once(example_flows, example_check_outcome):
    report = build_report(skipped_walk(example_flows))
    for lang, word in (("en", "Skipped"), ("ko", "건너뜀")):
        html = render_html(report, lang)
        row = re.search(rf'<span class="status-skipped">{word}</span></td><td>(.*?)</td>', html).group(1)
        assert not row.startswith(word) and row.strip()
        lines = render_text(report, lang).splitlines()
        status_line = next(i for i, line in enumerate(lines) if line.startswith(f"[{word.upper()}]"))
        assert not lines[status_line + 1].strip().startswith(f"{word}:"), lines[status_line:status_line + 2]


def test_every_column_of_the_path_has_a_heading(example_flows, example_check_outcome):
    html = render_html(build_report(skipped_walk(example_flows)), "en")
    path_table = html[html.index("The path taken"):]
    headings = re.findall(r"<th[^>]*class=\"col\"[^>]*>(.*?)</th>", path_table.split("</thead>")[0])
    assert headings and all(h.strip() for h in headings), headings


def test_the_path_says_a_skipped_check_was_skipped_once(example_flows, example_check_outcome):
    report = build_report(skipped_walk(example_flows))
    for lang, word in (("en", "Skipped"), ("ko", "건너뜀")):
        for rendered in (render_html(report, lang), render_text(report, lang)):
            assert f"{word}: {word}:" not in rendered
        [check_row] = [entry for entry in report.path if entry.kind == "check"]
        assert check_row.outcome[lang].startswith(f"{word}: ")

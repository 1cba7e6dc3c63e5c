"""One renderer for the flows' Markdown: emphasis next to Hangul, plain text without marks."""

from __future__ import annotations

import pytest

from troubleshooter import markup


@pytest.mark.parametrize("markdown, bold", [
    ("오류는 **백업 센터 > 백업 작업 > (실패한 작업)**에 있습니다.", "백업 센터 &gt; 백업 작업 &gt; (실패한 작업)"),
    ("효과가 **거부(Deny)**이면 바꿉니다.", "거부(Deny)"),
    ("기본값은 **BUILTIN\\Administrators:(F)**입니다.", "BUILTIN\\Administrators:(F)"),
    ("값이 **(기본값)**인지 봅니다.", "(기본값)"),
    ("Restart **Windows Azure Guest Agent** now.", "Windows Azure Guest Agent"),
])
def test_emphasis_closes_before_a_hangul_particle(markdown, bold):
    html = markup.to_html(markdown)
    assert f"<strong>{bold}</strong>" in html
    assert "**" not in html


def test_an_opening_mark_after_a_hangul_letter_opens():
    assert "<strong>(실패한 작업)</strong>" in markup.to_html("목록의**(실패한 작업)**을 엽니다.")


def test_plain_text_keeps_the_words_and_drops_every_mark():
    plain = markup.to_plain("**Windows**\n1. In `services.msc`, restart **Windows Azure Guest Agent** "
                            "(`WindowsAzureGuestAgent`).\n2. See [the page](https://learn.microsoft.com/x).\n\n"
                            "효과가 **거부(Deny)**이면 *수정*으로 바꿉니다.")
    assert plain.splitlines() == [
        "Windows",
        "",
        "1. In services.msc, restart Windows Azure Guest Agent (WindowsAzureGuestAgent).",
        "2. See the page (https://learn.microsoft.com/x).",
        "",
        "효과가 거부(Deny)이면 수정으로 바꿉니다.",
    ]


def test_placeholders_in_angle_brackets_are_text_not_tags():
    assert "&lt;rg&gt;" in markup.to_html("Run it with <rg> set.")
    assert markup.to_plain("Run it with <rg> set.") == "Run it with <rg> set."


def test_leftover_markup_is_found_outside_code_only():
    assert markup.leftover_markup("a **b** c `**x**`") == []
    assert markup.leftover_markup("**열린 채**로 **남은") != []


def test_emphasis_around_code_closes_before_a_particle():
    assert "<strong><code>Storage.&lt;region&gt;</code></strong>으로" in markup.to_html(
        "서비스 태그 **`Storage.<region>`**으로 허용합니다.")

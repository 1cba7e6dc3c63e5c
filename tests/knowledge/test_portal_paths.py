"""Every menu of a portal path reads in Korean as Microsoft's Korean pages name it, or stays in
English as a listed exception with its reason (resources/report-texts.yaml)."""

from __future__ import annotations

import re

import pytest

from troubleshooter.flows.lint import load_checked_flows
from troubleshooter.flows.model import ResolutionStep
from troubleshooter.report.labels import portal_path, portal_segments, report_texts

# Names that are not menus: placeholders, resource and extension names, configuration names.
NAME = re.compile(r"^(<[^<>]*>|\(.*\)|[\w<>]*_[\w<>_]*|VMSnapshot\w*|ipconfig\d+)$")


def _portal_paths():
    for flow in load_checked_flows():
        for step in flow.steps.values():
            if isinstance(step, ResolutionStep):
                for command in step.commands:
                    if command.shell == "portal":
                        yield f"{flow.id}/{step.id}", command.text


PATHS = list(_portal_paths())


def test_every_menu_of_every_path_is_korean_or_a_listed_exception():
    texts = report_texts()
    korean, english = texts["portal_menus_ko"], texts["portal_menus_en"]
    missing = sorted({(segment, where) for where, text in PATHS for segment in portal_segments(text)
                      if not NAME.match(segment) and segment not in korean and segment not in english})
    assert not missing, missing


def test_an_exception_is_not_also_translated_and_says_why():
    texts = report_texts()
    assert not set(texts["portal_menus_ko"]) & set(texts["portal_menus_en"])
    assert all(len(why) > 20 for why in texts["portal_menus_en"].values())


@pytest.mark.parametrize("english, korean", [
    ("Recovery Services vault > Backup items > Azure Virtual Machine > <VM> > Back up now",
     "Recovery Services 자격 증명 모음 > 백업 항목 > Azure Virtual Machine > <VM> > 지금 백업"),
    ("Recovery Services vault > Overview (Location)", "Recovery Services 자격 증명 모음 > 개요 (위치)"),
    ("Recovery Services vault > Properties > Security settings > Soft delete (turn off)",
     "Recovery Services 자격 증명 모음 > 속성 > 보안 설정 > 일시 삭제 (끄기)"),
    ("All resources > AzureBackupRG_<Geo>_<number> > Overview > Show hidden types",
     "모든 리소스 > AzureBackupRG_<Geo>_<number> > 개요 > 숨겨진 유형 표시"),
])
def test_a_path_reads_in_the_korean_portals_words(english, korean):
    assert portal_path(english, "ko") == korean
    assert portal_path(english, "en") == english

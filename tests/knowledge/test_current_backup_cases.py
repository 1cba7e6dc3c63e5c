"""The backup cases of Microsoft's current pages (shared/seed/current-docs.md): each one is found by
search from its error code or portal message, in English and in Korean; the code whose meaning
changed (UserErrorBcmDatasourceNotPresent) never leads to deleting backup data; the changed
guidance is there; and every command of the backup flows says what it does to the VM."""

from __future__ import annotations

import os
import re
from collections import deque
from pathlib import Path

import pytest
import yaml

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.catalog import CURRENT_CASE_IDS, catalog, seed_ids
from troubleshooter.flows.lint import lint_paths
from troubleshooter.flows.model import ChoiceStep, CheckStep, GotoStep, ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.i18n import LANGUAGES
from troubleshooter.walk import parse_answers, walk

# The folder the program reads (VMBT_FLOWS_DIR moves it), so the YAML checks see the same flows.
FLOWS_DIR = Path(os.environ.get("VMBT_FLOWS_DIR") or Path(__file__).resolve().parents[2] / "wizard_flows")
BACKUP_FLOWS = ["backup_failing", "snapshot_vss", "snapshot_delays", "complus_msdtc", "linux_freeze",
                "agent_missing", "agent_comms"]

# What a person pastes or types: the code with the text around it as the portal shows it, or the
# symptom in their own words where the case has no code. Korean queries are written as a Korean
# admin would put them, code and all.
SEARCHES = {
    "C01": ("Error VMRestorePointInternalError at 10:42, job 3f2a9c1e", "백업 작업 오류 VMRestorePointInternalError 발생"),
    "C04": ("ExtensionStuckInDeletionState", "ExtensionStuckInDeletionState 오류로 백업이 안 됩니다"),
    "C05": ("ExtensionFailedSnapshotLimitReachedError", "ExtensionFailedSnapshotLimitReachedError 스냅샷 한도"),
    "C06": ("UserErrorRequestDisallowedByPolicy", "UserErrorRequestDisallowedByPolicy 오류가 납니다"),
    "C07": ("Backup failed: UserErrorUnableToOpenMount", "UserErrorUnableToOpenMount 오류"),
    "C18": ("UserErrorRpCollectionLimitReached", "UserErrorRpCollectionLimitReached 복구 지점 컬렉션"),
    "C19": ("UserErrorUnsupportedDiskSize on a 40 TB disk", "UserErrorUnsupportedDiskSize 디스크 크기 오류"),
    "C20": ("UserErrorCrpReportedUserError", "UserErrorCrpReportedUserError 백업 실패"),
    "C21": ("BackUpOperationFailedV2 after moving the VM from the Standard policy to the Enhanced policy",
            "표준 정책에서 고급 정책으로 옮긴 뒤 BackUpOperationFailedV2"),
    "C24": ("Backup option greyed out: Not available with Ultra Disk", "백업 옵션이 회색으로 비활성화됨 Ultra Disk"),
    "C25": ("Windows Server Backup error 517 in the event log", "이벤트 로그에 Windows Server Backup 517 오류"),
    "C26": ("AppLocker blocks IaaSBcdrExtension.exe", "AppLocker가 IaaSBcdrExtension.exe를 차단합니다"),
    "C27": ("BackUpOperationFailed iaasvmprovider.dll is corrupt", "iaasvmprovider.dll 손상 BackUpOperationFailed"),
}

DELETES_DATA = re.compile(r"Delete backup data|백업 데이터 삭제|-RemoveRecoveryPoints|delete backup data", re.I)


def _backup_case_ids() -> list[str]:
    """The current cases whose home is the backup side, as the catalog files them."""
    return [case_id for case_id in CURRENT_CASE_IDS
            if case_id in catalog() and catalog()[case_id].group == "backup"]


def test_the_backup_cases_are_in_the_catalog_in_both_languages():
    assert set(SEARCHES) <= set(_backup_case_ids())
    for case_id in SEARCHES:
        title = catalog()[case_id].title
        assert title["en"].strip() and re.search("[가-힣]", title["ko"]), case_id


@pytest.mark.parametrize("case_id", sorted(SEARCHES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_the_case_in_the_top_three(index, case_id, lang):
    query = SEARCHES[case_id][LANGUAGES.index(lang)]

    hits = index.search(query, lang, 3)

    assert any(case_id in hit.refs for hit in hits), \
        f"{case_id} [{lang}] {query!r} -> {[(h.step, h.refs) for h in hits]}"


def test_every_current_case_in_the_catalog_is_cited_by_a_resolution(flows):
    cited = {ref for step in flows.resolutions() for ref in step.refs}
    in_catalog = [case_id for case_id in CURRENT_CASE_IDS if case_id in catalog()]

    assert not [case_id for case_id in in_catalog if case_id not in cited]


def test_lint_reports_both_catalogs_and_counts_current_cases_out_of_27():
    report = lint_paths()
    in_catalog = sum(case_id in catalog() for case_id in CURRENT_CASE_IDS)

    assert report.ok, report.problems
    assert f"seed cases covered {len(seed_ids())}/54" in report.summary()
    # 13/27 on the backup branch alone; 27/27 once the restore side's cases are merged in.
    assert f"current cases covered {in_catalog}/27" in report.summary()


# -- UserErrorBcmDatasourceNotPresent: protection paused, never "delete the data" ----------------

def _says_to_delete_data(step: ResolutionStep) -> bool:
    texts = [step.title[lang] + step.body[lang] for lang in LANGUAGES]
    texts += [command.text for command in step.commands]
    texts += [command.note[lang] for command in step.commands if command.note for lang in LANGUAGES]
    return any(DELETES_DATA.search(text) for text in texts)


def _ways_on(flows, flow_id: str, step) -> list[tuple[str, str]]:
    if isinstance(step, ChoiceStep):
        return [(flow_id, option.next) for option in step.options]
    if isinstance(step, CheckStep):
        return [(flow_id, target) for target in step.on.values()]
    if isinstance(step, GotoStep):
        return [(step.flow, step.step or flows[step.flow].start)]
    return [(flow_id, step.next)] if getattr(step, "next", None) else []


def _everything_after(flows, start: tuple[str, str]) -> list[tuple[str, str]]:
    seen, queue = {start}, deque([start])
    while queue:
        flow_id, step_id = queue.popleft()
        for node in _ways_on(flows, flow_id, flows[flow_id].steps[step_id]):
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return sorted(seen)


def test_paused_protection_never_leads_to_deleting_backup_data(flows, index):
    with_the_code = [(flow.id, step.id) for flow in flows for step in flow.steps.values()
                     if isinstance(step, ResolutionStep) and "UserErrorBcmDatasourceNotPresent" in step.error_codes]
    assert with_the_code
    for lang in LANGUAGES:
        hits = index.search("UserErrorBcmDatasourceNotPresent", lang, 1)
        assert (hits[0].flow, hits[0].step) in with_the_code

    # The choice a person makes for this code, and everything "Still failing" leads to after it.
    session = Session(flows, "backup-failing", platform="windows")
    option = next(o for o in flows["backup-failing"].steps["which-error-more"].options
                  if o.hint and "UserErrorBcmDatasourceNotPresent" in o.hint["en"])
    result = walk(session, parse_answers(flows, ["which-error=more", f"which-error-more={option.id}"]),
                  lambda check_id: CheckResult(check_id, Status.SKIPPED, {"en": "", "ko": ""}))
    assert result.complete and (session.current.flow, session.step.id) in with_the_code

    for start in with_the_code:
        for flow_id, step_id in _everything_after(flows, start):
            step = flows[flow_id].steps[step_id]
            if isinstance(step, ResolutionStep):
                assert not _says_to_delete_data(step), f"{start} leads to {flow_id}/{step_id}"


def test_the_deleted_vm_fix_no_longer_claims_the_paused_protection_code(flows):
    step = flows["backup-failing"].steps["fix-vm-deleted"]
    assert "UserErrorBcmDatasourceNotPresent" not in step.error_codes


def test_azure_vm_offline_leads_to_the_agent_prerequisite_fix(flows, index):
    for lang in LANGUAGES:
        hits = index.search("380008 AzureVmOffline", lang, 1)
        assert hits and "B11" in hits[0].refs, hits


# -- the changed guidance, in both languages -----------------------------------------------------

CHANGED_GUIDANCE = [
    # (flow, step, facts that must be in both languages' text or in the commands)
    ("linux-freeze", "fix-skip-mounts", ["MountsToSkip", "SafeFreezeWaitInSeconds=600", "Failed to FITHAW", "/etc/fstab"]),
    ("snapshot-vss", "fix-vcredist", ["Visual Studio 2015", "vcredist2013_x64", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes",
                                      "1401", "System error 5"]),
    ("snapshot-delays", "fix-sql-copy-backup", ["UseVSSCopyBackup", "Copy-Only", "`True`", "`False`"]),
    ("agent-comms", "fix-agent-service", [".NET Framework 4.5", "2.2.53.1"]),
    ("agent-missing", "fix-update-windows", ["2.7.41491.1010"]),
    ("agent-missing", "fix-update-linux", ["2.2.53.1"]),
    ("backup-failing", "fix-operation-in-progress", ["Stop-AzRecoveryServicesBackupJob"]),
    ("complus-msdtc", "fix-msdtc", ["Network Service", "msdtc -uninstall"]),
]


def _text(step: ResolutionStep, lang: str) -> str:
    return "\n".join([step.title[lang], step.body[lang]] + [c.text for c in step.commands]
                     + [c.note[lang] for c in step.commands if c.note])


@pytest.mark.parametrize("flow_id, step_id, facts", CHANGED_GUIDANCE)
def test_the_changed_guidance_is_stated_in_both_languages(flows, flow_id, step_id, facts):
    step = flows[flow_id].steps[step_id]
    for lang in LANGUAGES:
        for fact in facts:
            assert fact in _text(step, lang), f"{fact!r} missing from {lang} {flow_id}/{step_id}"


def test_the_self_contradicting_vss_copy_note_is_called_a_contradiction(flows):
    step = flows["snapshot-delays"].steps["fix-sql-copy-backup"]
    assert "contradicts itself" in step.body["en"] and "모순" in step.body["ko"]


@pytest.mark.parametrize("flow_id, step_id", [("backup-failing", "fix-internal-error"),
                                              ("backup-failing", "fix-vhd-copy-timeout"),
                                              ("agent-comms", "fix-restart-vm"),
                                              ("agent-comms", "fix-failed-extension"),
                                              ("complus-msdtc", "fix-complus-snapshot"),
                                              ("snapshot-vss", "fix-vcredist")])
def test_advice_kept_for_reference_is_labelled_older_guidance(flows, flow_id, step_id):
    step = flows[flow_id].steps[step_id]
    assert "Older guidance" in step.body["en"] and "이전 지침" in step.body["ko"]


def test_old_restart_and_uninstall_advice_is_gone_from_the_com_plus_snapshot_fix(flows):
    step = flows["complus-msdtc"].steps["fix-complus-snapshot"]
    assert not any("az vm restart" in c.text or "extension delete" in c.text for c in step.commands)


# -- commands: effect, placeholders, the known unsafe ones ---------------------------------------

def _commands():
    for name in BACKUP_FLOWS:
        flow = yaml.safe_load((FLOWS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        for step_id, step in flow["steps"].items():
            for command in step.get("commands") or []:
                yield name, step_id, command


def test_every_command_of_the_backup_flows_declares_its_effect():
    missing = [f"{name}/{step_id}: {command['text']}" for name, step_id, command in _commands()
               if "effect" not in command]
    assert not missing


def test_no_command_names_a_real_device_where_the_user_must_choose():
    literal_devices = [command["text"] for _, _, command in _commands()
                       if re.search(r"/dev/(sd|nvme|xvd|vd)[a-z0-9]", command["text"])]
    assert not literal_devices


def test_file_system_repair_is_dry_run_first_and_never_read_only():
    texts = {command["text"]: command["effect"] for _, _, command in _commands()}
    repairs = {text: effect for text, effect in texts.items()
               if re.search(r"\b(fsck|xfs_repair)\b", text) and " -n " not in f"{text} "}
    assert repairs and all(effect == "destructive" for effect in repairs.values())
    assert any(re.search(r"fsck -n <device>", text) for text in texts)
    assert any(re.search(r"xfs_repair -n <device>", text) for text in texts)


def test_bitlocker_is_turned_off_on_the_chosen_volume_only():
    for _, _, command in _commands():
        if "Disable-BitLocker" in command["text"]:
            assert "|" not in command["text"].split("Disable-BitLocker")[0], command["text"]
            assert "-MountPoint" in command["text"] and "<" in command["text"]


def test_selinux_policy_is_built_from_the_agents_denials_only():
    builders = [command["text"] for _, _, command in _commands() if "audit2allow" in command["text"]]
    assert builders
    for text in builders:
        feeding = text.split("audit2allow")[0]
        assert "waagent" in feeding, text


def test_writer_restarts_and_msdtc_reinstall_carry_the_downtime_warning():
    effects = {(step_id, command["text"]): command["effect"] for _, step_id, command in _commands()}
    assert effects[("fix-vss-writers", "net stop <service>")] == "needs-downtime"
    assert effects[("fix-msdtc", "msdtc -uninstall")] == "needs-downtime"


def test_registry_edits_come_after_an_export_of_the_same_key():
    by_step: dict[str, list[str]] = {}
    for name, step_id, command in _commands():
        by_step.setdefault(f"{name}/{step_id}", []).append(command["text"])
    for step, texts in by_step.items():
        for i, text in enumerate(texts):
            added = re.match(r'(?i)reg add "?(HKLM\\[^" ]+?)(\\v[\d.]+)?"? ', text)
            if added:
                key = added.group(1).lower()
                assert any(t.lower().startswith("reg export") and key in t.lower() for t in texts[:i]), (step, text)


def test_no_guessed_next_hop_route_is_offered():
    assert not [command["text"] for _, _, command in _commands() if "New-NetRoute" in command["text"]]

"""The restore side of Microsoft's current pages (shared/seed/current-docs.md): every current
restore, file-recovery and archive case is found by search in both languages and reached by
answering questions from an entry flow; the classic restore fixes say they are retired; the
network, jobs and restore texts follow the changed guidance, and every command says what it does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from troubleshooter.flows.catalog import catalog
from troubleshooter.flows.model import ResolutionStep
from troubleshooter.flows.session import Session
from troubleshooter.i18n import LANGUAGES
from troubleshooter.resources import flows_dir, resource_path
from troubleshooter.search import default_index

HERE = Path(__file__).parent
WALKS = yaml.safe_load((HERE / "walks_restore_current.yaml").read_text(encoding="utf-8"))
OUR_FILES = ("restore_failing.yaml", "jobs.yaml", "slow_job.yaml", "network.yaml")
OUR_IDS = (["C02", "C03"] + [f"C{n:02d}" for n in range(8, 18)] + ["C22", "C23"]
           + [f"C{n:02d}" for n in range(28, 51)])
RETIRED = {"R01": "fix-special-network-config", "R02": "fix-dns-name-taken", "R03": "fix-vnet-config-classic",
           "R04": "fix-reserved-ip", "R05": "fix-endpoint-limit"}
CLASSIC_RETIREMENT = "2023-09-01"

# C-ID -> (the code the portal shows, or None; how a person might say it in English; in Korean).
# Written from current-docs.md and the portal's wording, apart from the flow texts.
SEARCHES = {
    "C02": ("UserErrorSkuNotAvailable", "restore failed, VM creation failed because the selected VM size is not available",
            "복원할 때 선택한 VM 크기를 사용할 수 없어서 VM 생성 실패"),
    "C03": ("UserErrorMarketPlaceVMNotSupported", "VM creation failed due to market place purchase request being not present",
            "마켓플레이스 구매 요청이 없어서 VM 만들기 실패"),
    "C08": ("UserErrorInstantRpNotFound", "restore failed because the snapshot of the VM was not found, it could have been deleted",
            "VM 스냅샷을 찾을 수 없어 복원 실패 스냅샷이 삭제된 것 같음"),
    "C09": ("UserErrorMigrationFromTrustedLaunchVMToNonTrustedVMNotAllowed",
            "cannot configure backup, VM migrated from trusted launch to non trusted launch",
            "신뢰할 수 있는 시작 VM을 일반 VM으로 바꾼 뒤 백업 구성 안 됨"),
    "C10": ("UserErrorCrossSubscriptionRestoreNotSupportedForOLR",
            "cross subscription restore not supported for original location recovery",
            "원래 위치 복구에서 구독 간 복원이 지원되지 않는다고 나옴"),
    "C11": ("UserErrorCrossSubscriptionRestoreNotSupportedForUnManagedAzureVM",
            "cross subscription restore is not supported for VMs with unmanaged disks", "관리되지 않는 디스크 VM은 구독 간 복원 불가"),
    "C12": ("UserErrorCrossSubscriptionRestoreNotSupportedForCRR",
            "cross subscription restore not supported with cross region restore", "지역 간 복원이랑 구독 간 복원을 같이 못 한다고 함"),
    "C13": ("UserErrorCrossSubscriptionRestoreNotSupportedFromSnapshot",
            "cross subscription restore not supported from snapshot recovery point", "스냅샷 복구 지점으로는 구독 간 복원이 안 됨"),
    "C14": ("UserErrorCrossSubscriptionRestoreInvalidTenant",
            "tenant id of source subscription does not match target subscription", "원본 구독과 대상 구독의 테넌트 ID가 달라서 복원 실패"),
    "C15": ("UserErrorCrossSubscriptionRestoreInvalidTargetSubscription",
            "target subscription is not registered to Recovery Services resource provider",
            "대상 구독이 Recovery Services 리소스 공급자에 등록되지 않음"),
    "C16": ("UserErrorCrossSubscriptionRestoreNotSupportedForEncryptedAzureVM",
            "cross subscription restore not supported for encrypted azure VMs", "암호화된 VM을 다른 구독으로 복원할 수 없음"),
    "C17": ("UserErrorCrossSubscriptionRestoreNotSupportedForTrustedLaunchAzureVM",
            "cross subscription restore is not supported for trusted launch VMs", "신뢰할 수 있는 시작 VM은 다른 구독으로 복원이 안 됨"),
    "C22": (None, "disks appear offline after running file restore", "파일 복원 후 디스크가 오프라인 상태"),
    "C23": (None, "folder missing after restoring linux VM as a new VM, disks mounted by device name",
            "리눅스 VM을 새 VM으로 복원했더니 폴더가 없어짐"),
    "C28": (None, "Exception caught while connecting to target when running the file recovery script",
            "파일 복구 스크립트 실행 시 대상 연결 중 예외 발생 iSCSI 3260"),
    "C29": (None, "the target has already been logged in via an iSCSI session", "대상이 이미 iSCSI 세션으로 로그인되어 있다고 나옵니다"),
    "C30": (None, "file recovery script invalid, disks dismounted from portal or 12 hours exceeded",
            "파일 복구 스크립트가 12시간이 지나서 유효하지 않음"),
    "C31": (None, "iscsi_tcp module can't be loaded on SLES 12 SP4", "SLES 12 SP4에서 iscsi_tcp 모듈을 로드할 수 없음"),
    "C32": (None, "unable to download the file recovery script", "파일 복구 스크립트 다운로드가 안 됩니다"),
    "C33": (None, "storage pool attached as read only after running the script on Windows Server 2016",
            "스크립트 실행 후 저장소 풀이 읽기 전용으로 연결됨"),
    "C34": (None, "linux disk not mounted automatically, raw partitions no volumes LVM", "원시 파티션이라 리눅스 디스크가 자동 탑재되지 않음"),
    "C35": (None, "partitions fail to mount, OS cannot identify the filesystem", "파일 시스템을 인식하지 못해 파티션 탑재 실패"),
    "C36": (None, "0 recovery volumes attached but disk management shows the disks",
            "복구 볼륨이 0개 연결되었다고 나오는데 디스크 관리에는 디스크가 보임"),
    "C37": ("0x80070780", "copy from mounted recovery volume fails, the file cannot be accessed by the system",
            "복구 볼륨에서 복사하면 시스템에서 파일에 액세스할 수 없다는 오류"),
    "C38": ("RecoveryPointTypeNotEligibleForArchive", "recovery point type not eligible for archive",
            "이 복구 지점 유형은 보관 계층으로 이동할 수 없음"),
    "C39": ("RecoveryPointHaveActiveDependencies", "recovery point has active dependencies, cannot move to archive",
            "복구 지점에 활성 종속성이 있어서 보관 불가"),
    "C40": ("MinLifeSpanInStandardRequiredForArchive", "recovery point must be in standard tier for 3 months before archive",
            "보관 계층으로 옮기려면 표준 계층에 3개월 있어야 함"),
    "C41": ("MinRemainingLifeSpanInArchiveRequired", "minimum remaining lifespan of 6 months required for archive",
            "보관하려면 남은 보존 기간이 6개월 이상 필요"),
    "C42": ("UserErrorRecoveryPointAlreadyInArchiveTier", "recovery point is already in archive tier", "복구 지점이 이미 보관 계층에 있음"),
    "C43": ("UserErrorDatasourceTypeIsNotSupportedForRecommendationApi", "recommendation api not supported for this datasource type",
            "권장 사항 API가 이 데이터 원본 유형을 지원하지 않음"),
    "C44": ("UserErrorRecoveryPointAlreadyRehydrated", "recovery point already rehydrated", "복구 지점이 이미 리하이드레이션됨"),
    "C45": ("UserErrorRecoveryPointIsNotEligibleForArchiveMove", "recovery point is not eligible for archive move",
            "복구 지점이 보관 이동 대상이 아님"),
    "C46": ("UserErrorRecoveryPointNotRehydrated", "restore from archive fails, recovery point not rehydrated",
            "보관된 복구 지점이 리하이드레이션되지 않아 복원 실패"),
    "C47": ("UserErrorRecoveryPointRehydrationNotAllowed", "rehydration not allowed for this recovery point, it is not in archive",
            "이 복구 지점은 리하이드레이션이 허용되지 않음"),
    "C48": ("UserErrorRecoveryPointRehydrationAlreadyInProgress", "rehydration already in progress for the recovery point",
            "리하이드레이션이 이미 진행 중"),
    "C49": ("RPMoveNotSupportedDueToInsufficientRetention", "cannot move recovery point to archive, policy retention insufficient",
            "정책 보존 기간이 부족해서 복구 지점 이동 불가"),
    "C50": ("RPMoveReadinessToBeDetermined", "recovery point move readiness to be determined", "복구 지점 이동 준비 상태를 아직 알 수 없음"),
}


def _raw(name: str) -> dict:
    return yaml.safe_load((flows_dir() / name).read_text(encoding="utf-8"))


def _our_steps(flows):
    for flow in flows:
        if Path(flow.file).name in OUR_FILES:
            for step in flow.steps.values():
                yield flow, step


def _texts(node, lang: str):
    """Every string of one language in a raw flow file, wherever it sits."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == lang and isinstance(value, str):
                yield value
            else:
                yield from _texts(value, lang)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, lang)


def _step_text(step: ResolutionStep, lang: str) -> str:
    parts = [step.title[lang], step.body[lang]] + [m[lang] for m in step.messages]
    parts += [c.note[lang] for c in step.commands if c.note]
    return "\n".join(parts)


def test_every_case_of_ours_is_in_the_catalog_with_a_walk_and_searches():
    cases = catalog()
    assert [i for i in OUR_IDS if i not in cases] == []
    assert sorted(WALKS) == sorted(OUR_IDS)
    assert sorted(SEARCHES) == sorted(OUR_IDS)
    for case_id in OUR_IDS:
        assert cases[case_id].group in ("restore", "file-recovery", "archive"), case_id
        assert all(cases[case_id].title[lang] for lang in LANGUAGES), case_id


@pytest.mark.parametrize("case_id", OUR_IDS)
def test_answers_alone_lead_from_an_entry_flow_to_the_case(flows, case_id):
    row = WALKS[case_id]
    assert row["flow"] in {f.id for f in flows.entry_flows()}
    session = Session(flows, row["flow"], platform=row.get("platform", "windows"))
    for answer in row["answers"]:
        step_id, option = answer.split("=")
        assert session.step.id == step_id, f"{case_id}: expected to be asked {step_id}, got {session.step.id}"
        session.choose(option)
    step = session.step
    assert isinstance(step, ResolutionStep), f"{case_id}: ended at {step.id} ({step.kind})"
    assert f"{session.current.flow}/{step.id}" == row["step"]
    assert case_id in step.refs


@pytest.mark.parametrize("case_id, lang", [(case_id, lang) for case_id in OUR_IDS for lang in ("en", "ko", "code")
                                           if lang != "code" or SEARCHES[case_id][0]])
def test_search_finds_the_case_in_the_top_3(case_id, lang):
    code, english, korean = SEARCHES[case_id]
    query = {"en": english, "ko": korean, "code": code}[lang]
    hits = default_index().search(query, "ko" if lang == "ko" else "en", 3)
    found = [hit for hit in hits if case_id in hit.refs]
    assert found, f"{case_id} {lang}: {query!r} -> {[(h.step, h.refs) for h in hits]}"
    if code:
        assert code in found[0].error_codes, f"{found[0].step} does not carry {code}"


def test_a_pasted_portal_message_with_job_details_finds_the_cross_subscription_case():
    pasted = ("Job ID 4f1e2a90-7c1b-4d33-9a51-0c2f5e8b7d21 Restore Failed 12/01/2026 10:14:07 "
              "Error Code UserErrorCrossSubscriptionRestoreInvalidTenant Error Message Tenant ID for source "
              "subscription doesn't match target subscription.")
    hits = default_index().search(pasted, "en", 3)
    assert hits and hits[0].refs == ("C14",)


@pytest.mark.parametrize("case_id", sorted(RETIRED))
def test_classic_restore_fixes_are_marked_retired_and_say_what_to_do_now(flows, case_id):
    step = flows.resolve("restore-failing", RETIRED[case_id])
    assert case_id in step.refs
    assert step.retired == CLASSIC_RETIREMENT
    assert CLASSIC_RETIREMENT in step.body["en"] and CLASSIC_RETIREMENT in step.body["ko"]
    assert "What to do now" in step.body["en"] and "지금 할 일" in step.body["ko"]
    assert "retired" in step.title["en"] and "사용 중지" in step.title["ko"]


def test_current_restore_fixes_are_not_marked_retired(flows):
    for flow, step in _our_steps(flows):
        if isinstance(step, ResolutionStep) and step.id not in RETIRED.values():
            assert step.retired is None, f"{flow.id}/{step.id}"


def test_the_answers_that_lead_to_retired_fixes_say_classic(flows):
    for flow, step in _our_steps(flows):
        for option in getattr(step, "options", ()):
            target = flow.steps.get(option.next)
            if isinstance(target, ResolutionStep) and target.retired:
                assert "classic" in option.label["en"] and "클래식" in option.label["ko"], option.id


def test_every_command_of_ours_says_what_it_does(flows):
    for flow, step in _our_steps(flows):
        for command in getattr(step, "commands", ()):
            assert command.effect in ("read-only", "changes-config", "restarts-service", "needs-downtime",
                                      "lowers-protection", "destructive"), f"{flow.id}/{step.id}: {command.text}"
            if command.effect in ("destructive", "needs-downtime", "lowers-protection"):
                assert command.note and all(command.note.get(lang) for lang in LANGUAGES), \
                    f"{flow.id}/{step.id}: a {command.effect} command needs its warning in both languages"


def test_deleting_backup_data_comes_with_its_precautions(flows):
    step = flows.resolve("restore-failing", "fix-trusted-launch-migration")
    destructive = [c.text for c in step.commands if c.effect == "destructive"]
    assert any("Delete backup data" in text for text in destructive)
    assert any("Soft delete (turn off)" in text for text in destructive)
    en, ko = step.body["en"], step.body["ko"]
    assert "permanently" in en and "영구히" in ko
    assert "Enable soft delete again" in en and "일시 삭제를 다시 사용하도록 설정" in ko
    # the ways that delete nothing come first
    assert en.index("another name") < en.index("Disable soft delete")


def test_no_network_text_says_the_extension_needs_the_internet():
    raw = _raw("network.yaml")
    claims = {"en": re.compile(r"needs? (public )?internet|internet access|access to the (public )?internet", re.I),
              "ko": re.compile(r"인터넷 액세스|인터넷에 액세스해야|인터넷 연결이 필요")}
    for lang, claim in claims.items():
        for text in _texts(raw, lang):
            assert not claim.search(text), text


def test_no_flow_adds_routes_with_a_guessed_next_hop(flows):
    for flow in flows:
        for step in flow.steps.values():
            for command in getattr(step, "commands", ()):
                assert "New-NetRoute" not in command.text, f"{flow.id}/{step.id}"


def test_codes_missing_from_the_current_pages_are_labelled_older(flows):
    holders = [(f, s) for f, s in _our_steps(flows)
               if isinstance(s, ResolutionStep) and "ExtensionFailedTimeoutDelayInNetwork" in s.error_codes]
    assert holders
    for _, step in holders:
        assert "older" in step.body["en"] and "이전" in step.body["ko"]


def test_cancelling_a_running_job_covers_the_old_vault_and_its_cost(flows):
    session = Session(flows, "backup-failing", platform="windows")
    session.choose("more")
    session.choose("cancel")
    session.choose("job-in-the-way")
    step = session.step
    assert "B08" in step.refs
    # Cancelling loses only that run: no data-loss warning, but the note says what stays.
    assert any(c.text.startswith("Stop-AzRecoveryServicesBackupJob") and c.effect == "changes-config"
               and "existing recovery points stay" in c.note["en"] for c in step.commands)
    assert "old vault" in step.body["en"] and "이전 자격 증명 모음" in step.body["ko"]
    assert "no recovery point" in step.body["en"] and "복구 지점을 남기지 않" in step.body["ko"]


def _sentences(text: str) -> int:
    return len([part for part in re.split(r"[.:!?](?:\s+|$)", text) if part.strip()])


def test_korean_portal_messages_of_restore_are_complete(flows):
    for step in flows["restore-failing"].steps.values():
        for message in getattr(step, "messages", ()):
            assert _sentences(message["ko"]) >= _sentences(message["en"]), (step.id, message)


def _glossary_variants() -> list[str]:
    terms = yaml.safe_load(resource_path("glossary.yaml").read_text(encoding="utf-8"))
    return [variant for term in terms for variant in term.get("variants") or ()]


@pytest.mark.parametrize("name", OUR_FILES)
def test_korean_uses_the_glossary_and_one_register(name):
    variants = _glossary_variants()
    for text in _texts(_raw(name), "ko"):
        prose = re.sub(r"`[^`]*`", "", text)  # a variant inside a command or path is not prose
        for variant in variants:
            assert variant not in prose, f"{name}: '{variant}' in {text!r}"
        assert "세요" not in prose, f"{name}: not 합니다체: {text!r}"

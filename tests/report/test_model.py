"""The report model: what a support engineer learns from it, built from the session alone."""

from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.flows.session import Session
from troubleshooter.report import build_report

from tests.report.conftest import METADATA_FACTS, SUBSCRIPTION, VM_ID


def test_header_carries_the_vm_facts_from_the_metadata_check(vss_session):
    report = build_report(vss_session)
    vm = report.header.vm
    assert (vm.vm_name, vm.resource_group, vm.subscription_id, vm.location, vm.vm_id, vm.vm_size) == (
        METADATA_FACTS["vm_name"], "rg-backup-prod", SUBSCRIPTION, "koreacentral", VM_ID, "Standard_D4s_v5")
    assert report.header.product == "VM Backup Troubleshooter"
    assert "UTC" in report.header.generated_at_display  # the time zone is always named
    assert report.header.generated_at[-6] in "+-"


def test_questions_checks_and_actions_come_from_the_walk(vss_session):
    report = build_report(vss_session)
    assert [(q.prompt["en"], q.answer["en"], q.answer["ko"]) for q in report.questions] == [
        ("What do you see?", "A VSS error", "VSS 오류")]
    assert [(c.check_id, c.status, c.role) for c in report.checks] == [
        ("example.always_ok", "problem", "check"), ("common.metadata", "ok", "verify")]
    assert report.checks[0].title["en"] == "Example check"  # the registered title, not the id
    assert report.checks[0].title["ko"] == "예제 검사"
    assert report.actions == ()  # the one fix did not help: nothing is recommended
    action = report.tried[0]
    assert action.title["en"] == "Restart the VSS writers"
    assert action.commands == ()  # a failed fix's commands are not advice
    assert action.verdict == "still-failing"
    assert report.complete and report.outcome.state == "support"
    assert report.outcome.fix == {}  # support: no fix was found


def test_a_fixed_walk_says_so(example_flows, example_check_outcome):
    session = Session(example_flows, "example", lang="en", platform="windows")
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.PROBLEM, {"en": "bad", "ko": "나쁨"}))
    session.resolve()
    report = build_report(session)
    assert report.outcome.state == "resolved"
    assert report.actions[0].verdict == "fixed"
    assert report.outcome.label["ko"] == "해결됨"


def test_log_locations_follow_the_platform(example_flows):
    linux = build_report(Session(example_flows, "example", platform="linux"))
    windows = build_report(Session(example_flows, "example", platform="windows"))
    assert "/var/log/waagent.log" in linux.support.log_locations
    assert "C:\\WindowsAzure\\Logs\\WaAppAgent.log" in windows.support.log_locations
    assert not any(path.startswith("/var") for path in windows.support.log_locations)


def test_a_walk_stopped_at_a_question_is_marked_incomplete(example_flows, example_check_outcome):
    session = Session(example_flows, "example", platform="linux")
    session.choose("vss")
    session.record_check(CheckResult("example.always_ok", Status.SKIPPED, {"en": "skipped", "ko": "건너뜀"}))
    report = build_report(session)
    assert not report.complete
    assert report.stopped_at["en"] == "Is any writer not stable?"
    assert report.outcome.state == "incomplete"
    assert [c.status for c in report.checks] == ["skipped"]  # the checks that ran are still there


def test_complete_false_overrides_a_walk_at_a_resolution(example_flows):
    session = Session(example_flows, "example", platform="linux")
    session.choose("linux-only")
    assert build_report(session).complete
    assert not build_report(session, complete=False).complete


def test_goto_and_search_jumps_show_in_the_path(example_flows):
    session = Session(example_flows, "example", platform="linux")
    session.choose("shared")  # a goto into the shared network flow
    session.jump_to("example", "fix-linux", via="search")
    report = build_report(session)
    vias = [(entry.step_id, entry.via) for entry in report.path]
    assert ("fix-network", "goto") in vias and ("fix-linux", "search") in vias
    assert report.path[1].flow_title["en"] == "Network piece"


def test_hide_identifiers_masks_the_header_and_every_text(vss_session):
    report = build_report(vss_session, hide_identifiers=True)
    assert report.header.vm.subscription_id == report.header.vm.vm_id == report.header.host_name == "[hidden]"
    assert report.header.vm.vm_name == "prod-sql-01"  # the name is how support finds the VM; it stays
    dumped = repr(report)
    assert SUBSCRIPTION not in dumped and VM_ID not in dumped and "10.20.30.40" not in dumped


def test_an_unregistered_check_is_named_by_its_id(long_session):
    titles = {c.check_id: c.title["en"] for c in build_report(long_session).checks}
    assert titles["report.check_2"] == "report.check_2"


def test_metadata_seen_only_in_a_check_step_still_fills_the_header(long_session):
    assert build_report(long_session).header.vm.vm_id == VM_ID


def test_a_windows_report_names_windows_even_where_an_os_release_file_is_readable(monkeypatch):
    # Under Wine drive Z: is the Linux root, so os-release is readable from a Windows program.
    import platform

    from troubleshooter.report import model as report_model

    monkeypatch.setattr(report_model.sys, "platform", "win32")
    monkeypatch.setattr(platform, "freedesktop_os_release", lambda: {"PRETTY_NAME": "Debian GNU/Linux 12"})
    monkeypatch.setattr(platform, "platform", lambda terse=False: "Windows-10")
    assert report_model._os_name() == "Windows-10"
    monkeypatch.setattr(report_model.sys, "platform", "linux")
    assert report_model._os_name().startswith("Debian GNU/Linux 12 (kernel ")

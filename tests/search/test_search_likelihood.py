"""Likely first: among fixes that answer the same error, the cause that is most often the answer
goes first (each fix's likelihood names its source), in search and in a question's options."""

from __future__ import annotations

import pytest

from troubleshooter.flows.model import ChoiceStep, ResolutionStep


def _order(hits) -> list[str]:
    return [f"{hit.flow}/{hit.step}" for hit in hits]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("platform", ["linux", None])
def test_agent_stopped_or_outdated_ranks_above_extensions_disabled(index, lang, platform):
    # Issue 22 item 5: the rare Extensions.Enabled=n fix came first on Linux.
    order = _order(index.search("UserErrorGuestAgentStatusUnavailable", lang=lang, platform=platform, limit=10))
    assert order[0] == "agent-comms/fix-agent-service", order
    assert order.index("agent-comms/fix-waagent-conf") > order.index("agent-comms/fix-agent-service"), order


def test_every_likelihood_names_its_source(flows):
    rated = [step for step in flows.resolutions() if step.likelihood is not None]
    assert len(rated) >= 5
    for step in rated:
        assert step.likelihood.level in ("common", "occasional", "rare")
        assert len(step.likelihood.source) > 20, step.id


def test_the_agent_fixes_for_one_error_are_rated(flows):
    steps = {s.id: s for s in flows["agent-comms"].steps.values() if isinstance(s, ResolutionStep)}
    assert steps["fix-agent-service"].likelihood.level == "common"
    assert steps["fix-waagent-conf"].likelihood.level == "rare"


def test_options_that_lead_to_fixes_are_listed_most_likely_first(flows):
    """What the linter holds, checked on the product's flows: no option to a rarer fix before an
    option to a more common one."""
    from troubleshooter.flows.lint_rules import likelihood_problems

    assert likelihood_problems(flows) == []
    assert any(isinstance(step, ChoiceStep) for step in flows["agent-comms"].steps.values())


def test_a_hit_shows_the_vm_os_part_of_the_fix(index):
    hit = next(h for h in index.search("UserErrorGuestAgentStatusUnavailable", platform="linux", limit=10)
               if h.step == "fix-agent-service")
    assert "waagent" in hit.text and "services.msc" not in hit.text
    both = next(h for h in index.search("UserErrorGuestAgentStatusUnavailable", limit=10)
                if h.step == "fix-agent-service")
    assert "services.msc" in both.text  # no OS named: the whole fix

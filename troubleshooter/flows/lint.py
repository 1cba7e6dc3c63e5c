"""The way in to the flow linter: `lint_paths` reports every problem in the flows,
`load_checked_flows` returns flows that passed (from the cache of checked flows when their
files have not changed since they last passed)."""

from troubleshooter.flows.compiled import load_checked_flows
from troubleshooter.flows.linter import LintReport, coverage_summary, lint_flows, lint_paths

__all__ = ["LintReport", "coverage_summary", "lint_flows", "lint_paths", "load_checked_flows"]

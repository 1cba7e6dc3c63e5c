"""The one error type for anything wrong with a flow file, always pointing at a place in it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class FlowProblem:
    """One problem found in a flow file. Lines and columns count from 1."""

    file: str
    line: int
    column: int
    message: str
    # A stable name of the rule that found it, for tools and tests that must not depend on wording.
    rule: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class FlowError(Exception):
    """Raised when flow files cannot be used; carries every problem found, in file order."""

    def __init__(self, problems: list[FlowProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

"""Small flow files for the linter's tests: the head and the end step every one of them needs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# Every small flow ends here; its steps' `next: done` lead to it.
DONE_STEP = "  done: {kind: end, title: {en: Done, ko: 끝}, body: {en: Done., ko: 끝났습니다.}}"


def write_flow(folder: Path, flow_id: str, start: str, steps: str | Iterable[str]) -> Path:
    """Write folder/<flow_id>.yaml: the flow `flow_id`, starting at step `start`, with `steps` (YAML
    under `steps:`, each step indented by two spaces; text or lines) followed by the step `done`."""
    body = steps if isinstance(steps, str) else "".join(f"{line}\n" for line in steps)
    path = folder / f"{flow_id}.yaml"
    path.write_text(f"id: {flow_id}\ntitle: {{en: {flow_id.capitalize()}, ko: 시험}}\nstart: {start}\nsteps:\n"
                    f"{body}{DONE_STEP}\n", encoding="utf-8")
    return path

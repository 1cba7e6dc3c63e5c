"""The real command line, with the example flow's check registered (for subprocess tests).

Run as `python cli_with_example_check.py lint ...` or `... run --flow example ...`.
"""

from __future__ import annotations

import sys

from troubleshooter.checks.registry import check
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import main


@check("example.always_ok", title={"en": "Example check", "ko": "예제 검사"},
       description={"en": "Looks at nothing.", "ko": "아무것도 보지 않습니다."})
def _example(host):
    return CheckResult("example.always_ok", Status.OK, {"en": "Example: ok", "ko": "예제: 정상"})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

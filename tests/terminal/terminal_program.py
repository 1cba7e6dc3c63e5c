"""The real command line, on a machine the test describes (for the terminal wizard's pty tests).

TEST_VM_OS=linux|windows makes this machine an Azure VM of that OS (by default it is whatever it
is: here, not an Azure VM, so the checks are off). TEST_CHECK_DELAY=N makes every check take N
seconds unless cancelled, so a test can cancel one while it runs.
"""

from __future__ import annotations

import os
import sys

from troubleshooter import platform as this_platform
from troubleshooter.checks import runner
from troubleshooter.checks.result import CheckResult, Status
from troubleshooter.cli import main

if os.environ.get("TEST_VM_OS"):
    vm = this_platform.ThisMachine(os.environ["TEST_VM_OS"], True, "agent")
    this_platform.this_machine = lambda *args, **kwargs: vm

if os.environ.get("TEST_CHECK_DELAY"):
    delay = float(os.environ["TEST_CHECK_DELAY"])

    def slow_check(check_id, **options):
        cancel = options.get("cancel_event")
        if cancel is not None and cancel.wait(delay):
            return CheckResult(check_id, Status.ERROR, {"en": "Cancelled.", "ko": "취소했습니다."})
        return CheckResult(check_id, Status.PROBLEM, {"en": "Found: problem", "ko": "결과: 문제"},
                           evidence="service walinuxagent: inactive")

    runner.run_check = slow_check

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

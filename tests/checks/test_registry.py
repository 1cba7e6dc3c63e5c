"""Looking one check up loads its own module only, and the table that makes that possible is whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from troubleshooter.checks.builtin import BUILTIN_CHECK_MODULES, BUILTIN_CHECKS
from troubleshooter.checks.registry import all_checks, builtin_check_ids

ROOT = Path(__file__).resolve().parents[2]


def test_every_builtin_check_is_in_the_table_under_the_module_that_defines_it():
    registered = {check_id: all_checks()[check_id].function.__module__ for check_id in builtin_check_ids()}
    assert BUILTIN_CHECKS == registered
    assert set(BUILTIN_CHECKS.values()) == set(BUILTIN_CHECK_MODULES)


LOOK_UP_ONE = """
import json, sys
from troubleshooter.checks.registry import get
spec = get(sys.argv[1])
print(json.dumps({"title": spec.title["en"], "platforms": sorted(spec.platforms),
                  "loaded": sorted(name for name in sys.modules if name.startswith("troubleshooter.checks."))}))
"""


def test_looking_up_one_check_loads_its_module_and_no_other_check_module():
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", LOOK_UP_ONE, "windows.msdtc"], capture_output=True, text=True,
                          env=environment, timeout=60, check=True)
    found = json.loads(done.stdout)
    assert found["platforms"] == ["windows"] and found["title"]
    other_modules = set(BUILTIN_CHECK_MODULES) - {"troubleshooter.checks.windows.services"}
    assert "troubleshooter.checks.windows.services" in found["loaded"]
    assert other_modules.isdisjoint(found["loaded"])

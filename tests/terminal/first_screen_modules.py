"""`walk` until its first prompt, then the names of the modules it had imported by then (as JSON,
into the file MODULES_FILE names), and out as at the end of input."""

from __future__ import annotations

import builtins
import os
import sys


def first_prompt(prompt: str = "") -> str:
    import json  # the walk imports it before its first prompt anyway

    with open(os.environ["MODULES_FILE"], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
    raise EOFError


# Before the wizard's module binds `input` as the default way to read a line.
builtins.input = first_prompt

if __name__ == "__main__":
    from troubleshooter.cli import main

    sys.exit(main(["walk", "--lang", "en"]))

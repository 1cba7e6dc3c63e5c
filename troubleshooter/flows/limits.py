"""Limits on flow files that the loader and the cache check share, without importing YAML.

The cached flows are checked at every start; importing the YAML parser only for these two would
cost the window its start-up time.
"""

from __future__ import annotations

import re

# 14 times the largest real flow (about 36 KB); see flows/yamlsafe.py for the other bounds.
MAX_FILE_BYTES = 512 * 1024

# The reader refuses control characters typed into the file, but a double-quoted text can still
# make them with an escape (\e, \0, \x01, \x9b, \r) and a lone surrogate with \ud800. Such a
# text passes the schema, then breaks a terminal (ANSI sequences), a report, or UTF-8 itself.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

"""`collect`: one zip for a support ticket, built read-only from this VM's logs and checks.

Only the defaults live here, so that building the command line stays cheap; the work is in
`troubleshooter.collect.bundle`.
"""

DEFAULT_MAX_MB = 25  # what common support portals accept as one attachment
DEFAULT_SINCE_DAYS = 7
# Compressed logs inflate: a few small .gz files can hold gigabytes of text. What the whole run may
# unpack, and how long it may spend reading logs, before it names the rest as cut in the manifest.
DEFAULT_MAX_UNPACK_MB = 256
DEFAULT_MAX_READ_SECONDS = 60

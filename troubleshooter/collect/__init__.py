"""`collect`: one zip for a support ticket, built read-only from this VM's logs and checks.

Only the defaults live here, so that building the command line stays cheap; the work is in
`troubleshooter.collect.bundle`.
"""

DEFAULT_MAX_MB = 25  # what common support portals accept as one attachment
DEFAULT_SINCE_DAYS = 7

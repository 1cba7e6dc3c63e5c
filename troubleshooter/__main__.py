"""`python -m troubleshooter` is the same program as `vm-backup-troubleshooter`."""

import sys

from troubleshooter.cli import main

sys.exit(main())

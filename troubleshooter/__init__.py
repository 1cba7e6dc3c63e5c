"""VM Backup Troubleshooter: the core (flows, checks, session, search, report), free of Qt widgets."""

__version__ = "0.1.0"
PRODUCT_NAME = "VM Backup Troubleshooter"

"""Checks: small read-only looks at the VM through a Host, each returning a CheckResult."""

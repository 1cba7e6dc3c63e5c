"""Checks that only make sense on a Linux VM."""

"""Checks that only make sense on a Windows VM."""

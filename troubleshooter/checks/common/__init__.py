"""Checks that apply to both Linux and Windows VMs."""

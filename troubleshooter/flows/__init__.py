"""Flows: the YAML troubleshooting graphs, how they load, how they are linted and walked."""

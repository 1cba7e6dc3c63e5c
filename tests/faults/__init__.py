"""Fault injection and hostile input: hangs, crashes, floods, kills, missing checks, planted secrets."""

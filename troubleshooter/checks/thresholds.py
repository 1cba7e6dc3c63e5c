"""The numbers the checks compare against, in one place so they can be updated without touching logic."""

# The oldest agents Microsoft still supports (the support-extensions-agent-version page, 2025-09-15):
# older ones may have to be updated before support helps, and the backup extension is tested
# only against supported agents (seed A05 said 2.6.1198.718; current docs, A05).
WINDOWS_AGENT_MINIMUM = (2, 7, 41491, 1010)
# Linux: since July 2022 (Marketplace images need it too). The daemon or the goal-state agent it
# runs may carry the version: with auto-update the goal-state agent is the newer one.
LINUX_AGENT_MINIMUM = (2, 2, 53, 1)
# Snapshots queue and time out above this CPU or memory use (seed N05).
LOAD_LIMIT_PERCENT = 90.0
LOAD_SAMPLE_SECONDS = 1.0
# An extension that has said "transitioning" for longer than this is stuck.
STUCK_AFTER_SECONDS = 2 * 60 * 60

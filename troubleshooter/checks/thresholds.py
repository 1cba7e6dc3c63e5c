"""The numbers the checks compare against, in one place so they can be updated without touching logic."""

# Windows agent: WaAppAgent.exe product version required by Azure Backup (seed A05).
WINDOWS_AGENT_MINIMUM = (2, 6, 1198, 718)
# Linux agent: the oldest release Microsoft still supports for extensions; older ones cannot run
# the backup extension reliably (seed B06, A04).
LINUX_AGENT_MINIMUM = (2, 2, 10)
# The goal-state agent (the part that auto-updates) lags behind when auto-update is off; older than
# this and the VM is missing years of extension-handling fixes.
LINUX_AGENT_RECENT = (2, 2, 53)
# Snapshots queue and time out above this CPU or memory use (seed N05).
LOAD_LIMIT_PERCENT = 90.0
LOAD_SAMPLE_SECONDS = 1.0
# An extension that has said "transitioning" for longer than this is stuck.
STUCK_AFTER_SECONDS = 2 * 60 * 60

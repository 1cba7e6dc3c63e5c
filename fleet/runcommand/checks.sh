#!/usr/bin/env bash
# Azure Run Command (RunShellScript) on a Linux VM: run the troubleshooter's read-only checks and
# print one line of JSON: the host, the VM and each check's status, with the summaries of the
# checks that found something.
#
#   az vm run-command invoke -g <resource-group> -n <vm-name> --command-id RunShellScript \
#       --scripts @fleet/runcommand/checks.sh
#
# Run Command returns only the last 4,096 bytes of what a script prints, so the full output of
# `checks --json` is kept on the VM (the path is in the printed "full_output") and the printed
# line is cut to fit. The program must already be on the VM: set VMBT_PROGRAM to its path, or
# install it so that `vm-backup-troubleshooter` is on PATH. Set VMBT_NO_NETWORK=1 to skip the
# checks that send packets. What this script writes: the one JSON file under $VMBT_OUTPUT_DIR.
set -euo pipefail

program="${VMBT_PROGRAM:-}"
if [ -z "$program" ]; then
  for candidate in vm-backup-troubleshooter /usr/local/bin/VMBackupTroubleshooter-linux-x86_64 \
                   /opt/vm-backup-troubleshooter/VMBackupTroubleshooter-linux-x86_64; do
    if command -v "$candidate" >/dev/null 2>&1; then program="$candidate"; break; fi
  done
fi
if [ -z "$program" ]; then
  echo '{"error": "the troubleshooter is not on this VM: copy it here and set VMBT_PROGRAM to its path"}'
  exit 1
fi

output_dir="${VMBT_OUTPUT_DIR:-/var/tmp}"
full="$output_dir/vmbt-checks-$(date -u +%Y%m%d-%H%M%S).json"
umask 077
"$program" checks --json > "$full"

# The agent needs Python, so every Azure Linux VM that can run a backup has python3.
python3 - "$full" <<'PY'
import json, sys

path = sys.argv[1]
with open(path, encoding="utf-8") as handle:
    document = json.load(handle)
results = document["results"] if isinstance(document, dict) else document
host = document.get("host", {}) if isinstance(document, dict) else {}
line = {
    "host": host.get("name"),
    "vm": document.get("vm", {}) if isinstance(document, dict) else {},
    "generated_at": document.get("generated_at") if isinstance(document, dict) else None,
    "full_output": path,
    "statuses": {r["check_id"]: r["status"] for r in results},
    "findings": {r["check_id"]: (r.get("summary") or {}).get("en", "")[:300]
                 for r in results if r["status"] in ("problem", "warning", "error")},
}
text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
# Keep under Run Command's 4,096 bytes: shorten the findings first, then drop them.
while len(text.encode("utf-8")) > 4000 and line["findings"]:
    longest = max(line["findings"], key=lambda key: len(line["findings"][key]))
    if len(line["findings"][longest]) > 81:
        line["findings"][longest] = line["findings"][longest][:80] + "…"
    else:
        line["findings"].pop(longest)
        line["findings_cut"] = True
    text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
print(text)
PY

# Azure Run Command (RunPowerShellScript) on a Windows VM: run the troubleshooter's read-only
# checks and print one line of JSON: the host, the VM and each check's status, with the summaries
# of the checks that found something.
#
#   az vm run-command invoke -g <resource-group> -n <vm-name> --command-id RunPowerShellScript `
#       --scripts @fleet/runcommand/checks.ps1 --parameters "Program=C:\VMBT\VMBackupTroubleshooter-windows-x64.exe"
#
# Run Command returns only the last 4,096 bytes of what a script prints, so the full output of
# `checks --json` is kept on the VM (the path is in the printed "full_output") and the printed
# line is cut to fit. Run Command runs as SYSTEM, so the checks that need administrator rights run.
# What this script writes: the one JSON file under $OutputDir.
param(
    [string]$Program = "C:\VMBT\VMBackupTroubleshooter-windows-x64.exe",
    [string]$OutputDir = $env:TEMP,
    [switch]$NoNetwork
)
$ErrorActionPreference = "Stop"

if (-not (Test-Path -LiteralPath $Program -PathType Leaf)) {
    Write-Output ('{"error": "the troubleshooter is not at ' + ($Program -replace '\\', '\\') + ': copy it there or pass -Program"}')
    exit 1
}
$full = Join-Path $OutputDir ("vmbt-checks-" + (Get-Date).ToUniversalTime().ToString("yyyyMMdd-HHmmss") + ".json")
$arguments = @("checks", "--json")
if ($NoNetwork) { $arguments += "--no-network" }
# The program is a window program: piping its output makes PowerShell wait for it to finish.
$text = (& $Program @arguments | Out-String)
[System.IO.File]::WriteAllText($full, $text, (New-Object System.Text.UTF8Encoding($false)))

$document = $text | ConvertFrom-Json
$results = if ($document.results) { $document.results } else { $document }
$statuses = [ordered]@{}
$findings = [ordered]@{}
foreach ($result in $results) {
    $statuses[$result.check_id] = $result.status
    if ($result.status -in @("problem", "warning", "error")) {
        $summary = [string]$result.summary.en
        if ($summary.Length -gt 300) { $summary = $summary.Substring(0, 300) }
        $findings[$result.check_id] = $summary
    }
}
$line = [ordered]@{
    host         = $document.host.name
    vm           = $document.vm
    generated_at = $document.generated_at
    full_output  = $full
    statuses     = $statuses
    findings     = $findings
}
$json = $line | ConvertTo-Json -Compress -Depth 5
# Keep under Run Command's 4,096 bytes: shorten the findings first, then drop them.
while ([System.Text.Encoding]::UTF8.GetByteCount($json) -gt 4000 -and $findings.Count -gt 0) {
    $longest = $findings.Keys | Sort-Object { $findings[$_].Length } -Descending | Select-Object -First 1
    if ($findings[$longest].Length -gt 83) {
        $findings[$longest] = $findings[$longest].Substring(0, 80) + "..."
    } else {
        $findings.Remove($longest)
        $line["findings_cut"] = $true
    }
    $json = $line | ConvertTo-Json -Compress -Depth 5
}
Write-Output $json

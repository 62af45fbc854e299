<#
  Runs many engine checks in ONE PowerShell process (start-up costs about a second): the test
  writes a plan (JSON), this script executes its steps in order against the cmdlet model and
  writes one result per step. Steps:
    parse     { files }                      -> PowerShell's own parser, errors per file
    run       { script, whatIf, passphrase, state, log } -> runs a generated script in-process
    exec      { code, state, log }           -> runs a PowerShell fragment (runbook lines)
  "state" is the model's JSON file for that step, "log" the file its calls are appended to.
#>
param([Parameter(Mandatory = $true)] [string]$PlanPath, [Parameter(Mandatory = $true)] [string]$ResultPath)

$ErrorActionPreference = 'Stop'
$plan = Get-Content -LiteralPath $PlanPath -Raw -Encoding UTF8 | ConvertFrom-Json
Import-Module (Join-Path $PSScriptRoot 'SfbModel/SfbModel.psm1') -Force

# The admin's keyboard for the dialback passphrase prompt (Read-Host -AsSecureString): the
# step's "passphrase" is typed; empty means Enter. Only Read-Host is replaced, nothing else.
$global:xgwTypedPassphrase = ''
function global:Read-Host {
    param([object]$Prompt, [switch]$AsSecureString, [switch]$MaskInput)
    $text = [string]$global:xgwTypedPassphrase
    if ($AsSecureString) {
        $secure = New-Object System.Security.SecureString
        foreach ($c in $text.ToCharArray()) { $secure.AppendChar($c) }
        return $secure
    }
    return $text
}

$results = New-Object System.Collections.ArrayList
foreach ($step in $plan.steps) {
    $result = [ordered]@{ id = $step.id; ok = $true; error = $null; output = ''; parseErrors = @() }
    # Output is collected as it comes, so a script that stops with an error keeps what it said.
    # (Formatted output must reach Out-String in one piece, so objects are kept and formatted at the end.)
    $collected = New-Object System.Collections.ArrayList
    $collect = { process { [void]$collected.Add($_) } }
    try {
        if ($step.PSObject.Properties['state'] -and $step.state) { $env:SFB_MODEL_STATE = $step.state }
        if ($step.PSObject.Properties['log'] -and $step.log) { $env:SFB_MODEL_LOG = $step.log } else { $env:SFB_MODEL_LOG = '' }
        switch ($step.kind) {
            'parse' {
                $errs = @()
                foreach ($f in $step.files) {
                    $tokens = $null; $parseErrors = $null
                    [void][System.Management.Automation.Language.Parser]::ParseFile($f, [ref]$tokens, [ref]$parseErrors)
                    foreach ($e in $parseErrors) { $errs += ('{0}:{1}: {2}' -f $f, $e.Extent.StartLineNumber, $e.Message) }
                }
                $result.parseErrors = $errs
            }
            'run' {
                $global:xgwTypedPassphrase = if ($step.PSObject.Properties['passphrase']) { [string]$step.passphrase } else { '' }
                $splat = @{}
                if ($step.PSObject.Properties['whatIf'] -and $step.whatIf) { $splat['WhatIf'] = $true }
                & $step.script @splat *>&1 | & $collect
            }
            'exec' {
                & ([scriptblock]::Create($step.code)) *>&1 | & $collect
            }
            default { throw "unknown step kind $($step.kind)" }
        }
    }
    catch {
        $result.ok = $false
        $result.error = "$($_.Exception.Message)`n$($_.InvocationInfo.PositionMessage)"
    }
    $result.output = ($collected | Out-String -Width 400)
    if ($step.PSObject.Properties['snapshot'] -and $step.snapshot) { Copy-Item -LiteralPath $env:SFB_MODEL_STATE -Destination $step.snapshot -Force }
    [void]$results.Add([pscustomobject]$result)
}
$json = ConvertTo-Json -InputObject @($results) -Depth 6
[System.IO.File]::WriteAllText($ResultPath, $json, (New-Object System.Text.UTF8Encoding($false)))

<#
  A faithful model of the Skype for Business Server and Windows DNS Server cmdlets that the
  generated scripts call, for the engine tests (issue 11). Test fixture only: never shipped.

  State lives in one JSON file, $env:SFB_MODEL_STATE; every call is appended as one JSON line to
  $env:SFB_MODEL_LOG with the parameters PowerShell bound (after type conversion), so a test can
  assert exactly what arrived at the cmdlet.

  Layout: this file holds the shared helpers (state, identities, the call log); each cmdlet
  family is one file in cmdlets/. Every *.ps1 in extra/ is dot-sourced after them, in name
  order, so another test suite can add cmdlets (for example a read-only collector's Get-
  cmdlets) that use the same state and helpers without editing this module.
#>
Set-StrictMode -Version 2.0

# ---------------------------------------------------------------------------------------------
# State: one ordered-hashtable document, read and written whole on every call (small, and the
# file is the single truth, so two pwsh processes in a row see each other's changes).
# ---------------------------------------------------------------------------------------------

function ConvertTo-SfbHashtable {
    # ConvertFrom-Json gives PSCustomObjects; Windows PowerShell 5.1 has no -AsHashtable, so the
    # conversion is done here, keeping property order.
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $h = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $h[$p.Name] = ConvertTo-SfbHashtable $p.Value }
        return $h
    }
    if ($Value -is [System.Collections.IList] -and $Value -isnot [string]) {
        $list = New-Object System.Collections.ArrayList
        foreach ($x in $Value) { [void]$list.Add((ConvertTo-SfbHashtable $x)) }
        return , $list
    }
    return $Value
}

function Get-SfbStatePath {
    $path = $env:SFB_MODEL_STATE
    if (-not $path) { throw 'SfbModel: set $env:SFB_MODEL_STATE to the JSON state file.' }
    return $path
}

function Read-SfbState {
    $path = Get-SfbStatePath
    if (-not (Test-Path -LiteralPath $path)) { throw "SfbModel: state file not found: $path" }
    $json = [System.IO.File]::ReadAllText($path, [System.Text.Encoding]::UTF8)
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        # PowerShell 7.3+ parses straight to ordered hashtables (fast); only the lists the
        # cmdlets add to and remove from become ArrayLists.
        $state = $json | ConvertFrom-Json -AsHashtable
        foreach ($k in @('policies', 'partners', 'users', 'services', 'certificates', 'localStore', 'dnsZones')) {
            if ($state.Contains($k) -and $null -ne $state[$k]) { $state[$k] = New-Object System.Collections.ArrayList (, @($state[$k])) }
        }
        if ($state.Contains('dnsZones')) {
            foreach ($z in $state['dnsZones']) { $z['Records'] = New-Object System.Collections.ArrayList (, @($z['Records'] | Where-Object { $null -ne $_ })) }
        }
    }
    else { $state = ConvertTo-SfbHashtable ($json | ConvertFrom-Json) }
    # Every collection exists, so the cmdlets need no null checks.
    foreach ($k in @('policies', 'partners', 'users', 'services', 'certificates', 'localStore', 'dnsZones')) {
        if (-not $state.Contains($k) -or $null -eq $state[$k]) { $state[$k] = New-Object System.Collections.ArrayList }
    }
    return $state
}

function Write-SfbState {
    param([System.Collections.IDictionary]$State)
    $json = $State | ConvertTo-Json -Depth 20
    [System.IO.File]::WriteAllText((Get-SfbStatePath), $json + "`n", (New-Object System.Text.UTF8Encoding($false)))
}

# ---------------------------------------------------------------------------------------------
# The call log
# ---------------------------------------------------------------------------------------------

function ConvertTo-SfbLogValue {
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [bool]$Value }
    if ($Value -is [bool] -or $Value -is [string]) { return $Value }
    if ($Value -is [timespan]) { return $Value.ToString() }
    if ($Value -is [System.Net.IPAddress]) { return $Value.ToString() }
    if ($Value -is [System.Collections.IDictionary]) {
        $h = [ordered]@{}
        foreach ($k in @($Value.Keys)) { $h["$k"] = ConvertTo-SfbLogValue $Value[$k] }
        return $h
    }
    if ($Value -is [enum]) { return "$Value" }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        # An -Instance: every property as it arrived, $null included.
        $h = [ordered]@{}
        foreach ($p in $Value.PSObject.Properties) { $h[$p.Name] = ConvertTo-SfbLogValue $p.Value }
        return $h
    }
    if ($Value -is [System.Collections.IEnumerable]) { return , @($Value | ForEach-Object { ConvertTo-SfbLogValue $_ }) }
    if ($Value -is [System.ValueType]) { return $Value }
    return "$Value"
}

function Write-SfbCall {
    <# Appends {cmdlet, parameterSet, bound, whatIf} to $env:SFB_MODEL_LOG (one JSON line). #>
    param([string]$Cmdlet, [string]$ParameterSet, [System.Collections.IDictionary]$Bound)
    if (-not $env:SFB_MODEL_LOG) { return }
    $b = [ordered]@{}
    foreach ($k in @($Bound.Keys | Sort-Object)) { $b[$k] = ConvertTo-SfbLogValue $Bound[$k] }
    $entry = [ordered]@{
        cmdlet       = $Cmdlet
        parameterSet = $ParameterSet
        bound        = $b
        whatIf       = [bool]$WhatIfPreference -or ((@($Bound.Keys) -contains 'WhatIf') -and [bool]$Bound['WhatIf'])
    }
    $line = $entry | ConvertTo-Json -Depth 10 -Compress
    [System.IO.File]::AppendAllText($env:SFB_MODEL_LOG, $line + "`n", (New-Object System.Text.UTF8Encoding($false)))
}

# ---------------------------------------------------------------------------------------------
# Errors as the real cmdlets raise them: non-terminating ObjectNotFound / ResourceExists, so a
# script under $ErrorActionPreference = 'Stop' fails unless it asked for -ErrorAction.
# ---------------------------------------------------------------------------------------------

function Write-SfbNotFound {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Message, [string]$Target)
    $record = New-Object System.Management.Automation.ErrorRecord (
        (New-Object System.Management.Automation.ItemNotFoundException $Message), 'SfbModel.NotFound',
        [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Target)
    $Cmdlet.WriteError($record)
}

function Write-SfbExists {
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Message, [string]$Target)
    $record = New-Object System.Management.Automation.ErrorRecord (
        (New-Object System.InvalidOperationException $Message), 'SfbModel.Exists',
        [System.Management.Automation.ErrorCategory]::ResourceExists, $Target)
    $Cmdlet.WriteError($record)
}

# ---------------------------------------------------------------------------------------------
# Identities
# ---------------------------------------------------------------------------------------------

function ConvertTo-SfbPolicyIdentity {
    <#
      External access policy identity as the server stores it (spec-table "Identity formats"):
      global -> Global, site:<Name> -> Site:<Name>, tag:<Name> or a bare <Name> -> Tag:<Name>.
      Wildcards are refused: "wildcards are not allowed" (New-/Set-CsExternalAccessPolicy).
    #>
    param([string]$Identity)
    if ($Identity -match '[*?]') { throw "Cannot bind parameter 'Identity': wildcard characters are not allowed in an Identity ('$Identity'). Use -Filter." }
    if ($Identity -ieq 'global') { return 'Global' }
    if ($Identity -imatch '^site:(.+)$') { return "Site:$($Matches[1])" }
    if ($Identity -imatch '^tag:(.+)$') { return "Tag:$($Matches[1])" }
    return "Tag:$Identity"
}

function Find-SfbItem {
    param($List, [string]$Identity)
    foreach ($x in $List) { if ("$($x['Identity'])" -ieq $Identity) { return $x } }
    return $null
}

function ConvertTo-SfbObject {
    <# A copy of a stored item as a PSCustomObject, the way the Get- cmdlets return it. #>
    param([System.Collections.IDictionary]$Item)
    $o = [ordered]@{}
    foreach ($k in @($Item.Keys)) {
        $v = $Item[$k]
        if ($v -is [System.Collections.IList]) { $o[$k] = @($v | ForEach-Object { $_ }) } else { $o[$k] = $v }
    }
    return [pscustomobject]$o
}

function Test-SfbWildcard {
    param([string]$Value, [string]$Pattern)
    return $Value -like $Pattern
}

# ---------------------------------------------------------------------------------------------
# Cmdlets: cmdlets/*.ps1 first, then extra/*.ps1 (name order), all in this module's scope.
# ---------------------------------------------------------------------------------------------
foreach ($folder in @('cmdlets', 'extra')) {
    $dir = Join-Path $PSScriptRoot $folder
    if (Test-Path -LiteralPath $dir) {
        foreach ($file in @(Get-ChildItem -LiteralPath $dir -Filter '*.ps1' | Sort-Object -Property Name)) { . $file.FullName }
    }
}

Export-ModuleMember -Function '*-Cs*', '*-DnsServer*', '*-Sfb*'

# Read-only topology cmdlets the deployment collector (issue 15) calls and the engine model lacks.
# Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/skype/get-cssipdomain   Identity, IsDefault
#   https://learn.microsoft.com/powershell/module/skype/get-cssite        Identity, SiteId, DisplayName (+ XmppFederationRoute, set by Set-CsSite)
#   https://learn.microsoft.com/powershell/module/skype/get-cspool        Identity, Fqdn, Site, Services, Computers
#   https://learn.microsoft.com/powershell/module/skype/get-cscomputer    [-Identity] [-Pool] [-Filter] [-Local]
# State keys: sipDomains, sites, pools (lists of objects as the cmdlets print them) and
# localComputer (the FQDN Get-CsComputer -Local reports for the computer the shell runs on).

function Get-SfbList {
    param([System.Collections.IDictionary]$State, [string]$Key)
    if ($State.Contains($Key) -and $null -ne $State[$Key]) { return @($State[$Key]) }
    return @()
}

function Get-CsSipDomain {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    foreach ($d in (Get-SfbList (Read-SfbState) 'sipDomains')) {
        if ($Identity -and "$($d['Identity'])" -ine $Identity) { continue }
        if ($Filter -and -not ("$($d['Identity'])" -like $Filter)) { continue }
        ConvertTo-SfbObject $d
    }
}

function Get-CsSite {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    foreach ($s in (Get-SfbList (Read-SfbState) 'sites')) {
        # Get-CsSite takes the bare name or "site:<name>".
        if ($Identity -and "$($s['Identity'])" -ine $Identity -and "$($s['Identity'])" -ine "Site:$Identity") { continue }
        if ($Filter -and -not ("$($s['Identity'])" -like $Filter)) { continue }
        ConvertTo-SfbObject $s
    }
}

function Get-CsPool {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [string]$Site
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    foreach ($p in (Get-SfbList (Read-SfbState) 'pools')) {
        if ($Identity -and "$($p['Identity'])" -ine $Identity) { continue }
        if ($Filter -and -not ("$($p['Identity'])" -like $Filter)) { continue }
        if ($Site -and "$($p['Site'])" -ine $Site -and "$($p['Site'])" -ine "Site:$Site") { continue }
        ConvertTo-SfbObject $p
    }
}

function Get-CsComputer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [string]$Pool,
        [switch]$Local
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $state = Read-SfbState
    $all = foreach ($p in (Get-SfbList $state 'pools')) { foreach ($c in @($p['Computers'])) { [pscustomobject][ordered]@{ Identity = "$c"; Pool = "$($p['Identity'])"; Fqdn = "$c" } } }
    foreach ($c in @($all)) {
        if ($Local -and "$($c.Identity)" -ine "$($state['localComputer'])") { continue }
        if ($Identity -and "$($c.Identity)" -ine $Identity) { continue }
        if ($Pool -and "$($c.Pool)" -ine $Pool) { continue }
        if ($Filter -and -not ("$($c.Identity)" -like $Filter)) { continue }
        $c
    }
}

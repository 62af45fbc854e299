# XMPP allowed partner cmdlets. Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/skypeforbusiness/get-csxmppallowedpartner
#   https://learn.microsoft.com/powershell/module/skypeforbusiness/new-csxmppallowedpartner
#   https://learn.microsoft.com/powershell/module/skypeforbusiness/set-csxmppallowedpartner
#   https://learn.microsoft.com/powershell/module/skypeforbusiness/remove-csxmppallowedpartner
# Identity (XdsGlobalRelativeIdentity) is the partner's primary domain. PartnerType,
# TlsNegotiation and SaslNegotiation are enums on the real cmdlets: ValidateSet with the exact
# spellings here (PowerShell matches enum names case-insensitively, so does ValidateSet).
# AdditionalDomains is a PSListModifier: a list on New; on Set @{Add=...}, @{Remove=...},
# @{Replace=...}, a plain list (replaces) or $null (clears).

$script:SfbPartnerValues = @('Description', 'AdditionalDomains', 'PartnerType', 'TlsNegotiation', 'SaslNegotiation', 'SupportDialbackNegotiation', 'EnableKeepAlive', 'ConnectionLimit', 'ProxyFqdn')
$script:SfbPartnerTypes = @('Federated', 'PublicVerified', 'PublicUnverified')
$script:SfbNegotiations = @('Required', 'Optional', 'NotSupported')

function ConvertTo-SfbCanonical {
    # The enum's own spelling, whatever case arrived.
    param([string]$Value, [string[]]$Allowed)
    foreach ($a in $Allowed) { if ($a -ieq $Value) { return $a } }
    return $Value
}

function Set-SfbPartnerValues {
    param([System.Collections.IDictionary]$Partner, [System.Collections.IDictionary]$Bound)
    foreach ($k in $script:SfbPartnerValues) {
        if (-not (@($Bound.Keys) -contains $k)) { continue }
        $v = $Bound[$k]
        switch ($k) {
            'AdditionalDomains' { $Partner[$k] = Update-SfbList $Partner[$k] $v }
            'PartnerType' { $Partner[$k] = ConvertTo-SfbCanonical $v $script:SfbPartnerTypes }
            { $_ -in 'TlsNegotiation', 'SaslNegotiation' } { $Partner[$k] = ConvertTo-SfbCanonical $v $script:SfbNegotiations }
            default { $Partner[$k] = $v }
        }
    }
}

function Update-SfbList {
    <# Applies a PSListModifier-style value to a stored list. #>
    param($Current, $Modifier)
    $list = New-Object System.Collections.ArrayList
    foreach ($x in @($Current)) { if ($null -ne $x) { [void]$list.Add("$x") } }
    if ($null -eq $Modifier) { return , (New-Object System.Collections.ArrayList) }
    if ($Modifier -is [System.Collections.IDictionary]) {
        foreach ($key in @($Modifier.Keys)) {
            $items = @($Modifier[$key] | ForEach-Object { "$_" })
            switch -Regex ("$key") {
                '^(?i)add$' { foreach ($i in $items) { if (-not ($list -icontains $i)) { [void]$list.Add($i) } } }
                '^(?i)remove$' { foreach ($i in $items) { $hit = @($list | Where-Object { $_ -ieq $i }); foreach ($h in $hit) { $list.Remove($h) } } }
                '^(?i)replace$' { $list = New-Object System.Collections.ArrayList; foreach ($i in $items) { [void]$list.Add($i) } }
                default { throw "Cannot bind parameter 'AdditionalDomains': a list modifier takes the keys Add, Remove or Replace, not '$key'." }
            }
        }
        return , $list
    }
    $replaced = New-Object System.Collections.ArrayList
    foreach ($i in @($Modifier)) { if ($null -ne $i) { [void]$replaced.Add("$i") } }
    return , $replaced
}

function Get-CsXmppAllowedPartner {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [switch]$LocalStore
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $state = Read-SfbState
    if ($PSCmdlet.ParameterSetName -eq 'Filter') {
        foreach ($p in $state.partners) { if (Test-SfbWildcard "$($p['Identity'])" $Filter) { ConvertTo-SfbObject $p } }
        return
    }
    if (-not $PSBoundParameters.ContainsKey('Identity')) { foreach ($p in $state.partners) { ConvertTo-SfbObject $p }; return }
    $found = Find-SfbItem $state.partners $Identity
    if ($null -eq $found) { Write-SfbNotFound $PSCmdlet "Cannot get `"XmppAllowedPartner`" `"$Identity`" because it does not exist." $Identity; return }
    ConvertTo-SfbObject $found
}

function New-CsXmppAllowedPartner {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'ParentAndRelativeKey', Mandatory = $true)] [string]$Domain,
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0)] [string]$Identity,
        [object]$AdditionalDomains,
        [uint32]$ConnectionLimit,
        [string]$Description,
        [bool]$EnableKeepAlive,
        [ValidateSet('Federated', 'PublicVerified', 'PublicUnverified')] [string]$PartnerType,
        [string]$ProxyFqdn,
        [ValidateSet('Required', 'Optional', 'NotSupported')] [string]$SaslNegotiation,
        [bool]$SupportDialbackNegotiation,
        [ValidateSet('Required', 'Optional', 'NotSupported')] [string]$TlsNegotiation,
        [switch]$InMemory,
        [switch]$Force
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $id = if ($PSCmdlet.ParameterSetName -eq 'ParentAndRelativeKey') { $Domain } else { $Identity }
    $state = Read-SfbState
    if ($null -ne (Find-SfbItem $state.partners $id)) { Write-SfbExists $PSCmdlet "An XmppAllowedPartner with Identity `"$id`" already exists." $id; return }
    if (-not $PSCmdlet.ShouldProcess($id, 'New-CsXmppAllowedPartner')) { return }
    # The documented defaults: PublicUnverified, TLS Required, SASL Required, dialback True,
    # keep-alive True; ConnectionLimit, ProxyFqdn and Description have none.
    $partner = [ordered]@{
        Identity = $id; Domain = $id; Description = $null; AdditionalDomains = (New-Object System.Collections.ArrayList)
        PartnerType = 'PublicUnverified'; TlsNegotiation = 'Required'; SaslNegotiation = 'Required'
        SupportDialbackNegotiation = $true; EnableKeepAlive = $true; ConnectionLimit = $null; ProxyFqdn = $null
    }
    Set-SfbPartnerValues $partner $PSBoundParameters
    if ($InMemory) { return ConvertTo-SfbObject $partner }
    [void]$state.partners.Add($partner)
    Write-SfbState $state
}

function Set-CsXmppAllowedPartner {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [Parameter(ParameterSetName = 'Instance', ValueFromPipeline = $true)] [psobject]$Instance,
        [object]$AdditionalDomains,
        [uint32]$ConnectionLimit,
        [string]$Description,
        [bool]$EnableKeepAlive,
        [ValidateSet('Federated', 'PublicVerified', 'PublicUnverified')] [string]$PartnerType,
        [string]$ProxyFqdn,
        [ValidateSet('Required', 'Optional', 'NotSupported')] [string]$SaslNegotiation,
        [bool]$SupportDialbackNegotiation,
        [ValidateSet('Required', 'Optional', 'NotSupported')] [string]$TlsNegotiation,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        $id = if ($PSCmdlet.ParameterSetName -eq 'Instance') { "$($Instance.Identity)" } else { $Identity }
        if (-not $id) { throw "Cannot bind parameter 'Identity': an XMPP allowed partner has no global instance; give its domain." }
        $state = Read-SfbState
        $partner = Find-SfbItem $state.partners $id
        if ($null -eq $partner) { Write-SfbNotFound $PSCmdlet "Cannot set `"XmppAllowedPartner`" `"$id`" because it does not exist." $id; return }
        if (-not $PSCmdlet.ShouldProcess($id, 'Set-CsXmppAllowedPartner')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'Instance') {
            $values = [ordered]@{}
            foreach ($k in $script:SfbPartnerValues) { $p = $Instance.PSObject.Properties[$k]; if ($null -ne $p) { $values[$k] = $p.Value } }
            Set-SfbPartnerValues $partner $values
        }
        Set-SfbPartnerValues $partner $PSBoundParameters
        Write-SfbState $state
    }
}

function Remove-CsXmppAllowedPartner {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        $state = Read-SfbState
        $partner = Find-SfbItem $state.partners $Identity
        if ($null -eq $partner) { Write-SfbNotFound $PSCmdlet "Cannot remove `"XmppAllowedPartner`" `"$Identity`" because it does not exist." $Identity; return }
        if (-not $PSCmdlet.ShouldProcess($Identity, 'Remove-CsXmppAllowedPartner')) { return }
        $state.partners.Remove($partner)
        Write-SfbState $state
    }
}

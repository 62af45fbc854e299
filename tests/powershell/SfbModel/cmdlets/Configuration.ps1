# Global configuration documents: the XMPP gateway settings and the Access Edge settings.
#   https://learn.microsoft.com/powershell/module/skypeforbusiness/get-csxmppgatewayconfiguration
#   https://learn.microsoft.com/powershell/module/skype/set-csxmppgatewayconfiguration
#   https://learn.microsoft.com/powershell/module/skype/get-csaccessedgeconfiguration
#   https://learn.microsoft.com/powershell/module/skype/set-csaccessedgeconfiguration
# Both exist once, as Identity "Global"; the Set- cmdlets take -Identity global or -Instance.

$script:SfbGatewayValues = @('ConnectionLimit', 'PartnerConnectionLimit', 'KeepAliveInterval', 'StreamEstablishmentTimeout', 'StreamInactivityTimeout', 'SubscriptionRefreshInterval', 'EnableLoggingAllMessageBodies', 'DialbackPassphrase')
$script:SfbEdgeValues = @('AllowAnonymousUsers', 'AllowFederatedUsers', 'AllowOutsideUsers', 'EnableArchivingDisclaimer', 'KeepCrlsUpToDateForPeers', 'MarkSourceVerifiableOnOutgoingMessages', 'OutgoingTlsCountForFederatedPartners', 'EnablePartnerDiscovery', 'UseDnsSrvRouting')

function Assert-SfbGlobalIdentity {
    param([string]$Identity, [string]$What)
    if ($Identity -and $Identity -ine 'global') { throw "Cannot find $What `"$Identity`": only the global instance exists." }
}

function Get-CsXmppGatewayConfiguration {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [switch]$LocalStore
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    Assert-SfbGlobalIdentity $Identity 'XmppGatewayConfiguration'
    # Whether the real cmdlet shows DialbackPassphrase is not documented: the model never shows
    # it, so a script cannot depend on reading a secret back.
    $o = ConvertTo-SfbObject (Read-SfbState).gateway
    $o.PSObject.Properties.Remove('DialbackPassphrase')
    $o
}

function Set-CsXmppGatewayConfiguration {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Instance', ValueFromPipeline = $true)] [psobject]$Instance,
        [uint32]$ConnectionLimit,
        [string]$DialbackPassphrase,
        [bool]$EnableLoggingAllMessageBodies,
        [uint32]$KeepAliveInterval,
        [uint32]$PartnerConnectionLimit,
        [uint32]$StreamEstablishmentTimeout,
        [uint32]$StreamInactivityTimeout,
        [uint32]$SubscriptionRefreshInterval,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        Assert-SfbGlobalIdentity $Identity 'XmppGatewayConfiguration'
        if (-not $PSCmdlet.ShouldProcess('Global', 'Set-CsXmppGatewayConfiguration')) { return }
        $state = Read-SfbState
        if ($PSCmdlet.ParameterSetName -eq 'Instance') {
            foreach ($k in $script:SfbGatewayValues) { $p = $Instance.PSObject.Properties[$k]; if ($null -ne $p) { $state.gateway[$k] = $p.Value } }
        }
        foreach ($k in $script:SfbGatewayValues) { if ($PSBoundParameters.ContainsKey($k)) { $state.gateway[$k] = $PSBoundParameters[$k] } }
        Write-SfbState $state
    }
}

function Get-CsAccessEdgeConfiguration {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [switch]$LocalStore
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    Assert-SfbGlobalIdentity $Identity 'AccessEdgeConfiguration'
    ConvertTo-SfbObject (Read-SfbState).accessEdge
}

function Set-CsAccessEdgeConfiguration {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity,
        [Parameter(ParameterSetName = 'Instance', ValueFromPipeline = $true)] [psobject]$Instance,
        [bool]$AllowAnonymousUsers,
        [bool]$AllowFederatedUsers,
        [bool]$AllowOutsideUsers,
        [bool]$EnableArchivingDisclaimer,
        [bool]$KeepCrlsUpToDateForPeers,
        [bool]$MarkSourceVerifiableOnOutgoingMessages,
        [uint32]$OutgoingTlsCountForFederatedPartners,
        [bool]$EnablePartnerDiscovery,
        [switch]$UseDnsSrvRouting,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        Assert-SfbGlobalIdentity $Identity 'AccessEdgeConfiguration'
        if (-not $PSCmdlet.ShouldProcess('Global', 'Set-CsAccessEdgeConfiguration')) { return }
        $state = Read-SfbState
        if ($PSCmdlet.ParameterSetName -eq 'Instance') {
            foreach ($k in $script:SfbEdgeValues) { $p = $Instance.PSObject.Properties[$k]; if ($null -ne $p) { $state.accessEdge[$k] = $p.Value } }
        }
        foreach ($k in $script:SfbEdgeValues) { if ($PSBoundParameters.ContainsKey($k)) { $state.accessEdge[$k] = if ($k -eq 'UseDnsSrvRouting') { [bool]$PSBoundParameters[$k] } else { $PSBoundParameters[$k] } } }
        Write-SfbState $state
    }
}

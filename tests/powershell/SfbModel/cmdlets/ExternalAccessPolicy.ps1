# External Access Policy cmdlets (on-premises parameter sets).
# Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/skype/get-csexternalaccesspolicy
#   https://learn.microsoft.com/powershell/module/skype/new-csexternalaccesspolicy
#   https://learn.microsoft.com/powershell/module/skype/set-csexternalaccesspolicy
#   https://learn.microsoft.com/powershell/module/skype/remove-csexternalaccesspolicy
#   https://learn.microsoft.com/powershell/module/skype/grant-csexternalaccesspolicy
# Identity is XdsIdentity on the real cmdlets (UserIdParameter for Grant); strings here, with the
# identity rules applied by ConvertTo-SfbPolicyIdentity. Teams-only parameters are left out:
# an on-premises shell refuses them too. EnablePublicCloudAccess is kept: it is on the
# pre-May-2025 on-premises pages that the legacy 2015/2013 shells implement.

# The properties a stored policy carries, in the order Get-CsExternalAccessPolicy lists them.
$script:SfbPolicyProperties = @('Identity', 'Description', 'EnableFederationAccess', 'EnableXmppAccess', 'EnablePublicCloudAccess', 'EnablePublicCloudAudioVideoAccess', 'EnableOutsideAccess')
$script:SfbPolicyValues = @('Description', 'EnableFederationAccess', 'EnableXmppAccess', 'EnablePublicCloudAccess', 'EnablePublicCloudAudioVideoAccess', 'EnableOutsideAccess')

function New-SfbPolicy {
    param([string]$Identity)
    # Defaults of a new policy: the documented "False" for every Boolean except
    # EnableFederationAccess, whose default Microsoft documents both ways; the model uses False
    # (the on-premises text) so that a script relying on the default is caught.
    return [ordered]@{
        Identity = $Identity; Description = $null; EnableFederationAccess = $false; EnableXmppAccess = $false
        EnablePublicCloudAccess = $false; EnablePublicCloudAudioVideoAccess = $false; EnableOutsideAccess = $false
    }
}

function Get-CsExternalAccessPolicy {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [Parameter(ParameterSetName = 'Filter')] [string]$Filter,
        [switch]$LocalStore
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $state = Read-SfbState
    if ($PSCmdlet.ParameterSetName -eq 'Filter') {
        foreach ($p in $state.policies) { if (Test-SfbWildcard "$($p['Identity'])" $Filter) { ConvertTo-SfbObject $p } }
        return
    }
    if (-not $PSBoundParameters.ContainsKey('Identity')) { foreach ($p in $state.policies) { ConvertTo-SfbObject $p }; return }
    $id = ConvertTo-SfbPolicyIdentity $Identity
    $found = Find-SfbItem $state.policies $id
    if ($null -eq $found) { Write-SfbNotFound $PSCmdlet "Cannot get `"ExternalAccessPolicy`" `"$id`" because it does not exist." $id; return }
    ConvertTo-SfbObject $found
}

function New-CsExternalAccessPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string]$Identity,
        [string]$Description,
        [bool]$EnableFederationAccess,
        [bool]$EnableXmppAccess,
        [bool]$EnablePublicCloudAccess,
        [bool]$EnablePublicCloudAudioVideoAccess,
        [bool]$EnableOutsideAccess,
        [guid]$Tenant,
        [switch]$InMemory,
        [switch]$Force
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $id = ConvertTo-SfbPolicyIdentity $Identity
    # "you cannot create a new global policy ... use the Set-CsExternalAccessPolicy cmdlet"
    if ($id -eq 'Global') { throw 'Cannot create a new global policy: the global External Access Policy always exists. Use Set-CsExternalAccessPolicy.' }
    $state = Read-SfbState
    if ($null -ne (Find-SfbItem $state.policies $id)) { Write-SfbExists $PSCmdlet "An ExternalAccessPolicy with Identity `"$id`" already exists." $id; return }
    if (-not $PSCmdlet.ShouldProcess($id, 'New-CsExternalAccessPolicy')) { return }
    $policy = New-SfbPolicy $id
    foreach ($k in $script:SfbPolicyValues) { if ($PSBoundParameters.ContainsKey($k)) { $policy[$k] = $PSBoundParameters[$k] } }
    if ($InMemory) { return ConvertTo-SfbObject $policy }
    [void]$state.policies.Add($policy)
    Write-SfbState $state
}

function Set-CsExternalAccessPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity = 'global',
        [Parameter(ParameterSetName = 'Instance', ValueFromPipeline = $true)] [psobject]$Instance,
        [string]$Description,
        [bool]$EnableFederationAccess,
        [bool]$EnableXmppAccess,
        [bool]$EnablePublicCloudAccess,
        [bool]$EnablePublicCloudAudioVideoAccess,
        [bool]$EnableOutsideAccess,
        [guid]$Tenant,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        $id = if ($PSCmdlet.ParameterSetName -eq 'Instance') { ConvertTo-SfbPolicyIdentity "$($Instance.Identity)" } else { ConvertTo-SfbPolicyIdentity $Identity }
        $state = Read-SfbState
        $policy = Find-SfbItem $state.policies $id
        if ($null -eq $policy) { Write-SfbNotFound $PSCmdlet "Cannot set `"ExternalAccessPolicy`" `"$id`" because it does not exist." $id; return }
        if (-not $PSCmdlet.ShouldProcess($id, 'Set-CsExternalAccessPolicy')) { return }
        if ($PSCmdlet.ParameterSetName -eq 'Instance') {
            # The instance's values are written as they are, $null included (how a property is cleared).
            foreach ($k in $script:SfbPolicyValues) { $p = $Instance.PSObject.Properties[$k]; if ($null -ne $p) { $policy[$k] = $p.Value } }
        }
        foreach ($k in $script:SfbPolicyValues) { if ($PSBoundParameters.ContainsKey($k)) { $policy[$k] = $PSBoundParameters[$k] } }
        Write-SfbState $state
    }
}

function Remove-CsExternalAccessPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [guid]$Tenant,
        [switch]$Force
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        $id = ConvertTo-SfbPolicyIdentity $Identity
        $state = Read-SfbState
        $policy = Find-SfbItem $state.policies $id
        if ($null -eq $policy) { Write-SfbNotFound $PSCmdlet "Cannot remove `"ExternalAccessPolicy`" `"$id`" because it does not exist." $id; return }
        if (-not $PSCmdlet.ShouldProcess($id, 'Remove-CsExternalAccessPolicy')) { return }
        if ($id -eq 'Global') {
            # Removing the global policy resets it to its defaults; it is never deleted.
            $fresh = New-SfbPolicy 'Global'
            foreach ($k in $script:SfbPolicyValues) { $policy[$k] = $fresh[$k] }
        }
        else {
            $state.policies.Remove($policy)
            # Users holding a deleted policy fall back to the site or global one.
            $name = $id -replace '^Tag:', ''
            foreach ($u in $state.users) { if ("$($u['ExternalAccessPolicy'])" -ieq $name) { $u['ExternalAccessPolicy'] = $null } }
        }
        Write-SfbState $state
    }
}

function Grant-CsExternalAccessPolicy {
    # On-premises (pre-2024) syntax: [-Identity] <UserIdParameter> [-PolicyName] <String>
    # [-DomainController <Fqdn>] [-PassThru]; PolicyName $null unassigns.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [Parameter(Position = 1)] [AllowNull()] [AllowEmptyString()] [string]$PolicyName,
        [string]$DomainController,
        [switch]$PassThru
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        $state = Read-SfbState
        $user = Find-SfbUser $state $Identity
        if ($null -eq $user) { Write-SfbNotFound $PSCmdlet "Management object not found for identity `"$Identity`"." $Identity; return }
        $name = if ($PolicyName) { $PolicyName -replace '^(?i)tag:', '' } else { $null }
        if ($null -ne $name -and $null -eq (Find-SfbItem $state.policies "Tag:$name")) {
            Write-SfbNotFound $PSCmdlet "Cannot find policy `"$name`": a user policy (tag:$name) must exist before it is granted." $name; return
        }
        if (-not $PSCmdlet.ShouldProcess("$($user['SipAddress'])", "Grant-CsExternalAccessPolicy $name")) { return }
        $user['ExternalAccessPolicy'] = $name
        Write-SfbState $state
        if ($PassThru) { ConvertTo-SfbObject $user }
    }
}

# Users, server version, services and certificates. Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/skype/get-csuser
#   https://learn.microsoft.com/powershell/module/skype/get-csserverversion
#   https://learn.microsoft.com/powershell/module/skype/get-csservice
#   https://learn.microsoft.com/powershell/module/skype/get-cscertificate
#   https://learn.microsoft.com/powershell/module/skype/set-cscertificate

function Find-SfbUser {
    <#
      Get-CsUser -Identity accepts a SIP address (with or without "sip:"), a user principal name,
      domain\logon, the Active Directory display name or the distinguished name.
    #>
    param([System.Collections.IDictionary]$State, [string]$Identity)
    $bare = $Identity -replace '^(?i)sip:', ''
    foreach ($u in $State.users) {
        $sip = "$($u['SipAddress'])" -replace '^(?i)sip:', ''
        if ($sip -ieq $bare -or "$($u['UserPrincipalName'])" -ieq $Identity -or "$($u['SamAccountName'])" -ieq $Identity -or
            "$($u['DisplayName'])" -ceq $Identity -or "$($u['DistinguishedName'])" -ieq $Identity) { return $u }
    }
    return $null
}

function Get-SfbLdapValue {
    param([System.Collections.IDictionary]$User, [string]$Attribute)
    $map = @{ cn = 'DisplayName'; displayname = 'DisplayName'; userprincipalname = 'UserPrincipalName'; samaccountname = 'SamAccountName'; distinguishedname = 'DistinguishedName'; 'msrtcsip-primaryuseraddress' = 'SipAddress' }
    $key = $map[$Attribute.ToLowerInvariant()]
    if ($key) { return "$($User[$key])" }
    $ldap = $User['Ldap']
    if ($null -ne $ldap) { foreach ($k in @($ldap.Keys)) { if ($k -ieq $Attribute) { return "$($ldap[$k])" } } }
    return $null
}

function Test-SfbLdapFilter {
    <#
      A small RFC 4515 evaluator: (attr=value) with * wildcards, (&...), (|...), (!...).
      A filter it cannot parse is refused, like Active Directory refuses it.
    #>
    param([System.Collections.IDictionary]$User, [string]$Filter)
    $script:sfbLdapPos = 0
    $result = Read-SfbLdapTerm $User $Filter
    if ($script:sfbLdapPos -ne $Filter.Length) { throw "The LDAP filter is not valid: '$Filter'." }
    return $result
}

function Read-SfbLdapTerm {
    param([System.Collections.IDictionary]$User, [string]$Filter)
    if ($script:sfbLdapPos -ge $Filter.Length -or $Filter[$script:sfbLdapPos] -ne '(') { throw "The LDAP filter is not valid: '$Filter'." }
    $script:sfbLdapPos++
    $op = $Filter[$script:sfbLdapPos]
    if ($op -eq '&' -or $op -eq '|' -or $op -eq '!') {
        $script:sfbLdapPos++
        $values = @()
        while ($script:sfbLdapPos -lt $Filter.Length -and $Filter[$script:sfbLdapPos] -eq '(') { $values += , (Read-SfbLdapTerm $User $Filter) }
        if ($script:sfbLdapPos -ge $Filter.Length -or $Filter[$script:sfbLdapPos] -ne ')' -or $values.Count -eq 0) { throw "The LDAP filter is not valid: '$Filter'." }
        $script:sfbLdapPos++
        if ($op -eq '&') { return -not ($values -contains $false) }
        if ($op -eq '|') { return $values -contains $true }
        return -not $values[0]
    }
    $end = $Filter.IndexOf(')', $script:sfbLdapPos)
    if ($end -lt 0) { throw "The LDAP filter is not valid: '$Filter'." }
    $item = $Filter.Substring($script:sfbLdapPos, $end - $script:sfbLdapPos)
    $script:sfbLdapPos = $end + 1
    $eq = $item.IndexOf('=')
    if ($eq -le 0) { throw "The LDAP filter is not valid: '$Filter'." }
    $have = Get-SfbLdapValue $User $item.Substring(0, $eq)
    if ($null -eq $have) { return $false }
    $pattern = '^' + (($item.Substring($eq + 1) -split '\*' | ForEach-Object { [regex]::Escape($_) }) -join '.*') + '$'
    return [regex]::IsMatch($have, $pattern, 'IgnoreCase')
}

function Get-CsUser {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] [string]$Identity,
        [pscredential]$Credential,
        [string]$DomainController,
        [string]$Filter,
        [switch]$OnOfficeCommunicationServer,
        [switch]$OnLyncServer,
        [string]$OU,
        [object]$ResultSize,
        [string]$LdapFilter,
        [switch]$UnAssignedUser
    )
    process {
        Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
        # "These two parameters are mutually exclusive" (Get-CsUser, -Filter and -LdapFilter).
        if ($Filter -and $LdapFilter) { throw 'Get-CsUser: -Filter and -LdapFilter cannot be used together.' }
        if ($Filter) { throw 'SfbModel: Get-CsUser -Filter (OPATH) is not modelled; the generated scripts use -Identity, -OU and -LdapFilter.' }
        $state = Read-SfbState
        if ($PSBoundParameters.ContainsKey('Identity')) {
            $u = Find-SfbUser $state $Identity
            if ($null -eq $u) { Write-SfbNotFound $PSCmdlet "Management object not found for identity `"$Identity`"." $Identity; return }
            return ConvertTo-SfbUserObject $u
        }
        foreach ($u in $state.users) {
            if ($OU -and -not ("$($u['DistinguishedName'])" -ilike "*,$OU")) { continue }
            if ($LdapFilter -and -not (Test-SfbLdapFilter $u $LdapFilter)) { continue }
            ConvertTo-SfbUserObject $u
        }
    }
}

function ConvertTo-SfbUserObject {
    param([System.Collections.IDictionary]$User)
    [pscustomobject][ordered]@{
        Identity = $User['DistinguishedName']; SipAddress = $User['SipAddress']; DisplayName = $User['DisplayName']
        UserPrincipalName = $User['UserPrincipalName']; SamAccountName = $User['SamAccountName']
        DistinguishedName = $User['DistinguishedName']; RegistrarPool = $User['RegistrarPool']
        Enabled = $true; ExternalAccessPolicy = $User['ExternalAccessPolicy']
    }
}

function Get-CsServerVersion {
    [CmdletBinding()]
    param()
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    return "$((Read-SfbState).serverVersion)"
}

function Get-CsService {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Identity,
        [string]$PoolFqdn,
        [switch]$EdgeServer,
        [switch]$Registrar,
        [switch]$WebServer,
        [switch]$ConferencingServer,
        [switch]$ApplicationServer,
        [switch]$Director,
        [switch]$MediationServer,
        [switch]$UserServer,
        [switch]$ActiveOnly
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $roles = @('EdgeServer', 'Registrar', 'WebServer', 'ConferencingServer', 'ApplicationServer', 'Director', 'MediationServer', 'UserServer') | Where-Object { $PSBoundParameters.ContainsKey($_) }
    foreach ($s in (Read-SfbState).services) {
        if ($Identity -and "$($s['Identity'])" -ine $Identity) { continue }
        if ($PoolFqdn -and "$($s['PoolFqdn'])" -ine $PoolFqdn) { continue }
        if (@($roles).Count -gt 0 -and -not (@($roles) -contains "$($s['Role'])")) { continue }
        ConvertTo-SfbObject $s
    }
}

# Set-CsCertificate -Type list (CertType); Import-CsCertificate also has XMPPServer, Set does not.
$script:SfbSetCertTypes = @('AccessEdgeExternal', 'AudioVideoAuthentication', 'DataEdgeExternal', 'Default', 'External', 'Internal', 'iPadAPNService', 'iPhoneAPNService', 'LogRetentionService', 'MPNService', 'OAuthTokenIssuer', 'PICWebService', 'ProvisionService', 'SMPDNSWebService', 'TenantAdmin', 'UpgradeEngineService', 'WebServicesExternal', 'WebServicesInternal', 'WsFedTokenTransfer')

function Get-CsCertificate {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Identity,
        [string[]]$Type,
        [string]$Report
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    # Only certificates assigned to Skype for Business Server are returned.
    foreach ($c in (Read-SfbState).certificates) {
        if ($Type -and -not (@($Type) -contains "$($c['Use'])")) { continue }
        ConvertTo-SfbObject $c
    }
}

function Set-CsCertificate {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Thumbprint')]
    param(
        [Parameter(Position = 0)] [string]$Identity,
        [Parameter(Mandatory = $true)] [ValidateSet('AccessEdgeExternal', 'AudioVideoAuthentication', 'DataEdgeExternal', 'Default', 'External', 'Internal', 'iPadAPNService', 'iPhoneAPNService', 'LogRetentionService', 'MPNService', 'OAuthTokenIssuer', 'PICWebService', 'ProvisionService', 'SMPDNSWebService', 'TenantAdmin', 'UpgradeEngineService', 'WebServicesExternal', 'WebServicesInternal', 'WsFedTokenTransfer')] [string[]]$Type,
        [Parameter(ParameterSetName = 'Thumbprint', Mandatory = $true)] [string]$Thumbprint,
        [Parameter(ParameterSetName = 'CertificateReference', Mandatory = $true)] [string]$Reference,
        [Alias('EffectiveTime')] [datetime]$EffectiveDate,
        [switch]$Roll,
        [switch]$Force,
        [string]$Report
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    if ($Roll -and -not $PSBoundParameters.ContainsKey('EffectiveDate')) { throw 'Set-CsCertificate: -Roll requires -EffectiveDate.' }
    $state = Read-SfbState
    $tp = if ($Thumbprint) { $Thumbprint.ToUpperInvariant() } else { $Reference.ToUpperInvariant() }
    # "you can only assign certificates that have already been configured for use" (imported).
    $stored = @($state.localStore | Where-Object { "$($_['Thumbprint'])" -ieq $tp }) | Select-Object -First 1
    if ($null -eq $stored) { Write-SfbNotFound $PSCmdlet "Cannot find a certificate with thumbprint `"$tp`" in the local computer's Personal store." $tp; return }
    if (-not $PSCmdlet.ShouldProcess(($Type -join ','), "Set-CsCertificate $tp")) { return }
    foreach ($t in $Type) {
        $existing = @($state.certificates | Where-Object { "$($_['Use'])" -ieq $t })
        foreach ($e in $existing) { $state.certificates.Remove($e) }
        [void]$state.certificates.Add([ordered]@{ Use = $t; Thumbprint = $tp; Subject = $stored['Subject']; Issuer = $stored['Issuer']; NotAfter = $stored['NotAfter'] })
    }
    Write-SfbState $state
}

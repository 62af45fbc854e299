# Windows DNS Server cmdlets the DNS script uses. Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/dnsserver/get-dnsserverzone
#   https://learn.microsoft.com/powershell/module/dnsserver/get-dnsserverresourcerecord
#   https://learn.microsoft.com/powershell/module/dnsserver/add-dnsserverresourcerecord
# Zones hold records by relative name ("@" is the zone apex). A name is looked up in the zone
# given, never in a parent or child zone: the script must pick the zone itself.

function Find-SfbZone {
    param([System.Collections.IDictionary]$State, [string]$ZoneName)
    foreach ($z in $State.dnsZones) { if ("$($z['ZoneName'])".TrimEnd('.') -ieq $ZoneName.TrimEnd('.')) { return $z } }
    return $null
}

function ConvertTo-SfbRecordObject {
    param([System.Collections.IDictionary]$Record)
    [pscustomobject][ordered]@{
        HostName   = $Record['HostName']
        RecordType = $Record['RecordType']
        RecordClass = 'IN'
        TimeToLive = [timespan]::FromSeconds([double]$Record['TimeToLive'])
        Timestamp  = $null
        RecordData = [pscustomobject]$Record['RecordData']
    }
}

function Get-DnsServerZone {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]]$Name,
        [string]$ComputerName,
        [string]$VirtualizationInstance
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $state = Read-SfbState
    if (-not $Name) {
        foreach ($z in $state.dnsZones) { [pscustomobject][ordered]@{ ZoneName = $z['ZoneName']; ZoneType = 'Primary'; IsAutoCreated = $false; IsDsIntegrated = $false; IsReverseLookupZone = $false } }
        return
    }
    foreach ($n in $Name) {
        $z = Find-SfbZone $state $n
        if ($null -eq $z) { Write-SfbNotFound $PSCmdlet "The zone $n was not found on server." $n; continue }
        [pscustomobject][ordered]@{ ZoneName = $z['ZoneName']; ZoneType = 'Primary'; IsAutoCreated = $false; IsDsIntegrated = $false; IsReverseLookupZone = $false }
    }
}

function Get-DnsServerResourceRecord {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(Position = 0)] [string]$Name,
        [Parameter(Mandatory = $true, Position = 1)] [string]$ZoneName,
        [Parameter(ParameterSetName = 'Name')] [ValidateSet('HInfo', 'Afsdb', 'Atma', 'Isdn', 'Key', 'Mb', 'Md', 'Mf', 'Mg', 'MInfo', 'Mr', 'Mx', 'NsNxt', 'Rp', 'Rt', 'Wks', 'X25', 'A', 'AAAA', 'CName', 'Ptr', 'Srv', 'Txt', 'Wins', 'WinsR', 'Ns', 'Soa', 'NasP', 'NasPtr', 'DName', 'Gpos', 'Loc', 'DhcId', 'Naptr', 'RRSig', 'DnsKey', 'DS', 'NSec', 'NSec3', 'NSec3Param', 'Tlsa')] [string]$RRType,
        [Parameter(ParameterSetName = 'Type', Mandatory = $true)] [uint16]$Type,
        [string]$ComputerName,
        [switch]$Node,
        [string]$ZoneScope,
        [string]$VirtualizationInstance
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    $state = Read-SfbState
    $zone = Find-SfbZone $state $ZoneName
    if ($null -eq $zone) { Write-SfbNotFound $PSCmdlet "The zone $ZoneName was not found on server." $ZoneName; return }
    $hits = @($zone['Records'] | Where-Object { $null -ne $_ -and (-not $Name -or "$($_['HostName'])" -ieq $Name) -and (-not $RRType -or "$($_['RecordType'])" -ieq $RRType) })
    if ($Name -and $hits.Count -eq 0) { Write-SfbNotFound $PSCmdlet "Failed to get $Name record in $ZoneName zone on server." $Name; return }
    foreach ($r in $hits) { ConvertTo-SfbRecordObject $r }
}

function Add-DnsServerResourceRecord {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'A')]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string]$ZoneName,
        [Parameter(Mandatory = $true, Position = 1)] [string]$Name,
        [Parameter(ParameterSetName = 'A', Mandatory = $true)] [switch]$A,
        [Parameter(ParameterSetName = 'A', Mandatory = $true)] [System.Net.IPAddress]$IPv4Address,
        [Parameter(ParameterSetName = 'AAAA', Mandatory = $true)] [switch]$AAAA,
        [Parameter(ParameterSetName = 'AAAA', Mandatory = $true)] [System.Net.IPAddress]$IPv6Address,
        [Parameter(ParameterSetName = 'Srv', Mandatory = $true)] [switch]$Srv,
        [Parameter(ParameterSetName = 'Srv', Mandatory = $true)] [string]$DomainName,
        [Parameter(ParameterSetName = 'Srv', Mandatory = $true)] [uint16]$Priority,
        [Parameter(ParameterSetName = 'Srv', Mandatory = $true)] [uint16]$Weight,
        [Parameter(ParameterSetName = 'Srv', Mandatory = $true)] [uint16]$Port,
        [timespan]$TimeToLive,
        [switch]$AllowUpdateAny,
        [switch]$AgeRecord,
        [Parameter(ParameterSetName = 'A')] [Parameter(ParameterSetName = 'AAAA')] [switch]$CreatePtr,
        [string]$ComputerName,
        [string]$ZoneScope,
        [string]$VirtualizationInstance,
        [switch]$PassThru
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    if ($PSCmdlet.ParameterSetName -eq 'A' -and $IPv4Address.AddressFamily -ne 'InterNetwork') { throw "Cannot bind parameter 'IPv4Address': '$IPv4Address' is not an IPv4 address." }
    if ($PSCmdlet.ParameterSetName -eq 'AAAA' -and $IPv6Address.AddressFamily -ne 'InterNetworkV6') { throw "Cannot bind parameter 'IPv6Address': '$IPv6Address' is not an IPv6 address." }
    $state = Read-SfbState
    $zone = Find-SfbZone $state $ZoneName
    if ($null -eq $zone) { Write-SfbNotFound $PSCmdlet "The zone $ZoneName was not found on server." $ZoneName; return }
    $type = $PSCmdlet.ParameterSetName.ToUpperInvariant()
    $data = switch ($PSCmdlet.ParameterSetName) {
        'A' { [ordered]@{ IPv4Address = $IPv4Address.ToString() } }
        'AAAA' { [ordered]@{ IPv6Address = $IPv6Address.ToString() } }
        'Srv' { [ordered]@{ DomainName = $DomainName.TrimEnd('.') + '.'; Port = [int]$Port; Priority = [int]$Priority; Weight = [int]$Weight } }
    }
    $same = @($zone['Records'] | Where-Object { "$($_['HostName'])" -ieq $Name -and "$($_['RecordType'])" -ieq $type -and (($_['RecordData'] | ConvertTo-Json -Compress) -eq ($data | ConvertTo-Json -Compress)) })
    if ($same.Count -gt 0) { Write-SfbExists $PSCmdlet "Failed to create resource record $Name in zone $ZoneName on server: the record already exists." $Name; return }
    if (-not $PSCmdlet.ShouldProcess("$Name.$ZoneName", "Add-DnsServerResourceRecord $type")) { return }
    $ttl = if ($PSBoundParameters.ContainsKey('TimeToLive')) { [int]$TimeToLive.TotalSeconds } else { 3600 }
    # A second A record with another address is accepted, as the real server does (round robin):
    # the script, not the server, must refuse to double a host record.
    $record = [ordered]@{ HostName = $Name; RecordType = $type; TimeToLive = $ttl; RecordData = $data }
    if ($null -eq $zone['Records']) { $zone['Records'] = New-Object System.Collections.ArrayList }
    [void]$zone['Records'].Add($record)
    Write-SfbState $state
    if ($PassThru) { ConvertTo-SfbRecordObject $record }
}

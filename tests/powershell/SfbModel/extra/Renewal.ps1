# Certificate import and service restart, for the Edge certificate renewal script (issue 15).
# Signatures from Microsoft's pages:
#   https://learn.microsoft.com/powershell/module/skype/import-cscertificate   -Path -Password -PrivateKeyExportable [-Roll -EffectiveDate]
#   https://learn.microsoft.com/powershell/module/skype/stop-cswindowsservice
#   https://learn.microsoft.com/powershell/module/skype/start-cswindowsservice
# Import-CsCertificate opens the PFX with .NET, as Windows does, and puts it in the local store
# the model's Set-CsCertificate assigns from; a wrong password fails the same way.

function Import-CsCertificate {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Local')]
    param(
        [Parameter(Mandatory = $true)] [string]$Path,
        [string]$Password,
        [bool]$PrivateKeyExportable,
        [Alias('EffectiveTime')] [datetime]$EffectiveDate,
        [switch]$Roll,
        [switch]$Force,
        [string]$Report
    )
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
    if ($Roll -and -not $PSBoundParameters.ContainsKey('EffectiveDate')) { throw 'Import-CsCertificate: -Roll requires -EffectiveDate.' }
    $full = (Resolve-Path -LiteralPath $Path).ProviderPath
    $cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 ($full, $Password)
    if (-not $cert.HasPrivateKey) { throw "Import-CsCertificate: $Path has no private key." }
    if (-not $PSCmdlet.ShouldProcess($cert.Thumbprint, 'Import-CsCertificate')) { return }
    $state = Read-SfbState
    $tp = $cert.Thumbprint.ToUpperInvariant()
    if (-not (@($state.localStore | Where-Object { "$($_['Thumbprint'])" -ieq $tp }))) {
        [void]$state.localStore.Add([ordered]@{ Thumbprint = $tp; Subject = $cert.Subject; Issuer = $cert.Issuer; NotAfter = $cert.NotAfter.ToUniversalTime().ToString('o') })
    }
    Write-SfbState $state
}

function Stop-CsWindowsService {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Position = 0)] [string]$Name, [string]$ComputerName, [switch]$Graceful, [switch]$NoWait, [switch]$Force, [string]$Report)
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
}

function Start-CsWindowsService {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Position = 0)] [string]$Name, [string]$ComputerName, [switch]$NoWait, [switch]$Force, [string]$Report)
    Write-SfbCall -Cmdlet $MyInvocation.MyCommand.Name -ParameterSet $PSCmdlet.ParameterSetName -Bound $PSBoundParameters
}

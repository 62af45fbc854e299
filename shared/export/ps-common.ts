import type { ProjectData } from '../domain/model/project'
import { psCommentText } from './ps-quote'
import { productNames } from './products'
import type { TextBuilder } from './text'

/** What every generated script states about itself. */
export interface ScriptOptions {
  /** ISO-8601 time of the export; printed, never used for logic (golden files pin it). */
  readonly generatedAt: string
  readonly appVersion: string
}

/** The file the config script writes before its first change and the rollback script reads. */
export const PRECHANGE_STATE_FILE = 'xmpp-prechange-state.json'

/** Properties captured and restored for each object (spec §2.2, §2.3, §2.4). */
export const POLICY_STATE_PROPERTIES = ['Description', 'EnableFederationAccess', 'EnableXmppAccess', 'EnableOutsideAccess', 'EnablePublicCloudAccess'] as const
export const PARTNER_STATE_PROPERTIES = ['Description', 'PartnerType', 'TlsNegotiation', 'SaslNegotiation', 'SupportDialbackNegotiation', 'EnableKeepAlive', 'ConnectionLimit', 'ProxyFqdn', 'AdditionalDomains'] as const
export const GATEWAY_STATE_PROPERTIES = ['ConnectionLimit', 'PartnerConnectionLimit', 'KeepAliveInterval', 'StreamEstablishmentTimeout', 'StreamInactivityTimeout', 'SubscriptionRefreshInterval', 'EnableLoggingAllMessageBodies'] as const

/** The shell the scripts must run in (spec §0 item 2 and 4). */
export function legacyShellSentence(p: Pick<ProjectData, 'scenario'>): string {
  const names = productNames(p.scenario)
  return `Run it in the LEGACY ${names.managementShell} (${names.product}), never in the Skype for Business Server 2019 Management Shell: XMPP is not a Skype for Business Server 2019 feature and survives only on the legacy pool and Edge in coexistence.`
}

/** Wraps prose into `# ` comment lines of at most ~100 characters, neutralising line breaks. */
export function commentBlock(b: TextBuilder, text: string, width = 96): void {
  const words = psCommentText(text).split(/\s+/).filter(Boolean)
  let line = ''
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      b.line(`# ${line}`)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  if (line) b.line(`# ${line}`)
}

/** A section banner. */
export function section(b: TextBuilder, title: string): void {
  b.blank()
  b.line(`# ${'-'.repeat(96)}`)
  b.line(`# ${psCommentText(title)}`)
  b.line(`# ${'-'.repeat(96)}`)
}

/**
 * Helper functions both scripts define: a property-by-property comparison (so every change is
 * behind a Get- comparison), a state snapshot, and a change counter.
 */
export function helperFunctions(b: TextBuilder): void {
  b.line('function Write-XgwStep {')
  b.indent(() => {
    b.line('param([string]$Text)')
    b.line("Write-Host ''")
    b.line("Write-Host ('== ' + $Text) -ForegroundColor Cyan")
  })
  b.line('}')
  b.blank()
  b.line('$script:xgwChangeCount = 0')
  b.line('function Write-XgwChange {')
  b.indent(() => {
    b.line('param([string]$Text)')
    b.line('$script:xgwChangeCount++')
    b.line("$prefix = if ($WhatIf) { 'WOULD CHANGE: ' } else { 'CHANGE: ' }")
    b.line('Write-Host ($prefix + $Text) -ForegroundColor Yellow')
  })
  b.line('}')
  b.blank()
  b.line('# One line per property whose current value differs from the desired one (exact, case-sensitive).')
  b.line('function Get-XgwDifference {')
  b.indent(() => {
    b.line('param($Current, [System.Collections.IDictionary]$Desired)')
    b.line('foreach ($key in @($Desired.Keys)) {')
    b.indent(() => {
      b.line('$property = $Current.PSObject.Properties[$key]')
      b.line('$have = if ($null -ne $property) { $property.Value } else { $null }')
      b.line('$want = $Desired[$key]')
      b.line('if ("$have" -cne "$want") { "{0}: \'{1}\' -> \'{2}\'" -f $key, $have, $want }')
    })
    b.line('}')
  })
  b.line('}')
  b.blank()
  b.line('# The desired values that are not $null: they are passed as parameters.')
  b.line('function Get-XgwSettings {')
  b.indent(() => {
    b.line('param([System.Collections.IDictionary]$Desired)')
    b.line('$settings = [ordered]@{}')
    b.line('foreach ($key in @($Desired.Keys)) { if ($null -ne $Desired[$key]) { $settings[$key] = $Desired[$key] } }')
    b.line('$settings')
  })
  b.line('}')
  b.blank()
  b.line('# The properties to clear: desired $null, currently holding a value.')
  b.line('function Get-XgwToClear {')
  b.indent(() => {
    b.line('param($Current, [System.Collections.IDictionary]$Desired)')
    b.line('foreach ($key in @($Desired.Keys)) {')
    b.indent(() => {
      b.line('$property = $Current.PSObject.Properties[$key]')
      b.line('if ($null -eq $Desired[$key] -and $null -ne $property -and "$($property.Value)" -ne \'\') { $key }')
    })
    b.line('}')
  })
  b.line('}')
  b.blank()
  b.line("# A [string] or [uint32] parameter cannot carry $null (it arrives as '' or 0), so a property is")
  b.line('# cleared the documented way: read the object, set the property to $null, pass it with -Instance.')
  b.line('function Clear-XgwProperty {')
  b.indent(() => {
    b.line('param([string]$Noun, [string]$Identity, [string[]]$Property)')
    b.line("Write-XgwChange ('Set-Cs{0} {1}: clear {2}' -f $Noun, $Identity, ($Property -join ', '))")
    b.line('$instance = & "Get-Cs$Noun" -Identity $Identity')
    b.line('foreach ($name in $Property) { $instance.$name = $null }')
    b.line('& "Set-Cs$Noun" -Instance $instance -WhatIf:$WhatIf')
  })
  b.line('}')
  b.blank()
  b.line('# A JSON-safe snapshot of some properties: enums become their names, lists become string arrays.')
  b.line('function ConvertTo-XgwState {')
  b.indent(() => {
    b.line('param($InputObject, [string[]]$Property)')
    b.line('$state = [ordered]@{}')
    b.line('foreach ($name in $Property) {')
    b.indent(() => {
      b.line('$p = $InputObject.PSObject.Properties[$name]')
      b.line('if ($null -eq $p -or $null -eq $p.Value) { $state[$name] = $null }')
      b.line('elseif ($p.Value -is [bool]) { $state[$name] = $p.Value }')
      b.line('elseif ($p.Value -is [System.Collections.IEnumerable] -and $p.Value -isnot [string]) { $state[$name] = @($p.Value | Where-Object { $_ } | ForEach-Object { "$_" }) }')
      b.line('else { $state[$name] = "$($p.Value)" }')
    })
    b.line('}')
    b.line('$state')
  })
  b.line('}')
}

/** The standard opening: #Requires, help, param, error preference, transcript. */
export function scriptOpening(b: TextBuilder, o: ScriptOptions, what: { synopsis: string; description: string[]; transcriptPrefix: string }): void {
  b.line('#Requires -Version 3')
  b.line('<#')
  b.line('.SYNOPSIS')
  b.line(`    ${psCommentText(what.synopsis)}`)
  b.line('.DESCRIPTION')
  for (const d of what.description) b.line(`    ${psCommentText(d)}`)
  b.line('.PARAMETER WhatIf')
  b.line('    Shows what would change without changing anything; passed to every change as -WhatIf:$WhatIf.')
  b.line('.NOTES')
  b.line(`    Generated by XMPP Gateway Wizard ${psCommentText(o.appVersion)} at ${psCommentText(o.generatedAt)}.`)
  b.line('    Account: member of RTCUniversalServerAdmins (or the CsAdministrator role).')
  b.line('    Saved as UTF-8 with BOM so that Windows PowerShell 5.1 reads non-ASCII text correctly.')
  b.line('#>')
  b.line('param([switch]$WhatIf)')
  b.blank()
  b.line("$ErrorActionPreference = 'Stop'")
  b.line('Set-StrictMode -Version 2.0')
  b.line(`$transcriptPath = Join-Path $PSScriptRoot ('${what.transcriptPrefix}-{0}.log' -f (Get-Date -Format 'yyyyMMdd-HHmmss-fff'))`)
  b.line('Start-Transcript -Path $transcriptPath | Out-Null')
}

/**
 * Brings a partner's additional domains to the list held in `$<wantedVar>` with the documented
 * @{Add=...} / @{Remove=...} forms (spec §2.3), each change behind the comparison with
 * `$currentPartner`: the same block serves the configuration and the rollback script.
 */
export function reconcileAdditionalDomains(b: TextBuilder, wantedVar: string): void {
  // The list ends in the wanted order, not only with the wanted members: the rollback must leave
  // the partner exactly as it was. Kept domains that already stand in the wanted order stay;
  // everything after the first one out of place is removed and added again, in order.
  b.line('$currentDomains = @($currentPartner.AdditionalDomains | Where-Object { $_ } | ForEach-Object { "$_".ToLowerInvariant() })')
  b.line(`$keptDomains = @($currentDomains | Where-Object { $${wantedVar} -contains $_ })`)
  b.line('$inOrder = 0')
  b.line(`while ($inOrder -lt $keptDomains.Count -and $inOrder -lt $${wantedVar}.Count -and $keptDomains[$inOrder] -eq $${wantedVar}[$inOrder]) { $inOrder++ }`)
  b.line(`$domainsToRemove = @($currentDomains | Where-Object { $${wantedVar} -notcontains $_ }) + @($keptDomains | Select-Object -Skip $inOrder)`)
  b.line(`$domainsToAdd = @($${wantedVar} | Select-Object -Skip $inOrder)`)
  b.line('if ($domainsToRemove.Count -gt 0) {')
  b.indent(() => {
    b.line("Write-XgwChange ('Set-CsXmppAllowedPartner ' + $partnerIdentity + ' remove ' + ($domainsToRemove -join ', '))")
    b.line('Set-CsXmppAllowedPartner -Identity $partnerIdentity -AdditionalDomains @{Remove = $domainsToRemove} -WhatIf:$WhatIf')
  })
  b.line('}')
  b.line('if ($domainsToAdd.Count -gt 0) {')
  b.indent(() => {
    b.line("Write-XgwChange ('Set-CsXmppAllowedPartner ' + $partnerIdentity + ' add ' + ($domainsToAdd -join ', '))")
    b.line('Set-CsXmppAllowedPartner -Identity $partnerIdentity -AdditionalDomains @{Add = $domainsToAdd} -WhatIf:$WhatIf')
  })
  b.line('}')
}

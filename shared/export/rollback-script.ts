import type { ProjectData } from '../domain/model/project'
import { normaliseFqdn } from '../domain/rules/fqdn'
import { changedGatewayParameters } from '../domain/rules/gateway'
import { policyIdentity } from '../domain/rules/policy'
import { findExistingPolicy, type ExistingConfig } from './existing-config'
import { PRECHANGE_STATE_FILE, commentBlock, helperFunctions, legacyShellSentence, scriptOpening, section, type ScriptOptions, reconcileAdditionalDomains } from './ps-common'
import { psArray, psCommentText, psQuote } from './ps-quote'
import { TextBuilder } from './text'

/**
 * The state the rollback restores, in the shape xmpp-config.ps1 writes to the pre-change file,
 * built from pasted configuration at export time. Used only when the file is missing.
 */
export function exportTimeState(p: ProjectData, existing: ExistingConfig, capturedAt: string): Record<string, unknown> {
  const domains = [...new Set(p.partners.partners.map((x) => normaliseFqdn(x.domain)))]
  return {
    capturedAt,
    source: 'export-time',
    // No pasted policies: nothing is known, and an empty list leaves every policy as it is.
    policies:
      existing.policies.length === 0
        ? []
        : p.policy.policies.map((policy) => {
            const pol = findExistingPolicy(policy, existing)
            return {
              Identity: policyIdentity(policy),
              Exists: !!pol,
              Settings: pol
                ? {
                    Description: pol.description,
                    EnableFederationAccess: pol.enableFederationAccess,
                    EnableXmppAccess: pol.enableXmppAccess,
                    EnableOutsideAccess: pol.enableOutsideAccess,
                    EnablePublicCloudAccess: pol.enablePublicCloudAccess,
                  }
                : null,
            }
          }),
    partners:
      existing.partners.length === 0
        ? []
        : domains.map((d) => {
            const e = existing.partners.find((x) => x.domain === d)
            return {
              Identity: d,
              Exists: !!e,
              Settings: e
                ? {
                    Description: e.description,
                    PartnerType: e.partnerType,
                    TlsNegotiation: e.tls,
                    SaslNegotiation: e.sasl,
                    SupportDialbackNegotiation: e.dialback,
                    EnableKeepAlive: e.enableKeepAlive,
                    ConnectionLimit: e.connectionLimit === null ? null : String(e.connectionLimit),
                    ProxyFqdn: e.proxyFqdn,
                    AdditionalDomains: [...e.additionalDomains],
                  }
                : null,
            }
          }),
    gateway: null,
    allowFederatedUsers: null,
    users: [],
  }
}

/**
 * `xmpp-rollback.ps1` (spec §5 step 9 item 2): restores what xmpp-config.ps1 changed, from the
 * pre-change state that script saved (or, failing that, the state pasted at export time).
 * Idempotent like the config script: each restore sits behind a Get- comparison.
 */
export function rollbackScript(p: ProjectData, o: ScriptOptions, existing: ExistingConfig | null = null): string {
  const b = new TextBuilder()
  const domains = [...new Set(p.partners.partners.map((x) => normaliseFqdn(x.domain)).filter(Boolean))]
  const gatewayParams = changedGatewayParameters(p.gateway).map((c) => c.parameter)
  const policyIdentities = p.policy.policies.map(policyIdentity)

  scriptOpening(b, o, {
    synopsis: 'Restores the configuration that xmpp-config.ps1 changed.',
    description: [
      legacyShellSentence(p),
      `Reads ${PRECHANGE_STATE_FILE}, written by xmpp-config.ps1 beside itself before its first change,`,
      'and restores the External Access Policies and the XMPP federated partners of this project, the user',
      'assignments, the changed XMPP gateway parameters and AllowFederatedUsers. Running it twice changes',
      'nothing the second time. The dialback passphrase cannot be restored: it is never captured.',
    ],
    transcriptPrefix: 'xmpp-rollback',
  })
  b.blank()
  helperFunctions(b)
  b.blank()
  b.line('# Properties of a saved state as a table, $null included: a property that was unset before')
  b.line('# is cleared again (Get-XgwSettings and Get-XgwToClear split the two).')
  b.line('function ConvertFrom-XgwState {')
  b.indent(() => {
    b.line('param($State, [string[]]$Exclude = @())')
    b.line('$values = [ordered]@{}')
    b.line('if ($null -ne $State) {')
    b.indent(() => {
      b.line('foreach ($p in $State.PSObject.Properties) {')
      b.indent(() => b.line('if ($Exclude -notcontains $p.Name) { $values[$p.Name] = $p.Value }'))
      b.line('}')
    })
    b.line('}')
    b.line('$values')
  })
  b.line('}')
  b.blank()
  b.line('try {')
  b.indent(() => {
    section(b, '1. Pre-flight and the saved state')
    b.line(
      `$requiredCommands = ${psArray(['Get-CsAccessEdgeConfiguration', 'Set-CsAccessEdgeConfiguration', 'Get-CsExternalAccessPolicy', 'New-CsExternalAccessPolicy', 'Set-CsExternalAccessPolicy', 'Remove-CsExternalAccessPolicy', 'Grant-CsExternalAccessPolicy', 'Get-CsXmppAllowedPartner', 'New-CsXmppAllowedPartner', 'Set-CsXmppAllowedPartner', 'Remove-CsXmppAllowedPartner', 'Get-CsXmppGatewayConfiguration', 'Set-CsXmppGatewayConfiguration', 'Get-CsUser'])}`,
    )
    b.line('$missingCommands = @($requiredCommands | Where-Object { -not (Get-Command -Name $_ -ErrorAction SilentlyContinue) })')
    b.line('if ($missingCommands.Count -gt 0) {')
    b.indent(() => b.line(`throw ('Missing cmdlets: {0}. ' -f ($missingCommands -join ', ') + ${psQuote(legacyShellSentence(p))})`))
    b.line('}')
    b.line(`$statePath = Join-Path $PSScriptRoot ${psQuote(PRECHANGE_STATE_FILE)}`)
    b.line('if (Test-Path -LiteralPath $statePath) {')
    b.indent(() => b.line('$state = Get-Content -LiteralPath $statePath -Raw | ConvertFrom-Json'))
    b.line('}')
    b.line('else {')
    b.indent(() => {
      if (existing && (existing.policies.length > 0 || existing.partners.length > 0)) {
        commentBlock(b, 'Fallback: the configuration pasted into the wizard at export time. It knows nothing about user assignments, the gateway or AllowFederatedUsers.')
        b.line(`Write-Warning ${psQuote(`${PRECHANGE_STATE_FILE} not found: using the configuration captured at export time.`)}`)
        b.line("$exportTimeState = @'")
        // JSON lines never begin with '@, so the here-string cannot close early; the rare line
        // separators JSON leaves raw are escaped too, and the terminator sits at column 0.
        const json = JSON.stringify(exportTimeState(p, existing, o.generatedAt), null, 2).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        b.raw(...json.split('\n'), "'@")
        b.line('$state = $exportTimeState | ConvertFrom-Json')
      } else {
        b.line(`throw ${psQuote(`${PRECHANGE_STATE_FILE} not found beside this script: run the rollback from the folder where xmpp-config.ps1 ran.`)}`)
      }
    })
    b.line('}')
    // Under Set-StrictMode a missing property is an error: say what it means instead.
    b.line("if ($null -eq $state.PSObject.Properties['policies']) {")
    b.indent(() => b.line(`throw ${psQuote(`${PRECHANGE_STATE_FILE} was written by an earlier version of xmpp-config.ps1 (one policy, no "policies" list): run the xmpp-rollback.ps1 exported with that script.`)}`))
    b.line('}')
    b.line("Write-Host ('Restoring the state captured at ' + $state.capturedAt + ' by ' + $state.source)")
    b.line('$currentEdge = Get-CsAccessEdgeConfiguration')
    b.line('$currentGateway = Get-CsXmppGatewayConfiguration')

    section(b, '2. XMPP gateway configuration: only the parameters xmpp-config.ps1 sets')
    if (gatewayParams.length === 0) b.line("Write-Host 'XMPP gateway configuration: nothing to restore.'")
    else {
      b.line('if ($null -ne $state.gateway) {')
      b.indent(() => {
        b.line(`$priorGateway = ConvertFrom-XgwState -State ($state.gateway | Select-Object -Property ${psArray(gatewayParams)})`)
        b.line('$gatewaySettings = Get-XgwSettings -Desired $priorGateway')
        b.line('$gatewayDifferences = @(Get-XgwDifference -Current $currentGateway -Desired $gatewaySettings)')
        b.line('if ($gatewayDifferences.Count -gt 0) {')
        b.indent(() => {
          b.line("Write-XgwChange ('Set-CsXmppGatewayConfiguration: ' + ($gatewayDifferences -join '; '))")
          b.line("Set-CsXmppGatewayConfiguration -Identity 'global' @gatewaySettings -WhatIf:$WhatIf")
        })
        b.line('}')
      })
      b.line('}')
    }
    if (p.gateway.setDialbackPassphrase) commentBlock(b, 'The dialback passphrase is not restored: its previous value was never captured.')

    section(b, '3. XMPP federated partners of this project')
    // A list and one loop, the saved state looked up by identity: two lines a partner rather than
    // forty, and no search of the whole state per partner (5,000 partners).
    if (domains.length === 0) b.line('$partnerIdentities = @()')
    else {
      b.line('$partnerIdentities = @(')
      b.indent(() => {
        for (const d of domains) b.line(psQuote(d))
      })
      b.line(')')
    }
    b.line('$priorPartners = @{}')
    b.line('foreach ($saved in @($state.partners)) { if ($null -ne $saved -and -not $priorPartners.ContainsKey("$($saved.Identity)")) { $priorPartners["$($saved.Identity)"] = $saved } }')
    b.line('foreach ($partnerIdentity in $partnerIdentities) {')
    b.indent(() => {
      b.line('$priorPartner = $priorPartners[$partnerIdentity]')
      b.line('$currentPartner = Get-CsXmppAllowedPartner -Identity $partnerIdentity -ErrorAction SilentlyContinue')
      b.line('if ($null -eq $priorPartner) {')
      b.indent(() => b.line("Write-Warning ('No saved state for ' + $partnerIdentity + ': left as it is.')"))
      b.line('}')
      b.line('elseif (-not $priorPartner.Exists) {')
      b.indent(() => {
        b.line('if ($null -ne $currentPartner) {')
        b.indent(() => {
          b.line("Write-XgwChange ('Remove-CsXmppAllowedPartner ' + $partnerIdentity)")
          b.line('Remove-CsXmppAllowedPartner -Identity $partnerIdentity -Confirm:$false -WhatIf:$WhatIf')
        })
        b.line('}')
      })
      b.line('}')
      b.line('else {')
      b.indent(() => {
        b.line("$priorSettings = ConvertFrom-XgwState -State $priorPartner.Settings -Exclude @('AdditionalDomains')")
        b.line('$priorDomains = @($priorPartner.Settings.AdditionalDomains | Where-Object { $_ } | ForEach-Object { "$_".ToLowerInvariant() })')
        b.line('if ($null -eq $currentPartner) {')
        b.indent(() => {
          b.line('$partnerSettings = Get-XgwSettings -Desired $priorSettings')
          b.line("if ($priorDomains.Count -gt 0) { $partnerSettings['AdditionalDomains'] = $priorDomains }")
          b.line("Write-XgwChange ('New-CsXmppAllowedPartner ' + $partnerIdentity)")
          b.line('New-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings -WhatIf:$WhatIf')
        })
        b.line('}')
        b.line('else {')
        b.indent(() => {
          b.line('$partnerSettings = Get-XgwSettings -Desired $priorSettings')
          b.line('$partnerDifferences = @(Get-XgwDifference -Current $currentPartner -Desired $partnerSettings)')
          b.line('$partnerClears = @(Get-XgwToClear -Current $currentPartner -Desired $priorSettings)')
          b.line('if ($partnerDifferences.Count -gt 0) {')
          b.indent(() => {
            b.line("Write-XgwChange ('Set-CsXmppAllowedPartner ' + $partnerIdentity + ': ' + ($partnerDifferences -join '; '))")
            b.line('Set-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings -WhatIf:$WhatIf')
          })
          b.line('}')
          b.line("if ($partnerClears.Count -gt 0) { Clear-XgwProperty -Noun 'XmppAllowedPartner' -Identity $partnerIdentity -Property $partnerClears }")
          reconcileAdditionalDomains(b, 'priorDomains')
        })
        b.line('}')
      })
      b.line('}')
    })
    b.line('}')

    section(b, '4. User assignments: back to the policy each user had (none = automatic)')
    b.line('foreach ($priorUser in @($state.users)) {')
    b.indent(() => {
      b.line('$currentUser = Get-CsUser -Identity $priorUser.SipAddress')
      b.line("$currentAssignment = \"$($currentUser.ExternalAccessPolicy)\" -replace '^tag:', ''")
      b.line('if ($currentAssignment -ne "$($priorUser.ExternalAccessPolicy)") {')
      b.indent(() => {
        b.line("Write-XgwChange ('Grant-CsExternalAccessPolicy {0} -> {1}' -f $priorUser.SipAddress, $priorUser.ExternalAccessPolicy)")
        b.line('if ("$($priorUser.ExternalAccessPolicy)") { Grant-CsExternalAccessPolicy -Identity $priorUser.SipAddress -PolicyName $priorUser.ExternalAccessPolicy -WhatIf:$WhatIf }')
        b.line('else { Grant-CsExternalAccessPolicy -Identity $priorUser.SipAddress -PolicyName $null -WhatIf:$WhatIf }')
      })
      b.line('}')
    })
    b.line('}')

    section(b, '5. External Access Policies of this project')
    for (const identity of policyIdentities) {
      b.blank()
      b.line(`# ${psCommentText(identity)}`)
      b.line(`$policyIdentity = ${psQuote(identity)}`)
      b.line('$priorPolicy = @($state.policies | Where-Object { $_.Identity -eq $policyIdentity }) | Select-Object -First 1')
      b.line('$currentPolicy = Get-CsExternalAccessPolicy -Identity $policyIdentity -ErrorAction SilentlyContinue')
      b.line('if ($null -eq $priorPolicy) {')
      b.indent(() => b.line("Write-Warning ('The previous state of ' + $policyIdentity + ' is unknown: left as it is.')"))
      b.line('}')
      b.line('elseif (-not $priorPolicy.Exists) {')
      b.indent(() => {
        commentBlock(b, 'The policy did not exist before: remove it (global cannot be removed, only reset).')
        b.line("if ($null -ne $currentPolicy -and $policyIdentity -ne 'global') {")
        b.indent(() => {
          b.line("Write-XgwChange ('Remove-CsExternalAccessPolicy ' + $policyIdentity)")
          b.line('Remove-CsExternalAccessPolicy -Identity $policyIdentity -Confirm:$false -WhatIf:$WhatIf')
        })
        b.line('}')
      })
      b.line('}')
      b.line('else {')
      b.indent(() => {
        b.line('$priorSettings = ConvertFrom-XgwState -State $priorPolicy.Settings')
        b.line("if (-not (Get-Command -Name New-CsExternalAccessPolicy).Parameters.ContainsKey('EnablePublicCloudAccess')) { $priorSettings.Remove('EnablePublicCloudAccess') }")
        b.line('$policySettings = Get-XgwSettings -Desired $priorSettings')
        b.line('if ($null -eq $currentPolicy) {')
        b.indent(() => {
          b.line("Write-XgwChange ('New-CsExternalAccessPolicy ' + $policyIdentity)")
          b.line('New-CsExternalAccessPolicy -Identity $policyIdentity @policySettings -WhatIf:$WhatIf')
        })
        b.line('}')
        b.line('else {')
        b.indent(() => {
          b.line('$policyDifferences = @(Get-XgwDifference -Current $currentPolicy -Desired $policySettings)')
          b.line('$policyClears = @(Get-XgwToClear -Current $currentPolicy -Desired $priorSettings)')
          b.line('if ($policyDifferences.Count -gt 0) {')
          b.indent(() => {
            b.line("Write-XgwChange ('Set-CsExternalAccessPolicy ' + $policyIdentity + ': ' + ($policyDifferences -join '; '))")
            b.line('Set-CsExternalAccessPolicy -Identity $policyIdentity @policySettings -WhatIf:$WhatIf')
          })
          b.line('}')
          b.line("if ($policyClears.Count -gt 0) { Clear-XgwProperty -Noun 'ExternalAccessPolicy' -Identity $policyIdentity -Property $policyClears }")
        })
        b.line('}')
      })
      b.line('}')
    }

    section(b, '6. Access Edge: AllowFederatedUsers')
    b.line('if ($null -ne $state.allowFederatedUsers -and -not $state.allowFederatedUsers -and $currentEdge.AllowFederatedUsers) {')
    b.indent(() => {
      b.line("Write-Warning 'Setting AllowFederatedUsers back to False disables ALL federation (SIP and XMPP), as it was before xmpp-config.ps1 ran.'")
      b.line("Write-XgwChange 'Set-CsAccessEdgeConfiguration -AllowFederatedUsers $false'")
      b.line('Set-CsAccessEdgeConfiguration -AllowFederatedUsers $false -WhatIf:$WhatIf')
    })
    b.line('}')
    b.blank()
    commentBlock(b, 'Not restored by this script: DNS records, firewall rules and Edge certificates (see runbook.md).')
    b.line("if ($WhatIf) { Write-Host ('Changes that would be made: {0}' -f $script:xgwChangeCount) }")
    b.line("else { Write-Host ('Changes made: {0}' -f $script:xgwChangeCount) }")
  })
  b.line('}')
  b.line('finally {')
  b.indent(() => b.line('Stop-Transcript | Out-Null'))
  b.line('}')
  return b.toString()
}

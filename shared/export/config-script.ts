import type { ProjectData } from '../domain/model/project'
import { edgeMembers, cleanDomains } from '../domain/rules/names'
import { NEGOTIATION_LABELS, PARTNER_TYPE_LABELS, negotiationRow } from '../domain/rules/partners'
import { XMPP_INTERNAL_PORT_NOTE } from '../domain/rules/firewall'
import { configPlan, type ConfigPlan, type PartnerPlan, type PolicyPlan } from './config-plan'
import {
  GATEWAY_STATE_PROPERTIES,
  PARTNER_STATE_PROPERTIES,
  POLICY_STATE_PROPERTIES,
  PRECHANGE_STATE_FILE,
  commentBlock,
  helperFunctions,
  legacyShellSentence,
  scriptOpening,
  section,
  reconcileAdditionalDomains,
  type ScriptOptions,
} from './ps-common'
import { psArray, psBool, psCommentText, psQuote, psValue } from './ps-quote'
import { TextBuilder } from './text'

/** The cmdlets the pre-flight requires (spec §5 step 9: fail fast when not on a 2015/2013 shell). */
const REQUIRED_COMMANDS = [
  'Get-CsAccessEdgeConfiguration',
  'Set-CsAccessEdgeConfiguration',
  'Get-CsExternalAccessPolicy',
  'New-CsExternalAccessPolicy',
  'Set-CsExternalAccessPolicy',
  'Grant-CsExternalAccessPolicy',
  'Get-CsXmppAllowedPartner',
  'New-CsXmppAllowedPartner',
  'Set-CsXmppAllowedPartner',
  'Remove-CsXmppAllowedPartner',
  'Get-CsXmppGatewayConfiguration',
  'Set-CsXmppGatewayConfiguration',
  'Get-CsUser',
]

type Settings = Readonly<Record<string, string | number | boolean | null>>

/** The `Name = literal` entries of an ordered hashtable, in order. */
const hashtableEntries = (values: Settings): string[] => Object.entries(values).map(([k, v]) => `${k} = ${psValue(v)}`)

/** Emits an ordered hashtable literal for splatting, one entry per line. */
function hashtable(b: TextBuilder, name: string, values: Settings): void {
  const entries = hashtableEntries(values)
  if (entries.length === 0) return void b.line(`$${name} = [ordered]@{}`)
  b.line(`$${name} = [ordered]@{`)
  b.indent(() => b.line(...entries))
  b.line('}')
}

type ManagedPolicy = PolicyPlan
type ManagedPartner = PartnerPlan

/** The user policies granted to users (user scope, not retiring): site and global apply by themselves. */
function grantedPolicies(plan: ConfigPlan): ManagedPolicy[] {
  return plan.retiring ? [] : plan.policies.filter((x) => x.policy.scope === 'user')
}

/**
 * `xmpp-config.ps1`: the idempotent configuration script for the legacy Management Shell
 * (spec §5 step 9 item 1, issue 4 "Export").
 *
 * Shape: pre-flight (fail fast), read every current value, save the pre-change state once (for
 * the rollback), then change only what differs: every New-/Set-/Grant-/Remove- sits inside an
 * `if` on a value read with a Get- cmdlet, so a second run changes nothing.
 */
export function configScript(p: ProjectData, o: ScriptOptions, plan: ConfigPlan = configPlan(p)): string {
  const b = new TextBuilder()
  const retiring = plan.retiring
  const partners = plan.partners
  const policies = plan.policies

  scriptOpening(b, o, {
    synopsis: retiring ? 'Retires XMPP federation for the listed partners (External Access Policy and XMPP federated partners).' : 'Configures XMPP federation: External Access Policy, XMPP federated partners, XMPP gateway settings.',
    description: [
      legacyShellSentence(p),
      'Run it on a Front End server of the legacy pool that runs the XMPP Gateway.',
      'Idempotent: it reads the current configuration first and changes only what differs, so running',
      'it twice changes nothing the second time. Before the first change it saves what it found to',
      `${PRECHANGE_STATE_FILE} beside the script; xmpp-rollback.ps1 restores from that file.`,
    ],
    transcriptPrefix: 'xmpp-config',
  })
  b.blank()
  helperFunctions(b)
  b.blank()
  b.line('try {')
  b.indent(() => {
    preflight(b, p)
    readCurrent(b, plan)
    saveState(b, plan)
    accessEdge(b, retiring)
    for (const m of policies) {
      policy(b, m)
      if (m.policy.scope === 'user' && !retiring) grantPolicy(b, m)
    }
    partnerSection(b, partners, retiring)
    gateway(b, p, plan)
    certificates(b, p)
    verification(b, p, plan)
  })
  b.line('}')
  b.line('finally {')
  b.indent(() => b.line('Stop-Transcript | Out-Null'))
  b.line('}')
  return b.toString()
}

function preflight(b: TextBuilder, p: ProjectData): void {
  section(b, '1. Pre-flight: the LEGACY Management Shell with the XMPP cmdlets')
  b.line("Write-XgwStep 'Pre-flight'")
  b.line(`$requiredCommands = ${psArray(REQUIRED_COMMANDS)}`)
  b.line('$missingCommands = @($requiredCommands | Where-Object { -not (Get-Command -Name $_ -ErrorAction SilentlyContinue) })')
  b.line('if ($missingCommands.Count -gt 0) {')
  b.indent(() => b.line(`throw ('Missing cmdlets: {0}. ' -f ($missingCommands -join ', ') + ${psQuote(legacyShellSentence(p))})`))
  b.line('}')
  commentBlock(b, 'Microsoft\'s XMPP cmdlet pages list Skype for Business Server 2019 again since 2024, so the cmdlets alone do not prove a legacy shell: the server version is checked too (only for the text "2019").')
  b.line('if (Get-Command -Name Get-CsServerVersion -ErrorAction SilentlyContinue) {')
  b.indent(() => {
    b.line('$serverVersion = "$(Get-CsServerVersion)"')
    b.line("Write-Host ('Server version: ' + $serverVersion)")
    b.line("if ($serverVersion -match '2019') {")
    b.indent(() => b.line(`throw ${psQuote(`This shell reports Skype for Business Server 2019. ${legacyShellSentence(p)}`)}`))
    b.line('}')
  })
  b.line('}')
}

function readCurrent(b: TextBuilder, plan: ConfigPlan): void {
  const { partners, policies } = plan
  section(b, '2. Read the current configuration (nothing is changed before every value is read)')
  b.line("Write-XgwStep 'Reading the current configuration'")
  b.line('$currentEdge = Get-CsAccessEdgeConfiguration')
  b.line('$currentGateway = Get-CsXmppGatewayConfiguration')
  commentBlock(b, 'External Access Policies by -Identity: global, site:<Site>, or the bare name of a user policy (the server stores it as tag:<Name>).')
  b.line('$currentPolicies = [ordered]@{}')
  for (const { identity } of policies) {
    b.line(`$currentPolicies[${psQuote(identity)}] = Get-CsExternalAccessPolicy -Identity ${psQuote(identity)} -ErrorAction SilentlyContinue`)
  }
  partnerTable(b, partners, plan.retiring)
  b.line('$currentPartners = @{}')
  b.line('foreach ($desired in $desiredPartners) {')
  b.indent(() => b.line('$currentPartners[$desired.Identity] = Get-CsXmppAllowedPartner -Identity $desired.Identity -ErrorAction SilentlyContinue'))
  b.line('}')
  const granted = grantedPolicies(plan)
  if (granted.length === 0) return
  commentBlock(b, 'The users to hold each user policy, by policy name.')
  b.line('$currentUsers = [ordered]@{}')
  for (const { policy: pol } of granted) {
    const a = pol.assignTo
    const name = psQuote(pol.name.trim())
    b.line('$policyUsers = @()')
    for (const u of a.users.map((x) => x.trim()).filter(Boolean)) b.line(`$policyUsers += @(Get-CsUser -Identity ${psQuote(u)})`)
    if (a.ou.trim()) b.line(`$policyUsers += @(Get-CsUser -OU ${psQuote(a.ou.trim())})`)
    if (a.ldapFilter.trim()) b.line(`$policyUsers += @(Get-CsUser -LdapFilter ${psQuote(a.ldapFilter.trim())})`)
    // A user named twice (listed and in the OU) is granted once.
    b.line(`$currentUsers[${name}] = @($policyUsers | Sort-Object -Property SipAddress -Unique)`)
    b.line(`Write-Host ('Users to hold {0}: {1}' -f ${name}, $currentUsers[${name}].Count)`)
  }
  if (granted.length > 1) {
    commentBlock(b, 'A user holds one user policy at a time: a user whom two of these policies reach (listed in one, in the OU or LDAP filter of another) would be granted back and forth on every run. Stop before any change instead.')
    b.line('$grantedPolicyOf = @{}')
    b.line('foreach ($policyName in @($currentUsers.Keys)) {')
    b.indent(() => {
      b.line('foreach ($currentUser in $currentUsers[$policyName]) {')
      b.indent(() => {
        b.line('$sipAddress = "$($currentUser.SipAddress)"')
        b.line('if ($grantedPolicyOf.ContainsKey($sipAddress) -and $grantedPolicyOf[$sipAddress] -ne $policyName) {')
        b.indent(() => b.line("throw ('{0} is a target of both {1} and {2}: a user holds one user policy. Change the targets in the wizard and export again.' -f $sipAddress, $grantedPolicyOf[$sipAddress], $policyName)"))
        b.line('}')
        b.line('$grantedPolicyOf[$sipAddress] = $policyName')
      })
      b.line('}')
    })
    b.line('}')
  }
  b.line('$grantTargets = @(foreach ($policyName in @($currentUsers.Keys)) { $currentUsers[$policyName] })')
}

function saveState(b: TextBuilder, plan: ConfigPlan): void {
  section(b, `3. Save the pre-change state once (${PRECHANGE_STATE_FILE}, read by xmpp-rollback.ps1)`)
  commentBlock(b, 'Written only when absent, so a second run keeps the state from before the first run.')
  b.line(`$statePath = Join-Path $PSScriptRoot ${psQuote(PRECHANGE_STATE_FILE)}`)
  b.line('if (-not (Test-Path -LiteralPath $statePath)) {')
  b.indent(() => {
    b.line('$prechange = [ordered]@{')
    b.indent(() => {
      b.line("capturedAt = (Get-Date).ToString('o')")
      b.line("source = 'xmpp-config.ps1'")
      b.line('policies = @()')
      b.line('partners = @()')
      b.line(`gateway = ConvertTo-XgwState -InputObject $currentGateway -Property ${psArray(GATEWAY_STATE_PROPERTIES)}`)
      b.line('allowFederatedUsers = [bool]$currentEdge.AllowFederatedUsers')
      b.line('users = @()')
    })
    b.line('}')
    b.line(`$policyStateProperties = ${psArray(POLICY_STATE_PROPERTIES)}`)
    b.line('$prechange.policies = @(foreach ($identity in @($currentPolicies.Keys)) {')
    b.indent(() => {
      b.line('$entry = [ordered]@{ Identity = $identity; Exists = ($null -ne $currentPolicies[$identity]); Settings = $null }')
      b.line('if ($entry.Exists) { $entry.Settings = ConvertTo-XgwState -InputObject $currentPolicies[$identity] -Property $policyStateProperties }')
      b.line('[pscustomobject]$entry')
    })
    b.line('})')
    b.line(`$partnerStateProperties = ${psArray(PARTNER_STATE_PROPERTIES)}`)
    b.line('$prechange.partners = @(foreach ($domain in @($currentPartners.Keys)) {')
    b.indent(() => {
      b.line('$entry = [ordered]@{ Identity = $domain; Exists = ($null -ne $currentPartners[$domain]); Settings = $null }')
      b.line('if ($entry.Exists) { $entry.Settings = ConvertTo-XgwState -InputObject $currentPartners[$domain] -Property $partnerStateProperties }')
      b.line('[pscustomobject]$entry')
    })
    b.line('})')
    if (grantedPolicies(plan).length > 0) {
      b.line('$prechange.users = @($grantTargets | ForEach-Object { [pscustomobject]@{ SipAddress = "$($_.SipAddress)"; ExternalAccessPolicy = ("$($_.ExternalAccessPolicy)" -replace \'^tag:\', \'\') } })')
    }
    b.line('$prechange | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $statePath -Encoding UTF8 -WhatIf:$WhatIf')
    b.line("Write-Host ('Pre-change state saved to ' + $statePath)")
  })
  b.line('}')
}

function accessEdge(b: TextBuilder, retiring: boolean): void {
  section(b, '4. Access Edge: allow federation')
  if (retiring) {
    commentBlock(b, 'Retiring XMPP: AllowFederatedUsers is left as it is, because SIP federation depends on it too.')
    return
  }
  commentBlock(b, 'Changed only when it is False. WARNING: AllowFederatedUsers enables federation for ALL federated partners (SIP and XMPP), not only XMPP.')
  b.line('if (-not $currentEdge.AllowFederatedUsers) {')
  b.indent(() => {
    b.line("Write-Warning 'AllowFederatedUsers is False. Setting it to True enables federation with all federated partners (SIP and XMPP), not only XMPP.'")
    b.line("Write-XgwChange 'Set-CsAccessEdgeConfiguration -AllowFederatedUsers $true'")
    b.line('Set-CsAccessEdgeConfiguration -AllowFederatedUsers $true -WhatIf:$WhatIf')
  })
  b.line('}')
}

function policy(b: TextBuilder, m: ManagedPolicy): void {
  const pol = m.policy
  section(b, `${m.number}. External Access Policy ${m.identity}`)
  commentBlock(b, 'Every value is set explicitly: Microsoft documents two defaults for EnableFederationAccess (True on the current New-CsExternalAccessPolicy page, False in the older on-premises text).')
  b.line(`$policyIdentity = ${psQuote(m.identity)}`)
  b.line('$currentPolicy = $currentPolicies[$policyIdentity]')
  const desired = { ...m.desired }
  const publicCloud = desired.EnablePublicCloudAccess
  delete desired.EnablePublicCloudAccess
  hashtable(b, 'desiredPolicy', desired)
  if (publicCloud !== undefined) {
    commentBlock(b, 'EnablePublicCloudAccess ("Enable communications with public users") was removed from the current cmdlet pages in May 2025; so the script asks this shell whether it still has the parameter.')
    b.line("if ((Get-Command -Name New-CsExternalAccessPolicy).Parameters.ContainsKey('EnablePublicCloudAccess')) {")
    b.indent(() => b.line(`$desiredPolicy['EnablePublicCloudAccess'] = ${psBool(publicCloud as boolean)}`))
    b.line('}')
    b.line('else {')
    b.indent(() => b.line('Write-Warning \'This shell has no -EnablePublicCloudAccess parameter: "Enable communications with public users" is left unchanged.\''))
    b.line('}')
  }
  b.line('if ($null -eq $currentPolicy) {')
  b.indent(() => {
    if (pol.scope === 'global') {
      // "You cannot create a new global policy" (spec §2.2): Set only, never New.
      b.line("throw 'The global External Access Policy was not found; it always exists on a working deployment.'")
    } else {
      b.line("Write-XgwChange ('New-CsExternalAccessPolicy -Identity ' + $policyIdentity)")
      b.line('$policySettings = Get-XgwSettings -Desired $desiredPolicy')
      b.line('New-CsExternalAccessPolicy -Identity $policyIdentity @policySettings -WhatIf:$WhatIf')
    }
  })
  b.line('}')
  b.line('else {')
  b.indent(() => {
    b.line('$policySettings = Get-XgwSettings -Desired $desiredPolicy')
    b.line('$policyDifferences = @(Get-XgwDifference -Current $currentPolicy -Desired $policySettings)')
    b.line('$policyClears = @(Get-XgwToClear -Current $currentPolicy -Desired $desiredPolicy)')
    b.line('if ($policyDifferences.Count -gt 0) {')
    b.indent(() => {
      b.line("Write-XgwChange ('Set-CsExternalAccessPolicy -Identity ' + $policyIdentity + ': ' + ($policyDifferences -join '; '))")
      b.line('Set-CsExternalAccessPolicy -Identity $policyIdentity @policySettings -WhatIf:$WhatIf')
    })
    b.line('}')
    b.line("if ($policyClears.Count -gt 0) { Clear-XgwProperty -Noun 'ExternalAccessPolicy' -Identity $policyIdentity -Property $policyClears }")
    b.line('if ($policyDifferences.Count -eq 0 -and $policyClears.Count -eq 0) {')
    b.indent(() => b.line("Write-Host ('Unchanged: ' + $policyIdentity)"))
    b.line('}')
  })
  b.line('}')
  if (pol.scope === 'site') commentBlock(b, `A site policy applies automatically to the users homed in site ${pol.site.trim()} who have no user policy: nothing to grant.`)
  if (pol.scope === 'global') commentBlock(b, 'The global policy applies to every user without a site or user policy: nothing to grant.')
}

function grantPolicy(b: TextBuilder, m: ManagedPolicy): void {
  section(b, `${m.number}b. Grant the user policy ${m.identity} where the current assignment differs`)
  b.line(`$policyName = ${psQuote(m.policy.name.trim())}`)
  // Under -WhatIf a new policy was not created, and granting a policy that does not exist fails.
  b.line(`$policyIsNew = $null -eq $currentPolicies[${psQuote(m.identity)}]`)
  b.line('foreach ($currentUser in $currentUsers[$policyName]) {')
  b.indent(() => {
    b.line("$currentAssignment = \"$($currentUser.ExternalAccessPolicy)\" -replace '^tag:', ''")
    b.line('if ($currentAssignment -ne $policyName) {')
    b.indent(() => {
      b.line("Write-XgwChange ('Grant-CsExternalAccessPolicy {0} -> {1} (was: {2})' -f $currentUser.SipAddress, $policyName, $currentAssignment)")
      b.line('if ($WhatIf -and $policyIsNew) { continue }')
      b.line('Grant-CsExternalAccessPolicy -Identity $currentUser.SipAddress -PolicyName $policyName -WhatIf:$WhatIf')
    })
    b.line('}')
  })
  b.line('}')
  commentBlock(b, 'Policies reach the clients by in-band provisioning at sign-in: the users must sign out and in again.')
}

/**
 * The partners as data, one row each (two lines with its comment), applied by one loop in section
 * 6: a script for 5,000 partners stays a few MB and is written in milliseconds, and every partner
 * goes through the same, tested code.
 */
function partnerTable(b: TextBuilder, partners: readonly ManagedPartner[], retiring: boolean): void {
  if (partners.length === 0) return void b.line('$desiredPartners = @()')
  commentBlock(b, retiring ? 'The XMPP federated partners this project removes, one row each.' : 'The XMPP federated partners of this project, one row each: the values section 6 sets, and the additional domains it reconciles.')
  b.line('$desiredPartners = @(')
  b.indent(() => {
    partners.forEach(({ partner, domain, additional, desired }, i) => {
      if (retiring) return void b.line(`[ordered]@{ Identity = ${psQuote(domain)} }`)
      const row = negotiationRow(partner.tls, partner.sasl, partner.dialback)
      const warning = row.validity === 'warning' ? ` WARNING: ${row.note}` : ''
      b.line(
        `# ${i + 1}. ${psCommentText(`${domain}: ${PARTNER_TYPE_LABELS[partner.partnerType]}; TLS ${NEGOTIATION_LABELS[partner.tls]}, SASL ${NEGOTIATION_LABELS[partner.sasl]}, dialback ${partner.dialback ? 'True' : 'False'}: expected authentication ${row.methods.join(', ') || 'none'}.${warning}${row.conflict ? ` ${row.conflict}` : ''}`)}`,
      )
      b.line(`[ordered]@{ Identity = ${psQuote(domain)}; Settings = [ordered]@{ ${hashtableEntries(desired).join('; ')} }; AdditionalDomains = ${psArray(additional)} }`)
    })
  })
  b.line(')')
}

function partnerSection(b: TextBuilder, partners: readonly ManagedPartner[], retiring: boolean): void {
  section(b, `6. XMPP federated partners${retiring ? ': removal' : ''}`)
  if (partners.length === 0) {
    b.line("Write-Host 'No XMPP federated partner in this project.'")
    return
  }
  if (retiring) {
    commentBlock(b, 'Each partner of the table in section 2 is removed when it exists.')
    b.line('foreach ($desired in $desiredPartners) {')
    b.indent(() => {
      b.line('$partnerIdentity = $desired.Identity')
      b.line('if ($null -ne $currentPartners[$partnerIdentity]) {')
      b.indent(() => {
        b.line("Write-XgwChange ('Remove-CsXmppAllowedPartner ' + $partnerIdentity)")
        b.line('Remove-CsXmppAllowedPartner -Identity $partnerIdentity -Confirm:$false -WhatIf:$WhatIf')
      })
      b.line('}')
    })
    b.line('}')
    return
  }
  commentBlock(
    b,
    'Each partner of the table in section 2: New- when it is missing, otherwise Set- for the values that differ. All three negotiation values are always set explicitly: a bare New-CsXmppAllowedPartner gives TLS Required + SASL Required + dialback True, the matrix row where "Dialback will not operate" (Negotiation settings for XMPP federated partners, Lync Server 2013).',
  )
  b.line('foreach ($desired in $desiredPartners) {')
  b.indent(() => {
    b.line('$partnerIdentity = $desired.Identity')
    b.line('$desiredPartner = $desired.Settings')
    b.line('$desiredDomains = @($desired.AdditionalDomains)')
    b.line('$currentPartner = $currentPartners[$partnerIdentity]')
    b.line('$partnerSettings = Get-XgwSettings -Desired $desiredPartner')
    b.line('if ($null -eq $currentPartner) {')
    b.indent(() => {
      b.line("Write-XgwChange ('New-CsXmppAllowedPartner ' + $partnerIdentity)")
      b.line("if ($desiredDomains.Count -gt 0) { $partnerSettings['AdditionalDomains'] = $desiredDomains }")
      b.line('New-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings -WhatIf:$WhatIf')
    })
    b.line('}')
    b.line('else {')
    b.indent(() => {
      b.line('$partnerDifferences = @(Get-XgwDifference -Current $currentPartner -Desired $partnerSettings)')
      b.line('$partnerClears = @(Get-XgwToClear -Current $currentPartner -Desired $desiredPartner)')
      b.line('if ($partnerDifferences.Count -gt 0) {')
      b.indent(() => {
        b.line("Write-XgwChange ('Set-CsXmppAllowedPartner ' + $partnerIdentity + ': ' + ($partnerDifferences -join '; '))")
        b.line('Set-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings -WhatIf:$WhatIf')
      })
      b.line('}')
      b.line("if ($partnerClears.Count -gt 0) { Clear-XgwProperty -Noun 'XmppAllowedPartner' -Identity $partnerIdentity -Property $partnerClears }")
      commentBlock(b, 'Additional domains reconciled with the @{Add=...} / @{Remove=...} forms of the Set-CsXmppAllowedPartner page.')
      reconcileAdditionalDomains(b, 'desiredDomains')
    })
    b.line('}')
  })
  b.line('}')
  b.blank()
  commentBlock(
    b,
    'Partners not listed in this project are left untouched. "Your users will be allowed to communicate with users on any XMPP network that is listed on the allowed partners list" (Remove-CsXmppAllowedPartner page): review the list printed in the verification section.',
  )
}

function gateway(b: TextBuilder, p: ProjectData, plan: ConfigPlan): void {
  const changes = Object.entries(plan.gateway?.parameters ?? {})
    .filter(([k]) => k !== 'Identity')
    .map(([parameter, value]) => ({ parameter, value: value as number | boolean }))
  section(b, '7. XMPP gateway configuration, global: only the parameters changed in the wizard')
  if (changes.length === 0) {
    b.line("Write-Host 'XMPP gateway configuration: no parameter changed in the wizard.'")
  } else {
    if (changes.some((c) => c.parameter === 'EnableLoggingAllMessageBodies' && c.value === true)) {
      commentBlock(b, 'PRIVACY: EnableLoggingAllMessageBodies = True records the content of every XMPP instant message.')
    }
    hashtable(b, 'desiredGateway', Object.fromEntries(changes.map((c) => [c.parameter, c.value])))
    b.line('$gatewayDifferences = @(Get-XgwDifference -Current $currentGateway -Desired $desiredGateway)')
    b.line('if ($gatewayDifferences.Count -gt 0) {')
    b.indent(() => {
      b.line("Write-XgwChange ('Set-CsXmppGatewayConfiguration: ' + ($gatewayDifferences -join '; '))")
      b.line("Set-CsXmppGatewayConfiguration -Identity 'global' @desiredGateway -WhatIf:$WhatIf")
    })
    b.line('}')
  }
  if (p.gateway.setDialbackPassphrase) {
    b.blank()
    commentBlock(
      b,
      'The dialback passphrase is asked for now and never stored in this file, the project or the transcript. Press Enter to leave it unchanged. Microsoft does not say whether Get-CsXmppGatewayConfiguration shows it: if it does, an unchanged passphrase is not set again.',
    )
    b.line("$dialbackSecure = Read-Host -AsSecureString -Prompt 'Dialback passphrase (Enter leaves it unchanged)'")
    b.line('$dialbackBstr = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($dialbackSecure)')
    b.line('try { $dialbackPlain = [Runtime.InteropServices.Marshal]::PtrToStringBSTR($dialbackBstr) }')
    b.line('finally { [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($dialbackBstr) }')
    b.line("$currentPassphrase = $currentGateway.PSObject.Properties['DialbackPassphrase']")
    b.line('if ($dialbackPlain.Length -gt 0 -and ($null -eq $currentPassphrase -or "$($currentPassphrase.Value)" -cne $dialbackPlain)) {')
    b.indent(() => {
      b.line("Write-XgwChange 'Set-CsXmppGatewayConfiguration -DialbackPassphrase (hidden)'")
      b.line("Set-CsXmppGatewayConfiguration -Identity 'global' -DialbackPassphrase $dialbackPlain -WhatIf:$WhatIf")
    })
    b.line('}')
    b.line('$dialbackPlain = $null')
  }
}

function certificates(b: TextBuilder, p: ProjectData): void {
  section(b, '8. Edge certificate: run on EACH Edge Server, in its own Management Shell (commented out on purpose)')
  const members = edgeMembers(p)
  const thumb =
    p.certificates.edgeThumbprint
      .trim()
      .toUpperCase()
      .replace(/[^0-9A-F]/g, '') || '<THUMBPRINT>'
  const pfx = p.certificates.path === 'convert-pem' ? 'C:\\certs\\edge-external.pfx' : '<path to the PFX with the private key>'
  commentBlock(
    b,
    'These commands change the Edge Server they run on, not the Front End, so they are left as comments. On the Edge that made an offline request, import the issued .cer/.p7b there instead (no password). Every other member imports the exported PFX. Then assign the certificate to the three external usages and restart the services.',
  )
  for (const member of members.length ? members : ['<Edge Server FQDN>']) {
    b.line('#')
    b.line(`# --- On ${psCommentText(member)} ---`)
    b.line(`# Import-CsCertificate -Path ${psCommentText(psQuote(pfx))} -Password '<PFX password>' -PrivateKeyExportable $true`)
    b.line(`# Set-CsCertificate -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Thumbprint ${psCommentText(psQuote(thumb))}`)
    b.line('# Stop-CsWindowsService')
    b.line('# Start-CsWindowsService')
  }
}

function verification(b: TextBuilder, p: ProjectData, plan: ConfigPlan): void {
  const policies = plan.policies
  section(b, '9. Verification (read-only)')
  b.line("Write-XgwStep 'Verification'")
  // Property lists as array literals: one unambiguous token for every PowerShell parser.
  b.line(`Get-CsAccessEdgeConfiguration | Format-List -Property ${psArray(['AllowFederatedUsers'])}`)
  for (const { identity } of policies) {
    b.line(`Get-CsExternalAccessPolicy -Identity ${psQuote(identity)} -ErrorAction SilentlyContinue | Format-List -Property ${psArray(['Identity', 'Description', 'EnableFederationAccess', 'EnableXmppAccess', 'EnableOutsideAccess'])}`)
  }
  b.line(`Get-CsXmppAllowedPartner | Format-Table -AutoSize -Property ${psArray(['Identity', 'PartnerType', 'TlsNegotiation', 'SaslNegotiation', 'SupportDialbackNegotiation', 'EnableKeepAlive', 'AdditionalDomains'])}`)
  b.line('Get-CsXmppGatewayConfiguration | Format-List')
  if (grantedPolicies(plan).length > 0) b.line(`$grantTargets | ForEach-Object { Get-CsUser -Identity $_.SipAddress } | Format-Table -AutoSize -Property ${psArray(['SipAddress', 'ExternalAccessPolicy'])}`)
  const port = p.inventory.xmppInternalPort
  commentBlock(b, 'On each Edge Server running the XMPP proxy (Setting up XMPP federation, Lync Server 2013): "listening and established connections, both on the external (port 5269) and the internal (port 23456) interfaces".')
  b.line('#   netstat -ano | findstr 5269')
  b.line(`#   netstat -ano | findstr ${port}`)
  commentBlock(b, XMPP_INTERNAL_PORT_NOTE)
  const fe = cleanDomains(p.inventory.frontEndPools)[0] ?? '<legacy Front End pool FQDN>'
  commentBlock(b, 'Optional, with a test user and an XMPP contact of a configured partner:')
  b.line(`#   Test-CsXmppIM -TargetFqdn ${psCommentText(psQuote(fe))} -Receiver 'user@partner.example' -UserSipAddress 'sip:testuser@${psCommentText(cleanDomains(p.inventory.sipDomains)[0] ?? 'contoso.com')}'`)
  b.line("Write-Host ''")
  b.line("if ($WhatIf) { Write-Host ('Changes that would be made: {0}' -f $script:xgwChangeCount) }")
  b.line("else { Write-Host ('Changes made: {0}' -f $script:xgwChangeCount) }")
  b.line("Write-Host 'Users pick up policy changes at their next sign-in: ask them to sign out and in again.'")
}

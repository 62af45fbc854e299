import type { ProjectData } from '../model/project'
import { normaliseFqdn } from '../rules/fqdn'
import { changedGatewayParameters } from '../rules/gateway'
import { policyIdentity } from '../rules/policy'
import { desiredPartnerProperties, desiredPolicyProperties } from '../rules/desired-state'
import type { LiveDeployment, LivePartner, LivePolicy } from './live-data'
import { liveProposal, policyKey, xmppPolicies } from './import-live'

export type DriftStatus = 'matches' | 'differs' | 'missing' | 'unmanaged'

/** One setting the project plans and the deployment has otherwise. */
export interface DriftDifference {
  readonly setting: string
  readonly planned: string
  readonly live: string
}

export interface DriftEntry {
  readonly object: 'AccessEdgeConfiguration' | 'ExternalAccessPolicy' | 'PolicyGrant' | 'XmppAllowedPartner' | 'XmppGatewayConfiguration' | 'Topology'
  readonly identity: string
  readonly status: DriftStatus
  readonly differences: readonly DriftDifference[]
}

export interface DriftReport {
  readonly collectedAt: string
  readonly collectedOn: string
  /** Every object the project manages (and every XMPP object it does not: unmanaged). */
  readonly entries: readonly DriftEntry[]
  /** Deployment-wide settings the project records: topology names and routes. */
  readonly deploymentWide: readonly DriftEntry[]
  /** What the read cannot prove (OU or LDAP targets, settings the shell did not return). */
  readonly notes: readonly string[]
  readonly drifted: boolean
}

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(not set)'
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v) ?? typeof v
}

function compare(want: Record<string, unknown>, have: Record<string, unknown>, skipUnread: readonly string[] = []): DriftDifference[] {
  const out: DriftDifference[] = []
  for (const [setting, planned] of Object.entries(want)) {
    const live = have[setting]
    if (skipUnread.includes(setting) && (live === null || live === undefined)) continue
    const a = show(planned)
    const b = show(live ?? (setting === 'Description' ? '' : null))
    if (a !== b) out.push({ setting, planned: a, live: b })
  }
  return out
}

const entry = (object: DriftEntry['object'], identity: string, differences: DriftDifference[], missing = false): DriftEntry => ({ object, identity, status: missing ? 'missing' : differences.length ? 'differs' : 'matches', differences })

function livePolicyFor(live: LiveDeployment, identity: string): LivePolicy | undefined {
  const want = policyKey(identity)
  return live.externalAccessPolicies.find((p) => {
    const k = policyKey(p.identity)
    return k.scope === want.scope && (k.scope === 'global' || k.name.toLowerCase() === want.name.toLowerCase())
  })
}

function livePartnerSettings(p: LivePartner): Record<string, unknown> {
  return {
    Description: p.description ?? '',
    PartnerType: p.partnerType,
    TlsNegotiation: p.tlsNegotiation,
    SaslNegotiation: p.saslNegotiation,
    SupportDialbackNegotiation: p.supportDialbackNegotiation,
    EnableKeepAlive: p.enableKeepAlive,
    ConnectionLimit: p.connectionLimit,
    ProxyFqdn: p.proxyFqdn,
    AdditionalDomains: [...new Set(p.additionalDomains.map(normaliseFqdn))].sort().join(', '),
  }
}

/**
 * The drift report: the project's plan against a fresh read of the deployment, object by object,
 * in the words of the cmdlets (the setting, the planned value, the live value).
 */
export function computeDrift(data: ProjectData, live: LiveDeployment): DriftReport {
  const entries: DriftEntry[] = []
  const notes: string[] = []
  const retiring = data.scenario.scenario === 'retire-xmpp'

  if (!retiring) {
    const allow = live.accessEdge?.allowFederatedUsers ?? null
    entries.push(entry('AccessEdgeConfiguration', 'Global', allow === true ? [] : [{ setting: 'AllowFederatedUsers', planned: 'True', live: allow === null ? '(not read)' : 'False' }]))
  }

  const managedPolicies = new Set<string>()
  for (const pol of data.policy.policies) {
    const identity = policyIdentity(pol)
    const have = livePolicyFor(live, identity)
    if (have) managedPolicies.add(have.identity.toLowerCase())
    if (!have) {
      entries.push(entry('ExternalAccessPolicy', identity, [], true))
      continue
    }
    const want = desiredPolicyProperties(pol)
    const now = {
      Description: have.description ?? '',
      EnableFederationAccess: have.enableFederationAccess,
      EnableXmppAccess: have.enableXmppAccess,
      EnableOutsideAccess: have.enableOutsideAccess,
      EnablePublicCloudAccess: have.enablePublicCloudAccess,
    }
    // A shell without -EnablePublicCloudAccess returns no such property: the script leaves it, so does the report.
    entries.push(entry('ExternalAccessPolicy', identity, compare(want, now, ['EnablePublicCloudAccess'])))
    if (pol.scope === 'user' && !retiring) {
      const listed = pol.assignTo.users.map((u) => u.trim().toLowerCase()).filter(Boolean)
      const granted = new Set(have.users.map((u) => u.toLowerCase()))
      const absent = listed.filter((u) => !granted.has(u))
      entries.push(
        entry(
          'PolicyGrant',
          identity,
          absent.map((u) => ({ setting: `Granted to ${u}`, planned: identity, live: 'not granted' })),
        ),
      )
      if (pol.assignTo.ou.trim() || pol.assignTo.ldapFilter.trim()) notes.push(`${identity}: users reached through an OU or LDAP filter are not listed in the project, so their grants are not compared.`)
    }
  }
  for (const p of xmppPolicies(live)) {
    if (!managedPolicies.has(p.identity.toLowerCase())) {
      entries.push({ object: 'ExternalAccessPolicy', identity: p.identity, status: 'unmanaged', differences: [{ setting: 'EnableXmppAccess', planned: '(not in the project)', live: 'True' }] })
    }
  }

  const managedPartners = new Set<string>()
  for (const partner of data.partners.partners) {
    const domain = normaliseFqdn(partner.domain)
    managedPartners.add(domain)
    const have = live.xmppAllowedPartners.find((p) => normaliseFqdn(p.identity) === domain)
    if (retiring) {
      entries.push(entry('XmppAllowedPartner', domain, have ? [{ setting: 'Allowed partner', planned: 'removed', live: 'present' }] : []))
      continue
    }
    if (!have) {
      entries.push(entry('XmppAllowedPartner', domain, [], true))
      continue
    }
    const want = { ...desiredPartnerProperties(partner), AdditionalDomains: [...new Set(partner.additionalDomains.map(normaliseFqdn).filter(Boolean))].sort().join(', ') }
    entries.push(entry('XmppAllowedPartner', domain, compare(want, livePartnerSettings(have))))
  }
  for (const p of live.xmppAllowedPartners) {
    const domain = normaliseFqdn(p.identity)
    if (!managedPartners.has(domain)) entries.push({ object: 'XmppAllowedPartner', identity: domain, status: 'unmanaged', differences: [{ setting: 'Allowed partner', planned: '(not in the project)', live: 'present' }] })
  }

  const gatewayChanges = changedGatewayParameters(data.gateway)
  if (gatewayChanges.length) {
    if (!live.xmppGateway) notes.push('The read has no XMPP gateway configuration (Get-CsXmppGatewayConfiguration returned nothing).')
    const g = live.xmppGateway
    const now: Record<string, unknown> = g
      ? {
          ConnectionLimit: g.connectionLimit,
          PartnerConnectionLimit: g.partnerConnectionLimit,
          KeepAliveInterval: g.keepAliveInterval,
          StreamEstablishmentTimeout: g.streamEstablishmentTimeout,
          StreamInactivityTimeout: g.streamInactivityTimeout,
          SubscriptionRefreshInterval: g.subscriptionRefreshInterval,
          EnableLoggingAllMessageBodies: g.enableLoggingAllMessageBodies,
        }
      : {}
    const want = Object.fromEntries(gatewayChanges.map((c) => [c.parameter, c.value === true ? 'True' : c.value === false ? 'False' : c.value]))
    for (const k of Object.keys(now)) if (typeof now[k] === 'boolean') now[k] = now[k] ? 'True' : 'False'
    entries.push(entry('XmppGatewayConfiguration', 'Global', compare(want, now)))
  }

  const deploymentWide = deploymentWideSettings(data, live)
  const drifted = [...entries, ...deploymentWide].some((e) => e.status !== 'matches')
  return { collectedAt: live.collectedAt, collectedOn: live.collectedOn, entries, deploymentWide, notes: [...notes, ...live.notes], drifted }
}

/** The topology facts the project records (names, routes, the internal XMPP port) against the read. */
function deploymentWideSettings(data: ProjectData, live: LiveDeployment): DriftEntry[] {
  const proposal = liveProposal(live).inventory
  if (!proposal) return []
  const inv = data.inventory
  const out: DriftEntry[] = []
  const setEq = (a: readonly string[], b: readonly string[]) => show([...new Set(a.map(normaliseFqdn))].sort()) === show([...new Set(b.map(normaliseFqdn))].sort())
  const one = (identity: string, setting: string, planned: string, liveValue: string, same: boolean) =>
    out.push({ object: 'Topology', identity, status: same ? 'matches' : 'differs', differences: same ? [] : [{ setting, planned: show(planned), live: show(liveValue) }] })
  one('SIP domains', 'Get-CsSipDomain', inv.sipDomains.join(', '), (proposal.sipDomains ?? []).join(', '), setEq(inv.sipDomains, proposal.sipDomains ?? []))
  one('Edge pool', 'Get-CsService -EdgeServer', inv.edgePoolFqdn, proposal.edgePoolFqdn ?? '', normaliseFqdn(inv.edgePoolFqdn) === (proposal.edgePoolFqdn ?? ''))
  one('Access Edge external FQDN', 'AccessEdgeExternalFqdn', inv.accessEdgeFqdn, proposal.accessEdgeFqdn ?? '', normaliseFqdn(inv.accessEdgeFqdn) === (proposal.accessEdgeFqdn ?? ''))
  for (const site of proposal.sites ?? []) {
    const mine = inv.sites.find((s) => s.name.toLowerCase() === site.name.toLowerCase())
    one(`Site ${site.name}`, 'XmppFederationRoute', mine?.xmppRouteEdgePool ?? '(not in the project)', site.xmppRouteEdgePool, !!mine && normaliseFqdn(mine.xmppRouteEdgePool) === site.xmppRouteEdgePool)
  }
  if (proposal.xmppInternalPort !== undefined) one('Internal XMPP port', 'XmppInternalPort', String(inv.xmppInternalPort), String(proposal.xmppInternalPort), inv.xmppInternalPort === proposal.xmppInternalPort)
  return out
}

/** The report as plain text lines for the command line and the readiness summary. */
export function driftLines(report: DriftReport): string[] {
  const lines: string[] = []
  for (const e of [...report.entries, ...report.deploymentWide]) {
    if (e.status === 'matches') continue
    if (e.status === 'missing') {
      lines.push(`missing    ${e.object} ${e.identity}: planned, not in the deployment`)
      continue
    }
    for (const d of e.differences) lines.push(`${e.status.padEnd(10)} ${e.object} ${e.identity}: ${d.setting} planned ${d.planned}, live ${d.live}`)
  }
  return lines
}

/** The drift report as a Markdown section for the readiness summary. */
export function driftMarkdown(report: DriftReport): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
  const rows = [...report.entries, ...report.deploymentWide].filter((e) => e.status !== 'matches')
  const out = [
    '## Deployment against the plan (drift)',
    '',
    `- Read: ${report.collectedAt} on ${report.collectedOn || 'the Front End'}`,
    `- Result: **${report.drifted ? 'DRIFT' : 'MATCHES'}**: ${rows.length} of ${report.entries.length + report.deploymentWide.length} objects and settings differ`,
    '',
  ]
  if (rows.length) {
    out.push('| Status | Object | Identity | Setting | Planned | Live |', '|---|---|---|---|---|---|')
    for (const e of rows) {
      const diffs = e.differences.length ? e.differences : [{ setting: '', planned: 'present', live: 'absent' }]
      for (const d of diffs) out.push(`| ${e.status} | ${e.object} | ${cell(e.identity)} | ${cell(d.setting)} | ${cell(d.planned)} | ${cell(d.live)} |`)
    }
    out.push('')
  }
  for (const n of report.notes) out.push(`- Note: ${n}`)
  return out.join('\n')
}

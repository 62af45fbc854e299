import type { ExternalAccessPolicy } from '../model/policy'
import type { XmppPartner } from '../model/partners'
import type { ProjectData } from '../model/project'
import type { PrerequisiteId, PrerequisiteItem } from '../model/prerequisites'
import type { InventoryStep } from '../model/inventory'
import type { GatewayStep } from '../model/gateway'
import { GATEWAY_PARAMETERS } from '../rules/gateway'
import { PREREQUISITES } from '../prerequisite-catalog'
import { normaliseFqdn } from '../rules/fqdn'
import type { ExistingConfig } from '../model/existing-config'
import { LIVE_FORMAT, LIVE_FORMAT_VERSION, type LiveDeployment, type LiveEdgePool, type LivePolicy } from './live-data'
import { PRODUCT_BY_VERSION, isLegacyVersion } from './parse-live'

/** The parts of a project a deployment read can fill, each taken or left as a whole. */
export { LIVE_SECTION_IDS, type LiveSectionId } from './limits'
import type { LiveSectionId } from './limits'

export const LIVE_SECTION_TITLES: Readonly<Record<LiveSectionId, string>> = {
  inventory: 'Inventory',
  policy: 'External Access Policy',
  partners: 'XMPP federated partners',
  gateway: 'XMPP gateway settings',
  certificates: 'Edge certificate',
  prerequisites: 'Prerequisites the deployment proves',
}

/** One value as the deployment has it next to what the project holds. */
export interface LiveFieldDiff {
  readonly label: string
  readonly project: string
  readonly live: string
  readonly same: boolean
}

export interface LiveSection {
  readonly id: LiveSectionId
  readonly title: string
  /** Every value this section would write, with what the project holds now. */
  readonly fields: readonly LiveFieldDiff[]
  readonly differs: boolean
}

/** What the deployment says for each section, in the project's own shapes. */
export interface LiveProposal {
  readonly inventory: Partial<InventoryStep> | null
  readonly policies: ExternalAccessPolicy[] | null
  readonly partners: XmppPartner[] | null
  readonly gateway: GatewayStep | null
  readonly certificates: { edgeThumbprint: string; edgeSans: string[] } | null
  readonly prerequisites: Partial<Record<PrerequisiteId, PrerequisiteItem>> | null
}

const stripEdgeService = (route: string): string => normaliseFqdn(route.replace(/^EdgeServer:/i, ''))

/** The Edge pool an `EdgeServer:<fqdn>` route names: the route may name the pool or one member. */
function edgePoolOfRoute(live: LiveDeployment, route: string): LiveEdgePool | undefined {
  const fqdn = stripEdgeService(route)
  if (!fqdn) return undefined
  return live.edgePools.find((e) => normaliseFqdn(e.poolFqdn) === fqdn || e.members.some((m) => normaliseFqdn(m) === fqdn))
}

/** The legacy Edge pools, the one carrying the first site's XMPP route first. */
function legacyEdgePools(live: LiveDeployment): LiveEdgePool[] {
  const legacy = live.edgePools.filter((e) => e.version === null || isLegacyVersion(e.version))
  const routed = live.sites.map((s) => edgePoolOfRoute(live, s.xmppFederationRoute)).find((e) => e && legacy.includes(e))
  return routed ? [routed, ...legacy.filter((e) => e !== routed)] : legacy
}

/** A live policy's scope, name and site from its Identity (Global, Site:Redmond, Tag:Name). */
export function policyKey(identity: string): { scope: ExternalAccessPolicy['scope']; name: string; site: string } {
  const m = /^(site|tag):(.+)$/i.exec(identity.trim())
  if (identity.trim().toLowerCase() === 'global') return { scope: 'global', name: 'global', site: '' }
  if (m?.[1]?.toLowerCase() === 'site') return { scope: 'site', name: m[2]!, site: m[2]! }
  return { scope: 'user', name: m?.[2] ?? identity.trim(), site: '' }
}

const tri = (v: boolean | null): ExternalAccessPolicy['enableOutsideAccess'] => (v === null ? 'keep' : v ? 'true' : 'false')

function toPolicy(p: LivePolicy): ExternalAccessPolicy {
  const key = policyKey(p.identity)
  return {
    scope: key.scope,
    name: key.scope === 'user' ? key.name : key.scope === 'global' ? 'XmppFederatedUsers' : key.name,
    site: key.site,
    description: p.description ?? '',
    enableFederationAccess: p.enableFederationAccess ?? true,
    enableXmppAccess: p.enableXmppAccess ?? true,
    enableOutsideAccess: tri(p.enableOutsideAccess),
    enablePublicCloudAccess: tri(p.enablePublicCloudAccess),
    updateExisting: true,
    assignTo: { users: key.scope === 'user' ? [...p.users] : [], ou: '', ldapFilter: '' },
  }
}

function toPartner(p: LiveDeployment['xmppAllowedPartners'][number]): XmppPartner {
  return {
    domain: normaliseFqdn(p.identity),
    description: p.description ?? '',
    additionalDomains: [...new Set(p.additionalDomains.map(normaliseFqdn).filter(Boolean))],
    partnerType: p.partnerType ?? 'PublicUnverified',
    tls: p.tlsNegotiation ?? 'Required',
    sasl: p.saslNegotiation ?? 'Required',
    // A bare New-CsXmppAllowedPartner gives dialback True (spec: the cmdlet's defaults).
    dialback: p.supportDialbackNegotiation ?? true,
    enableKeepAlive: p.enableKeepAlive ?? true,
    connectionLimit: p.connectionLimit,
    proxyFqdn: p.proxyFqdn ?? '',
  }
}

/** The External Access Policies an XMPP project manages: the ones that let users reach XMPP contacts. */
export function xmppPolicies(live: LiveDeployment): LivePolicy[] {
  return live.externalAccessPolicies.filter((p) => p.enableXmppAccess === true)
}

/** Gateway settings at Microsoft's defaults stay "leave unchanged" (null), like a new project. */
function toGateway(live: LiveDeployment): GatewayStep | null {
  const g = live.xmppGateway
  if (!g) return null
  const out: GatewayStep = {
    connectionLimit: null,
    partnerConnectionLimit: null,
    keepAliveInterval: null,
    streamEstablishmentTimeout: null,
    streamInactivityTimeout: null,
    subscriptionRefreshInterval: null,
    enableLoggingAllMessageBodies: null,
    setDialbackPassphrase: false,
  }
  for (const p of GATEWAY_PARAMETERS) {
    const v = g[p.key]
    if (v !== null && v !== p.defaultValue) out[p.key] = v
  }
  if (g.enableLoggingAllMessageBodies === true) out.enableLoggingAllMessageBodies = true
  return out
}

/** The Edge certificate the Access Edge presents: AccessEdgeExternal first, then Default. */
export function accessEdgeCertificates(live: LiveDeployment): LiveDeployment['edgeCertificates'] {
  const rank = (use: string) => (use === 'AccessEdgeExternal' ? 0 : use === 'Default' ? 1 : 2)
  return live.edgeCertificates.filter((c) => rank(c.use) < 2).sort((a, b) => rank(a.use) - rank(b.use))
}

function evidence(live: LiveDeployment, line: string): PrerequisiteItem {
  return { status: 'done', evidence: `${line} (read by the collector on ${live.collectedOn || 'the Front End'} at ${live.collectedAt})` }
}

/** Prerequisites the read proves, each with the line that proves it. */
function provenPrerequisites(live: LiveDeployment): Partial<Record<PrerequisiteId, PrerequisiteItem>> {
  const out: Partial<Record<PrerequisiteId, PrerequisiteItem>> = {}
  const legacyFe = live.pools.filter((p) => p.roles.includes('Registrar') && isLegacyVersion(p.version))
  if (legacyFe.length) out.P1 = evidence(live, `Legacy Front End pool ${legacyFe.map((p) => `${p.fqdn} (${PRODUCT_BY_VERSION[p.version!]})`).join(', ')}`)
  const edges = legacyEdgePools(live).filter((e) => e.version !== null)
  if (edges.length) out.P2 = evidence(live, `Legacy Edge pool ${edges.map((e) => `${e.poolFqdn} (${PRODUCT_BY_VERSION[e.version!]})`).join(', ')}`)
  const xmppEdges = edges.filter((e) => e.xmppListeningPort !== null)
  if (xmppEdges.length) out.P4 = evidence(live, `Get-CsService -EdgeServer: XmppListeningPort ${xmppEdges.map((e) => `${e.xmppListeningPort} on ${e.poolFqdn}`).join(', ')}`)
  const routed = live.sites.filter((s) => {
    const e = edgePoolOfRoute(live, s.xmppFederationRoute)
    return !!e && isLegacyVersion(e.version)
  })
  if (routed.length) out.P5 = evidence(live, `Get-CsSite: XmppFederationRoute ${routed.map((s) => `${s.name} → ${s.xmppFederationRoute}`).join(', ')}`)
  if (live.accessEdge?.allowFederatedUsers === true) out.P7 = evidence(live, 'Get-CsAccessEdgeConfiguration: AllowFederatedUsers = True')
  return out
}

/** What the deployment read proposes for each section (null: the read does not cover it). */
export function liveProposal(live: LiveDeployment): LiveProposal {
  const edges = legacyEdgePools(live)
  const main = edges[0]
  const sipDomains = [...live.sipDomains].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((d) => normaliseFqdn(d.name))
  const hasTopology = live.pools.length > 0 || live.edgePools.length > 0 || sipDomains.length > 0
  const inventory: Partial<InventoryStep> | null = hasTopology
    ? {
        sipDomains,
        frontEndPools: live.pools.filter((p) => p.roles.includes('Registrar') && (p.version === null || isLegacyVersion(p.version))).map((p) => normaliseFqdn(p.fqdn)),
        edgePoolFqdn: main ? normaliseFqdn(main.poolFqdn) : '',
        edgeMembers: main ? main.members.map(normaliseFqdn) : [],
        accessEdgeFqdn: main ? normaliseFqdn(main.accessEdgeExternalFqdn) : '',
        webConfEdgeFqdn: main ? normaliseFqdn(main.dataEdgeExternalFqdn) : '',
        avEdgeFqdn: main ? normaliseFqdn(main.avEdgeExternalFqdn) : '',
        sites: live.sites.map((s) => ({ name: s.name, xmppRouteEdgePool: normaliseFqdn(edgePoolOfRoute(live, s.xmppFederationRoute)?.poolFqdn ?? stripEdgeService(s.xmppFederationRoute)) })),
        failoverPools: edges.slice(1).map((e, i) => ({ poolFqdn: normaliseFqdn(e.poolFqdn), accessEdgeFqdn: normaliseFqdn(e.accessEdgeExternalFqdn), publicIpv4: '', priority: 20 + i * 10 })),
        ...(main?.xmppInternalPort ? { xmppInternalPort: main.xmppInternalPort } : {}),
      }
    : null
  const policies = xmppPolicies(live)
  const certs = accessEdgeCertificates(live)
  const proven = provenPrerequisites(live)
  return {
    inventory,
    policies: policies.length ? policies.map(toPolicy) : null,
    partners: live.xmppAllowedPartners.length ? live.xmppAllowedPartners.map(toPartner) : null,
    gateway: toGateway(live),
    certificates: certs[0] ? { edgeThumbprint: certs[0].thumbprint.toUpperCase(), edgeSans: [...certs[0].alternativeNames] } : null,
    prerequisites: Object.keys(proven).length ? proven : null,
  }
}

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '(not set)'
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : '(none)'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v) ?? typeof v
}

function field(label: string, project: unknown, live: unknown): LiveFieldDiff {
  const a = show(project)
  const b = show(live)
  return { label, project: a, live: b, same: a === b }
}

const policySummary = (p: ExternalAccessPolicy): string =>
  `federation ${p.enableFederationAccess}, XMPP ${p.enableXmppAccess}, remote ${p.enableOutsideAccess}, public ${p.enablePublicCloudAccess}${p.description ? `, "${p.description}"` : ''}${p.scope === 'user' ? `, granted to ${p.assignTo.users.length} user(s)` : ''}`
const policyLabel = (p: Pick<ExternalAccessPolicy, 'scope' | 'name' | 'site'>): string => (p.scope === 'global' ? 'Global' : p.scope === 'site' ? `Site:${p.site}` : `Tag:${p.name}`)
const partnerSummary = (p: XmppPartner): string =>
  `${p.partnerType}, TLS ${p.tls}, SASL ${p.sasl}, dialback ${p.dialback}, keep-alive ${p.enableKeepAlive}${p.additionalDomains.length ? `, also ${[...p.additionalDomains].sort().join(', ')}` : ''}${p.connectionLimit !== null ? `, limit ${p.connectionLimit}` : ''}${p.proxyFqdn ? `, proxy ${p.proxyFqdn}` : ''}${p.description ? `, "${p.description}"` : ''}`

/** Section by section: what came from the deployment next to what the project holds. */
export function liveSections(data: ProjectData, proposal: LiveProposal): LiveSection[] {
  const out: LiveSection[] = []
  const push = (id: LiveSectionId, fields: LiveFieldDiff[]) => out.push({ id, title: LIVE_SECTION_TITLES[id], fields, differs: fields.some((f) => !f.same) })
  if (proposal.inventory) {
    const inv = proposal.inventory
    const labels: Partial<Record<keyof InventoryStep, string>> = {
      sipDomains: 'SIP domains',
      frontEndPools: 'Legacy Front End pools',
      edgePoolFqdn: 'Edge pool',
      edgeMembers: 'Edge Servers in the pool',
      accessEdgeFqdn: 'Access Edge external FQDN',
      webConfEdgeFqdn: 'Web Conferencing Edge external FQDN',
      avEdgeFqdn: 'A/V Edge external FQDN',
      sites: 'Sites and their XMPP route',
      failoverPools: 'Further Edge pools (failover)',
      xmppInternalPort: 'Internal XMPP port',
    }
    const fmt = (k: keyof InventoryStep, v: unknown): unknown => {
      if (k === 'sites') return (v as InventoryStep['sites']).map((s) => `${s.name} → ${s.xmppRouteEdgePool || '(no route)'}`)
      if (k === 'failoverPools') return (v as InventoryStep['failoverPools']).map((f) => `${f.poolFqdn} (${f.accessEdgeFqdn})`)
      return v
    }
    push(
      'inventory',
      (Object.keys(labels) as (keyof InventoryStep)[]).filter((k) => k in inv).map((k) => field(labels[k]!, fmt(k, data.inventory[k]), fmt(k, inv[k]))),
    )
  }
  if (proposal.policies) {
    const fields: LiveFieldDiff[] = []
    const labels = new Set([...proposal.policies, ...data.policy.policies].map(policyLabel))
    for (const label of labels) {
      const mine = data.policy.policies.find((p) => policyLabel(p).toLowerCase() === label.toLowerCase())
      const theirs = proposal.policies.find((p) => policyLabel(p).toLowerCase() === label.toLowerCase())
      fields.push(field(label, mine ? policySummary(mine) : '', theirs ? policySummary(theirs) : ''))
    }
    push('policy', fields)
  }
  if (proposal.partners) {
    const domains = new Set([...proposal.partners, ...data.partners.partners].map((p) => normaliseFqdn(p.domain)))
    push(
      'partners',
      [...domains].map((d) => {
        const mine = data.partners.partners.find((p) => normaliseFqdn(p.domain) === d)
        const theirs = proposal.partners!.find((p) => p.domain === d)
        return field(d, mine ? partnerSummary(mine) : '', theirs ? partnerSummary(theirs) : '')
      }),
    )
  }
  if (proposal.gateway) {
    const g = proposal.gateway
    push(
      'gateway',
      [
        ...GATEWAY_PARAMETERS.map((p) => field(p.parameter, data.gateway[p.key] ?? 'leave unchanged', g[p.key] ?? 'leave unchanged (the default)')),
        field('EnableLoggingAllMessageBodies', data.gateway.enableLoggingAllMessageBodies ?? 'leave unchanged', g.enableLoggingAllMessageBodies ?? 'leave unchanged (False)'),
      ].map((f) => ({ ...f, same: f.project.replace(/ \(.*\)$/, '') === f.live.replace(/ \(.*\)$/, '') })),
    )
  }
  if (proposal.certificates) {
    const c = proposal.certificates
    push('certificates', [field('Thumbprint', data.certificates.edgeThumbprint, c.edgeThumbprint), field('Subject alternative names', data.certificates.edgeSans, c.edgeSans)])
  }
  if (proposal.prerequisites) {
    push(
      'prerequisites',
      Object.entries(proposal.prerequisites).map(([id, item]) => {
        const now = data.prerequisites.items[id as PrerequisiteId]
        // The checklist's own title: the admin reads names, not item numbers.
        return { label: PREREQUISITES.find((x) => x.id === id)?.title ?? id, project: now ? `${now.status}${now.evidence ? `: ${now.evidence}` : ''}` : 'open', live: `done: ${item.evidence}`, same: now?.status === 'done' }
      }),
    )
  }
  return out
}

/** The project with the chosen sections taken from the deployment; every other section untouched. */
export function applyLiveSections(data: ProjectData, proposal: LiveProposal, take: readonly LiveSectionId[]): ProjectData {
  const out = JSON.parse(JSON.stringify(data)) as ProjectData
  const chosen = new Set(take)
  if (chosen.has('inventory') && proposal.inventory) out.inventory = { ...out.inventory, ...(JSON.parse(JSON.stringify(proposal.inventory)) as ProjectData['inventory']) }
  if (chosen.has('policy') && proposal.policies) {
    const before = out.policy.policies
    out.policy.policies = (JSON.parse(JSON.stringify(proposal.policies)) as ExternalAccessPolicy[]).map((p) => {
      // A paste carries no grants: the project's own targets for the same user policy are kept.
      const mine = before.find((b) => policyLabel(b).toLowerCase() === policyLabel(p).toLowerCase())
      return p.scope === 'user' && p.assignTo.users.length === 0 && mine ? { ...p, assignTo: mine.assignTo } : p
    })
  }
  if (chosen.has('partners') && proposal.partners) out.partners.partners = JSON.parse(JSON.stringify(proposal.partners)) as ProjectData['partners']['partners']
  if (chosen.has('gateway') && proposal.gateway) out.gateway = { ...proposal.gateway, setDialbackPassphrase: out.gateway.setDialbackPassphrase }
  if (chosen.has('certificates') && proposal.certificates) {
    out.certificates.edgeThumbprint = proposal.certificates.edgeThumbprint
    out.certificates.edgeSans = [...proposal.certificates.edgeSans]
  }
  if (chosen.has('prerequisites') && proposal.prerequisites) {
    // Only open items are marked: an admin's own status and evidence are never overwritten.
    for (const [id, item] of Object.entries(proposal.prerequisites)) {
      const now = out.prerequisites.items[id as PrerequisiteId]
      if (!now || now.status === 'open') out.prerequisites.items[id as PrerequisiteId] = { ...item }
    }
  }
  return out
}

/**
 * The pasted Get-CsExternalAccessPolicy / Get-CsXmppAllowedPartner output as a (partial)
 * deployment read, so the paste goes through the same review as the collector's file.
 */
export function liveFromExisting(existing: ExistingConfig, now: Date): LiveDeployment {
  return {
    format: LIVE_FORMAT,
    formatVersion: LIVE_FORMAT_VERSION,
    collectedAt: now.toISOString(),
    collectedOn: 'pasted output',
    serverVersion: '',
    sipDomains: [],
    sites: [],
    pools: [],
    edgePools: [],
    accessEdge: null,
    xmppGateway: null,
    edgeCertificates: [],
    edgeParts: [],
    notes: [],
    externalAccessPolicies: existing.policies.map((p) => ({
      identity: p.identity,
      description: p.description,
      enableFederationAccess: p.enableFederationAccess,
      enableXmppAccess: p.enableXmppAccess,
      enableOutsideAccess: p.enableOutsideAccess,
      enablePublicCloudAccess: p.enablePublicCloudAccess,
      userCount: null,
      users: [],
    })),
    xmppAllowedPartners: existing.partners.map((p) => ({
      identity: p.domain,
      description: p.description,
      additionalDomains: [...p.additionalDomains],
      partnerType: p.partnerType,
      tlsNegotiation: p.tls,
      saslNegotiation: p.sasl,
      supportDialbackNegotiation: p.dialback,
      enableKeepAlive: p.enableKeepAlive,
      connectionLimit: p.connectionLimit,
      proxyFqdn: p.proxyFqdn,
    })),
  }
}

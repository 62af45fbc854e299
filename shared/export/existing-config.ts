import type { Negotiation, PartnerType, XmppPartner } from '../domain/model/partners'
import type { ExternalAccessPolicy } from '../domain/model/policy'
import type { ProjectData } from '../domain/model/project'
import { normaliseFqdn } from '../domain/rules/fqdn'
import { error, notice, warning, type Finding } from '../domain/rules/issue'
import { policyIdentity } from '../domain/rules/policy'
import { configPlan, desiredPartnerProperties, desiredPolicyProperties, type ConfigPlan, type PlannedObject } from './config-plan'

export type { ExistingConfig, ExistingPartner, ExistingPolicy } from '../domain/model/existing-config'
import type { ExistingConfig, ExistingPartner, ExistingPolicy } from '../domain/model/existing-config'

/**
 * Commands that export the configuration with enums as names. Plain `ConvertTo-Json` in Windows
 * PowerShell writes enum values as numbers, and the numbers of PartnerType/TlsNegotiation/
 * SaslNegotiation are not documented [UNVERIFIED]; these commands avoid the guess.
 */
export const EXPORT_COMMANDS = {
  policies: 'Get-CsExternalAccessPolicy | Select-Object @{n=\'Identity\';e={"$($_.Identity)"}}, Description, EnableFederationAccess, EnableXmppAccess, EnableOutsideAccess, EnablePublicCloudAccess | ConvertTo-Json',
  partners:
    'Get-CsXmppAllowedPartner | Select-Object @{n=\'Identity\';e={"$($_.Identity)"}}, Description, @{n=\'AdditionalDomains\';e={@($_.AdditionalDomains | ForEach-Object { "$_" })}}, @{n=\'PartnerType\';e={"$($_.PartnerType)"}}, @{n=\'TlsNegotiation\';e={"$($_.TlsNegotiation)"}}, @{n=\'SaslNegotiation\';e={"$($_.SaslNegotiation)"}}, SupportDialbackNegotiation, EnableKeepAlive, ConnectionLimit, ProxyFqdn | ConvertTo-Json',
} as const

type Json = Record<string, unknown>

/** The objects of pasted ConvertTo-Json output: one object, an array, or PS 5.1's {value, Count} wrapper. */
function objectsOf(text: string, what: string, field: string): { items: Json[]; findings: Finding[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (!trimmed) return { items: [], findings: [] }
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch (e) {
    return { items: [], findings: [error(field, 'existing.json', `The pasted ${what} output is not JSON: ${(e as Error).message}. Paste the output of ConvertTo-Json unchanged.`)] }
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Array.isArray((parsed as Json).value) && 'Count' in (parsed as Json)) {
    parsed = (parsed as Json).value
  }
  const list = Array.isArray(parsed) ? parsed : [parsed]
  const items = list.filter((x): x is Json => !!x && typeof x === 'object' && !Array.isArray(x))
  const findings = items.length === list.length ? [] : [warning(field, 'existing.shape', `Some entries of the pasted ${what} output are not objects and were skipped.`)]
  return { items, findings }
}

/** A property by name, case-insensitively (ConvertTo-Json keeps the .NET casing, hand edits may not). */
function prop(o: Json, name: string): unknown {
  if (name in o) return o[name]
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : o[key]
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return null
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v
  if (v === 'True' || v === 'true') return true
  if (v === 'False' || v === 'false') return false
  return null
}

/** An Identity that ConvertTo-Json may have written as a string or as an object. */
function identityOf(o: Json): string | null {
  const v = prop(o, 'Identity')
  if (typeof v === 'string') return v
  if (v && typeof v === 'object') {
    for (const k of ['Value', 'Name', 'InstanceId', 'ToString']) {
      const s = str(prop(v as Json, k))
      if (s) return s
    }
  }
  return null
}

/** Parses pasted `Get-CsExternalAccessPolicy | ConvertTo-Json`. */
export function parseExistingPolicies(text: string): { policies: ExistingPolicy[]; findings: Finding[] } {
  const { items, findings } = objectsOf(text, 'Get-CsExternalAccessPolicy', 'policy')
  const policies: ExistingPolicy[] = []
  items.forEach((o, i) => {
    const identity = identityOf(o)
    if (!identity) {
      findings.push(warning('policy', 'existing.policy.identity', `Policy ${i + 1} of the pasted output has no readable Identity; export it with: ${EXPORT_COMMANDS.policies}`))
      return
    }
    const m = /^(site|tag):(.+)$/i.exec(identity)
    const scope: ExistingPolicy['scope'] = identity.toLowerCase() === 'global' ? 'global' : m?.[1]?.toLowerCase() === 'site' ? 'site' : 'user'
    policies.push({
      identity,
      scope,
      name: scope === 'global' ? 'global' : (m?.[2] ?? identity),
      description: str(prop(o, 'Description')),
      enableFederationAccess: bool(prop(o, 'EnableFederationAccess')),
      enableXmppAccess: bool(prop(o, 'EnableXmppAccess')),
      enableOutsideAccess: bool(prop(o, 'EnableOutsideAccess')),
      enablePublicCloudAccess: bool(prop(o, 'EnablePublicCloudAccess')),
    })
  })
  if (items.length > 0) findings.push(notice('policy', 'existing.policy.count', `Read ${policies.length} External Access Polic${policies.length === 1 ? 'y' : 'ies'}.`))
  return { policies, findings }
}

const NEGOTIATIONS: readonly Negotiation[] = ['Required', 'Optional', 'NotSupported']
const PARTNER_TYPES: readonly PartnerType[] = ['Federated', 'PublicVerified', 'PublicUnverified']

function enumOf<T extends string>(v: unknown, values: readonly T[], what: string, domain: string, findings: Finding[]): T | null {
  if (typeof v === 'string') {
    const hit = values.find((x) => x.toLowerCase() === v.replace(/\s+/g, '').toLowerCase())
    if (hit) return hit
  }
  if (v === undefined || v === null) return null
  findings.push(
    warning(
      'partners.partners',
      'existing.partner.enum',
      `${domain}: ${what} = ${JSON.stringify(v)} cannot be read. Plain ConvertTo-Json writes enums as numbers whose meaning Microsoft does not document; export with: ${EXPORT_COMMANDS.partners}`,
    ),
  )
  return null
}

/** Parses pasted `Get-CsXmppAllowedPartner | ConvertTo-Json`. */
export function parseExistingPartners(text: string): { partners: ExistingPartner[]; findings: Finding[] } {
  const { items, findings } = objectsOf(text, 'Get-CsXmppAllowedPartner', 'partners.partners')
  const partners: ExistingPartner[] = []
  items.forEach((o, i) => {
    const raw = identityOf(o) ?? str(prop(o, 'Domain'))
    if (!raw) {
      findings.push(warning('partners.partners', 'existing.partner.identity', `Partner ${i + 1} of the pasted output has no readable Identity; export it with: ${EXPORT_COMMANDS.partners}`))
      return
    }
    const domain = normaliseFqdn(raw)
    const extra = prop(o, 'AdditionalDomains')
    const additional = (Array.isArray(extra) ? extra : typeof extra === 'string' && extra ? extra.split(/[\s,]+/) : []).map((d) => normaliseFqdn(String(d))).filter(Boolean)
    const limit = prop(o, 'ConnectionLimit')
    partners.push({
      domain,
      description: str(prop(o, 'Description')),
      additionalDomains: [...new Set(additional)],
      partnerType: enumOf(prop(o, 'PartnerType'), PARTNER_TYPES, 'PartnerType', domain, findings),
      tls: enumOf(prop(o, 'TlsNegotiation'), NEGOTIATIONS, 'TlsNegotiation', domain, findings),
      sasl: enumOf(prop(o, 'SaslNegotiation'), NEGOTIATIONS, 'SaslNegotiation', domain, findings),
      dialback: bool(prop(o, 'SupportDialbackNegotiation')),
      enableKeepAlive: bool(prop(o, 'EnableKeepAlive')),
      connectionLimit: typeof limit === 'number' && Number.isInteger(limit) ? limit : null,
      proxyFqdn: str(prop(o, 'ProxyFqdn')),
    })
  })
  if (items.length > 0) findings.push(notice('partners.partners', 'existing.partner.count', `Read ${partners.length} XMPP federated partner${partners.length === 1 ? '' : 's'}.`))
  return { partners, findings }
}

/** Parses both pasted outputs at once. */
export function parseExistingConfig(input: { policiesJson?: string; partnersJson?: string }): { existing: ExistingConfig; findings: Finding[] } {
  const a = parseExistingPolicies(input.policiesJson ?? '')
  const b = parseExistingPartners(input.partnersJson ?? '')
  return { existing: { policies: a.policies, partners: b.partners }, findings: [...a.findings, ...b.findings] }
}

/** The existing policy one of the project's policies addresses, if the pasted output has it. */
export function findExistingPolicy(policy: Pick<ExternalAccessPolicy, 'scope' | 'name' | 'site'>, existing: ExistingConfig): ExistingPolicy | undefined {
  const id = policyIdentity(policy).toLowerCase()
  return existing.policies.find((e) => {
    if (policy.scope === 'global') return e.scope === 'global'
    if (policy.scope === 'site') return e.scope === 'site' && `site:${e.name}`.toLowerCase() === id
    return e.scope === 'user' && e.name.toLowerCase() === id
  })
}

function toPartner(e: ExistingPartner): XmppPartner {
  return {
    domain: e.domain,
    description: e.description ?? '',
    additionalDomains: [...e.additionalDomains],
    partnerType: e.partnerType ?? 'PublicUnverified',
    tls: e.tls ?? 'Required',
    sasl: e.sasl ?? 'Required',
    dialback: e.dialback ?? true,
    enableKeepAlive: e.enableKeepAlive ?? true,
    connectionLimit: e.connectionLimit,
    proxyFqdn: e.proxyFqdn ?? '',
  }
}

/**
 * The project with the steps prefilled from the server's configuration: each of the project's
 * policies that the pasted output has gets its current values (and `updateExisting` set), and
 * every existing partner the project does not list yet is appended with its current settings.
 * Values the project already holds are kept for partners it lists.
 *
 * Existing policies the project does not list are NOT added, even with EnableXmppAccess on: the
 * script would then manage (and the rollback restore) policies the admin never chose, and an
 * added user policy could not be exported before someone named whom to grant it to. Partners
 * differ: the allowed-partner list is one global list that the project mirrors.
 */
export function prefillFromExisting(data: ProjectData, existing: ExistingConfig): ProjectData {
  // A JSON round trip: shared/ has no structuredClone type (lib ES2023 only), and the data is JSON-safe.
  const out = JSON.parse(JSON.stringify(data)) as ProjectData
  for (const policy of out.policy.policies) {
    const pol = findExistingPolicy(policy, existing)
    if (!pol) continue
    policy.updateExisting = true
    if (pol.description !== null) policy.description = pol.description
    if (pol.enableFederationAccess !== null) policy.enableFederationAccess = pol.enableFederationAccess
    if (pol.enableOutsideAccess !== null) policy.enableOutsideAccess = pol.enableOutsideAccess ? 'true' : 'false'
    if (pol.enablePublicCloudAccess !== null) policy.enablePublicCloudAccess = pol.enablePublicCloudAccess ? 'true' : 'false'
    // EnableXmppAccess stays as the project has it: turning it on is the point of the wizard.
  }
  const listed = new Set(out.partners.partners.map((p) => normaliseFqdn(p.domain)))
  for (const e of existing.partners) if (!listed.has(e.domain)) out.partners.partners.push(toPartner(e))
  return out
}

/** One property that the script will change. */
export interface PropertyChange {
  readonly property: string
  readonly from: string
  readonly to: string
}

/** What the config script will do to one object, as far as the pasted output tells. */
export interface PlannedChange {
  readonly object: PlannedObject
  readonly identity: string
  /** unknown: the pasted output does not cover the object, the script decides at run time. */
  readonly action: 'create' | 'update' | 'unchanged' | 'remove' | 'unknown'
  readonly changes: readonly PropertyChange[]
  /** A deployment-wide effect the admin must know before running the script. */
  readonly consequence?: string
}

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '(not set)'
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  // The cmdlets' values are primitives; anything else shows as JSON, never as "[object Object]".
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v) ?? typeof v
}

export { desiredPartnerProperties, desiredPolicyProperties }

/**
 * The changes the config script will make, computed against pasted configuration (Review and
 * export: "every change listed"). Without pasted output every action is 'unknown' and the
 * script decides at run time.
 */
export function planChanges(data: ProjectData, existing: ExistingConfig | null, plan: ConfigPlan = configPlan(data)): PlannedChange[] {
  const out: PlannedChange[] = []
  const retiring = plan.retiring
  const havePolicies = !!existing && existing.policies.length > 0
  const atRunTime = '(read when the script runs)'
  // Deployment-wide first: it changes more than this project's objects.
  if (plan.accessEdge) {
    out.push({ object: 'AccessEdgeConfiguration', identity: 'global', action: 'update', changes: [{ property: 'AllowFederatedUsers', from: atRunTime, to: 'True' }], consequence: plan.accessEdge.consequence })
  }
  for (const pp of plan.policies) {
    const policy = pp.policy
    const pol = existing ? findExistingPolicy(policy, existing) : undefined
    const polNow: Record<string, unknown> = pol
      ? {
          Description: pol.description,
          EnableFederationAccess: pol.enableFederationAccess,
          EnableXmppAccess: pol.enableXmppAccess,
          EnableOutsideAccess: pol.enableOutsideAccess,
          EnablePublicCloudAccess: pol.enablePublicCloudAccess,
        }
      : {}
    // The global policy is never created: missing from the paste, the script finds it at run time.
    const action: PlannedChange['action'] = !havePolicies ? 'unknown' : pol ? 'update' : policy.scope === 'global' ? 'unknown' : 'create'
    out.push(diffObject('ExternalAccessPolicy', policyIdentity(policy), desiredPolicyProperties(policy), pol ? polNow : null, action))
    if (pp.grants.length > 0) {
      const a = policy.assignTo
      const targets = [...a.users.map((u) => u.trim()).filter(Boolean), ...(a.ou.trim() ? [`every user in OU ${a.ou.trim()}`] : []), ...(a.ldapFilter.trim() ? [`every user matching ${a.ldapFilter.trim()}`] : [])]
      out.push({
        object: 'UserPolicyAssignment',
        identity: policy.name.trim(),
        action: 'update',
        changes: [{ property: 'ExternalAccessPolicy', from: atRunTime, to: policy.name.trim() }],
        consequence: `Granted to: ${targets.join('; ')}. Each of these users gets this policy instead of the one they hold now.`,
      })
    }
  }

  // Looked up by domain, first entry wins as find() did: a paste of thousands of partners.
  const existingPartners = new Map<string, ExistingPartner>()
  for (const x of existing?.partners ?? []) if (!existingPartners.has(x.domain)) existingPartners.set(x.domain, x)
  for (const { domain, additional, desired } of plan.partners) {
    const e = existingPartners.get(domain)
    if (retiring) {
      out.push({ object: 'XmppAllowedPartner', identity: domain, action: existing && existing.partners.length > 0 ? (e ? 'remove' : 'unchanged') : 'unknown', changes: [] })
      continue
    }
    const want: Record<string, unknown> = { ...desired, AdditionalDomains: [...additional].sort().join(', ') }
    const now: Record<string, unknown> | null = e
      ? {
          Description: e.description,
          PartnerType: e.partnerType,
          TlsNegotiation: e.tls,
          SaslNegotiation: e.sasl,
          SupportDialbackNegotiation: e.dialback,
          EnableKeepAlive: e.enableKeepAlive,
          ConnectionLimit: e.connectionLimit,
          ProxyFqdn: e.proxyFqdn,
          AdditionalDomains: [...e.additionalDomains].sort().join(', '),
        }
      : null
    out.push(diffObject('XmppAllowedPartner', domain, want, now, existing && existing.partners.length > 0 ? (e ? 'update' : 'create') : 'unknown'))
  }
  if (plan.gateway) {
    const changes = Object.entries(plan.gateway.parameters)
      .filter(([k]) => k !== 'Identity')
      .map(([property, to]) => ({ property, from: atRunTime, to: show(to) }))
    out.push({ object: 'XmppGatewayConfiguration', identity: 'global', action: 'update', changes, consequence: 'Global: applies to every XMPP partner.' })
  }
  return out
}

function diffObject(object: PlannedObject, identity: string, want: Record<string, unknown>, now: Record<string, unknown> | null, action: PlannedChange['action']): PlannedChange {
  const changes: PropertyChange[] = []
  for (const [property, to] of Object.entries(want)) {
    const from = now ? now[property] : null
    if (now && show(from ?? (property === 'AdditionalDomains' || property === 'Description' ? '' : null)) === show(to)) continue
    if (!now && property === 'AdditionalDomains' && to === '') continue
    if (!now && to === null) continue
    changes.push({ property, from: now ? show(from) : '(new)', to: show(to) })
  }
  return { object, identity, action: action === 'update' && changes.length === 0 ? 'unchanged' : action, changes }
}

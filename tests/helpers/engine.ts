import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ProjectData } from '../../shared/domain/model/project'
import { normaliseFqdn } from '../../shared/domain/rules/fqdn'
import { withEol, type ExportBundle } from '../../shared/export/export-bundle'
import { runPowerShellFile } from './pwsh'

/** The cmdlet model and the one-process step runner (tests/powershell). */
export const POWERSHELL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'powershell')
const RUNNER = join(POWERSHELL_DIR, 'run-steps.ps1')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelState = Record<string, any>

export interface Step {
  readonly id: string
  readonly kind: 'parse' | 'run' | 'exec'
  readonly files?: readonly string[]
  readonly script?: string
  readonly code?: string
  readonly whatIf?: boolean
  /** Typed at the dialback passphrase prompt ('' = Enter). */
  readonly passphrase?: string
  readonly state?: string
  readonly log?: string
  /** Copy of the state file after the step. */
  readonly snapshot?: string
}

export interface StepResult {
  readonly id: string
  readonly ok: boolean
  readonly error: string | null
  readonly output: string
  readonly parseErrors: string[]
}

export interface Call {
  readonly cmdlet: string
  readonly parameterSet: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly bound: Record<string, any>
  readonly whatIf: boolean
}

/** Runs every step in one pwsh process; returns the results by step id. */
export function runSteps(workDir: string, steps: readonly Step[]): Map<string, StepResult> {
  const plan = join(workDir, `plan-${Date.now()}-${Math.random().toString(36).slice(2)}.json`)
  const out = `${plan}.result.json`
  writeFileSync(plan, JSON.stringify({ steps }), 'utf8')
  const res = runPowerShellFile(RUNNER, ['-PlanPath', plan, '-ResultPath', out])
  if (res.status !== 0) throw new Error(`run-steps.ps1 exited ${res.status}: ${res.stderr || res.stdout}${res.error ? ` (${res.error.message})` : ''}`)
  const results = JSON.parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as StepResult[]
  return new Map(results.map((r) => [r.id, { ...r, parseErrors: r.parseErrors ?? [] }]))
}

/** The calls a step logged. */
export function readCalls(log: string): Call[] {
  let text: string
  try {
    text = readFileSync(log, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Call)
}

/** The calls that change something (the verbs the issue names). */
export const changing = (calls: readonly Call[]) => calls.filter((c) => /^(New|Set|Remove|Grant|Add)-/.test(c.cmdlet))

/** Writes the export as the export folder does: CRLF, UTF-8 with BOM for .ps1. */
export function writeExport(dir: string, bundle: ExportBundle): void {
  mkdirSync(dir, { recursive: true })
  for (const f of bundle.files) {
    const text = Buffer.from(withEol(f), 'utf8')
    writeFileSync(join(dir, f.fileName), f.encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]) : text)
  }
}

export const readState = (file: string): ModelState => JSON.parse(readFileSync(file, 'utf8')) as ModelState
export const writeState = (file: string, s: ModelState) => writeFileSync(file, `${JSON.stringify(s, null, 2)}\n`, 'utf8')

/** A single-attribute LDAP filter's attribute and value, to seed a user it matches. */
function ldapEquality(filter: string): [string, string] | null {
  const m = /^\(([A-Za-z][\w-]*)=([^*()]*)\)$/.exec(filter.trim())
  return m ? [m[1]!, m[2]!] : null
}

/**
 * A deployment before the scripts ran: the global policy and configuration documents at their
 * documented defaults, federation off, and every user the project targets (by SIP address,
 * display name, OU or LDAP attribute) plus one user nobody targets.
 */
export function emptyDeployment(p: ProjectData): ModelState {
  const users: ModelState[] = []
  const addUser = (sip: string, display: string, ou: string, ldap: Record<string, string> = {}) => {
    const n = users.length + 1
    users.push({
      SipAddress: sip,
      DisplayName: display,
      UserPrincipalName: `user${n}@contoso.com`,
      SamAccountName: `CONTOSO\\user${n}`,
      DistinguishedName: `CN=User ${n},${ou}`,
      RegistrarPool: 'fe-pool.contoso.local',
      ExternalAccessPolicy: null,
      Ldap: ldap,
    })
  }
  for (const pol of p.policy.policies) {
    for (const u of pol.assignTo.users.map((x) => x.trim()).filter(Boolean)) {
      if (/^sip:/i.test(u) || /^[^\s@]+@[^\s@]+$/.test(u)) addUser(u.startsWith('sip:') ? u : `sip:${u}`, `User ${users.length + 1}`, 'OU=Users,DC=contoso,DC=com')
      else addUser(`sip:user${users.length + 1}@contoso.com`, u, 'OU=Users,DC=contoso,DC=com')
    }
    if (pol.assignTo.ou.trim()) addUser(`sip:ou-member${users.length + 1}@contoso.com`, `OU member ${users.length + 1}`, pol.assignTo.ou.trim())
    const eq = ldapEquality(pol.assignTo.ldapFilter)
    if (eq) addUser(`sip:ldap-member${users.length + 1}@contoso.com`, `LDAP member ${users.length + 1}`, 'OU=Users,DC=contoso,DC=com', { [eq[0]]: eq[1] })
  }
  addUser('sip:nobody@contoso.com', 'Not targeted', 'OU=Elsewhere,DC=contoso,DC=com')
  return {
    serverVersion: 'Skype for Business Server 2015 (6.0.9319.0): Volume license key installed.',
    accessEdge: {
      Identity: 'Global',
      AllowAnonymousUsers: false,
      AllowFederatedUsers: false,
      AllowOutsideUsers: true,
      EnableArchivingDisclaimer: false,
      KeepCrlsUpToDateForPeers: true,
      MarkSourceVerifiableOnOutgoingMessages: true,
      OutgoingTlsCountForFederatedPartners: 4,
      EnablePartnerDiscovery: false,
      UseDnsSrvRouting: true,
    },
    gateway: {
      Identity: 'Global',
      ConnectionLimit: 1000,
      PartnerConnectionLimit: 20,
      KeepAliveInterval: 300,
      StreamEstablishmentTimeout: 60,
      StreamInactivityTimeout: 600,
      SubscriptionRefreshInterval: 28800,
      EnableLoggingAllMessageBodies: false,
      DialbackPassphrase: null,
    },
    policies: [{ Identity: 'Global', Description: null, EnableFederationAccess: false, EnableXmppAccess: false, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: false }],
    partners: [],
    users,
    services: [],
    certificates: [],
    localStore: [{ Thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', Subject: 'CN=sip.contoso.com', Issuer: 'CN=Public CA', NotAfter: '2027-01-01T00:00:00Z' }],
    dnsZones: [],
  }
}

/**
 * The same deployment where every policy and partner of the project already exists with other
 * values, including values the project leaves blank (description, connection limit, proxy), a
 * partner the project does not manage, and users holding another policy.
 */
export function existingDeployment(p: ProjectData): ModelState {
  const s = emptyDeployment(p)
  s.gateway.ConnectionLimit = 1500
  s.gateway.PartnerConnectionLimit = 33
  s.gateway.StreamInactivityTimeout = 900
  s.gateway.EnableLoggingAllMessageBodies = true
  s.policies[0].Description = 'Global policy before the change'
  s.policies[0].EnableOutsideAccess = true
  s.policies.push({
    Identity: 'Tag:OldPolicy',
    Description: 'Users used to hold this',
    EnableFederationAccess: true,
    EnableXmppAccess: false,
    EnablePublicCloudAccess: false,
    EnablePublicCloudAudioVideoAccess: false,
    EnableOutsideAccess: true,
  })
  for (const pol of p.policy.policies) {
    if (pol.scope === 'global') continue
    s.policies.push({
      Identity: pol.scope === 'site' ? `Site:${pol.site.trim()}` : `Tag:${pol.name.trim()}`,
      Description: 'Old description, set by hand',
      EnableFederationAccess: !pol.enableFederationAccess,
      EnableXmppAccess: !pol.enableXmppAccess,
      EnablePublicCloudAccess: true,
      EnablePublicCloudAudioVideoAccess: true,
      EnableOutsideAccess: true,
    })
  }
  for (const partner of p.partners.partners) {
    const d = normaliseFqdn(partner.domain)
    s.partners.push({
      Identity: d,
      Domain: d,
      Description: 'Old partner description',
      AdditionalDomains: [`old.${d}`, ...partner.additionalDomains.slice(0, 1).map(normaliseFqdn)],
      PartnerType: partner.partnerType === 'Federated' ? 'PublicVerified' : 'Federated',
      TlsNegotiation: 'Optional',
      SaslNegotiation: 'Optional',
      SupportDialbackNegotiation: !partner.dialback,
      EnableKeepAlive: !partner.enableKeepAlive,
      ConnectionLimit: 999,
      ProxyFqdn: 'old-proxy.example.net',
    })
  }
  s.partners.push({
    Identity: 'unmanaged.example',
    Domain: 'unmanaged.example',
    Description: 'Not in the project',
    AdditionalDomains: [],
    PartnerType: 'PublicUnverified',
    TlsNegotiation: 'Required',
    SaslNegotiation: 'NotSupported',
    SupportDialbackNegotiation: true,
    EnableKeepAlive: true,
    ConnectionLimit: null,
    ProxyFqdn: null,
  })
  for (const u of s.users) u.ExternalAccessPolicy = 'OldPolicy'
  return s
}

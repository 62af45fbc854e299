import { z } from 'zod'

/**
 * What the read-only collector (shared/export/collector-script.ts) writes: one JSON file with a
 * format name and version, enumerations by name, no secret. The dialback passphrase is never read
 * by the collector, and this schema has no place for it: an unknown key is dropped on parse.
 */
export const LIVE_FORMAT = 'xgw-live'
export const LIVE_FORMAT_VERSION = 1

/** A file larger than this is not a collector output (a big deployment writes well under 5 MB). */
export { LIVE_MAX_BYTES } from './limits'

const name = z.string().max(253)
const text = z.string().max(4096)
const nullableBool = z.boolean().nullable().default(null)
const nullableInt = z.number().int().nullable().default(null)
const Negotiation = z.enum(['Required', 'Optional', 'NotSupported'])

export const LiveSipDomain = z.object({ name, isDefault: z.boolean().default(false) })

/** Get-CsSite: the bare site name and the Edge service its XMPP federation route names (or ''). */
export const LiveSite = z.object({ name: z.string().max(64), siteId: nullableInt, xmppFederationRoute: z.string().max(300).default('') })

/**
 * Get-CsPool with the product version of its Registrar or Edge service (Get-CsService `Version`:
 * 6 Lync Server 2013, 7 Skype for Business Server 2015, 8 Skype for Business Server 2019).
 */
export const LivePool = z.object({
  fqdn: name,
  site: z.string().max(64).default(''),
  roles: z.array(z.string().max(64)).max(64).default([]),
  computers: z.array(name).max(64).default([]),
  version: nullableInt,
})
export type LivePool = z.infer<typeof LivePool>

/** Get-CsService -EdgeServer, one entry per Edge pool. */
export const LiveEdgePool = z.object({
  poolFqdn: name,
  site: z.string().max(64).default(''),
  members: z.array(name).max(64).default([]),
  accessEdgeExternalFqdn: name.default(''),
  dataEdgeExternalFqdn: name.default(''),
  avEdgeExternalFqdn: name.default(''),
  xmppListeningPort: nullableInt,
  xmppInternalPort: nullableInt,
  version: nullableInt,
})
export type LiveEdgePool = z.infer<typeof LiveEdgePool>

export const LiveAccessEdge = z.object({
  allowFederatedUsers: nullableBool,
  useDnsSrvRouting: nullableBool,
  enablePartnerDiscovery: nullableBool,
})

/** Get-CsXmppGatewayConfiguration, every setting but the dialback passphrase. */
export const LiveXmppGateway = z.object({
  connectionLimit: nullableInt,
  partnerConnectionLimit: nullableInt,
  keepAliveInterval: nullableInt,
  streamEstablishmentTimeout: nullableInt,
  streamInactivityTimeout: nullableInt,
  subscriptionRefreshInterval: nullableInt,
  enableLoggingAllMessageBodies: nullableBool,
})
export type LiveXmppGateway = z.infer<typeof LiveXmppGateway>

export const LivePolicy = z.object({
  identity: z.string().max(300),
  description: text.nullable().default(null),
  enableFederationAccess: nullableBool,
  enableXmppAccess: nullableBool,
  enableOutsideAccess: nullableBool,
  enablePublicCloudAccess: nullableBool,
  /** Users the policy applies to: granted (user policy) or inherited (site, global). */
  userCount: nullableInt,
  /** SIP addresses granted a user policy (at most 5000 listed). */
  users: z.array(z.string().max(512)).max(5000).default([]),
})
export type LivePolicy = z.infer<typeof LivePolicy>

export const LivePartner = z.object({
  identity: name,
  description: text.nullable().default(null),
  additionalDomains: z.array(name).max(64).default([]),
  partnerType: z.enum(['Federated', 'PublicVerified', 'PublicUnverified']).nullable().default(null),
  tlsNegotiation: Negotiation.nullable().default(null),
  saslNegotiation: Negotiation.nullable().default(null),
  supportDialbackNegotiation: nullableBool,
  enableKeepAlive: nullableBool,
  connectionLimit: nullableInt,
  proxyFqdn: name.nullable().default(null),
})
export type LivePartner = z.infer<typeof LivePartner>

/** Get-CsCertificate on an Edge Server: what is assigned, never the key. */
export const LiveCertificate = z.object({
  computer: name,
  use: z.string().max(64),
  thumbprint: z.string().regex(/^[0-9A-Fa-f]{40}$/, 'a SHA-1 thumbprint'),
  subject: text.default(''),
  issuer: text.default(''),
  alternativeNames: z.array(name).max(500).default([]),
  notBefore: z.string().max(40).default(''),
  notAfter: z.string().max(40),
  serialNumber: z.string().max(128).default(''),
})
export type LiveCertificate = z.infer<typeof LiveCertificate>

export const LiveDeployment = z.object({
  format: z.literal(LIVE_FORMAT),
  formatVersion: z.literal(LIVE_FORMAT_VERSION),
  collectedAt: z.string().max(40),
  collectedOn: name.default(''),
  serverVersion: z.string().max(512).default(''),
  sipDomains: z.array(LiveSipDomain).max(256).default([]),
  sites: z.array(LiveSite).max(256).default([]),
  pools: z.array(LivePool).max(512).default([]),
  edgePools: z.array(LiveEdgePool).max(64).default([]),
  accessEdge: LiveAccessEdge.nullable().default(null),
  xmppGateway: LiveXmppGateway.nullable().default(null),
  externalAccessPolicies: z.array(LivePolicy).max(1000).default([]),
  xmppAllowedPartners: z.array(LivePartner).max(1000).default([]),
  edgeCertificates: z.array(LiveCertificate).max(500).default([]),
  /** Edge Servers whose part was merged in (the certificates are only visible there). */
  edgeParts: z
    .array(z.object({ computer: name, collectedAt: z.string().max(40) }))
    .max(64)
    .default([]),
  /** What the collector could not read, in its own words. */
  notes: z.array(z.string().max(1024)).max(200).default([]),
})
export type LiveDeployment = z.infer<typeof LiveDeployment>
export type LiveDeploymentInput = z.input<typeof LiveDeployment>

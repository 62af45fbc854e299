import { z } from 'zod'
import { ProjectData } from '../domain/model/project'
import { Negotiation } from '../domain/model/partners'
import { CertificateFactsSchema, CheckOutput } from './certificates'
import { route } from './define'

/**
 * Namespace `verify` (issue 5): read-only live checks from the workstation: DNS, the XMPP
 * STARTTLS probe of the Edge, the SIP TLS port, a partner's offer, and the readiness summary.
 * Every finding carries a stable code; transport failures use shared/errors codes.
 */

const Name = z.string().min(1).max(253)
const Names = z.array(z.string().max(253)).max(64).default([])
const Port = z.number().int().min(1).max(65535)
/** PEM text holding one or more CA certificates to trust instead of the system store. */
const Pem = z.string().max(256 * 1024)
/** Whole-probe time bound in seconds (connect + stream + TLS). @default 10 */
const TimeoutSeconds = z.number().min(0.1).max(120).default(10)
/** IPv4[:port], IPv6 or [IPv6]:port of the DNS server to ask; '' = the system's resolver. */
export const ResolverAddress = z
  .string()
  .max(64)
  .regex(/^$|^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$|^\[[0-9a-fA-F:.]+\](:\d{1,5})?$|^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/, 'IP[:port] expected')

export const ProbeErrorSchema = z.object({ code: z.string(), message: z.string() })
export const TlsFactsSchema = z.object({
  version: z.string(),
  cipher: z.string(),
  /** OpenSSL's verdict against the trust used and the SNI name. */
  authorized: z.boolean(),
  authorizationError: z.string().nullable(),
})
const Starttls = z.object({ offered: z.boolean(), required: z.boolean() })

const Requirements = {
  sipDomains: Names,
  xmppDomains: Names,
  edgeFqdns: Names,
  trustAnchorPem: Pem.optional(),
  /** ISO 8601 evaluation time for the certificate check; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
  timeoutSeconds: TimeoutSeconds,
}

export const ProbeXmppInput = z
  .object({
    host: Name,
    port: Port.default(5269),
    /** The XMPP domain: stream 'to' and TLS SNI; always one of the required SANs. */
    domain: Name,
    ...Requirements,
  })
  .strict()

export const XmppProbeReport = z.object({
  target: z.string(),
  domain: z.string(),
  reachable: z.boolean(),
  starttls: Starttls,
  tls: TlsFactsSchema.nullable(),
  /** Facts per presented certificate, leaf first, exactly as `xgw inspect` prints them. */
  chain: z.array(CertificateFactsSchema),
  /** The Edge check of the leaf, the object `xgw check` prints; null when no chain was seen. */
  check: CheckOutput.nullable(),
  error: ProbeErrorSchema.nullable(),
  elapsedMs: z.number(),
})
export type XmppProbeReport = z.infer<typeof XmppProbeReport>

export const ProbeSipInput = z
  .object({
    host: Name,
    port: Port.default(5061),
    /** SNI: the Access Edge FQDN (a required SAN). */
    servername: Name,
    ...Requirements,
  })
  .strict()

export const SipProbeReport = z.object({
  target: z.string(),
  reachable: z.boolean(),
  tls: TlsFactsSchema.nullable(),
  chain: z.array(CertificateFactsSchema),
  check: CheckOutput.nullable(),
  error: ProbeErrorSchema.nullable(),
  elapsedMs: z.number(),
})
export type SipProbeReport = z.infer<typeof SipProbeReport>

export const ProbePartnerInput = z
  .object({
    /** The partner's XMPP domain. */
    domain: Name,
    /** Connect here instead of following the partner's SRV record. */
    host: Name.optional(),
    port: Port.optional(),
    /** Our XMPP domain, sent as stream 'from'. */
    from: Name.optional(),
    resolver: ResolverAddress.default(''),
    /** Present a client certificate: partners offer SASL EXTERNAL only to a trusted peer (XEP-0178). */
    clientCertificate: z.object({ certPem: Pem, keyPem: Pem }).optional(),
    trustAnchorPem: Pem.optional(),
    timeoutSeconds: TimeoutSeconds,
  })
  .strict()

export const NegotiationSuggestion = z.object({
  tls: Negotiation,
  sasl: Negotiation,
  dialback: z.boolean(),
  /** "Expected authentication method" of the §1.5 matrix row. */
  methods: z.array(z.string()),
  validity: z.enum(['valid', 'warning', 'refused', 'invalid']),
  note: z.string(),
})

export const PartnerProbeReport = z.object({
  domain: z.string(),
  target: z.string().nullable(),
  reachable: z.boolean(),
  starttls: Starttls,
  tls: TlsFactsSchema.nullable(),
  chain: z.array(CertificateFactsSchema),
  offers: z.object({
    /** required / optional / none, from the STARTTLS feature (RFC 6120 §5.3.1). */
    tls: z.enum(['required', 'optional', 'none']),
    /** XEP-0220 feature or jabber:server:dialback on the stream header, before or after TLS. */
    dialback: z.boolean(),
    /** 'unknown' when no client certificate was presented: EXTERNAL is offered only to a trusted peer. */
    saslExternal: z.enum(['offered', 'not-offered', 'unknown']),
    saslMechanisms: z.array(z.string()),
  }),
  suggestion: NegotiationSuggestion.nullable(),
  reasons: z.array(z.string()),
  error: ProbeErrorSchema.nullable(),
  elapsedMs: z.number(),
})
export type PartnerProbeReport = z.infer<typeof PartnerProbeReport>

export const CheckStatusSchema = z.enum(['pass', 'warn', 'fail'])

export const DnsFindingSchema = z.object({
  code: z.string(),
  status: CheckStatusSchema,
  /** The XMPP domain (ours or a partner's) the finding is about. */
  domain: z.string(),
  message: z.string(),
  fix: z.string(),
})

export const SrvAnswerSchema = z.object({
  target: z.string(),
  port: z.number().int(),
  priority: z.number().int(),
  weight: z.number().int(),
  /** The CNAME the target is, or null when it is a real host name. */
  cname: z.string().nullable(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
})

export const DomainDnsSchema = z.object({
  domain: z.string(),
  owner: z.string(),
  role: z.enum(['own', 'partner']),
  /** What the resolver answered, lowest priority number first. */
  answers: z.array(SrvAnswerSchema),
  /** What the project expects (own domains only): target, port, priority, address. */
  expected: z.array(z.object({ target: z.string(), port: z.number().int(), priority: z.number().int(), addresses: z.array(z.string()) })),
  /** Transport code when the lookup itself failed (DNS_FAILURE), else null. */
  error: ProbeErrorSchema.nullable(),
})

export const DnsCheckInput = z
  .object({
    project: ProjectData,
    /** Overrides project.dns.resolver; '' = the system's resolver. */
    resolver: ResolverAddress.optional(),
    /** SAN names of the certificate the Edge presents (e.g. from a probe); default the required SANs. */
    certificateSans: z.array(z.string().max(253)).max(256).optional(),
    /** Include the partners' SRV records. @default true */
    partners: z.boolean().default(true),
    timeoutSeconds: z.number().min(0.1).max(60).default(5),
  })
  .strict()

export const DnsReport = z.object({
  resolver: z.string(),
  domains: z.array(DomainDnsSchema),
  findings: z.array(DnsFindingSchema),
  status: CheckStatusSchema,
})
export type DnsReport = z.infer<typeof DnsReport>

export const ReadinessInput = z
  .object({
    project: ProjectData,
    resolver: ResolverAddress.optional(),
    trustAnchorPem: Pem.optional(),
    /** The Access Edge SIP federation port. @default 5061 */
    sipPort: Port.default(5061),
    partners: z.boolean().default(true),
    timeoutSeconds: TimeoutSeconds,
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()

export const ReadinessLine = z.object({
  /** Stable id of the check, e.g. dns:contoso.com, xmpp:contoso.com, sip:edge, partner:fabrikam.com. */
  id: z.string(),
  title: z.string(),
  status: CheckStatusSchema,
  code: z.string(),
  message: z.string(),
  /** What to change; '' for a pass. */
  fix: z.string(),
})
export type ReadinessLine = z.infer<typeof ReadinessLine>

export const ReadinessReport = z.object({
  /** True when no line failed. */
  ready: z.boolean(),
  counts: z.object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
  lines: z.array(ReadinessLine),
  /** ISO 8601: when the checks ran. */
  checkedAt: z.string(),
})
export type ReadinessReport = z.infer<typeof ReadinessReport>

export const verify = {
  dns: route({ summary: 'Resolve the _xmpp-server._tcp SRV records and their addresses and compare them with the project', input: DnsCheckInput, output: DnsReport }),
  probeXmpp: route({ summary: 'XMPP s2s STARTTLS probe: reachability, TLS and the certificate the server presents', input: ProbeXmppInput, output: XmppProbeReport }),
  probeSip: route({ summary: 'TLS probe of the Access Edge SIP federation port and its certificate', input: ProbeSipInput, output: SipProbeReport }),
  probePartner: route({ summary: 'What an XMPP partner offers (TLS, dialback, SASL EXTERNAL) and the matching negotiation row', input: ProbePartnerInput, output: PartnerProbeReport }),
  readiness: route({ summary: 'Run every live check and summarise: one line per check with its status, code and fix', input: ReadinessInput, output: ReadinessReport }),
} as const

/**
 * Validation of a certificate (and optional key) for the Access Edge external interface with
 * XMPP federation (spec §3; issue 3 "Edge validation"). Stable finding codes, one sentence each
 * for the admin, fixed severities, verdict fail > warn > pass.
 *
 * Required SANs: sip.<domain> for each SIP domain, each XMPP domain bare and each Edge external
 * FQDN, matched exactly; a wildcard never satisfies them (pitfall 14, spec §3 S15).
 */
import { edgeRequirements } from '../../../shared/domain/rules/edge-requirements'
import { normaliseFqdn, uniqueNames } from '../../../shared/domain/rules/fqdn'
import type { ProjectData } from '../../../shared/domain/model/project'
import { buildChain, chainsToAnchor, isSelfSigned } from './chain'
import { type ParsedCertificate, parseCertificate } from './facts'
import { type Analysis, chooseLeaf, matchKey } from './inspect'
import { importPkcs8 } from './keys'
import { type CryptoPrimitives, createPrimitives } from './primitives'

export type Severity = 'error' | 'warning' | 'notice'
export type Verdict = 'pass' | 'warn' | 'fail'

export const FINDING_CODES = [
  'EXPIRED', 'NOT_YET_VALID', 'EXPIRES_SOON', 'SAN_MISSING', 'WILDCARD', 'EKU_MISSING_SERVER_AUTH', 'NO_EKU',
  'KEY_TOO_SMALL', 'NON_RSA_KEY', 'SELF_SIGNED', 'UNTRUSTED_CHAIN', 'CHAIN_INCOMPLETE', 'KEY_CERT_MISMATCH',
  'NO_PRIVATE_KEY', 'NO_CERTIFICATE', 'NO_MAC', 'WEAK_SIGNATURE',
] as const
export type FindingCode = (typeof FINDING_CODES)[number]

/** Fixed severity per code (issue 3). NO_PRIVATE_KEY is only raised for a PFX. */
export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  EXPIRED: 'error', NOT_YET_VALID: 'error', SAN_MISSING: 'error', WILDCARD: 'error', EKU_MISSING_SERVER_AUTH: 'error',
  KEY_TOO_SMALL: 'error', SELF_SIGNED: 'error', UNTRUSTED_CHAIN: 'error', KEY_CERT_MISMATCH: 'error', NO_CERTIFICATE: 'error',
  NO_PRIVATE_KEY: 'error', NON_RSA_KEY: 'warning', NO_EKU: 'warning', NO_MAC: 'warning', EXPIRES_SOON: 'warning',
  WEAK_SIGNATURE: 'warning', CHAIN_INCOMPLETE: 'notice',
}

export interface Finding {
  readonly code: FindingCode
  readonly severity: Severity
  readonly message: string
  /** The names concerned: missing SANs for SAN_MISSING, wildcard names for WILDCARD. */
  readonly names?: readonly string[]
  /** Where to fetch a missing issuer certificate (AIA CA Issuers URLs) for CHAIN_INCOMPLETE. */
  readonly urls?: readonly string[]
}

/** What the certificate must satisfy. From the project or given on the command line. */
export interface EdgeRequirements {
  readonly sipDomains: readonly string[]
  readonly xmppDomains: readonly string[]
  /** Edge external FQDNs (Access Edge, Web Conferencing Edge, an xmpp.<domain> SRV target). */
  readonly edgeFqdns: readonly string[]
  /** Trust anchors (DER). When given, a chain that does not end at one is UNTRUSTED_CHAIN. */
  readonly trustAnchors?: readonly Buffer[]
  /** Evaluation time; default now. */
  readonly at?: Date | string | number
}

/**
 * What is checked. `container` decides NO_PRIVATE_KEY (only a PFX must carry the key) and
 * NO_MAC (only a PFX has one); the live XMPP probe passes 'tls' with the presented chain.
 */
export interface CheckSubject {
  readonly container: 'pfx' | 'pem' | 'der' | 'p7b' | 'tls' | 'store'
  /** Certificate DERs in any order. */
  readonly certificates: readonly Buffer[]
  /** Unencrypted PKCS#8 DER private keys. */
  readonly privateKeys?: readonly Buffer[]
  /** PFX only: false when the file has no MAC. */
  readonly hasMac?: boolean
}

export interface EdgeCheckResult {
  readonly verdict: Verdict
  readonly findings: readonly Finding[]
  /** SHA-1 thumbprint of the certificate that was judged, or null. */
  readonly leaf: string | null
  /** Thumbprints leaf → root as far as the chain could be built. */
  readonly chain: readonly string[]
  /** The SAN names that were required. */
  readonly requiredNames: readonly string[]
}

const DAY = 86_400_000
/** Warning horizon for EXPIRES_SOON (spec §5 6d: NotAfter > 30 days). */
export const EXPIRES_SOON_DAYS = 30

/** The exact SAN names required: sip.<d> per SIP domain, each XMPP domain, each Edge FQDN. */
export function requiredNames(req: Pick<EdgeRequirements, 'sipDomains' | 'xmppDomains' | 'edgeFqdns'>): string[] {
  const names = [
    ...req.edgeFqdns.map(normaliseFqdn),
    ...req.sipDomains.map((d) => `sip.${normaliseFqdn(d)}`),
    ...req.xmppDomains.map(normaliseFqdn),
  ].filter((n) => n && n !== 'sip.')
  return uniqueNames(names)
}

/** Requirements from a project, reusing the wizard's SAN rule (shared/domain/rules/sans.ts). */
export function requirementsFromProject(project: Pick<ProjectData, 'inventory' | 'dns'>): EdgeRequirements {
  return edgeRequirements(project)
}

function atMs(at: EdgeRequirements['at']): number {
  if (at === undefined) return Date.now()
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at)
  return Number.isFinite(ms) ? ms : Date.now()
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

function finding(code: FindingCode, message: string, extra: Pick<Finding, 'names' | 'urls'> = {}): Finding {
  return { code, severity: SEVERITY[code], message, ...extra }
}

/** fail when any error, else warn when any warning, else pass (notices do not count). */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'fail'
  if (findings.some((f) => f.severity === 'warning')) return 'warn'
  return 'pass'
}

function weak(c: ParsedCertificate): boolean {
  return c.sigAlg?.hash === 'sha1' || c.sigAlg?.hash === 'md5'
}

/**
 * Checks certificates (and keys) for the Edge. Never throws for certificate content it can
 * parse; a DER that is not a certificate throws AppError MALFORMED.
 */
export function checkCertificates(subject: CheckSubject, req: EdgeRequirements, opts: { primitives?: CryptoPrimitives } = {}): EdgeCheckResult {
  const p = opts.primitives ?? createPrimitives()
  const certs = subject.certificates.map(parseCertificate)
  const keys = (subject.privateKeys ?? []).map((k) => importPkcs8(p, k))
  const a: Analysis = { certs, keys, keyMatches: keys.map((k) => matchKey(p, k, certs)) }
  const names = requiredNames(req)
  const findings: Finding[] = []
  const isPfx = subject.container === 'pfx'

  if (isPfx && keys.length === 0) {
    findings.push(finding('NO_PRIVATE_KEY', 'The PFX holds no private key. The Edge needs the key that belongs to its certificate: export the PFX again with "Yes, export the private key".'))
  }
  if (isPfx && subject.hasMac === false) {
    findings.push(finding('NO_MAC', 'The PFX has no integrity check (MAC): damage or tampering cannot be detected. Export it again with a password.'))
  }
  if (certs.length === 0) {
    findings.push(finding('NO_CERTIFICATE', 'The file holds no certificate. Import the certificate the CA issued (.cer, .p7b) or a PFX that contains it.'))
    return { verdict: verdictOf(findings), findings, leaf: null, chain: [], requiredNames: names }
  }
  if (keys.length > 0 && a.keyMatches.every((i) => i < 0)) {
    findings.push(finding('KEY_CERT_MISMATCH', 'The private key does not belong to any certificate in the file. Pair the certificate with the key made for its request (the pending request on the Edge, or the key saved with the CSR).'))
  }
  const leaf = chooseLeaf(a) ?? certs[0]!
  const f = leaf.facts
  const now = atMs(req.at)

  if (now > leaf.notAfterMs) findings.push(finding('EXPIRED', `The certificate expired on ${day(leaf.notAfterMs)}. Request a new one from the CA.`))
  else if (now < leaf.notBeforeMs) findings.push(finding('NOT_YET_VALID', `The certificate is not valid before ${f.notBefore}. Check the clock, or wait until then.`))
  else if (leaf.notAfterMs - now < EXPIRES_SOON_DAYS * DAY) {
    findings.push(finding('EXPIRES_SOON', `The certificate expires on ${day(leaf.notAfterMs)}, in less than ${EXPIRES_SOON_DAYS} days. Renew it now.`))
  }

  const have = new Set(f.dnsNames.map((n) => n.toLowerCase()))
  const missing = names.filter((n) => !have.has(n))
  if (missing.length) {
    findings.push(finding('SAN_MISSING', `The certificate lacks ${missing.length === 1 ? 'this name' : 'these names'} in its subject alternative names: ${missing.join(', ')}. XMPP partners and Skype for Business check the SAN list, not the subject; request a certificate that names ${missing.length === 1 ? 'it' : 'them'}.`, { names: missing }))
  }
  const cn = /(?:^|,)CN=([^,]*)/.exec(f.subject)?.[1] ?? ''
  const wild = [...f.dnsNames.filter((n) => n.includes('*')), ...(cn.includes('*') ? [cn] : [])]
  if (wild.length) {
    findings.push(finding('WILDCARD', `The certificate uses a wildcard (${uniqueNames(wild).join(', ')}). Edge external certificates must name every SIP domain, Edge FQDN and XMPP domain explicitly.`, { names: uniqueNames(wild) }))
  }
  if (f.eku === null) {
    findings.push(finding('NO_EKU', 'The certificate has no extended key usage, which means any purpose. Most CAs issue Edge certificates with Server Authentication; this one should work but is unusual.'))
  } else if (!f.eku.includes('serverAuth') && !f.eku.includes('anyExtendedKeyUsage')) {
    findings.push(finding('EKU_MISSING_SERVER_AUTH', 'The certificate is not valid for Server Authentication (EKU). Request it with the Web Server template.'))
  }
  if (f.publicKey.type === 'RSA' && f.publicKey.bits < 2048) {
    findings.push(finding('KEY_TOO_SMALL', `The RSA key has ${f.publicKey.bits} bits; use 2048 or more.`))
  }
  if (f.publicKey.type !== 'RSA') {
    findings.push(finding('NON_RSA_KEY', `The key is ${f.publicKey.type}${f.publicKey.curve ? ` ${f.publicKey.curve}` : ''}, not RSA. Skype for Business supports it, but some XMPP partners and older servers accept only RSA.`))
  }
  const selfSigned = isSelfSigned(p, leaf)
  if (selfSigned) {
    findings.push(finding('SELF_SIGNED', 'The certificate is self-signed. Federation partners will not trust it: the Edge external certificate must come from a public CA.'))
  }
  const chain = buildChain(p, leaf, certs)
  const onChain = chain.chain.slice(0, chain.complete ? -1 : undefined)
  if (onChain.some(weak)) {
    findings.push(finding('WEAK_SIGNATURE', 'The certificate chain is signed with SHA-1 or MD5. Current clients and partners reject these; ask the CA for a SHA-256 certificate.'))
  }
  if (!selfSigned && !chain.complete) {
    const last = chain.chain[chain.chain.length - 1]!
    const urls = last.facts.caIssuers
    findings.push(finding('CHAIN_INCOMPLETE', `The issuer certificate "${last.facts.issuer}" is not included.${urls.length ? ` Download it from ${urls.join(' or ')}` : ' Download it from the CA\'s web site'} and install it in the Edge's Intermediate Certification Authorities store.`, urls.length ? { urls } : {}))
  }
  if (req.trustAnchors && req.trustAnchors.length > 0 && !selfSigned) {
    const anchors = req.trustAnchors.map(parseCertificate)
    if (!chainsToAnchor(p, chain.chain, anchors)) {
      findings.push(finding('UNTRUSTED_CHAIN', 'The certificate does not chain to the given trust anchor. Check that it was issued by the expected CA and that every intermediate is present.'))
    }
  } else if (req.trustAnchors && req.trustAnchors.length > 0 && selfSigned) {
    const anchors = req.trustAnchors.map(parseCertificate)
    if (!anchors.some((x) => x.facts.thumbprint === f.thumbprint)) {
      findings.push(finding('UNTRUSTED_CHAIN', 'The self-signed certificate is not one of the given trust anchors.'))
    }
  }
  return {
    verdict: verdictOf(findings),
    findings,
    leaf: f.thumbprint,
    chain: chain.chain.map((c) => c.facts.thumbprint),
    requiredNames: names,
  }
}

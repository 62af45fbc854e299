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
import { type CertSource, IssuerIndex, MAX_DEPTH, type PathResult, SignatureCache, buildPath, unique } from './chain'
import { type ParsedCertificate, parseCertificate } from './facts'
import { type Analysis, chooseLeaf, matchKey } from './inspect'
import { importPkcs8 } from './keys'
import { type CryptoPrimitives, createPrimitives } from './primitives'
import { runtimeRoots } from './runtime-roots'

export type Severity = 'error' | 'warning' | 'notice'
export type Verdict = 'pass' | 'warn' | 'fail'

export const FINDING_CODES = [
  'EXPIRED',
  'NOT_YET_VALID',
  'EXPIRES_SOON',
  'SAN_MISSING',
  'WILDCARD',
  'EKU_MISSING_SERVER_AUTH',
  'NO_EKU',
  'KEY_TOO_SMALL',
  'NON_RSA_KEY',
  'SELF_SIGNED',
  'UNTRUSTED_CHAIN',
  'CHAIN_INCOMPLETE',
  'KEY_CERT_MISMATCH',
  'NO_PRIVATE_KEY',
  'NO_CERTIFICATE',
  'NO_MAC',
  'WEAK_SIGNATURE',
  'NO_CRL_DP',
] as const
export type FindingCode = (typeof FINDING_CODES)[number]

/** Fixed severity per code (issue 3). NO_PRIVATE_KEY is only raised for a PFX. */
export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  EXPIRED: 'error',
  NOT_YET_VALID: 'error',
  SAN_MISSING: 'error',
  WILDCARD: 'error',
  EKU_MISSING_SERVER_AUTH: 'error',
  KEY_TOO_SMALL: 'error',
  SELF_SIGNED: 'error',
  UNTRUSTED_CHAIN: 'error',
  KEY_CERT_MISMATCH: 'error',
  NO_CERTIFICATE: 'error',
  NO_PRIVATE_KEY: 'error',
  NON_RSA_KEY: 'warning',
  NO_EKU: 'warning',
  NO_MAC: 'warning',
  EXPIRES_SOON: 'warning',
  WEAK_SIGNATURE: 'warning',
  NO_CRL_DP: 'warning',
  CHAIN_INCOMPLETE: 'notice',
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
  /**
   * Trust anchors (DER) the admin gave. Without them, "trusted" means the roots the runtime
   * trusts (runtime-roots.ts), and the messages say so.
   */
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
  /**
   * Further certificates the path may use, with where they came from: files picked together
   * ('picked', e.g. `--chain`), the store, AIA issuers fetched on request. Never the leaf.
   */
  readonly issuers?: readonly { readonly der: Buffer; readonly source: Exclude<CertSource, 'file' | 'anchor'> }[]
}

/** How the chain was judged: the path and what "trusted" was measured against. */
export interface TrustSummary {
  readonly status: 'trusted' | 'incomplete' | 'untrusted'
  /** 'given': the admin's trust anchors; 'runtime': the roots the runtime trusts. */
  readonly anchors: 'given' | 'runtime'
  /** Where each certificate of `chain` came from (same order). */
  readonly sources: readonly CertSource[]
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
  /** The chain verdict on its own (absent when there is no certificate). */
  readonly trust?: TrustSummary
  /** DER of every certificate on the built path, leaf first: the completed chain to export. */
  readonly chainDer?: readonly Buffer[]
}

const DAY = 86_400_000
/** Warning horizon for EXPIRES_SOON (spec §5 6d: NotAfter > 30 days). */
export const EXPIRES_SOON_DAYS = 30

/** The exact SAN names required: sip.<d> per SIP domain, each XMPP domain, each Edge FQDN. */
export function requiredNames(req: Pick<EdgeRequirements, 'sipDomains' | 'xmppDomains' | 'edgeFqdns'>): string[] {
  const names = [...req.edgeFqdns.map(normaliseFqdn), ...req.sipDomains.map((d) => `sip.${normaliseFqdn(d)}`), ...req.xmppDomains.map(normaliseFqdn)].filter((n) => n && n !== 'sip.')
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

/** Findings about the container and the key: NO_PRIVATE_KEY, NO_MAC, KEY_CERT_MISMATCH. */
export function containerFindings(subject: CheckSubject, a: Analysis): Finding[] {
  const out: Finding[] = []
  const isPfx = subject.container === 'pfx'
  if (isPfx && a.keys.length === 0) {
    out.push(finding('NO_PRIVATE_KEY', 'The PFX holds no private key. The Edge needs the key that belongs to its certificate: export the PFX again with "Yes, export the private key".'))
  }
  if (isPfx && subject.hasMac === false) {
    out.push(finding('NO_MAC', 'The PFX has no integrity check (MAC): damage or tampering cannot be detected. Export it again with a password.'))
  }
  if (a.keys.length > 0 && a.certs.length > 0 && a.keyMatches.every((i) => i < 0)) {
    out.push(finding('KEY_CERT_MISMATCH', 'The private key does not belong to any certificate in the file. Pair the certificate with the key made for its request (the pending request on the Edge, or the key saved with the CSR).'))
  }
  return out
}

/** EXPIRED, NOT_YET_VALID, EXPIRES_SOON for the leaf at `now`. */
export function validityFindings(leaf: ParsedCertificate, now: number): Finding[] {
  if (now > leaf.notAfterMs) return [finding('EXPIRED', `The certificate expired on ${day(leaf.notAfterMs)}. Request a new one from the CA.`)]
  if (now < leaf.notBeforeMs) return [finding('NOT_YET_VALID', `The certificate is not valid before ${leaf.facts.notBefore}. Check the clock, or wait until then.`)]
  if (leaf.notAfterMs - now < EXPIRES_SOON_DAYS * DAY) {
    return [finding('EXPIRES_SOON', `The certificate expires on ${day(leaf.notAfterMs)}, in less than ${EXPIRES_SOON_DAYS} days. Renew it now.`)]
  }
  return []
}

/** SAN_MISSING (exact names) and WILDCARD. */
export function nameFindings(leaf: ParsedCertificate, names: readonly string[]): Finding[] {
  const out: Finding[] = []
  const f = leaf.facts
  const have = new Set(f.dnsNames.map((n) => n.toLowerCase()))
  const missing = names.filter((n) => !have.has(n))
  if (missing.length) {
    out.push(
      finding(
        'SAN_MISSING',
        `The certificate lacks ${missing.length === 1 ? 'this name' : 'these names'} in its subject alternative names: ${missing.join(', ')}. XMPP partners and Skype for Business check the SAN list, not the subject; request a certificate that names ${missing.length === 1 ? 'it' : 'them'}.`,
        { names: missing },
      ),
    )
  }
  const cn = /(?:^|,)CN=([^,]*)/.exec(f.subject)?.[1] ?? ''
  const wild = [...f.dnsNames.filter((n) => n.includes('*')), ...(cn.includes('*') ? [cn] : [])]
  if (wild.length) {
    out.push(finding('WILDCARD', `The certificate uses a wildcard (${uniqueNames(wild).join(', ')}). Edge external certificates must name every SIP domain, Edge FQDN and XMPP domain explicitly.`, { names: uniqueNames(wild) }))
  }
  return out
}

/** NO_EKU, EKU_MISSING_SERVER_AUTH, KEY_TOO_SMALL, NON_RSA_KEY. */
export function usageFindings(leaf: ParsedCertificate): Finding[] {
  const out: Finding[] = []
  const f = leaf.facts
  if (f.eku === null) {
    out.push(finding('NO_EKU', 'The certificate has no extended key usage, which means any purpose. Most CAs issue Edge certificates with Server Authentication; this one should work but is unusual.'))
  } else if (!f.eku.includes('serverAuth') && !f.eku.includes('anyExtendedKeyUsage')) {
    out.push(finding('EKU_MISSING_SERVER_AUTH', 'The certificate is not valid for Server Authentication (EKU). Request it with the Web Server template.'))
  }
  if (f.publicKey.type === 'RSA' && f.publicKey.bits < 2048) {
    out.push(finding('KEY_TOO_SMALL', `The RSA key has ${f.publicKey.bits} bits; use 2048 or more.`))
  }
  if (f.publicKey.type !== 'RSA') {
    out.push(finding('NON_RSA_KEY', `The key is ${f.publicKey.type}${f.publicKey.curve ? ` ${f.publicKey.curve}` : ''}, not RSA. Skype for Business supports it, but some XMPP partners and older servers accept only RSA.`))
  }
  return out
}

/** Microsoft's page that requires a CDP on every server certificate. */
export const CERT_INFRASTRUCTURE_URL = 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-certificate-infrastructure-requirements'

/** NO_CRL_DP: the leaf carries no CRL distribution point. */
export function revocationFindings(leaf: ParsedCertificate): Finding[] {
  if (leaf.facts.hasCrlDistributionPoint) return []
  return [
    finding(
      'NO_CRL_DP',
      `The certificate has no CRL distribution point. Microsoft requires one on every server certificate ("All server certificates must contain a CRL Distribution Point (CDP)", Certificate infrastructure requirements for Lync Server 2013, ${CERT_INFRASTRUCTURE_URL}); a partner that checks revocation may refuse it. Ask the CA for a certificate that carries one.`,
      { urls: [CERT_INFRASTRUCTURE_URL] },
    ),
  ]
}

const PUBLIC_CA_PREREQUISITE = 'prerequisite "Public CA for a multi-SAN certificate"'

/** Where a missing issuer goes on the Edge, as the Windows certificate UI names the stores. */
function storeFor(missingFrom: ParsedCertificate): string {
  return missingFrom.facts.isCA
    ? "the Edge's Trusted Root Certification Authorities store if it is a root (self-signed), else Intermediate Certification Authorities"
    : "the Edge's Intermediate Certification Authorities store (Trusted Root Certification Authorities if the CA issued the certificate straight from its root)"
}

const SOURCE_WORDS: Readonly<Record<CertSource, string>> = {
  file: 'the file(s) given',
  picked: 'the files picked with it',
  store: 'the certificate store',
  anchor: 'the trust anchors',
  fetched: 'the issuers fetched from the CA',
}

/** CHAIN_INCOMPLETE / UNTRUSTED_CHAIN from a built path, worded for where the anchors came from. */
export function trustFindings(r: PathResult, ctx: { anchors: 'given' | 'runtime'; runtimeDescription: string; live: boolean; searched: readonly CertSource[] }): Finding[] {
  const anchorWords = ctx.anchors === 'given' ? 'the trust anchors you gave' : ctx.runtimeDescription
  if (r.status === 'trusted') return []
  if (r.status === 'incomplete') {
    const from = r.missingFrom!
    const urls = from.facts.caIssuers
    const where = [...(urls.length ? [`from the CA at ${urls.join(' or ')} ("Find missing issuers" fetches it)`] : []), 'by importing it into the certificate store', "from the CA's web site"].join(', or ')
    const searched = [...new Set(ctx.searched)].map((s) => (s === 'anchor' ? anchorWords : SOURCE_WORDS[s])).join(', ')
    if (ctx.live) {
      // A TLS peer does not download missing issuers during the handshake: what the server does
      // not send and the partner does not already trust, the partner does not have.
      return [
        finding(
          'UNTRUSTED_CHAIN',
          `The server did not send the issuer of "${from.facts.subject}" ("${from.facts.issuer}"), and it is not among ${anchorWords}. Partners will refuse the connection: configure the server to send its intermediate certificates${ctx.anchors === 'runtime' ? `, and if "${from.facts.issuer}" is a private root, federation needs a certificate from a public CA (${PUBLIC_CA_PREREQUISITE})` : ''}.`,
          urls.length ? { urls: [...urls] } : {},
        ),
      ]
    }
    return [
      finding(
        'CHAIN_INCOMPLETE',
        `The issuer certificate "${from.facts.issuer}" of "${from.facts.subject}" is not in ${searched}, so whether the chain is trusted was not evaluated. Get it ${where}, and install it in ${storeFor(from)}.`,
        urls.length ? { urls: [...urls] } : {},
      ),
    ]
  }
  const c = r.culprit!
  switch (r.reason) {
    case 'untrusted-root':
      return [
        finding(
          'UNTRUSTED_CHAIN',
          ctx.anchors === 'given'
            ? `The chain ends at the root "${c.facts.subject}", which is not one of the trust anchors you gave. Check that the certificate was issued by the expected CA.`
            : `The chain ends at the root "${c.facts.subject}", which is not among ${anchorWords}: it is a private (enterprise) root. XMPP and SIP federation partners will refuse this certificate; the Edge external certificate needs a public CA (${PUBLIC_CA_PREREQUISITE}).`,
        ),
      ]
    case 'bad-signature':
      return [
        finding(
          'UNTRUSTED_CHAIN',
          `The certificate "${c.facts.subject}" names "${c.facts.issuer}" as its issuer, but the certificate of that name that was found did not sign it (the signature does not verify). The wrong intermediate was supplied or a file is damaged: get the issuing CA certificate again from the CA.`,
        ),
      ]
    case 'ca-expired':
      return [
        finding(
          'UNTRUSTED_CHAIN',
          `The CA certificate "${c.facts.subject}" on the chain expired on ${day(c.notAfterMs)}; Windows and partners refuse a chain with an expired CA certificate. Install the CA's current certificate (from its web site) in Intermediate Certification Authorities and remove the expired one.`,
        ),
      ]
    case 'ca-not-yet-valid':
      return [finding('UNTRUSTED_CHAIN', `The CA certificate "${c.facts.subject}" on the chain is not valid before ${c.facts.notBefore}. Check the clock, or use the CA certificate that is valid now.`)]
    default:
      return [finding('UNTRUSTED_CHAIN', `No chain of at most ${MAX_DEPTH} certificates leads from "${c.facts.subject}" to ${anchorWords}.`)]
  }
}

/** WEAK_SIGNATURE: SHA-1/MD5 on the path (a root's own signature does not count). */
export function signatureFindings(r: PathResult): Finding[] {
  const path = r.path.map((e) => e.cert)
  const top = path[path.length - 1]!
  const judged = top.facts.selfIssued ? path.slice(0, -1) : path
  if (!judged.some(weak)) return []
  return [finding('WEAK_SIGNATURE', 'The certificate chain is signed with SHA-1 or MD5. Current clients and partners reject these; ask the CA for a SHA-256 certificate.')]
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
  const findings: Finding[] = containerFindings(subject, a)
  if (certs.length === 0) {
    findings.push(finding('NO_CERTIFICATE', 'The file holds no certificate. Import the certificate the CA issued (.cer, .p7b) or a PFX that contains it.'))
    return { verdict: verdictOf(findings), findings, leaf: null, chain: [], requiredNames: names }
  }
  const leaf = chooseLeaf(a) ?? certs[0]!
  const now = atMs(req.at)
  findings.push(...validityFindings(leaf, now), ...nameFindings(leaf, names), ...usageFindings(leaf))

  const given = req.trustAnchors && req.trustAnchors.length > 0
  const rt = given ? null : runtimeRoots()
  const anchors = given ? unique(req.trustAnchors.map(parseCertificate)) : rt!.certs
  const extra = (subject.issuers ?? []).map((i) => ({ cert: parseCertificate(i.der), source: i.source }))
  const index = new IssuerIndex([...unique(certs).map((cert) => ({ cert, source: 'file' as const })), ...extra], anchors)
  const sigs = new SignatureCache(p)
  const path = buildPath(sigs, index, { cert: leaf, source: 'file' }, now)
  const selfSigned = leaf.facts.selfIssued && sigs.signed(leaf, leaf)
  if (selfSigned) {
    findings.push(finding('SELF_SIGNED', `The certificate is self-signed. Federation partners will not trust it: the Edge external certificate must come from a public CA (${PUBLIC_CA_PREREQUISITE}).`))
  }
  // A self-signed certificate has no CA to publish a CRL: SELF_SIGNED already says what to do.
  if (!selfSigned) findings.push(...revocationFindings(leaf))
  findings.push(...signatureFindings(path))
  // A self-signed leaf is already an error; only an explicit anchor list adds "not one of them".
  if (!(selfSigned && !given)) {
    findings.push(
      ...trustFindings(path, {
        anchors: given ? 'given' : 'runtime',
        runtimeDescription: rt?.description ?? '',
        live: subject.container === 'tls',
        searched: ['file', ...extra.map((e) => e.source), 'anchor'],
      }),
    )
  }
  return {
    verdict: verdictOf(findings),
    findings,
    leaf: leaf.facts.thumbprint,
    chain: path.path.map((e) => e.cert.facts.thumbprint),
    requiredNames: names,
    trust: { status: path.status, anchors: given ? 'given' : 'runtime', sources: path.path.map((e) => e.source) },
    chainDer: path.path.map((e) => e.cert.der),
  }
}

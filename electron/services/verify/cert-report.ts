/**
 * Judges a presented chain with the certificate engine of issue 3, so a probe reports exactly
 * what `xgw inspect` (facts) and `xgw check` (Edge findings and verdict) would say about the
 * same certificates. Nothing is re-parsed here.
 */
import { splitPem } from '../certificates/pem'
import { rootCertificates } from 'node:tls'
import { type CertificateFacts, certificateFacts, type CheckSubject, checkCertificates, type EdgeCheckResult, type EdgeRequirements } from '../certificates/index'
import type { CertificateFactsData, CheckOutput } from '../../../shared/contract/certificates'

/** The engine's two entry points; a seam so tests or another engine can stand in. */
export interface CertificatePort {
  facts(der: Buffer): CertificateFacts
  check(subject: CheckSubject, req: EdgeRequirements): EdgeCheckResult
}

/** The real engine (electron/services/certificates). */
export const certificateEngine: CertificatePort = {
  facts: certificateFacts,
  check: (subject, req) => checkCertificates(subject, req),
}

/**
 * DER of every certificate in a PEM text (order kept), through the engine's linear PEM splitter:
 * a lazy regex over a hostile 256 KiB anchor took over a second (certificates.md pitfall 22).
 */
export function pemCertificates(pem: string): Buffer[] {
  return splitPem(Buffer.from(pem, 'utf8'), (label) => label === 'CERTIFICATE')
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => b.der)
}

let systemAnchors: Buffer[] | null = null
/** Node's bundled root store as DER (memoised): the "system trust store" of the check. */
export function systemTrustAnchors(): Buffer[] {
  systemAnchors ??= rootCertificates.flatMap(pemCertificates)
  return systemAnchors
}

/** What a presented chain is checked against (spec §3: SANs, dates, EKU, trust). */
export interface ChainRequirements {
  readonly sipDomains: readonly string[]
  readonly xmppDomains: readonly string[]
  readonly edgeFqdns: readonly string[]
  /** PEM anchors; when absent the system store is used. */
  readonly trustAnchorPem?: string
  readonly at?: string
}

/** The engine's facts as the contract's plain (mutable, JSON-safe) shape. */
export function factsData(f: CertificateFacts): CertificateFactsData {
  return {
    ...f,
    publicKey: { ...f.publicKey },
    dnsNames: [...f.dnsNames],
    ipAddresses: [...f.ipAddresses],
    caIssuers: [...f.caIssuers],
    eku: f.eku ? [...f.eku] : null,
    keyUsage: f.keyUsage ? [...f.keyUsage] : null,
  }
}

/** The engine's check result as the contract's CheckOutput (what `xgw check` prints). */
export function checkData(c: EdgeCheckResult): CheckOutput {
  return {
    verdict: c.verdict,
    leaf: c.leaf,
    chain: [...c.chain],
    requiredNames: [...c.requiredNames],
    findings: c.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      ...(f.names ? { names: [...f.names] } : {}),
      ...(f.urls ? { urls: [...f.urls] } : {}),
    })),
  }
}

/** Facts per certificate and the Edge check of the leaf, or an empty report for no chain. */
export function judgeChain(port: CertificatePort, chain: readonly Buffer[], req: ChainRequirements): { chain: CertificateFactsData[]; check: CheckOutput | null } {
  if (chain.length === 0) return { chain: [], check: null }
  // Without an anchor the engine measures against the roots the runtime trusts and names them
  // as such; passing those roots here would make them read as "the trust anchors you gave".
  const anchors = req.trustAnchorPem ? pemCertificates(req.trustAnchorPem) : []
  const check = port.check(
    { container: 'tls', certificates: chain },
    { sipDomains: req.sipDomains, xmppDomains: req.xmppDomains, edgeFqdns: req.edgeFqdns, ...(anchors.length ? { trustAnchors: anchors } : {}), ...(req.at ? { at: req.at } : {}) },
  )
  return { chain: chain.map((d) => factsData(port.facts(d))), check: checkData(check) }
}

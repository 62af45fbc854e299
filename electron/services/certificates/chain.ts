/**
 * Certification path building, as a PKI engineer (and `certutil -verify`) states it: from the
 * leaf, each next certificate is one whose subject is the previous one's issuer, whose key
 * identifier does not contradict the authority key identifier, and whose signature over the
 * previous certificate verifies. Certificates come from every source the admin gave (the file,
 * files picked with it, the store, fetched AIA issuers) and from the trust anchors. Bundles come
 * in any order (certificates.md pitfall 16), so position never matters.
 *
 * Outcome (issue 10 "Chain semantics"):
 *   trusted    the path reaches a trust anchor (an intermediate anchor counts, like
 *              `openssl verify -partial_chain`);
 *   incomplete the path stops at a certificate whose issuer is not available: trust is NOT
 *              evaluated (what `openssl verify` calls "unable to get local issuer certificate");
 *   untrusted  the path ends at a self-signed root that is not an anchor, a certificate named as
 *              the issuer does not verify the signature, or a CA on the path is outside its
 *              validity period.
 *
 * Cost: certificates are indexed by subject name (and key identifier), each (child, issuer)
 * signature is verified at most once, at most MAX_CANDIDATES issuers are tried per certificate
 * and the search expands at most MAX_EXPANSIONS certificates, so a hostile bundle of hundreds of
 * certificates sharing one name costs a bounded number of signature checks.
 */
import type { ParsedCertificate } from './facts'
import type { CryptoPrimitives } from './primitives'

/** Where a certificate on a path came from (for the admin's message). */
export type CertSource = 'file' | 'picked' | 'store' | 'anchor' | 'fetched'
export type TrustStatus = 'trusted' | 'incomplete' | 'untrusted'
export type UntrustedReason = 'untrusted-root' | 'bad-signature' | 'ca-expired' | 'ca-not-yet-valid' | 'too-long'

/** Issuers tried per certificate (same name, compatible key identifier). */
export const MAX_CANDIDATES = 8
/** Longest path considered (leaf included); real Edge chains have 2 to 4 certificates. */
export const MAX_DEPTH = 10
/** Certificates expanded over the whole search, across every alternative path. */
export const MAX_EXPANSIONS = 64

export interface PathElement {
  readonly cert: ParsedCertificate
  readonly source: CertSource
}

export interface PathResult {
  /** Leaf first, each next element the verified issuer of the previous one (the anchor included when reached). */
  readonly path: readonly PathElement[]
  readonly status: TrustStatus
  /** The anchor the path reached (trusted only). */
  readonly anchor: ParsedCertificate | null
  /** Incomplete: the certificate whose issuer is not available. */
  readonly missingFrom: ParsedCertificate | null
  /** Untrusted: why, and the certificate concerned. */
  readonly reason: UntrustedReason | null
  readonly culprit: ParsedCertificate | null
  /** Signature checks this evaluation performed (for the linear-cost tests). */
  readonly signatureChecks: number
}

const hex = (b: Buffer) => b.toString('hex')
const keyOf = (c: ParsedCertificate) => `${hex(c.subjectDer)}|${hex(c.spki)}`

/** The certificates the path builder may use, indexed once. */
export class IssuerIndex {
  private readonly bySubject = new Map<string, PathElement[]>()
  private readonly seen = new Set<string>()
  private readonly anchorThumbs = new Set<string>()
  /** Same subject and key as an anchor (a re-issued or cross-signed copy of the anchor CA). */
  private readonly anchorKeys = new Set<string>()
  readonly anchors: readonly ParsedCertificate[]

  constructor(sources: readonly PathElement[], anchors: readonly ParsedCertificate[]) {
    this.anchors = anchors
    // Anchors first: at every step the path prefers an issuer the admin trusts (what OpenSSL's
    // chain builder and CryptoAPI do), so a cross-signed copy in the bundle never hides the anchor.
    for (const a of anchors) {
      this.anchorThumbs.add(a.facts.thumbprint)
      this.anchorKeys.add(keyOf(a))
      this.add({ cert: a, source: 'anchor' })
    }
    for (const s of sources) this.add(s)
  }

  private add(e: PathElement): void {
    if (this.seen.has(e.cert.facts.thumbprint)) return
    this.seen.add(e.cert.facts.thumbprint)
    const k = hex(e.cert.subjectDer)
    const list = this.bySubject.get(k)
    if (list) list.push(e)
    else this.bySubject.set(k, [e])
  }

  isAnchor(c: ParsedCertificate): boolean {
    return this.anchorThumbs.has(c.facts.thumbprint) || this.anchorKeys.has(keyOf(c))
  }

  /** Certificates that may have issued `c`: same name, and no key identifier that says otherwise. */
  candidates(c: ParsedCertificate): PathElement[] {
    const list = this.bySubject.get(hex(c.issuerDer)) ?? []
    const aki = c.authorityKeyId
    return list.filter((e) => !(aki && e.cert.subjectKeyId && !aki.equals(e.cert.subjectKeyId)))
  }

  /** True when some certificate names `c`'s issuer as its subject (a link might exist). */
  hasIssuerNamed(c: ParsedCertificate): boolean {
    return this.bySubject.has(hex(c.issuerDer))
  }
}

/** Memoised signature checks: each (child, issuer) pair is verified at most once. */
export class SignatureCache {
  private readonly memo = new Map<string, boolean>()
  checks = 0
  constructor(private readonly p: CryptoPrimitives) {}

  signed(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
    if (!child.issuerDer.equals(issuer.subjectDer) || !child.sigAlg) return false
    const k = `${child.facts.thumbprint}>${issuer.facts.thumbprint}`
    let v = this.memo.get(k)
    if (v === undefined) {
      this.checks++
      try {
        v = this.p.verify(issuer.spki, child.sigAlg, child.tbs, child.signature)
      } catch {
        v = false
      }
      this.memo.set(k, v)
    }
    return v
  }
}

/** True when `issuer` signed `cert` (names match and the signature verifies). */
export function isIssuedBy(p: CryptoPrimitives, cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return new SignatureCache(p).signed(cert, issuer)
}

/** Subject equals issuer and the signature verifies with its own public key. */
export function isSelfSigned(p: CryptoPrimitives, cert: ParsedCertificate): boolean {
  return cert.facts.selfIssued && isIssuedBy(p, cert, cert)
}

const validAt = (c: ParsedCertificate, at: number) => at >= c.notBeforeMs && at <= c.notAfterMs

interface Branch {
  readonly path: PathElement[]
  readonly status: TrustStatus
  readonly anchor: ParsedCertificate | null
  readonly missingFrom: ParsedCertificate | null
  readonly reason: UntrustedReason | null
  readonly culprit: ParsedCertificate | null
}

const RANK: Record<TrustStatus, number> = { trusted: 0, untrusted: 1, incomplete: 2 }

/**
 * Builds the best path from `leaf`: the first trusted path found in preference order (anchor,
 * then certificates valid at `at`, then the rest), else the outcome of the most preferred branch.
 */
export function buildPath(sigs: SignatureCache, index: IssuerIndex, leaf: PathElement, at: number): PathResult {
  let budget = MAX_EXPANSIONS
  const onPath = new Set<string>()

  const walk = (path: PathElement[]): Branch => {
    const cur = path[path.length - 1]!.cert
    const done = (b: Omit<Branch, 'path'>): Branch => ({ path: [...path], ...b })
    if (index.isAnchor(cur)) return caValidity(done({ status: 'trusted', anchor: cur, missingFrom: null, reason: null, culprit: null }), at)
    if (path.length >= MAX_DEPTH || budget-- <= 0) return done({ status: 'untrusted', anchor: null, missingFrom: null, reason: 'too-long', culprit: cur })
    if (cur.facts.selfIssued && sigs.signed(cur, cur)) {
      return done({ status: 'untrusted', anchor: null, missingFrom: null, reason: 'untrusted-root', culprit: cur })
    }
    const cands = index.candidates(cur).filter((e) => !onPath.has(keyOf(e.cert)) && e.cert !== cur)
    // Preference: anchors, then valid now, then the rest; stable within each group (source order).
    const score = (e: PathElement) => (e.source === 'anchor' || index.isAnchor(e.cert) ? 0 : validAt(e.cert, at) ? 1 : 2)
    const ordered = cands
      .map((e, i) => ({ e, i }))
      .sort((a, b) => score(a.e) - score(b.e) || a.i - b.i)
      .map((x) => x.e)
      .slice(0, MAX_CANDIDATES)
    let badSignature: ParsedCertificate | null = null
    let best: Branch | null = null
    for (const e of ordered) {
      if (!sigs.signed(cur, e.cert)) {
        badSignature ??= e.cert
        continue
      }
      onPath.add(keyOf(e.cert))
      const b = walk([...path, e])
      onPath.delete(keyOf(e.cert))
      if (b.status === 'trusted' && b.reason === null) return b
      if (!best || RANK[b.status] < RANK[best.status]) best = b
      if (budget <= 0) break
    }
    if (best) return best
    if (badSignature) return done({ status: 'untrusted', anchor: null, missingFrom: null, reason: 'bad-signature', culprit: cur })
    return done({ status: 'incomplete', anchor: null, missingFrom: cur, reason: null, culprit: null })
  }

  onPath.add(keyOf(leaf.cert))
  const b = walk([leaf])
  return { path: b.path, status: b.status, anchor: b.anchor, missingFrom: b.missingFrom, reason: b.reason, culprit: b.culprit, signatureChecks: sigs.checks }
}

/** A trusted path with a CA outside its validity period is untrusted (openssl error 10 / 9, CERT_E_EXPIRED). */
function caValidity(b: Branch, at: number): Branch {
  for (const e of b.path.slice(1)) {
    if (at > e.cert.notAfterMs) return { ...b, status: 'untrusted', reason: 'ca-expired', culprit: e.cert }
    if (at < e.cert.notBeforeMs) return { ...b, status: 'untrusted', reason: 'ca-not-yet-valid', culprit: e.cert }
  }
  return b
}

export interface ChainResult {
  /** Leaf first, each next element the verified issuer of the previous one. */
  readonly chain: readonly ParsedCertificate[]
  /** True when the chain ends in a self-signed certificate (a root). */
  readonly complete: boolean
  /** Issuer name (RFC 2253) of the last certificate when the chain is incomplete. */
  readonly missingIssuer: string | null
  /** Certificates of the bundle that are not on the leaf's chain. */
  readonly unrelated: readonly ParsedCertificate[]
}

/** Removes repeated certificates (same thumbprint), keeping the first. Linear. */
export function unique(certs: readonly ParsedCertificate[]): ParsedCertificate[] {
  const seen = new Set<string>()
  return certs.filter((c) => !seen.has(c.facts.thumbprint) && !!seen.add(c.facts.thumbprint))
}

/** Builds the chain from `leaf` through `pool` (no anchors: it stops at a root or a missing issuer). */
export function buildChain(p: CryptoPrimitives, leaf: ParsedCertificate, pool: readonly ParsedCertificate[]): ChainResult {
  const sigs = new SignatureCache(p)
  const index = new IssuerIndex(
    pool.map((cert) => ({ cert, source: 'file' as const })),
    [],
  )
  const r = buildPath(sigs, index, { cert: leaf, source: 'file' }, Date.now())
  const chain = r.path.map((e) => e.cert)
  const complete = r.status === 'untrusted' && r.reason === 'untrusted-root'
  const used = new Set(chain.map((c) => c.facts.thumbprint))
  return {
    chain,
    complete,
    missingIssuer: complete ? null : chain[chain.length - 1]!.facts.issuer,
    unrelated: unique(pool).filter((c) => !used.has(c.facts.thumbprint)),
  }
}

/**
 * Orders a whole bundle: the leaf's chain first (leaf → intermediates → root), then whatever
 * else the bundle held, in its original order. `leaf` defaults to pickEndEntity.
 */
export function orderBundle(p: CryptoPrimitives, certs: readonly ParsedCertificate[], leaf?: ParsedCertificate): ChainResult {
  const u = unique(certs)
  if (u.length === 0) return { chain: [], complete: false, missingIssuer: null, unrelated: [] }
  return buildChain(p, leaf ?? pickEndEntity(u), u)
}

/**
 * The end entity of a bundle, by names only (no signature checks, linear): a non-CA whose
 * subject is nobody else's issuer; else any non-CA; else a certificate that issued nothing
 * here; else the first.
 */
export function pickEndEntity(certs: readonly ParsedCertificate[]): ParsedCertificate {
  const issuerNames = new Map<string, number>()
  for (const c of certs) if (!c.facts.selfIssued) issuerNames.set(hex(c.issuerDer), (issuerNames.get(hex(c.issuerDer)) ?? 0) + 1)
  const issuesNothing = (c: ParsedCertificate) => !issuerNames.has(hex(c.subjectDer))
  return certs.find((c) => !c.facts.isCA && issuesNothing(c)) ?? certs.find((c) => !c.facts.isCA) ?? certs.find(issuesNothing) ?? certs[0]!
}

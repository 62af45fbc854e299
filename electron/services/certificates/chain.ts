/**
 * Chain ordering and self-signed detection. Bundles come in any order (certificates.md
 * pitfall 16: root, leaf, intermediate), so links are found by issuer name = subject name and
 * a signature that verifies, never by position. Self-signed = subject equals issuer and the
 * signature verifies with the certificate's own key: Node's `checkIssued` misses leaves that
 * lack keyCertSign (issue 3, "Edge validation").
 */
import type { ParsedCertificate } from './facts'
import type { CryptoPrimitives } from './primitives'

/** True when `issuer` signed `cert` (names match and the signature verifies). */
export function isIssuedBy(p: CryptoPrimitives, cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  if (!cert.issuerDer.equals(issuer.subjectDer) || !cert.sigAlg) return false
  return p.verify(issuer.spki, cert.sigAlg, cert.tbs, cert.signature)
}

/** Subject equals issuer and the signature verifies with its own public key. */
export function isSelfSigned(p: CryptoPrimitives, cert: ParsedCertificate): boolean {
  return isIssuedBy(p, cert, cert)
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

/** Builds the chain from `leaf` through `pool` (bounded by the pool size, so loops end). */
export function buildChain(p: CryptoPrimitives, leaf: ParsedCertificate, pool: readonly ParsedCertificate[]): ChainResult {
  const chain: ParsedCertificate[] = [leaf]
  const used = new Set<string>([leaf.facts.thumbprint])
  let cur = leaf
  let complete = false
  for (let guard = 0; guard <= pool.length; guard++) {
    if (isSelfSigned(p, cur)) {
      complete = true
      break
    }
    const next = pool.find((c) => !used.has(c.facts.thumbprint) && isIssuedBy(p, cur, c))
    if (!next) break
    chain.push(next)
    used.add(next.facts.thumbprint)
    cur = next
  }
  return {
    chain,
    complete,
    missingIssuer: complete ? null : cur.facts.issuer,
    unrelated: pool.filter((c) => !used.has(c.facts.thumbprint)),
  }
}

/**
 * Orders a whole bundle: the leaf's chain first (leaf → intermediates → root), then whatever
 * else the bundle held, in its original order. `leaf` defaults to the first non-CA certificate
 * that no other certificate in the bundle was issued by.
 */
export function orderBundle(p: CryptoPrimitives, certs: readonly ParsedCertificate[], leaf?: ParsedCertificate): ChainResult {
  const unique = certs.filter((c, i) => certs.findIndex((d) => d.facts.thumbprint === c.facts.thumbprint) === i)
  if (unique.length === 0) return { chain: [], complete: false, missingIssuer: null, unrelated: [] }
  const start = leaf ?? pickEndEntity(p, unique)
  return buildChain(p, start, unique)
}

/** The end entity of a bundle: a non-CA that issued nothing else here; else the first such cert. */
export function pickEndEntity(p: CryptoPrimitives, certs: readonly ParsedCertificate[]): ParsedCertificate {
  const issuesNothing = (c: ParsedCertificate) => !certs.some((d) => d !== c && d.issuerDer.equals(c.subjectDer) && isIssuedBy(p, d, c))
  return certs.find((c) => !c.facts.isCA && issuesNothing(c)) ?? certs.find((c) => !c.facts.isCA) ?? certs.find(issuesNothing) ?? certs[0]!
}

/** True when the chain ends at (or is signed by) one of the trust anchors. */
export function chainsToAnchor(p: CryptoPrimitives, chain: readonly ParsedCertificate[], anchors: readonly ParsedCertificate[]): boolean {
  if (chain.length === 0) return false
  for (const c of chain) if (anchors.some((a) => a.facts.thumbprint === c.facts.thumbprint)) return true
  const top = chain[chain.length - 1]!
  return anchors.some((a) => isIssuedBy(p, top, a))
}

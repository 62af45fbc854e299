/**
 * Turns a read container into what the admin sees: facts for every certificate, each private
 * key with the certificate it *cryptographically* matches (pitfall 8: never bag order or
 * localKeyID), the chain leaf → root and what is missing, and the PFX protection.
 */
import { orderBundle } from './chain'
import { type CsrFacts, parseCsr } from './csr-parse'
import { parse } from './asn1'
import { type CertificateFacts, type ParsedCertificate, parseCertificate, publicKeyFacts } from './facts'
import { importPkcs8, type ParsedKey } from './keys'
import type { Pkcs12Info } from './pkcs12-reader'
import { type CryptoPrimitives, type SigAlg, createPrimitives } from './primitives'
import { type Container, type ContainerFormat, asBuffer, readContainer } from './read-container'

export interface KeyFacts {
  readonly type: string
  readonly bits: number
  readonly curve?: string
  /** Thumbprint of the certificate whose public key this key matches, or null. */
  readonly matchesCertificate: string | null
  readonly friendlyName?: string
}

/** A public key file (PUBLIC KEY, RSA PUBLIC KEY, DER SPKI) and what it belongs to. */
export interface PublicKeyInfo {
  readonly type: string
  readonly bits: number
  readonly curve?: string
  /** SHA-256 over the SubjectPublicKeyInfo DER, uppercase hex. */
  readonly spkiSha256: string
  /** Thumbprint of a certificate in the same file with this key, or null. */
  readonly matchesCertificate: string | null
  /** True when a private key in the same file is this key's other half. */
  readonly matchesPrivateKey: boolean
  /** Filled by the service: stored certificates and pending request keys with this key. */
  readonly stored?: { readonly certificates: readonly string[]; readonly pendingRequests: readonly string[] }
}

export interface InspectResult {
  readonly format: ContainerFormat
  /** In file / bag order. */
  readonly certificates: readonly CertificateFacts[]
  readonly privateKeys: readonly KeyFacts[]
  readonly requests: readonly CsrFacts[]
  readonly publicKeys: readonly PublicKeyInfo[]
  /** Thumbprints leaf → root (the leaf's chain only). */
  readonly chain: readonly string[]
  readonly chainComplete: boolean
  /** Issuer (RFC 2253) of the last certificate on the chain when no root closes it. */
  readonly missingIssuer: string | null
  readonly leaf: string | null
  readonly pkcs12: Pkcs12Info | null
  readonly friendlyName?: string
}

const TEST_MESSAGE = Buffer.from('xgw key/certificate pairing check')

function testAlg(type: string): SigAlg | null {
  if (type === 'RSA') return { kind: 'rsa', hash: 'sha256' }
  if (type === 'EC') return { kind: 'ecdsa', hash: 'sha256' }
  if (type === 'Ed25519' || type === 'Ed448') return { kind: 'eddsa', hash: null }
  return null
}

/**
 * Index of the certificate the key belongs to, or -1. An RSA key's private values were proved
 * consistent with its public ones when it was imported (key-limits.ts), so its public half is
 * compared (what X509_check_private_key does); any other key must make a signature that
 * verifies with the certificate's public key, which also catches an inconsistent private key.
 */
export function matchKey(p: CryptoPrimitives, key: ParsedKey, certs: readonly ParsedCertificate[]): number {
  const alg = testAlg(key.handle.type)
  let sig: Buffer | null = null
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i]!
    if (c.facts.publicKey.type !== key.handle.type) continue
    if (!alg || key.handle.type === 'RSA') {
      if (c.spki.equals(key.handle.spki)) return i
      continue
    }
    try {
      sig ??= key.handle.sign(alg.hash ?? 'sha256', TEST_MESSAGE)
    } catch {
      return -1
    }
    if (p.verify(c.spki, alg, TEST_MESSAGE, sig)) return i
  }
  return -1
}

/** Parsed view of a container for checks and display. */
export interface Analysis {
  readonly certs: readonly ParsedCertificate[]
  readonly keys: readonly ParsedKey[]
  /** For each key, the index in certs of its certificate or -1. */
  readonly keyMatches: readonly number[]
}

/** Parses certificates and imports keys, pairing them. */
export function analyse(p: CryptoPrimitives, c: Container): Analysis {
  const certs = c.certificates.map(parseCertificate)
  const keys = c.keys.map((k) => importPkcs8(p, k.pkcs8))
  return { certs, keys, keyMatches: keys.map((k) => matchKey(p, k, certs)) }
}

/**
 * Leaf = the certificate of the first key that matches one, else the first non-CA certificate,
 * else undefined (issue 3 "Pick the leaf"; the vectors' `leafIndex` convention).
 */
export function chooseLeaf(a: Analysis): ParsedCertificate | undefined {
  const m = a.keyMatches.find((i) => i >= 0)
  if (m !== undefined) return a.certs[m]
  return a.certs.find((c) => !c.facts.isCA)
}

/** Facts of each public key of the container, matched against its certificates and keys. */
export function publicKeyInfos(p: CryptoPrimitives, c: Container, a: Analysis): PublicKeyInfo[] {
  const hash = (b: Buffer) => p.hash('sha256', b).toString('hex').toUpperCase()
  const certBySpki = new Map(a.certs.map((x) => [hash(x.spki), x.facts.thumbprint] as const))
  const keySpkis = new Set(a.keys.map((k) => hash(k.handle.spki)))
  return (c.publicKeys ?? []).map((der) => {
    const f = publicKeyFacts(parse(der))
    const h = hash(der)
    return { type: f.type, bits: f.bits, ...(f.curve ? { curve: f.curve } : {}), spkiSha256: h, matchesCertificate: certBySpki.get(h) ?? null, matchesPrivateKey: keySpkis.has(h) }
  })
}

/** Everything about a container, JSON-safe. */
export function inspectContainer(p: CryptoPrimitives, c: Container): InspectResult {
  const a = analyse(p, c)
  const leaf = chooseLeaf(a)
  const chain = a.certs.length ? orderBundle(p, a.certs, leaf) : null
  return {
    format: c.format,
    certificates: a.certs.map((x) => x.facts),
    privateKeys: a.keys.map((k, i) => ({
      type: k.handle.type,
      bits: k.handle.bits,
      ...(k.handle.curve ? { curve: k.handle.curve } : {}),
      matchesCertificate: a.keyMatches[i]! >= 0 ? a.certs[a.keyMatches[i]!]!.facts.thumbprint : null,
      ...(c.keys[i]?.friendlyName ? { friendlyName: c.keys[i].friendlyName } : {}),
    })),
    requests: c.csrs.map((d) => parseCsr(p, d)),
    publicKeys: publicKeyInfos(p, c, a),
    chain: chain ? chain.chain.map((x) => x.facts.thumbprint) : [],
    chainComplete: chain?.complete ?? false,
    missingIssuer: chain?.missingIssuer ?? null,
    leaf: leaf?.facts.thumbprint ?? null,
    pkcs12: c.pkcs12,
    ...(c.friendlyName ? { friendlyName: c.friendlyName } : {}),
  }
}

/**
 * Reads one file and inspects it on the calling thread: what `xgw inspect` runs in process
 * (cli-dispatch.ts), with no runner or job table to load for one read. Throws AppError.
 */
export function inspectBytes(bytes: Uint8Array, password?: string): InspectResult {
  const p = createPrimitives()
  return inspectContainer(p, readContainer(p, asBuffer(bytes), password))
}

/**
 * X.509 certificate facts read straight from the DER we were given (RFC 5280 §4.1), so the
 * thumbprints are over the original bytes (certificates.md pitfall 10), EC and UTF-8 names
 * work (pitfalls 2, 3) and a raw-UTF-8 dNSName is decoded as UTF-8 rather than escaped
 * (vectors README, "Non-ASCII dNSName"). Works the same under BoringSSL: only hashing is needed.
 */
import { createHash } from 'node:crypto'
import { AppError, ErrorCode } from '../../../shared/errors'
import { isoTime } from '../../lib/iso-time'
import { type Asn1, Class, Tag, expect, isContext, isUniversal, oidOf, parse, seqOf, smallInt, unsignedIntBytes } from './asn1'
import { rfc2253 } from './dn'
import { EKU_NAMES, OID } from './oids'
import type { HashAlg, SigAlg } from './primitives'

/** Public key summary: RSA modulus bits, EC field size. */
export interface PublicKeyFacts {
  readonly type: 'RSA' | 'EC' | 'DSA' | 'Ed25519' | 'Ed448' | 'unknown'
  readonly bits: number
  readonly curve?: string
}

/** Everything the UI, the CLI and the Edge check show about one certificate. */
export interface CertificateFacts {
  /** RFC 2253, most specific first, UTF-8 (OpenSSL `-nameopt RFC2253,-esc_msb,utf8`). */
  readonly subject: string
  readonly issuer: string
  /** Uppercase hex as OpenSSL prints it: no redundant leading 00, '-' for a negative serial. */
  readonly serialNumber: string
  /** INTEGER content octets exactly as encoded (what Windows shows). */
  readonly serialDerHex: string
  /** ISO 8601 UTC, e.g. 2025-06-01T00:00:00Z. */
  readonly notBefore: string
  readonly notAfter: string
  /** dNSName entries in order; raw bytes read as UTF-8. */
  readonly dnsNames: readonly string[]
  /** Number of other GeneralName entries (IP, URI, e-mail, otherName). */
  readonly otherNameCount: number
  readonly ipAddresses: readonly string[]
  /** Extended key usage as OpenSSL short names (or dotted OIDs); null = no EKU extension. */
  readonly eku: readonly string[] | null
  /** Key usage bit names; null = no key usage extension. */
  readonly keyUsage: readonly string[] | null
  readonly publicKey: PublicKeyFacts
  /** SHA-1 over the DER, uppercase hex, no separators: what Set-CsCertificate -Thumbprint takes. */
  readonly thumbprint: string
  /** SHA-256 over the DER, uppercase hex, no separators. */
  readonly sha256: string
  readonly isCA: boolean
  /** Subject equals issuer (byte-wise); self-*signed* is decided by the chain code. */
  readonly selfIssued: boolean
  /** OpenSSL's name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA256, rsassaPss. */
  readonly signatureAlgorithm: string
  readonly hasCrlDistributionPoint: boolean
  /** CA Issuers URLs from Authority Information Access: where a missing intermediate lives. */
  readonly caIssuers: readonly string[]
}

/** A certificate parsed for chain building and signature checks. */
export interface ParsedCertificate {
  readonly der: Buffer
  readonly facts: CertificateFacts
  readonly tbs: Buffer
  readonly signature: Buffer
  readonly sigAlg: SigAlg | null
  readonly spki: Buffer
  readonly subjectDer: Buffer
  readonly issuerDer: Buffer
  readonly notBeforeMs: number
  readonly notAfterMs: number
  readonly keyCertSign: boolean | null
  /** Subject Key Identifier, and the Authority Key Identifier's keyIdentifier: index keys for path building. */
  readonly subjectKeyId: Buffer | null
  readonly authorityKeyId: Buffer | null
}

function malformed(what: string): never {
  throw new AppError(ErrorCode.Malformed, `This is not a valid certificate (${what}).`)
}

const hex = (b: Buffer) => b.toString('hex').toUpperCase()

/**
 * The same text, held as one piece. V8 keeps a string built a character at a time (an escaped
 * RFC 2253 name) as a tree of some thirty 32-byte pieces until something reads a character of it,
 * which joins them in place: kept for every certificate of a bundle, that is 8 MB for 8,200.
 */
function flat(s: string): string {
  s.charCodeAt(0)
  return s
}

/** OpenSSL's serial display: magnitude without leading zeros, '-' + two's-complement for negatives. */
export function serialDisplay(content: Buffer): string {
  if (content.length === 0) return '0'
  if (content[0]! & 0x80) {
    let v = 0n
    for (const b of content) v = (v << 8n) | BigInt(b)
    const neg = (1n << BigInt(content.length * 8)) - v
    const h = neg.toString(16).toUpperCase()
    return `-${h.length % 2 ? `0${h}` : h}`
  }
  let b = content
  while (b.length > 1 && b[0] === 0) b = b.subarray(1)
  return hex(b)
}

/** Parses UTCTime / GeneralizedTime to epoch milliseconds. */
export function parseTime(n: Asn1 | undefined): number {
  if (!n || n.cls !== Class.Universal || (n.tagNo !== Tag.UtcTime && n.tagNo !== Tag.GeneralizedTime)) malformed('validity time')
  const s = n.content.toString('latin1')
  const m = n.tagNo === Tag.UtcTime ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s)
  if (!m) malformed(`time "${s.slice(0, 20)}"`)
  let year = Number(m[1])
  if (n.tagNo === Tag.UtcTime) year += year < 50 ? 2000 : 1900
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))
  if (!Number.isFinite(ms)) malformed('time out of range')
  return ms
}

/** ISO 8601 UTC without milliseconds. Handles years up to 9999. */
export function isoUtc(ms: number): string {
  return isoTime(ms).replace(/\.\d{3}Z$/, 'Z')
}

const HASH_BY_OID: Readonly<Record<string, HashAlg>> = {
  [OID.md5]: 'md5',
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
}

const SIG_ALGS: Readonly<Record<string, { name: string; alg: SigAlg }>> = {
  [OID.md5WithRsa]: { name: 'md5WithRSAEncryption', alg: { kind: 'rsa', hash: 'md5' } },
  [OID.sha1WithRsa]: { name: 'sha1WithRSAEncryption', alg: { kind: 'rsa', hash: 'sha1' } },
  [OID.sha224WithRsa]: { name: 'sha224WithRSAEncryption', alg: { kind: 'rsa', hash: 'sha224' } },
  [OID.sha256WithRsa]: { name: 'sha256WithRSAEncryption', alg: { kind: 'rsa', hash: 'sha256' } },
  [OID.sha384WithRsa]: { name: 'sha384WithRSAEncryption', alg: { kind: 'rsa', hash: 'sha384' } },
  [OID.sha512WithRsa]: { name: 'sha512WithRSAEncryption', alg: { kind: 'rsa', hash: 'sha512' } },
  [OID.ecdsaSha1]: { name: 'ecdsa-with-SHA1', alg: { kind: 'ecdsa', hash: 'sha1' } },
  [OID.ecdsaSha224]: { name: 'ecdsa-with-SHA224', alg: { kind: 'ecdsa', hash: 'sha224' } },
  [OID.ecdsaSha256]: { name: 'ecdsa-with-SHA256', alg: { kind: 'ecdsa', hash: 'sha256' } },
  [OID.ecdsaSha384]: { name: 'ecdsa-with-SHA384', alg: { kind: 'ecdsa', hash: 'sha384' } },
  [OID.ecdsaSha512]: { name: 'ecdsa-with-SHA512', alg: { kind: 'ecdsa', hash: 'sha512' } },
  [OID.ed25519]: { name: 'ED25519', alg: { kind: 'eddsa', hash: null } },
  [OID.ed448]: { name: 'ED448', alg: { kind: 'eddsa', hash: null } },
}

/** Signature algorithm name and verification parameters from an AlgorithmIdentifier. */
export function signatureAlgorithm(algId: Asn1 | undefined): { name: string; alg: SigAlg | null } {
  const [o, params] = seqOf(algId, 'signature algorithm')
  const id = oidOf(o)
  if (id === OID.rsassaPss) {
    // RSASSA-PSS-params (RFC 4055): [0] hash, [1] MGF, [2] salt length; defaults SHA-1 / 20.
    let hash: HashAlg = 'sha1'
    let saltLength = 20
    if (params && isUniversal(params, Tag.Sequence)) {
      for (const p of params.children) {
        if (isContext(p, 0)) hash = HASH_BY_OID[oidOf(seqOf(p.children[0], 'PSS hash')[0])] ?? 'sha1'
        if (isContext(p, 2)) saltLength = smallInt(p.children[0], 'PSS salt length')
      }
    }
    return { name: 'rsassaPss', alg: { kind: 'rsa-pss', hash, saltLength } }
  }
  const known = SIG_ALGS[id]
  return known ? { name: known.name, alg: known.alg } : { name: id, alg: null }
}

const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  [OID.p256]: { name: 'P-256', bits: 256 },
  [OID.p384]: { name: 'P-384', bits: 384 },
  [OID.p521]: { name: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
}

function bitLength(b: Buffer): number {
  let i = 0
  while (i < b.length - 1 && b[i] === 0) i++
  if (i >= b.length) return 0
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!))
}

/** Type and size of a SubjectPublicKeyInfo. */
export function publicKeyFacts(spki: Asn1): PublicKeyFacts {
  const [algId, bits] = seqOf(spki, 'public key')
  const [o, params] = seqOf(algId, 'public key algorithm')
  const id = oidOf(o)
  if (id === OID.rsaEncryption || id === OID.rsassaPss) {
    const key = expect(bits, Tag.BitString, 'public key bits').content.subarray(1)
    const [n] = seqOf(parse(key), 'RSA public key')
    return { type: 'RSA', bits: bitLength(unsignedIntBytes(expect(n, Tag.Integer, 'RSA modulus'))) }
  }
  if (id === OID.ecPublicKey) {
    const curve = params && isUniversal(params, Tag.Oid) ? CURVES[oidOf(params)] : undefined
    return curve ? { type: 'EC', bits: curve.bits, curve: curve.name } : { type: 'EC', bits: 0 }
  }
  if (id === OID.dsa) {
    const p = params && isUniversal(params, Tag.Sequence) ? params.children[0] : undefined
    return { type: 'DSA', bits: p ? bitLength(unsignedIntBytes(p)) : 0 }
  }
  if (id === OID.ed25519) return { type: 'Ed25519', bits: 256 }
  if (id === OID.ed448) return { type: 'Ed448', bits: 456 }
  return { type: 'unknown', bits: 0 }
}

const KU_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']

function ipString(b: Buffer): string {
  if (b.length === 4) return [...b].join('.')
  if (b.length === 16) {
    const parts: string[] = []
    for (let i = 0; i < 16; i += 2) parts.push(b.readUInt16BE(i).toString(16))
    return parts.join(':')
  }
  return hex(b)
}

// Reading a file parses each certificate to validate it (read-container.ts) and inspecting it
// parses the same Buffers again for their facts: remembered per Buffer, a bundle of 8,200 is
// parsed once, not twice, and its first parse is not garbage (time and peak memory of xgw inspect).
// Held weakly: an entry lives as long as the Buffer it was read from. Nothing writes into a
// certificate's bytes once they are read, so what was parsed from a Buffer stays true of it.
const parsedByDer = new WeakMap<Buffer, ParsedCertificate>()

/** Parses a certificate DER into facts plus what chain building needs. MALFORMED when it is not one. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  const known = parsedByDer.get(der)
  if (known) return known
  const c = parseCertificateDer(der)
  parsedByDer.set(der, c)
  return c
}

function parseCertificateDer(der: Buffer): ParsedCertificate {
  const root = parse(der)
  const [tbsNode, sigAlgNode, sigNode] = seqOf(root, 'certificate')
  const tbs = seqOf(tbsNode, 'to-be-signed part')
  let i = 0
  if (isContext(tbs[0], 0)) i++
  const serialNode = expect(tbs[i++], Tag.Integer, 'serial number')
  const innerSig = tbs[i++]
  const issuer = expect(tbs[i++], Tag.Sequence, 'issuer')
  const [nb, na] = seqOf(tbs[i++], 'validity')
  const subject = expect(tbs[i++], Tag.Sequence, 'subject')
  const spki = expect(tbs[i++], Tag.Sequence, 'public key')
  void innerSig
  let exts: readonly Asn1[] = []
  for (; i < tbs.length; i++) if (isContext(tbs[i], 3)) exts = seqOf(tbs[i]!.children[0], 'extensions')
  const sig = expect(sigNode, Tag.BitString, 'signature')
  const { name: sigName, alg } = signatureAlgorithm(sigAlgNode)

  const dnsNames: string[] = []
  const ips: string[] = []
  let others = 0
  let eku: string[] | null = null
  let keyUsage: string[] | null = null
  let isCA = false
  let cdp = false
  const caIssuers: string[] = []
  let subjectKeyId: Buffer | null = null
  let authorityKeyId: Buffer | null = null
  for (const ext of exts) {
    const parts = seqOf(ext, 'extension')
    const id = oidOf(parts[0])
    const value = expect(parts[parts.length - 1], Tag.OctetString, 'extension value').content
    switch (id) {
      case OID.subjectAltName:
        for (const gn of seqOf(parse(value), 'subject alternative names')) {
          if (gn.cls === Class.Context && gn.tagNo === 2 && !gn.constructed) dnsNames.push(gn.content.toString('utf8'))
          else if (gn.cls === Class.Context && gn.tagNo === 7 && !gn.constructed) ips.push(ipString(gn.content))
          else others++
        }
        break
      case OID.extKeyUsage:
        eku = seqOf(parse(value), 'extended key usage').map((o) => {
          const d = oidOf(o)
          return EKU_NAMES[d] ?? d
        })
        break
      case OID.keyUsage: {
        const bits = expect(parse(value), Tag.BitString, 'key usage').content
        keyUsage = []
        for (let b = 0; b < KU_NAMES.length; b++) {
          const byte = bits[1 + (b >> 3)]
          if (byte !== undefined && byte & (0x80 >> (b & 7))) keyUsage.push(KU_NAMES[b]!)
        }
        break
      }
      case OID.basicConstraints: {
        const bc = seqOf(parse(value), 'basic constraints')
        isCA = isUniversal(bc[0], Tag.Boolean) && bc[0].content[0] !== 0
        break
      }
      case OID.crlDistributionPoints:
        cdp = true
        break
      case OID.subjectKeyIdentifier:
        subjectKeyId = expect(parse(value), Tag.OctetString, 'subject key identifier').content
        break
      case OID.authorityKeyIdentifier: {
        const kid = seqOf(parse(value), 'authority key identifier').find((n) => n.cls === Class.Context && n.tagNo === 0 && !n.constructed)
        authorityKeyId = kid ? kid.content : null
        break
      }
      case OID.authorityInfoAccess:
        for (const ad of seqOf(parse(value), 'authority information access')) {
          const [m, loc] = seqOf(ad, 'access description')
          if (oidOf(m) === OID.caIssuers && loc && loc.cls === Class.Context && loc.tagNo === 6) caIssuers.push(loc.content.toString('latin1'))
        }
        break
    }
  }
  const nbMs = parseTime(nb)
  const naMs = parseTime(na)
  const facts: CertificateFacts = {
    subject: flat(rfc2253(subject)),
    issuer: flat(rfc2253(issuer)),
    serialNumber: serialDisplay(serialNode.content),
    serialDerHex: hex(serialNode.content),
    notBefore: flat(isoUtc(nbMs)),
    notAfter: flat(isoUtc(naMs)),
    dnsNames,
    otherNameCount: others,
    ipAddresses: ips,
    eku,
    keyUsage,
    publicKey: publicKeyFacts(spki),
    thumbprint: hex(createHash('sha1').update(der).digest()),
    sha256: hex(createHash('sha256').update(der).digest()),
    isCA,
    selfIssued: subject.bytes.equals(issuer.bytes),
    signatureAlgorithm: sigName,
    hasCrlDistributionPoint: cdp,
    caIssuers,
  }
  return {
    der: root.bytes,
    facts,
    tbs: tbsNode!.bytes,
    signature: sig.content.subarray(1),
    sigAlg: alg,
    spki: spki.bytes,
    subjectDer: subject.bytes,
    issuerDer: issuer.bytes,
    notBeforeMs: nbMs,
    notAfterMs: naMs,
    keyCertSign: keyUsage ? keyUsage.includes('keyCertSign') : null,
    subjectKeyId,
    authorityKeyId,
  }
}

/**
 * Facts of one certificate given as DER (the live XMPP probe passes each certificate of the
 * TLS chain here). Throws AppError MALFORMED / TRUNCATED for anything that is not one.
 */
export function certificateFacts(der: Buffer): CertificateFacts {
  return parseCertificate(der).facts
}

/** True when the DER is shaped like a certificate (used by format detection). */
export function looksLikeCertificate(n: Asn1): boolean {
  if (!isUniversal(n, Tag.Sequence) || n.children.length !== 3) return false
  const [tbs, alg, sig] = n.children
  if (!isUniversal(tbs, Tag.Sequence) || !isUniversal(alg, Tag.Sequence) || !isUniversal(sig, Tag.BitString)) return false
  const first = tbs.children[0]
  return isContext(first, 0) || isUniversal(first, Tag.Integer)
}

/**
 * Reading a PKCS#10 request (RFC 2986). Apart from csr.ts, which builds requests and their
 * Request-CsCertificate line, so that inspecting a file loads neither the request writers nor
 * the project schemas.
 */
import { type Asn1, Tag, expect, isContext, oidOf, parse, seqOf } from './asn1'
import { rfc2253 } from './dn'
import { publicKeyFacts, signatureAlgorithm, type PublicKeyFacts } from './facts'
import { OID } from './oids'
import type { CryptoPrimitives } from './primitives'

/** Facts of a parsed request. */
export interface CsrFacts {
  readonly subject: string
  readonly dnsNames: readonly string[]
  readonly publicKey: PublicKeyFacts
  readonly signatureValid: boolean
  /** SHA-256 of the SubjectPublicKeyInfo: pairs the issued certificate with the pending key. */
  readonly spkiSha256: string
}

/** Parses and verifies a PKCS#10 request. */
export function parseCsr(p: CryptoPrimitives, der: Buffer): CsrFacts {
  const [info, alg, sig] = seqOf(parse(der), 'certificate request')
  const [, subject, spki, attrs] = seqOf(info, 'certificate request info')
  const dnsNames: string[] = []
  if (isContext(attrs, 0)) {
    for (const a of attrs.children) {
      const [t, vals] = seqOf(a, 'request attribute')
      if (oidOf(t) !== OID.extensionRequest) continue
      for (const ext of seqOf(expect(vals, Tag.Set, 'extension request').children[0], 'extensions')) {
        const parts = seqOf(ext, 'extension')
        if (oidOf(parts[0]) !== OID.subjectAltName) continue
        const v = parse(expect(parts[parts.length - 1], Tag.OctetString, 'SAN').content)
        for (const gn of v.children as Asn1[]) if (gn.tagNo === 2 && !gn.constructed) dnsNames.push(gn.content.toString('utf8'))
      }
    }
  }
  const { alg: sigAlg } = signatureAlgorithm(alg)
  const sigBits = expect(sig, Tag.BitString, 'signature').content.subarray(1)
  const valid = !!sigAlg && p.verify(spki!.bytes, sigAlg, info!.bytes, sigBits)
  return {
    subject: rfc2253(expect(subject, Tag.Sequence, 'subject')),
    dnsNames,
    publicKey: publicKeyFacts(spki!),
    signatureValid: valid,
    spkiSha256: p.hash('sha256', spki!.bytes).toString('hex').toUpperCase(),
  }
}

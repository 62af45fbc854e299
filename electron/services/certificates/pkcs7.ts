/**
 * PKCS#7 / CMS certificate bundles (.p7b/.p7c, RFC 5652 SignedData). Node has no PKCS#7 and
 * forge's high-level reader throws on EC certificates (certificates.md pitfall 2), so the
 * certificate DERs are taken straight from SignedData.certificates, unchanged (pitfall 10).
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Class, Tag, isContext, isUniversal, oid, oidOf, seq, seqOf, integer, tlv, ctx } from './asn1'
import { OID } from './oids'

/** True when the element is a ContentInfo of type signedData. */
export function looksLikePkcs7(n: Asn1): boolean {
  if (!isUniversal(n, Tag.Sequence) || n.children.length < 1) return false
  const t = n.children[0]
  if (!isUniversal(t, Tag.Oid)) return false
  try {
    return oidOf(t) === OID.signedData
  } catch {
    return false
  }
}

/** The certificates of a SignedData bundle, as encoded (SET OF order, not chain order). */
export function readPkcs7Certificates(n: Asn1): Buffer[] {
  const [, content] = seqOf(n, 'PKCS#7 content info')
  if (!isContext(content, 0) || content.children.length !== 1) {
    throw new AppError(ErrorCode.Malformed, 'The PKCS#7 file has no content.')
  }
  const sd = seqOf(content.children[0], 'PKCS#7 signed data')
  const out: Buffer[] = []
  for (const part of sd) {
    // certificates [0] IMPLICIT SET OF CertificateChoices; only plain certificates (SEQUENCE).
    if (part.cls === Class.Context && part.tagNo === 0 && part.constructed) {
      for (const c of part.children) if (isUniversal(c, Tag.Sequence)) out.push(c.bytes)
    }
  }
  return out
}

/** A certificates-only ("degenerate") SignedData, certificates in the order given. */
export function writePkcs7(certs: readonly Buffer[]): Buffer {
  const signedData = seq(
    integer(1),
    tlv(0x31, Buffer.alloc(0)), // digestAlgorithms: empty SET
    seq(oid(OID.data)),
    tlv(0xa0, Buffer.concat(certs)),
    tlv(0x31, Buffer.alloc(0)), // signerInfos: empty SET
  )
  return seq(oid(OID.signedData), ctx(0, signedData))
}

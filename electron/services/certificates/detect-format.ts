/**
 * Decides what a file is from its bytes, never from its name: a `.cer` may be DER or PEM, a
 * `.p12` may be a PEM bundle (certificates.md §4 "Sniffing"). DER is classified by structure.
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Tag, isUniversal, parse } from './asn1'
import { looksLikeCertificate } from './facts'
import { keyShape } from './keys'
import { looksLikePem } from './pem'
import { looksLikePfx } from './pkcs12-reader'
import { looksLikePkcs7 } from './pkcs7'

/** Largest input we read (a PFX with a long chain is < 50 KB; folders are read file by file). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

export type DerKind = 'pkcs12' | 'pkcs7' | 'x509' | 'pkcs10' | 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted-pkcs8'
export type DetectedFormat = { readonly kind: 'pem' } | { readonly kind: 'der'; readonly der: DerKind; readonly root: Asn1 }

/** True for a CertificationRequest (RFC 2986): info { version 0, subject, spki, [0] attrs }. */
export function looksLikeCsr(n: Asn1): boolean {
  if (!isUniversal(n, Tag.Sequence) || n.children.length !== 3) return false
  const info = n.children[0]
  return isUniversal(info, Tag.Sequence) && info.children.length === 4 && isUniversal(info.children[0], Tag.Integer) &&
    isUniversal(info.children[1], Tag.Sequence) && isUniversal(info.children[2], Tag.Sequence) && isUniversal(n.children[2], Tag.BitString)
}

/** Classifies a parsed DER element. */
export function classifyDer(n: Asn1): DerKind | null {
  if (looksLikePfx(n)) return 'pkcs12'
  if (looksLikePkcs7(n)) return 'pkcs7'
  if (looksLikeCsr(n)) return 'pkcs10'
  if (looksLikeCertificate(n)) return 'x509'
  return keyShape(n)
}

/**
 * Detects the format. TOO_LARGE above MAX_INPUT_BYTES, MALFORMED for an empty file,
 * TRUNCATED when a DER element runs past the end, UNSUPPORTED_FORMAT for anything else.
 */
export function detectFormat(bytes: Buffer): DetectedFormat {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new AppError(ErrorCode.TooLarge, `The file is ${bytes.length} bytes; certificate files are far smaller (limit ${MAX_INPUT_BYTES}).`)
  }
  if (bytes.length === 0) throw new AppError(ErrorCode.Malformed, 'The file is empty.')
  if (looksLikePem(bytes)) return { kind: 'pem' }
  if (bytes[0] === 0x30) {
    // Trailing bytes after a DER object are tolerated (padding, a newline from a copy).
    const root = parse(bytes, { allowTrailing: true })
    const der = classifyDer(root)
    if (der) return { kind: 'der', der, root }
    throw new AppError(ErrorCode.UnsupportedFormat, 'The file is DER-encoded but is not a certificate, PFX, PKCS#7 bundle, private key or certificate request.')
  }
  const text = bytes.toString('latin1').trim()
  if (text.length > 0 && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
    // Bare base64 without PEM armour, as some CA portals hand it out.
    const der = Buffer.from(text.replace(/\s+/g, ''), 'base64')
    if (der[0] === 0x30) return detectFormat(der)
  }
  throw new AppError(ErrorCode.UnsupportedFormat, 'This is not a certificate, PFX/P12, P7B, private key or certificate request file.')
}

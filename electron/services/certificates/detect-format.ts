/**
 * Decides what a file is from its bytes, never from its name: a `.cer` may be DER or PEM, a
 * `.p12` may be a PEM bundle (certificates.md §4 "Sniffing"). DER is classified by structure.
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { MAX_CERTIFICATE_FILE_BYTES, tooLargeMessage } from '../../../shared/domain/file-limits'
import { type Asn1, Tag, isUniversal, parse } from './asn1'
import { looksLikeCertificate } from './facts'
import { keyShape } from './keys'
import { looksLikePem } from './pem'
import { looksLikePfx } from './pkcs12-reader'
import { looksLikePkcs7 } from './pkcs7'

/** Largest input read (folders are read file by file); one limit for the engine, the contract and the CLI. */
export const MAX_INPUT_BYTES = MAX_CERTIFICATE_FILE_BYTES

export type DerKind = 'pkcs12' | 'pkcs7' | 'x509' | 'pkcs10' | 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted-pkcs8' | 'spki'
export type DetectedFormat = { readonly kind: 'pem' } | { readonly kind: 'der'; readonly der: DerKind; readonly root: Asn1 }

/** True for a CertificationRequest (RFC 2986): info { version 0, subject, spki, [0] attrs }. */
export function looksLikeCsr(n: Asn1): boolean {
  if (!isUniversal(n, Tag.Sequence) || n.children.length !== 3) return false
  const info = n.children[0]
  return (
    isUniversal(info, Tag.Sequence) &&
    info.children.length === 4 &&
    isUniversal(info.children[0], Tag.Integer) &&
    isUniversal(info.children[1], Tag.Sequence) &&
    isUniversal(info.children[2], Tag.Sequence) &&
    isUniversal(n.children[2], Tag.BitString)
  )
}

/** True for a SubjectPublicKeyInfo: { AlgorithmIdentifier { OID, params }, BIT STRING }. */
export function looksLikeSpki(n: Asn1): boolean {
  if (!isUniversal(n, Tag.Sequence) || n.children.length !== 2) return false
  const [alg, key] = n.children
  return isUniversal(alg, Tag.Sequence) && isUniversal(alg.children[0], Tag.Oid) && isUniversal(key, Tag.BitString)
}

/** Classifies a parsed DER element. */
export function classifyDer(n: Asn1): DerKind | null {
  if (looksLikePfx(n)) return 'pkcs12'
  if (looksLikePkcs7(n)) return 'pkcs7'
  if (looksLikeCsr(n)) return 'pkcs10'
  if (looksLikeCertificate(n)) return 'x509'
  return keyShape(n) ?? (looksLikeSpki(n) ? 'spki' : null)
}

const printable = (b: Buffer) => {
  let ok = 0
  for (const c of b) if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0x7f) || c >= 0xa0) ok++
  return b.length > 0 && ok / b.length > 0.95
}
const squash = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim()
  return t.length > n ? `${t.slice(0, n)}…` : t
}

/**
 * One phrase saying what some bytes are, for a MALFORMED message: an HTML page (a Windows/IIS
 * error page when it looks like one, as a failed download from a CA's web enrollment saves),
 * text, a ZIP or PDF, or binary data that does not start with a DER SEQUENCE.
 */
export function describeBytes(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048)
  const text = head.toString('utf8')
  if (/<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h[12][^>]*>([^<]*)<\/h[12]>/i.exec(text)?.[1] ?? ''
    const windows = /Internet Information Services|Microsoft-IIS|IIS \d|Server Error in '|HTTP Error \d{3}|Windows|certsrv|ASP\.NET/i.test(text)
    return `${windows ? 'a Windows (IIS) error page' : 'an HTML web page'}${title.trim() ? ` titled "${squash(title, 60)}"` : ''}`
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'a ZIP archive'
  if (text.startsWith('%PDF')) return 'a PDF document'
  if (printable(head)) return `text ("${squash(text, 60)}")`
  return `binary data whose first byte is 0x${(head[0] ?? 0).toString(16).toUpperCase().padStart(2, '0')}, not a DER SEQUENCE (0x30)`
}

/** MALFORMED for bytes that cannot be certificate material, saying what they are. */
export function notCertificateMaterial(bytes: Buffer, where = 'The file'): AppError {
  const what = describeBytes(bytes)
  const hint = /page/.test(what) ? ' The download probably failed: download the certificate again from the CA (as DER .cer or Base-64).' : ' Choose the certificate, PFX/P12, P7B, key or request file itself.'
  return new AppError(ErrorCode.Malformed, `${where} is not certificate material: it holds ${what}.${hint}`)
}

/**
 * Detects the format. TOO_LARGE above MAX_INPUT_BYTES, MALFORMED for an empty file and for
 * anything whose first element is not a SEQUENCE (with what it is: text, HTML, a Windows error
 * page), TRUNCATED when a DER element runs past the end, UNSUPPORTED_FORMAT for a DER
 * SEQUENCE of an unknown kind.
 */
export function detectFormat(bytes: Buffer): DetectedFormat {
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new AppError(ErrorCode.TooLarge, tooLargeMessage('The file', bytes.length))
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
  // Not DER (its first element is not a SEQUENCE) and not PEM: say what it is instead.
  throw notCertificateMaterial(bytes)
}

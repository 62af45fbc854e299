/**
 * Reads any supported file into certificates (original DER), private keys (unencrypted
 * PKCS#8) and requests: PEM with any mix of blocks, DER certificate, PFX, P7B (PEM or DER),
 * keys in every encoding and CSRs. This is the heavy, pure part that the runner may move to a
 * worker: bytes in, bytes out, structured-clone friendly.
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { parse } from './asn1'
import { bitString, nullValue, oid, seq } from './asn1'
import { detectFormat, type DerKind, looksLikeSpki, notCertificateMaterial } from './detect-format'
import { parseCertificate } from './facts'
import { checkPrivateKeyInfo, checkPublicKeyInfo } from './key-limits'
import { decryptTraditional, keyShape, keyToPkcs8, pkcs1ToPkcs8, sec1ToPkcs8 } from './keys'
import { splitPem } from './pem'
import { type Pkcs12Info, readPkcs12 } from './pkcs12-reader'
import { readPkcs7Certificates } from './pkcs7'
import type { CryptoPrimitives } from './primitives'

export type ContainerFormat = 'pem' | 'pkcs7-pem' | 'x509-der' | 'pkcs12' | 'pkcs7-der' | 'pkcs10-der' | 'pkcs8-der' | 'pkcs1-der' | 'sec1-der' | 'encrypted-pkcs8-der' | 'spki-der'

export interface ContainerKey {
  readonly pkcs8: Buffer
  readonly friendlyName?: string
  /** Microsoft CSP name from the PFX key bag, kept for re-export (pitfall 19). */
  readonly cspName?: string
}

export interface Container {
  readonly format: ContainerFormat
  readonly certificates: readonly Buffer[]
  readonly keys: readonly ContainerKey[]
  readonly csrs: readonly Buffer[]
  /** Public keys (SubjectPublicKeyInfo DER) from PUBLIC KEY / RSA PUBLIC KEY blocks or a DER SPKI file. */
  readonly publicKeys?: readonly Buffer[]
  readonly pkcs12: Pkcs12Info | null
  /** The leaf's friendly name from a PFX, if any. */
  readonly friendlyName?: string
}

const PEM_LABELS = new Set([
  'CERTIFICATE',
  'X509 CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'CERTIFICATE REQUEST',
  'NEW CERTIFICATE REQUEST',
  'PKCS7',
  'CMS',
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
])

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'

/** A SubjectPublicKeyInfo, checked; an RSA PUBLIC KEY (PKCS#1 RSAPublicKey) is wrapped into one. */
function spkiDer(der: Buffer, pkcs1: boolean): Buffer {
  const n = parse(der)
  if (pkcs1) return checkedSpki(seq(seq(oid(RSA_ENCRYPTION), nullValue()), bitString(n.bytes)))
  if (!looksLikeSpki(n)) throw new AppError(ErrorCode.Malformed, 'The PUBLIC KEY block is not a SubjectPublicKeyInfo.')
  return checkedSpki(n.bytes)
}

/** A public key is checked like a certificate's before OpenSSL sees it (UNSUPPORTED_KEY). */
function checkedSpki(spki: Buffer): Buffer {
  checkPublicKeyInfo(parse(spki))
  return spki
}

const DER_FORMAT: Readonly<Record<DerKind, ContainerFormat>> = {
  pkcs12: 'pkcs12',
  pkcs7: 'pkcs7-der',
  x509: 'x509-der',
  pkcs10: 'pkcs10-der',
  pkcs8: 'pkcs8-der',
  pkcs1: 'pkcs1-der',
  sec1: 'sec1-der',
  'encrypted-pkcs8': 'encrypted-pkcs8-der',
  spki: 'spki-der',
}

function certDer(der: Buffer): Buffer {
  // Validates it is a certificate (MALFORMED otherwise) and keeps the exact bytes; its public key
  // is checked before any signature check hands it to OpenSSL (UNSUPPORTED_KEY).
  const c = parseCertificate(parse(der, { allowTrailing: true }).bytes)
  checkPublicKeyInfo(parse(c.spki))
  return c.der
}

/** A key leaves the reader (and the worker) only once its encoding is known to be safe for OpenSSL. */
function checkedKey(pkcs8: Buffer): Buffer {
  checkPrivateKeyInfo(pkcs8)
  return pkcs8
}

function csrDer(der: Buffer): Buffer {
  const n = parse(der)
  const info = n.children[0]
  if (info?.children[2]) checkPublicKeyInfo(info.children[2])
  return n.bytes
}

function isTraditionalKey(b: Buffer): boolean {
  try {
    const s = keyShape(parse(b))
    return s === 'pkcs1' || s === 'sec1'
  } catch {
    return false
  }
}

function readPem(p: CryptoPrimitives, bytes: Buffer, password: string | undefined): Container {
  const blocks = splitPem(bytes, (l) => PEM_LABELS.has(l))
  if (blocks.length === 0) {
    throw new AppError(ErrorCode.UnsupportedFormat, 'The PEM file holds no certificate, private key or request.')
  }
  const certificates: Buffer[] = []
  const keys: ContainerKey[] = []
  const csrs: Buffer[] = []
  const publicKeys: Buffer[] = []
  let p7 = false
  for (const b of blocks) {
    // Armour around something that is not DER (text pasted between the lines, an HTML page):
    // say what it holds rather than "truncated". Encrypted traditional keys are not DER yet.
    if (b.der[0] !== 0x30 && !(b.headers['Proc-Type'] ?? '').includes('ENCRYPTED')) {
      throw notCertificateMaterial(b.der, `The "${b.label}" block (its content begins "${b.der.toString('base64').slice(0, 24)}…")`)
    }
    switch (b.label) {
      case 'PUBLIC KEY':
      case 'RSA PUBLIC KEY':
        publicKeys.push(spkiDer(b.der, b.label === 'RSA PUBLIC KEY'))
        break
      case 'CERTIFICATE':
      case 'X509 CERTIFICATE':
      case 'TRUSTED CERTIFICATE':
        certificates.push(certDer(b.der))
        break
      case 'PKCS7':
      case 'CMS':
        p7 = true
        certificates.push(...readPkcs7Certificates(parse(b.der)).map(certDer))
        break
      case 'CERTIFICATE REQUEST':
      case 'NEW CERTIFICATE REQUEST':
        csrs.push(csrDer(b.der))
        break
      default: {
        let der = b.der
        if ((b.headers['Proc-Type'] ?? '').includes('ENCRYPTED')) {
          der = decryptTraditional(p, b.headers['DEK-Info'] ?? '', b.der, password, isTraditionalKey)
        }
        if (b.label === 'RSA PRIVATE KEY') keys.push({ pkcs8: checkedKey(pkcs1ToPkcs8(parse(der).bytes)) })
        else if (b.label === 'EC PRIVATE KEY') keys.push({ pkcs8: checkedKey(sec1ToPkcs8(parse(der).bytes)) })
        else keys.push({ pkcs8: checkedKey(keyToPkcs8(p, der, password)) })
      }
    }
  }
  const onlyP7 = p7 && keys.length === 0 && csrs.length === 0
  return { format: onlyP7 ? 'pkcs7-pem' : 'pem', certificates, keys, csrs, ...(publicKeys.length ? { publicKeys } : {}), pkcs12: null }
}

/** A Buffer over the same memory: what a structured clone or the command line hands over is a plain Uint8Array. */
export const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength))

/**
 * Reads a file. `password` undefined = none given. Throws AppError only: WRONG_PASSWORD,
 * PASSWORD_REQUIRED, TRUNCATED, MALFORMED, UNSUPPORTED_FORMAT, TOO_LARGE.
 */
export function readContainer(p: CryptoPrimitives, bytes: Buffer, password?: string): Container {
  try {
    const d = detectFormat(bytes)
    if (d.kind === 'pem') return readPem(p, bytes, password)
    const format = DER_FORMAT[d.der]
    const der = d.root.bytes
    switch (d.der) {
      case 'pkcs12': {
        const r = readPkcs12(p, der, password)
        const friendlyName = r.certs.find((c) => c.friendlyName)?.friendlyName ?? r.keys.find((k) => k.friendlyName)?.friendlyName
        return {
          format,
          certificates: r.certs.map((c) => certDer(c.der)),
          keys: r.keys.map((k) => ({ pkcs8: checkedKey(k.pkcs8), ...(k.friendlyName ? { friendlyName: k.friendlyName } : {}), ...(k.cspName ? { cspName: k.cspName } : {}) })),
          csrs: [],
          pkcs12: r.info,
          ...(friendlyName ? { friendlyName } : {}),
        }
      }
      case 'pkcs7':
        return { format, certificates: readPkcs7Certificates(d.root).map(certDer), keys: [], csrs: [], pkcs12: null }
      case 'x509':
        return { format, certificates: [certDer(der)], keys: [], csrs: [], pkcs12: null }
      case 'pkcs10':
        return { format, certificates: [], keys: [], csrs: [csrDer(der)], pkcs12: null }
      case 'spki':
        return { format, certificates: [], keys: [], csrs: [], publicKeys: [spkiDer(der, false)], pkcs12: null }
      default:
        return { format, certificates: [], keys: [{ pkcs8: checkedKey(keyToPkcs8(p, der, password)) }], csrs: [], pkcs12: null }
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    // Any library exception on hostile input is still a coded error, never a stack trace.
    throw new AppError(ErrorCode.Malformed, 'The file is damaged or not in a supported format.')
  }
}

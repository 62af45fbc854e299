/**
 * Private keys in every form admins bring: PKCS#1 (RSA PRIVATE KEY), SEC1 (EC PRIVATE KEY),
 * PKCS#8, encrypted PKCS#8 (PBES2/AES or PBE-SHA1-3DES) and traditional encrypted PEM with
 * DEK-Info (RFC 1421 + OpenSSL's EVP_BytesToKey). Everything is normalised to unencrypted
 * PKCS#8 DER and imported through the primitives layer, so decryption does not depend on what
 * the native library supports (certificates.md pitfall 1, §4 "Encrypted keys").
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Tag, expect, integer, isContext, isUniversal, nullValue, octetString, oid, oidOf, parse, seq, seqOf, smallInt } from './asn1'
import { checkPrivateKeyInfo } from './key-limits'
import { OID } from './oids'
import { isPbeAlgorithm, passwordForms, pbeDecrypt, pbeEncrypt } from './pbe'
import { toPem } from './pem'
import type { CipherAlg, CryptoPrimitives, PrivateKeyHandle } from './primitives'

function malformed(what: string): never {
  throw new AppError(ErrorCode.Malformed, `The private key is damaged or not in a supported format (${what}).`)
}

/** What shape a key DER has. Detects PKCS#1 vs PKCS#8 by the second element (pitfall 13). */
export function keyShape(n: Asn1): 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted-pkcs8' | null {
  if (!isUniversal(n, Tag.Sequence) || !n.constructed) return null
  const c = n.children
  if (c.length === 2 && isUniversal(c[0], Tag.Sequence) && isUniversal(c[1], Tag.OctetString) && isPbeAlgorithm(c[0])) return 'encrypted-pkcs8'
  if (!isUniversal(c[0], Tag.Integer)) return null
  if (c.length >= 3 && isUniversal(c[1], Tag.Sequence) && isUniversal(c[2], Tag.OctetString)) return 'pkcs8'
  if (c.length >= 9 && c.slice(0, 9).every((x) => isUniversal(x, Tag.Integer))) return 'pkcs1'
  if (c.length >= 2 && isUniversal(c[1], Tag.OctetString) && c[0].content.length === 1 && c[0].content[0] === 1) return 'sec1'
  return null
}

/** Wraps a PKCS#1 RSAPrivateKey into PKCS#8 (RFC 5208). */
export function pkcs1ToPkcs8(pkcs1: Buffer): Buffer {
  return seq(integer(0), seq(oid(OID.rsaEncryption), nullValue()), octetString(pkcs1))
}

/** Wraps a SEC1 ECPrivateKey into PKCS#8 (RFC 5915); the curve comes from its [0] parameters. */
export function sec1ToPkcs8(sec1: Buffer, curveOid?: string): Buffer {
  const n = parse(sec1)
  let curve = curveOid
  for (const c of n.children) if (isContext(c, 0)) curve = oidOf(c.children[0], 'EC curve')
  if (!curve) malformed('EC key without a named curve')
  return seq(integer(0), seq(oid(OID.ecPublicKey), oid(curve)), octetString(sec1))
}

/** Checks that a PKCS#8 body is structurally sound (used as the decryption acceptance test). */
export function isPkcs8(plain: Buffer): boolean {
  try {
    return keyShape(parse(plain)) === 'pkcs8'
  } catch {
    return false
  }
}

/** A decrypted, imported private key. */
export interface ParsedKey {
  readonly pkcs8: Buffer
  readonly handle: PrivateKeyHandle
}

/** Imports an unencrypted PKCS#8 DER; MALFORMED when the library refuses it. */
export function importPkcs8(p: CryptoPrimitives, pkcs8: Buffer): ParsedKey {
  // Never hand OpenSSL a key we have not checked: a malformed one can abort the process or spin.
  checkPrivateKeyInfo(pkcs8)
  try {
    return { pkcs8, handle: p.importPrivateKey(pkcs8) }
  } catch (e) {
    if (e instanceof AppError) throw e
    return malformed('the key values are inconsistent or of an unknown type')
  }
}

/**
 * Decrypts an EncryptedPrivateKeyInfo. PASSWORD_REQUIRED without a password, WRONG_PASSWORD
 * when no spelling of it decrypts to a PKCS#8 structure.
 */
export function decryptPkcs8(p: CryptoPrimitives, der: Buffer, password: string | undefined): Buffer {
  const [alg, data] = seqOf(parse(der), 'encrypted private key')
  const enc = expect(data, Tag.OctetString, 'encrypted key data').content
  if (password === undefined) {
    // An empty password is a legitimate (if poor) choice; try it before asking.
    for (const form of passwordForms(undefined)) {
      const r = pbeDecrypt(p, alg!, form, enc, isPkcs8)
      if (r) return r
    }
    throw new AppError(ErrorCode.PasswordRequired, 'This private key is encrypted: enter its password.')
  }
  for (const form of passwordForms(password)) {
    const r = pbeDecrypt(p, alg!, form, enc, isPkcs8)
    if (r) return r
  }
  throw new AppError(ErrorCode.WrongPassword, 'Wrong password or damaged file: the private key could not be decrypted.')
}

const DEK_CIPHERS: Readonly<Record<string, CipherAlg>> = {
  'DES-EDE3-CBC': 'des-ede3-cbc',
  'AES-128-CBC': 'aes-128-cbc',
  'AES-192-CBC': 'aes-192-cbc',
  'AES-256-CBC': 'aes-256-cbc',
  'DES-CBC': 'des-cbc',
}
const DEK_KEYLEN: Readonly<Record<CipherAlg, number>> = {
  'des-ede3-cbc': 24,
  'aes-128-cbc': 16,
  'aes-192-cbc': 24,
  'aes-256-cbc': 32,
  'des-cbc': 8,
  'rc2-40-cbc': 5,
  'rc2-128-cbc': 16,
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration: the traditional PEM key derivation. */
function bytesToKey(p: CryptoPrimitives, pw: Buffer, salt: Buffer, len: number): Buffer {
  let out: Buffer = Buffer.alloc(0)
  let prev: Buffer = Buffer.alloc(0)
  while (out.length < len) {
    prev = p.hash('md5', Buffer.concat([prev, pw, salt]))
    out = Buffer.concat([out, prev])
  }
  return out.subarray(0, len)
}

/** Decrypts a traditional "Proc-Type: 4,ENCRYPTED" PEM body to its PKCS#1 / SEC1 DER. */
export function decryptTraditional(p: CryptoPrimitives, dekInfo: string, body: Buffer, password: string | undefined, accept: (b: Buffer) => boolean): Buffer {
  const [name, ivHex] = dekInfo.split(',').map((s) => s.trim())
  const cipher = DEK_CIPHERS[(name ?? '').toUpperCase()]
  if (!cipher) throw new AppError(ErrorCode.UnsupportedFormat, `The key is encrypted with ${name}, which is not supported.`)
  if (!ivHex || !/^[0-9A-Fa-f]+$/.test(ivHex)) malformed('DEK-Info without an IV')
  const iv = Buffer.from(ivHex, 'hex')
  if (password === undefined) throw new AppError(ErrorCode.PasswordRequired, 'This private key is encrypted: enter its password.')
  for (const pw of [Buffer.from(password, 'utf8'), Buffer.from(password, 'latin1')]) {
    try {
      const plain = p.decrypt(cipher, bytesToKey(p, pw, iv.subarray(0, 8), DEK_KEYLEN[cipher]), iv, body)
      if (accept(plain)) return plain
    } catch (e) {
      if (e instanceof AppError) throw e
    }
  }
  throw new AppError(ErrorCode.WrongPassword, 'Wrong password or damaged file: the private key could not be decrypted.')
}

/** Any key DER (any shape above) to unencrypted PKCS#8. */
export function keyToPkcs8(p: CryptoPrimitives, der: Buffer, password: string | undefined): Buffer {
  const n = parse(der)
  switch (keyShape(n)) {
    case 'pkcs8': {
      const v = smallInt(n.children[0], 'key version')
      if (v > 1) malformed('unknown PKCS#8 version')
      return n.bytes
    }
    case 'pkcs1':
      return pkcs1ToPkcs8(n.bytes)
    case 'sec1':
      return sec1ToPkcs8(n.bytes)
    case 'encrypted-pkcs8':
      return decryptPkcs8(p, n.bytes, password)
    default:
      return malformed('not a private key')
  }
}

/** PBKDF2-HMAC-SHA256 iterations for a password-protected PEM key we write (OWASP's current guidance). */
export const PEM_KEY_ITERATIONS = 600_000

/** PKCS#8 PEM ("PRIVATE KEY"), or encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", PBES2 AES-256 / PBKDF2-SHA256). */
export function exportKeyPem(p: CryptoPrimitives, pkcs8: Buffer, password?: string, iterations = PEM_KEY_ITERATIONS): string {
  if (password === undefined) return toPem('PRIVATE KEY', pkcs8)
  return toPem('ENCRYPTED PRIVATE KEY', encryptPkcs8(p, pkcs8, password, iterations))
}

/** EncryptedPrivateKeyInfo DER with PBES2 AES-256-CBC and PBKDF2-HMAC-SHA256 (RFC 8018). */
export function encryptPkcs8(p: CryptoPrimitives, pkcs8: Buffer, password: string, iterations = 2048): Buffer {
  const [alg, enc] = pbeEncrypt(p, 'pbes2-aes256-sha256', password, pkcs8, iterations)
  return seq(alg, octetString(enc))
}

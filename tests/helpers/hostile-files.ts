/**
 * Generators of hostile certificate and key files, made in the test run (nothing downloaded):
 * each one reproduces a class of input that once aborted or froze the app. Keys are real where
 * it matters (the EC point, the signatures) so the files get as far into parsing as an
 * attacker's would.
 */
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bitString, ctx, integer, octetString, oid, seq, setOf, tlv, utf8 } from '../../electron/services/certificates/asn1'
import { OID } from '../../electron/services/certificates/oids'
import { toPem } from '../../electron/services/certificates/pem'

/** A P-256 SEC1 key of 122 bytes whose private value is 33 bytes (0x01 + 32): Node aborts reading its details. */
export function ecKey33ByteScalar(): Buffer {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = privateKey.export({ format: 'jwk' })
  const d = Buffer.from(jwk.d!, 'base64url')
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')])
  return seq(integer(1), octetString(Buffer.concat([Buffer.from([1]), d])), ctx(0, oid(OID.p256)), ctx(1, bitString(point)))
}

/** Random odd magnitude of `bits` bits with the top bit set. */
function bigOdd(bits: number): Buffer {
  const b = randomBytes(Math.ceil(bits / 8))
  const top = bits % 8 || 8
  b[0] = (b[0]! & ((1 << top) - 1)) | (1 << (top - 1))
  b[b.length - 1]! |= 1
  return b
}

/** An RSA private key (PKCS#1 PEM) with the given modulus size and public exponent size. */
export function rsaKey(modulusBits: number, exponentBits: number): string {
  const half = Math.ceil(modulusBits / 2)
  const ints = [
    integer(0),
    integer(bigOdd(modulusBits)),
    integer(bigOdd(exponentBits)),
    integer(bigOdd(modulusBits - 1)),
    integer(bigOdd(half)),
    integer(bigOdd(half)),
    integer(bigOdd(half - 1)),
    integer(bigOdd(half - 1)),
    integer(bigOdd(half - 1)),
  ]
  return toPem('RSA PRIVATE KEY', seq(...ints))
}

const name = (cn: string) => seq(setOf(seq(oid('2.5.4.3'), utf8(cn))))
const utc = (s: string) => tlv(0x17, Buffer.from(s, 'latin1'))

/** `count` CA certificates that all share one subject and issuer, all validly signed by one key. */
export function sameSubjectBundle(count: number): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const alg = seq(oid('1.2.840.10045.4.3.2'))
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octetString(seq(tlv(0x01, Buffer.from([0xff])))))
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const tbs = seq(ctx(0, integer(2)), integer(1000 + i), alg, name('Hostile Same Subject CA'), seq(utc('250101000000Z'), utc('350101000000Z')), name('Hostile Same Subject CA'), spki, ctx(3, seq(basicConstraints)))
    out.push(toPem('CERTIFICATE', seq(tbs, alg, bitString(sign('sha256', tbs, privateKey)))))
  }
  return out.join('')
}

/**
 * A PEM bundle of `count` distinct server certificates as a CA's dump holds them: each its own
 * subject, serial and eight DNS names, an RSA-2048 public key, all validly signed by one issuing
 * key (P-256, so making 8,000 takes about a second). About 1.4 KB of PEM each.
 */
export function distinctCertificateBundle(count: number): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const rsaSpki = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' })
  const alg = seq(oid('1.2.840.10045.4.3.2'))
  const dns = (n: string) => tlv(0x82, Buffer.from(n, 'latin1'))
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const host = `host-${String(i).padStart(5, '0')}`
    const sans = seq(...Array.from({ length: 8 }, (_, j) => dns(`${host}-name-${j}.bundle.contoso.example.com`)))
    const extensions = ctx(3, seq(seq(oid('2.5.29.17'), octetString(sans))))
    const tbs = seq(ctx(0, integer(2)), integer(100_000 + i), alg, name('Bundle Issuing CA'), seq(utc('250101000000Z'), utc('350101000000Z')), name(`${host}.bundle.contoso.example.com`), rsaSpki, extensions)
    out.push(toPem('CERTIFICATE', seq(tbs, alg, bitString(sign('sha256', tbs, privateKey)))))
  }
  return out.join('')
}

/** A PEM key block carrying `lines` RFC 1421 header lines. */
export function pemHeaderSpam(lines: number): string {
  return `-----BEGIN RSA PRIVATE KEY-----\n${'Proc-Type: 4,ENCRYPTED\n'.repeat(lines)}\nAAAA\n-----END RSA PRIVATE KEY-----\n`
}

/**
 * A PFX without a MAC whose one safe-contents holds `bags` copies of a key encrypted (PBE-SHA1-3DES,
 * password `password`) at `iterations`: every copy decrypts, so each costs a full derivation.
 */
export function noMacPfxRepeatedKeyBags(bags: number, iterations: number, password: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'xgw-hostile-'))
  try {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    writeFileSync(join(dir, 'k.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }))
    writeFileSync(join(dir, 'pw'), password)
    execFileSync('openssl', ['pkcs8', '-topk8', '-in', join(dir, 'k.pem'), '-v1', 'PBE-SHA1-3DES', '-iter', String(iterations), '-passout', `file:${join(dir, 'pw')}`, '-outform', 'DER', '-out', join(dir, 'k.p8e')])
    const epki = readFileSync(join(dir, 'k.p8e'))
    const bag = seq(oid(OID.pkcs8ShroudedKeyBag), ctx(0, epki))
    const safeContents = seq(...Array.from({ length: bags }, () => bag))
    const authSafe = seq(seq(oid(OID.data), ctx(0, octetString(safeContents))))
    return seq(integer(3), seq(oid(OID.data), ctx(0, octetString(authSafe))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A well-formed LF-only PEM bundle of `count` copies of one certificate. */
export function bigBundle(certPem: string, count: number): string {
  return certPem.replace(/\r/g, '').repeat(count)
}

/**
 * Which primitives Node's `crypto` really provides here, probed by use rather than by
 * `getCiphers()`: inside Electron the library is BoringSSL, which lacks algorithms OpenSSL has
 * (certificates.md pitfall 1, electron/electron#35972), and plain Node 20 lists `rc2-40-cbc`
 * yet refuses it without the legacy provider. A probe that throws, or disagrees with the
 * node-forge result for the same input, marks the feature as "use forge".
 */
import * as crypto from 'node:crypto'
import forge from 'node-forge'

export type HashAlg = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
export type CipherAlg = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'des-cbc' | 'rc2-40-cbc' | 'rc2-128-cbc'

export const HASH_ALGS: readonly HashAlg[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']
export const CIPHER_ALGS: readonly CipherAlg[] = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'des-ede3-cbc', 'des-cbc', 'rc2-40-cbc', 'rc2-128-cbc']

/** Key and IV length in bytes for each cipher. */
export const CIPHER_SIZES: Readonly<Record<CipherAlg, { key: number; iv: number }>> = {
  'aes-128-cbc': { key: 16, iv: 16 }, 'aes-192-cbc': { key: 24, iv: 16 }, 'aes-256-cbc': { key: 32, iv: 16 },
  'des-ede3-cbc': { key: 24, iv: 8 }, 'des-cbc': { key: 8, iv: 8 }, 'rc2-40-cbc': { key: 5, iv: 8 }, 'rc2-128-cbc': { key: 16, iv: 8 },
}

/** Feature → backend; what the diagnostics page and the tests show. */
export interface NativeSupportReport {
  readonly hashes: Readonly<Record<HashAlg, boolean>>
  readonly ciphers: Readonly<Record<CipherAlg, boolean>>
  readonly pbkdf2: Readonly<Record<HashAlg, boolean>>
  readonly hmac: Readonly<Record<HashAlg, boolean>>
}

const bin = (b: Buffer): string => b.toString('binary')
const unbin = (s: string): Buffer => Buffer.from(s, 'binary')

/** node-forge message digest object, or undefined when forge lacks the algorithm (SHA-224). */
export function forgeMd(alg: HashAlg): forge.md.MessageDigest | undefined {
  switch (alg) {
    case 'md5': return forge.md.md5.create()
    case 'sha1': return forge.md.sha1.create()
    case 'sha256': return forge.md.sha256.create()
    case 'sha384': return forge.md.sha384.create()
    case 'sha512': return forge.md.sha512.create()
    default: return undefined
  }
}

/** Pure-JS cipher through node-forge. `encrypt` false = decrypt; throws on bad padding. */
export function forgeCipher(alg: CipherAlg, encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (alg === 'rc2-40-cbc' || alg === 'rc2-128-cbc') {
    const bits = alg === 'rc2-40-cbc' ? 40 : 128
    const r = encrypt ? forge.rc2.createEncryptionCipher(bin(key), bits) : forge.rc2.createDecryptionCipher(bin(key), bits)
    r.start(bin(iv), null as unknown as forge.util.ByteBuffer)
    r.update(forge.util.createBuffer(bin(data)))
    if (!r.finish()) throw new Error('bad padding')
    return unbin(r.output.getBytes())
  }
  const name = alg.startsWith('aes') ? 'AES-CBC' : alg === 'des-ede3-cbc' ? '3DES-CBC' : 'DES-CBC'
  const c = encrypt ? forge.cipher.createCipher(name, bin(key)) : forge.cipher.createDecipher(name, bin(key))
  c.start({ iv: bin(iv) })
  c.update(forge.util.createBuffer(bin(data)))
  if (!c.finish()) throw new Error('bad padding')
  return unbin(c.output.getBytes())
}

function nativeCipher(alg: CipherAlg, encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const name = alg === 'rc2-128-cbc' ? 'rc2-cbc' : alg
  const c = encrypt ? crypto.createCipheriv(name, key, iv) : crypto.createDecipheriv(name, key, iv)
  return Buffer.concat([c.update(data), c.final()])
}

function probe(fn: () => boolean): boolean {
  try {
    return fn()
  } catch {
    return false
  }
}

const cache = new Map<string, boolean>()

function cached(key: string, fn: () => boolean): boolean {
  let v = cache.get(key)
  if (v === undefined) {
    v = probe(fn)
    cache.set(key, v)
  }
  return v
}

const PROBE_DATA = Buffer.from('XMPP Gateway Wizard feature probe, 3 blocks of data...')

/** True when native `crypto` can hash with `alg` (and agrees with forge where forge has it). */
export function nativeHash(alg: HashAlg): boolean {
  return cached(`hash:${alg}`, () => {
    const n = crypto.createHash(alg).update(PROBE_DATA).digest()
    const md = forgeMd(alg)
    if (!md) return n.length > 0
    md.update(bin(PROBE_DATA))
    return n.equals(unbin(md.digest().getBytes()))
  })
}

/** True when native HMAC with `alg` works and agrees with forge. */
export function nativeHmac(alg: HashAlg): boolean {
  return cached(`hmac:${alg}`, () => {
    const key = Buffer.alloc(20, 0x0b)
    const n = crypto.createHmac(alg, key).update(PROBE_DATA).digest()
    if (!forgeMd(alg)) return n.length > 0
    const h = forge.hmac.create()
    h.start(alg as forge.md.Algorithm, bin(key))
    h.update(bin(PROBE_DATA))
    return n.equals(unbin(h.digest().getBytes()))
  })
}

/** True when native PBKDF2 with the `alg` PRF works and agrees with forge. */
export function nativePbkdf2(alg: HashAlg): boolean {
  return cached(`pbkdf2:${alg}`, () => {
    const n = crypto.pbkdf2Sync(PROBE_DATA, Buffer.alloc(8, 1), 3, 32, alg)
    const md = forgeMd(alg)
    if (!md) return n.length === 32
    return n.equals(unbin(forge.pkcs5.pbkdf2(bin(PROBE_DATA), bin(Buffer.alloc(8, 1)), 3, 32, md)))
  })
}

/** True when the native cipher encrypts like forge and decrypts its own output. */
export function nativeCipherOk(alg: CipherAlg): boolean {
  return cached(`cipher:${alg}`, () => {
    const { key: kl, iv: il } = CIPHER_SIZES[alg]
    const key = Buffer.alloc(kl, 0x5a)
    const iv = Buffer.alloc(il, 0xa5)
    const enc = nativeCipher(alg, true, key, iv, PROBE_DATA)
    if (!nativeCipher(alg, false, key, iv, enc).equals(PROBE_DATA)) return false
    return enc.equals(forgeCipher(alg, true, key, iv, PROBE_DATA))
  })
}

/** Runs every probe: the start-up report (diagnostics, `xgw` and the fallback tests use it). */
export function detectNativeSupport(): NativeSupportReport {
  const map = <K extends string>(keys: readonly K[], f: (k: K) => boolean) =>
    Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, boolean>
  return {
    hashes: map(HASH_ALGS, nativeHash),
    ciphers: map(CIPHER_ALGS, nativeCipherOk),
    pbkdf2: map(HASH_ALGS, nativePbkdf2),
    hmac: map(HASH_ALGS, nativeHmac),
  }
}

export { nativeCipher }

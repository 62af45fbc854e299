/**
 * Which primitives Node's `crypto` really provides here, probed by use rather than by
 * `getCiphers()`: inside Electron the library is BoringSSL, which lacks algorithms OpenSSL has
 * (certificates.md pitfall 1, electron/electron#35972), and plain Node 20 lists `rc2-40-cbc`
 * yet refuses it without the legacy provider. A probe that throws, or disagrees with the
 * known answer (computed with node-forge), marks the feature as "use forge".
 */
import * as crypto from 'node:crypto'
import type Forge from 'node-forge'
import { forge } from './forge-lazy'

export type HashAlg = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
export type CipherAlg = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'des-cbc' | 'rc2-40-cbc' | 'rc2-128-cbc'

export const HASH_ALGS: readonly HashAlg[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']
export const CIPHER_ALGS: readonly CipherAlg[] = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'des-ede3-cbc', 'des-cbc', 'rc2-40-cbc', 'rc2-128-cbc']

/** Key and IV length in bytes for each cipher. */
export const CIPHER_SIZES: Readonly<Record<CipherAlg, { key: number; iv: number }>> = {
  'aes-128-cbc': { key: 16, iv: 16 },
  'aes-192-cbc': { key: 24, iv: 16 },
  'aes-256-cbc': { key: 32, iv: 16 },
  'des-ede3-cbc': { key: 24, iv: 8 },
  'des-cbc': { key: 8, iv: 8 },
  'rc2-40-cbc': { key: 5, iv: 8 },
  'rc2-128-cbc': { key: 16, iv: 8 },
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
export function forgeMd(alg: HashAlg): Forge.md.MessageDigest | undefined {
  switch (alg) {
    case 'md5':
      return forge().md.md5.create()
    case 'sha1':
      return forge().md.sha1.create()
    case 'sha256':
      return forge().md.sha256.create()
    case 'sha384':
      return forge().md.sha384.create()
    case 'sha512':
      return forge().md.sha512.create()
    default:
      return undefined
  }
}

/** Pure-JS cipher through node-forge. `encrypt` false = decrypt; throws on bad padding. */
export function forgeCipher(alg: CipherAlg, encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (alg === 'rc2-40-cbc' || alg === 'rc2-128-cbc') {
    const bits = alg === 'rc2-40-cbc' ? 40 : 128
    const r = encrypt ? forge().rc2.createEncryptionCipher(bin(key), bits) : forge().rc2.createDecryptionCipher(bin(key), bits)
    r.start(bin(iv), null as unknown as Forge.util.ByteBuffer)
    r.update(forge().util.createBuffer(bin(data)))
    if (!r.finish()) throw new Error('bad padding')
    return unbin(r.output.getBytes())
  }
  const name = alg.startsWith('aes') ? 'AES-CBC' : alg === 'des-ede3-cbc' ? '3DES-CBC' : 'DES-CBC'
  const c = encrypt ? forge().cipher.createCipher(name, bin(key)) : forge().cipher.createDecipher(name, bin(key))
  c.start({ iv: bin(iv) })
  c.update(forge().util.createBuffer(bin(data)))
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

/**
 * Known answers for the probes over PROBE_DATA, computed with node-forge (an independent
 * implementation) and checked against OpenSSL's Node when written; SHA-224 has no forge
 * counterpart. Comparing with constants keeps forge unloaded on the native path (issue 12).
 */
const KAT: Readonly<{ hash: Record<HashAlg, string>; hmac: Record<HashAlg, string>; pbkdf2: Record<HashAlg, string>; cipher: Record<CipherAlg, string> }> = {
  hash: {
    md5: 'c390d111a3ef64facc606103754bee6b',
    sha1: 'd9fef11b39829796da6871df5ef609c11ce2b969',
    sha224: 'f5b2d0b68ee747bb22b2f1545a1c46d9e1d6b5d2c37f7350e87d7d23',
    sha256: '8df22ed7cdec6c1134127e61a2c30263e637aa1c923196f911cc366c0ce54458',
    sha384: 'b73c76aa1da249fe9bc6d1ed4f68bc2f8bd2220088f406c93a41030a07a8b485e6d2b9162b9b8ac910d1c1daf71bb0ba',
    sha512: '22dce766ea4fa3d545ee6ed928b7ff736e0944e0ae6d6800e3172f831447d8524a6b37df8bc2d1c0081734c57d91ec88c92000b6c1ae798b9cfd70ee28541137',
  },
  hmac: {
    md5: 'dc0009855b27d7342b031f1e6927fbfc',
    sha1: '8a6ed35aaec4063b6187fa222c12a0cf78971d2b',
    sha224: '25d42ac43b761cb2704963f4e0921dd709e5c6cf9110802401af0280',
    sha256: 'e2a3592ac89b26585884a4e283d93ec2f2784a84e9bd0a0bee61c7057a543844',
    sha384: '73c8ad39c8d615bbc3f1ee4758fb3ad8ba40e1feac45148c1b5a017fc49ae7538fbcfdb15abfda769386b428a834227b',
    sha512: '7b9ada4fcd1d56c1531ede00f8d541a70819532887f21ad71a1f81e105a4ef0073d69119beb5458a14e4d4657d570aa856b81b0d9ce8179b52f20200a1dbb77e',
  },
  pbkdf2: {
    md5: '8047e3d3297e151c849ead714dcf7d56bc868fe9a7490f8b5464de2b5fb4c0cf',
    sha1: '1cdf5817c58ff17ca0144516c23bec6d1c398a54bd84113bde81724a988aba44',
    sha224: 'be5a76a8cdf54a93a1e4cbe644924016c95f5649f1f3b521b1ff23e0a40a4566',
    sha256: '87595f7e7e6ed4dc86f8616fad93cd4aa8ab57189d5f4044a7370e7492f9db8b',
    sha384: '6280ca81b03168b54892013f6d5965d0a81e07f6de424ebffe308272d189c75d',
    sha512: '6a3d754f159d13884fa4822c37538fa98d33706f9a0af1e470cf1f509998e75d',
  },
  cipher: {
    'aes-128-cbc': '137b006c76737b762c4ecbc14fb9699389c7e0b7710f4c33a9df89612d758638f19ed6f6a3ad7eabb1c0d7d55298444908331125244395e7c3476a94deabc5c6',
    'aes-192-cbc': '2ca2d0dd9170ffec2bc460ed5a45712c9e76988ee6e529c573a8fd0a4075e0d74c7dfd45e4436df4974bc45c75e37227e1a899499c02c9a3d7899a295e324f8b',
    'aes-256-cbc': 'ee51c8e9ce2a4eea3d5bcc1e723f38eafe684c6108ab68107f1d2adc933002aade49da71a195cc1228c736f72123c48ea1b49822f642a563a7f51b0949275131',
    'des-ede3-cbc': 'accec2400a40ba70a6155e21468b17a334f39eb3d41be7694676ec2bdfbf302b888da0849d0500ffa07aa88a5f1ae334a1f855f48d821d76',
    'des-cbc': 'accec2400a40ba70a6155e21468b17a334f39eb3d41be7694676ec2bdfbf302b888da0849d0500ffa07aa88a5f1ae334a1f855f48d821d76',
    'rc2-40-cbc': 'c4b359a77414d2c9db46387bf9c107715d8836b8601f5f07daaf46cc38b9ea284cf8372e2b789401cc7b61a2f308f70697ac0ceb6722fb18',
    'rc2-128-cbc': 'bc3d2521e293ff3515aadac9fcee586535bcc71597b8b9d3352378659d87eb115d3d1d341e6bb3e51927854e47222cd3208bf4ca98b3a1d8',
  },
}

/** True when native `crypto` can hash with `alg` and gives the known answer. */
export function nativeHash(alg: HashAlg): boolean {
  return cached(`hash:${alg}`, () => crypto.createHash(alg).update(PROBE_DATA).digest('hex') === KAT.hash[alg])
}

/** True when native HMAC with `alg` works and gives the known answer. */
export function nativeHmac(alg: HashAlg): boolean {
  return cached(`hmac:${alg}`, () => crypto.createHmac(alg, Buffer.alloc(20, 0x0b)).update(PROBE_DATA).digest('hex') === KAT.hmac[alg])
}

/** True when native PBKDF2 with the `alg` PRF works and gives the known answer. */
export function nativePbkdf2(alg: HashAlg): boolean {
  return cached(`pbkdf2:${alg}`, () => crypto.pbkdf2Sync(PROBE_DATA, Buffer.alloc(8, 1), 3, 32, alg).toString('hex') === KAT.pbkdf2[alg])
}

/** True when the native cipher gives the known ciphertext and decrypts its own output. */
export function nativeCipherOk(alg: CipherAlg): boolean {
  return cached(`cipher:${alg}`, () => {
    const { key: kl, iv: il } = CIPHER_SIZES[alg]
    const key = Buffer.alloc(kl, 0x5a)
    const iv = Buffer.alloc(il, 0xa5)
    const enc = nativeCipher(alg, true, key, iv, PROBE_DATA)
    if (!nativeCipher(alg, false, key, iv, enc).equals(PROBE_DATA)) return false
    return enc.toString('hex') === KAT.cipher[alg]
  })
}

/** True when node-forge implements `alg` (it lacks SHA-224), without loading forge. */
export function forgeHasHash(alg: HashAlg): boolean {
  return alg !== 'sha224'
}

/** Runs every probe: the start-up report (diagnostics, `xgw` and the fallback tests use it). */
export function detectNativeSupport(): NativeSupportReport {
  const map = <K extends string>(keys: readonly K[], f: (k: K) => boolean) => Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, boolean>
  return {
    hashes: map(HASH_ALGS, nativeHash),
    ciphers: map(CIPHER_ALGS, nativeCipherOk),
    pbkdf2: map(HASH_ALGS, nativePbkdf2),
    hmac: map(HASH_ALGS, nativeHmac),
  }
}

export { nativeCipher }

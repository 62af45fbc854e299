/**
 * The only place the engine touches cryptographic primitives. Each call uses Node's native
 * `crypto` when native-support.ts found the algorithm working, else node-forge (pure JS), so the
 * engine behaves the same under Electron's BoringSSL (certificates.md pitfall 1). Passing
 * `forceFallback` makes every primitive forge has use forge; tests run both and compare.
 * EC key operations have no forge implementation (pitfall 2) and stay native in both modes.
 */
import * as crypto from 'node:crypto'
import type Forge from 'node-forge'
import { forge } from './forge-lazy'
import { AppError, ErrorCode } from '../../../shared/errors'
import { type CipherAlg, type HashAlg, forgeCipher, forgeHasHash, forgeMd, nativeCipher, nativeCipherOk, nativeHash, nativeHmac, nativePbkdf2 } from './native-support'

export type { CipherAlg, HashAlg } from './native-support'

/** A private key ready to sign, with the public half as SubjectPublicKeyInfo DER. */
export interface PrivateKeyHandle {
  readonly type: 'RSA' | 'EC' | 'DSA' | 'Ed25519' | 'Ed448' | 'unknown'
  readonly bits: number
  readonly curve?: string
  /** SubjectPublicKeyInfo DER of the matching public key. */
  readonly spki: Buffer
  /** Unencrypted PKCS#8 DER. */
  readonly pkcs8: Buffer
  /** Signs `data` (hashing it with `hash`); PKCS#1 v1.5 for RSA, DER ECDSA for EC. */
  sign(hash: HashAlg, data: Buffer): Buffer
}

/** A signature algorithm as far as verification needs it. */
export interface SigAlg {
  readonly kind: 'rsa' | 'rsa-pss' | 'ecdsa' | 'eddsa' | 'dsa'
  readonly hash: HashAlg | null
  readonly saltLength?: number
}

export interface CryptoPrimitives {
  /** 'native' = use native where it works; 'forge' = forced fallback. */
  readonly mode: 'native' | 'forge'
  hash(alg: HashAlg, data: Buffer): Buffer
  hmac(alg: HashAlg, key: Buffer, data: Buffer): Buffer
  pbkdf2(password: Buffer, salt: Buffer, iterations: number, keyLength: number, prf: HashAlg): Buffer
  /** Decrypts CBC with PKCS#7 padding; throws a plain Error on a padding failure. */
  decrypt(alg: CipherAlg, key: Buffer, iv: Buffer, data: Buffer): Buffer
  encrypt(alg: CipherAlg, key: Buffer, iv: Buffer, data: Buffer): Buffer
  random(n: number): Buffer
  /** Imports an unencrypted PKCS#8 DER private key. */
  importPrivateKey(pkcs8: Buffer): PrivateKeyHandle
  /** Verifies a signature with a SubjectPublicKeyInfo DER public key. False on any failure. */
  verify(spki: Buffer, alg: SigAlg, data: Buffer, signature: Buffer): boolean
}

export interface PrimitivesOptions {
  /** Use node-forge for everything it implements (tests; a build whose probes fail). */
  readonly forceFallback?: boolean
}

const bin = (b: Buffer): string => b.toString('binary')
const unbin = (s: string): Buffer => Buffer.from(s, 'binary')

function unsupported(what: string): never {
  throw new AppError(ErrorCode.UnsupportedFormat, `This file uses ${what}, which this installation cannot process.`)
}

function forgeHash(alg: HashAlg, data: Buffer): Buffer {
  const md = forgeMd(alg) ?? unsupported(alg.toUpperCase())
  md.update(bin(data))
  return unbin(md.digest().getBytes())
}

function forgeHmac(alg: HashAlg, key: Buffer, data: Buffer): Buffer {
  if (!forgeMd(alg)) unsupported(`HMAC-${alg.toUpperCase()}`)
  const h = forge().hmac.create()
  h.start(alg as Forge.md.Algorithm, bin(key))
  h.update(bin(data))
  return unbin(h.digest().getBytes())
}

function forgePbkdf2(pw: Buffer, salt: Buffer, iter: number, len: number, prf: HashAlg): Buffer {
  // An md object (not a name) keeps forge on its pure-JS path (certificates.md §3 notes).
  const md = forgeMd(prf) ?? unsupported(`PBKDF2 with HMAC-${prf.toUpperCase()}`)
  return unbin(forge().pkcs5.pbkdf2(bin(pw), bin(salt), iter, len, md))
}

function keyDetails(k: crypto.KeyObject): { type: PrivateKeyHandle['type']; bits: number; curve?: string } {
  const t = k.asymmetricKeyType
  const d = k.asymmetricKeyDetails ?? {}
  if (t === 'rsa' || t === 'rsa-pss') return { type: 'RSA', bits: d.modulusLength ?? 0 }
  if (t === 'ec') {
    const curve = d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : d.namedCurve === 'secp521r1' ? 'P-521' : (d.namedCurve ?? '')
    const bits = curve === 'P-256' ? 256 : curve === 'P-384' ? 384 : curve === 'P-521' ? 521 : 0
    return { type: 'EC', bits, curve }
  }
  if (t === 'dsa') return { type: 'DSA', bits: d.modulusLength ?? 0 }
  if (t === 'ed25519') return { type: 'Ed25519', bits: 256 }
  if (t === 'ed448') return { type: 'Ed448', bits: 456 }
  return { type: 'unknown', bits: 0 }
}

function nativeImport(pkcs8: Buffer): PrivateKeyHandle {
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  const spki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' })
  const d = keyDetails(key)
  return {
    ...d,
    spki,
    pkcs8,
    sign: (hash, data) => (d.type === 'Ed25519' || d.type === 'Ed448' ? crypto.sign(null, data, key) : crypto.sign(hash, data, key)),
  }
}

function forgeImport(pkcs8: Buffer): PrivateKeyHandle {
  let key: Forge.pki.rsa.PrivateKey
  try {
    key = forge().pki.privateKeyFromAsn1(forge().asn1.fromDer(bin(pkcs8)))
  } catch {
    unsupported('a key type node-forge cannot read (only RSA)')
  }
  if (!key || !key.n) unsupported('a key type node-forge cannot read (only RSA)')
  const pub = forge().pki.setRsaPublicKey(key.n, key.e)
  const spki = unbin(forge().asn1.toDer(forge().pki.publicKeyToAsn1(pub)).getBytes())
  return {
    type: 'RSA',
    bits: key.n.bitLength(),
    spki,
    pkcs8,
    sign: (hash, data) => {
      const md = forgeMd(hash) ?? unsupported(hash)
      md.update(bin(data))
      return unbin(key.sign(md))
    },
  }
}

function forgeVerify(spki: Buffer, alg: SigAlg, data: Buffer, sig: Buffer): boolean {
  if (alg.kind !== 'rsa' || !alg.hash) return false
  const pub = forge().pki.publicKeyFromAsn1(forge().asn1.fromDer(bin(spki)))
  const md = forgeMd(alg.hash)
  if (!md) return false
  md.update(bin(data))
  return pub.verify(md.digest().getBytes(), bin(sig))
}

function nativeVerify(spki: Buffer, alg: SigAlg, data: Buffer, sig: Buffer): boolean {
  const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' })
  if (alg.kind === 'eddsa') return crypto.verify(null, data, key, sig)
  if (alg.kind === 'rsa-pss') {
    return crypto.verify(alg.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength ?? 20 }, sig)
  }
  return crypto.verify(alg.hash, data, key, sig)
}

/** Builds the primitive set. No probing happens until a primitive is first used. */
export function createPrimitives(opts: PrimitivesOptions = {}): CryptoPrimitives {
  const forced = !!opts.forceFallback
  // A primitive goes native when not forced and its probe passed; forge lacks SHA-224, which
  // therefore stays native even when forced.
  const useNative = (probe: () => boolean, forgeHas: boolean) => (forced && forgeHas ? false : probe())
  return {
    mode: forced ? 'forge' : 'native',
    hash(alg, data) {
      return useNative(() => nativeHash(alg), forgeHasHash(alg)) ? crypto.createHash(alg).update(data).digest() : forgeHash(alg, data)
    },
    hmac(alg, key, data) {
      return useNative(() => nativeHmac(alg), forgeHasHash(alg)) ? crypto.createHmac(alg, key).update(data).digest() : forgeHmac(alg, key, data)
    },
    pbkdf2(pw, salt, iter, len, prf) {
      return useNative(() => nativePbkdf2(prf), forgeHasHash(prf)) ? crypto.pbkdf2Sync(pw, salt, iter, len, prf) : forgePbkdf2(pw, salt, iter, len, prf)
    },
    decrypt(alg, key, iv, data) {
      return useNative(() => nativeCipherOk(alg), true) ? nativeCipher(alg, false, key, iv, data) : forgeCipher(alg, false, key, iv, data)
    },
    encrypt(alg, key, iv, data) {
      return useNative(() => nativeCipherOk(alg), true) ? nativeCipher(alg, true, key, iv, data) : forgeCipher(alg, true, key, iv, data)
    },
    random: (n) => crypto.randomBytes(n),
    importPrivateKey(pkcs8) {
      if (forced) {
        // RSA through forge; forge has no EC (pitfall 2), so other types stay native.
        try {
          return forgeImport(pkcs8)
        } catch (e) {
          if (!(e instanceof AppError)) throw e
        }
      }
      try {
        return nativeImport(pkcs8)
      } catch {
        // Native key import can be missing an algorithm under BoringSSL (pitfall 1): try forge.
        return forgeImport(pkcs8)
      }
    },
    verify(spki, alg, data, sig) {
      try {
        if (forced && alg.kind === 'rsa') return forgeVerify(spki, alg, data, sig)
        return nativeVerify(spki, alg, data, sig)
      } catch {
        try {
          return forgeVerify(spki, alg, data, sig)
        } catch {
          return false
        }
      }
    },
  }
}

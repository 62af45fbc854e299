/**
 * Password-based encryption for PKCS#12 bags and encrypted PKCS#8 keys:
 * PKCS#12 PBE with its own KDF (RFC 7292 Appendix B/C: 3DES, 2-key 3DES, RC2-40, RC2-128) and
 * PBES2 (RFC 8018: PBKDF2 with HMAC-SHA1..512, AES-CBC, 3DES, DES, RC2).
 *
 * Password bytes differ by scheme (certificates.md pitfall 4): the PKCS#12 KDF takes a
 * BMPString (UTF-16BE plus 00 00), PBKDF2 takes UTF-8 as OpenSSL writes it. An *absent*
 * password is no bytes at all, `""` is 00 00 in the KDF (pitfall 5). JSafe wrote PBES2 bags
 * with ISO-8859-1 bytes (vectors README), so a Latin-1 spelling is tried after UTF-8.
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Tag, expect, integer, isUniversal, nullValue, octetString, oid, oidOf, seq, seqOf, smallInt } from './asn1'
import { iterateDigests } from './iterated-hash'
import { CIPHER_SIZES } from './native-support'
import { OID } from './oids'
import type { CipherAlg, CryptoPrimitives, HashAlg } from './primitives'

/** Highest KDF iteration count we run: above Firefox's 600 000 (vectors), bounded against DoS (pitfall 18). */
export const MAX_ITERATIONS = 2_000_000

/** One way of spelling the password as bytes for each scheme. */
export interface PasswordForm {
  /** For the PKCS#12 KDF: BMPString with terminator, or empty for an absent password. */
  readonly bmp: Buffer
  /** For PBKDF2 / PBES2 / PBMAC1: UTF-8 (or a Latin-1 retry). */
  readonly pbkdf: readonly Buffer[]
  readonly absent: boolean
}

/** BMPString bytes of a password with the two-zero terminator (RFC 7292 B.1). */
export function bmpPassword(pw: string): Buffer {
  const b = Buffer.from(`${pw}\u0000`, 'utf16le')
  b.swap16()
  return b
}

/** The password spellings worth trying, in order. `undefined` = none given: absent then "". */
export function passwordForms(pw: string | null | undefined): PasswordForm[] {
  const forms = (p: string): PasswordForm => {
    const utf8 = Buffer.from(p, 'utf8')
    const pbkdf = [utf8]
    // eslint-disable-next-line no-control-regex -- Latin-1 starts at U+0000: "does the whole password fit in Latin-1"
    if (/[\u0080-\u00ff]/.test(p) && !/[^\u0000-\u00ff]/.test(p)) pbkdf.push(Buffer.from(p, 'latin1'))
    return { bmp: bmpPassword(p), pbkdf, absent: false }
  }
  const absent: PasswordForm = { bmp: Buffer.alloc(0), pbkdf: [Buffer.alloc(0)], absent: true }
  if (pw === undefined || pw === null) return [absent, forms('')]
  if (pw === '') return [forms(''), absent]
  return [forms(pw)]
}

function malformed(what: string): never {
  throw new AppError(ErrorCode.Malformed, `The file is damaged (${what}).`)
}
function unsupported(what: string): never {
  throw new AppError(ErrorCode.UnsupportedFormat, `The file is protected with ${what}, which is not supported.`)
}

/** Checks an iteration count against the cap. */
export function checkIterations(n: number): number {
  if (n < 1) malformed('iteration count below 1')
  if (n > MAX_ITERATIONS) {
    throw new AppError(ErrorCode.TooLarge, `The file asks for ${n} key-derivation iterations; the limit is ${MAX_ITERATIONS}.`)
  }
  return n
}

const HASH_BLOCK: Readonly<Record<HashAlg, { u: number; v: number }>> = {
  md5: { u: 16, v: 64 },
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
}

/**
 * Derived keys remembered for the duration of one synchronous `withDerivedKeyMemo` call: an
 * export reads its own PFX back to check it, and deriving every key a second time doubled the
 * cost of an export (issue 12). The memo lives only inside that call and is wiped after it.
 */
let memo: Map<string, Buffer> | null = null

/** Runs `fn` with derived keys remembered across its derivations; the keys are zeroed afterwards. */
export function withDerivedKeyMemo<T>(fn: () => T): T {
  if (memo) return fn()
  memo = new Map()
  try {
    return fn()
  } finally {
    for (const k of memo.values()) k.fill(0)
    memo = null
  }
}

function memoKey(kind: string, parts: readonly (Buffer | string | number)[]): string {
  return `${kind}|${parts.map((x) => (Buffer.isBuffer(x) ? x.toString('hex') : String(x))).join('|')}`
}

function remembered(key: string, derive: () => Buffer): Buffer {
  if (!memo) return derive()
  let v = memo.get(key)
  if (!v) memo.set(key, (v = derive()))
  return Buffer.from(v)
}

/** PBKDF2 through the primitives, remembered inside withDerivedKeyMemo. */
export function pbkdf2(p: CryptoPrimitives, password: Buffer, salt: Buffer, iterations: number, keyLength: number, prf: HashAlg): Buffer {
  return remembered(memoKey('pbkdf2', [p.mode, prf, iterations, keyLength, salt, password]), () => p.pbkdf2(password, salt, iterations, keyLength, prf))
}

/** One PKCS#12 key derivation (RFC 7292 Appendix B.2): id 1 = key, 2 = IV, 3 = MAC key; `n` bytes. */
export interface P12Derivation {
  readonly hash: HashAlg
  readonly password: Buffer
  readonly salt: Buffer
  readonly id: number
  readonly iterations: number
  readonly n: number
}

const p12MemoKey = (p: CryptoPrimitives, d: P12Derivation) => memoKey('pkcs12', [p.mode, d.hash, d.id, d.iterations, d.n, d.salt, d.password])

/** The PKCS#12 key derivation (RFC 7292 Appendix B.2). id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(p: CryptoPrimitives, hash: HashAlg, password: Buffer, salt: Buffer, id: number, iterations: number, n: number): Buffer {
  return derivePkcs12(p, { hash, password, salt, id, iterations, n })
}

/** One derivation, remembered inside withDerivedKeyMemo (where prederivePkcs12 may have made it already). */
export function derivePkcs12(p: CryptoPrimitives, d: P12Derivation): Buffer {
  return remembered(p12MemoKey(p, d), () => deriveP12(p, [d])[0]!)
}

/**
 * Derives several PKCS#12 keys together into the memo of the running withDerivedKeyMemo, where
 * pkcs12Kdf then finds them. A PFX's derivations (its MAC key, each bag's key and IV) are
 * independent hash chains; SHA-1 chains run two side by side (iterated-hash.ts), which takes
 * less time than one after the other, how much less depending on the CPU. Outside
 * withDerivedKeyMemo it does nothing: nothing would keep the keys.
 */
export function prederivePkcs12(p: CryptoPrimitives, ds: readonly P12Derivation[]): void {
  const m = memo
  if (!m) return
  const todo = new Map<string, P12Derivation>()
  for (const d of ds) {
    const key = p12MemoKey(p, d)
    if (!m.has(key)) todo.set(key, d)
  }
  const keys = [...todo.keys()]
  deriveP12(p, [...todo.values()]).forEach((k, i) => m.set(keys[i]!, k))
}

function fillTo(v: number, src: Buffer): Buffer {
  if (src.length === 0) return Buffer.alloc(0)
  const len = v * Math.ceil(src.length / v)
  const out = Buffer.alloc(len)
  for (let i = 0; i < len; i++) out[i] = src[i % src.length]!
  return out
}

/**
 * The derivations block by block: each round hashes D || I of every unfinished derivation, runs
 * the hash chains of the same algorithm and count together, then updates I for the next block
 * (the second block of a 3DES key depends on the first).
 */
function deriveP12(p: CryptoPrimitives, ds: readonly P12Derivation[]): Buffer[] {
  const state = ds.map((d) => {
    const { u, v } = HASH_BLOCK[d.hash]
    return { d, u, v, D: Buffer.alloc(v, d.id), I: Buffer.concat([fillTo(v, d.salt), fillTo(v, d.password)]), out: Buffer.alloc(d.n), filled: 0 }
  })
  let open = state.filter((s) => s.d.n > 0)
  while (open.length) {
    const A = open.map((s) => p.hash(s.d.hash, Buffer.concat([s.D, s.I])))
    const chains = new Map<string, number[]>()
    open.forEach((s, i) => {
      const key = `${s.d.hash}|${s.d.iterations}`
      chains.set(key, [...(chains.get(key) ?? []), i])
    })
    for (const members of chains.values()) {
      const { hash, iterations } = open[members[0]!]!.d
      const fast = iterateDigests(
        hash,
        members.map((i) => A[i]!),
        iterations - 1,
      )
      members.forEach((i, j) => {
        if (fast) A[i] = fast[j]!
        else for (let r = 1; r < iterations; r++) A[i] = p.hash(hash, A[i]!)
      })
    }
    open.forEach((s, i) => {
      const a = A[i]!
      a.copy(s.out, s.filled, 0, Math.min(s.u, s.d.n - s.filled))
      s.filled += s.u
      if (s.filled >= s.d.n) return
      const B = fillTo(s.v, a).subarray(0, s.v)
      for (let j = 0; j < s.I.length; j += s.v) {
        let carry = 1
        for (let k = s.v - 1; k >= 0; k--) {
          carry += s.I[j + k]! + B[k]!
          s.I[j + k] = carry & 0xff
          carry >>= 8
        }
      }
    })
    open = open.filter((s) => s.filled < s.d.n)
  }
  return state.map((s) => s.out)
}

const PKCS12_PBE: Readonly<Record<string, { cipher: CipherAlg; keyLen: number } | null>> = {
  [OID.pbeSha1TripleDes]: { cipher: 'des-ede3-cbc', keyLen: 24 },
  [OID.pbeSha1TwoKeyDes]: { cipher: 'des-ede3-cbc', keyLen: 16 },
  [OID.pbeSha1Rc2_40]: { cipher: 'rc2-40-cbc', keyLen: 5 },
  [OID.pbeSha1Rc2_128]: { cipher: 'rc2-128-cbc', keyLen: 16 },
  [OID.pbeSha1Rc4_128]: null,
  [OID.pbeSha1Rc4_40]: null,
}

export const PRF_BY_OID: Readonly<Record<string, HashAlg>> = {
  [OID.hmacSha1]: 'sha1',
  [OID.hmacSha224]: 'sha224',
  [OID.hmacSha256]: 'sha256',
  [OID.hmacSha384]: 'sha384',
  [OID.hmacSha512]: 'sha512',
}
const PRF_OID: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(PRF_BY_OID).map(([k, v]) => [v, k]))

const CIPHER_BY_OID: Readonly<Record<string, CipherAlg>> = {
  [OID.aes128Cbc]: 'aes-128-cbc',
  [OID.aes192Cbc]: 'aes-192-cbc',
  [OID.aes256Cbc]: 'aes-256-cbc',
  [OID.desEde3Cbc]: 'des-ede3-cbc',
  [OID.desCbc]: 'des-cbc',
}

/** Human-readable algorithm for diagnostics, e.g. "PBES2 AES-256-CBC / PBKDF2-HMAC-SHA256, 2048 iterations". */
export function describeAlgorithm(algId: Asn1): string {
  try {
    const [o, params] = seqOf(algId, 'algorithm')
    const id = oidOf(o)
    if (PKCS12_PBE[id] !== undefined) {
      const [, it] = seqOf(params, 'PBE parameters')
      const name =
        { [OID.pbeSha1TripleDes]: 'pbeWithSHA1And3-KeyTripleDES-CBC', [OID.pbeSha1Rc2_40]: 'pbeWithSHA1And40BitRC2-CBC', [OID.pbeSha1Rc2_128]: 'pbeWithSHA1And128BitRC2-CBC', [OID.pbeSha1TwoKeyDes]: 'pbeWithSHA1And2-KeyTripleDES-CBC' }[
          id
        ] ?? id
      return `${name}, ${smallInt(it, 'iterations')} iterations`
    }
    if (id === OID.pbes2) {
      const s = pbes2Params(params)
      return `PBES2 ${s.cipher.toUpperCase()} / PBKDF2-HMAC-${s.prf.toUpperCase()}, ${s.iterations} iterations`
    }
    return id
  } catch {
    return 'unknown'
  }
}

interface Pbes2 {
  salt: Buffer
  iterations: number
  keyLength: number | null
  prf: HashAlg
  cipher: CipherAlg
  iv: Buffer
}

function pbes2Params(params: Asn1 | undefined): Pbes2 {
  const [kdf, enc] = seqOf(params, 'PBES2 parameters')
  const [kdfOid, kdfParams] = seqOf(kdf, 'key derivation function')
  if (oidOf(kdfOid) !== OID.pbkdf2) unsupported('a key derivation other than PBKDF2')
  const kp = seqOf(kdfParams, 'PBKDF2 parameters')
  const salt = expect(kp[0], Tag.OctetString, 'PBKDF2 salt').content
  const iterations = smallInt(kp[1], 'PBKDF2 iteration count')
  let idx = 2
  let keyLength: number | null = null
  if (isUniversal(kp[idx], Tag.Integer)) keyLength = smallInt(kp[idx++], 'PBKDF2 key length')
  let prf: HashAlg = 'sha1'
  if (kp[idx]) {
    const prfOid = oidOf(seqOf(kp[idx], 'PBKDF2 PRF')[0])
    prf = PRF_BY_OID[prfOid] ?? unsupported(`the PBKDF2 PRF ${prfOid}`)
  }
  const [encOid, encParams] = seqOf(enc, 'encryption scheme')
  const eid = oidOf(encOid)
  let cipher = CIPHER_BY_OID[eid]
  let iv: Buffer
  if (eid === OID.rc2Cbc) {
    // RC2-CBC-Parameter: version (58 = 128-bit, 160 = 40-bit) and IV.
    const rp = seqOf(encParams, 'RC2 parameters')
    const version = rp.length === 2 ? smallInt(rp[0], 'RC2 version') : 32
    cipher = version === 160 ? 'rc2-40-cbc' : version === 58 ? 'rc2-128-cbc' : unsupported('an RC2 key size other than 40 or 128 bits')
    iv = expect(rp[rp.length - 1], Tag.OctetString, 'RC2 IV').content
  } else {
    if (!cipher) unsupported(`the cipher ${eid}`)
    iv = expect(encParams, Tag.OctetString, 'cipher IV').content
  }
  if (iv.length !== CIPHER_SIZES[cipher].iv) malformed('IV of the wrong length')
  return { salt, iterations, keyLength, prf, cipher, iv }
}

/** True when the AlgorithmIdentifier is a password-based scheme we know. */
export function isPbeAlgorithm(algId: Asn1): boolean {
  try {
    const id = oidOf(seqOf(algId, 'algorithm')[0])
    return id === OID.pbes2 || id in PKCS12_PBE || id === OID.pbeSha1Des || id === OID.pbeMd5Des
  } catch {
    return false
  }
}

/** The key and IV derivations of a PKCS#12 PBE algorithm (RFC 7292 Appendix C) with this password spelling. */
function pkcs12PbeDerivations(pbe: { keyLen: number }, params: Asn1 | undefined, form: PasswordForm): [P12Derivation, P12Derivation] {
  const [saltN, itN] = seqOf(params, 'PBE parameters')
  const salt = expect(saltN, Tag.OctetString, 'PBE salt').content
  const iterations = checkIterations(smallInt(itN, 'PBE iteration count'))
  const base = { hash: 'sha1', password: form.bmp, salt, iterations } as const
  return [
    { ...base, id: 1, n: pbe.keyLen },
    { ...base, id: 2, n: 8 },
  ]
}

/**
 * The PKCS#12 derivations decrypting with `algId` will ask for, read before anything is
 * decrypted (for prederivePkcs12). Empty for PBES2 (PBKDF2 is native) and for anything
 * unreadable: pbeDecrypt then reports it.
 */
export function pbeDerivations(algId: Asn1, form: PasswordForm): P12Derivation[] {
  try {
    const [o, params] = seqOf(algId, 'encryption algorithm')
    const pbe = PKCS12_PBE[oidOf(o)]
    return pbe ? pkcs12PbeDerivations(pbe, params, form) : []
  } catch {
    return []
  }
}

/**
 * Decrypts data protected by a password-based AlgorithmIdentifier. Returns null when every
 * password spelling fails the padding check or `accept` (the caller's structural check of the
 * plaintext), so the caller can report WRONG_PASSWORD.
 */
export function pbeDecrypt(p: CryptoPrimitives, algId: Asn1, form: PasswordForm, data: Buffer, accept: (plain: Buffer) => boolean): Buffer | null {
  const [o, params] = seqOf(algId, 'encryption algorithm')
  const id = oidOf(o)
  const attempt = (cipher: CipherAlg, key: Buffer, iv: Buffer): Buffer | null => {
    try {
      const plain = p.decrypt(cipher, key, iv, data)
      return accept(plain) ? plain : null
    } catch (e) {
      if (e instanceof AppError) throw e
      return null
    }
  }
  const pbe = PKCS12_PBE[id]
  if (pbe !== undefined) {
    if (pbe === null) unsupported('RC4')
    const [keyD, ivD] = pkcs12PbeDerivations(pbe, params, form)
    if (data.length === 0 || data.length % 8) return null
    let key = derivePkcs12(p, keyD)
    if (pbe.keyLen === 16 && pbe.cipher === 'des-ede3-cbc') key = Buffer.concat([key, key.subarray(0, 8)])
    const iv = derivePkcs12(p, ivD)
    return attempt(pbe.cipher, key, iv)
  }
  if (id === OID.pbes2) {
    const s = pbes2Params(params)
    checkIterations(s.iterations)
    const keyLen = s.keyLength ?? CIPHER_SIZES[s.cipher].key
    if (keyLen !== CIPHER_SIZES[s.cipher].key) malformed('PBES2 key length does not fit the cipher')
    for (const pw of form.pbkdf) {
      const key = pbkdf2(p, pw, s.salt, s.iterations, keyLen, s.prf)
      const r = attempt(s.cipher, key, s.iv)
      if (r) return r
    }
    return null
  }
  return unsupported(`the algorithm ${id}`)
}

/** The encryption profiles our writers use (pkcs12-writer.ts, keys.ts). */
export type PbeProfile = 'pbe-sha1-3des' | 'pbes2-aes256-sha256'

/** Encrypts with a fresh salt (and IV) and returns [AlgorithmIdentifier DER, ciphertext]. */
export function pbeEncrypt(p: CryptoPrimitives, profile: PbeProfile, password: string | null, data: Buffer, iterations = 2048): [Buffer, Buffer] {
  const salt = p.random(profile === 'pbe-sha1-3des' ? 8 : 16)
  if (profile === 'pbe-sha1-3des') {
    const bmpPw = password === null ? Buffer.alloc(0) : bmpPassword(password)
    const key = pkcs12Kdf(p, 'sha1', bmpPw, salt, 1, iterations, 24)
    const iv = pkcs12Kdf(p, 'sha1', bmpPw, salt, 2, iterations, 8)
    const alg = seq(oid(OID.pbeSha1TripleDes), seq(octetString(salt), integer(iterations)))
    return [alg, p.encrypt('des-ede3-cbc', key, iv, data)]
  }
  const iv = p.random(16)
  const key = pbkdf2(p, Buffer.from(password ?? '', 'utf8'), salt, iterations, 32, 'sha256')
  const alg = seq(oid(OID.pbes2), seq(seq(oid(OID.pbkdf2), seq(octetString(salt), integer(iterations), seq(oid(PRF_OID.sha256!), nullValue()))), seq(oid(OID.aes256Cbc), octetString(iv))))
  return [alg, p.encrypt('aes-256-cbc', key, iv, data)]
}

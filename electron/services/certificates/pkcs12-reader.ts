/**
 * PKCS#12 / PFX reader (RFC 7292) with RFC 9579 PBMAC1.
 *
 * Order of work: the whole structure is checked first (so damage is MALFORMED, never a
 * misleading "wrong password": vectors README, malformed/*), then the MAC over the exact
 * authSafe octets we read (BER included), trying the password spellings of pbe.ts (absent vs
 * "", pitfall 5), then the bags are decrypted with the spelling that verified. A failed MAC
 * is WRONG_PASSWORD worded "wrong password or damaged file" (pitfall 6). Nothing here trusts
 * bag order or localKeyID for pairing (pitfall 8): the caller pairs keys cryptographically.
 * Unknown bag attributes such as the Microsoft CSP name are kept (pitfall 19).
 */
import { timingSafeEqual } from 'node:crypto'
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Tag, expect, isContext, isUniversal, octets, oidOf, parse, seqOf, smallInt } from './asn1'
import { decodeString } from './dn'
import { isPkcs8 } from './keys'
import { OID } from './oids'
import { type P12Derivation, type PasswordForm, PRF_BY_OID, MAX_ITERATIONS, checkIterations, describeAlgorithm, passwordForms, pbeDecrypt, pbeDerivations, pbkdf2, derivePkcs12, prederivePkcs12, withDerivedKeyMemo } from './pbe'
import type { CryptoPrimitives, HashAlg } from './primitives'

/** A bag attribute we keep as-is (friendlyName, localKeyID, MS CSP name, anything else). */
export interface BagAttribute {
  readonly oid: string
  /** DER of the attribute's value SET, for writing it back. */
  readonly valuesDer: Buffer
}

export interface Pkcs12CertBag {
  readonly der: Buffer
  readonly friendlyName?: string
  readonly localKeyId?: string
  readonly attributes: readonly BagAttribute[]
}

export interface Pkcs12KeyBag {
  readonly pkcs8: Buffer
  readonly friendlyName?: string
  readonly localKeyId?: string
  readonly cspName?: string
  readonly shrouded: boolean
  readonly attributes: readonly BagAttribute[]
}

/** How the file is protected, for the certificate card and the NO_MAC finding. */
export interface Pkcs12Info {
  /** 'sha1', 'sha256', … , 'PBMAC1/HMAC-SHA256', or null when the file has no MAC. */
  readonly mac: string | null
  readonly macIterations: number | null
  readonly certEncryption: readonly string[]
  readonly keyEncryption: readonly string[]
  /** Which password spelling opened it. */
  readonly password: 'given' | 'empty' | 'absent'
}

export interface Pkcs12Contents {
  readonly certs: readonly Pkcs12CertBag[]
  readonly keys: readonly Pkcs12KeyBag[]
  readonly info: Pkcs12Info
}

const LIMITS = { maxDepth: 32, maxNodes: 100_000 }
const MAX_BAG_NESTING = 4

function malformed(what: string): never {
  throw new AppError(ErrorCode.Malformed, `The PFX file is damaged or not a PKCS#12 file (${what}).`)
}
function wrongPassword(): never {
  throw new AppError(ErrorCode.WrongPassword, 'Wrong password or damaged file: the PFX integrity check (MAC) failed. A damaged file and a wrong password look the same.')
}
function passwordRequired(): never {
  throw new AppError(ErrorCode.PasswordRequired, 'This PFX file is password-protected: enter its password.')
}

/** True when the DER element looks like a PFX (version 3, ContentInfo), for format detection. */
export function looksLikePfx(n: Asn1): boolean {
  const c = n.children
  return isUniversal(n, Tag.Sequence) && (c.length === 2 || c.length === 3) && isUniversal(c[0], Tag.Integer) && c[0].content.length === 1 && c[0].content[0] === 3 && isUniversal(c[1], Tag.Sequence)
}

/** Content of a ContentInfo [0] EXPLICIT; MALFORMED when absent (authsafe-missing-content). */
function contentInfo(n: Asn1 | undefined, what: string): { type: string; content: Asn1 } {
  const [t, c] = seqOf(n, what)
  const type = oidOf(t, `${what} type`)
  if (!isContext(c, 0) || c.children.length !== 1) malformed(`${what} has no content`)
  return { type, content: c.children[0]! }
}

interface EncryptedPart {
  readonly alg: Asn1
  readonly data: Buffer
}
type SafePart = { readonly kind: 'plain'; readonly bytes: Buffer } | { readonly kind: 'encrypted'; readonly enc: EncryptedPart }

function readAuthSafe(authSafe: Buffer): SafePart[] {
  return seqOf(parse(authSafe, LIMITS), 'authenticated safe').map((ci) => {
    const { type, content } = contentInfo(ci, 'content')
    if (type === OID.data) return { kind: 'plain', bytes: octets(expect(content, Tag.OctetString, 'safe contents')) }
    if (type === OID.encryptedData) {
      const [version, eci] = seqOf(content, 'encrypted data')
      smallInt(version, 'encrypted data version')
      const parts = seqOf(eci, 'encrypted content info')
      oidOf(parts[0], 'encrypted content type')
      const alg = expect(parts[1], Tag.Sequence, 'content encryption algorithm')
      const enc = parts[2]
      if (!isContext(enc, 0)) malformed('encrypted data has no content')
      return { kind: 'encrypted', enc: { alg, data: octets(enc) } }
    }
    if (type === '1.2.840.113549.1.7.3') {
      throw new AppError(ErrorCode.UnsupportedFormat, 'This PFX is encrypted to a certificate (public-key privacy mode), not with a password.')
    }
    return malformed(`unknown content type ${type}`)
  })
}

const HASH_BY_OID: Readonly<Record<string, HashAlg>> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  [OID.md5]: 'md5',
}
const HASH_LEN: Readonly<Record<HashAlg, number>> = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }

interface MacCheck {
  readonly name: string
  readonly iterations: number
  verify(form: PasswordForm): boolean
  /** The PKCS#12 derivation verify will ask for (none for PBMAC1: PBKDF2 is native). */
  derivations(form: PasswordForm): P12Derivation[]
}

function macCheck(p: CryptoPrimitives, macData: Asn1, authSafe: Buffer): MacCheck {
  const parts = seqOf(macData, 'MAC data')
  const [digestAlg, digestN] = seqOf(parts[0], 'MAC digest info')
  const digest = expect(digestN, Tag.OctetString, 'MAC value').content
  const [algOid, algParams] = seqOf(digestAlg, 'MAC algorithm')
  const alg = oidOf(algOid)
  const salt = expect(parts[1], Tag.OctetString, 'MAC salt').content
  const iterations = parts[2] ? smallInt(parts[2], 'MAC iteration count') : 1
  const equal = (a: Buffer) => a.length === digest.length && timingSafeEqual(a, digest)
  if (alg === OID.pbmac1) {
    // RFC 9579: PBKDF2 over the UTF-8 password; the PBKDF2 salt and count are used, MacData's ignored.
    const [kdf, scheme] = seqOf(algParams, 'PBMAC1 parameters')
    const [kdfOid, kdfParams] = seqOf(kdf, 'PBMAC1 key derivation')
    if (oidOf(kdfOid) !== OID.pbkdf2) malformed('PBMAC1 without PBKDF2')
    const kp = seqOf(kdfParams, 'PBKDF2 parameters')
    const kSalt = expect(kp[0], Tag.OctetString, 'PBKDF2 salt').content
    const kIter = checkIterations(smallInt(kp[1], 'PBKDF2 iterations'))
    // keyLength is mandatory in PBMAC1 (RFC 9579 §3); rfc9579-a6 omits it.
    if (!isUniversal(kp[2], Tag.Integer)) malformed('PBMAC1 key length missing')
    const keyLength = smallInt(kp[2], 'PBMAC1 key length')
    const prfOid = kp[3] ? oidOf(seqOf(kp[3], 'PBKDF2 PRF')[0]) : OID.hmacSha1
    const prf = PRF_BY_OID[prfOid]
    const macHash = PRF_BY_OID[oidOf(seqOf(scheme, 'PBMAC1 MAC scheme')[0])]
    if (!prf || !macHash) throw new AppError(ErrorCode.UnsupportedFormat, 'This PFX uses a PBMAC1 algorithm that is not supported.')
    // A key shorter than the HMAC output lets a forged MAC verify under any password
    // (go-pkcs12 "short key auth bypass"): refuse it as malformed.
    if (keyLength < HASH_LEN[macHash]) malformed(`PBMAC1 key length ${keyLength} is shorter than the HMAC output`)
    if (digest.length !== HASH_LEN[macHash]) malformed('PBMAC1 MAC value of the wrong length')
    return {
      name: `PBMAC1/HMAC-${macHash.toUpperCase()}`,
      iterations: kIter,
      verify: (form) => form.pbkdf.slice(0, 1).some((pw) => equal(p.hmac(macHash, pbkdf2(p, pw, kSalt, kIter, keyLength, prf), authSafe))),
      derivations: () => [],
    }
  }
  const hash = HASH_BY_OID[alg]
  if (!hash) throw new AppError(ErrorCode.UnsupportedFormat, `This PFX uses the MAC algorithm ${alg}, which is not supported.`)
  checkIterations(iterations)
  const macKey = (form: PasswordForm): P12Derivation => ({ hash, password: form.bmp, salt, id: 3, iterations, n: HASH_LEN[hash] })
  return {
    name: hash,
    iterations,
    verify: (form) => equal(p.hmac(hash, derivePkcs12(p, macKey(form)), authSafe)),
    derivations: (form) => [macKey(form)],
  }
}

function attributes(set: Asn1 | undefined): { attrs: BagAttribute[]; friendlyName?: string; localKeyId?: string; cspName?: string } {
  const attrs: BagAttribute[] = []
  let friendlyName: string | undefined
  let localKeyId: string | undefined
  let cspName: string | undefined
  if (!set) return { attrs }
  for (const a of seqOf(set, 'bag attributes', Tag.Set)) {
    const [o, values] = seqOf(a, 'bag attribute')
    const id = oidOf(o)
    const vs = expect(values, Tag.Set, 'attribute values')
    attrs.push({ oid: id, valuesDer: vs.bytes })
    const first = vs.children[0]
    if (!first) continue
    if (id === OID.friendlyName) friendlyName = decodeString(first) ?? undefined
    else if (id === OID.msCspName) cspName = decodeString(first) ?? undefined
    else if (id === OID.localKeyId && isUniversal(first, Tag.OctetString)) localKeyId = first.content.toString('hex').toUpperCase()
  }
  return { attrs, friendlyName, localKeyId, cspName }
}

interface Walk {
  certs: Pkcs12CertBag[]
  keys: Pkcs12KeyBag[]
  keyEnc: string[]
  budget: WorkBudget
}

/**
 * Key-derivation work one file may ask for, summed over every decryption attempt (iterations x
 * bags x password spellings): two derivations at the iteration cap. A real PFX needs three
 * (MAC, certificates, key) at a few thousand each; a crafted one without a MAC and with many key
 * bags at the cap would otherwise run for minutes.
 */
export const PFX_WORK_BUDGET = 2 * MAX_ITERATIONS

interface WorkBudget {
  spent: number
}

/** The iteration count an encryption AlgorithmIdentifier declares (the first INTEGER in its parameters), 0 if none. */
function declaredIterations(alg: Asn1): number {
  const stack = [...alg.children.slice(1)]
  for (let seen = 0; stack.length && seen < 32; seen++) {
    const n: Asn1 = stack.shift()!
    if (n.cls === 0 && n.tagNo === Tag.Integer && !n.constructed) return n.content.length > 6 ? Number.MAX_SAFE_INTEGER : n.content.reduce((v, x) => v * 256 + x, 0)
    stack.unshift(...n.children)
  }
  return 0
}

function charge(budget: WorkBudget, iterations: number): void {
  budget.spent += iterations
  if (budget.spent > PFX_WORK_BUDGET) {
    throw new AppError(ErrorCode.TooLarge, `The file asks for more key-derivation work than a certificate file needs (over ${PFX_WORK_BUDGET.toLocaleString('en-US')} iterations in total); it was not read further.`)
  }
}

function walkBags(p: CryptoPrimitives, safeContents: Buffer, form: PasswordForm, out: Walk, depth: number, password: string | undefined): void {
  if (depth > MAX_BAG_NESTING) malformed('safe contents nested too deeply')
  for (const bag of seqOf(parse(safeContents, LIMITS), 'safe contents')) {
    const parts = seqOf(bag, 'safe bag')
    const id = oidOf(parts[0], 'bag type')
    const value = parts[1]
    if (!isContext(value, 0) || value.children.length !== 1) malformed('safe bag without a value')
    const v = value.children[0]!
    const { attrs, friendlyName, localKeyId, cspName } = attributes(parts[2])
    const meta = { attributes: attrs, ...(friendlyName !== undefined ? { friendlyName } : {}), ...(localKeyId ? { localKeyId } : {}) }
    switch (id) {
      case OID.certBag: {
        const [certType, certValue] = seqOf(v, 'certificate bag')
        if (oidOf(certType) !== OID.x509Certificate) break // SDSI certificates: not for an Edge
        if (!isContext(certValue, 0) || certValue.children.length !== 1) malformed('certificate bag without a certificate')
        out.certs.push({ der: octets(expect(certValue.children[0], Tag.OctetString, 'certificate')), ...meta })
        break
      }
      case OID.keyBag:
        if (!isPkcs8(v.bytes)) malformed('key bag does not hold a PKCS#8 key')
        out.keys.push({ pkcs8: v.bytes, shrouded: false, ...(cspName ? { cspName } : {}), ...meta })
        out.keyEnc.push('none (plain keyBag)')
        break
      case OID.pkcs8ShroudedKeyBag: {
        const [alg, data] = seqOf(v, 'shrouded key bag')
        const enc = octets(expect(data, Tag.OctetString, 'encrypted key'))
        charge(out.budget, declaredIterations(alg!))
        const plain = pbeDecrypt(p, alg!, form, enc, isPkcs8)
        if (!plain) {
          // The MAC verified with this spelling (or there is no MAC): the key password differs.
          if (password === undefined) passwordRequired()
          wrongPassword()
        }
        out.keys.push({ pkcs8: plain, shrouded: true, ...(cspName ? { cspName } : {}), ...meta })
        out.keyEnc.push(describeAlgorithm(alg!))
        break
      }
      case OID.safeContentsBag:
        walkBags(p, v.bytes, form, out, depth + 1, password)
        break
      default:
        break // CRL and secret bags carry nothing an Edge certificate needs.
    }
  }
}

function isSafeContents(b: Buffer): boolean {
  try {
    const n = parse(b, LIMITS)
    return isUniversal(n, Tag.Sequence) && n.children.every((c) => isUniversal(c, Tag.Sequence))
  } catch {
    return false
  }
}

/** The encryption algorithms of the shrouded key bags in plain safe contents (none when unreadable: walkBags reports it). */
function shroudedKeyAlgorithms(safeContents: Buffer): Asn1[] {
  try {
    return seqOf(parse(safeContents, LIMITS), 'safe contents').flatMap((bag) => {
      const [id, value] = bag.children
      return id && oidOf(id) === OID.pkcs8ShroudedKeyBag && value?.children[0]?.children[0] ? [value.children[0].children[0]] : []
    })
  } catch {
    return []
  }
}

/**
 * Derives the PFX's PKCS#12 keys for the first password spelling ahead of the reading, chains
 * side by side (prederivePkcs12): the MAC key first, beside one IV, so a wrong password costs
 * about one chain's time; then the rest together. Within the file's work budget only; the
 * reading charges and checks the same counts and derives whatever is not here itself.
 */
function prederive(p: CryptoPrimitives, mac: MacCheck | null, parts: readonly SafePart[], form: PasswordForm): { rest(): void } {
  const planned = parts.flatMap((part) => (part.kind === 'encrypted' ? pbeDerivations(part.enc.alg, form) : shroudedKeyAlgorithms(part.bytes).flatMap((a) => pbeDerivations(a, form))))
  const macKey = mac?.derivations(form) ?? []
  const work = [...macKey, ...planned].reduce((sum, d) => sum + d.iterations, 0)
  if (work > PFX_WORK_BUDGET) return { rest: () => undefined }
  const oneBlock = planned.findIndex((d) => d.n <= HASH_LEN[d.hash])
  const first = macKey.length && oneBlock >= 0 ? [...macKey, planned[oneBlock]!] : macKey
  prederivePkcs12(p, first)
  return { rest: () => prederivePkcs12(p, planned) }
}

/**
 * Reads a PFX. `password` undefined means none was given: the absent and the empty password
 * are tried, then PASSWORD_REQUIRED. Throws AppError with WRONG_PASSWORD, PASSWORD_REQUIRED,
 * TRUNCATED, MALFORMED, UNSUPPORTED_FORMAT or TOO_LARGE.
 */
export function readPkcs12(p: CryptoPrimitives, der: Buffer, password: string | undefined): Pkcs12Contents {
  return withDerivedKeyMemo(() => readPkcs12Once(p, der, password))
}

function readPkcs12Once(p: CryptoPrimitives, der: Buffer, password: string | undefined): Pkcs12Contents {
  const root = parse(der, LIMITS)
  if (!looksLikePfx(root)) malformed('not a PFX structure')
  const [, authSafeCi, macData] = root.children
  const { type, content } = contentInfo(authSafeCi, 'authenticated safe')
  if (type === OID.signedData) {
    throw new AppError(ErrorCode.UnsupportedFormat, 'This PFX uses public-key integrity mode, which Windows does not write and is not supported.')
  }
  if (type !== OID.data) malformed('unexpected authenticated safe type')
  const authSafe = octets(expect(content, Tag.OctetString, 'authenticated safe'))
  const parts = readAuthSafe(authSafe)

  const forms = passwordForms(password)
  let form: PasswordForm | undefined
  let mac: MacCheck | null = null
  const budget: WorkBudget = { spent: 0 }
  if (macData) mac = macCheck(p, macData, authSafe)
  const ahead = prederive(p, mac, parts, forms[0]!)
  if (mac) {
    form = forms.find((f) => (charge(budget, mac.iterations), mac.verify(f)))
    if (!form) {
      if (password === undefined) passwordRequired()
      wrongPassword()
    }
  }
  if (form === forms[0] || !mac) ahead.rest()

  // Without a MAC the first spelling that decrypts every encrypted part wins.
  const candidates = form ? [form] : forms
  let lastError: AppError | undefined
  for (const f of candidates) {
    try {
      const out: Walk = { certs: [], keys: [], keyEnc: [], budget }
      const certEnc: string[] = []
      for (const part of parts) {
        if (part.kind === 'plain') {
          walkBags(p, part.bytes, f, out, 0, password)
          certEnc.push('none (plain data)')
        } else {
          charge(budget, declaredIterations(part.enc.alg))
          const plain = pbeDecrypt(p, part.enc.alg, f, part.enc.data, isSafeContents)
          if (!plain) {
            if (password === undefined && !form) passwordRequired()
            wrongPassword()
          }
          walkBags(p, plain, f, out, 0, password)
          certEnc.push(describeAlgorithm(part.enc.alg))
        }
      }
      const which = f.absent ? 'absent' : f.bmp.length === 2 ? 'empty' : 'given'
      return {
        certs: out.certs,
        keys: out.keys,
        info: { mac: mac?.name ?? null, macIterations: mac?.iterations ?? null, certEncryption: certEnc, keyEncryption: out.keyEnc, password: which },
      }
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== ErrorCode.WrongPassword && e.code !== ErrorCode.PasswordRequired) || candidates.length === 1) throw e
      lastError = e
    }
  }
  throw lastError ?? new AppError(ErrorCode.WrongPassword, 'Wrong password or damaged file.')
}

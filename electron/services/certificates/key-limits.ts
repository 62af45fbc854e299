/**
 * Checks a key's encoding before Node's crypto (OpenSSL) ever sees it. A hostile key file can
 * abort the process (an EC private value one byte too long reaches an assertion when the key's
 * details are read) or hold a thread for minutes (a 300 KB RSA public exponent, a 40,000-bit
 * modulus, explicit curve parameters). Everything here is pure byte inspection, linear in the
 * input; a key outside what we accept is UNSUPPORTED_KEY with the reason, anything unreadable is
 * MALFORMED.
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { type Asn1, Tag, isContext, isUniversal, oidOf, parse } from './asn1'
import { OID } from './oids'

/** Largest RSA (and DSA) modulus accepted: 16,384 bits, what Windows and OpenSSL handle in practice. */
export const MAX_RSA_BITS = 16_384
/** Largest RSA public exponent accepted: 64 bits (real keys use 65,537, 17 bits). */
export const MAX_RSA_EXPONENT_BITS = 64

interface Curve {
  readonly name: string
  /** Length of the private value and of each coordinate, in bytes. */
  readonly size: number
  /** The group order n: a private value must lie in [1, n-1]. */
  readonly order: Buffer
}

const CURVES: Readonly<Record<string, Curve>> = {
  [OID.p256]: { name: 'P-256', size: 32, order: Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex') },
  [OID.p384]: { name: 'P-384', size: 48, order: Buffer.from('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973', 'hex') },
  [OID.p521]: {
    name: 'P-521',
    size: 66,
    order: Buffer.from('01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409', 'hex'),
  },
  '1.3.132.0.10': { name: 'secp256k1', size: 32, order: Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex') },
}

function unsupported(why: string): never {
  throw new AppError(ErrorCode.UnsupportedKey, `This key cannot be used: ${why}.`)
}
function malformed(why: string): never {
  throw new AppError(ErrorCode.Malformed, `The key is damaged or not in a supported format (${why}).`)
}

/** Magnitude of a canonical (minimal DER) non-negative INTEGER; MALFORMED otherwise. */
function positiveInt(n: Asn1 | undefined, what: string): Buffer {
  if (!isUniversal(n, Tag.Integer) || n.constructed) malformed(`${what} is not an integer`)
  const b = n.content
  if (b.length === 0) malformed(`${what} is empty`)
  if (b[0]! & 0x80) malformed(`${what} is negative`)
  if (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) malformed(`${what} has redundant leading zero bytes`)
  return b[0] === 0 && b.length > 1 ? b.subarray(1) : b
}

function bits(b: Buffer): number {
  let i = 0
  while (i < b.length && b[i] === 0) i++
  if (i === b.length) return 0
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!))
}

function rsaPublic(n: Buffer, e: Buffer): void {
  const nb = bits(n)
  if (nb > MAX_RSA_BITS) unsupported(`its RSA modulus has ${nb.toLocaleString('en-US')} bits; at most ${MAX_RSA_BITS.toLocaleString('en-US')} are supported`)
  if (nb < 256) unsupported(`its RSA modulus has only ${nb} bits`)
  const eb = bits(e)
  if (eb > MAX_RSA_EXPONENT_BITS) unsupported(`its RSA public exponent has ${eb.toLocaleString('en-US')} bits; at most ${MAX_RSA_EXPONENT_BITS} are supported`)
  if (eb < 2 || !(e[e.length - 1]! & 1)) unsupported('its RSA public exponent is not an odd number of at least 3')
}

/** RSAPrivateKey (RFC 8017 A.1.2), two primes only. */
function rsaPrivate(der: Buffer): void {
  const n = parse(der)
  if (!isUniversal(n, Tag.Sequence)) malformed('RSA key is not a sequence')
  const c = n.children
  const version = positiveInt(c[0], 'RSA key version')
  if (version.length !== 1 || version[0] !== 0) unsupported('it is a multi-prime RSA key')
  if (c.length !== 9) malformed('RSA key does not have nine integers')
  const mod = positiveInt(c[1], 'RSA modulus')
  const exp = positiveInt(c[2], 'RSA public exponent')
  rsaPublic(mod, exp)
  const values = ['private exponent', 'prime 1', 'prime 2', 'exponent 1', 'exponent 2', 'coefficient'].map((name, i) => {
    const v = positiveInt(c[i + 3], `RSA ${name}`)
    if (v.length > mod.length) malformed(`RSA ${name} is longer than the modulus`)
    return v
  })
  rsaConsistent(mod, exp, values)
}

const big = (b: Buffer): bigint => BigInt(`0x${b.toString('hex')}`)

/**
 * The private values belong to the public ones (what OpenSSL's RSA_check_key proves, without
 * its primality tests): n = p·q, e·d ≡ 1 modulo p−1 and q−1, and the CRT values are what they
 * stand for. An inconsistent key signs wrongly; proved here, pairing a key with a certificate
 * is a comparison of public halves instead of a private-key signature (~1 ms for RSA-2048).
 * Linear in size after rsaPublic's bounds: a few BigInt products of at most 16,384 bits.
 */
function rsaConsistent(mod: Buffer, exp: Buffer, values: readonly Buffer[]): void {
  const [d, p, q, dp, dq, qinv] = values.map(big) as [bigint, bigint, bigint, bigint, bigint, bigint]
  const n = big(mod)
  const e = big(exp)
  const ok = p > 1n && q > 1n && p * q === n && (e * d) % (p - 1n) === 1n && (e * d) % (q - 1n) === 1n && dp === d % (p - 1n) && dq === d % (q - 1n) && (qinv * q) % p === 1n
  if (!ok) malformed('its RSA private values do not belong together')
}

function curveOf(params: Asn1 | undefined): Curve {
  if (params && isUniversal(params, Tag.Sequence)) unsupported('it uses explicit elliptic-curve parameters instead of a named curve')
  if (!params || !isUniversal(params, Tag.Oid)) malformed('EC key without a named curve')
  const id = oidOf(params, 'EC curve')
  return CURVES[id] ?? unsupported(`its elliptic curve (${id}) is not supported; use P-256, P-384 or P-521`)
}

function ecPoint(curve: Curve, bitString: Buffer): void {
  const point = bitString.subarray(1)
  if (bitString[0] !== 0) malformed('EC public key has unused bits')
  const ok = (point[0] === 4 && point.length === 1 + 2 * curve.size) || ((point[0] === 2 || point[0] === 3) && point.length === 1 + curve.size)
  if (!ok) unsupported(`its ${curve.name} public point has ${point.length} bytes, which is not a valid encoding`)
}

/** ECPrivateKey (RFC 5915): the private value must be exactly the curve's size and in [1, n-1]. */
function ecPrivate(der: Buffer, algCurve: Curve | null): void {
  const n = parse(der)
  if (!isUniversal(n, Tag.Sequence)) malformed('EC key is not a sequence')
  const [version, priv, ...rest] = n.children
  const v = positiveInt(version, 'EC key version')
  if (v.length !== 1 || v[0] !== 1) malformed('EC key version is not 1')
  if (!isUniversal(priv, Tag.OctetString) || priv.constructed) malformed('EC private value is not an octet string')
  let curve = algCurve
  for (const r of rest) {
    if (isContext(r, 0)) {
      const own = curveOf(r.children[0])
      if (curve && own !== curve) malformed('EC key names two different curves')
      curve = own
    }
  }
  if (!curve) malformed('EC key without a named curve')
  const d = priv.content
  // Exactly the curve's size (RFC 5915); shorter is accepted because OpenSSL before 1.1 dropped
  // leading zero bytes, but never longer: that is what aborts the process in OpenSSL.
  if (d.length > curve.size || d.length === 0) unsupported(`its ${curve.name} private value is ${d.length} bytes long; it must be ${curve.size}`)
  if (d.every((x) => x === 0) || Buffer.compare(d.length === curve.order.length ? d : Buffer.concat([Buffer.alloc(curve.order.length - d.length), d]), curve.order) >= 0) {
    unsupported(`its ${curve.name} private value is outside the curve's range`)
  }
  for (const r of rest) {
    if (isContext(r, 1)) {
      const b = r.children[0]
      if (!isUniversal(b, Tag.BitString)) malformed('EC public key is not a bit string')
      ecPoint(curve, b.content)
    }
  }
}

function dsaParams(params: Asn1 | undefined): Buffer {
  if (!params || !isUniversal(params, Tag.Sequence) || params.children.length !== 3) malformed('DSA key without its parameters')
  const [p, q, g] = params.children.map((x, i) => positiveInt(x, ['DSA p', 'DSA q', 'DSA g'][i]!))
  if (bits(p!) > MAX_RSA_BITS) unsupported(`its DSA modulus has ${bits(p!).toLocaleString('en-US')} bits`)
  if (bits(q!) > 512 || g!.length > p!.length) unsupported('its DSA parameters are out of range')
  return q!
}

/** Checks a PKCS#8 PrivateKeyInfo; throws UNSUPPORTED_KEY or MALFORMED, returns nothing. */
export function checkPrivateKeyInfo(pkcs8: Buffer): void {
  const n = parse(pkcs8)
  if (!isUniversal(n, Tag.Sequence) || n.children.length < 3) malformed('not a PKCS#8 key')
  const [version, alg, key] = n.children
  positiveInt(version, 'PKCS#8 version')
  if (!isUniversal(alg, Tag.Sequence) || !isUniversal(key, Tag.OctetString)) malformed('not a PKCS#8 key')
  const id = oidOf(alg.children[0], 'key algorithm')
  const params = alg.children[1]
  switch (id) {
    case OID.rsaEncryption:
    case OID.rsassaPss:
      return rsaPrivate(key.content)
    case OID.ecPublicKey:
      return ecPrivate(key.content, params && isUniversal(params, Tag.Null) ? null : curveOf(params))
    case OID.ed25519:
    case OID.ed448: {
      const inner = parse(key.content)
      const want = id === OID.ed25519 ? 32 : 57
      if (!isUniversal(inner, Tag.OctetString) || inner.content.length !== want) unsupported(`its ${id === OID.ed25519 ? 'Ed25519' : 'Ed448'} private value is not ${want} bytes`)
      return
    }
    case OID.dsa: {
      const q = dsaParams(params)
      const x = positiveInt(parse(key.content), 'DSA private value')
      if (x.length > q.length) unsupported('its DSA private value is out of range')
      return
    }
    default:
      return unsupported(`its algorithm (${id}) is not one the app works with`)
  }
}

/** Checks a SubjectPublicKeyInfo (a certificate's or a request's key) the same way. */
export function checkPublicKeyInfo(spki: Asn1): void {
  if (!isUniversal(spki, Tag.Sequence) || spki.children.length !== 2) malformed('public key is not a sequence')
  const [alg, bitString] = spki.children
  if (!isUniversal(alg, Tag.Sequence) || !isUniversal(bitString, Tag.BitString)) malformed('public key is not a sequence')
  const id = oidOf(alg.children[0], 'key algorithm')
  const params = alg.children[1]
  if (id === OID.rsaEncryption || id === OID.rsassaPss) {
    if (bitString.content[0] !== 0) malformed('RSA public key has unused bits')
    const k = parse(bitString.content.subarray(1))
    if (!isUniversal(k, Tag.Sequence) || k.children.length !== 2) malformed('RSA public key is not (modulus, exponent)')
    return rsaPublic(positiveInt(k.children[0], 'RSA modulus'), positiveInt(k.children[1], 'RSA public exponent'))
  }
  if (id === OID.ecPublicKey) return ecPoint(curveOf(params), bitString.content)
  if (id === OID.dsa) return void dsaParams(params)
  // Other algorithms (Ed25519, unknown ones) have no parameters OpenSSL would compute with here.
}

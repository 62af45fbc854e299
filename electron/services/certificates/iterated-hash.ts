/**
 * H^n(x) for SHA-1 and SHA-256 on digest-sized inputs, the inner loop of the PKCS#12 key
 * derivation (RFC 7292 B.2 step 6: A = H^c(D || I)). Each round hashes one 20/32-byte value,
 * so the cost is all call overhead: `createHash` costs ~2.5 µs per round in Node 20, which made
 * a 2048-iteration 3DES PFX 10x slower than OpenSSL and a 600 000-iteration Firefox export take
 * half a minute. Two ways to compress one padded block on 32-bit integers:
 *
 * - a loop (here): ~0.2 µs a SHA-1 round, ~0.36 µs a SHA-256 round once optimised, and V8
 *   optimises a function this small within the first thousand rounds;
 * - the rounds unrolled (hash-chains.ts, generated): ~0.115 µs and ~0.17 µs, and two SHA-1
 *   chains side by side ~0.07 µs each. But V8 takes long to optimise a function of a thousand
 *   statements and interprets it meanwhile: in a fresh process 2,048 rounds take 20–35 ms
 *   unrolled against 15–19 ms looped, and the two break even near 100,000 rounds.
 *
 * So a call that hashes fewer than UNROLLED_CALL rounds uses the loop until the process has
 * hashed UNROLLED_WARM rounds: `xgw inspect` of an ordinary PFX stays on the loop, a 100,000-
 * iteration file or an app that has read a few PFX files gets the unrolled code. Both are
 * checked against node:crypto (iterated-hash.test.ts, hash-chains.test.ts).
 */
import { sha1Iterate, sha1IteratePair, sha256Iterate } from './hash-chains'

/** Rounds in one call from which the unrolled code is used even in a fresh process. */
export const UNROLLED_CALL = 50_000
/** Rounds hashed by this process after which the unrolled code is used for every call. */
export const UNROLLED_WARM = 200_000
let hashed = 0

/** Whether a call of `rounds` rounds takes the unrolled code; counts the rounds. */
function unrolled(rounds: number): boolean {
  const use = rounds >= UNROLLED_CALL || hashed >= UNROLLED_WARM
  hashed += rounds
  return use
}

const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6,
  0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb,
  0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee,
  0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

function loadWords(x: Buffer, words: number): Int32Array {
  const w = new Int32Array(80)
  for (let i = 0; i < words; i++) w[i] = x.readInt32BE(i * 4)
  return w
}

function sha1Loop(x: Buffer, n: number): Buffer {
  // State words of the current value (5 x 32 bits), re-hashed as one padded block each round:
  // words 5..15 (padding and the 160-bit length) never change. One loop per round function
  // keeps the hot loops branch-free.
  let h0 = x.readInt32BE(0),
    h1 = x.readInt32BE(4),
    h2 = x.readInt32BE(8),
    h3 = x.readInt32BE(12),
    h4 = x.readInt32BE(16)
  const w = new Int32Array(80)
  w[5] = 0x80000000 | 0
  w[15] = 160
  for (let r = 0; r < n; r++) {
    w[0] = h0
    w[1] = h1
    w[2] = h2
    w[3] = h3
    w[4] = h4
    for (let i = 16; i < 80; i++) {
      const t = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!
      w[i] = (t << 1) | (t >>> 31)
    }
    let a = 0x67452301,
      b = 0xefcdab89 | 0,
      c = 0x98badcfe | 0,
      d = 0x10325476,
      e = 0xc3d2e1f0 | 0,
      t: number,
      i = 0
    for (; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + w[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + w[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    h0 = (0x67452301 + a) | 0
    h1 = ((0xefcdab89 | 0) + b) | 0
    h2 = ((0x98badcfe | 0) + c) | 0
    h3 = (0x10325476 + d) | 0
    h4 = ((0xc3d2e1f0 | 0) + e) | 0
  }
  const out = Buffer.alloc(20)
  out.writeInt32BE(h0, 0)
  out.writeInt32BE(h1, 4)
  out.writeInt32BE(h2, 8)
  out.writeInt32BE(h3, 12)
  out.writeInt32BE(h4, 16)
  return out
}

const IV256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map((v) => v | 0)

function sha256Loop(x: Buffer, n: number): Buffer {
  const h = Int32Array.from(loadWords(x, 8).subarray(0, 8))
  const w = new Int32Array(64)
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < 8; i++) w[i] = h[i]!
    w[8] = 0x80000000 | 0
    for (let i = 9; i < 15; i++) w[i] = 0
    w[15] = 256
    for (let i = 16; i < 64; i++) {
      const x15 = w[i - 15]!,
        x2 = w[i - 2]!
      const s0 = ((x15 >>> 7) | (x15 << 25)) ^ ((x15 >>> 18) | (x15 << 14)) ^ (x15 >>> 3)
      const s1 = ((x2 >>> 17) | (x2 << 15)) ^ ((x2 >>> 19) | (x2 << 13)) ^ (x2 >>> 10)
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
    }
    let a = IV256[0]!,
      b = IV256[1]!,
      c = IV256[2]!,
      d = IV256[3]!,
      e = IV256[4]!,
      f = IV256[5]!,
      g = IV256[6]!,
      hh = IV256[7]!
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + K256[i]! + w[i]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h[0] = (IV256[0]! + a) | 0
    h[1] = (IV256[1]! + b) | 0
    h[2] = (IV256[2]! + c) | 0
    h[3] = (IV256[3]! + d) | 0
    h[4] = (IV256[4]! + e) | 0
    h[5] = (IV256[5]! + f) | 0
    h[6] = (IV256[6]! + g) | 0
    h[7] = (IV256[7]! + hh) | 0
  }
  const out = Buffer.alloc(32)
  for (let i = 0; i < 8; i++) out.writeInt32BE(h[i]!, i * 4)
  return out
}

/**
 * Applies the hash `n` more times to a digest-sized value `x` (x must already be H(something)).
 * Returns null for algorithms without a fast path; the caller then loops over its primitive.
 */
export function iterateDigest(alg: string, x: Buffer, n: number): Buffer | null {
  if (n <= 0) return x
  if (alg === 'sha1' && x.length === 20) return unrolled(n) ? sha1Iterate(x, n) : sha1Loop(x, n)
  if (alg === 'sha256' && x.length === 32) return unrolled(n) ? sha256Iterate(x, n) : sha256Loop(x, n)
  return null
}

/**
 * `iterateDigest` for several independent values with the same count: on the unrolled code,
 * SHA-1 chains run two at a time (about 1.7 times the throughput of one after the other). Null
 * without a fast path.
 */
export function iterateDigests(alg: string, xs: readonly Buffer[], n: number): Buffer[] | null {
  if (alg !== 'sha1' || n <= 0 || xs.some((x) => x.length !== 20) || !unrolled(n * xs.length)) {
    const out: Buffer[] = []
    for (const x of xs) {
      const r = iterateDigest(alg, x, n)
      if (!r) return null
      out.push(r)
    }
    return out
  }
  const out: Buffer[] = []
  for (let i = 0; i + 1 < xs.length; i += 2) out.push(...sha1IteratePair(xs[i]!, xs[i + 1]!, n))
  if (xs.length % 2) out.push(sha1Iterate(xs[xs.length - 1]!, n))
  return out
}

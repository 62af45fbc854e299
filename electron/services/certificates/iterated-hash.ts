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
import { SHA256_IV, SHA256_K, sha1Iterate, sha1IteratePair, sha256Iterate } from './hash-chains'

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
    let a = SHA256_IV[0]!,
      b = SHA256_IV[1]!,
      c = SHA256_IV[2]!,
      d = SHA256_IV[3]!,
      e = SHA256_IV[4]!,
      f = SHA256_IV[5]!,
      g = SHA256_IV[6]!,
      hh = SHA256_IV[7]!
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + SHA256_K[i]! + w[i]!) | 0
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
    h[0] = (SHA256_IV[0]! + a) | 0
    h[1] = (SHA256_IV[1]! + b) | 0
    h[2] = (SHA256_IV[2]! + c) | 0
    h[3] = (SHA256_IV[3]! + d) | 0
    h[4] = (SHA256_IV[4]! + e) | 0
    h[5] = (SHA256_IV[5]! + f) | 0
    h[6] = (SHA256_IV[6]! + g) | 0
    h[7] = (SHA256_IV[7]! + hh) | 0
  }
  const out = Buffer.alloc(32)
  for (let i = 0; i < 8; i++) out.writeInt32BE(h[i]!, i * 4)
  return out
}

const CHAINS = {
  sha1: { size: 20, loop: sha1Loop, unrolled: sha1Iterate },
  sha256: { size: 32, loop: sha256Loop, unrolled: sha256Iterate },
} as const

/**
 * Applies the hash `n` more times to a digest-sized value `x` (x must already be H(something)).
 * Returns null for algorithms without a fast path; the caller then loops over its primitive.
 */
export function iterateDigest(alg: string, x: Buffer, n: number): Buffer | null {
  return iterateDigests(alg, [x], n)?.[0] ?? null
}

/**
 * `iterateDigest` for several independent values with the same count, chosen once for the whole
 * call (and its rounds counted once): on the unrolled code, SHA-1 chains run two at a time (about
 * 1.7 times the throughput of one after the other). Null without a fast path.
 */
export function iterateDigests(alg: string, xs: readonly Buffer[], n: number): Buffer[] | null {
  const c = alg === 'sha1' || alg === 'sha256' ? CHAINS[alg] : undefined
  if (!c || xs.some((x) => x.length !== c.size)) return null
  if (n <= 0) return [...xs]
  if (!unrolled(n * xs.length)) return xs.map((x) => c.loop(x, n))
  if (alg !== 'sha1') return xs.map((x) => c.unrolled(x, n))
  const out: Buffer[] = []
  for (let i = 0; i + 1 < xs.length; i += 2) out.push(...sha1IteratePair(xs[i]!, xs[i + 1]!, n))
  if (xs.length % 2) out.push(sha1Iterate(xs[xs.length - 1]!, n))
  return out
}

#!/usr/bin/env node
// Writes electron/services/certificates/hash-chains.ts: SHA-1 and SHA-256 iterated on their own
// digest (the PKCS#12 key derivation's inner loop), with the rounds unrolled.
//
// Why generated: a loop over an Int32Array message schedule costs ~200 ns per SHA-1 (~360 ns
// per SHA-256) in V8; with the rounds unrolled into local variables, the constant words of the
// one padded block (0x80000000, zeros, the bit length) folded into the schedule, and the working
// variables renamed instead of shifted, it costs ~115 ns (~170 ns). Two independent SHA-1 chains
// unrolled side by side cost ~70 ns each: one chain is a dependency chain the CPU cannot overlap
// with itself, two fill its idle units; a third spills registers and is slower. Nobody should
// write or review a thousand lines of rotated variable names by hand: this script is the source,
// the file its output, and tests/unit/electron/services/certificates/hash-chains.test.ts fails
// when they differ.
//
//   node scripts/gen-hash-chains.mjs          write the file
//   node scripts/gen-hash-chains.mjs --check  exit 1 when the file is not what this script writes
import { fileURLToPath } from 'node:url'
import { formatAs, runGenerator } from './generated-file.mjs'

export const TARGET = fileURLToPath(new URL('../electron/services/certificates/hash-chains.ts', import.meta.url))

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].map((v) => v | 0)
const K = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6].map((v) => v | 0)
const rotl = (v, s) => (v << s) | (v >>> (32 - s)) | 0

/**
 * The statements of `chains` SHA-1 compressions side by side, for one padded block whose first
 * five words are the previous digest h{c}_0..h{c}_4 of each chain; they leave the new digest in
 * the same variables. A word is either a JS expression (a variable) or a known constant.
 */
function rounds(chains) {
  const lines = []
  const words = []
  for (let c = 0; c < chains; c++) {
    // Block words 0..15: the digest, the 0x80 terminator, zeros, the bit length 160.
    words.push(
      [0, 1, 2, 3, 4]
        .map((i) => ({ v: `h${c}_${i}` }))
        .concat(
          [{ k: 0x80000000 | 0 }],
          Array.from({ length: 9 }, () => ({ k: 0 })),
          [{ k: 160 }],
        ),
    )
  }
  for (let i = 16; i < 80; i++) {
    for (let c = 0; c < chains; c++) {
      const W = words[c]
      const parts = [W[i - 3], W[i - 8], W[i - 14], W[i - 16]]
      const k = parts.filter((p) => 'k' in p).reduce((a, p) => a ^ p.k, 0)
      const vars = parts.filter((p) => 'v' in p).map((p) => p.v)
      if (vars.length === 0) {
        W.push({ k: rotl(k, 1) })
        continue
      }
      const x = `x${c}_${i}`
      lines.push(`const ${x} = ${[...vars, ...(k ? [String(k)] : [])].join(' ^ ')}`)
      lines.push(`const w${c}_${i} = (${x} << 1) | (${x} >>> 31)`)
      W.push({ v: `w${c}_${i}` })
    }
  }
  const regs = []
  for (let c = 0; c < chains; c++) {
    const names = ['a', 'b', 'c', 'd', 'e'].map((r) => `${r}${c}`)
    lines.push(`let ${names.map((n, i) => `${n} = ${IV[i]}`).join(', ')}`)
    regs.push(names)
  }
  for (let i = 0; i < 80; i++) {
    for (let c = 0; c < chains; c++) {
      const [a, b, cc, d, e] = regs[c]
      const f = i < 20 ? `((${b} & ${cc}) | (~${b} & ${d}))` : i >= 40 && i < 60 ? `((${b} & ${cc}) | (${b} & ${d}) | (${cc} & ${d}))` : `(${b} ^ ${cc} ^ ${d})`
      const w = words[c][i]
      const wk = 'k' in w ? String((w.k + K[(i / 20) | 0]) | 0) : `${w.v} + ${K[(i / 20) | 0]}`
      // The new `a` goes into e's variable and b is rotated in place: renaming, not moving.
      lines.push(`${e} = (((${a} << 5) | (${a} >>> 27)) + ${f} + ${e} + ${wk}) | 0`)
      lines.push(`${b} = (${b} << 30) | (${b} >>> 2)`)
      regs[c] = [e, a, b, cc, d]
    }
  }
  for (let c = 0; c < chains; c++) {
    regs[c].forEach((r, i) => lines.push(`h${c}_${i} = (${IV[i]} + ${r}) | 0`))
  }
  return lines
}

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6,
  0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb,
  0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee,
  0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
].map((v) => v | 0)
const IV256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map((v) => v | 0)
const rotr = (v, s) => (v >>> s) | (v << (32 - s)) | 0
const ror = (x, s) => `((${x} >>> ${s}) | (${x} << ${32 - s}))`

/** SHA-256 of one padded block holding a 32-byte digest in h0..h7: the same unrolling (constants folded, registers renamed). */
function rounds256() {
  const lines = []
  // Block words 0..15: the digest, the 0x80 terminator, zeros, the bit length 256.
  const W = Array.from({ length: 8 }, (_, i) => ({ v: `h${i}` })).concat(
    [{ k: 0x80000000 | 0 }],
    Array.from({ length: 6 }, () => ({ k: 0 })),
    [{ k: 256 }],
  )
  const sigma0 = (w) => ('k' in w ? { k: (rotr(w.k, 7) ^ rotr(w.k, 18) ^ (w.k >>> 3)) | 0 } : { e: `(${ror(w.v, 7)} ^ ${ror(w.v, 18)} ^ (${w.v} >>> 3))` })
  const sigma1 = (w) => ('k' in w ? { k: (rotr(w.k, 17) ^ rotr(w.k, 19) ^ (w.k >>> 10)) | 0 } : { e: `(${ror(w.v, 17)} ^ ${ror(w.v, 19)} ^ (${w.v} >>> 10))` })
  for (let i = 16; i < 64; i++) {
    const terms = [sigma1(W[i - 2]), W[i - 7], sigma0(W[i - 15]), W[i - 16]]
    const k = terms.filter((t) => 'k' in t).reduce((a, t) => (a + t.k) | 0, 0)
    const vars = terms.filter((t) => !('k' in t)).map((t) => t.e ?? t.v)
    if (vars.length === 0) {
      W.push({ k })
      continue
    }
    lines.push(`const w${i} = (${[...vars, ...(k ? [String(k)] : [])].join(' + ')}) | 0`)
    W.push({ v: `w${i}` })
  }
  let [a, b, c, d, e, f, g, h] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'hh']
  lines.push(`let ${[a, b, c, d, e, f, g, h].map((r, i) => `${r} = ${IV256[i]}`).join(', ')}`)
  for (let i = 0; i < 64; i++) {
    const w = W[i]
    const wk = 'k' in w ? String((w.k + K256[i]) | 0) : `${w.v} + ${K256[i]}`
    // T1 goes into h's variable, e' = d + T1 into d's, a' = T1 + T2 into h's: renaming, not moving.
    lines.push(`${h} = (${h} + (${ror(e, 6)} ^ ${ror(e, 11)} ^ ${ror(e, 25)}) + ((${e} & ${f}) ^ (~${e} & ${g})) + ${wk}) | 0`)
    lines.push(`${d} = (${d} + ${h}) | 0`)
    lines.push(`${h} = (${h} + (${ror(a, 2)} ^ ${ror(a, 13)} ^ ${ror(a, 22)}) + ((${a} & ${b}) ^ (${a} & ${c}) ^ (${b} & ${c}))) | 0`)
    ;[a, b, c, d, e, f, g, h] = [h, a, b, c, d, e, f, g]
  }
  ;[a, b, c, d, e, f, g, h].forEach((r, i) => lines.push(`h${i} = (${IV256[i]} + ${r}) | 0`))
  return lines
}

function fn(name, chains, doc) {
  const params = Array.from({ length: chains }, (_, c) => `x${c}: Buffer`).join(', ')
  const load = Array.from({ length: chains }, (_, c) => `let ${[0, 1, 2, 3, 4].map((i) => `h${c}_${i} = x${c}.readInt32BE(${i * 4})`).join(', ')}`)
  const store = Array.from({ length: chains }, (_, c) => `digest(h${c}_0, h${c}_1, h${c}_2, h${c}_3, h${c}_4)`)
  const ret = chains === 1 ? `Buffer` : `[${Array.from({ length: chains }, () => 'Buffer').join(', ')}]`
  return [`/** ${doc} */`, `export function ${name}(${params}, n: number): ${ret} {`, ...load, 'for (let r = 0; r < n; r++) {', ...rounds(chains), '}', chains === 1 ? `return ${store[0]}` : `return [${store.join(', ')}]`, '}']
}

export async function render() {
  const src = [
    '// Generated by scripts/gen-hash-chains.mjs (why it is generated is said there); do not edit.',
    '// Checked against node:crypto in tests/unit/electron/services/certificates/hash-chains.test.ts.',
    '',
    '/** SHA-256 round constants and initial value (FIPS 180-4) as signed 32-bit words: the looped rounds (iterated-hash.ts) use them too. */',
    `export const SHA256_K = new Int32Array([${K256.join(', ')}])`,
    `export const SHA256_IV = new Int32Array([${IV256.join(', ')}])`,
    '',
    'function digest(h0: number, h1: number, h2: number, h3: number, h4: number): Buffer {',
    'const out = Buffer.allocUnsafe(20)',
    'out.writeInt32BE(h0, 0)',
    'out.writeInt32BE(h1, 4)',
    'out.writeInt32BE(h2, 8)',
    'out.writeInt32BE(h3, 12)',
    'out.writeInt32BE(h4, 16)',
    'return out',
    '}',
    '',
    ...fn('sha1Iterate', 1, 'SHA-1 applied `n` times to the 20-byte digest `x0`.'),
    '',
    ...fn('sha1IteratePair', 2, 'SHA-1 applied `n` times to each of two 20-byte digests, the two chains interleaved.'),
    '',
    '/** SHA-256 applied `n` times to the 32-byte digest `x`. */',
    'export function sha256Iterate(x: Buffer, n: number): Buffer {',
    `let ${Array.from({ length: 8 }, (_, i) => `h${i} = x.readInt32BE(${i * 4})`).join(', ')}`,
    'for (let r = 0; r < n; r++) {',
    ...rounds256(),
    '}',
    'const out = Buffer.allocUnsafe(32)',
    ...Array.from({ length: 8 }, (_, i) => `out.writeInt32BE(h${i}, ${i * 4})`),
    'return out',
    '}',
    '',
  ].join('\n')
  return formatAs(TARGET, src)
}

await runGenerator(import.meta.url, TARGET, render)

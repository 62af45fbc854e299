#!/usr/bin/env node
// Writes electron/services/certificates/hash-wasm.ts: SHA-1 and SHA-256 iterated on their own
// digest (the PKCS#12 key derivation's inner loop), as a WebAssembly module of about 13 KB.
//
// Why WebAssembly: in a process that has just started, JavaScript runs interpreted until V8 has
// optimised it, and a hash round in the interpreter allocates a heap number for nearly every
// 32-bit result. The 2,048-round MAC key of an ordinary PFX took 15–18 ms that way in `xgw
// inspect`; the same rounds compiled by V8's WebAssembly baseline compiler take 6–10 ms, with no
// warm-up to wait for. Unrolled JavaScript was as fast once optimised, but V8 interprets a
// function of a thousand statements for a long while first (20–35 ms for 2,048 rounds), and on
// some CPUs two JavaScript chains side by side were slower than one; two WebAssembly chains side
// by side were never slower.
//
// The module below is the source; wabt (the WebAssembly binary toolkit) assembles it, and
// tests/unit/electron/services/certificates/hash-wasm.test.ts fails when the committed file
// differs from what this script writes.
//
// Memory: W, SHA-256's message schedule, at 0 (64 words); its round constants at 1024; the value
// being hashed at VALUE (5 or 8 words, each a native i32: the caller turns the digest's big-endian
// words into integers and back), and a second SHA-1 value at VALUE + 32. `sha1(n)`, `sha1pair(n)`
// and `sha256(n)` replace the value(s) by H^n(value).
//
//   node scripts/gen-hash-wasm.mjs          write the file
//   node scripts/gen-hash-wasm.mjs --check  exit 1 when the file is not what this script writes
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import wabtModule from 'wabt'

export const TARGET = fileURLToPath(new URL('../electron/services/certificates/hash-wasm.ts', import.meta.url))

const VALUE = 2048
const K_AT = 1024
// prettier-ignore
const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]
const IV256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const IV1 = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]

// Small builders for the folded (S-expression) text form.
const i32 = (v) => `(i32.const ${v | 0})`
const get = (x) => `(local.get $${x})`
const set = (x, e) => `(local.set $${x} ${e})`
const add = (...xs) => xs.reduce((a, b) => `(i32.add ${a} ${b})`)
const xor = (...xs) => xs.reduce((a, b) => `(i32.xor ${a} ${b})`)
const and = (a, b) => `(i32.and ${a} ${b})`
const or = (a, b) => `(i32.or ${a} ${b})`
const not = (a) => xor(a, i32(-1))
const rotr = (x, s) => `(i32.rotr ${x} ${i32(s)})`
const rotl = (x, s) => `(i32.rotl ${x} ${i32(s)})`
const shr = (x, s) => `(i32.shr_u ${x} ${i32(s)})`
/** Word `$i / 4 + off / 4` of the schedule ($i is a byte offset). */
const w = (off) => `(i32.load offset=${off} ${get('i')})`
const range = (n) => Array.from({ length: n }, (_, k) => k)
const locals = (names) => names.map((x) => `(local $${x} i32)`).join(' ')
/** Little-endian bytes of 32-bit words, as a data segment string. */
const dataLE = (words) =>
  words
    .map((v) =>
      range(4)
        .map((b) => `\\${((v >>> (8 * b)) & 0xff).toString(16).padStart(2, '0')}`)
        .join(''),
    )
    .join('')
/** `body` for $i = 0, 4, … while $i < end (bytes). */
const loop = (label, end, body) => `(local.set $i ${i32(0)}) (loop $${label} ${body} (local.set $i ${add(get('i'), i32(4))}) (br_if $${label} (i32.lt_u ${get('i')} ${i32(end)})))`
/**
 * The function `name(n)`: loads the value's `words` words, writes the block's constant words once
 * (the 0x80 terminator, zeros, the bit length), and per round stores the value as words 0..words-1,
 * runs `compress` on the schedule and adds the result to the IV.
 */
function iterate(name, words, iv, extra, compress) {
  const v = range(words).map((k) => `v${k}`)
  const r = 'abcdefgh'.slice(0, words).split('')
  const padding = [`(i32.store ${i32(4 * words)} ${i32(0x80000000)})`, ...range(15 - words - 1).map((k) => `(i32.store ${i32(4 * (words + 1 + k))} ${i32(0)})`), `(i32.store ${i32(60)} ${i32(32 * words)})`]
  return `(func (export "${name}") (param $n i32) ${locals([...v, ...r, 'i', ...extra])}
    ${v.map((x, k) => set(x, `(i32.load ${i32(VALUE + 4 * k)})`)).join(' ')}
    ${padding.join(' ')}
    (block $done (loop $round
      (br_if $done (i32.eqz ${get('n')}))
      ${v.map((x, k) => `(i32.store ${i32(4 * k)} ${get(x)})`).join(' ')}
      ${r.map((x, k) => set(x, i32(iv[k]))).join(' ')}
      ${compress}
      ${v.map((x, k) => set(x, add(i32(iv[k]), get(r[k])))).join(' ')}
      (local.set $n (i32.sub ${get('n')} ${i32(1)}))
      (br $round)))
    ${v.map((x, k) => `(i32.store ${i32(VALUE + 4 * k)} ${get(x)})`).join(' ')})`
}

// SHA-256 (FIPS 180-4, 6.2.2): W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], then 64 rounds.
const sha256 = iterate(
  'sha256',
  8,
  IV256,
  ['x', 'y', 't1', 't2'],
  `${loop('schedule', 192, `${set('x', w(4))} ${set('y', w(56))} (i32.store offset=64 ${get('i')} ${add(w(0), xor(rotr(get('x'), 7), rotr(get('x'), 18), shr(get('x'), 3)), w(36), xor(rotr(get('y'), 17), rotr(get('y'), 19), shr(get('y'), 10)))})`)}
      ${loop(
        'rounds',
        256,
        `${set('t1', add(get('h'), xor(rotr(get('e'), 6), rotr(get('e'), 11), rotr(get('e'), 25)), xor(and(get('e'), get('f')), and(not(get('e')), get('g'))), `(i32.load offset=${K_AT} ${get('i')})`, w(0)))}
        ${set('t2', add(xor(rotr(get('a'), 2), rotr(get('a'), 13), rotr(get('a'), 22)), or(and(get('a'), get('b')), and(get('c'), or(get('a'), get('b'))))))}
        ${set('h', get('g'))} ${set('g', get('f'))} ${set('f', get('e'))} ${set('e', add(get('d'), get('t1')))} ${set('d', get('c'))} ${set('c', get('b'))} ${set('b', get('a'))} ${set('a', add(get('t1'), get('t2')))}`,
      )}`,
)

// SHA-1 (FIPS 180-4, 6.1.2): W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]), then 80 rounds,
// unrolled: the schedule lives in locals, the block's constant words (the 0x80 terminator, zeros,
// the bit length 160) are folded in, and the working variables are renamed each round instead of
// shifted (~90 ns a round once optimised; the loop took ~150). SHA-256 stays a loop: unrolled,
// its quickly compiled code was slower and its optimised code no faster.

/** The statements of one SHA-1 chain whose locals are prefixed `p`: value words `${p}v0..4`. */
function sha1Chain(p) {
  const word = (t) => (t < 5 ? get(`${p}v${t}`) : t === 5 ? i32(0x80000000) : t < 15 ? null : t === 15 ? i32(160) : get(`${p}w${t}`))
  const schedule = range(64).map((k) => {
    const t = 16 + k
    return set(`${p}w${t}`, rotl(xor(...[t - 3, t - 8, t - 14, t - 16].map(word).filter((x) => x !== null)), 1))
  })
  let r = ['a', 'b', 'c', 'd', 'e'].map((x) => `${p}${x}`)
  const rounds = [r.map((x, k) => set(x, i32(IV1[k]))).join(' ')]
  for (let t = 0; t < 80; t++) {
    const [a, b, c, d, e] = r
    const f = t < 20 ? or(and(get(b), get(c)), and(not(get(b)), get(d))) : t >= 40 && t < 60 ? or(and(get(b), get(c)), and(get(d), or(get(b), get(c)))) : xor(get(b), get(c), get(d))
    const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6
    rounds.push(`${set(e, add(...[rotl(get(a), 5), f, get(e), i32(k), word(t)].filter((x) => x !== null)))} ${set(b, rotl(get(b), 30))}`)
    r = [e, a, b, c, d]
  }
  const v = range(5).map((k) => `${p}v${k}`)
  return {
    locals: [...v, ...['a', 'b', 'c', 'd', 'e'].map((x) => `${p}${x}`), ...range(64).map((k) => `${p}w${16 + k}`)],
    schedule,
    rounds,
    finish: v.map((x, k) => set(x, add(i32(IV1[k]), get(r[k])))).join(' '),
    load: (at) => v.map((x, k) => set(x, `(i32.load ${i32(at + 4 * k)})`)).join(' '),
    store: (at) => v.map((x, k) => `(i32.store ${i32(at + 4 * k)} ${get(x)})`).join(' '),
  }
}

/**
 * `name(n)` over the chains given, statement by statement side by side: one chain's value at
 * VALUE, the second's at VALUE + 32. Two independent chains let the CPU overlap one chain's
 * dependencies with the other's work (~85 ns a round each, ~90 alone, on the slowest host seen).
 */
function sha1Function(name, chains) {
  const side = (pick) => range(chains[0][pick].length).flatMap((i) => chains.map((c) => c[pick][i]))
  return `(func (export "${name}") (param $n i32) ${locals(chains.flatMap((c) => c.locals))}
    ${chains.map((c, k) => c.load(VALUE + 32 * k)).join(' ')}
    (block $done (loop $round
      (br_if $done (i32.eqz ${get('n')}))
      ${[...side('schedule'), ...side('rounds')].join('\n      ')}
      ${chains.map((c) => c.finish).join(' ')}
      (local.set $n (i32.sub ${get('n')} ${i32(1)}))
      (br $round)))
    ${chains.map((c, k) => c.store(VALUE + 32 * k)).join(' ')})`
}
const sha1 = sha1Function('sha1', [sha1Chain('')])
const sha1Pair = sha1Function('sha1pair', [sha1Chain('x'), sha1Chain('y')])

export const WAT = `(module
  (memory (export "memory") 1)
  (data ${i32(K_AT)} "${dataLE(K256)}")
  ${sha1}
  ${sha1Pair}
  ${sha256})
`

/** The module's bytes, assembled by wabt. */
export async function assemble() {
  const wabt = await wabtModule()
  const mod = wabt.parseWat('hash.wat', WAT)
  try {
    mod.validate()
    return Buffer.from(mod.toBinary({}).buffer)
  } finally {
    mod.destroy()
  }
}

/** The generated module's text, formatted with the project's Prettier settings. */
export async function render() {
  const bytes = await assemble()
  const src = [
    '// Generated by scripts/gen-hash-wasm.mjs from the WebAssembly text in that script; do not edit.',
    '',
    '/** The WebAssembly module: exports `memory`, `sha1(n)`, `sha1pair(n)` and `sha256(n)` (see the script). */',
    `export const HASH_WASM = '${bytes.toString('base64')}'`,
    '/** Byte offset in its memory of the value being hashed (5 or 8 native 32-bit words); a second SHA-1 value 32 bytes on. */',
    `export const HASH_WASM_VALUE = ${VALUE}`,
    '',
  ].join('\n')
  const options = await prettier.resolveConfig(TARGET)
  return prettier.format(src, { ...options, filepath: TARGET })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await render()
  if (process.argv.includes('--check')) {
    let current = ''
    try {
      current = readFileSync(TARGET, 'utf8')
    } catch {
      // missing: differs
    }
    if (current !== text) {
      process.stderr.write(`${TARGET} is not what scripts/gen-hash-wasm.mjs writes; run it.\n`)
      process.exit(1)
    }
  } else writeFileSync(TARGET, text)
}

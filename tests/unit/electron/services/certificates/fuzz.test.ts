/**
 * Fuzz: thousands of mutated and truncated inputs (seeded, reproducible). Each one either reads
 * or fails with a coded AppError from the closed certificate set, within a time bound; nothing
 * crashes, throws an uncoded exception or hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { inspectContainer } from '../../../../../electron/services/certificates/inspect'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readContainer } from '../../../../../electron/services/certificates/read-container'
import { TestPki } from '../../../../helpers/openssl'

const ALLOWED = new Set<string>([ErrorCode.WrongPassword, ErrorCode.PasswordRequired, ErrorCode.Truncated, ErrorCode.Malformed, ErrorCode.UnsupportedFormat, ErrorCode.TooLarge, ErrorCode.UnsupportedKey])
const PER_INPUT_MS = 1000
/** 8 seeds x 2,600 = 20,800 inputs: about 25 s on a loaded two-core machine. */
const PER_SEED = 2600

let pki: TestPki
const seeds: { name: string; bytes: Buffer; password: string }[] = []

/** Mulberry32: small seeded PRNG so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mutate(src: Buffer, r: () => number): Buffer {
  const b = Buffer.from(src)
  const kind = Math.floor(r() * 5)
  const at = Math.floor(r() * b.length)
  switch (kind) {
    case 0: // truncate
      return b.subarray(0, at)
    case 1: {
      // flip 1-4 bytes
      for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) b[Math.floor(r() * b.length)]! ^= 1 << Math.floor(r() * 8)
      return b
    }
    case 2: // inflate a (likely) length byte
      b[at] = [0x80, 0x84, 0xff, 0x7f, 0x00][Math.floor(r() * 5)]!
      return b
    case 3: // delete a run
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(r() * 16)))])
    default: // insert random bytes
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256))), b.subarray(at)])
  }
}

beforeAll(() => {
  pki = new TestPki()
  const leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'], key: 'ec' })
  seeds.push({ name: 'pfx-3des', bytes: pki.pfx('a.pfx', leaf, 'pw', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-noiter', '-nomaciter']), password: 'pw' })
  seeds.push({ name: 'pfx-aes', bytes: pki.pfx('b.pfx', leaf, 'pw', ['-iter', '1', '-nomaciter']), password: 'pw' })
  seeds.push({ name: 'pfx-plain', bytes: pki.pfx('c.pfx', leaf, 'pw', ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']), password: 'pw' })
  pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'int.pem', '-certfile', 'leaf.pem', '-outform', 'DER', '-out', 'd.p7c'])
  seeds.push({ name: 'p7b', bytes: pki.read('d.p7c'), password: '' })
  pki.run(['pkcs8', '-topk8', '-in', 'leaf.key', '-v2', 'aes-256-cbc', '-iter', '1', '-passout', pki.pw('k', 'pw'), '-out', 'k.pem'])
  seeds.push({ name: 'pem-bundle', bytes: Buffer.from(pki.text('leaf.pem') + pki.text('int.pem') + pki.text('k.pem')), password: 'pw' })
  pki.run(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der'])
  seeds.push({ name: 'der', bytes: pki.read('leaf.der'), password: '' })
  // Bare keys: their integers and lengths are what the key checks guard before OpenSSL sees them.
  pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-outform', 'DER', '-out', 'k8.der'])
  seeds.push({ name: 'ec-pkcs8-der', bytes: pki.read('k8.der'), password: '' })
  pki.run(['genrsa', '-out', 'r.key', '1024'])
  pki.run(['rsa', '-in', 'r.key', '-traditional', '-outform', 'DER', '-out', 'r1.der'])
  seeds.push({ name: 'rsa-pkcs1-der', bytes: pki.read('r1.der'), password: '' })
})
afterAll(() => pki?.cleanup())

describe('fuzz', () => {
  it(`${PER_SEED * 8} mutated inputs: coded errors only, each within the time bound`, () => {
    const p = createPrimitives()
    const r = rng(0x5eed)
    const seen = new Map<string, number>()
    let worst = 0
    for (const seed of seeds) {
      // Every seed reads cleanly before mutation (the fuzz starts from valid files).
      expect(() => inspectContainer(p, readContainer(p, seed.bytes, seed.password))).not.toThrow()
      for (let i = 0; i < PER_SEED; i++) {
        const input = mutate(seed.bytes, r)
        const t0 = performance.now()
        let outcome = 'ok'
        try {
          inspectContainer(p, readContainer(p, input, seed.password))
        } catch (e) {
          if (!(e instanceof AppError)) throw new Error(`${seed.name} #${i}: uncoded ${String(e)}\n${input.toString('base64')}`, { cause: e })
          outcome = e.code
          expect(ALLOWED.has(e.code), `${seed.name} #${i}: ${e.code} ${e.message}`).toBe(true)
          expect(e.message).not.toMatch(/\n\s+at /)
        }
        const ms = performance.now() - t0
        worst = Math.max(worst, ms)
        expect(ms, `${seed.name} #${i}`).toBeLessThan(PER_INPUT_MS)
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
      }
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0)
    console.log(`fuzz: ${total} inputs, 0 crashes, 0 uncoded errors, worst ${worst.toFixed(0)} ms; outcomes ${JSON.stringify(Object.fromEntries(seen))}`)
    expect(total).toBeGreaterThanOrEqual(20_000)
    expect(seen.get(ErrorCode.UnsupportedKey)).toBeGreaterThan(0)
    // The mutations reach the interesting classes, so the check is not vacuous.
    expect(seen.get(ErrorCode.Truncated)).toBeGreaterThan(100)
    expect(seen.get(ErrorCode.Malformed)).toBeGreaterThan(100)
    expect(seen.get(ErrorCode.WrongPassword)).toBeGreaterThan(10)
  })
})

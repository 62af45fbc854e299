/** The PKCS#12 KDF's fast inner loop equals node:crypto hashing round by round. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { iterateDigest, iterateDigests } from '../../../../../electron/services/certificates/iterated-hash'
import { pkcs12Kdf } from '../../../../../electron/services/certificates/pbe'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'

const reference = (alg: string, x: Buffer, n: number) => {
  for (let i = 0; i < n; i++) x = createHash(alg).update(x).digest()
  return x.toString('hex')
}

describe('iterated digest', () => {
  it.each(['sha1', 'sha256'])('%s matches createHash for 1, 2 and 1000 rounds', (alg) => {
    const x = createHash(alg).update('seed').digest()
    let ref = x
    for (let i = 1; i <= 1000; i++) {
      ref = createHash(alg).update(ref).digest()
      if (i === 1 || i === 2 || i === 1000) expect(iterateDigest(alg, x, i)!.equals(ref), `${i}`).toBe(true)
    }
    expect(iterateDigest(alg, x, 0)).toBe(x)
    expect(iterateDigest('sha512', createHash('sha512').update('x').digest(), 3)).toBeNull()
    expect(iterateDigest(alg, Buffer.alloc(7), 3)).toBeNull() // not a digest of this hash
  })

  it.each(['sha1', 'sha256'])('%s: one to five values in one call (SHA-1 two side by side, then one), each its own chain, over 100,003 rounds', (alg) => {
    // 100,003: past anything a first call could keep in V8's quickly compiled code, and not a multiple of the calls into the module.
    const seeds = ['a', 'b', 'c', 'd', 'e'].map((s) => createHash(alg).update(s).digest())
    const n = 100_003
    const want = seeds.map((x) => reference(alg, x, n))
    for (let k = 1; k <= 5; k++)
      expect(
        iterateDigests(alg, seeds.slice(0, k), n)!.map((b) => b.toString('hex')),
        `${k} values`,
      ).toEqual(want.slice(0, k))
  })

  it('PKCS#12 KDF is identical on the native and the forge path, with and without the fast loop', () => {
    const pw = Buffer.from('0050006100730073000000', 'hex')
    const salt = Buffer.from('0102030405060708', 'hex')
    for (const hash of ['sha1', 'sha256', 'sha512'] as const) {
      const a = pkcs12Kdf(createPrimitives(), hash, pw, salt, 1, 2048, 24)
      const b = pkcs12Kdf(createPrimitives({ forceFallback: true }), hash, pw, salt, 1, 2048, 24)
      expect(a.equals(b)).toBe(true)
    }
  })
})

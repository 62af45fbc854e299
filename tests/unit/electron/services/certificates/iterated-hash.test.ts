/** The PKCS#12 KDF's fast inner loop equals node:crypto hashing round by round. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CALIBRATION_SEGMENT, UNROLLED_CALL, UNROLLED_WARM, iterateDigest, iterateDigests, sha1SideBySide } from '../../../../../electron/services/certificates/iterated-hash'
import { pkcs12Kdf } from '../../../../../electron/services/certificates/pbe'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'

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
  })

  it.each(['sha1', 'sha256'])('%s: a call long enough for the unrolled code, and small calls after it, still match createHash', (alg) => {
    // The first call takes the unrolled code by its length and leaves the process warm, so the
    // small calls after it take it too (WebAssembly is what the test above runs).
    expect(UNROLLED_WARM).toBeGreaterThanOrEqual(UNROLLED_CALL)
    const seeds = ['u', 'v', 'w'].map((s) => createHash(alg).update(s).digest())
    let ref = seeds[0]!
    for (let i = 0; i < UNROLLED_WARM; i++) ref = createHash(alg).update(ref).digest()
    expect(iterateDigest(alg, seeds[0]!, UNROLLED_WARM)!.equals(ref)).toBe(true)
    const small = (x: Buffer) => {
      for (let i = 0; i < 777; i++) x = createHash(alg).update(x).digest()
      return x.toString('hex')
    }
    for (let round = 0; round < 4; round++) {
      expect(iterateDigests(alg, seeds, 777)!.map((b) => b.toString('hex'))).toEqual(seeds.map(small))
    }
  })

  it('SHA-1 chains long enough to time both ways decide once for the process, and stay right through the segments and after', () => {
    const reference = (x: Buffer, n: number) => {
      for (let i = 0; i < n; i++) x = createHash('sha1').update(x).digest()
      return x.toString('hex')
    }
    const seeds = ['p', 'q', 'r'].map((s) => createHash('sha1').update(s).digest())
    expect(sha1SideBySide()).toBeUndefined()
    // Not a whole number of segments: the remainder after calibrating is done the chosen way.
    const n = Math.max(UNROLLED_CALL, 5 * CALIBRATION_SEGMENT) + 3
    expect(iterateDigests('sha1', seeds, n)!.map((b) => b.toString('hex'))).toEqual(seeds.map((x) => reference(x, n)))
    const decided = sha1SideBySide()
    expect(typeof decided).toBe('boolean')
    expect(iterateDigests('sha1', seeds, 777)!.map((b) => b.toString('hex'))).toEqual(seeds.map((x) => reference(x, 777)))
    expect(iterateDigests('sha1', seeds, n)!.map((b) => b.toString('hex'))).toEqual(seeds.map((x) => reference(x, n)))
    expect(sha1SideBySide()).toBe(decided)
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

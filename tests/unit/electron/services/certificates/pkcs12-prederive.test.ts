/**
 * A PFX's PKCS#12 key derivations run side by side before the reading (issue 12): the keys are
 * node-forge's (an independent implementation of RFC 7292 B.2), each derivation starts once, and
 * a wrong password stops after the MAC key and the one chain run beside it.
 */
import forge from 'node-forge'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type P12Derivation, pkcs12Kdf, prederivePkcs12, withDerivedKeyMemo } from '../../../../../electron/services/certificates/pbe'
import { type CryptoPrimitives, createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readPkcs12 } from '../../../../../electron/services/certificates/pkcs12-reader'
import { type Leaf, TestPki } from '../../../../helpers/openssl'

let pki: TestPki
let leaf: Leaf

beforeAll(() => {
  pki = new TestPki()
  leaf = pki.leaf({ name: 'leaf', cn: 'sip.contoso.com', sans: ['sip.contoso.com'] })
})
afterAll(() => pki?.cleanup())

function counting() {
  const base = createPrimitives()
  const calls = { hash: 0 }
  const p: CryptoPrimitives = { ...base, mode: base.mode, hash: (...a) => (calls.hash++, base.hash(...a)) }
  return { p, calls }
}

const LEGACY = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']

describe('PKCS#12 derivations ahead of the reading', () => {
  it('batched derivations equal node-forge one by one: mixed hashes, counts, lengths and block counts', () => {
    const password = Buffer.from('0073006500630072006500740000', 'hex') // "secret" as a BMPString with its terminator
    const salt = Buffer.from('a1b2c3d4e5f60718', 'hex')
    const ds: P12Derivation[] = [
      { hash: 'sha1', password, salt, id: 1, iterations: 2048, n: 24 }, // two blocks, the second depends on the first
      { hash: 'sha1', password, salt, id: 2, iterations: 2048, n: 8 },
      { hash: 'sha1', password, salt, id: 3, iterations: 2048, n: 20 },
      { hash: 'sha1', password, salt, id: 1, iterations: 1000, n: 64 }, // four blocks, another count
      { hash: 'sha1', password, salt, id: 3, iterations: 1, n: 20 },
      { hash: 'sha256', password, salt, id: 3, iterations: 300, n: 32 },
      { hash: 'sha512', password, salt, id: 1, iterations: 3, n: 10 }, // no fast path: hashed round by round
    ]
    const p = createPrimitives()
    const ours = withDerivedKeyMemo(() => {
      prederivePkcs12(p, ds)
      return ds.map((d) => pkcs12Kdf(p, d.hash, d.password, d.salt, d.id, d.iterations, d.n))
    })
    ds.forEach((d, i) => {
      const md = { sha1: forge.md.sha1, sha256: forge.md.sha256, sha512: forge.md.sha512 }[d.hash as 'sha1' | 'sha256' | 'sha512'].create()
      const theirs = forge.pkcs12.generateKey('secret', forge.util.createBuffer(d.salt.toString('binary')), d.id, d.iterations, d.n, md)
      expect(ours[i]!.toString('hex'), `${d.hash} id ${d.id}, ${d.iterations} it., ${d.n} bytes`).toBe(Buffer.from(theirs.getBytes(), 'binary').toString('hex'))
    })
  })

  it('a 3DES PFX: every derivation starts once and the key is the one openssl packed', () => {
    const pfx = pki.pfx('legacy.pfx', leaf, 'secret', LEGACY)
    const { p, calls } = counting()
    const r = readPkcs12(p, pfx, 'secret')
    // The MAC key, and for the certificate safe and the key bag a 3DES key (two blocks) and an IV.
    expect(calls.hash).toBe(7)
    pki.run(['pkcs12', '-in', 'legacy.pfx', '-nocerts', '-nodes', '-passin', pki.pw('legacy.pfx', 'secret'), '-out', 'legacy-key.pem'])
    expect(r.keys[0]!.pkcs8.toString('hex')).toBe(pki.run(['pkcs8', '-topk8', '-nocrypt', '-in', 'legacy-key.pem', '-outform', 'DER']).toString('hex'))
    expect(r.certs).toHaveLength(3)
  })

  it('a wrong password stops after the MAC key and the one chain beside it', () => {
    const pfx = pki.pfx('legacy-wrong.pfx', leaf, 'secret', LEGACY)
    const { p, calls } = counting()
    expect(() => readPkcs12(p, pfx, 'not the password')).toThrow(expect.objectContaining({ code: 'WRONG_PASSWORD' }))
    expect(calls.hash).toBeLessThanOrEqual(2)
  })

  it('a MAC with one iteration beside bags with 2048: still read, each derivation once', () => {
    const pfx = pki.pfx('nomaciter.pfx', leaf, 'secret', [...LEGACY, '-nomaciter'])
    const { p, calls } = counting()
    const r = readPkcs12(p, pfx, 'secret')
    expect(r.info.macIterations).toBe(1)
    expect(calls.hash).toBe(7)
    expect(r.keys).toHaveLength(1)
  })
})

/**
 * Export checks its own PFX by reading it back, without deriving every key a second time
 * (issue 12): each PBKDF2 / PKCS#12 KDF input is derived once per export, the check still
 * catches a PFX that does not read back, and the memo is gone after the call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convert } from '../../../../../electron/services/certificates/convert'
import { pkcs12Kdf, withDerivedKeyMemo } from '../../../../../electron/services/certificates/pbe'
import { type CryptoPrimitives, createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readContainer } from '../../../../../electron/services/certificates/read-container'
import { readPkcs12 } from '../../../../../electron/services/certificates/pkcs12-reader'
import { writePkcs12 } from '../../../../../electron/services/certificates/pkcs12-writer'
import { type Leaf, TestPki, opensslTry } from '../../../../helpers/openssl'

let pki: TestPki
let rsa: Leaf

beforeAll(() => {
  pki = new TestPki()
  rsa = pki.leaf({ name: 'rsa', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
  pki.write('bundle.pem', rsa.certPem + rsa.keyPem + pki.text('int.pem') + pki.text('root.pem'))
})
afterAll(() => pki?.cleanup())

/** Primitives that count the calls that start a derivation. */
function counting(fallback: boolean) {
  const base = createPrimitives({ forceFallback: fallback })
  const calls = { pbkdf2: 0, hash: 0 }
  const p: CryptoPrimitives = {
    ...base,
    mode: base.mode,
    pbkdf2: (...a) => (calls.pbkdf2++, base.pbkdf2(...a)),
    hash: (...a) => (calls.hash++, base.hash(...a)),
  }
  return { p, calls }
}

describe.each([false, true])('export verification (forge fallback forced: %s)', (fallback) => {
  const material = () => {
    const c = readContainer(createPrimitives({ forceFallback: fallback }), pki.read('bundle.pem'))
    return { certificates: c.certificates, keys: c.keys.map((k) => k.pkcs8) }
  }

  it('modern: one PBKDF2 per encrypted part, and openssl reads the result', () => {
    const { p, calls } = counting(fallback)
    const r = convert(p, { ...material(), to: 'pfx', password: 'secret', profile: 'modern' })
    // The certificate safe and the key bag: two derivations, not six (write, check, read-back shown).
    expect(calls.pbkdf2).toBe(2)
    expect(r.readBack).toMatchObject({ format: 'pkcs12', includesKey: true })
    expect(r.readBack.certificates.map((c) => c.thumbprint)).toEqual([...r.certificates])
    pki.write('m.pfx', r.bytes)
    const res = opensslTry(pki.dir, ['pkcs12', '-in', 'm.pfx', '-noout', '-passin', pki.pw('m.pfx', 'secret')])
    expect(res.status, res.stderr).toBe(0)
    // Read back afresh (no memo), it opens with its password.
    expect(readPkcs12(createPrimitives({ forceFallback: fallback }), r.bytes, 'secret').keys).toHaveLength(1)
  })

  it('an encrypted PEM key: derived once for the write and the read-back the admin is shown', () => {
    const { p, calls } = counting(fallback)
    const r = convert(p, { ...material(), to: 'pem', password: 'secret', profile: 'modern' })
    expect(calls.pbkdf2).toBe(1)
    expect(r.readBack).toMatchObject({ format: 'pem', includesKey: true, protection: 'private key encrypted (PKCS#8, PBES2)' })
    // openssl, the oracle, opens the key with the password.
    pki.write('k.pem', r.bytes)
    const res = opensslTry(pki.dir, ['pkey', '-in', 'k.pem', '-noout', '-passin', pki.pw('k.pem', 'secret')])
    expect(res.status, res.stderr).toBe(0)
  })

  it('compatible: reading back inside the memo derives no PKCS#12 key again', () => {
    const m = material()
    const c = readContainer(createPrimitives({ forceFallback: fallback }), pki.read('bundle.pem'))
    const input = { pkcs8: c.keys[0]!.pkcs8, certs: m.certificates, password: 'secret', profile: 'compatible' as const }
    const twice = counting(fallback)
    readPkcs12(twice.p, writePkcs12(twice.p, input), 'secret')
    const once = counting(fallback)
    withDerivedKeyMemo(() => readPkcs12(once.p, writePkcs12(once.p, input), 'secret'))
    // Each derivation starts with one hash: MAC key + 2 safes x (3DES key, 2 blocks, + IV) = 7
    // derivations the read-back no longer repeats.
    expect(twice.calls.hash - once.calls.hash).toBe(7)
  })
})

describe('derived-key memo', () => {
  it('remembers inside the call only and zeroes what it kept', () => {
    const p = createPrimitives()
    const pw = Buffer.from('0070007700000', 'hex')
    const salt = Buffer.alloc(8, 1)
    let inside: Buffer | undefined
    const kept = withDerivedKeyMemo(() => {
      const a = pkcs12Kdf(p, 'sha1', pw, salt, 1, 2048, 24)
      inside = pkcs12Kdf(p, 'sha1', pw, salt, 1, 2048, 24)
      expect(inside.equals(a)).toBe(true)
      return a
    })
    // Callers get copies: zeroing the memo does not touch what they hold.
    expect(kept.equals(inside!)).toBe(true)
    expect(kept.some((b) => b !== 0)).toBe(true)
    expect(pkcs12Kdf(p, 'sha1', pw, salt, 1, 2048, 24).equals(kept)).toBe(true)
  })
})

/**
 * Export and conversion: every output read back by openssl 3.0 (PFX without -legacy), the PFX
 * profiles' algorithms as openssl reports them, chain order, friendly name, CSP attribute, EC
 * keys and non-ASCII passwords, on both primitive paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { convert } from '../../../../../electron/services/certificates/convert'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readContainer } from '../../../../../electron/services/certificates/read-container'
import { type Leaf, TestPki, opensslTry } from '../../../../helpers/openssl'

let pki: TestPki
let rsa: Leaf
let ec: Leaf
const FRIENDLY = 'SfB Edge – Contoso Größe €'
const NONASCII = 'Pässwörd€'

function material(file: string, password?: string) {
  const c = readContainer(createPrimitives(), pki.read(file), password)
  return { certificates: c.certificates, keys: c.keys.map((k) => k.pkcs8), cspName: c.keys[0]?.cspName }
}

beforeAll(() => {
  pki = new TestPki()
  rsa = pki.leaf({ name: 'rsa', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
  ec = pki.leaf({ name: 'ec', cn: 'edge.contoso.com', sans: ['edge.contoso.com'], key: 'ec' })
  // Unordered bundle: root, key, leaf, intermediate.
  pki.write('rsa.bundle.pem', pki.text('root.pem') + rsa.keyPem + rsa.certPem + pki.text('int.pem'))
  pki.write('ec.bundle.pem', pki.text('int.pem') + ec.certPem + ec.keyPem + pki.text('root.pem'))
})
afterAll(() => pki?.cleanup())

describe.each([false, true])('convert (forge fallback forced: %s)', (fallback) => {
  const p = () => createPrimitives({ forceFallback: fallback })

  it.each([
    ['compatible', 'rsa', 'secret', /MAC: sha1/, /pbeWithSHA1And3-KeyTripleDES-CBC/],
    ['compatible', 'ec', NONASCII, /MAC: sha1/, /pbeWithSHA1And3-KeyTripleDES-CBC/],
    ['modern', 'rsa', NONASCII, /MAC: sha256/, /PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/],
    ['modern', 'ec', 'secret', /MAC: sha256/, /PBES2, PBKDF2, AES-256-CBC/],
  ] as const)('PFX %s with %s key, password %s: openssl reads it without -legacy', (profile, key, password, mac, alg) => {
    const r = convert(p(), { ...material(`${key}.bundle.pem`), to: 'pfx', password, profile, friendlyName: FRIENDLY })
    expect(r.includesKey).toBe(true)
    expect(r.certificates).toEqual([pki.facts(`${key}.pem`).sha1, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1])
    const file = `${key}-${profile}.pfx`
    pki.write(file, r.bytes)
    const pw = pki.pw(file, password)
    const info = opensslTry(pki.dir, ['pkcs12', '-in', file, '-info', '-noout', '-passin', pw])
    expect(info.status, info.stderr).toBe(0)
    const text = info.stdout + info.stderr
    expect(text).toMatch(mac)
    // Certificates and key both encrypted with the profile's algorithm.
    expect(text.match(new RegExp(alg.source, 'g'))?.length).toBeGreaterThanOrEqual(2)
    const certs = opensslTry(pki.dir, ['pkcs12', '-in', file, '-nokeys', '-passin', pw])
    expect(certs.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3)
    // The friendly name's BMPString bytes are exact (pitfall 20: do not trust the CLI's display).
    expect(r.bytes.includes(Buffer.from(FRIENDLY, 'utf16le').swap16())).toBe(true)
    const keyOut = opensslTry(pki.dir, ['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', pw])
    expect(keyOut.status, keyOut.stderr).toBe(0)
    pki.write(`${file}.key.pem`, keyOut.stdout)
    const a = opensslTry(pki.dir, ['pkey', '-in', `${file}.key.pem`, '-pubout']).stdout
    const b = opensslTry(pki.dir, ['x509', '-in', `${key}.pem`, '-noout', '-pubkey']).stdout
    expect(a).toBe(b)
  })

  it('keeps the Microsoft CSP name through PFX → PFX', () => {
    pki.pfx('csp.pfx', rsa, 'secret', ['-CSP', 'Microsoft Enhanced RSA and AES Cryptographic Provider'])
    const r = convert(p(), { ...material('csp.pfx', 'secret'), to: 'pfx', password: 'secret' })
    pki.write('csp2.pfx', r.bytes)
    const info = opensslTry(pki.dir, ['pkcs12', '-in', 'csp2.pfx', '-nocerts', '-nodes', '-passin', pki.pw('csp2', 'secret')])
    expect(info.stdout).toContain('Microsoft CSP Name: Microsoft Enhanced RSA and AES Cryptographic Provider')
  })

  it('PEM with encrypted and plain key, DER, P7B', () => {
    const m = material('rsa.bundle.pem')
    const pem = convert(p(), { ...m, to: 'pem', password: NONASCII })
    pki.write('out.pem', pem.bytes)
    expect(pem.bytes.toString().match(/BEGIN CERTIFICATE/g)).toHaveLength(3)
    expect(pem.bytes.toString()).toContain('BEGIN ENCRYPTED PRIVATE KEY')
    expect(opensslTry(pki.dir, ['pkey', '-in', 'out.pem', '-passin', pki.pw('outpem', NONASCII), '-noout']).status).toBe(0)
    // Without a password the key is written only on an explicit choice.
    expect(() => convert(p(), { ...m, to: 'pem' })).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/without a password/) }))
    const plain = convert(p(), { ...m, to: 'pem', unencryptedKey: true })
    expect(plain.bytes.toString()).toContain('BEGIN PRIVATE KEY')
    // The encrypted key uses PBKDF2 at 600,000 iterations.
    pki.write('outkey.pem', Buffer.from(pem.bytes.toString().slice(pem.bytes.toString().indexOf('-----BEGIN ENCRYPTED PRIVATE KEY'))))
    const iter = opensslTry(pki.dir, ['asn1parse', '-in', 'outkey.pem', '-i'])
    expect(iter.stdout).toMatch(/INTEGER\s+:0927C0\b/)
    const der = convert(p(), { ...m, to: 'der' })
    pki.write('out.cer', der.bytes)
    expect(opensslTry(pki.dir, ['x509', '-in', 'out.cer', '-inform', 'DER', '-noout']).status).toBe(0)
    expect(der.certificates).toEqual([pki.facts('rsa.pem').sha1])
    const p7 = convert(p(), { ...m, to: 'p7b' })
    pki.write('out.p7b', p7.bytes)
    const certs = opensslTry(pki.dir, ['pkcs7', '-in', 'out.p7b', '-inform', 'DER', '-print_certs'])
    expect(certs.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3)
  })

  it('refuses a key that belongs to none of the certificates (KEY_MISMATCH)', () => {
    const m = material('rsa.bundle.pem')
    try {
      convert(p(), { certificates: m.certificates, keys: material('ec.bundle.pem').keys, to: 'pfx', password: 'x' })
      expect.unreachable()
    } catch (e) {
      expect((e as AppError).code).toBe(ErrorCode.KeyMismatch)
    }
  })
})

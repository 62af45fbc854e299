/**
 * Reading every container and encoding issue 3 names, with facts asserted against openssl's
 * own read-back, on both primitive paths (native, forced node-forge fallback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { MAX_CERTIFICATE_FILE_BYTES } from '../../../../../shared/domain/file-limits'
import { certificateFacts } from '../../../../../electron/services/certificates'
import { inspectContainer, type InspectResult } from '../../../../../electron/services/certificates/inspect'
import { detectNativeSupport } from '../../../../../electron/services/certificates/native-support'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readContainer } from '../../../../../electron/services/certificates/read-container'
import { type Leaf, type OpensslFacts, TestPki, pemToDer } from '../../../../helpers/openssl'

let pki: TestPki
let rsa: Leaf
let ec: Leaf
let utf: Leaf
const SANS = ['sip.contoso.com', 'contoso.com', 'edge.contoso.com']
const NONASCII = 'Pässwörd€'
const FRIENDLY = 'SfB Edge – Contoso Größe €'

function inspect(bytes: Buffer, password?: string, fallback = false): InspectResult {
  const p = createPrimitives({ forceFallback: fallback })
  return inspectContainer(p, readContainer(p, bytes, password))
}

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
  return 'ok'
}

function expectFacts(r: InspectResult, thumb: string, f: OpensslFacts) {
  const c = r.certificates.find((x) => x.thumbprint === thumb)
  expect(c, `certificate ${thumb}`).toBeDefined()
  expect(c!.subject).toBe(f.subject)
  expect(c!.issuer).toBe(f.issuer)
  expect(c!.serialNumber).toBe(f.serial)
  expect(c!.notBefore).toBe(f.notBefore)
  expect(c!.notAfter).toBe(f.notAfter)
  expect(c!.sha256).toBe(f.sha256)
  expect([...c!.dnsNames]).toEqual(f.dnsNames)
}

beforeAll(() => {
  pki = new TestPki()
  rsa = pki.leaf({ name: 'rsa', cn: 'edge.contoso.com', sans: SANS })
  ec = pki.leaf({ name: 'ec', cn: 'edge.contoso.com', sans: SANS, key: 'ec' })
  utf = pki.leaf({ name: 'utf', cn: 'edge.fabrikam.com', sans: ['edge.fabrikam.com'], org: 'Fabrikam Bäckerei GmbH, München' })
})
afterAll(() => pki?.cleanup())

describe('facts against openssl read-back', () => {
  it('RSA, EC and UTF-8 leaves, root and intermediate', () => {
    for (const name of ['rsa', 'ec', 'utf', 'int', 'root']) {
      const f = pki.facts(`${name}.pem`)
      const facts = certificateFacts(pemToDer(pki.text(`${name}.pem`)))
      expect(facts.thumbprint).toBe(f.sha1)
      expect(facts.thumbprint).toMatch(/^[0-9A-F]{40}$/)
      expectFacts({ certificates: [facts] } as unknown as InspectResult, f.sha1, f)
    }
    expect(certificateFacts(pemToDer(utf.certPem)).subject).toContain('O=Fabrikam Bäckerei GmbH\\, München')
    const e = certificateFacts(pemToDer(ec.certPem))
    expect(e.publicKey).toEqual({ type: 'EC', bits: 256, curve: 'P-256' })
    expect(e.eku).toEqual(['serverAuth', 'clientAuth'])
    expect(e.keyUsage).toEqual(['digitalSignature', 'keyEncipherment'])
    expect(certificateFacts(pemToDer(pki.text('root.pem'))).isCA).toBe(true)
    expect(certificateFacts(pemToDer(rsa.certPem)).caIssuers).toEqual(['http://pki.example.test/int.cer'])
  })
})

describe.each([false, true])('containers (forge fallback forced: %s)', (fallback) => {
  it('PEM bundle with key, CRLF, BOM, text around blocks, one-line base64, unordered', () => {
    const oneLine = (pem: string) => pem.replace(/(-----BEGIN [^-]+-----)\n([\s\S]*?)\n(-----END)/, (_m, a, b, c) => `${a}\n${b.replace(/\n/g, '')}\n${c}`)
    const text = `\ufeffBag Attributes\r\n    friendlyName: x\r\n${pki.text('root.pem')}junk between\n${oneLine(rsa.certPem)}${pki.text('int.pem')}${rsa.keyPem}trailer text`.replace(/\n/g, '\r\n')
    const r = inspect(Buffer.from(text, 'utf8'), undefined, fallback)
    const f = pki.facts('rsa.pem')
    expect(r.format).toBe('pem')
    expect(r.certificates).toHaveLength(3)
    expect(r.leaf).toBe(f.sha1)
    expect(r.privateKeys[0]).toMatchObject({ type: 'RSA', bits: 2048, matchesCertificate: f.sha1 })
    expect(r.chain).toEqual([f.sha1, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1])
    expect(r.chainComplete).toBe(true)
    expectFacts(r, f.sha1, f)
  })

  it('DER certificate, P7B in PEM and DER (chain order rebuilt)', () => {
    pki.run(['x509', '-in', 'rsa.pem', '-outform', 'DER', '-out', 'rsa.der'])
    const der = inspect(pki.read('rsa.der'), undefined, fallback)
    expect(der.format).toBe('x509-der')
    expectFacts(der, pki.facts('rsa.pem').sha1, pki.facts('rsa.pem'))
    pki.write('bundle.pem', pki.text('root.pem') + ec.certPem + pki.text('int.pem'))
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem', '-out', 'b.p7b'])
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem', '-outform', 'DER', '-out', 'b.p7c'])
    for (const [file, format] of [
      ['b.p7b', 'pkcs7-pem'],
      ['b.p7c', 'pkcs7-der'],
    ] as const) {
      const r = inspect(pki.read(file), undefined, fallback)
      expect(r.format).toBe(format)
      expect(r.certificates).toHaveLength(3)
      expect(r.leaf).toBe(pki.facts('ec.pem').sha1)
      expect(r.chain).toEqual([pki.facts('ec.pem').sha1, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1])
    }
  })

  it('private keys: PKCS#8, PKCS#1, SEC1, PEM and DER, encrypted PKCS#8 (AES, 3DES), traditional DEK-Info', () => {
    const pw = pki.pw('keys', NONASCII)
    pki.run(['pkey', '-in', 'rsa.key', '-traditional', '-out', 'rsa.pkcs1.pem'])
    pki.run(['pkey', '-in', 'rsa.key', '-outform', 'DER', '-out', 'rsa.key.der']) // PKCS#1 DER in OpenSSL 3.0 (pitfall 13)
    pki.run(['pkcs8', '-topk8', '-in', 'rsa.key', '-outform', 'DER', '-nocrypt', '-out', 'rsa.p8.der'])
    pki.run(['pkey', '-in', 'ec.key', '-traditional', '-out', 'ec.sec1.pem'])
    pki.run(['pkcs8', '-topk8', '-in', 'rsa.key', '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-passout', pw, '-out', 'rsa.aes.pem'])
    pki.run(['pkcs8', '-topk8', '-in', 'ec.key', '-v1', 'PBE-SHA1-3DES', '-passout', pw, '-out', 'ec.3des.pem'])
    pki.run(['pkcs8', '-topk8', '-in', 'rsa.key', '-v2', 'aes-256-cbc', '-passout', pw, '-outform', 'DER', '-out', 'rsa.aes.der'])
    pki.run(['rsa', '-in', 'rsa.key', '-aes256', '-traditional', '-passout', pw, '-out', 'rsa.trad.pem'])
    pki.run(['rsa', '-in', 'rsa.key', '-des3', '-traditional', '-passout', pw, '-out', 'rsa.trad3.pem'])
    pki.run(['ec', '-in', 'ec.key', '-aes128', '-passout', pw, '-out', 'ec.trad.pem'])
    const cases: [string, string, string | undefined, string][] = [
      ['rsa.key', 'RSA', undefined, 'pem'],
      ['rsa.pkcs1.pem', 'RSA', undefined, 'pem'],
      ['rsa.key.der', 'RSA', undefined, 'pkcs1-der'],
      ['rsa.p8.der', 'RSA', undefined, 'pkcs8-der'],
      ['ec.sec1.pem', 'EC', undefined, 'pem'],
      ['rsa.aes.pem', 'RSA', NONASCII, 'pem'],
      ['ec.3des.pem', 'EC', NONASCII, 'pem'],
      ['rsa.aes.der', 'RSA', NONASCII, 'encrypted-pkcs8-der'],
      ['rsa.trad.pem', 'RSA', NONASCII, 'pem'],
      ['rsa.trad3.pem', 'RSA', NONASCII, 'pem'],
      ['ec.trad.pem', 'EC', NONASCII, 'pem'],
    ]
    for (const [file, type, password, format] of cases) {
      const bytes = pki.read(file)
      const r = inspect(bytes, password, fallback)
      expect(r.format, file).toBe(format)
      expect(r.privateKeys[0]?.type, file).toBe(type)
      if (password) {
        expect(
          code(() => inspect(bytes, 'wrong', fallback)),
          file,
        ).toBe(ErrorCode.WrongPassword)
        expect(
          code(() => inspect(bytes, undefined, fallback)),
          file,
        ).toBe(ErrorCode.PasswordRequired)
      }
    }
    // Key + certificate given together: pairing is checked cryptographically.
    const withCert = inspect(Buffer.concat([pki.read('ec.trad.pem'), pki.read('ec.pem')]), NONASCII, fallback)
    expect(withCert.privateKeys[0]!.matchesCertificate).toBe(pki.facts('ec.pem').sha1)
  })

  it('CSR (PKCS#10) from openssl req', () => {
    const r = inspect(pki.read('rsa.csr'), undefined, fallback)
    expect(r.format).toBe('pem')
    expect(r.requests[0]).toMatchObject({ subject: 'CN=edge.contoso.com,C=US', signatureValid: true, publicKey: { type: 'RSA', bits: 2048 } })
  })
})

describe.each([false, true])('PFX variants (forge fallback forced: %s)', (fallback) => {
  const variants: [string, () => Buffer, string | undefined, Partial<{ mac: string | null; key: string; certs: number; fn: string }>][] = [
    ['OpenSSL 3 default (AES-256, PBKDF2, SHA-256 MAC)', () => pki.pfx('d.pfx', rsa, 'secret'), 'secret', { mac: 'sha256', key: 'RSA', certs: 3 }],
    ['EC default', () => pki.pfx('e.pfx', ec, 'secret'), 'secret', { mac: 'sha256', key: 'EC', certs: 3 }],
    ['Windows TripleDES-SHA1', () => pki.pfx('t.pfx', rsa, 'secret', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']), 'secret', { mac: 'sha1', certs: 3 }],
    ['legacy RC2-40', () => pki.pfx('l.pfx', rsa, 'secret', ['-legacy']), 'secret', { mac: 'sha1', certs: 3 }],
    ['unencrypted bags', () => pki.pfx('u.pfx', ec, 'secret', ['-keypbe', 'NONE', '-certpbe', 'NONE']), 'secret', { key: 'EC', certs: 3 }],
    ['no MAC', () => pki.pfx('n.pfx', rsa, 'secret', ['-nomac']), 'secret', { mac: null, certs: 3 }],
    ['empty password', () => pki.pfx('empty.pfx', rsa, null), '', { certs: 3 }],
    ['empty password opened with none given', () => pki.read('empty.pfx'), undefined, { certs: 3 }],
    ['non-ASCII password, AES', () => pki.pfx('na.pfx', ec, NONASCII), NONASCII, { key: 'EC' }],
    ['non-ASCII password, 3DES', () => pki.pfx('n3.pfx', rsa, NONASCII, ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']), NONASCII, {}],
    ['friendly name', () => pki.pfx('fn.pfx', rsa, 'secret', ['-name', FRIENDLY]), 'secret', { fn: FRIENDLY }],
    ['Microsoft CSP attribute', () => pki.pfx('csp.pfx', rsa, 'secret', ['-CSP', 'Microsoft Enhanced RSA and AES Cryptographic Provider']), 'secret', {}],
    ['certificates only', () => pki.pfx('co.pfx', rsa, 'secret', ['-nokeys']), 'secret', { certs: 3 }],
    ['key only', () => pki.pfx('ko.pfx', rsa, 'secret', ['-nocerts'], false), 'secret', { certs: 0 }],
  ]
  for (const [label, make, password, want] of variants) {
    it(label, () => {
      const bytes = make()
      const r = inspect(bytes, password, fallback)
      expect(r.format).toBe('pkcs12')
      if (want.certs !== undefined) expect(r.certificates).toHaveLength(want.certs)
      if (want.mac !== undefined) expect(r.pkcs12!.mac).toBe(want.mac)
      if (want.fn) expect(r.friendlyName).toBe(want.fn)
      const hasKey = !label.startsWith('certificates only')
      expect(r.privateKeys.length).toBe(hasKey ? 1 : 0)
      if (want.key) expect(r.privateKeys[0]!.type).toBe(want.key)
      if (hasKey && r.certificates.length) {
        const leafName = want.key === 'EC' ? 'ec.pem' : 'rsa.pem'
        const f = pki.facts(leafName)
        expect(r.privateKeys[0]!.matchesCertificate).toBe(f.sha1)
        expect(r.leaf).toBe(f.sha1)
        expectFacts(r, f.sha1, f)
      }
      if (password !== undefined && password !== '' && !label.includes('unencrypted')) {
        expect(code(() => inspect(bytes, 'wrong password', fallback))).toBe(ErrorCode.WrongPassword)
      }
    })
  }

  it('keeps the Microsoft CSP name for re-export', () => {
    const p = createPrimitives({ forceFallback: fallback })
    const c = readContainer(p, pki.read('csp.pfx'), 'secret')
    expect(c.keys[0]!.cspName).toBe('Microsoft Enhanced RSA and AES Cryptographic Provider')
  })

  it('wrong password reads "wrong password or damaged file"; none given is PASSWORD_REQUIRED', () => {
    try {
      inspect(pki.read('d.pfx'), 'nope', fallback)
      expect.unreachable()
    } catch (e) {
      expect((e as AppError).code).toBe(ErrorCode.WrongPassword)
      expect((e as AppError).message.toLowerCase()).toContain('wrong password or damaged file')
    }
    expect(code(() => inspect(pki.read('d.pfx'), undefined, fallback))).toBe(ErrorCode.PasswordRequired)
  })
})

describe('damaged input is a coded error', () => {
  it('truncated, corrupt, empty, random, oversized, not a certificate file', () => {
    const pfx = pki.read('t.pfx')
    expect(code(() => inspect(pfx.subarray(0, pfx.length - 100), 'secret'))).toBe(ErrorCode.Truncated)
    const corrupt = Buffer.from(pfx)
    corrupt[Math.floor(corrupt.length * 0.6)]! ^= 0x01
    expect([ErrorCode.WrongPassword, ErrorCode.Malformed]).toContain(code(() => inspect(corrupt, 'secret')))
    const der = pemToDer(rsa.certPem)
    expect(code(() => inspect(der.subarray(0, 300)))).toBe(ErrorCode.Truncated)
    expect(code(() => inspect(Buffer.alloc(0)))).toBe(ErrorCode.Malformed)
    expect(code(() => inspect(Buffer.from('hello, this is not a certificate')))).toBe(ErrorCode.Malformed)
    // One byte over the limit is refused, and the message states the size and the limit.
    const over = Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES + 1, 0x41)
    expect(code(() => inspect(over))).toBe(ErrorCode.TooLarge)
    expect(() => inspect(over)).toThrow(/16\.0 MB \(16,777,217 bytes\); a certificate file may be at most 16\.0 MB \(16,777,216 bytes\)/)
    const cut = rsa.certPem.slice(0, rsa.certPem.indexOf('-----END'))
    expect(code(() => inspect(Buffer.from(cut)))).toBe(ErrorCode.Truncated)
    expect(code(() => inspect(Buffer.from('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n')))).toBe(ErrorCode.Malformed)
  })
})

describe('native feature detection', () => {
  it('reports what native crypto lacks here (RC2 in Node 20 without the legacy provider) and forge covers it', () => {
    const rep = detectNativeSupport()
    expect(rep.ciphers['aes-256-cbc']).toBe(true)
    expect(rep.ciphers['des-ede3-cbc']).toBe(true)
    expect(rep.ciphers['rc2-40-cbc']).toBe(false)
    expect(rep.pbkdf2.sha256).toBe(true)
    // Same facts on both paths for the legacy RC2 file.
    expect(inspect(pki.read('l.pfx'), 'secret', true)).toEqual(inspect(pki.read('l.pfx'), 'secret', false))
  })
})

/**
 * Every certificate-shaped file is recognised (issue 10 "Recognise every certificate-shaped
 * file"): public keys (PUBLIC KEY, RSA PUBLIC KEY, DER SPKI) are inspected with type, size and the
 * SPKI SHA-256 openssl computes, and matched to the certificate / key in the file and in the
 * store; what is not certificate material is MALFORMED with a sentence saying what it is.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { createCertificateService } from '../../../../../electron/services/certificates'
import { type Leaf, TestPki } from '../../../../helpers/openssl'

let pki: TestPki
let leaf: Leaf
let storeDir: string
let svc: ReturnType<typeof createCertificateService>
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64')
const inspect = (data: Buffer | string) => svc.inspect({ name: 'f', data: b64(data), extraFiles: [] })

beforeAll(async () => {
  pki = new TestPki()
  leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
  pki.leaf({ name: 'ecleaf', cn: 'ec.contoso.com', sans: ['ec.contoso.com'], key: 'ec' })
  pki.run(['pkey', '-in', 'leaf.key', '-pubout', '-out', 'leaf.pub.pem'])
  pki.run(['pkey', '-in', 'leaf.key', '-pubout', '-outform', 'DER', '-out', 'leaf.pub.der'])
  pki.run(['rsa', '-in', 'leaf.key', '-RSAPublicKey_out', '-out', 'leaf.rsapub.pem'])
  pki.run(['pkey', '-in', 'ecleaf.key', '-pubout', '-out', 'ec.pub.pem'])
  storeDir = mkdtempSync(path.join(tmpdir(), 'xgw-recognise-'))
  svc = createCertificateService({ storeDir, log: silentLogger })
})
afterAll(async () => {
  await svc?.close()
  pki?.cleanup()
  rmSync(storeDir, { recursive: true, force: true })
})

describe('public keys', () => {
  it('PUBLIC KEY, RSA PUBLIC KEY and DER SPKI: type, bits and the SPKI SHA-256 openssl computes', async () => {
    const want = createHash('sha256').update(pki.read('leaf.pub.der')).digest('hex').toUpperCase()
    for (const f of ['leaf.pub.pem', 'leaf.rsapub.pem', 'leaf.pub.der']) {
      const r = await inspect(pki.read(f))
      expect(r.publicKeys, f).toEqual([{ type: 'RSA', bits: 2048, spkiSha256: want, matchesCertificate: null, matchesPrivateKey: false, stored: { certificates: [], pendingRequests: [] } }])
      expect(r.certificates).toEqual([])
    }
    expect((await inspect(pki.read('leaf.pub.der'))).format).toBe('spki-der')
    const ec = await inspect(pki.read('ec.pub.pem'))
    expect(ec.publicKeys[0]).toMatchObject({ type: 'EC', bits: 256, curve: 'P-256' })
  })

  it('matched to the certificate and key in the same file, and to the stored certificate', async () => {
    const same = await inspect(pki.text('leaf.pub.pem') + leaf.certPem + leaf.keyPem)
    expect(same.publicKeys[0]).toMatchObject({ matchesCertificate: pki.facts('leaf.pem').sha1, matchesPrivateKey: true })
    await svc.storeImport({ files: [{ name: 'leaf.pem', data: b64(leaf.certPem) }] })
    const stored = await inspect(pki.read('leaf.pub.pem'))
    expect(stored.publicKeys[0]!.stored).toEqual({ certificates: [pki.facts('leaf.pem').sha1], pendingRequests: [] })
    const other = await inspect(pki.read('ec.pub.pem'))
    expect(other.publicKeys[0]!.stored).toEqual({ certificates: [], pendingRequests: [] })
  })
})

describe('MALFORMED says what the file is', () => {
  const err = async (data: Buffer | string) => {
    try {
      await inspect(data)
    } catch (e) {
      return e as { code: string; message: string }
    }
    throw new Error('no error')
  }

  it('a Windows (IIS) error page saved as .cer', async () => {
    const e = await err('<!DOCTYPE html>\r\n<html><head><title>IIS 10.0 Detailed Error - 404.0 - Not Found</title></head><body><h3>HTTP Error 404.0 - Not Found</h3></body></html>')
    expect(e.code).toBe('MALFORMED')
    expect(e.message).toContain('a Windows (IIS) error page titled "IIS 10.0 Detailed Error - 404.0 - Not Found"')
    expect(e.message).toContain('download the certificate again')
  })

  it('another HTML page, plain text, binary data', async () => {
    expect((await err('<html><head><title>Sign in</title></head><body></body></html>')).message).toContain('an HTML web page titled "Sign in"')
    const t = await err('Please find the certificate attached.\nRegards, the PKI team')
    expect(t).toMatchObject({ code: 'MALFORMED', message: expect.stringContaining('text ("Please find the certificate attached. Regards, the PKI team")') })
    const bin = await err(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]))
    expect(bin).toMatchObject({ code: 'MALFORMED', message: expect.stringContaining('first byte is 0x4D, not a DER SEQUENCE (0x30)') })
  })

  it('text inside PEM armour is MALFORMED (not TRUNCATED), naming the block', async () => {
    const e = await err('-----BEGIN CERTIFICATE-----\nPasteTheCertificateHere\n-----END CERTIFICATE-----\n')
    expect(e.code).toBe('MALFORMED')
    expect(e.message).toContain('The "CERTIFICATE" block (its content begins "PasteTheCertificateHer')
    expect(e.message).toContain('not certificate material')
  })
})

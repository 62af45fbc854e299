/**
 * The store tells the truth (issue 10): a key pairs with its stored certificate whichever
 * arrived first, and every file that was not imported is named with its code and reason.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { createCertificateService } from '../../../../../electron/services/certificates'
import { type Leaf, TestPki } from '../../../../helpers/openssl'

let pki: TestPki
let a: Leaf
let b: Leaf
const dirs: string[] = []
const b64 = (x: Buffer | string) => Buffer.from(x).toString('base64')
const file = (name: string, data: Buffer | string) => ({ name, data: b64(data) })

async function freshStore() {
  const dir = mkdtempSync(path.join(tmpdir(), 'xgw-pair-'))
  dirs.push(dir)
  const svc = createCertificateService({ storeDir: dir, log: silentLogger })
  await svc.storeUnlock({ passphrase: 'correct horse battery' })
  return svc
}

beforeAll(() => {
  pki = new TestPki()
  a = pki.leaf({ name: 'a', cn: 'sip.contoso.com', sans: ['sip.contoso.com'] })
  b = pki.leaf({ name: 'b', cn: 'sip.contoso.com', sans: ['sip.contoso.com'] })
  pki.run(['req', '-new', '-key', 'a.key', '-subj', '/CN=sip.contoso.com', '-out', 'a.req'])
})
afterAll(() => {
  pki?.cleanup()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('key pairing in the store', () => {
  it('certificate first, then its key: the key pairs with the stored certificate (no pending request)', async () => {
    const svc = await freshStore()
    const thumb = pki.facts('a.pem').sha1
    expect((await svc.storeImport({ files: [file('a.cer', a.certPem), file('b.cer', b.certPem)] })).added).toHaveLength(2)
    const r = await svc.storeImport({ files: [file('a.key', a.keyPem)] })
    expect(r).toMatchObject({ added: [], paired: [thumb], pendingKeys: 0, errors: [] })
    const list = await svc.storeList({})
    expect(list.pending).toEqual([])
    expect(list.entries.find((e) => e.thumbprint === thumb)!.hasKey).toBe(true)
    expect(list.entries.find((e) => e.thumbprint === pki.facts('b.pem').sha1)!.hasKey).toBe(false)
    // The same key again is already there, not a new pending request.
    expect(await svc.storeImport({ files: [file('a-again.key', a.keyPem)] })).toMatchObject({ paired: [], pendingKeys: 0, duplicates: [thumb] })
    expect((await svc.storeList({})).pending).toEqual([])
    await svc.close()
  })

  it('key first, then its certificate: pending, then paired', async () => {
    const svc = await freshStore()
    expect(await svc.storeImport({ files: [file('a.key', a.keyPem)] })).toMatchObject({ pendingKeys: 1 })
    const r = await svc.storeImport({ files: [file('a.cer', a.certPem)] })
    expect(r.paired).toEqual([pki.facts('a.pem').sha1])
    expect((await svc.storeList({})).pending).toEqual([])
    await svc.close()
  })

  it('every file not imported is named with its code and reason', async () => {
    const svc = await freshStore()
    const r = await svc.storeImport({ files: [file('a.cer', a.certPem), file('request.req', pki.read('a.req')), file('notes.txt', 'the certificate will follow'), file('cut.pem', a.certPem.slice(0, 200))] })
    expect(r.added).toEqual([pki.facts('a.pem').sha1])
    expect(r.errors.map((e) => [e.name, e.error.code])).toEqual([
      ['notes.txt', 'MALFORMED'],
      ['cut.pem', 'TRUNCATED'],
      ['request.req', 'UNSUPPORTED_FORMAT'],
    ])
    expect(r.errors.find((e) => e.name === 'request.req')!.error.message).toContain('certificate request')
    expect(r.errors.find((e) => e.name === 'notes.txt')!.error.message).toContain('text ("the certificate will follow")')
    await svc.close()
  })
})

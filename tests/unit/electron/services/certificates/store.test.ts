/**
 * The file-system store through the service routes: passphrase, import with de-duplication,
 * keys only encrypted (0600 files, 0700 folders), search, tag, export, remove, folder import
 * through readMany, and a pending CSR key paired automatically with the issued certificate.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { createCertificateService } from '../../../../../electron/services/certificates'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { type Leaf, TestPki, opensslTry } from '../../../../helpers/openssl'

let pki: TestPki
let storeDir: string
let leaf: Leaf
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64')
const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  )

beforeAll(() => {
  pki = new TestPki()
  storeDir = path.join(mkdtempSync(path.join(tmpdir(), 'xgw-data-')), 'store')
  leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com', 'sip.contoso.com'] })
})
afterAll(() => {
  pki?.cleanup()
  rmSync(path.dirname(storeDir), { recursive: true, force: true })
})

describe('certificate store', () => {
  it('full cycle', async () => {
    const svc = createCertificateService({ storeDir, log: silentLogger, now: () => new Date('2026-01-01T00:00:00Z') })
    expect(await svc.storeStatus({})).toEqual({ initialised: false, unlocked: false, certificates: 0, pendingRequests: 0 })
    const pfx = { name: 'edge.pfx', data: b64(pki.pfx('edge.pfx', leaf, 'pw')), password: 'pw' }
    // Keys need the passphrase.
    const locked = await svc.storeImport({ files: [pfx] })
    expect(locked.errors[0]!.error.code).toBe(ErrorCode.StoreLocked)
    expect(await code(svc.storeUnlock({ passphrase: 'short' }))).toBe(ErrorCode.Validation)
    expect(await svc.storeUnlock({ passphrase: 'correct horse battery' })).toEqual({ created: true })
    const r = await svc.storeImport({ files: [pfx, { name: 'garbage.bin', data: b64('nope') }] })
    const thumb = pki.facts('leaf.pem').sha1
    expect(r.added).toEqual([thumb, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1])
    expect(r.paired).toEqual([thumb])
    expect(r.errors).toEqual([{ name: 'garbage.bin', error: expect.objectContaining({ code: ErrorCode.Malformed }) }])
    const again = await svc.storeImport({ files: [pfx] })
    expect(again.added).toEqual([])
    expect(again.duplicates).toHaveLength(3)

    // On disk: 0700 folders, 0600 files, the key only encrypted.
    expect(statSync(storeDir).mode & 0o777).toBe(0o700)
    const keyFile = path.join(storeDir, 'keys', `${thumb}.p8e`)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(statSync(path.join(storeDir, 'index.json')).mode & 0o777).toBe(0o600)
    const enc = opensslTry(pki.dir, ['pkey', '-inform', 'DER', '-in', keyFile, '-passin', pki.pw('store', 'correct horse battery'), '-noout'])
    expect(enc.status, enc.stderr).toBe(0)
    expect(opensslTry(pki.dir, ['pkey', '-inform', 'DER', '-in', keyFile, '-passin', pki.pw('bad', 'wrong'), '-noout']).status).not.toBe(0)
    expect(readdirSync(storeDir).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const found = await svc.storeList({ query: 'SIP.CONTOSO' })
    expect(found.entries.map((e) => e.thumbprint)).toEqual([thumb])
    expect(found.entries[0]!.hasKey).toBe(true)
    const tagged = await svc.storeTag({ thumbprint: thumb, tag: 'edge', on: true })
    expect(tagged.tags).toEqual(['edge'])
    await svc.storeTag({ thumbprint: pki.facts('int.pem').sha1, tag: 'edge', on: true })
    expect((await svc.storeList({ query: 'edge' })).entries.filter((e) => e.tags.includes('edge')).map((e) => e.thumbprint)).toEqual([pki.facts('int.pem').sha1])

    // Export with chain and key, compatible profile; openssl reads it without -legacy.
    const out = await svc.storeExport({ thumbprint: thumb.toLowerCase(), to: 'pfx', includeKey: true, password: 'export-pw', profile: 'compatible' })
    expect(out.certificates).toEqual([thumb, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1])
    pki.write('export.pfx', Buffer.from(out.data, 'base64'))
    const info = opensslTry(pki.dir, ['pkcs12', '-in', 'export.pfx', '-info', '-noout', '-passin', pki.pw('export', 'export-pw')])
    expect(info.status, info.stderr).toBe(0)

    // A new session must unlock again; a wrong passphrase is refused.
    const svc2 = createCertificateService({ storeDir, log: silentLogger })
    expect(await code(svc2.storeExport({ thumbprint: thumb, to: 'pfx', includeKey: true, password: 'x', profile: 'compatible' }))).toBe(ErrorCode.StoreLocked)
    expect(await code(svc2.storeUnlock({ passphrase: 'wrong passphrase' }))).toBe(ErrorCode.WrongPassword)
    await svc2.storeRemove({ thumbprint: thumb })
    expect(await code(svc2.storeRemove({ thumbprint: thumb }))).toBe(ErrorCode.NotFound)
    expect(() => statSync(keyFile)).toThrow()
  })

  it('a pending CSR key is paired when the issued certificate is imported', async () => {
    const svc = createCertificateService({ storeDir: `${storeDir}-2`, log: silentLogger })
    await svc.storeUnlock({ passphrase: 'correct horse battery' })
    const csr = await svc.createCsr({
      accessEdgeFqdn: 'sip.contoso.com',
      sans: ['sip.contoso.com'],
      extraSans: [],
      allowWildcard: false,
      keySize: 2048,
      friendlyName: '',
      organization: '',
      organizationalUnit: '',
      country: '',
      state: '',
      city: '',
      exportable: true,
      requestFile: 'x.req',
      templateName: '',
      sipDomains: [],
      storePendingKey: true,
    })
    expect(csr.pendingId).toMatch(/^[0-9a-f-]{36}$/)
    expect((await svc.storeStatus({})).pendingRequests).toBe(1)
    // The CA issues the certificate from our CSR (openssl ca), the admin imports the .cer.
    pki.write('pending.csr', csr.csrPem)
    pki.write('pending.ext', '[ext]\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:sip.contoso.com\n')
    pki.write('serial', '2000\n')
    pki.run(['ca', '-batch', '-config', 'ca.cnf', '-notext', '-in', 'pending.csr', '-out', 'issued.pem', '-cert', 'int.pem', '-keyfile', 'int.key', '-extfile', 'pending.ext', '-extensions', 'ext', '-days', '30'])
    const r = await svc.storeImport({ files: [{ name: 'issued.cer', data: b64(pki.read('issued.pem')) }] })
    const thumb = pki.facts('issued.pem').sha1
    expect(r.added).toEqual([thumb])
    expect(r.paired).toEqual([thumb])
    expect((await svc.storeStatus({})).pendingRequests).toBe(0)
    await expect(svc.storeExport({ thumbprint: thumb, to: 'pem', includeKey: true, profile: 'compatible' })).rejects.toMatchObject({ code: 'VALIDATION' })
    const pem = await svc.storeExport({ thumbprint: thumb, to: 'pem', includeKey: true, profile: 'compatible', unencryptedKey: true })
    expect(Buffer.from(pem.data, 'base64').toString()).toContain('BEGIN PRIVATE KEY')
    expect(pem.includesKey).toBe(true)
    rmSync(`${storeDir}-2`, { recursive: true, force: true })
  })

  it('a damaged index is reported, never overwritten silently', async () => {
    const dir = `${storeDir}-3`
    const svc = createCertificateService({ storeDir: dir, log: silentLogger })
    await svc.storeUnlock({ passphrase: 'correct horse battery' })
    const index = path.join(dir, 'index.json')
    const good = readFileSync(index, 'utf8')
    writeFileSync(index, '{"version":1,"entries":"x"}')
    expect(await code(svc.storeList({}))).toBe(ErrorCode.StoreIo)
    writeFileSync(index, good)
    expect((await svc.storeList({})).entries).toEqual([])
    rmSync(dir, { recursive: true, force: true })
  })
})

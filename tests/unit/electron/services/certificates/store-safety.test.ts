/**
 * The store's crash safety and key protection: keys written at 100,000 PBKDF2 iterations are
 * re-wrapped at 600,000 on the next unlock (measured), files left by an interrupted import are
 * reconciled at start, and a file that fails half-way through an import leaves nothing behind.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { createCertificateService } from '../../../../../electron/services/certificates'
import { STORE_KDF_ITERATIONS } from '../../../../../electron/services/certificates/cert-store'
import { JOBS } from '../../../../../electron/services/certificates/jobs'
import { encryptPkcs8 } from '../../../../../electron/services/certificates/keys'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { type Leaf, TestPki, opensslTry } from '../../../../helpers/openssl'

let pki: TestPki
let base: string
let leaf: Leaf
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64')
const PW = 'correct horse battery'
/** The PBKDF2 iteration count inside an encrypted key file, as OpenSSL reports it. */
const iterationsOf = (file: string) => {
  const out = opensslTry(pki.dir, ['asn1parse', '-inform', 'DER', '-in', file]).stdout
  return parseInt(/INTEGER\s+:([0-9A-F]+)/.exec(out)![1]!, 16)
}

beforeAll(() => {
  pki = new TestPki()
  base = mkdtempSync(path.join(tmpdir(), 'xgw-store-safety-'))
  leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
})
afterAll(() => {
  pki?.cleanup()
  rmSync(base, { recursive: true, force: true })
})

describe('certificate store safety', () => {
  it('re-wraps a store written at 100,000 iterations to 600,000 on the next unlock; the key still exports identically', async () => {
    expect(STORE_KDF_ITERATIONS).toBe(600_000)
    const storeDir = path.join(base, 'rewrap')
    const svc = createCertificateService({ storeDir, log: silentLogger })
    await svc.storeUnlock({ passphrase: PW })
    const pfx = { name: 'edge.pfx', data: b64(pki.pfx('edge.pfx', leaf, 'pw')), password: 'pw' }
    await svc.storeImport({ files: [pfx] })
    const thumb = pki.facts('leaf.pem').sha1
    const keyFile = path.join(storeDir, 'keys', `${thumb}.p8e`)
    expect(iterationsOf(keyFile)).toBe(600_000)
    const before = await svc.storeExport({ thumbprint: thumb, to: 'pem', includeKey: true, profile: 'compatible', unencryptedKey: true })

    // Make it a store of the previous version: check value and key at 100,000 iterations.
    const p = createPrimitives()
    const index = JSON.parse(readFileSync(path.join(storeDir, 'index.json'), 'utf8'))
    const salt = p.random(16)
    index.passphrase = { salt: salt.toString('hex').toUpperCase(), iterations: 100_000, check: JOBS.passCheck({ password: PW, salt, iterations: 100_000, label: 'xgw certificate store passphrase check' }, {}) }
    writeFileSync(path.join(storeDir, 'index.json'), JSON.stringify(index))
    const pkcs8 = JOBS.decryptKey({ der: readFileSync(keyFile), password: PW }, {})
    writeFileSync(keyFile, encryptPkcs8(p, pkcs8, PW, 100_000))
    expect(iterationsOf(keyFile)).toBe(100_000)

    const fresh = createCertificateService({ storeDir, log: silentLogger })
    const t0 = performance.now()
    expect(await fresh.storeUnlock({ passphrase: PW })).toEqual({ created: false })
    const ms = performance.now() - t0
    console.log(`unlock with re-wrap of 1 key from 100,000 to 600,000 iterations: ${Math.round(ms)} ms (in-process here; a worker in the shells)`)
    expect(JSON.parse(readFileSync(path.join(storeDir, 'index.json'), 'utf8')).passphrase.iterations).toBe(600_000)
    expect(iterationsOf(keyFile)).toBe(600_000)
    const after = await fresh.storeExport({ thumbprint: thumb, to: 'pem', includeKey: true, profile: 'compatible', unencryptedKey: true })
    expect(after.data).toBe(before.data)
    // A second unlock finds nothing to re-wrap and the passphrase still opens the store.
    const t1 = performance.now()
    await createCertificateService({ storeDir, log: silentLogger }).storeUnlock({ passphrase: PW })
    console.log(`unlock at 600,000 iterations (passphrase check only): ${Math.round(performance.now() - t1)} ms`)
  }, 120_000)

  it('files left by an interrupted import or CSR are reconciled at start; indexed ones stay', async () => {
    const storeDir = path.join(base, 'orphans')
    const svc = createCertificateService({ storeDir, log: silentLogger })
    await svc.storeImport({ files: [{ name: 'leaf.pem', data: b64(leaf.certPem) }] })
    const thumb = pki.facts('leaf.pem').sha1
    const orphanCert = path.join(storeDir, 'certs', `${'AB'.repeat(20)}.cer`)
    const orphanKey = path.join(storeDir, 'keys', `${'CD'.repeat(20)}.p8e`)
    const orphanPending = path.join(storeDir, 'pending', '0f0f0f0f-0f0f-0f0f-0f0f-0f0f0f0f0f0f.p8e')
    const orphanTmp = path.join(storeDir, '.index.json.0123456789ab.tmp')
    for (const f of [orphanCert, orphanKey, orphanPending, orphanTmp]) writeFileSync(f, 'left by a crash')
    // A new process starts and lists the store.
    const next = createCertificateService({ storeDir, log: silentLogger })
    expect((await next.storeList({})).entries.map((e) => e.thumbprint)).toEqual([thumb])
    expect(readdirSync(path.join(storeDir, 'certs'))).toEqual([`${thumb}.cer`])
    expect(readdirSync(path.join(storeDir, 'keys'))).toEqual([])
    expect(readdirSync(path.join(storeDir, 'pending'))).toEqual([])
    expect(readdirSync(storeDir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([])
  })

  it('a file whose key cannot be stored is not imported at all: no certificate file, no index entry', async () => {
    const storeDir = path.join(base, 'half')
    const svc = createCertificateService({ storeDir, log: silentLogger })
    // A certificate and a key in one PEM while the store is locked: the key needs the passphrase.
    const bundle = b64(leaf.certPem + readFileSync(leaf.keyFile, 'utf8'))
    const r = await svc.storeImport({
      files: [
        { name: 'both.pem', data: bundle },
        { name: 'int.pem', data: b64(pki.text('int.pem')) },
      ],
    })
    expect(r.errors).toEqual([{ name: 'both.pem', error: expect.objectContaining({ code: 'STORE_LOCKED' }) }])
    expect(r.added).toEqual([pki.facts('int.pem').sha1])
    expect(readdirSync(path.join(storeDir, 'certs'))).toEqual([`${pki.facts('int.pem').sha1}.cer`])
  })
})

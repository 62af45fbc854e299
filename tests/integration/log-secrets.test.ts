import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHandlers, createServices } from '../../electron/app/create-services'
import { createDispatcher, type Dispatch } from '../../electron/ipc/dispatcher'
import { createFileLogger, type FileLogger } from '../../electron/lib/file-logger'
import { tempDir } from '../helpers/temp-dir'

// Issue 6: after a full run through the routes, the diagnostics log holds what was done and
// when, and none of the secrets used: PFX passwords, the store passphrase, export passwords,
// key material.
const SECRETS = {
  pfxPassword: 'Pfx-Import-Secret-7731',
  wrongPassword: 'Wrong-Guess-Secret-1177',
  storePassphrase: 'Store-Passphrase-Secret-4242',
  exportPassword: 'Export-Password-Secret-9090',
  keyPassword: 'Csr-Key-Password-Secret-5151',
}

let dir: string
let cleanup: () => Promise<void>
let dispatch: Dispatch
let log: FileLogger
let keyBase64Slice = ''

const call = async (route: string, input: unknown) => {
  const res = (await dispatch(route, input)) as { ok: boolean; value?: unknown; error?: { code: string } }
  return res
}

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  const work = join(dir, 'work')
  execFileSync('mkdir', ['-p', work])
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(work, 'k.pem'),
      '-out',
      join(work, 'c.pem'),
      '-days',
      '90',
      '-subj',
      '/CN=sip.contoso.com',
      '-addext',
      'subjectAltName=DNS:sip.contoso.com,DNS:contoso.com',
      '-addext',
      'extendedKeyUsage=serverAuth',
    ],
    { stdio: 'ignore' },
  )
  await writeFile(join(work, 'pw.txt'), SECRETS.pfxPassword)
  execFileSync('openssl', ['pkcs12', '-export', '-in', join(work, 'c.pem'), '-inkey', join(work, 'k.pem'), '-out', join(work, 'c.pfx'), '-passout', `file:${join(work, 'pw.txt')}`])
  const keyPem = await readFile(join(work, 'k.pem'), 'utf8')
  keyBase64Slice = keyPem.split('\n')[5]!.slice(0, 40)
  log = createFileLogger({ dataDir: dir })
  const services = await createServices({ dataDir: dir, log, shell: 'cli', version: 't', diagnostics: log })
  dispatch = createDispatcher(createHandlers(services), log)
})
afterAll(() => cleanup())

describe('diagnostics log after a full run', () => {
  it('records the routes with timings and contains no secret', async () => {
    const pfx = (await readFile(join(dir, 'work', 'c.pfx'))).toString('base64')
    const pem = (await readFile(join(dir, 'work', 'k.pem'))).toString('base64')
    expect((await call('project.create', { name: 'Secrets run' })).ok).toBe(true)
    expect((await call('certificates.inspect', { name: 'c.pfx', data: pfx, password: SECRETS.wrongPassword })).error?.code).toBe('WRONG_PASSWORD')
    expect((await call('certificates.inspect', { name: 'c.pfx', data: pfx, password: SECRETS.pfxPassword })).ok).toBe(true)
    expect((await call('certificates.inspect', { name: 'k.pem', data: pem })).ok).toBe(true)
    expect((await call('certificates.check', { file: { name: 'c.pfx', data: pfx, password: SECRETS.pfxPassword }, requirements: { sipDomains: ['contoso.com'], xmppDomains: ['contoso.com'], edgeFqdns: ['sip.contoso.com'] } })).ok).toBe(true)
    expect((await call('certificates.storeUnlock', { passphrase: SECRETS.storePassphrase })).ok).toBe(true)
    const imported = await call('certificates.storeImport', { files: [{ name: 'c.pfx', data: pfx, password: SECRETS.pfxPassword }] })
    expect(imported.ok).toBe(true)
    const list = (await call('certificates.storeList', {})) as { value: { entries?: { thumbprint: string }[] } | { thumbprint: string }[] }
    const entries = Array.isArray(list.value) ? list.value : (list.value.entries ?? [])
    expect(entries.length).toBeGreaterThan(0)
    expect((await call('certificates.storeExport', { thumbprint: entries[0]!.thumbprint, to: 'pfx', password: SECRETS.exportPassword })).ok).toBe(true)
    expect((await call('certificates.convert', { file: { name: 'c.pfx', data: pfx, password: SECRETS.pfxPassword }, to: 'pfx', outPassword: SECRETS.exportPassword, profile: 'modern' })).ok).toBe(true)
    expect((await call('certificates.createCsr', { accessEdgeFqdn: 'sip.contoso.com', sans: ['sip.contoso.com', 'contoso.com'], keyPassword: SECRETS.keyPassword, keySize: 2048 })).ok).toBe(true)
    await log.flush()

    const files = await readdir(log.logDir)
    const text = (await Promise.all(files.map((f) => readFile(join(log.logDir, f), 'utf8')))).join('\n')
    // What was done, when, by which route, how long.
    expect(text).toMatch(/"route":"certificates\.storeImport"/)
    expect(text).toMatch(/"ms":\d+/)
    expect(text).toMatch(/"code":"WRONG_PASSWORD"/)
    for (const [name, secret] of Object.entries(SECRETS)) expect(text.includes(secret), name).toBe(false)
    expect(text.includes(keyBase64Slice)).toBe(false)
    // Nor the bytes as they travelled: slices of the base64 the routes received.
    for (const b64 of [pfx, pem]) {
      for (const at of [0, Math.floor(b64.length / 2), b64.length - 48]) expect(text.includes(b64.slice(at, at + 40))).toBe(false)
    }
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/)
    // The project file never holds them either.
    const project = await readFile(join(dir, 'project.json'), 'utf8')
    for (const secret of Object.values(SECRETS)) expect(project.includes(secret)).toBe(false)
  })
})

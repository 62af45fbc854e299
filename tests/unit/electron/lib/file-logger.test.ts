import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import forge from 'node-forge'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileLogger, createFileLogger as createLogger, isSecretKey, redact, redactString, REDACTED, type LogRecord } from '../../../../electron/lib/file-logger'

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xgw-log-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

const fixedClock = () => new Date('2026-11-25T10:00:00.000Z')

async function readLines(path: string): Promise<LogRecord[]> {
  const text = await readFile(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as LogRecord)
}

/** Every log file's text, concatenated: what a support engineer would receive. */
async function allLogText(logDir: string): Promise<string> {
  const names = await readdir(logDir)
  const parts = await Promise.all(names.map((n) => readFile(join(logDir, n), 'utf8')))
  return parts.join('')
}

// Every behaviour twice: the app's asynchronous writes and the command line's synchronous ones.
describe.each([false, true])('createFileLogger (syncWrites: %s)', (syncWrites) => {
  const createFileLogger = (options: Parameters<typeof createLogger>[0]) => createLogger({ ...options, syncWrites })

  it('touches nothing until the first record, then writes JSON lines to <dataDir>/logs/xgw.log', async () => {
    const log = createFileLogger({ dataDir, now: fixedClock })
    expect(log.logDir).toBe(join(dataDir, 'logs'))
    expect(log.filePath).toBe(join(dataDir, 'logs', 'xgw.log'))
    await log.flush()
    expect(await readdir(dataDir)).toEqual([])

    log.info('policy applied', { route: 'policy.apply', ms: 41 })
    log.warn('dns slow', { ms: 2500 })
    log.error('edge unreachable', { host: 'edge.contoso.example', port: 5269 })
    await log.flush()
    expect(await readLines(log.filePath)).toEqual([
      { time: '2026-11-25T10:00:00.000Z', level: 'info', message: 'policy applied', route: 'policy.apply', ms: 41 },
      { time: '2026-11-25T10:00:00.000Z', level: 'warn', message: 'dns slow', ms: 2500 },
      { time: '2026-11-25T10:00:00.000Z', level: 'error', message: 'edge unreachable', host: 'edge.contoso.example', port: 5269 },
    ])
    // time, level and message come first so that the file reads well in Notepad
    const first = (await readFile(log.filePath, 'utf8')).split('\n')[0] ?? ''
    expect(first.startsWith('{"time":"2026-11-25T10:00:00.000Z","level":"info","message":"policy applied"')).toBe(true)
  })

  it('appends to an existing file and counts its size towards rotation', async () => {
    const first = createFileLogger({ dataDir, maxBytes: 300, maxFiles: 3 })
    first.info('x'.repeat(150))
    await first.flush()
    const second = createFileLogger({ dataDir, maxBytes: 300, maxFiles: 3 })
    second.info('y'.repeat(150)) // would make the file > 300 bytes: rotates first
    await second.flush()
    expect((await readLines(join(dataDir, 'logs', 'xgw.1.log'))).map((r) => r.message)).toEqual(['x'.repeat(150)])
    expect((await readLines(second.filePath)).map((r) => r.message)).toEqual(['y'.repeat(150)])
  })

  it('rotates by size into xgw.1.log … and keeps at most maxFiles files, each within maxBytes', async () => {
    const log = createFileLogger({ dataDir, maxBytes: 1000, maxFiles: 3, now: fixedClock })
    for (let i = 0; i < 60; i++) log.info('step done', { i, pad: 'p'.repeat(40) })
    await log.flush()

    const names = (await readdir(log.logDir)).sort()
    expect(names).toEqual(['xgw.1.log', 'xgw.2.log', 'xgw.log'])
    for (const name of names) {
      const text = await readFile(join(log.logDir, name), 'utf8')
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000)
      // rotated files were filled before rotating (lines are ~95 bytes), not one line per file
      if (name !== 'xgw.log') expect(Buffer.byteLength(text)).toBeGreaterThan(900)
    }
    // newest in xgw.log, then .1, then .2; together the newest records in order, none torn
    const ordered = [...(await readLines(join(log.logDir, 'xgw.2.log'))), ...(await readLines(join(log.logDir, 'xgw.1.log'))), ...(await readLines(log.filePath))].map((r) => r.i as number)
    expect(ordered.at(-1)).toBe(59)
    expect(ordered).toEqual(Array.from({ length: ordered.length }, (_, k) => 60 - ordered.length + k))
    expect(ordered.length).toBeLessThan(60) // the oldest were rotated away
  })

  it('serialises many concurrent writers: every record lands once, whole, in order', async () => {
    const log = createFileLogger({ dataDir, maxBytes: 64 * 1024, maxFiles: 20 })
    const writers = Array.from({ length: 20 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 100; i++) {
          log.info('tick', { w, i })
          if (i % 10 === 0) await new Promise((r) => setImmediate(r)) // interleave with rotations in flight
        }
      })(),
    )
    await Promise.all(writers)
    await log.flush()

    const names = await readdir(log.logDir)
    expect(names.length).toBeGreaterThan(1) // rotation happened while writers were active
    const records: LogRecord[] = []
    const byAge = names.sort((a, b) => fileAge(b) - fileAge(a))
    for (const name of byAge) records.push(...(await readLines(join(log.logDir, name))))
    expect(records).toHaveLength(2000)
    for (let w = 0; w < 20; w++) {
      expect(records.filter((r) => r.w === w).map((r) => r.i)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    }
  })

  it('keeps the last errors, redacted, for "Copy diagnostics"', async () => {
    const log = createFileLogger({ dataDir, recentCapacity: 3, now: fixedClock })
    expect(log.recentErrors()).toEqual([])
    log.error('e1')
    log.info('not an error')
    log.error('e2', { password: 'hunter2' })
    log.error('e3')
    log.error('e4')
    expect(log.recentErrors().map((r) => r.message)).toEqual(['e2', 'e3', 'e4'])
    expect(log.recentErrors(2).map((r) => r.message)).toEqual(['e3', 'e4'])
    expect(log.recentErrors(0)).toEqual([])
    expect(log.recentErrors(3)[0]).toEqual({ time: '2026-11-25T10:00:00.000Z', level: 'error', message: 'e2', password: REDACTED })
    // callers get copies: changing one does not change the next report
    const copy = log.recentErrors(1)[0]
    if (!copy) throw new Error('no recent error kept')
    copy.message = 'changed'
    expect(log.recentErrors(1)[0]?.message).toBe('e4')
    await log.flush()
  })

  it('never throws into callers and reports a write failure once on stderr', async () => {
    const blocker = join(dataDir, 'not-a-dir')
    await writeFile(blocker, 'x') // logs/ cannot be created under a file
    const notices: string[] = []
    const log = createFileLogger({ dataDir: blocker, stderr: (t) => notices.push(t) })
    expect(() => {
      log.info('one')
      log.error('two', { a: 1 })
    }).not.toThrow()
    await log.flush()
    log.warn('three')
    await log.flush()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/could not write the diagnostics log/)
    expect(log.recentErrors().map((r) => r.message)).toEqual(['two']) // still available in memory
  })

  it('recreates a logs folder deleted while running, losing nothing', async () => {
    const notices: string[] = []
    const log = createFileLogger({ dataDir, stderr: (t) => notices.push(t) })
    log.info('before')
    await log.flush()
    await rm(log.logDir, { recursive: true })
    log.info('after')
    await log.flush()
    expect((await readLines(log.filePath)).map((r) => r.message)).toEqual(['after'])
    expect(notices).toEqual([])
  })

  it('survives values JSON.stringify would throw on', async () => {
    const log = createFileLogger({ dataDir, now: fixedClock })
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    const err = Object.assign(new Error('boom'), { code: 'E_EDGE' })
    expect(() => log.error('odd values', { cyclic, big: 10n, fn: () => 1, err, when: new Date(0) })).not.toThrow()
    await log.flush()
    const [rec] = await readLines(log.filePath)
    if (!rec) throw new Error('no log line written')
    expect(rec.cyclic).toEqual({ name: 'loop', self: '[circular]' })
    expect(rec.big).toBe('10')
    expect(rec.fn).toBe('[function]')
    expect(rec.err).toMatchObject({ name: 'Error', message: 'boom', code: 'E_EDGE' })
    expect(rec.when).toBe('1970-01-01T00:00:00.000Z')
  })

  it('does not let fields overwrite time, level or message', async () => {
    const log = createFileLogger({ dataDir, now: fixedClock })
    log.info('real', { message: 'fake', level: 'error', time: 'never' })
    await log.flush()
    const [rec] = await readLines(log.filePath)
    expect(rec).toMatchObject({ time: '2026-11-25T10:00:00.000Z', level: 'info', message: 'real', 'field.message': 'fake' })
  })
})

/** 0 for xgw.log, n for xgw.n.log: sorting by descending age gives oldest first. */
function fileAge(name: string): number {
  return name === 'xgw.log' ? 0 : Number(name.split('.')[1])
}

describe('redaction', () => {
  it('matches the secret field names and leaves the rest', () => {
    for (const key of ['password', 'pfxPassword', 'passphrase', 'pass', 'clientSecret', 'client_secret', 'token', 'apiKey', 'key', 'privateKeyPem', 'pfx', 'pem', 'private', 'storePassphrase', 'keys']) {
      expect(isSecretKey(key), key).toBe(true)
    }
    for (const key of ['keyUsage', 'extendedKeyUsage', 'host', 'fingerprint', 'route', 'ms', 'subject', 'keyBits', 'publicKey', 'hasKey', 'keyType', 'monkey', 'passive', 'compass']) {
      expect(isSecretKey(key), key).toBe(false)
    }
  })

  it('removes the value of a secret field from the message of the same record', async () => {
    const log = createFileLogger({ dataDir, now: fixedClock })
    log.error('unlock failed for passphrase Correct-Horse-9', { passphrase: 'Correct-Horse-9', keyBits: 3072 })
    await log.flush()
    const [rec] = await readLines(log.filePath)
    expect(rec).toMatchObject({ message: `unlock failed for passphrase ${REDACTED}`, passphrase: REDACTED, keyBits: 3072 })
  })

  it('keeps harmless fields about keys and removes a secret by value wherever it is echoed', () => {
    const out = redact({ keyBits: 2048, publicKey: { type: 'rsa', bits: 2048 }, hasKey: true, hasPassword: false, password: 'Tr0ub4dor&3', detail: 'openssl said: bad decrypt for Tr0ub4dor&3', list: ['x Tr0ub4dor&3 y'], pin: 'ab' })
    expect(out).toEqual({ keyBits: 2048, publicKey: { type: 'rsa', bits: 2048 }, hasKey: true, hasPassword: false, password: REDACTED, detail: `openssl said: bad decrypt for ${REDACTED}`, list: [`x ${REDACTED} y`], pin: 'ab' })
  })

  it('redacts secret keys at any depth, in arrays too', () => {
    expect(redact({ pool: 'pool01', cert: { subject: 'CN=edge', keyUsage: ['digitalSignature'], pfxPassword: 'x', nested: [{ token: 't' }] } })).toEqual({
      pool: 'pool01',
      cert: { subject: 'CN=edge', keyUsage: ['digitalSignature'], pfxPassword: REDACTED, nested: [{ token: REDACTED }] },
    })
  })

  it('redacts PEM blocks and long base64 wherever they appear, but keeps fingerprints and paths', () => {
    const pem = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----'
    expect(redactString(`imported ${pem} ok`)).toBe(`imported ${REDACTED} ok`)
    expect(redactString('-----BEGIN CERTIFICATE-----\nMIIB truncated')).toBe(REDACTED)
    const b64 = randomBytes(48).toString('base64')
    expect(redactString(`blob=${b64};`)).toBe(`blob=${REDACTED};`)
    expect(redactString(randomBytes(48).toString('base64url'))).toBe(REDACTED)
    // Base64 with slashes and no long stretch between them is still binary, not a path: this one
    // was logged as it was. And 2,000 more, the same every run (SHA-512 of a counter).
    expect(redactString('blob=vMeHtwP5m6/aiV5UA2b5Necz0bsU/Jozi/8WrYXhgybcmKjJvt/Q2EJimwji/kqY;')).toBe(`blob=${REDACTED};`)
    // A token that happens to have no digit (one 32-byte token in about 1,400) is binary too; a long identifier is not.
    expect(redactString('Bearer qfXkZRwLyUbTmaHsPdNcVjEoGiKtBpAzSxuWhYeRnQv_')).toBe(`Bearer ${REDACTED}`)
    expect(redactString('at ValidateExternalAccessPolicyBeforeCommitHandler')).toBe('at ValidateExternalAccessPolicyBeforeCommitHandler')
    for (let i = 0; i < 2000; i++) {
      const bytes = createHash('sha512').update(String(i)).digest().subarray(0, 48)
      for (const enc of ['base64', 'base64url'] as const) expect(redactString(`v=${bytes.toString(enc)}`), `${i} ${enc}`).toBe(`v=${REDACTED}`)
    }

    const fingerprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90'
    expect(redactString(fingerprint)).toBe(fingerprint)
    const path = '/home/Administrator/AppData/Roaming/XMPP Gateway Wizard/projects/contoso2026/certs'
    expect(redactString(path)).toBe(path)
    expect(redactString('C:\\Users\\Administrator\\AppData\\Roaming\\XMPP Gateway Wizard\\logs')).toBe('C:\\Users\\Administrator\\AppData\\Roaming\\XMPP Gateway Wizard\\logs')
    for (const kept of [
      '/srv/xgw/Projects2026/ContosoEdge/certificates/edge01/issued',
      '/home/Administrator/AppData/Local/Programs/xmpp-gateway-wizard/resources/app2',
      'dist-electron/chunks/inspect2/xgw-base/Primitives9/ReadContainer/Facts',
    ])
      expect(redactString(kept), kept).toBe(kept)
    expect(redact({ pfx: new Uint8Array(3000), bytes: Buffer.from('secret') })).toEqual({ pfx: REDACTED, bytes: '[binary 6 bytes]' })
  })
})

describe('secret grep over the written files', () => {
  it('writes none of the secrets used in a realistic run, whatever the field or message', async () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 512, workers: -1 })
    const cert = forge.pki.createCertificate()
    cert.publicKey = keys.publicKey
    cert.serialNumber = '01'
    cert.validity.notBefore = new Date('2026-01-01')
    cert.validity.notAfter = new Date('2027-01-01')
    cert.setSubject([{ name: 'commonName', value: 'edge.contoso.example' }])
    cert.setIssuer([{ name: 'commonName', value: 'edge.contoso.example' }])
    cert.sign(keys.privateKey)
    const pfxPassword = 'Pfx-Pa55-7f3e9c'
    const privatePem = forge.pki.privateKeyToPem(keys.privateKey)
    const encryptedPem = forge.pki.encryptRsaPrivateKey(keys.privateKey, 'Key-Passphrase-91ab')
    const pfxDer = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, cert, pfxPassword, { algorithm: '3des' })).getBytes()
    const pfxBase64 = forge.util.encode64(pfxDer)
    const pfxBytes = Buffer.from(pfxDer, 'binary')
    const apiToken = randomBytes(32).toString('base64url')

    const log = createFileLogger({ dataDir, maxBytes: 4096, maxFiles: 10 })
    log.info('certificate imported', { route: 'certificates.import', pfx: pfxBytes, password: pfxPassword, fingerprint: 'AB12CD34' })
    log.info('key stored', { privateKeyPem: privatePem, passphrase: 'Key-Passphrase-91ab', file: 'edge.key.pem' })
    log.warn(`import retried with ${encryptedPem}`) // a secret in the message itself
    log.error('export failed', { input: { pfxBase64Data: pfxBase64, options: { exportPassword: pfxPassword } }, detail: pfxBase64 })
    log.info('live check', { auth: { token: apiToken }, header: `Bearer ${apiToken}`, keyUsage: ['keyEncipherment'] })
    log.error('unexpected', { err: new Error(`parse failed near ${privatePem.split('\n')[1]}${privatePem.split('\n')[2]}`) })
    await log.flush()

    const text = await allLogText(log.logDir)
    expect(text).toContain('certificates.import') // the log is not simply empty
    expect(text).toContain('keyEncipherment')
    const secrets = [
      pfxPassword,
      'Key-Passphrase-91ab',
      apiToken,
      ...privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
      ...encryptedPem.split('\n').filter((l) => l.length > 20 && !l.includes(':') && !l.startsWith('-----')),
      pfxBase64.slice(0, 40),
      pfxBase64.slice(-40),
      'BEGIN RSA PRIVATE KEY',
      'BEGIN ENCRYPTED',
    ]
    for (const secret of secrets) expect(text.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false)
    // raw PFX bytes would show up as latin1 or \u escapes in JSON
    expect(text).not.toContain(JSON.stringify(pfxDer.slice(0, 16)).slice(1, -1))
  })
})

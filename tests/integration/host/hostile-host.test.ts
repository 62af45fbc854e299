/**
 * The hostile-file classes against the real browser host over HTTP (the built
 * dist-electron/browser-host.js with its worker): each request ends with a coded error within
 * the job budget while /healthz keeps answering and a small, ordinary inspect is answered
 * alongside. Skipped only when the bundles are not built (npm test builds them first).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ecKey33ByteScalar, noMacPfxRepeatedKeyBags, pemHeaderSpam, rsaKey, sameSubjectBundle } from '../../helpers/hostile-files'
import { startHostProcess, type HostProcess } from '../../helpers/host-process'
import { TestPki } from '../../helpers/openssl'

const built = existsSync(fileURLToPath(new URL('../../../dist-electron/browser-host.js', import.meta.url)))
/** The per-job budget the host runs with in this test (the default is 30 s). */
const BUDGET_MS = 10_000

describe.skipIf(!built)('hostile files against the real host', () => {
  let dataDir: string
  let host: HostProcess
  let pki: TestPki
  let small: string
  const healthz: number[] = []
  let polling = true
  let poller: Promise<void>
  const files = new Map<string, { data: string; password?: string }>()

  beforeAll(async () => {
    // Made before polling starts: generating them blocks this (the test's) thread, not the host's.
    for (const [label, make] of cases) files.set(label, make())
    dataDir = await mkdtemp(join(tmpdir(), 'xgw-hostile-'))
    host = await startHostProcess(dataDir, { XGW_JOB_TIMEOUT_MS: String(BUDGET_MS) })
    pki = new TestPki()
    small = Buffer.from(pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] }).certPem).toString('base64')
    // /healthz polled all along, every 5 ms: every answer's latency is kept, and the hostile files,
    // most of them refused within a few hundred milliseconds, still see enough answers to judge.
    poller = (async () => {
      while (polling) {
        const t0 = performance.now()
        const res = await fetch(`${host.origin}/healthz`)
        await res.text()
        healthz.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
  }, 60_000)

  afterAll(async () => {
    polling = false
    await poller
    await host?.stop()
    pki?.cleanup()
    await rm(dataDir, { recursive: true, force: true })
    const sorted = [...healthz].sort((a, b) => a - b)
    console.log(
      `/healthz: ${sorted.length} answers while hostile files ran; median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
    )
  })

  const cases: [string, () => { data: string; password?: string }, readonly string[]][] = [
    ['122-byte P-256 key, 33-byte private value', () => ({ data: ecKey33ByteScalar().toString('base64') }), ['UNSUPPORTED_KEY']],
    ['RSA key with a 300 KB public exponent', () => ({ data: Buffer.from(rsaKey(2048, 300 * 1024 * 8)).toString('base64') }), ['UNSUPPORTED_KEY']],
    ['39,464-bit RSA key', () => ({ data: Buffer.from(rsaKey(39_464, 17)).toString('base64') }), ['UNSUPPORTED_KEY']],
    ['PEM header spam (50,000 header lines)', () => ({ data: Buffer.from(pemHeaderSpam(50_000)).toString('base64') }), ['TOO_LARGE']],
    // Every decryption succeeds, so only the work budget (or the time budget on a slow machine) stops it.
    ['no-MAC PFX, 40 key bags at the iteration cap', () => ({ data: noMacPfxRepeatedKeyBags(40, 2_000_000, 'x').toString('base64'), password: 'x' }), ['TOO_LARGE', 'TIMEOUT']],
    // Chain building over 500 candidates is issue 10's (chain.ts); until it is linear this ends at the time budget.
    ['500 certificates sharing one subject', () => ({ data: Buffer.from(sameSubjectBundle(500)).toString('base64') }), ['ok', 'TIMEOUT']],
  ]

  for (const [label, , codes] of cases) {
    it(`${label}: ${codes.join(' or ')} within the budget, host responsive`, async () => {
      const file = files.get(label)!
      const before = healthz.length
      const t0 = performance.now()
      const hostile = host.rpc('certificates.inspect', file).then((r) => ({ r, ms: performance.now() - t0 }))
      await new Promise((r) => setTimeout(r, 50))
      const s0 = performance.now()
      const ordinary = await host.rpc('certificates.inspect', { data: small })
      const smallMs = performance.now() - s0
      const { r, ms } = await hostile
      const code = r.ok ? 'ok' : r.error!.code
      console.log(`${label}: ${code} after ${Math.round(ms)} ms; a small inspect meanwhile took ${Math.round(smallMs)} ms; /healthz answered ${healthz.length - before} times`)
      expect(codes).toContain(code)
      expect(ms).toBeLessThan(BUDGET_MS + 3000)
      expect(ordinary.ok).toBe(true)
      expect(smallMs).toBeLessThan(5000)
      expect(host.child.exitCode).toBeNull()
    }, 60_000)
  }

  it('a store import of the 33-byte key is refused per file (UNSUPPORTED_KEY) and the host lives on', async () => {
    await host.rpc('certificates.storeUnlock', { passphrase: 'correct horse battery' })
    const r = await host.rpc('certificates.storeImport', { files: [{ name: 'k.der', data: ecKey33ByteScalar().toString('base64') }] })
    expect(r.ok).toBe(true)
    expect(r.value.errors).toEqual([{ name: 'k.der', error: expect.objectContaining({ code: 'UNSUPPORTED_KEY' }) }])
    expect((await fetch(`${host.origin}/healthz`)).status).toBe(200)
  }, 30_000)

  it('/healthz answered throughout: median and 95th percentile under 100 ms', () => {
    const sorted = [...healthz].sort((a, b) => a - b)
    expect(sorted.length).toBeGreaterThan(50)
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(100)
    expect(sorted[Math.floor(sorted.length * 0.95)]!).toBeLessThan(100)
    // No answer waited for a job (the PFX alone runs 10 s). The slowest ones coincide with the
    // main thread decoding a multi-megabyte request body (JSON, base64), which is not yet moved off it.
    expect(sorted.at(-1)!).toBeLessThan(1000)
  })
})

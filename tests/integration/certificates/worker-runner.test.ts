/**
 * The worker_threads runner against the BUILT worker, dist-electron/crypto-worker.js. This test
 * builds nothing: `npm test` builds first, so in CI the file exists; when it does not (a bare
 * `vitest run` in a fresh clone) the suite is skipped, and only then.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createInProcessRunner, createWorkerRunner, type CryptoRunner } from '../../../electron/services/certificates'
import { AppError, ErrorCode } from '../../../shared/errors'
import { TestPki } from '../../helpers/openssl'
import { describeWhen } from '../../helpers/skip'

const workerUrl = new URL('../../../dist-electron/crypto-worker.js', import.meta.url)
const built = existsSync(fileURLToPath(workerUrl))

describeWhen(built, 'dist-electron/crypto-worker.js is not built (npm test builds it first)', 'worker runner (dist-electron/crypto-worker.js)', () => {
  let pki: TestPki
  let runner: CryptoRunner
  beforeAll(() => {
    pki = new TestPki()
    pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
    runner = createWorkerRunner(workerUrl)
  })
  afterAll(async () => {
    await runner?.close()
    pki?.cleanup()
  })

  it('reads a PFX off the main thread with the same result as in-process, and keeps the event loop free', async () => {
    const pfx = pki.pfx('big.pfx', { name: 'leaf', certPem: '', keyPem: '', certFile: pki.path('leaf.pem'), keyFile: pki.path('leaf.key') }, 'pw', [
      '-keypbe',
      'PBE-SHA1-3DES',
      '-certpbe',
      'PBE-SHA1-3DES',
      '-macalg',
      'sha1',
      '-iter',
      '200000',
      '-maciter',
    ])
    let ticks = 0
    const timer = setInterval(() => ticks++, 10)
    const t0 = Date.now()
    const viaWorker = await runner.read(pfx, 'pw')
    const elapsed = Date.now() - t0
    clearInterval(timer)
    const inProcess = await createInProcessRunner().read(pfx, 'pw')
    expect(viaWorker).toEqual(inProcess)
    expect(Buffer.isBuffer(viaWorker.certificates[0])).toBe(true)
    // The main thread kept ticking while the worker derived keys.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 10 / 3))
  })

  it('coded errors cross the thread boundary; readMany keeps per-file errors', async () => {
    await expect(runner.read(pki.read('big.pfx'), 'wrong')).rejects.toMatchObject({ code: ErrorCode.WrongPassword })
    await expect(runner.read(Buffer.from('nope'))).rejects.toBeInstanceOf(AppError)
    const items = await runner.readMany([
      { name: 'a.pem', bytes: pki.read('leaf.pem') },
      { name: 'b.bin', bytes: Buffer.from('nope') },
    ])
    expect(items.map((i) => i.ok)).toEqual([true, false])
    expect(items[1]).toMatchObject({ ok: false, error: { code: ErrorCode.Malformed } })
  })

  it('a job over its time budget ends with TIMEOUT, its worker is replaced, and a small job passes a large one meanwhile', async () => {
    const slowPfx = pki.pfx('slow.pfx', { name: 'leaf', certPem: '', keyPem: '', certFile: pki.path('leaf.pem'), keyFile: pki.path('leaf.key') }, 'pw', [
      '-keypbe',
      'PBE-SHA1-3DES',
      '-certpbe',
      'PBE-SHA1-3DES',
      '-macalg',
      'sha1',
      '-iter',
      '1500000',
      '-maciter',
    ])
    const short = createWorkerRunner(workerUrl, { timeoutMs: 1500 })
    try {
      const t0 = Date.now()
      // Twelve copies in one job: at least 50 million SHA-1 rounds, several seconds even at OpenSSL's speed
      // on a fast machine, so it cannot finish inside the budget (one copy alone sometimes did on CI).
      // Weighed as large: only one worker may run it, so the small read below gets the other one.
      const files = Array.from({ length: 12 }, (_, i) => ({ name: `slow-${i}.pfx`, bytes: slowPfx, password: 'pw' }))
      const slow = short.run('readMany', { files }, 'large').then(
        () => 'ok',
        (e: AppError) => e.code,
      )
      const smallStart = Date.now()
      const quick = await short.read(pki.read('leaf.pem'))
      const smallMs = Date.now() - smallStart
      expect(quick.certificates).toHaveLength(1)
      expect(await slow).toBe(ErrorCode.Timeout)
      const slowMs = Date.now() - t0
      console.log(`TIMEOUT after ${slowMs} ms (budget 1500 ms); a small read meanwhile took ${smallMs} ms`)
      expect(slowMs).toBeLessThan(1500 + 2000)
      expect(smallMs).toBeLessThan(1500)
      // The stuck worker was terminated and replaced: the runner still works.
      expect((await short.read(pki.read('leaf.pem'))).certificates).toHaveLength(1)
    } finally {
      await short.close()
    }
  }, 60_000)
})

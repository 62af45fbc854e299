/**
 * The export of a large project runs on the worker thread in the shells (issue 12: "the main thread
 * never blocked > 100 ms on any route"). Against the BUILT worker (npm test builds it first).
 */
import { existsSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { silentLogger } from '../../../electron/lib/logger'
import { createWorkerRunner, type CryptoRunner } from '../../../electron/services/certificates'
import { createExportService } from '../../../electron/services/export/export-service'
import { buildExportBundle } from '../../../shared/export/export-bundle'
import { projectWithPartners } from '../../helpers/many-partners'
import { describeWhen } from '../../helpers/skip'

const workerUrl = new URL('../../../dist-electron/crypto-worker.js', import.meta.url)
const built = existsSync(fileURLToPath(workerUrl))
const NOW = new Date(Date.UTC(2026, 0, 15, 9, 30, 0))

describeWhen(built, 'dist-electron/crypto-worker.js is not built (npm test builds it first)', 'export preview on the worker thread', () => {
  let runner: CryptoRunner
  beforeAll(() => {
    runner = createWorkerRunner(workerUrl)
  })
  afterAll(async () => {
    await runner?.close()
  })

  it('5,000 partners: the same files as in process, with the main thread free meanwhile', async () => {
    const project = projectWithPartners(5000)
    const svc = createExportService({
      now: () => NOW,
      log: silentLogger,
      appVersion: 'test',
      chooseExportFolder: async () => null,
      build: (p, options) => runner.run('exportBundle', { project: p, options }),
    })
    await svc.preview({ projectData: projectWithPartners(1), sanNames: null, existing: null }) // start the worker
    // The same build on this thread, timed: what the preview held the main thread for before.
    const b0 = performance.now()
    const inProcess = buildExportBundle(project, { generatedAt: NOW.toISOString(), appVersion: 'test', sanNames: null, existing: null })
    const inProcessMs = performance.now() - b0

    const h = monitorEventLoopDelay({ resolution: 1 })
    h.enable()
    const t0 = performance.now()
    const viaWorker = await svc.preview({ projectData: project, sanNames: null, existing: null })
    const ms = performance.now() - t0
    h.disable()
    const maxMs = h.max / 1e6
    console.log(`preview of 5,000 partners on the worker: ${Math.round(ms)} ms; longest main-thread delay meanwhile ${maxMs.toFixed(1)} ms (the build in process: ${Math.round(inProcessMs)} ms)`)

    expect(viaWorker.files.map((f) => [f.fileName, f.content])).toEqual(inProcess.files.map((f) => [f.fileName, f.content]))
    expect(viaWorker.findings).toEqual(inProcess.findings)
    expect(viaWorker.changes).toHaveLength(inProcess.changes.length)
    // The build itself ran elsewhere: what is left on this thread is receiving the 9 MB of text
    // (6-42 ms here). Under 100 ms, or on a machine so loaded that the build alone takes over
    // 300 ms, under a third of it: either way far less than building here would block.
    expect(maxMs).toBeLessThan(Math.max(100, inProcessMs / 3))
  }, 60_000)
})

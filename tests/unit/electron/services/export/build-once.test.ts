/**
 * `xgw script` previews and then writes: the bundle is built once for both (issue 12), rebuilt
 * for a changed input or after a few seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as bundleModule from '../../../../../shared/export/export-bundle'
import { createExportService } from '../../../../../electron/services/export/export-service'
import { silentLogger } from '../../../../../electron/lib/logger'
import { smallProject } from '../../../../helpers/sample-projects'

vi.mock('../../../../../shared/export/export-bundle', async (original) => {
  const m = await original<typeof import('../../../../../shared/export/export-bundle')>()
  return { ...m, buildExportBundle: vi.fn(m.buildExportBundle) }
})

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xgw-build-once-'))
})
afterEach(async () => {
  vi.mocked(bundleModule.buildExportBundle).mockClear()
  await rm(dir, { recursive: true, force: true })
})

describe('export bundle built once per preview + write', () => {
  it('reuses the preview for the write of the same input, rebuilds when it changes or has aged', async () => {
    let t = Date.UTC(2025, 0, 15, 9, 30, 0)
    const svc = createExportService({ now: () => new Date(t), log: silentLogger, appVersion: 't', chooseExportFolder: async () => dir })
    const input = { projectData: smallProject(), sanNames: null, existing: null }
    const built = vi.mocked(bundleModule.buildExportBundle)
    await svc.preview(input)
    t += 1000
    await svc.write({ ...input, outDir: dir })
    expect(built).toHaveBeenCalledTimes(1)

    const changed = smallProject()
    changed.partners.partners[0]!.description = 'changed'
    await svc.preview({ ...input, projectData: changed })
    expect(built).toHaveBeenCalledTimes(2)

    t += 10_000
    await svc.preview({ ...input, projectData: changed })
    expect(built).toHaveBeenCalledTimes(3)
  })
})

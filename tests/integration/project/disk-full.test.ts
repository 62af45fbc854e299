import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProjectStore } from '../../../electron/services/project/project-store'
import { createProjectService } from '../../../electron/services/project/project-service'
import { ProjectData, emptyProjectData } from '../../../shared/domain/model/project'
import { memoryLogger } from '../../helpers/memory-logger'

/**
 * A real full disk: a 512 KiB tmpfs mounted for the test (needs root, as in CI). The disk is
 * filled with a real file until the kernel answers ENOSPC; then a save must fail with a coded
 * error that says nothing changed, and project.json and project.json.bak must be intact.
 */
let mnt = ''
let mounted = false

beforeAll(async () => {
  mnt = await mkdtemp(join(tmpdir(), 'xgw-tmpfs-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'tmpfs', mnt], { stdio: 'pipe' })
    mounted = true
  } catch (e) {
    console.log(`tmpfs mount not permitted here (${(e as Error).message.split('\n')[0]}); the disk-full test cannot run`)
  }
})
afterAll(async () => {
  if (mounted) execFileSync('umount', [mnt])
  await rm(mnt, { recursive: true, force: true })
})

async function fillDisk(dir: string, leave = 0): Promise<string> {
  const filler = join(dir, 'filler.bin')
  const h = await open(filler, 'w')
  const chunk = Buffer.alloc(4096, 7)
  try {
    for (;;) await h.write(chunk)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
  }
  // Small writes may still fit in the last partial page: fill byte-wise to the end.
  try {
    for (;;) await h.write(Buffer.alloc(1))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
  } finally {
    await h.close()
  }
  if (leave) {
    const { truncate, stat } = await import('node:fs/promises')
    await truncate(filler, (await stat(filler)).size - leave)
  }
  return filler
}

describe('project.json on a full disk', () => {
  it('a save that cannot be written fails with STORE_IO saying nothing changed; project.json and its backup survive byte for byte', async (ctx) => {
    if (!mounted) return ctx.skip()
    const file = join(mnt, 'project.json')
    const now = () => new Date()
    const store = createProjectStore({ file, now, log: memoryLogger() })
    const { notice } = await store.open()
    const svc = createProjectService({ store, now, log: memoryLogger(), startupNotice: notice })
    const a = await svc.create({ name: 'Alpha' })
    await svc.create({ name: 'Beta' })
    const before = await readFile(file, 'utf8')
    const bak = await readFile(`${file}.bak`, 'utf8')
    expect(JSON.parse(bak).projects.map((p: { name: string }) => p.name)).toEqual(['Alpha'])

    const big = ProjectData.parse({ ...emptyProjectData(), partners: { partners: Array.from({ length: 150 }, (_, i) => ({ domain: `partner-${i}.example`, description: 'Partner federation note. '.repeat(8) })) } })
    // Completely full (even the lock cannot be written), then 8 KiB free (the lock fits, the new file does not).
    let filler = ''
    for (const leave of [0, 8192]) {
      if (filler) await rm(filler)
      filler = await fillDisk(mnt, leave)
      const err = await svc.save({ id: a.id, data: big }).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err, `with ${leave} bytes free`).toMatchObject({ code: 'STORE_IO', details: { errno: 'ENOSPC' } })
      expect((err as Error).message).toMatch(/Nothing was changed on disk: project\.json and its backup are as they were/)
      expect(await readFile(file, 'utf8')).toBe(before)
      expect(await readFile(`${file}.bak`, 'utf8')).toBe(bak)
      expect((await readdir(mnt)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([])
    }

    // A fresh process sees the last good state; with space again the same save goes through.
    const reopened = createProjectStore({ file, now, log: memoryLogger() })
    expect((await reopened.open()).notice).toBeNull()
    expect((await reopened.read()).projects.map((p) => p.name)).toEqual(['Alpha', 'Beta'])
    await rm(filler)
    await svc.save({ id: a.id, data: big })
    expect(JSON.parse(await readFile(file, 'utf8')).projects[0].data.partners.partners).toHaveLength(150)
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(before)
    await writeFile(join(mnt, 'ok'), 'done')
  })
})
